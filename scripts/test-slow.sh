#!/usr/bin/env bash
# The slow tier: a relay chain + parachain network spawned by zombienet-sdk. Needs the
# relay-chain binaries (zombienet/README.md); skips with a message without them.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh
# Built as the test tier builds it (same features), so the two share one build.
cargo test --locked "${TEST_PACKAGES[@]}" --no-run
export STACKTICAL_NODE="$CARGO_TARGET_DIR/debug/stacktical-node"
cargo test --locked -p stacktical-zombienet -- --nocapture

#!/usr/bin/env bash
# The slow tier: relay chain + parachain networks spawned by zombienet-sdk (block production
# and a transfer; every relay validator probed over p2p with nothing registered, one stopped,
# resumed and killed; a `stacktical bench` sweep over 3 relay-chain sizes; one SLI query and its answer
# over HRMP between Stacktical and a consumer parachain) and the runtime on the omni-node.
# Builds what they need first (scripts/relay-binaries.sh: the relay-chain node and its
# workers, polkadot-omni-node, the rococo-local spec; ~25 min the first time).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh
# Built as the test tier builds it (same features), so the two share one build.
cargo test --locked "${TEST_PACKAGES[@]}" --no-run
scripts/relay-binaries.sh
# The consumer parachain's wasm, for the HRMP round trip (`check`: its build script builds the
# wasm in full; the native crate is only type-checked).
cargo check --locked -p stacktical-consumer-runtime
export CONSUMER_RUNTIME_WASM="$CARGO_TARGET_DIR/debug/wbuild/stacktical-consumer-runtime/stacktical_consumer_runtime.wasm"
export STACKTICAL_NODE="$CARGO_TARGET_DIR/debug/stacktical-node"
# `stacktical bench --zombienet` needs the CLI with its zombienet feature; built apart so the
# test tier's build keeps its features.
CARGO_TARGET_DIR="$CARGO_TARGET_DIR/zombienet-cli" cargo build --locked -p stacktical --features zombienet
export STACKTICAL_CLI="$CARGO_TARGET_DIR/zombienet-cli/debug/stacktical"
export PATH="$CARGO_TARGET_DIR/debug:$PATH"
# One network at a time: a 2-core machine runs one relay chain and parachain well, not two.
cargo test --locked -p stacktical-zombienet -- --nocapture --test-threads=1

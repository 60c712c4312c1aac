#!/usr/bin/env bash
# The test tier: what CI runs (`.ci/run`) and what a developer runs before pushing.
# The USL engine and CLI, the runtime (genesis presets, transfers, XCM barrier), the committed
# chain specs, and the node end to end (`--dev` chain, signed transfer, clean shutdown).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh
cargo fmt --all -- --check
# One invocation, so that features unify and everything is built once.
cargo test --locked "${TEST_PACKAGES[@]}"
# The pure maths crates must build without std for the runtime's wasm target.
cargo build --locked -p stacktical-usl --no-default-features --target wasm32v1-none
cargo build --locked -p stacktical-sli --no-default-features --features codec --target wasm32v1-none

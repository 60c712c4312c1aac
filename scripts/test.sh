#!/usr/bin/env bash
# The test tier: what CI runs (`.ci/run`) and what a developer runs before pushing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh
cargo fmt --all -- --check
cargo test --locked -p stacktical-usl -p stacktical
# The USL engine must build without std for the runtime's wasm target.
cargo build --locked -p stacktical-usl --no-default-features --target wasm32v1-none

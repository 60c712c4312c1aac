#!/usr/bin/env bash
# The test tier: what CI runs (`.ci/run`) and what a developer runs before pushing.
# Formatting; the USL engine and CLI, the SLI arithmetic, the pallets (every unit test ends
# with the pallet's `try_state` invariants), the runtime (genesis presets, transfers, XCM
# barrier), the committed chain specs, and the node end to end (`--dev` chain, campaigns
# fitted by the collator, monitoring, `stacktical bench`/`publish`); SLIs over XCM in an
# emulated network of real runtimes; every pallet's
# benchmarks run once as tests; clippy with warnings as errors; the no_std builds; and the web
# UI: its type check and build, unit tests, and browser tests in Debian's Chromium against the
# dev node just built (`node --test` prints the closing pass/fail counts).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh
cargo fmt --all -- --check
# One invocation, so that features unify and everything is built once.
cargo test --locked "${TEST_PACKAGES[@]}"
# SLIs over XCM between real runtimes in an emulated network (xcm-emulator: a relay chain,
# Stacktical, two consumer parachains). The runtimes run natively, so no wasm is built; a
# native relay runtime brings features of its own, so it builds in a directory of its own
# (~8 min cold on 2 cores).
emulated() { CARGO_TARGET_DIR="$CARGO_TARGET_DIR/emulated" SKIP_WASM_BUILD=1 cargo "$@"; }
emulated test --locked -p stacktical-emulated-tests
emulated clippy --locked -p stacktical-emulated-tests -p stacktical-consumer-runtime --all-targets -- -D warnings
# Every benchmark of every pallet, run once against the pallet's mock runtime (the pallets
# alone with their `runtime-benchmarks` feature: the node and runtime keep their build).
cargo test --locked "${BENCHMARK_PACKAGES[@]}" --features runtime-benchmarks --lib -- benchmarking
# Lints, as errors, on everything the test tier builds (tests and benches included).
cargo clippy --locked "${TEST_PACKAGES[@]}" --all-targets -- -D warnings
# The pure maths crates must build without std for the runtime's wasm target.
cargo build --locked -p stacktical-usl --no-default-features --target wasm32v1-none
cargo build --locked -p stacktical-sli --no-default-features --features codec --target wasm32v1-none
cargo build --locked -p stacktical-sla-math --no-default-features --features codec --target wasm32v1-none
cargo build --locked -p stacktical-dht-record --no-default-features --target wasm32v1-none
cargo build --locked -p stacktical-sli-xcm --no-default-features --target wasm32v1-none
# The web UI, against the node built above.
scripts/ui-build.sh
(cd ui && npm test)

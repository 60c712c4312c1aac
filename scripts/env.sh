# Sourced by the other scripts: one warm build directory outside the checkout, shared by
# every build, test and CI run on this machine.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/stacktical/target}"
WASM_BUILD_WORKSPACE_HINT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export WASM_BUILD_WORKSPACE_HINT
# The runtime's wasm must not depend on where the checkout or the cargo registry is, so that
# every clone builds the same blob (and the committed chain specs stay valid).
export WASM_BUILD_RUSTFLAGS="--remap-path-prefix=$WASM_BUILD_WORKSPACE_HINT=/stacktical --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo"
# The crates of the test tier. Every build goes through this one set (as `cargo test`), so that
# cargo unifies features the same way each time and never rebuilds the node for another set.
TEST_PACKAGES=(-p stacktical-usl -p stacktical-sli -p stacktical-sli-xcm -p stacktical-dht-record -p stacktical-sla-math -p stacktical -p pallet-scalability
	-p pallet-scalability-rpc -p pallet-monitoring -p pallet-monitoring-rpc -p stacktical-rpc-support
	-p pallet-sla -p pallet-sla-rpc -p pallet-sla-runtime-api -p pallet-compensation -p pallet-sli-xcm -p pallet-sli-consumer
	-p stacktical-pallet-test-utils -p stacktical-runtime
	-p stacktical-prober -p stacktical-node)
# The pallets whose benchmarks run as tests (`--features runtime-benchmarks`).
BENCHMARK_PACKAGES=(-p pallet-scalability -p pallet-monitoring -p pallet-sla -p pallet-compensation -p pallet-sli-xcm)

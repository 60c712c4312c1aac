#!/usr/bin/env bash
# Regenerates the weights of this project's pallets: builds the runtime with its benchmarks
# (`--features runtime-benchmarks`, in its own target directory so that it never replaces the
# test tier's runtime), then runs them with `stacktical-node benchmark pallet` and writes
# `pallets/<name>/src/weights.rs` from `scripts/benchmarks/pallet-weight-template.hbs`, and the
# weights of upstream pallets this runtime benchmarks (`pallet_xcm`) to
# `runtime/src/weights/<pallet>.rs` from `scripts/benchmarks/runtime-weight-template.hbs`.
#
#   scripts/benchmark.sh                      # every pallet of this project
#   scripts/benchmark.sh pallet_monitoring    # one pallet
#
# Run it on the reference machine (the one the weights are meant for), nothing else busy.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh

if [ $# -eq 0 ]; then
	pallets=(pallet_scalability pallet_monitoring pallet_sla pallet_compensation pallet_sli_xcm pallet_xcm)
else
	pallets=("$@")
fi
bench_target="${BENCH_TARGET_DIR:-$HOME/.cache/stacktical/target-bench}"

CARGO_TARGET_DIR="$bench_target" cargo build --locked -p stacktical-runtime --features runtime-benchmarks
# The wasm cargo built last (the copy the wasm builder leaves one level up can lag behind).
wasm="$bench_target/debug/wbuild/stacktical-runtime/target/wasm32v1-none/release/stacktical_runtime.wasm"
# The node needs no special build to run a benchmarking runtime given with --runtime.
cargo test --locked "${TEST_PACKAGES[@]}" --no-run
node="$CARGO_TARGET_DIR/debug/stacktical-node"

for pallet in "${pallets[@]}"; do
	# pallet_sli_xcm lives in pallets/sli-xcm; upstream pallets' weights live in the runtime.
	name="${pallet#pallet_}"
	dir="pallets/${name//_/-}"
	if [ -d "$dir" ]; then
		template=scripts/benchmarks/pallet-weight-template.hbs
		output="$dir/src/weights.rs"
	else
		template=scripts/benchmarks/runtime-weight-template.hbs
		output="runtime/src/weights/$pallet.rs"
	fi
	"$node" benchmark pallet \
		--runtime "$wasm" \
		--genesis-builder-policy none \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "${STEPS:-50}" \
		--repeat "${REPEAT:-20}" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template "$template" \
		--output "$output"
	echo "wrote $output"
done

#!/usr/bin/env bash
# Sets up the machine, builds the `stacktical` tool and fits the Universal Scalability Law
# to the SPEC SDM91 reference data: prints the prediction and writes the scalability chart.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh
cargo build --locked --release -p stacktical
out="${1:-target-demo}"
mkdir -p "$out"
"$CARGO_TARGET_DIR/release/stacktical" fit \
	--input crates/usl/tests/data/specsdm91.csv \
	--predict 50,100,200 \
	--chart "$out/scalability.svg"
echo
echo "chart: $out/scalability.svg"

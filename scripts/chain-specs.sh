#!/usr/bin/env bash
# Regenerates what is committed from the runtime: the chain specs in chain-specs/ from its
# genesis presets, and the web UI's metadata (ui/.papi/metadata/stacktical.scale, from which
# `npm ci` generates the UI's typed API). Run it after any change to the runtime; tests
# (node/tests/chain_specs.rs, the UI's metadata test) fail while either is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
# Built as the test tier builds it (same features), so this reuses its binary.
cargo test --locked "${TEST_PACKAGES[@]}" --no-run
node="$CARGO_TARGET_DIR/debug/stacktical-node"
for chain in dev local; do
	"$node" build-spec --chain "$chain" --disable-default-bootnode > "chain-specs/stacktical-$chain.json" 2>/dev/null
	echo "wrote chain-specs/stacktical-$chain.json"
done
[ -x ui/node_modules/.bin/papi ] || (cd ui && npm ci --no-audit --no-fund --ignore-scripts > /dev/null)
# The metadata, from a dev node; then the UI's typed API is generated from it.
(cd ui && npm run --silent metadata > /dev/null)
echo "wrote ui/.papi/metadata/stacktical.scale"

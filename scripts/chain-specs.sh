#!/usr/bin/env bash
# Regenerates the committed chain specs in chain-specs/ from the runtime's genesis presets.
# Run it after any change to the runtime; a test (node/tests/chain_specs.rs) fails while the
# committed specs are stale.
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

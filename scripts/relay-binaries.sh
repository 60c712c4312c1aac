#!/usr/bin/env bash
# Builds what the slow tier's relay chain needs, from crates.io, into the shared build directory:
#   - `polkadot`, `polkadot-prepare-worker`, `polkadot-execute-worker` (relay-chain node and its
#     PVF workers), `polkadot-omni-node` and `chain-spec-builder` (zombienet/upstream-nodes);
#   - the rococo-runtime wasm (zombienet/relay-runtime; fast-runtime, 1-minute epochs);
#   - the `rococo-local` relay chain spec made from it: zombienet/rococo-local.json.
# No native relay runtime is compiled (`rococo-native` stays off): the relay node loads the spec.
# About 25 min on 2 cores when the test tier's build is warm; a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
cargo build --locked -p stacktical-upstream-nodes
# `check` is enough: rococo-runtime's build script compiles the wasm in full, the native
# runtime (never run) is only type-checked.
cargo check --locked -p stacktical-relay-runtime
wasm="$CARGO_TARGET_DIR/debug/wbuild/rococo-runtime/rococo_runtime.wasm"
spec=zombienet/rococo-local.json
if [ ! -s "$spec" ] || [ "$wasm" -nt "$spec" ]; then
	"$CARGO_TARGET_DIR/debug/chain-spec-builder" -c "$spec" create \
		-n "Rococo Local Testnet" -i rococo_local_testnet -t local -r "$wasm" \
		named-preset local_testnet
	echo "wrote $spec"
fi
echo "relay binaries in $CARGO_TARGET_DIR/debug (put it on PATH), relay chain spec in $spec"

#!/usr/bin/env bash
# Sets up the machine, builds the Stacktical node and starts a development chain: no relay
# chain needed, a block every 3 s, Alice funded and sudo, RPC on ws://127.0.0.1:9944.
# Extra arguments go to the node (e.g. --instant-seal, --dev-block-time 1000, --chain benchmark).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh
# Built as the test tier builds it (same features), so the two share one build.
cargo test --locked "${TEST_PACKAGES[@]}" --no-run
cat <<MSG

  Stacktical dev chain starting.
  RPC:      ws://127.0.0.1:9944   (and http://127.0.0.1:9944)
  Explorer: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944
  Accounts: //Alice … //Ferdie funded; Alice is sudo. Stop with Ctrl-C.
  Monitoring: the collator probes Alice's validator at this node's own /health every
  5 blocks. Its uptime and latency over the last day:
    curl -s -H 'Content-Type: application/json' http://127.0.0.1:9944 \
      -d '{"id":1,"jsonrpc":"2.0","method":"sli_validator","params":["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"]}'

MSG
exec "$CARGO_TARGET_DIR/debug/stacktical-node" --dev --tmp --rpc-port 9944 --rpc-cors all \
	--no-hardware-benchmarks "$@"

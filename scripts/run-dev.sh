#!/usr/bin/env bash
# Sets up the machine, builds the Stacktical node and the web UI, and starts a development
# chain (no relay chain needed, a block every 3 s, Alice funded and sudo, RPC on
# ws://127.0.0.1:9944) with the UI served beside it on http://127.0.0.1:5173.
# Extra arguments go to the node (e.g. --instant-seal, --dev-block-time 1000, --chain benchmark).
# UI_PORT changes the UI's port. Build output goes to log files, shown only on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh
logs="${TMPDIR:-/tmp}/stacktical-dev"
mkdir -p "$logs"
if [ ! -x "$CARGO_TARGET_DIR/debug/stacktical-node" ]; then
	echo "Building the node: the first build takes about 40 minutes on 2 cores (log: $logs/build.log)"
else
	echo "Building the node (log: $logs/build.log)"
fi
# Built as the test tier builds it (same features), so the two share one build.
if ! cargo test --locked "${TEST_PACKAGES[@]}" --no-run > "$logs/build.log" 2>&1; then
	echo "The node's build failed; the last lines of $logs/build.log:" >&2
	tail -n 40 "$logs/build.log" >&2
	exit 1
fi
echo "Building the web UI (log: $logs/ui.log)"
UI_LOG="$logs/ui.log" scripts/ui-build.sh

ui_port="${UI_PORT:-5173}"
(cd ui && exec node_modules/.bin/tsx scripts/serve.ts --port "$ui_port" > "$logs/ui-serve.log" 2>&1) &
ui_pid=$!
trap 'kill "$ui_pid" 2>/dev/null || true' EXIT
cat <<MSG

  Stacktical dev chain starting.
  Web UI:   http://127.0.0.1:$ui_port/?rpc=ws://127.0.0.1:9944
            (the dev node's own validator, Alice's, with live uptime and latency SLIs)
  RPC:      ws://127.0.0.1:9944   (and http://127.0.0.1:9944)
  Explorer: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944
  Accounts: //Alice … //Ferdie funded; Alice is sudo. Stop with Ctrl-C.
  Monitoring: the collator probes Alice's validator at this node's own /health every
  5 blocks. Its uptime and latency over the last day:
    curl -s -H 'Content-Type: application/json' http://127.0.0.1:9944 \\
      -d '{"id":1,"jsonrpc":"2.0","method":"sli_validator","params":["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"]}'

MSG
"$CARGO_TARGET_DIR/debug/stacktical-node" --dev --tmp --rpc-port 9944 --rpc-cors all \
	--no-hardware-benchmarks "$@"

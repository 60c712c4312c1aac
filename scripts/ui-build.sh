#!/usr/bin/env bash
# Installs the web UI's npm packages (from the lockfile, when they are missing or stale),
# generates its chain types from the committed metadata, and builds it into ui/dist.
# Quiet: what npm and Vite print goes to $UI_LOG, shown only on failure.
set -euo pipefail
cd "$(dirname "$0")/../ui"
log="${UI_LOG:-${TMPDIR:-/tmp}/stacktical-ui-build.log}"
: > "$log"
fail() {
	echo "ui: $1 failed; the last lines of $log:" >&2
	tail -n 40 "$log" >&2
	exit 1
}
if ! command -v npm >/dev/null; then
	echo "ui: Node.js 20 and npm are needed (apt-get install nodejs npm, or https://nodejs.org)" >&2
	exit 1
fi
# `npm ci` when the installed packages are not the lockfile's (a stamp records its hash).
stamp=node_modules/.stacktical-lockfile-sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || [ ! -d .papi/descriptors/dist ]; then
	npm ci --no-audit --no-fund >>"$log" 2>&1 || fail "npm ci"
	echo "$want" > "$stamp"
fi
npm run build >>"$log" 2>&1 || fail "the UI build"

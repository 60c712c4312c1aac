#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks to build and test Stacktical:
# the C toolchain pieces Substrate needs, a font for charts, Debian's Chromium for the web
# UI's browser tests, and the Rust wasm target.
# Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(clang libclang-dev protobuf-compiler fonts-dejavu-core chromium)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	sudo_cmd=()
	[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
	"${sudo_cmd[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
	echo "setup: Rust is missing: install it with rustup (https://rustup.rs) and run this again" >&2
	exit 1
fi
if ! command -v npm >/dev/null; then
	echo "setup: Node.js 20 and npm are missing (they build and test the web UI): install them and run this again" >&2
	exit 1
fi
rustup target list --installed | grep -qx wasm32v1-none || rustup target add wasm32v1-none
for component in rust-src clippy rustfmt; do
	rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done
echo "setup: ready"

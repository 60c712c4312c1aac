//! The node's subcommands a parachain operator needs to register and run the chain.

use std::process::Command;

fn run(args: &[&str]) -> String {
	let out = Command::new(env!("CARGO_BIN_EXE_stacktical-node")).args(args).output().unwrap();
	assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
	String::from_utf8(out.stdout).unwrap()
}

#[test]
fn exports_genesis_head_and_wasm_for_relay_registration() {
	let head = run(&["export-genesis-head", "--chain", "local"]);
	let head = head.trim();
	assert!(head.starts_with("0x") && head.len() > 2 + 2 * 32, "{head}");
	let wasm = run(&["export-genesis-wasm", "--chain", "local"]);
	// The zstd-compressed blob's magic prefix (sp-maybe-compressed-blob).
	assert!(wasm.trim().starts_with("0x52bc537646db8e05"), "{}", &wasm[..40.min(wasm.len())]);
}

#[test]
fn generates_keys_and_prints_help() {
	let key: serde_json::Value =
		serde_json::from_str(&run(&["key", "generate", "--output-type", "json"])).unwrap();
	assert_eq!(key["secretPhrase"].as_str().unwrap().split(' ').count(), 12);
	let help = run(&["--help"]);
	for flag in ["--dev", "--dev-block-time", "--instant-seal", "export-genesis-head", "benchmark"]
	{
		assert!(help.contains(flag), "--help mentions {flag}");
	}
}

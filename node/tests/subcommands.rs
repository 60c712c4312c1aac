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

#[test]
fn benchmark_chain_builds_its_genesis_in_wasm() {
	// `--raw` builds the genesis state by executing the runtime's wasm, where the 10,000
	// `//Sender/{i}` accounts must be derivable without randomness.
	let spec: serde_json::Value =
		serde_json::from_str(&run(&["build-spec", "--chain", "benchmark", "--raw"])).unwrap();
	let top = spec["genesis"]["raw"]["top"].as_object().expect("raw genesis storage");
	// System.Account entries: the dev accounts plus the senders.
	let accounts = top
		.keys()
		.filter(|k| {
			k.starts_with("0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9")
		})
		.count();
	assert!(accounts >= 10_000, "{accounts} accounts");
}

//! The committed chain specs are what the runtime's presets produce today.

use std::process::Command;

fn generate(chain: &str) -> serde_json::Value {
	let out = Command::new(env!("CARGO_BIN_EXE_stacktical-node"))
		.args(["build-spec", "--chain", chain, "--disable-default-bootnode"])
		.output()
		.expect("stacktical-node runs");
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	serde_json::from_slice(&out.stdout).expect("build-spec prints JSON")
}

fn committed(chain: &str) -> serde_json::Value {
	let path = format!("{}/../chain-specs/stacktical-{chain}.json", env!("CARGO_MANIFEST_DIR"));
	serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
		.unwrap()
}

#[test]
fn committed_chain_specs_are_not_stale() {
	for chain in ["dev", "local"] {
		let (fresh, saved) = (generate(chain), committed(chain));
		assert_eq!(saved["para_id"], 2000, "{chain}: para id");
		assert_eq!(saved["relay_chain"], "rococo-local", "{chain}: relay chain");
		assert!(
			fresh == saved,
			"chain-specs/stacktical-{chain}.json is stale: run scripts/chain-specs.sh and commit the result \
			 (build through scripts/, whose WASM_BUILD_RUSTFLAGS make the wasm independent of paths)"
		);
	}
}

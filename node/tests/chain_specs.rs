//! The committed chain specs are what the runtime's presets produce today.
//!
//! Everything but the runtime code is compared as JSON. The code cannot be compared byte for
//! byte: rustc's symbol hashes include the checkout's absolute path (cargo hashes the path of
//! a path dependency into `-C metadata`), which changes code-generation-unit partitioning and
//! so the bytes of the wasm between two clones of the same commit. What a chain spec's code
//! must get right is its interface, so both blobs are executed and their runtime version
//! (`Core_version`) and full metadata (every pallet, call, event, error, storage item,
//! constant and runtime API) must be identical. Reproducible bytes need a fixed build
//! environment (srtool); see `docs/architecture.md`.

mod common;

use polkadot_sdk::{
	cumulus_client_service::ParachainHostFunctions,
	sc_executor::WasmExecutor,
	sp_core::traits::{CallContext, CodeExecutor, RuntimeCode, WrappedRuntimeCode},
	sp_io::TestExternalities,
	sp_maybe_compressed_blob::{decompress, CODE_BLOB_BOMB_LIMIT},
};
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
	let path = common::checkout_file(&format!("chain-specs/stacktical-{chain}.json"));
	let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
	serde_json::from_str(&text).unwrap()
}

/// Removes the runtime code from a spec and returns it, decompressed.
fn take_code(spec: &mut serde_json::Value) -> Vec<u8> {
	let code = spec["genesis"]["runtimeGenesis"]
		.as_object_mut()
		.and_then(|g| g.remove("code"))
		.expect("the spec has genesis.runtimeGenesis.code");
	let hex = code.as_str().expect("code is a hex string").trim_start_matches("0x");
	let bytes = hex::decode(hex).expect("code is hex");
	decompress(&bytes, CODE_BLOB_BOMB_LIMIT).expect("code decompresses").into_owned()
}

/// What a runtime blob says about itself: `(Core_version, Metadata_metadata)`, both SCALE.
fn interface(code: &[u8]) -> (Vec<u8>, Vec<u8>) {
	let executor = WasmExecutor::<ParachainHostFunctions>::builder().build();
	let fetcher = WrappedRuntimeCode(code.into());
	let hash = polkadot_sdk::sp_io::hashing::blake2_256(code).to_vec();
	let runtime_code = RuntimeCode { code_fetcher: &fetcher, heap_pages: None, hash };
	let mut state = TestExternalities::default();
	let mut call = |method: &str| {
		let mut ext = state.ext();
		executor
			.call(&mut ext, &runtime_code, method, &[], CallContext::Offchain)
			.0
			.unwrap_or_else(|e| panic!("{method}: {e}"))
	};
	(call("Core_version"), call("Metadata_metadata"))
}

#[test]
fn committed_chain_specs_are_not_stale() {
	for chain in ["dev", "local"] {
		let (mut fresh, mut saved) = (generate(chain), committed(chain));
		assert_eq!(saved["para_id"], 2000, "{chain}: para id");
		assert_eq!(saved["relay_chain"], "rococo-local", "{chain}: relay chain");
		let stale = format!(
			"chain-specs/stacktical-{chain}.json is stale: run scripts/chain-specs.sh and commit the result"
		);
		let (fresh_code, saved_code) = (take_code(&mut fresh), take_code(&mut saved));
		assert!(fresh == saved, "{stale} (its genesis or properties differ)");
		let (fresh_version, fresh_metadata) = interface(&fresh_code);
		let (saved_version, saved_metadata) = interface(&saved_code);
		assert!(fresh_version == saved_version, "{stale} (its runtime version differs)");
		assert!(fresh_metadata == saved_metadata, "{stale} (its runtime metadata differs)");
	}
}

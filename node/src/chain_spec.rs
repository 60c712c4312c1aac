//! Chain specifications: built-in ones made from the runtime's genesis presets, or files.

use polkadot_sdk::{
	sc_service::{ChainType, GenericChainSpec},
	sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET},
	sp_maybe_compressed_blob::{compress_weakly, decompress, CODE_BLOB_BOMB_LIMIT},
};
use serde::{Deserialize, Serialize};
use stacktical_runtime::genesis_config_presets::{BENCHMARK_PRESET, PARACHAIN_ID};

/// The relay chain the built-in local test network runs against.
pub const LOCAL_RELAY_CHAIN: &str = "rococo-local";

/// Chain-spec extensions of a parachain (the same shape as `polkadot-omni-node` reads).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sc_chain_spec::ChainSpecExtension)]
pub struct Extensions {
	/// The relay chain's chain-spec id or path, used when no relay `--chain` is given.
	#[serde(alias = "relayChain", alias = "RelayChain")]
	pub relay_chain: String,
	/// The parachain id (the runtime's `ParachainInfo` is authoritative).
	#[serde(alias = "paraId", alias = "ParaId")]
	pub para_id: Option<u32>,
}

impl Extensions {
	/// Reads the extensions of `chain_spec`, if it has them.
	pub fn try_get(chain_spec: &dyn polkadot_sdk::sc_service::ChainSpec) -> Option<&Self> {
		sc_chain_spec::get_extension(chain_spec.extensions())
	}
}

/// A chain spec of this node.
pub type ChainSpec = GenericChainSpec<Extensions>;

fn properties() -> polkadot_sdk::sc_chain_spec::Properties {
	let mut p = polkadot_sdk::sc_chain_spec::Properties::new();
	p.insert("tokenSymbol".into(), "STK".into());
	p.insert("tokenDecimals".into(), 12.into());
	p.insert("ss58Format".into(), 42.into());
	p
}

fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	let wasm = stacktical_runtime::WASM_BINARY.ok_or_else(|| {
		"this node was built without the runtime's wasm (SKIP_WASM_BUILD)".to_string()
	})?;
	// Genesis code is stored compressed (the executor decompresses it), whatever the build
	// profile handed us, so chain specs stay small and the same for a given runtime.
	let plain = decompress(wasm, CODE_BLOB_BOMB_LIMIT).map_err(|e| e.to_string())?;
	let code = compress_weakly(&plain, CODE_BLOB_BOMB_LIMIT)
		.ok_or_else(|| "the runtime's wasm does not compress within the size limit".to_string())?;
	Ok(ChainSpec::builder(
		&code,
		Extensions { relay_chain: LOCAL_RELAY_CHAIN.into(), para_id: Some(PARACHAIN_ID) },
	)
	.with_name(name)
	.with_id(id)
	.with_chain_type(chain_type)
	.with_genesis_config_preset_name(preset)
	.with_properties(properties())
	.build())
}

/// Loads a chain spec: `dev` (or nothing), `local`, `benchmark`, or a JSON file.
pub fn load_spec(id: &str) -> Result<Box<dyn polkadot_sdk::sc_service::ChainSpec>, String> {
	Ok(match id {
		"" | "dev" => Box::new(from_preset(
			"Stacktical Development",
			"stacktical_dev",
			ChainType::Development,
			DEV_RUNTIME_PRESET,
		)?),
		"local" | "local_testnet" => Box::new(from_preset(
			"Stacktical Local Testnet",
			"stacktical_local_testnet",
			ChainType::Local,
			LOCAL_TESTNET_RUNTIME_PRESET,
		)?),
		"benchmark" => Box::new(from_preset(
			"Stacktical Benchmark",
			"stacktical_benchmark",
			ChainType::Development,
			BENCHMARK_PRESET,
		)?),
		path => Box::new(ChainSpec::from_json_file(std::path::PathBuf::from(path))?),
	})
}

//! `chain-spec-builder` (crate `staging-chain-spec-builder`): makes chain specs from a runtime's
//! wasm and one of its genesis presets; the slow tier makes the `rococo-local` relay spec with it.
//! Unlike upstream's `main`, a failure exits with status 1 so scripts notice it.

use clap::Parser;
use polkadot_sdk::{sp_tracing, staging_chain_spec_builder::ChainSpecBuilder};

fn main() {
	sp_tracing::try_init_simple();
	if let Err(e) = ChainSpecBuilder::parse().run() {
		eprintln!("{e}");
		std::process::exit(1);
	}
}

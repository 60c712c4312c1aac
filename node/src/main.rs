//! `stacktical-node`: the Stacktical collator.
//!
//! A Cumulus parachain node with two ways to run:
//! - **collator** (default): follows a relay chain (embedded relay node, or `--relay-chain-rpc-url`)
//!   and authors blocks with Aura when it holds a collator key;
//! - **`--dev`**: no relay chain at all; blocks are sealed every `--dev-block-time` ms (or
//!   instantly with `--instant-seal`) against a mocked relay chain, with the same runtime.
//!
//! Off-chain workers run by default on collators and in dev mode. The JSON-RPC modules of the
//! pallets are merged in [`rpc`].
#![warn(missing_docs)]

mod chain_spec;
mod cli;
mod command;
mod dev;
mod rpc;
mod service;

fn main() -> polkadot_sdk::sc_cli::Result<()> {
	command::run()
}

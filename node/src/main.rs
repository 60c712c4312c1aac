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
	let result = command::run();
	wait_for_offchain_workers(std::time::Duration::from_secs(10));
	result
}

/// Name of the threads `sc-offchain` runs off-chain workers on.
const OFFCHAIN_WORKER_THREAD: &str = "offchain-worker";

/// Off-chain workers run on a detached thread pool. One still running when the process exits
/// (a monitoring probe waits up to its timeout) would use the database while the process tears
/// it down, and RocksDB aborts the process. Once the service has stopped, the pool's threads
/// end as soon as their run is done: wait for that, at most `limit` (on Linux, where threads
/// can be listed by name; elsewhere this returns at once).
fn wait_for_offchain_workers(limit: std::time::Duration) {
	let deadline = std::time::Instant::now() + limit;
	let running = || {
		std::fs::read_dir("/proc/self/task").is_ok_and(|tasks| {
			tasks.filter_map(Result::ok).any(|task| {
				std::fs::read_to_string(task.path().join("comm"))
					.is_ok_and(|name| name.trim() == OFFCHAIN_WORKER_THREAD)
			})
		})
	};
	while running() && std::time::Instant::now() < deadline {
		std::thread::sleep(std::time::Duration::from_millis(20));
	}
}

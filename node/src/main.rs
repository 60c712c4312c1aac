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
// `sc_cli::Error` and `sc_service::Error` are large; every Substrate node returns them as they are.
#![allow(clippy::result_large_err)]
#![warn(missing_docs)]

mod chain_spec;
mod cli;
mod command;
mod dev;
mod rpc;
mod service;

fn main() {
	let result = command::run();
	wait_for_offchain_workers(std::time::Duration::from_secs(10));
	let code = match result {
		Ok(()) => 0,
		Err(e) => {
			eprintln!("Error: {e:?}");
			1
		},
	};
	exit_now(code)
}

/// Ends the process without running C++ static destructors. By now the service has stopped
/// and the database is closed, but RocksDB keeps a static timer whose thread can still be
/// waiting on the timer's mutex when `exit` destroys it; RocksDB then aborts the process
/// ("pthread lock: Invalid argument", facebook/rocksdb#11349) and a clean shutdown ends in
/// SIGABRT, now and then.
fn exit_now(code: i32) -> ! {
	use std::io::Write;
	let _ = std::io::stdout().flush();
	let _ = std::io::stderr().flush();
	// SAFETY: `_exit` only ends the process. Output is flushed above; the service has stopped,
	// and RocksDB's write-ahead log covers a database that some late thread kept open.
	unsafe { libc::_exit(code) }
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

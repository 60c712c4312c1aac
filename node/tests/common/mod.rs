//! Shared by the end-to-end tests: a `stacktical-node --dev` process and RPC helpers.
#![allow(dead_code)]

use codec::Encode;
use jsonrpsee::{core::client::ClientT, rpc_params};
use polkadot_sdk::{sp_core::H256, sp_keyring::Sr25519Keyring};
use serde_json::Value;
use stacktical_runtime::{signing, Nonce, RuntimeCall};
use std::{
	net::TcpListener,
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// A file of this checkout, from its root. Cargo gives the directory when it runs the test,
/// not when it compiles it: the shared target directory may hold this binary as compiled from
/// another checkout, whose files may differ.
pub fn checkout_file(relative: &str) -> std::path::PathBuf {
	let node = std::env::var_os("CARGO_MANIFEST_DIR").expect("tests run through cargo");
	std::path::Path::new(&node).join("..").join(relative)
}

pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The node process, killed if a test fails before stopping it, and its log file.
pub struct Node(pub Option<Child>, pub std::path::PathBuf);

impl Node {
	/// The last `lines` lines of the node's log, to explain a failure.
	pub fn log_tail(&self, lines: usize) -> String {
		let log = std::fs::read_to_string(&self.1).unwrap_or_default();
		let all: Vec<&str> = log.lines().collect();
		all[all.len().saturating_sub(lines)..].join("\n")
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if let Some(child) = self.0.as_mut() {
			let _ = child.kill();
			let _ = child.wait();
		}
		let _ = std::fs::remove_file(&self.1);
	}
}

/// Starts `stacktical-node --dev` with RPC on `rpc_port` and `extra` arguments (e.g. the
/// sealing mode).
pub fn start_node(rpc_port: u16, extra: &[&str]) -> Node {
	let log = std::env::temp_dir().join(format!("stacktical-node-{rpc_port}.log"));
	let file = std::fs::File::create(&log).expect("a log file");
	let child = Command::new(env!("CARGO_BIN_EXE_stacktical-node"))
		.args(["--dev", "--tmp", "--no-hardware-benchmarks"])
		.args(["--rpc-port", &rpc_port.to_string(), "--port", &free_port().to_string()])
		.args(["--no-prometheus", "--no-telemetry", "--no-mdns"])
		.args(extra)
		.stdout(Stdio::null())
		.stderr(file)
		.spawn()
		.expect("stacktical-node starts");
	Node(Some(child), log)
}

pub async fn best_number(client: &impl ClientT) -> Option<u64> {
	let header: Value = client.request("chain_getHeader", rpc_params![]).await.ok()?;
	u64::from_str_radix(header["number"].as_str()?.trim_start_matches("0x"), 16).ok()
}

/// Waits up to 5 minutes for the node's RPC; returns the best block number.
pub async fn wait_for_rpc(client: &impl ClientT) -> u64 {
	let deadline = Instant::now() + Duration::from_secs(300);
	loop {
		if let Some(n) = best_number(client).await {
			return n;
		}
		assert!(Instant::now() < deadline, "the node's RPC never answered");
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

pub async fn genesis_hash(client: &impl ClientT) -> H256 {
	let genesis: String = client.request("chain_getBlockHash", rpc_params![0]).await.unwrap();
	H256::from_slice(&hex::decode(genesis.trim_start_matches("0x")).unwrap())
}

pub async fn next_nonce(client: &impl ClientT, who: Sr25519Keyring) -> Nonce {
	client
		.request("system_accountNextIndex", rpc_params![who.to_account_id().to_string()])
		.await
		.unwrap()
}

/// Signs `call` as `who` with `nonce` and submits it; panics if the pool refuses it.
pub async fn submit(client: &impl ClientT, who: Sr25519Keyring, nonce: Nonce, call: RuntimeCall) {
	let genesis = genesis_hash(client).await;
	let xt = signing::signed_extrinsic(call, &who.pair(), nonce, genesis);
	let hex = format!("0x{}", hex::encode(xt.encode()));
	let _: String = client.request("author_submitExtrinsic", rpc_params![hex]).await.unwrap();
}

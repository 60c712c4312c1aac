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

/// The `stacktical` command line, built beside the node by the test tier.
pub fn cli() -> std::path::PathBuf {
	let cli = std::path::PathBuf::from(env!("CARGO_BIN_EXE_stacktical-node"))
		.with_file_name("stacktical");
	assert!(cli.exists(), "{} is missing: build the test tier with scripts/test.sh", cli.display());
	cli
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
/// sealing mode), on a temporary database.
pub fn start_node(rpc_port: u16, extra: &[&str]) -> Node {
	start_node_in(None, rpc_port, extra)
}

/// The same, on the database in `base_path` when given (kept across restarts). The p2p port
/// is a free one unless `extra` gives `--port`.
pub fn start_node_in(base_path: Option<&std::path::Path>, rpc_port: u16, extra: &[&str]) -> Node {
	let log = std::env::temp_dir().join(format!("stacktical-node-{rpc_port}.log"));
	let file = std::fs::OpenOptions::new().create(true).append(true).open(&log).expect("a log");
	let mut command = Command::new(env!("CARGO_BIN_EXE_stacktical-node"));
	match base_path {
		Some(path) => command.arg("--base-path").arg(path),
		None => command.arg("--tmp"),
	};
	if !extra.contains(&"--port") {
		command.args(["--port", &free_port().to_string()]);
	}
	let child = command
		.args(["--dev", "--no-hardware-benchmarks"])
		.args(["--rpc-port", &rpc_port.to_string()])
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
	// The chain's own spec version: it changes with a runtime upgrade.
	let version: Value = client.request("state_getRuntimeVersion", rpc_params![]).await.unwrap();
	let spec_version = version["specVersion"].as_u64().and_then(|v| u32::try_from(v).ok());
	let spec_version = spec_version.expect("state_getRuntimeVersion gives the spec version");
	let xt = signing::signed_extrinsic_at(call, &who.pair(), nonce, genesis, spec_version);
	let hex = format!("0x{}", hex::encode(xt.encode()));
	let _: String = client.request("author_submitExtrinsic", rpc_params![hex]).await.unwrap();
}

/// Stops the node with SIGINT and waits (60 s at most) for it to exit; panics, with the end of
/// its log, unless it exits cleanly.
pub async fn stop(node: &mut Node) {
	let mut child = node.0.take().expect("the node runs");
	let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
	assert!(status.success());
	let deadline = Instant::now() + Duration::from_secs(60);
	let exit = loop {
		if let Some(exit) = child.try_wait().unwrap() {
			break exit;
		}
		assert!(
			Instant::now() < deadline,
			"the node did not stop within 60 s of SIGINT; its log ends:\n{}",
			node.log_tail(40)
		);
		tokio::time::sleep(Duration::from_millis(200)).await;
	};
	assert!(exit.success(), "the node exited with {exit}; its log ends:\n{}", node.log_tail(40));
}

/// `(n, x)` rows of a CSV data set of the USL engine's tests (`crates/usl/tests/data`).
pub fn dataset(name: &str, rows: usize) -> (std::path::PathBuf, Vec<(u32, f64)>) {
	let path = checkout_file("crates/usl/tests/data").join(name);
	let text = std::fs::read_to_string(&path).unwrap();
	let points = text
		.lines()
		.skip(1)
		.take(rows)
		.map(|line| {
			let (n, x) = line.split_once(',').unwrap();
			(n.trim().parse().unwrap(), x.trim().parse().unwrap())
		})
		.collect();
	(path, points)
}

/// Measurements with latency by Little's law (`N/X`, the only latency these data sets imply).
pub fn measurements(points: &[(u32, f64)]) -> Vec<pallet_scalability::Measurement> {
	points
		.iter()
		.map(|&(n, x)| {
			let latency =
				polkadot_sdk::sp_runtime::FixedU128::from_float(1000.0 * f64::from(n) / x);
			pallet_scalability::Measurement {
				n,
				tps: polkadot_sdk::sp_runtime::FixedU128::from_float(x),
				latency_p50_ms: latency,
				latency_p95_ms: latency,
				samples: 1,
			}
		})
		.collect()
}

/// Probe settings for one-collator dev-node tests: a probe every block, one prober's word as
/// evidence, probe URLs on this machine allowed.
pub fn every_block_probe_settings() -> pallet_monitoring::ProbeSettings {
	pallet_monitoring::ProbeSettings {
		period_blocks: 1,
		probers_per_target: 3,
		timeout_ms: 1_000,
		min_probers: 1,
		allow_private_hosts: true,
	}
}

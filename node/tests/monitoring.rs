//! End to end on `stacktical-node --dev`: the collator's off-chain worker probes real HTTP
//! `/health` endpoints given by IP address (this dev node's own and a second node's), and its
//! prober a URL that names its host (`localhost`, resolved by the node) and the second node's
//! p2p address (Noise with its PeerId, ping, identify); the chain records the
//! results, and `sli_*` shows 100 % uptime with a measured latency for all; stopping the
//! second node makes its uptime fall (HTTP unreachable, p2p refused), restarting it makes
//! probes succeed again.

mod common;

use common::{
	every_block_probe_settings, free_port, next_nonce, start_node, submit, wait_for_rpc, Node,
};
use jsonrpsee::{
	core::client::{ClientT, Error as RpcError},
	http_client::{HttpClient, HttpClientBuilder},
	rpc_params,
};
use polkadot_sdk::{pallet_sudo, sp_keyring::Sr25519Keyring};
use serde_json::Value;
use stacktical_runtime::RuntimeCall;
use std::time::{Duration, Instant};

fn client(port: u16) -> HttpClient {
	HttpClientBuilder::default().build(format!("http://127.0.0.1:{port}")).unwrap()
}

fn sudo(call: pallet_monitoring::Call<stacktical_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(RuntimeCall::Monitoring(call)) })
}

fn endpoints(
	urls: impl IntoIterator<Item = String>,
) -> pallet_monitoring::EndpointsOf<stacktical_runtime::Runtime> {
	let urls: Vec<_> = urls.into_iter().map(|url| url.into_bytes().try_into().unwrap()).collect();
	urls.try_into().unwrap()
}

async fn try_validator(client: &HttpClient, who: Sr25519Keyring) -> Result<Value, RpcError> {
	client.request("sli_validator", rpc_params![who.to_account_id().to_string(), "day"]).await
}

async fn validator(client: &HttpClient, who: Sr25519Keyring) -> Value {
	try_validator(client, who).await.unwrap()
}

/// The latest probe of `who` over `channel` (`p2p` or `http`) by any prober.
async fn last_probe(client: &HttpClient, who: Sr25519Keyring, channel: &str) -> Option<Value> {
	let targets: Value = client.request("sli_targets", rpc_params![]).await.unwrap();
	let stash = who.to_account_id().to_string();
	let target = targets.as_array()?.iter().find(|t| t["stash"] == stash.as_str())?;
	target["last_probes"]
		.as_array()?
		.iter()
		.filter(|p| p["channel"] == channel)
		.max_by_key(|p| p["period"].as_u64())
		.cloned()
}

/// Polls `sli_validator` for `who` until `done` holds, for at most `secs` seconds.
async fn wait_until(
	client: &HttpClient,
	node: &Node,
	who: Sr25519Keyring,
	secs: u64,
	what: &str,
	done: impl Fn(&Value) -> bool,
) -> Value {
	let deadline = Instant::now() + Duration::from_secs(secs);
	loop {
		// Not registered yet is an error until the registration is in a block.
		let sli = try_validator(client, who).await;
		if let Ok(sli) = &sli {
			if done(sli) {
				return sli.clone();
			}
		}
		assert!(
			Instant::now() < deadline,
			"{what}: not within {secs} s; last answer {sli:?}\nnode log:\n{}",
			node.log_tail(40)
		);
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// The second node's p2p identity, kept across its restart.
const OTHER_NODE_KEY: &str = "5f9b41a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d";

#[tokio::test(flavor = "multi_thread")]
async fn collators_probe_real_endpoints_and_rpc_reports_slis() {
	let (port, other_port, other_p2p) = (free_port(), free_port(), free_port());
	let node = start_node(port, &["--dev-block-time", "1000"]);
	let other_args = [
		"--dev-block-time",
		"1000",
		"--port",
		&other_p2p.to_string(),
		"--node-key",
		OTHER_NODE_KEY,
	];
	let mut other = start_node(other_port, &other_args);
	let chain = client(port);
	wait_for_rpc(&chain).await;
	wait_for_rpc(&client(other_port)).await;
	let other_peer: String =
		client(other_port).request("system_localPeerId", rpc_params![]).await.unwrap();

	// Probe every block; Bob's validator is this node, Charlie's the other one over HTTP (at a
	// name: the node's prober resolves it), Dave's the other one over p2p, and Eve's the other
	// one both ways (HTTP at an address: the off-chain worker probes it).
	let (bob, charlie, dave) = (Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave);
	let eve = Sr25519Keyring::Eve;
	let other_http = format!("http://127.0.0.1:{other_port}/health");
	let other_p2p_address = format!("/ip4/127.0.0.1/tcp/{other_p2p}/p2p/{other_peer}");
	let alice = Sr25519Keyring::Alice;
	let nonce = next_nonce(&chain, alice).await;
	let settings = every_block_probe_settings();
	submit(&chain, alice, nonce, sudo(pallet_monitoring::Call::set_settings { settings })).await;
	let targets = vec![
		(bob.to_account_id(), endpoints([format!("http://127.0.0.1:{port}/health")])),
		(charlie.to_account_id(), endpoints([format!("http://localhost:{other_port}/health")])),
		(dave.to_account_id(), endpoints([other_p2p_address.clone()])),
		(eve.to_account_id(), endpoints([other_p2p_address, other_http])),
	];
	let register = pallet_monitoring::Call::force_register { targets: targets.try_into().unwrap() };
	submit(&chain, alice, nonce + 1, sudo(register)).await;

	// All up, with a measured latency, after a few probes; each over its own channel, and
	// Eve over p2p with her HTTP SLIs beside.
	for (who, channel) in [(bob, "http"), (charlie, "http"), (dave, "p2p"), (eve, "p2p")] {
		let sli = wait_until(&chain, &node, who, 90, "three successful probes", |sli| {
			sli["probes"].as_u64().unwrap_or(0) >= 3
				&& (who != eve || sli["http"]["probes"].as_u64().unwrap_or(0) >= 3)
		})
		.await;
		assert_eq!(sli["channel"], channel, "{sli}");
		assert_eq!(sli.get("http").is_some(), who == eve, "{sli}");
		assert_eq!(sli["uptime_percent"], 100.0, "{sli}");
		let latency = &sli["latency_ms"];
		assert!(latency["mean"].as_f64().unwrap() > 0.0, "{sli}");
		assert!(latency["p50"].as_f64().unwrap() <= latency["p99"].as_f64().unwrap(), "{sli}");
		assert_eq!(sli["window"]["resolution"], "hour");
		assert!(sli["window"]["to_block"].as_u64().unwrap() > 0);
		assert_eq!(sli["probers"].as_array().unwrap().len(), 1, "one collator probes: {sli}");
	}
	for (who, channel) in [(charlie, "http"), (dave, "p2p"), (eve, "p2p"), (eve, "http")] {
		let probe = last_probe(&chain, who, channel).await.unwrap();
		assert_eq!(probe["up"], true, "{probe}");
		assert!(probe["latency_ms"].as_u64().unwrap() >= 1, "{probe}");
	}
	assert_eq!(validator(&chain, eve).await["http"]["uptime_percent"], 100.0);

	// The other node stops: probes fail and its uptime falls.
	if let Some(mut child) = other.0.take() {
		child.kill().unwrap();
		child.wait().unwrap();
	}
	for (who, channel, why) in
		[(charlie, "http", "unreachable"), (dave, "p2p", "refused"), (eve, "p2p", "refused")]
	{
		let before = validator(&chain, who).await;
		let up_before = before["probes_up"].as_u64().unwrap();
		let sli = wait_until(&chain, &node, who, 60, "failed probes", |sli| {
			sli["probes"].as_u64().unwrap() >= before["probes"].as_u64().unwrap() + 3
		})
		.await;
		assert!(sli["uptime_percent"].as_f64().unwrap() < 100.0, "{sli}");
		assert!(sli["probes_up"].as_u64().unwrap() <= up_before + 1, "{sli}");
		let probe = last_probe(&chain, who, channel).await.unwrap();
		assert_eq!(probe["up"], false, "{probe}");
		assert_eq!(probe["reason"], why, "{probe}");
	}
	// Eve's URL is down too, in her HTTP SLIs.
	let eve_http = last_probe(&chain, eve, "http").await.unwrap();
	assert_eq!(
		(&eve_http["up"], &eve_http["reason"]),
		(&Value::from(false), &Value::from("unreachable"))
	);
	assert!(validator(&chain, eve).await["http"]["uptime_percent"].as_f64().unwrap() < 100.0);
	// Bob's validator (this node) is still up.
	assert_eq!(validator(&chain, bob).await["uptime_percent"], 100.0);

	// It comes back: new probes succeed.
	let down = [validator(&chain, charlie).await, validator(&chain, dave).await];
	let _restarted = start_node(other_port, &other_args);
	for (who, down) in [charlie, dave].into_iter().zip(down) {
		wait_until(&chain, &node, who, 120, "successful probes after the restart", |sli| {
			sli["probes_up"].as_u64().unwrap() >= down["probes_up"].as_u64().unwrap() + 2
		})
		.await;
		let channel = if who == charlie { "http" } else { "p2p" };
		let probe = last_probe(&chain, who, channel).await.unwrap();
		assert_eq!(probe["up"], true, "{probe}");
	}

	// A group pools its members; history has hourly buckets; bad input is refused clearly.
	let group: Value = chain
		.request(
			"sli_group",
			rpc_params![vec![bob.to_account_id().to_string(), charlie.to_account_id().to_string()]],
		)
		.await
		.unwrap();
	let members = group["members"].as_array().unwrap();
	assert_eq!(members.len(), 2);
	let pooled: u64 = members.iter().map(|m| m["probes"].as_u64().unwrap()).sum();
	assert_eq!(group["aggregate"]["probes"].as_u64().unwrap(), pooled);
	let history: Value = chain
		.request("sli_history", rpc_params![charlie.to_account_id().to_string(), "day"])
		.await
		.unwrap();
	assert_eq!(history["buckets"].as_array().unwrap().len(), 24);
	let week: Value = chain
		.request("sli_validator", rpc_params![charlie.to_account_id().to_string(), "week"])
		.await
		.unwrap();
	assert_eq!(week["window"]["resolution"], "day");
	assert!(week["probes"].as_u64().unwrap() >= pooled / 2);
	let code = |e: RpcError| match e {
		RpcError::Call(e) => e.code(),
		other => panic!("{other}"),
	};
	let bad: Result<Value, _> = chain
		.request("sli_validator", rpc_params![bob.to_account_id().to_string(), "fortnight"])
		.await;
	assert_eq!(code(bad.unwrap_err()), pallet_monitoring_rpc::error::INVALID_PARAMS);
	let unknown: Result<Value, _> = chain
		.request("sli_validator", rpc_params![Sr25519Keyring::Ferdie.to_account_id().to_string()])
		.await;
	assert_eq!(code(unknown.unwrap_err()), pallet_monitoring_rpc::error::UNKNOWN_VALIDATOR);
}

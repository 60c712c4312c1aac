//! Nothing is lost across restarts and upgrades. A `stacktical-node --dev` with a fitted
//! campaign and SLI history keeps all of it, and goes on producing blocks, probing and
//! fitting, when it is stopped with SIGINT and started again on the same database, and when
//! the chain's runtime is upgraded with `set_code` to one of the next spec version.

mod common;

use common::{
	dataset, every_block_probe_settings, free_port, measurements, next_nonce, start_node_in, stop,
	submit, wait_for_rpc,
};
use jsonrpsee::{
	core::client::ClientT,
	http_client::{HttpClient, HttpClientBuilder},
	rpc_params,
};
use pallet_scalability::SweepKind;
use polkadot_sdk::{frame_support::BoundedVec, pallet_sudo, sp_keyring::Sr25519Keyring};
use serde_json::Value;
use stacktical_runtime::RuntimeCall;
use std::time::{Duration, Instant};

/// Polls `method` with `params` until `done` holds, for at most `secs` seconds.
async fn poll(
	client: &HttpClient,
	method: &str,
	params: Vec<Value>,
	secs: u64,
	done: impl Fn(&Value) -> bool,
) -> Value {
	let deadline = Instant::now() + Duration::from_secs(secs);
	loop {
		let mut args = jsonrpsee::core::params::ArrayParams::new();
		for p in &params {
			args.insert(p).unwrap();
		}
		if let Ok(answer) = client.request::<Value, _>(method, args).await {
			if done(&answer) {
				return answer;
			}
		}
		assert!(Instant::now() < deadline, "{method} {params:?}: not within {secs} s");
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// What a chain holds that must survive: a fitted campaign and SLI history.
struct Held {
	campaign: Value,
	sli: Value,
	history: Value,
	best: u64,
}

/// The storage key of `System::AuthorizedUpgrade`.
fn authorized_key() -> String {
	let key = [
		polkadot_sdk::sp_io::hashing::twox_128(b"System"),
		polkadot_sdk::sp_io::hashing::twox_128(b"AuthorizedUpgrade"),
	]
	.concat();
	format!("0x{}", hex::encode(key))
}

fn bob_stash() -> Value {
	Value::from(Sr25519Keyring::Bob.to_account_id().to_string())
}

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

/// Bob's validator is this node, probed every block; a campaign of R's reference data. Waits
/// for the campaign's model and three probes.
async fn seed(client: &HttpClient, port: u16) -> Held {
	let alice = Sr25519Keyring::Alice;
	let nonce = next_nonce(client, alice).await;
	let monitoring = |call| sudo(RuntimeCall::Monitoring(call));
	let settings = every_block_probe_settings();
	submit(client, alice, nonce, monitoring(pallet_monitoring::Call::set_settings { settings }))
		.await;
	let url = format!("http://127.0.0.1:{port}/health").into_bytes();
	let bob = Sr25519Keyring::Bob.to_account_id();
	let targets = vec![(bob, vec![url.try_into().unwrap()].try_into().unwrap())];
	let register = pallet_monitoring::Call::force_register { targets: targets.try_into().unwrap() };
	submit(client, alice, nonce + 1, monitoring(register)).await;
	let (_, spec) = dataset("specsdm91.csv", usize::MAX);
	let create = pallet_scalability::Call::create_campaign {
		network: BoundedVec::truncate_from(b"persistence".to_vec()),
		release: BoundedVec::truncate_from(b"v1".to_vec()),
		sweep_kind: SweepKind::Nodes,
		baseline: None,
	};
	submit(client, alice, nonce + 2, RuntimeCall::Scalability(create)).await;
	let batch = pallet_scalability::Call::submit_measurements {
		campaign: 0,
		points: BoundedVec::truncate_from(measurements(&spec)),
	};
	submit(client, alice, nonce + 3, RuntimeCall::Scalability(batch)).await;

	let campaign =
		poll(client, "scalability_campaign", vec![0.into()], 120, |c| !c["model"].is_null()).await;
	let sli = poll(client, "sli_validator", vec![bob_stash()], 120, |s| {
		s["probes"].as_u64().unwrap_or(0) >= 3
	})
	.await;
	let history: Value =
		client.request("sli_history", rpc_params![bob_stash(), "day"]).await.unwrap();
	let best = common::best_number(client).await.unwrap();
	Held { campaign, sli, history, best }
}

/// Everything `held` had is still there, and blocks, probes and fits carry on.
async fn still_holds(client: &HttpClient, held: &Held) {
	assert!(common::best_number(client).await.unwrap() >= held.best);
	let campaign: Value = client.request("scalability_campaign", rpc_params![0]).await.unwrap();
	assert_eq!(campaign["model"], held.campaign["model"], "the model survives");
	assert_eq!(campaign["measurements"], held.campaign["measurements"]);
	let history: Value =
		client.request("sli_history", rpc_params![bob_stash(), "day"]).await.unwrap();
	let probes = |h: &Value| -> u64 {
		h["buckets"].as_array().unwrap().iter().map(|b| b["probes"].as_u64().unwrap_or(0)).sum()
	};
	assert!(probes(&history) >= probes(&held.history), "{} then {history}", held.history);
	let before = held.sli["probes"].as_u64().unwrap();
	poll(client, "sli_validator", vec![bob_stash()], 120, |s| {
		s["probes"].as_u64().unwrap_or(0) >= before + 3
	})
	.await;
	let alice = Sr25519Keyring::Alice;
	let nonce = next_nonce(client, alice).await;
	let revision = held.campaign["revision"].as_u64().unwrap() + 1;
	let batch = pallet_scalability::Call::submit_measurements {
		campaign: 0,
		points: BoundedVec::truncate_from(measurements(&[(250 + revision as u32, 1650.0)])),
	};
	submit(client, alice, nonce, RuntimeCall::Scalability(batch)).await;
	poll(client, "scalability_campaign", vec![0.into()], 120, |c| {
		c["model"]["revision"] == revision
	})
	.await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restarted_node_keeps_campaigns_and_sli_history() {
	let base = std::env::temp_dir().join(format!("stacktical-restart-{}", std::process::id()));
	let _ = std::fs::remove_dir_all(&base);
	let port = free_port();
	let args = ["--dev-block-time", "1000"];
	let mut node = start_node_in(Some(&base), port, &args);
	let client = HttpClientBuilder::default().build(format!("http://127.0.0.1:{port}")).unwrap();
	wait_for_rpc(&client).await;
	let held = seed(&client, port).await;

	stop(&mut node).await;
	let mut node = start_node_in(Some(&base), port, &args);
	wait_for_rpc(&client).await;

	still_holds(&client, &held).await;
	stop(&mut node).await;
	let _ = std::fs::remove_dir_all(&base);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_runtime_upgrade_keeps_campaigns_and_sli_history() {
	let port = free_port();
	let node = common::start_node(port, &["--dev-block-time", "1000"]);
	let client = HttpClientBuilder::default().build(format!("http://127.0.0.1:{port}")).unwrap();
	wait_for_rpc(&client).await;
	let held = seed(&client, port).await;
	let spec_version = |v: &Value| v["specVersion"].as_u64().unwrap();
	let version: Value = client.request("state_getRuntimeVersion", rpc_params![]).await.unwrap();
	assert_eq!(spec_version(&version), u64::from(stacktical_runtime::SPEC_VERSION));

	// Root authorises the code of the next spec version by its hash; anyone then submits the
	// code itself, unsigned (as a chain is upgraded for real), and the (mocked) relay chain
	// lets the new validation code through. Compressed as a release build's blob is: a debug
	// build's (7 MB) exceeds what a block and the relay chain's code size limit take.
	let code = stacktical_runtime::upgrade::WASM_BINARY.expect("build.rs builds the upgrade blob");
	let code = sp_maybe_compressed_blob::compress_weakly(
		code,
		sp_maybe_compressed_blob::CODE_BLOB_BOMB_LIMIT,
	)
	.expect("the blob compresses");
	let code_hash = polkadot_sdk::sp_io::hashing::blake2_256(&code).into();
	let authorize = polkadot_sdk::frame_system::Call::authorize_upgrade { code_hash };
	let alice = Sr25519Keyring::Alice;
	let nonce = next_nonce(&client, alice).await;
	submit(&client, alice, nonce, sudo(RuntimeCall::System(authorize))).await;
	poll(&client, "state_getStorage", vec![authorized_key().into()], 60, |v| !v.is_null()).await;
	let apply =
		RuntimeCall::System(polkadot_sdk::frame_system::Call::apply_authorized_upgrade { code });
	let xt = stacktical_runtime::UncheckedExtrinsic::new_bare(apply);
	let hex = format!("0x{}", hex::encode(codec::Encode::encode(&xt)));
	let _: Value = client.request("author_submitExtrinsic", rpc_params![hex]).await.unwrap();
	let upgraded = poll(&client, "state_getRuntimeVersion", vec![], 180, |v| {
		spec_version(v) == u64::from(stacktical_runtime::SPEC_VERSION) + 1
	})
	.await;
	assert_eq!(upgraded["specName"], "stacktical", "{upgraded}\n{}", node.log_tail(40));

	still_holds(&client, &held).await;
}

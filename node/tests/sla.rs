//! End to end on `stacktical-node --dev`: a monitored validator (a second node, probed over
//! HTTP by the dev node's collator) offers an hourly uptime SLA and opens its market with
//! `stacktical sla offer`; two accounts buy cover with `stacktical sla cover`. The validator
//! runs through the first period and is stopped for the second: the met period pays its
//! premium to the provider, the breached one pays compensation to the two holders, who claim
//! it with `stacktical sla claim`. Balances are checked over RPC, verdicts and SLIs read back
//! over `sla_*` and `stacktical sla show`. The chain settles both periods itself (`on_idle`).
//!
//! The dev chain's clock advances 6 s per block; at 100 ms blocks an hour passes in a minute.

mod common;

use codec::{Decode, Encode};
use common::{cli, free_port, next_nonce, start_node, submit, wait_for_rpc, Node};
use jsonrpsee::{
	core::client::{ClientT, Error as RpcError},
	http_client::{HttpClient, HttpClientBuilder},
	rpc_params,
};
use pallet_monitoring::ProbeSettings;
use polkadot_sdk::{frame_system, pallet_balances, pallet_sudo, sp_keyring::Sr25519Keyring};
use serde_json::Value;
use stacktical_runtime::{Balance, Runtime, RuntimeCall, UNIT};
use std::time::{Duration, Instant};

const HOUR_MS: u64 = 3_600_000;

fn client(port: u16) -> HttpClient {
	HttpClientBuilder::default()
		.request_timeout(Duration::from_secs(30))
		.build(format!("http://127.0.0.1:{port}"))
		.unwrap()
}

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

async fn storage<T: Decode>(chain: &HttpClient, key: Vec<u8>) -> Option<T> {
	let hex = format!("0x{}", hex::encode(key));
	let value: Option<String> = chain.request("state_getStorage", rpc_params![hex]).await.unwrap();
	value.map(|v| T::decode(&mut &hex::decode(&v[2..]).unwrap()[..]).unwrap())
}

/// The chain's clock (Unix ms).
async fn now_ms(chain: &HttpClient) -> u64 {
	let key = polkadot_sdk::pallet_timestamp::Now::<Runtime>::hashed_key().to_vec();
	storage::<u64>(chain, key).await.unwrap_or_default()
}

async fn free(chain: &HttpClient, who: Sr25519Keyring) -> Balance {
	let key = frame_system::Account::<Runtime>::hashed_key_for(who.to_account_id());
	let info: frame_system::AccountInfo<u32, pallet_balances::AccountData<Balance>> =
		storage(chain, key).await.expect("the account exists");
	info.data.free
}

async fn wait_for(
	chain: &HttpClient,
	node: &Node,
	secs: u64,
	what: &str,
	done: impl AsyncFnMut() -> bool,
) {
	let mut done = done;
	let deadline = Instant::now() + Duration::from_secs(secs);
	while !done().await {
		if Instant::now() >= deadline {
			let sla0 = sla(chain, "sla_get", rpc_params![0]).await;
			let periods = sla(chain, "sla_periods", rpc_params![0]).await;
			panic!(
				"{what}: not within {secs} s (chain clock {}); SLA 0: {sla0:?}; periods: {periods:?}; node log:\n{}",
				now_ms(chain).await,
				node.log_tail(40)
			);
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// Runs `stacktical sla ARGS`: its exit code and what it printed.
fn stacktical_sla(args: &[&str]) -> (Option<i32>, String) {
	let out = std::process::Command::new(cli()).arg("sla").args(args).output().unwrap();
	let text =
		format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
	(out.status.code(), text)
}

async fn sla(
	chain: &HttpClient,
	method: &str,
	params: jsonrpsee::core::params::ArrayParams,
) -> Result<Value, RpcError> {
	chain.request(method, params).await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_uptime_sla_pays_its_premium_when_met_and_compensation_when_breached() {
	let (port, validator_port) = (free_port(), free_port());
	let node = start_node(port, &["--dev-block-time", "100"]);
	let mut validator = start_node(validator_port, &["--dev-block-time", "1000"]);
	let chain = client(port);
	wait_for_rpc(&chain).await;
	wait_for_rpc(&client(validator_port)).await;

	let (alice, charlie) = (Sr25519Keyring::Alice, Sr25519Keyring::Charlie);
	let (dave, eve) = (Sr25519Keyring::Dave, Sr25519Keyring::Eve);
	// Probe every minute (10 blocks); Charlie's validator is the second node; verdicts are
	// final as soon as they are settled (no dispute window on this test chain).
	let nonce = next_nonce(&chain, alice).await;
	let settings = ProbeSettings {
		period_blocks: 10,
		probers_per_target: 3,
		timeout_ms: 1_000,
		min_probers: 1,
		allow_private_hosts: true,
	};
	submit(
		&chain,
		alice,
		nonce,
		sudo(RuntimeCall::Monitoring(pallet_monitoring::Call::set_settings { settings })),
	)
	.await;
	let endpoints: pallet_monitoring::EndpointsOf<Runtime> =
		vec![format!("http://127.0.0.1:{validator_port}/health").into_bytes().try_into().unwrap()]
			.try_into()
			.unwrap();
	let register = pallet_monitoring::Call::force_register {
		targets: vec![(charlie.to_account_id(), endpoints)].try_into().unwrap(),
	};
	submit(&chain, alice, nonce + 1, sudo(RuntimeCall::Monitoring(register))).await;
	let window_key = stacktical_runtime::configs::sla::DisputeWindow::key().to_vec();
	let no_window =
		polkadot_sdk::frame_system::Call::set_storage { items: vec![(window_key, 0u64.encode())] };
	submit(&chain, alice, nonce + 2, sudo(RuntimeCall::System(no_window))).await;

	// Charlie offers uptime ≥ 90 % over two hourly periods from the next whole hour at least
	// 15 minutes away, and opens the market: 1 % premium, leverage 2, half the collateral at
	// most per period, a bond of 200 STK.
	wait_for(&chain, &node, 60, "the clock", async || now_ms(&chain).await > 0).await;
	let first = (now_ms(&chain).await + 15 * 60_000).div_ceil(HOUR_MS) * HOUR_MS;
	let ws = format!("ws://127.0.0.1:{port}");
	let charlie_ss58 = charlie.to_account_id().to_string();
	let first_arg = first.to_string();
	let offer = |objective: &str| {
		stacktical_sla(&[
			"offer",
			"--chain",
			&ws,
			"--suri",
			"//Charlie",
			"--member",
			&charlie_ss58,
			"--objective",
			objective,
			"--credit",
			"deviation:50",
			"--cadence",
			"hours:1",
			"--first",
			&first_arg,
			"--periods",
			"2",
			"--min-probes",
			"30",
			"--premium",
			"1",
			"--leverage",
			"2",
			"--period-cap",
			"50",
			"--bond",
			"200",
		])
	};
	// A typo is refused before anything is sent.
	let (code, text) = offer("uptime>>90");
	assert_eq!(code, Some(2), "{text}");
	assert!(text.contains("objective `uptime>>90`"), "{text}");
	assert!(sla(&chain, "sla_get", rpc_params![0]).await.is_err(), "nothing was offered");
	let (code, text) = offer("uptime>=90");
	assert_eq!(code, Some(0), "{text}");
	assert!(text.contains("offered SLA 0"), "{text}");
	wait_for(&chain, &node, 60, "the market", async || {
		sla(&chain, "sla_get", rpc_params![0]).await.is_ok_and(|s| !s["market"].is_null())
	})
	.await;
	let offered = sla(&chain, "sla_get", rpc_params![0]).await.unwrap();
	assert_eq!(offered["state"], "offered", "{offered}");
	assert_eq!(offered["start"], first);
	assert_eq!(offered["objectives"][0]["target"], 90.0);
	let offers =
		sla(&chain, "sla_offers", rpc_params![charlie.to_account_id().to_string()]).await.unwrap();
	assert_eq!(offers.as_array().unwrap().len(), 1);

	// Dave and Eve buy cover for both periods: 100 and 200 STK, 1 and 2 STK a period.
	for (suri, amount) in [("//Dave", "100"), ("//Eve", "200")] {
		let (code, text) = stacktical_sla(&[
			"cover",
			"--chain",
			&ws,
			"--suri",
			suri,
			"--sla",
			"0",
			"--amount",
			amount,
			"--periods",
			"2",
		]);
		assert_eq!(code, Some(0), "{text}");
		assert!(text.contains("bought cover on SLA 0 for 2 periods"), "{text}");
	}
	for who in [dave, eve] {
		wait_for(&chain, &node, 60, "cover", async || {
			sla(&chain, "sla_position", rpc_params![0, who.to_account_id().to_string()])
				.await
				.is_ok_and(|p| !p["cover"].is_null())
		})
		.await;
	}
	let position = sla(&chain, "sla_position", rpc_params![0, dave.to_account_id().to_string()])
		.await
		.unwrap();
	assert_eq!(position["cover"]["from"], 0, "bought before the first period: {position}");
	assert_eq!(position["cover"]["premium"], (UNIT).to_string());
	let charlie_before = free(&chain, charlie).await;

	// Period 0 with the validator up; it is stopped when period 1 starts.
	wait_for(&chain, &node, 240, "the second period", async || {
		now_ms(&chain).await >= first + HOUR_MS
	})
	.await;
	if let Some(mut child) = validator.0.take() {
		child.kill().unwrap();
		child.wait().unwrap();
	}
	wait_for(&chain, &node, 240, "both periods final", async || {
		sla(&chain, "sla_get", rpc_params![0]).await.is_ok_and(|s| s["state"] == "ended")
	})
	.await;

	let periods = sla(&chain, "sla_periods", rpc_params![0]).await.unwrap();
	let periods = periods.as_array().unwrap();
	assert_eq!(periods.len(), 2);
	let (met, breached) = (&periods[0], &periods[1]);
	assert_eq!(met["verdict"], "met", "{met}");
	assert!(met["sli"]["uptime_percent"].as_f64().unwrap() >= 90.0, "{met}");
	assert!(met["sli"]["probes"].as_u64().unwrap() >= 30, "{met}");
	assert_eq!(met["status"], "final");
	// The premium of both holders' cover (3 STK) to the provider, who has no backers.
	assert_eq!(met["money"]["to_provider"], (3 * UNIT).to_string(), "{met}");
	assert_eq!(breached["verdict"], "breached", "{breached}");
	assert!(breached["sli"]["uptime_percent"].as_f64().unwrap() < 10.0, "{breached}");
	assert_eq!(breached["credit_percent"], 50.0, "{breached}");
	// Half of 300 STK of cover is 150; the period cap is half of the 200 STK bond: 100 STK.
	assert_eq!(breached["money"]["from_bond"], (100 * UNIT).to_string(), "{breached}");
	assert_eq!(breached["money"]["refunded"], (3 * UNIT).to_string(), "{breached}");
	assert_eq!(free(&chain, charlie).await, charlie_before + 3 * UNIT);
	// `stacktical sla show` reads the same through the runtime API.
	let dave_ss58 = dave.to_account_id().to_string();
	let (code, text) =
		stacktical_sla(&["show", "--chain", &ws, "--sla", "0", "--account", &dave_ss58]);
	assert_eq!(code, Some(0), "{text}");
	let shown: Value = serde_json::from_str(&text).expect("show prints JSON");
	assert_eq!(shown["sla"], sla(&chain, "sla_get", rpc_params![0]).await.unwrap());
	assert_eq!(shown["periods"].as_array().unwrap(), periods);
	let position = sla(&chain, "sla_position", rpc_params![0, dave_ss58.clone()]).await.unwrap();
	assert_eq!(shown["position"], position);

	// The holders claim: a third and two thirds of 100 STK, plus their premium back.
	for (who, share) in [(dave, 100 * UNIT / 3 + UNIT), (eve, 200 * UNIT / 3 + 2 * UNIT)] {
		let position = sla(&chain, "sla_position", rpc_params![0, who.to_account_id().to_string()])
			.await
			.unwrap();
		let claimable: Balance = position["claimable_cover"].as_str().unwrap().parse().unwrap();
		assert!(claimable.abs_diff(share) <= 1, "{who:?}: {position}");
		let before = free(&chain, who).await;
		let suri = who.to_seed();
		let (code, text) =
			stacktical_sla(&["claim", "--chain", &ws, "--suri", &suri, "--sla", "0"]);
		assert_eq!(code, Some(0), "{text}");
		assert!(text.contains("claimed on SLA 0"), "{text}");
		wait_for(&chain, &node, 60, "the claim", async || {
			sla(&chain, "sla_position", rpc_params![0, who.to_account_id().to_string()])
				.await
				.is_ok_and(|p| p["cover"].is_null())
		})
		.await;
		let gained = free(&chain, who).await - before;
		// What was claimable, less the claim's transaction fee (well under 0.01 STK).
		assert!(
			gained <= claimable && gained + UNIT / 100 > claimable,
			"{who:?} gained {gained} of {claimable}"
		);
	}

	// Bad parameters get clear errors.
	let code = |e: RpcError| match e {
		RpcError::Call(e) => e.code(),
		other => panic!("{other}"),
	};
	assert_eq!(
		code(sla(&chain, "sla_get", rpc_params![7]).await.unwrap_err()),
		pallet_sla_rpc::error::UNKNOWN_SLA
	);
	assert_eq!(
		code(sla(&chain, "sla_position", rpc_params![0, "not-an-account"]).await.unwrap_err()),
		pallet_sla_rpc::error::INVALID_PARAMS
	);
	assert_eq!(
		code(sla(&chain, "sla_periods", rpc_params![0, 0, 401]).await.unwrap_err()),
		pallet_sla_rpc::error::INVALID_PARAMS
	);
}

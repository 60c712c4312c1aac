//! End to end on `stacktical-node --dev`: campaigns created over RPC get a model from the
//! collator's off-chain worker within a few blocks, verified by the runtime, and the
//! `scalability_*` methods return it in JSON matching `stacktical fit` on the same data.

mod common;

use common::{cli, dataset, free_port, measurements, next_nonce, start_node, submit, wait_for_rpc};
use jsonrpsee::{core::client::ClientT, http_client::HttpClientBuilder, rpc_params};
use pallet_scalability::SweepKind;
use polkadot_sdk::{frame_support::BoundedVec, sp_keyring::Sr25519Keyring};
use serde_json::Value;
use stacktical_runtime::RuntimeCall;
use std::{
	process::Command,
	time::{Duration, Instant},
};

/// What `stacktical fit --format json` says about the same points.
fn cli_fit(points: &[(u32, f64)]) -> Value {
	let csv = std::env::temp_dir().join(format!(
		"stacktical-e2e-{}-{}.csv",
		std::process::id(),
		points.len()
	));
	let body: String = points.iter().map(|(n, x)| format!("{n},{x}\n")).collect();
	std::fs::write(&csv, format!("n,x\n{body}")).unwrap();
	let out = Command::new(cli())
		.args(["fit", "--format", "json", "--input"])
		.arg(&csv)
		.output()
		.unwrap();
	let _ = std::fs::remove_file(&csv);
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	serde_json::from_slice(&out.stdout).unwrap()
}

fn assert_close(what: &str, chain: &Value, cli: &Value) {
	let (a, b) = (chain.as_f64().unwrap(), cli.as_f64().unwrap());
	assert!((a - b).abs() <= 1e-3 * b.abs().max(1e-12), "{what}: chain {a} vs stacktical fit {b}");
}

async fn wait_for_model(client: &impl ClientT, id: u32) -> Value {
	let deadline = Instant::now() + Duration::from_secs(120);
	loop {
		let campaign: Value =
			client.request("scalability_campaign", rpc_params![id]).await.unwrap();
		if !campaign["model"].is_null() {
			return campaign;
		}
		assert!(Instant::now() < deadline, "no model for campaign {id} within 120 s: {campaign}");
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn collators_fit_campaigns_and_rpc_reports_the_model() {
	let rpc_port = free_port();
	let _node = start_node(rpc_port, &["--dev-block-time", "1000"]);
	let client =
		HttpClientBuilder::default().build(format!("http://127.0.0.1:{rpc_port}")).unwrap();
	wait_for_rpc(&client).await;

	// Two campaigns of one network: R's reference data set (7 points) and the first 8
	// measured points of the ray-tracer benchmark, the second with the first as baseline.
	let (_, spec) = dataset("specsdm91.csv", usize::MAX);
	let (_, ray) = dataset("raytracer.csv", 8);
	assert_eq!(ray.len(), 8);
	let alice = Sr25519Keyring::Alice;
	let mut nonce = next_nonce(&client, alice).await;
	for (release, baseline, points) in [("v1.0.0", None, &spec), ("v1.1.0", Some(0), &ray)] {
		let id = baseline.map_or(0, |b| b + 1);
		let create = pallet_scalability::Call::create_campaign {
			network: BoundedVec::truncate_from(b"e2e-net".to_vec()),
			release: BoundedVec::truncate_from(release.as_bytes().to_vec()),
			sweep_kind: SweepKind::Validators,
			baseline,
		};
		submit(&client, alice, nonce, RuntimeCall::Scalability(create)).await;
		let batch = pallet_scalability::Call::submit_measurements {
			campaign: id,
			points: BoundedVec::truncate_from(measurements(points)),
		};
		submit(&client, alice, nonce + 1, RuntimeCall::Scalability(batch)).await;
		nonce += 2;
	}

	for (id, points) in [(0u32, &spec), (1, &ray)] {
		let campaign = wait_for_model(&client, id).await;
		assert_eq!(campaign["network"], "e2e-net");
		assert_eq!(campaign["measurements"].as_array().unwrap().len(), points.len());
		let model = &campaign["model"];
		let cli = cli_fit(points);
		for key in ["sigma", "kappa", "lambda"] {
			if cli[key].as_f64().unwrap() == 0.0 {
				assert!(model[key].as_f64().unwrap().abs() < 1e-7, "{key}: {}", model[key]);
			} else {
				assert_close(key, &model[key], &cli[key]);
			}
		}
		assert_close("r_squared", &model["r_squared"], &cli["r_squared"]);
		if !cli["peak_n"].is_null() {
			assert_close("peak_n", &model["peak_n"], &cli["peak_n"]);
			assert_close("peak_tps", &model["peak_tps"], &cli["peak_x"]);
		}
	}

	// R's published specsdm91 fit: N* ≈ 96.5, N_opt... and the peak floor.
	let spec_campaign: Value =
		client.request("scalability_campaign", rpc_params![0]).await.unwrap();
	assert_eq!(spec_campaign["model"]["peak_n_floor"], 96);

	// History in release order, the comparison with the baseline, predictions.
	let history: Vec<Value> =
		client.request("scalability_history", rpc_params!["e2e-net"]).await.unwrap();
	let releases: Vec<&str> = history.iter().map(|h| h["release"].as_str().unwrap()).collect();
	assert_eq!(releases, ["v1.0.0", "v1.1.0"]);
	// The ray tracer peaks at a few hundred TPS, R's data set near 1,884: a regression of
	// about 80 %, whatever the last digits of either fit.
	let comparison: Value = client.request("scalability_compare", rpc_params![1, 0]).await.unwrap();
	assert_eq!(comparison["verdict"], "regressed", "{comparison}");
	let drop = comparison["peak_tps_change"].as_f64().unwrap();
	assert!((-0.95..-0.6).contains(&drop), "peak change {drop}");
	assert_eq!(history[1]["comparison"]["verdict"], "regressed");
	// The model is on-chain: the dry run of the collators' fit says nothing better can come;
	// the label belongs to the account that created its first campaign.
	let check: Value = client.request("scalability_checkFit", rpc_params![0]).await.unwrap();
	assert_eq!(
		(check["accepted"].as_bool(), check["reason"].as_str()),
		(Some(false), Some("not_better")),
		"{check}"
	);
	assert!(["improving", "final"].contains(&spec_campaign["fit"]["status"].as_str().unwrap()));
	let network: Value =
		client.request("scalability_network", rpc_params!["e2e-net"]).await.unwrap();
	assert_eq!(network["owner"], alice.to_account_id().to_string());
	let none: Value = client.request("scalability_checkFit", rpc_params![99]).await.unwrap();
	assert!(none.is_null());

	// The release gate on the chain's own verdict: it waits for each final model, passes the
	// first release, and refuses the second because the chain judged it regressed.
	let ws = format!("ws://127.0.0.1:{rpc_port}");
	let gate = |extra: &[&str]| {
		let out = Command::new(cli())
			.args(["gate", "--chain", &ws, "--wait", "120"])
			.args(extra)
			.output()
			.unwrap();
		let text = format!(
			"{}{}",
			String::from_utf8_lossy(&out.stdout),
			String::from_utf8_lossy(&out.stderr)
		);
		(out.status.code(), text)
	};
	let (code, text) =
		gate(&["--network", "e2e-net", "--release", "v1.0.0", "--min-peak-tps", "1800"]);
	assert_eq!(code, Some(0), "{text}");
	assert!(text.contains("QA passed: campaign 0 (e2e-net v1.0.0)"), "{text}");
	let (code, text) = gate(&["--campaign", "1", "--max-latency-at-peak-ms", "1000000"]);
	assert_eq!(code, Some(1), "{text}");
	assert!(
		text.contains(
			"QA refused: the chain judged campaign 1 (e2e-net v1.1.0) regressed against campaign 0"
		),
		"{text}"
	);
	let (code, text) = gate(&["--campaign", "1", "--max-peak-drop", "5%"]);
	assert_eq!(code, Some(1), "{text}");
	assert!(text.contains("QA refused: predicted peak dropped"), "{text}");
	// Bad input: an unknown campaign or release, exit 2.
	let (code, text) = gate(&["--campaign", "99"]);
	assert_eq!(code, Some(2), "{text}");
	assert!(text.contains("no campaign 99"), "{text}");
	let (code, text) = gate(&["--network", "e2e-net", "--release", "v9"]);
	assert_eq!(code, Some(2), "{text}");
	let predictions: Vec<Value> = client
		.request("scalability_predict", rpc_params![0, vec![1.0, 96.5, 200.0]])
		.await
		.unwrap();
	assert_eq!(predictions.len(), 3);
	assert!(predictions[1]["tps"].as_f64().unwrap() > predictions[2]["tps"].as_f64().unwrap());
	let bad = client.request::<Value, _>("scalability_predict", rpc_params![0, vec![-1.0]]).await;
	assert!(format!("{bad:?}").contains("positive"), "{bad:?}");
}

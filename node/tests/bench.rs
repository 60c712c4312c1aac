//! End to end: `stacktical bench` sweeps concurrent senders against `stacktical-node --dev`
//! with the `benchmark` preset, fits the USL, draws the chart; `stacktical gate` passes and
//! fails as its thresholds say; `stacktical publish` records the sweep as a campaign that the
//! chain's collator fits.

mod common;

use common::{best_number, cli, free_port, start_node, wait_for_rpc};
use jsonrpsee::{core::client::ClientT, http_client::HttpClientBuilder, rpc_params};
use serde_json::Value;
use std::{
	process::Command,
	time::{Duration, Instant},
};

fn gate(args: &[&str]) -> (i32, String) {
	let out = Command::new(cli()).arg("gate").args(args).output().unwrap();
	(out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The runtime's `Scalability.MinRSquared`.
const MIN_R_SQUARED: f64 = 0.5;

/// `stacktical publish --wait 120` of a report to the node: exit code, stdout, stderr.
fn publish(ws: &str, report: &str) -> (Option<i32>, String, String) {
	let out = Command::new(cli())
		.args(["publish", "--report", report, "--ws", ws])
		.args(["--suri", "//Alice", "--wait", "120"])
		.output()
		.unwrap();
	let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
	(out.status.code(), text(&out.stdout), text(&out.stderr))
}

/// The campaign `publish` created, from its first line.
fn campaign_id(stdout: &str) -> u32 {
	stdout
		.split_whitespace()
		.skip_while(|w| *w != "campaign")
		.nth(1)
		.and_then(|id| id.trim_end_matches(';').parse().ok())
		.unwrap_or_else(|| panic!("no campaign id in {stdout}"))
}

/// The model `publish --wait` printed after its first line.
fn model_of(stdout: &str) -> Value {
	let json = stdout.find('{').map(|at| &stdout[at..]).unwrap_or_default();
	serde_json::from_str(json).unwrap_or_else(|e| panic!("no model in {stdout}: {e}"))
}

/// X(N) of the Universal Scalability Law.
fn usl(sigma: f64, kappa: f64, lambda: f64, n: f64) -> f64 {
	lambda * n / (1.0 + sigma * (n - 1.0) + kappa * n * (n - 1.0))
}

/// A `stacktical bench` report of a senders sweep with these `(n, tps)` steps, whose own fit
/// claims `r_squared`.
fn sweep_report(release: &str, steps: &[(u32, f64)], r_squared: f64) -> Value {
	let steps: Vec<Value> = steps
		.iter()
		.map(|&(n, tps)| {
			serde_json::json!({"n": n, "summary": {"tps": tps, "included_in_window": 100,
				"inclusion_latency": {"p50_ms": 900.0, "p95_ms": 1500.0}}})
		})
		.collect();
	serde_json::json!({"network": "dev-instant", "release": release, "sweep_kind": "senders",
		"steps": steps, "model": {"r_squared": r_squared}})
}

#[tokio::test(flavor = "multi_thread")]
async fn senders_sweep_fits_gates_and_publishes() {
	let rpc_port = free_port();
	let node = start_node(rpc_port, &["--chain", "benchmark", "--instant-seal"]);
	let client =
		HttpClientBuilder::default().build(format!("http://127.0.0.1:{rpc_port}")).unwrap();
	wait_for_rpc(&client).await;
	let ws = format!("ws://127.0.0.1:{rpc_port}");
	let out = std::env::temp_dir().join(format!("stacktical-bench-{}", std::process::id()));

	let run = Command::new(cli())
		.args([
			"bench",
			"--ws",
			&ws,
			"--senders",
			"1,2,4,8",
			"--duration",
			"10",
			"--warmup",
			"2",
			"--cooldown",
			"2",
		])
		.args(["--network", "dev-instant", "--release", "test"])
		.arg("--out")
		.arg(&out)
		.output()
		.unwrap();
	assert!(run.status.success(), "bench failed: {}", String::from_utf8_lossy(&run.stderr));
	let report: Value =
		serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
	let steps = report["steps"].as_array().unwrap();
	assert_eq!(steps.len(), 4);
	for (step, n) in steps.iter().zip([1, 2, 4, 8]) {
		assert_eq!(step["n"], n);
		let s = &step["summary"];
		assert!(s["tps"].as_f64().unwrap() > 0.0, "N = {n}: {s}");
		assert!(s["inclusion_latency"]["p50_ms"].as_f64().unwrap() > 0.0, "N = {n}: {s}");
		assert!(s["finality_latency"]["p95_ms"].as_f64().unwrap() > 0.0, "N = {n}: {s}");
		assert_eq!(s["errors"], 0, "N = {n}: {s}");
	}
	assert!(report["generator"]["signing_tps_per_core"].as_f64().unwrap() > 0.0);
	let model = &report["model"];
	assert!(model["lambda"].as_f64().unwrap() > 0.0, "the fit ran: {}", report["fit_error"]);
	let svg = std::fs::read_to_string(out.join("scalability.svg")).unwrap();
	assert!(
		svg.trim_start().starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
		"a complete SVG"
	);
	assert!(std::fs::read_to_string(out.join("summary.md")).unwrap().contains("| 8 |"));

	// The gate: thresholds around the prediction pass or fail as they say.
	let path = out.join("report.json");
	let report_path = path.to_str().unwrap();
	match model["peak_x"].as_f64().or(model["x_roof"].as_f64()) {
		Some(max) => {
			let (code, text) =
				gate(&["--report", report_path, "--min-peak-tps", &format!("{}", max * 0.5)]);
			assert_eq!(code, 0, "{text}");
			assert!(text.contains("QA passed"));
			let (code, text) =
				gate(&["--report", report_path, "--min-peak-tps", &format!("{}", max * 2.0)]);
			assert_eq!(code, 1, "{text}");
			assert!(text.contains("QA refused") && text.contains("below the required"), "{text}");
			let (code, text) = gate(&[
				"--report",
				report_path,
				"--baseline",
				report_path,
				"--max-peak-drop",
				"5%",
			]);
			assert_eq!(code, 0, "{text}");
		},
		None => {
			let (code, text) = gate(&["--report", report_path, "--min-peak-tps", "1"]);
			assert_eq!(code, 1, "{text}");
			assert!(text.contains("no maximum"), "{text}");
		},
	}
	let (code, _) = gate(&["--report", report_path]);
	assert_eq!(code, 2, "no requirement is bad input");

	// Publish: the sweep becomes a campaign, and the chain decides whether the collator's
	// model for it is acceptable (a sweep measured on a busy two-core machine may fit too
	// poorly: its throughput saturates at two senders and jitters after). `--wait` prints the
	// model when the chain takes it, and fails at once with the chain's reason when not.
	let started = Instant::now();
	let (code, stdout, stderr) = publish(&ws, report_path);
	let id = campaign_id(&stdout);
	let campaign: Value = client.request("scalability_campaign", rpc_params![id]).await.unwrap();
	let check: Value = client.request("scalability_checkFit", rpc_params![id]).await.unwrap();
	if !campaign["model"].is_null() || check["accepted"] == true {
		assert_eq!(code, Some(0), "{stdout}{stderr}\nnode log:\n{}", node.log_tail(60));
		let arrived = model_of(&stdout);
		assert!(arrived["lambda"].as_f64().unwrap() > 0.0, "{stdout}");
		assert!(
			arrived["r_squared"].as_f64().unwrap() >= MIN_R_SQUARED,
			"the chain took R² = {}",
			arrived["r_squared"]
		);
	} else {
		assert_eq!(code, Some(1), "{stdout}{stderr}\nnode log:\n{}", node.log_tail(60));
		let reason = check["reason"].as_str().unwrap();
		assert!(
			stderr.contains(reason) && stderr.contains("collators will not submit"),
			"{stderr}"
		);
		assert!(started.elapsed() < Duration::from_secs(60), "it did not wait for the timeout");
	}

	// A sweep from known coefficients, each throughput off by up to 1 %, that peaks inside the
	// sweep: the model the collator finds and the runtime accepts is those coefficients.
	let (sigma, kappa, lambda) = (0.1, 0.02, 20.0);
	let known: Vec<(u32, f64)> = (1..=8u32)
		.map(|n| {
			let x = usl(sigma, kappa, lambda, f64::from(n));
			(n, x * (1.0 + 0.01 * [1.0, -1.0, 0.5, -0.5][n as usize % 4]))
		})
		.collect();
	let known_path = out.join("known.json");
	std::fs::write(&known_path, sweep_report("known", &known, 0.99).to_string()).unwrap();
	let (code, stdout, stderr) = publish(&ws, known_path.to_str().unwrap());
	assert_eq!(code, Some(0), "{stdout}{stderr}\nnode log:\n{}", node.log_tail(60));
	let arrived = model_of(&stdout);
	for (name, truth, tolerance) in
		[("sigma", sigma, 0.02), ("kappa", kappa, 0.003), ("lambda", lambda, 1.0)]
	{
		let found = arrived[name].as_f64().unwrap();
		assert!((found - truth).abs() < tolerance, "{name} = {found}, made with {truth}");
	}
	let peak = arrived["peak_n"].as_f64().unwrap();
	let true_peak = ((1.0 - sigma) / kappa).sqrt();
	assert!((peak - true_peak).abs() < 0.05 * true_peak, "peak N {peak}, made with {true_peak}");

	// A sweep that follows no scaling law, in a report that claims a good fit: the chain's own
	// check refuses it (too poor a fit), and `--wait` says so at once rather than timing out.
	let noise = [(1, 10.0), (2, 3.0), (3, 12.0), (4, 2.0), (5, 11.0), (6, 4.0)];
	let poor_path = out.join("noise.json");
	std::fs::write(&poor_path, sweep_report("noise", &noise, 0.99).to_string()).unwrap();
	let started = Instant::now();
	let (code, stdout, stderr) = publish(&ws, poor_path.to_str().unwrap());
	assert_eq!(code, Some(1), "{stdout}{stderr}");
	let id = campaign_id(&stdout);
	let check: Value = client.request("scalability_checkFit", rpc_params![id]).await.unwrap();
	assert_eq!(
		(check["accepted"].as_bool(), check["reason"].as_str()),
		(Some(false), Some("poor_fit"))
	);
	assert!(
		stderr.contains("poor_fit, code 7") && stderr.contains("collators will not submit"),
		"{stderr}"
	);
	assert!(started.elapsed() < Duration::from_secs(60), "it did not wait for the timeout");
	let campaign: Value = client.request("scalability_campaign", rpc_params![id]).await.unwrap();
	assert!(campaign["model"].is_null());
	assert_eq!(campaign["fit"]["status"], "awaiting_model", "until its deadline: {campaign}");
	let _ = std::fs::remove_dir_all(&out);

	// Idle, the instant-seal chain still seals an empty block every few seconds, so off-chain
	// workers keep running (a collator retries on the next block a fit the pool refused).
	tokio::time::sleep(Duration::from_secs(1)).await;
	let idle_from = best_number(&client).await.unwrap();
	let deadline = Instant::now() + Duration::from_secs(20);
	while best_number(&client).await.unwrap_or(0) <= idle_from {
		assert!(Instant::now() < deadline, "no block within 20 s on an idle instant-seal chain");
		tokio::time::sleep(Duration::from_millis(250)).await;
	}
}

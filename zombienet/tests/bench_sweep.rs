//! Slow tier: `stacktical bench --zombienet zombienet/bench-sweep.toml --sizes 2,3,4` spawns a
//! network per relay-chain size, measures the same closed-loop load on each, tears each down,
//! and writes a report with one point per size and a fitted (or explained) model.
//!
//! Needs the relay-chain binaries and spec (scripts/relay-binaries.sh), `stacktical-node` on
//! PATH, and a `stacktical` built with `--features zombienet` in `$STACKTICAL_CLI`
//! (scripts/test-slow.sh builds it); skips with a message otherwise.

use stacktical_zombienet::{binary, on_path, relay_chain_missing, skip, zombienet_file};
use std::process::Command;

#[test]
fn a_sweep_over_three_network_sizes_reports_each_size() {
	if let Some(why) = relay_chain_missing() {
		skip(&why);
		return;
	}
	if !on_path("stacktical-node") {
		skip("stacktical-node not on PATH (scripts/test-slow.sh puts it there)");
		return;
	}
	let Some(cli) = binary("STACKTICAL_CLI", "stacktical") else {
		skip("no `stacktical` built with --features zombienet in $STACKTICAL_CLI");
		return;
	};
	let config = zombienet_file("bench-sweep.toml");
	let out = std::env::temp_dir().join(format!("stacktical-sweep-{}", std::process::id()));
	let status = Command::new(&cli)
		.args(["bench", "--zombienet", &config, "--sizes", "2,3,4", "--senders", "4"])
		.args(["--duration", "30", "--warmup", "6", "--cooldown", "6", "--network", "zombienet"])
		.arg("--out")
		.arg(&out)
		.status()
		.expect("stacktical runs");
	assert!(status.success(), "stacktical bench --zombienet failed");
	let report: serde_json::Value =
		serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
	assert_eq!(report["sweep_kind"], "validators");
	let steps = report["steps"].as_array().unwrap();
	let sizes: Vec<u64> = steps.iter().map(|s| s["n"].as_u64().unwrap()).collect();
	assert_eq!(sizes, [2, 3, 4]);
	for step in steps {
		assert!(step["summary"]["tps"].as_f64().unwrap() > 0.0, "{step}");
		assert!(!step["summary"]["inclusion_latency"].is_null(), "{step}");
	}
	assert!(
		!report["model"].is_null() || report["fit_error"].is_string(),
		"the fit ran: {}",
		report["fit_error"]
	);
	let _ = std::fs::remove_dir_all(&out);
}

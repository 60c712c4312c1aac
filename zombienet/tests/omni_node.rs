//! Slow tier: the runtime runs unmodified on `polkadot-omni-node` (upstream's binary, built by
//! scripts/relay-binaries.sh), in its relay-free dev mode, from the committed dev chain spec.
//! Skips with a message when `polkadot-omni-node` is not on PATH (zombienet/README.md).

use std::{
	process::{Command, Stdio},
	time::Duration,
};

use zombienet_sdk::subxt::{OnlineClient, PolkadotConfig};

#[tokio::test(flavor = "multi_thread")]
async fn runtime_produces_blocks_on_polkadot_omni_node() -> Result<(), anyhow::Error> {
	if !stacktical_zombienet::on_path("polkadot-omni-node") {
		stacktical_zombienet::skip(
			"polkadot-omni-node not on PATH; scripts/relay-binaries.sh builds it (zombienet/README.md)",
		);
		return Ok(());
	}
	let spec = stacktical_zombienet::zombienet_file("../chain-specs/stacktical-dev.json");
	let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
	let mut node = Command::new("polkadot-omni-node")
		.args(["--chain", &spec, "--dev", "--tmp", "--dev-block-time", "1000"])
		.args(["--rpc-port", &port.to_string(), "--no-prometheus", "--no-hardware-benchmarks"])
		.stdout(Stdio::null())
		.stderr(Stdio::null())
		.spawn()?;
	let result = tokio::time::timeout(Duration::from_secs(600), async {
		let client = loop {
			match OnlineClient::<PolkadotConfig>::from_insecure_url(format!(
				"ws://127.0.0.1:{port}"
			))
			.await
			{
				Ok(client) => break client,
				Err(_) => tokio::time::sleep(Duration::from_secs(1)).await,
			}
		};
		let mut blocks = client.blocks().subscribe_best().await?;
		let mut seen = 0;
		while let Some(block) = blocks.next().await {
			if block?.number() > 0 {
				seen += 1;
			}
			if seen >= 3 {
				break;
			}
		}
		anyhow::ensure!(seen >= 3, "fewer than 3 blocks from polkadot-omni-node");
		Ok::<_, anyhow::Error>(())
	})
	.await;
	let _ = node.kill();
	let _ = node.wait();
	result??;
	Ok(())
}

/// The same runtime as a parachain: in the local network, collator dave runs
/// `polkadot-omni-node` beside charlie's `stacktical-node`. Dave imports and finalizes the
/// parachain's blocks and authors some of them in his Aura slots, which charlie imports.
#[tokio::test(flavor = "multi_thread")]
async fn omni_node_collates_beside_stacktical_node() -> Result<(), anyhow::Error> {
	use stacktical_zombienet::{local_network, network_prerequisites, skip};
	use zombienet_sdk::NetworkConfigExt;

	let Some((node, spec)) = network_prerequisites() else { return Ok(()) };
	if !stacktical_zombienet::on_path("polkadot-omni-node") {
		skip("polkadot-omni-node not on PATH; scripts/relay-binaries.sh builds it (zombienet/README.md)");
		return Ok(());
	}
	let network = local_network(&spec, &node, "polkadot-omni-node")?.spawn_native().await?;
	let dave = network.get_node("dave")?;
	dave.wait_metric_with_timeout("block_height{status=\"best\"}", |b| b >= 6.0, 600u64).await?;
	dave.wait_metric_with_timeout("block_height{status=\"finalized\"}", |f| f >= 3.0, 600u64)
		.await?;
	// Blocks built by dave's omni-node and imported by charlie's stacktical-node.
	let logs = dave.logs().await?;
	let authored = logs
		.lines()
		.filter(|l| l.contains("[Parachain]") && l.contains("Prepared block for proposing"))
		.count();
	anyhow::ensure!(authored >= 1, "polkadot-omni-node authored no parachain block");
	// The tools need no custom RPC: `stacktical publish --wait` and `gate --chain` against the
	// omni-node read the scalability pallet through the runtime API (`state_call`).
	if let Some(cli) = stacktical_zombienet::binary("STACKTICAL_CLI", "stacktical") {
		publish_and_gate_through(&cli, dave.ws_uri())?;
	} else {
		skip("no `stacktical` in $STACKTICAL_CLI or on PATH (scripts/test-slow.sh builds it)");
	}
	network.destroy().await?;
	Ok(())
}

/// Publishes a sweep made from known USL coefficients through `ws` and gates it there.
fn publish_and_gate_through(cli: &str, ws: &str) -> Result<(), anyhow::Error> {
	let (sigma, kappa, lambda) = (0.1f64, 0.02f64, 20.0f64);
	let steps: Vec<serde_json::Value> = (1..=8u32)
		.map(|size| {
			// Sizes are whole numbers in a report (`stacktical bench` writes them so).
			let n = f64::from(size);
			let tps = lambda * n / (1.0 + sigma * (n - 1.0) + kappa * n * (n - 1.0));
			serde_json::json!({"n": size, "summary": {"tps": tps, "included_in_window": 100,
				"inclusion_latency": {"p50_ms": 900.0, "p95_ms": 1500.0}}})
		})
		.collect();
	let report = serde_json::json!({"network": "omni-node", "release": "v1",
		"sweep_kind": "senders", "steps": steps, "model": {"r_squared": 1.0}});
	let path = std::env::temp_dir().join(format!("stacktical-omni-{}.json", std::process::id()));
	std::fs::write(&path, report.to_string())?;
	let run = |args: &[&str]| -> Result<(bool, String), anyhow::Error> {
		let out = std::process::Command::new(cli).args(args).output()?;
		let text = format!(
			"{}{}",
			String::from_utf8_lossy(&out.stdout),
			String::from_utf8_lossy(&out.stderr)
		);
		Ok((out.status.success(), text))
	};
	let report_path = path.to_string_lossy().into_owned();
	let (ok, text) = run(&[
		"publish",
		"--report",
		&report_path,
		"--ws",
		ws,
		"--suri",
		"//Alice",
		"--wait",
		"600",
	])?;
	let _ = std::fs::remove_file(&path);
	anyhow::ensure!(ok && text.contains("\"lambda\""), "publish through the omni-node: {text}");
	let (ok, text) = run(&[
		"gate",
		"--chain",
		ws,
		"--network",
		"omni-node",
		"--release",
		"v1",
		"--min-peak-tps",
		"1",
		"--wait",
		"600",
	])?;
	anyhow::ensure!(ok && text.contains("QA passed"), "gate through the omni-node: {text}");
	Ok(())
}

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
	network.destroy().await?;
	Ok(())
}

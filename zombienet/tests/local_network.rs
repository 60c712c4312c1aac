//! Slow tier: a relay chain with 2 validators and the Stacktical parachain with 2 collators,
//! spawned natively by zombienet-sdk. The parachain produces and finalizes blocks, and a
//! balance transfer on it is included and finalized.
//!
//! Needs `polkadot`, `polkadot-prepare-worker` and `polkadot-execute-worker` on PATH, the
//! `rococo-local` spec (both from `scripts/relay-binaries.sh`), and
//! `stacktical-node` on PATH or in `$STACKTICAL_NODE`; skips with a message otherwise
//! (zombienet/README.md says how to get them).

use std::time::Duration;

use stacktical_zombienet::{local_network, network_prerequisites};

use zombienet_sdk::{
	subxt::{self, dynamic::Value, OnlineClient, PolkadotConfig},
	subxt_signer::sr25519::dev,
	NetworkConfigExt,
};

const BEST: &str = "block_height{status=\"best\"}";
const FINALIZED: &str = "block_height{status=\"finalized\"}";

#[tokio::test(flavor = "multi_thread")]
async fn relay_and_parachain_produce_finalize_and_transfer() -> Result<(), anyhow::Error> {
	let Some((node, spec)) = network_prerequisites() else { return Ok(()) };

	let network = local_network(&spec, &node, &node)?.spawn_native().await?;

	let charlie = network.get_node("charlie")?;
	charlie.wait_metric_with_timeout(BEST, |b| b >= 5.0, 600u64).await?;
	charlie.wait_metric_with_timeout(FINALIZED, |f| f >= 3.0, 600u64).await?;

	let client: OnlineClient<PolkadotConfig> = charlie.wait_client().await?;
	let bob = dev::bob().public_key();
	let transfer = subxt::dynamic::tx(
		"Balances",
		"transfer_keep_alive",
		vec![
			Value::unnamed_variant("Id", [Value::from_bytes(bob.0)]),
			Value::u128(1_000_000_000_000),
		],
	);
	let events = tokio::time::timeout(Duration::from_secs(300), async {
		client
			.tx()
			.sign_and_submit_then_watch_default(&transfer, &dev::alice())
			.await?
			.wait_for_finalized_success()
			.await
	})
	.await??;
	assert!(
		events
			.iter()
			.flatten()
			.any(|e| e.pallet_name() == "Balances" && e.variant_name() == "Transfer"),
		"the transfer emitted Balances::Transfer"
	);
	network.destroy().await?;
	Ok(())
}

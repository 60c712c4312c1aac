//! Slow tier: one real round trip of an SLI query over HRMP.
//!
//! A `rococo-local` relay chain (alice, bob), Stacktical (parachain 2000, charlie on
//! `stacktical-node`) and the test consumer parachain (2001, ferdie on `polkadot-omni-node`,
//! from `xcm-tests/consumer-runtime`). The relay chain's root opens HRMP channels both ways
//! (`Hrmp::force_open_hrmp_channel`, through sudo; they open at the next session). The
//! consumer's sovereign account on Stacktical is funded; the consumer's root asks
//! (`SliConsumer::ask`, through sudo) for Alice's SLIs over the last day. The request crosses
//! to Stacktical, is paid and executed there, and the answer comes back into the consumer's
//! `answer` callback: the bytes it keeps equal what Stacktical's `SliXcmApi_answer` returns.
//!
//! Needs what `local_network.rs` needs, `polkadot-omni-node` on PATH, and the consumer
//! runtime's wasm (`$CONSUMER_RUNTIME_WASM`; scripts/test-slow.sh builds it).

use std::time::{Duration, Instant};

use codec::{Decode, Encode};
use sli_xcm::{Query, VersionedAnswer, VersionedQuery, Window};
use stacktical_zombienet::{
	network_prerequisites, on_path, skip, sli_over_hrmp_network, CONSUMER_PARA_ID,
};
use zombienet_sdk::{
	subxt::{self, dynamic::Value, OnlineClient, PolkadotConfig},
	subxt_signer::sr25519::dev,
	NetworkConfigExt,
};

const BEST: &str = "block_height{status=\"best\"}";
/// Stacktical's parachain id.
const STACKTICAL: u32 = 2000;
/// Ten STK, in plancks: what the consumer's requests are paid from.
const FUNDS: u128 = 10_000_000_000_000;

/// The consumer's sovereign account on Stacktical: `"sibl"` ++ its id, zero-padded.
fn sibling_account(para: u32) -> [u8; 32] {
	let mut account = [0u8; 32];
	account[..4].copy_from_slice(b"sibl");
	account[4..8].copy_from_slice(&para.to_le_bytes());
	account
}

#[tokio::test(flavor = "multi_thread")]
async fn a_consumer_parachain_asks_stacktical_over_hrmp_and_gets_the_answer() -> anyhow::Result<()>
{
	let Some((node, spec)) = network_prerequisites() else { return Ok(()) };
	if !on_path("polkadot-omni-node") {
		skip("polkadot-omni-node not on PATH; scripts/relay-binaries.sh builds it");
		return Ok(());
	}
	let wasm = std::env::var("CONSUMER_RUNTIME_WASM").ok();
	let Some(wasm) = wasm.filter(|path| std::path::Path::new(path).is_file()) else {
		skip("no consumer runtime wasm in $CONSUMER_RUNTIME_WASM; scripts/test-slow.sh builds it");
		return Ok(());
	};

	let network = sli_over_hrmp_network(&spec, &node, &wasm)?.spawn_native().await?;
	let charlie = network.get_node("charlie")?;
	let ferdie = network.get_node("ferdie")?;
	charlie.wait_metric_with_timeout(BEST, |b| b >= 3.0, 900u64).await?;
	ferdie.wait_metric_with_timeout(BEST, |b| b >= 3.0, 900u64).await?;
	let stacktical: OnlineClient<PolkadotConfig> = charlie.wait_client().await?;
	let consumer: OnlineClient<PolkadotConfig> = ferdie.wait_client().await?;
	let relay: OnlineClient<PolkadotConfig> = network.get_node("alice")?.wait_client().await?;

	// HRMP channels both ways, opened by the relay chain's root.
	for (sender, recipient) in [(STACKTICAL, CONSUMER_PARA_ID), (CONSUMER_PARA_ID, STACKTICAL)] {
		let open = subxt::dynamic::tx(
			"Sudo",
			"sudo",
			vec![Value::unnamed_variant(
				"Hrmp",
				[Value::named_variant(
					"force_open_hrmp_channel",
					[
						("sender", Value::u128(sender.into())),
						("recipient", Value::u128(recipient.into())),
						("max_capacity", Value::u128(8)),
						("max_message_size", Value::u128(8 * 1024)),
					],
				)],
			)],
		);
		relay
			.tx()
			.sign_and_submit_then_watch_default(&open, &dev::alice())
			.await?
			.wait_for_finalized_success()
			.await?;
	}
	let opened = Instant::now();
	for (sender, recipient) in [(STACKTICAL, CONSUMER_PARA_ID), (CONSUMER_PARA_ID, STACKTICAL)] {
		let key = relay.storage().address_bytes(&subxt::dynamic::storage(
			"Hrmp",
			"HrmpChannels",
			vec![Value::named_composite([
				("sender", Value::u128(sender.into())),
				("recipient", Value::u128(recipient.into())),
			])],
		))?;
		while relay.storage().at_latest().await?.fetch_raw(key.clone()).await?.is_none() {
			anyhow::ensure!(
				opened.elapsed() < Duration::from_secs(300),
				"HRMP channel {sender} → {recipient} not open within 5 min"
			);
			tokio::time::sleep(Duration::from_secs(3)).await;
		}
	}
	// The parachains see the channels in the relay chain's state from their next blocks.
	tokio::time::sleep(Duration::from_secs(18)).await;

	// The consumer pays for its requests from its sovereign account on Stacktical.
	let fund = subxt::dynamic::tx(
		"Balances",
		"transfer_keep_alive",
		vec![
			Value::unnamed_variant("Id", [Value::from_bytes(sibling_account(CONSUMER_PARA_ID))]),
			Value::u128(FUNDS),
		],
	);
	stacktical
		.tx()
		.sign_and_submit_then_watch_default(&fund, &dev::alice())
		.await?
		.wait_for_finalized_success()
		.await?;

	// The consumer's root asks for Alice's SLIs over the last day.
	let alice = dev::alice().public_key().0;
	let query = VersionedQuery::V1(Query::Slis {
		stashes: vec![alice].try_into().expect("one stash"),
		window: Window::Day,
	});
	let query_value = Value::unnamed_variant(
		"V1",
		[Value::named_variant(
			"Slis",
			[
				("stashes", Value::unnamed_composite([Value::from_bytes(alice)])),
				("window", Value::unnamed_variant("Day", [])),
			],
		)],
	);
	let ask = subxt::dynamic::tx(
		"Sudo",
		"sudo",
		vec![Value::unnamed_variant(
			"SliConsumer",
			[Value::named_variant("ask", [("query", query_value)])],
		)],
	);
	let started = Instant::now();
	let events = consumer
		.tx()
		.sign_and_submit_then_watch_default(&ask, &dev::alice())
		.await?
		.wait_for_finalized_success()
		.await?;
	let events: Vec<_> = events.iter().collect::<Result<_, _>>()?;
	anyhow::ensure!(
		events.iter().any(|e| e.pallet_name() == "SliConsumer" && e.variant_name() == "Asked"),
		"the consumer did not send its request: {:?}",
		events
			.iter()
			.map(|e| format!("{}::{} {:?}", e.pallet_name(), e.variant_name(), e.field_values()))
			.collect::<Vec<_>>()
	);

	// The answer arrives in the consumer's callback, kept under query id 0.
	let key = consumer.storage().address_bytes(&subxt::dynamic::storage(
		"SliConsumer",
		"Answers",
		vec![Value::u128(0)],
	))?;
	let kept = loop {
		if let Some(bytes) = consumer.storage().at_latest().await?.fetch_raw(key.clone()).await? {
			break bytes;
		}
		anyhow::ensure!(
			started.elapsed() < Duration::from_secs(600),
			"no answer on the consumer chain within 10 min"
		);
		tokio::time::sleep(Duration::from_secs(3)).await;
	};
	let round_trip = started.elapsed();
	let answer = VersionedAnswer::<[u8; 32]>::decode(&mut &kept[..])?;

	// What Stacktical's runtime API answers to the same query.
	let api = stacktical
		.runtime_api()
		.at_latest()
		.await?
		.call_raw("SliXcmApi_answer", Some(&query.encode()))
		.await?;
	assert_eq!(kept, api, "the consumer kept {answer:?}");
	println!("round trip consumer → Stacktical → consumer over HRMP: {round_trip:.1?}; answer {answer:?}");

	network.destroy().await?;
	Ok(())
}

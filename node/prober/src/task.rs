//! The hand-off with the monitoring pallet's off-chain worker, through the node's off-chain
//! storage (PERSISTENT): the worker leaves a [`P2pOrder`] under [`P2P_ORDER_KEY`] at the
//! start of its run; this task sees it within [`POLL`], probes every target's addresses at
//! once, and leaves the [`P2pResults`] under [`P2P_RESULTS_KEY`], which the worker waits for
//! until the probe timeout and its hand-off allowance have passed.

use crate::{probe, Metrics, ProbeConfig, LOG_TARGET};
use codec::{Decode, Encode};
use futures::{future::join_all, stream, StreamExt};
use pallet_monitoring::{
	DownReason, Outcome, P2pOrder, P2pResults, Period, ProbeResult, P2P_ORDER_KEY, P2P_RESULTS_KEY,
};
use polkadot_sdk::sp_core::offchain::{OffchainStorage, STORAGE_PREFIX};
use std::time::Duration;

/// How often the task looks for a new order.
pub const POLL: Duration = Duration::from_millis(50);

/// Most targets probed at once (each with its addresses).
pub const MAX_IN_FLIGHT: usize = 256;

/// Answers the off-chain worker's orders for as long as the node runs.
pub async fn run<S: OffchainStorage>(
	mut storage: S,
	config: ProbeConfig,
	metrics: Option<Metrics>,
) {
	log::info!(
		target: LOG_TARGET,
		"p2p prober started (non-public addresses {})",
		if config.allow_private { "dialled" } else { "refused" },
	);
	let mut answered: Option<Period> = None;
	loop {
		tokio::time::sleep(POLL).await;
		if let Some(period) =
			answer_new_order(&mut storage, &config, metrics.as_ref(), answered).await
		{
			answered = Some(period);
		}
	}
}

/// Answers the order in `storage` if it is not the one of period `answered`; returns the
/// period answered.
pub async fn answer_new_order<S: OffchainStorage>(
	storage: &mut S,
	config: &ProbeConfig,
	metrics: Option<&Metrics>,
	answered: Option<Period>,
) -> Option<Period> {
	let raw = storage.get(STORAGE_PREFIX, P2P_ORDER_KEY)?;
	let order = match P2pOrder::decode(&mut &raw[..]) {
		Ok(order) => order,
		Err(e) => {
			log::warn!(target: LOG_TARGET, "an order that does not decode ({e}): runtime and node disagree");
			return None;
		},
	};
	if answered == Some(order.period) {
		return None;
	}
	let results = answer(&order, config, metrics).await;
	let up = results.iter().filter(|r| r.outcome.is_up()).count();
	log::debug!(
		target: LOG_TARGET,
		"period {}: probed {} targets over p2p, {up} up",
		order.period,
		results.len(),
	);
	let answer = P2pResults { period: order.period, results };
	storage.set(STORAGE_PREFIX, P2P_RESULTS_KEY, &answer.encode());
	if let Some(metrics) = metrics {
		metrics.orders.inc();
	}
	Some(order.period)
}

/// Probes every target of `order`, all its addresses at once: a target is up if one of its
/// addresses is (the first such address's RTT), down for its first address's reason otherwise.
pub async fn answer(
	order: &P2pOrder,
	config: &ProbeConfig,
	metrics: Option<&Metrics>,
) -> Vec<ProbeResult> {
	let timeout = Duration::from_millis(u64::from(order.timeout_ms));
	// Owned inputs: the futures must be `Send` for any lifetime (the node spawns this task).
	let probes = order.targets.iter().cloned().map(|(target, addresses)| {
		let (config, metrics) = (config.clone(), metrics.cloned());
		async move {
			let probes = join_all(addresses.iter().map(|a| probe(a, &config, timeout))).await;
			if let Some(metrics) = &metrics {
				probes.iter().for_each(|p| metrics.observe(p));
			}
			let outcome = probes
				.iter()
				.map(|p| p.outcome)
				.find(Outcome::is_up)
				.or_else(|| probes.first().map(|p| p.outcome))
				.unwrap_or(Outcome::Down(DownReason::Unreachable));
			ProbeResult { target, outcome }
		}
	});
	stream::iter(probes).buffered(MAX_IN_FLIGHT).collect().await
}

#[cfg(test)]
mod tests {
	use super::*;
	use polkadot_sdk::sp_core::offchain::storage::InMemOffchainStorage;

	#[tokio::test]
	async fn an_order_is_answered_once_with_one_result_per_target() {
		let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
		let closed = listener.local_addr().unwrap().port();
		drop(listener);
		let peer = litep2p::PeerId::random();
		let refused = format!("/ip4/127.0.0.1/tcp/{closed}/p2p/{peer}").into_bytes();
		let private = format!("/ip4/10.0.0.1/tcp/{closed}/p2p/{peer}").into_bytes();
		let order = P2pOrder {
			period: 7,
			timeout_ms: 1_000,
			targets: vec![(3, vec![refused.clone()]), (5, vec![private, refused])],
		};
		let mut storage = InMemOffchainStorage::default();
		let config = ProbeConfig { allow_private: false, chain: None };
		assert_eq!(answer_new_order(&mut storage, &config, None, None).await, None, "no order yet");
		storage.set(STORAGE_PREFIX, P2P_ORDER_KEY, &order.encode());
		assert_eq!(answer_new_order(&mut storage, &config, None, None).await, Some(7));
		let raw = storage.get(STORAGE_PREFIX, P2P_RESULTS_KEY).unwrap();
		let results = P2pResults::decode(&mut &raw[..]).unwrap();
		assert_eq!(results.period, 7);
		// Public addresses only: 127.0.0.1 and 10.0.0.1 are never dialled; the first
		// address's reason stands for the target.
		assert_eq!(
			results.results,
			vec![
				ProbeResult { target: 3, outcome: Outcome::Down(DownReason::NoPublicAddress) },
				ProbeResult { target: 5, outcome: Outcome::Down(DownReason::NoPublicAddress) },
			]
		);
		assert_eq!(
			answer_new_order(&mut storage, &config, None, Some(7)).await,
			None,
			"answered once"
		);
		let dev = ProbeConfig { allow_private: true, chain: None };
		storage.set(STORAGE_PREFIX, P2P_ORDER_KEY, &P2pOrder { period: 8, ..order }.encode());
		assert_eq!(answer_new_order(&mut storage, &dev, None, Some(7)).await, Some(8));
		let raw = storage.get(STORAGE_PREFIX, P2P_RESULTS_KEY).unwrap();
		let results = P2pResults::decode(&mut &raw[..]).unwrap().results;
		assert_eq!(results[0].outcome, Outcome::Down(DownReason::Refused));
		assert!(!results[1].outcome.is_up(), "nothing listens at either address");
	}
}

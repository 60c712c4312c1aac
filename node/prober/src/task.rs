//! The hand-off with the monitoring pallet's off-chain worker, through the node's off-chain
//! storage (PERSISTENT): the worker leaves a [`P2pOrder`] under [`P2P_ORDER_KEY`] at the
//! start of its run; this task sees it within [`POLL`], probes every target's addresses at
//! once — its registered ones and those of its validator's newest signed record
//! ([`Records`]) — and leaves the [`P2pResults`] under [`P2P_RESULTS_KEY`], with the records
//! it holds, which the worker waits for until the probe timeout and its hand-off allowance
//! have passed.

use crate::{probe, records::Records, Metrics, ProbeConfig, LOG_TARGET};
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

/// Most addresses dialled per target (a record carries up to 32, often private ones).
pub const MAX_ADDRESSES: usize = 16;

/// Answers the off-chain worker's orders for as long as the node runs.
pub async fn run<S: OffchainStorage>(
	mut storage: S,
	config: ProbeConfig,
	metrics: Option<Metrics>,
	records: Records,
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
			answer_new_order(&mut storage, &config, metrics.as_ref(), &records, answered).await
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
	records: &Records,
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
	let (results, held) = answer(&order, config, metrics, records).await;
	let up = results.iter().filter(|r| r.outcome.is_up()).count();
	log::debug!(
		target: LOG_TARGET,
		"period {}: probed {} targets over p2p, {up} up",
		order.period,
		results.len(),
	);
	let answer = P2pResults { period: order.period, results, records: held };
	storage.set(STORAGE_PREFIX, P2P_RESULTS_KEY, &answer.encode());
	if let Some(metrics) = metrics {
		metrics.orders.inc();
	}
	Some(order.period)
}

/// The outcome of a target from its addresses' probes: up if one is (the first such RTT);
/// else the first reason from an address that could be dialled; else no public address.
pub fn outcome_of(probes: &[Outcome]) -> Outcome {
	probes
		.iter()
		.find(|o| o.is_up())
		.or_else(|| probes.iter().find(|o| **o != Outcome::Down(DownReason::NoPublicAddress)))
		.or_else(|| probes.first())
		.copied()
		.unwrap_or(Outcome::Down(DownReason::Unreachable))
}

/// Probes every target of `order`, all its addresses at once (registered ones first, then
/// its record's, at most [`MAX_ADDRESSES`]). A validator with neither is down for `no record`
/// once it has been wanted longer than the store's patience ([`Records::overdue`]), not
/// measured before. Returns the results and the records held of the order's validators.
pub async fn answer(
	order: &P2pOrder,
	config: &ProbeConfig,
	metrics: Option<&Metrics>,
	records: &Records,
) -> (Vec<ProbeResult>, Vec<(u32, Vec<u8>)>) {
	records.want(order.targets.iter().filter_map(|t| t.discovery));
	let timeout = Duration::from_millis(u64::from(order.timeout_ms));
	let mut held = Vec::new();
	let mut work = Vec::new();
	for target in &order.targets {
		let record = target.discovery.and_then(|key| records.get(&key));
		let mut addresses = target.addresses.clone();
		if let Some(record) = record {
			addresses.extend(record.addresses.iter().map(|a| a.to_string().into_bytes()));
			held.push((target.target, record.bytes));
		}
		let mut seen = std::collections::HashSet::new();
		addresses.retain(|a| seen.insert(a.clone()));
		addresses.truncate(MAX_ADDRESSES);
		let overdue = target.discovery.is_some_and(|key| records.overdue(&key));
		work.push((target.target, overdue, addresses));
	}
	// Owned inputs: the futures must be `Send` for any lifetime (the node spawns this task).
	let probes = work.into_iter().map(|(target, overdue, addresses)| {
		let (config, metrics) = (config.clone(), metrics.cloned());
		async move {
			if addresses.is_empty() {
				if let (true, Some(metrics)) = (overdue, &metrics) {
					metrics.probes.with_label_values(&[DownReason::NoRecord.label()]).inc();
				}
				return overdue.then_some(ProbeResult {
					target,
					outcome: Outcome::Down(DownReason::NoRecord),
				});
			}
			let probes = join_all(addresses.iter().map(|a| probe(a, &config, timeout))).await;
			if let Some(metrics) = &metrics {
				probes.iter().for_each(|p| metrics.observe(p));
			}
			let outcomes: Vec<Outcome> = probes.iter().map(|p| p.outcome).collect();
			Some(ProbeResult { target, outcome: outcome_of(&outcomes) })
		}
	});
	let results = stream::iter(probes)
		.buffered(MAX_IN_FLIGHT)
		.filter_map(|r| async move { r })
		.collect()
		.await;
	(results, held)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::testing::{peer_with, Validator};
	use pallet_monitoring::P2pTarget;
	use polkadot_sdk::sp_core::offchain::storage::InMemOffchainStorage;

	#[tokio::test]
	async fn a_validator_is_dialled_at_its_records_addresses_and_its_record_passed_on() {
		let chain = [0xab; 32];
		let alice = Validator::new([1; 32], [11; 32]);
		let bob = Validator::new([2; 32], [12; 32]);
		let (address, _peer) = peer_with(chain, alice.keypair());
		let (at, peer) = address.rsplit_once("/p2p/").unwrap();
		assert_eq!(peer, alice.peer_id().to_string(), "the peer holds the key the record names");
		let order = P2pOrder {
			period: 1,
			timeout_ms: 2_000,
			targets: vec![
				P2pTarget { target: 0, addresses: vec![], discovery: Some(alice.discovery_key()) },
				P2pTarget { target: 1, addresses: vec![], discovery: Some(bob.discovery_key()) },
			],
		};
		let config = ProbeConfig { allow_private: true, chain: Some(chain) };
		// Just named, a validator without a record is not measured.
		let (results, held) = answer(&order, &config, None, &Records::default()).await;
		assert!(results.is_empty() && held.is_empty());
		let records = Records::with_patience(Duration::ZERO);
		// Alice's record arrives from the DHT: a private address first, then the real one.
		let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
		let record = alice.record(&["/ip4/10.0.0.7/tcp/30333", at], now.as_nanos() - 1_000);
		let key = crate::records::dht_key(&alice.discovery_key());
		records.want([alice.discovery_key()]);
		assert_eq!(records.offer(&key, &record), crate::records::Offer::Kept);
		let (results, held) = answer(&order, &config, None, &records).await;
		assert!(results[0].outcome.is_up(), "{results:?}");
		assert_eq!(
			results[1],
			ProbeResult { target: 1, outcome: Outcome::Down(DownReason::NoRecord) }
		);
		assert_eq!(held, vec![(0, record)]);
	}

	#[test]
	fn a_dialled_addresss_reason_stands_before_a_private_ones() {
		use DownReason::*;
		let down = Outcome::Down;
		assert_eq!(outcome_of(&[down(NoPublicAddress), down(Timeout)]), down(Timeout));
		assert_eq!(outcome_of(&[down(Refused), Outcome::Up(3)]), Outcome::Up(3));
		assert_eq!(outcome_of(&[down(NoPublicAddress)]), down(NoPublicAddress));
		assert_eq!(outcome_of(&[]), down(Unreachable));
	}

	#[tokio::test]
	async fn an_order_is_answered_once_with_one_result_per_target() {
		let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
		let closed = listener.local_addr().unwrap().port();
		drop(listener);
		let peer = litep2p::PeerId::random();
		let refused = format!("/ip4/127.0.0.1/tcp/{closed}/p2p/{peer}").into_bytes();
		let private = format!("/ip4/10.0.0.1/tcp/{closed}/p2p/{peer}").into_bytes();
		let target =
			|target, addresses: Vec<Vec<u8>>| P2pTarget { target, addresses, discovery: None };
		let order = P2pOrder {
			period: 7,
			timeout_ms: 1_000,
			targets: vec![target(3, vec![refused.clone()]), target(5, vec![private, refused])],
		};
		let mut storage = InMemOffchainStorage::default();
		let config = ProbeConfig { allow_private: false, chain: None };
		let records = Records::default();
		let no_order = answer_new_order(&mut storage, &config, None, &records, None).await;
		assert_eq!(no_order, None, "no order yet");
		storage.set(STORAGE_PREFIX, P2P_ORDER_KEY, &order.encode());
		let period = answer_new_order(&mut storage, &config, None, &records, None).await;
		assert_eq!(period, Some(7));
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
		let again = answer_new_order(&mut storage, &config, None, &records, Some(7)).await;
		assert_eq!(again, None, "answered once");
		let dev = ProbeConfig { allow_private: true, chain: None };
		storage.set(STORAGE_PREFIX, P2P_ORDER_KEY, &P2pOrder { period: 8, ..order }.encode());
		let period = answer_new_order(&mut storage, &dev, None, &records, Some(7)).await;
		assert_eq!(period, Some(8));
		let raw = storage.get(STORAGE_PREFIX, P2P_RESULTS_KEY).unwrap();
		let results = P2pResults::decode(&mut &raw[..]).unwrap().results;
		assert_eq!(results[0].outcome, Outcome::Down(DownReason::Refused));
		assert!(!results[1].outcome.is_up(), "nothing listens at either address");
	}
}

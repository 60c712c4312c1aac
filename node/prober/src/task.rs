//! The hand-off with the monitoring pallet's off-chain worker, through the node's off-chain
//! storage (PERSISTENT): the worker leaves a [`NodeOrder`] under [`ORDER_KEY`] at the start
//! of its run; this task sees it within [`POLL`], probes every p2p target's addresses at once
//! — its registered ones and those of its validator's newest signed record ([`Records`]) —
//! and every HTTP target's URLs at once ([`http`](crate::http): names resolved here), and
//! leaves the [`NodeResults`] under [`RESULTS_KEY`], with the records it holds, which the
//! worker waits for until the probe timeout and its hand-off allowance have passed.

use crate::{http, probe, records::Records, Metrics, ProbeConfig, LOG_TARGET};
use codec::{Decode, Encode};
use futures::{future::join_all, stream, StreamExt};
use pallet_monitoring::{
	DownReason, NodeOrder, NodeResults, Outcome, Period, ProbeResult, ORDER_KEY, RESULTS_KEY,
};
use polkadot_sdk::sp_core::offchain::{OffchainStorage, STORAGE_PREFIX};
use std::time::Duration;
use tokio_rustls::TlsConnector;

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
		"prober started (non-public addresses {})",
		if config.allow_private { "dialled" } else { "refused" },
	);
	let tls = http::tls_connector()
		.map_err(|e| log::warn!(target: LOG_TARGET, "no TLS client ({e}): https probes will fail"))
		.ok();
	let prober = Prober { config, metrics, records, tls };
	let mut answered: Option<Period> = None;
	loop {
		tokio::time::sleep(POLL).await;
		if let Some(period) = answer_new_order(&mut storage, &prober, answered).await {
			answered = Some(period);
		}
	}
}

/// What answering an order takes.
#[derive(Clone)]
pub struct Prober {
	/// How to probe.
	pub config: ProbeConfig,
	/// Where to count probes, if anywhere.
	pub metrics: Option<Metrics>,
	/// The validators' records.
	pub records: Records,
	/// The TLS client of `https` probes (none: they fail as unreachable).
	pub tls: Option<TlsConnector>,
}

/// Answers the order in `storage` if it is not the one of period `answered`; returns the
/// period answered.
pub async fn answer_new_order<S: OffchainStorage>(
	storage: &mut S,
	prober: &Prober,
	answered: Option<Period>,
) -> Option<Period> {
	let raw = storage.get(STORAGE_PREFIX, ORDER_KEY)?;
	let order = match NodeOrder::decode(&mut &raw[..]) {
		Ok(order) => order,
		Err(e) => {
			log::warn!(target: LOG_TARGET, "an order that does not decode ({e}): runtime and node disagree");
			return None;
		},
	};
	if answered == Some(order.period) {
		return None;
	}
	let answer = answer(&order, prober).await;
	let up = |results: &[ProbeResult]| results.iter().filter(|r| r.outcome.is_up()).count();
	log::debug!(
		target: LOG_TARGET,
		"period {}: probed {} targets over p2p ({} up) and {} over HTTP ({} up)",
		order.period,
		answer.p2p.len(),
		up(&answer.p2p),
		answer.http.len(),
		up(&answer.http),
	);
	storage.set(STORAGE_PREFIX, RESULTS_KEY, &answer.encode());
	if let Some(metrics) = &prober.metrics {
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

/// Answers `order`: its p2p and HTTP targets probed at the same time.
pub async fn answer(order: &NodeOrder, prober: &Prober) -> NodeResults {
	let ((p2p, records), http) =
		futures::join!(answer_p2p(order, prober), answer_http(order, prober));
	NodeResults { period: order.period, p2p, http, records }
}

/// Probes every HTTP target of `order`, all its URLs at once ([`http::probe_urls`]).
async fn answer_http(order: &NodeOrder, prober: &Prober) -> Vec<ProbeResult> {
	let timeout = Duration::from_millis(u64::from(order.timeout_ms));
	// Owned inputs: the futures must be `Send` for any lifetime (the node spawns this task).
	let work: Vec<(u32, Vec<Vec<u8>>)> = order.http.clone();
	let probes = work.into_iter().map(|(target, urls)| {
		let (config, metrics, tls) =
			(prober.config.clone(), prober.metrics.clone(), prober.tls.clone());
		async move {
			let probes = http::probe_urls(&urls, &config, tls.as_ref(), timeout).await;
			if let Some(metrics) = &metrics {
				probes.iter().for_each(|p| metrics.observe_http(p));
			}
			ProbeResult { target, outcome: http::outcome_of(&probes) }
		}
	});
	stream::iter(probes).buffered(MAX_IN_FLIGHT).collect().await
}

/// Probes every p2p target of `order`, all its addresses at once (registered ones first, then
/// its record's, at most [`MAX_ADDRESSES`]). A validator with neither is down for `no record`
/// once it has been wanted longer than the store's patience ([`Records::overdue`]), not
/// measured before. Returns the results and the records held of the order's validators.
async fn answer_p2p(order: &NodeOrder, prober: &Prober) -> (Vec<ProbeResult>, Vec<(u32, Vec<u8>)>) {
	let (config, metrics, records) = (&prober.config, prober.metrics.as_ref(), &prober.records);
	records.want(order.p2p.iter().filter_map(|t| t.discovery));
	let timeout = Duration::from_millis(u64::from(order.timeout_ms));
	let mut held = Vec::new();
	let mut work = Vec::new();
	for target in &order.p2p {
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

	fn prober(config: ProbeConfig, records: Records) -> Prober {
		Prober { config, metrics: None, records, tls: None }
	}

	#[tokio::test]
	async fn a_validator_is_dialled_at_its_records_addresses_and_its_record_passed_on() {
		let chain = [0xab; 32];
		let alice = Validator::new([1; 32], [11; 32]);
		let bob = Validator::new([2; 32], [12; 32]);
		let (address, _peer) = peer_with(chain, alice.keypair());
		let (at, peer) = address.rsplit_once("/p2p/").unwrap();
		assert_eq!(peer, alice.peer_id().to_string(), "the peer holds the key the record names");
		let order = NodeOrder {
			period: 1,
			timeout_ms: 2_000,
			p2p: vec![
				P2pTarget { target: 0, addresses: vec![], discovery: Some(alice.discovery_key()) },
				P2pTarget { target: 1, addresses: vec![], discovery: Some(bob.discovery_key()) },
			],
			http: vec![],
		};
		let config = ProbeConfig { allow_private: true, chain: Some(chain) };
		// Just named, a validator without a record is not measured.
		let answered = answer(&order, &prober(config.clone(), Records::default())).await;
		assert!(answered.p2p.is_empty() && answered.records.is_empty());
		let records = Records::with_patience(Duration::ZERO);
		// Alice's record arrives from the DHT: a private address first, then the real one.
		let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
		let record = alice.record(&["/ip4/10.0.0.7/tcp/30333", at], now.as_nanos() - 1_000);
		let key = crate::records::dht_key(&alice.discovery_key());
		records.want([alice.discovery_key()]);
		assert_eq!(records.offer(&key, &record), crate::records::Offer::Kept);
		let NodeResults { p2p: results, records: held, .. } =
			answer(&order, &prober(config, records)).await;
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
		let named = format!("http://localhost:{closed}/health").into_bytes();
		let order = NodeOrder {
			period: 7,
			timeout_ms: 1_000,
			p2p: vec![target(3, vec![refused.clone()]), target(5, vec![private, refused])],
			http: vec![(6, vec![named])],
		};
		let mut storage = InMemOffchainStorage::default();
		let public_only =
			prober(ProbeConfig { allow_private: false, chain: None }, Records::default());
		let no_order = answer_new_order(&mut storage, &public_only, None).await;
		assert_eq!(no_order, None, "no order yet");
		storage.set(STORAGE_PREFIX, ORDER_KEY, &order.encode());
		let period = answer_new_order(&mut storage, &public_only, None).await;
		assert_eq!(period, Some(7));
		let raw = storage.get(STORAGE_PREFIX, RESULTS_KEY).unwrap();
		let results = NodeResults::decode(&mut &raw[..]).unwrap();
		assert_eq!(results.period, 7);
		// Public addresses only: 127.0.0.1 and 10.0.0.1 are never dialled, nor is what
		// `localhost` resolves to; the first address's reason stands for the target.
		let no_public = Outcome::Down(DownReason::NoPublicAddress);
		assert_eq!(
			results.p2p,
			vec![
				ProbeResult { target: 3, outcome: no_public },
				ProbeResult { target: 5, outcome: no_public },
			]
		);
		assert_eq!(results.http, vec![ProbeResult { target: 6, outcome: no_public }]);
		let again = answer_new_order(&mut storage, &public_only, Some(7)).await;
		assert_eq!(again, None, "answered once");
		let dev = prober(ProbeConfig { allow_private: true, chain: None }, Records::default());
		storage.set(STORAGE_PREFIX, ORDER_KEY, &NodeOrder { period: 8, ..order }.encode());
		let period = answer_new_order(&mut storage, &dev, Some(7)).await;
		assert_eq!(period, Some(8));
		let raw = storage.get(STORAGE_PREFIX, RESULTS_KEY).unwrap();
		let results = NodeResults::decode(&mut &raw[..]).unwrap();
		assert_eq!(results.p2p[0].outcome, Outcome::Down(DownReason::Refused));
		assert!(!results.p2p[1].outcome.is_up(), "nothing listens at either address");
		assert_eq!(results.http[0].outcome, Outcome::Down(DownReason::Unreachable));
	}
}

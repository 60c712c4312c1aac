//! The off-chain worker: a prober probes its share of the targets once per period and
//! submits the results.
//!
//! The pure parts ([`verdict`], [`sorted_results`]) decide from an HTTP answer whether a node
//! is healthy and put each channel's results in report order; the rest is a thin shell over
//! the off-chain HTTP
//! API: all requests of a round are sent at once with one deadline, and polled every
//! [`POLL_MS`] ms so each round trip is timed to that resolution.
//!
//! What only the node can probe goes to the node's prober: p2p endpoints (a runtime cannot
//! open a TCP connection) and HTTP URLs that name their host (only the node that resolves a
//! name can refuse one that leads to a private address; [`split_by_prober`]). The worker
//! leaves their [`NodeOrder`] in the node's off-chain storage — registered p2p addresses, the
//! discovery key of each validator of the relay chain's set, whose signed record the prober
//! dials, and the named URLs — probes the URLs that give an IP address (checked by the chain)
//! meanwhile, and takes the node prober's [`NodeResults`] for the period if they arrive within
//! the timeout and [`HANDOFF_MS`]. The report carries both channels' results apart: each has
//! its own SLIs. A node without the prober (the stock omni-node) never answers: its report
//! has no results for what it ordered (not measured), never "down". The prober's signed
//! records that are newer than the chain's go into the report ([`select_records`]).

use crate::{
	check_endpoint, endpoint_kind, url::names_its_host, Call, Config, Discovery, DiscoveryKey,
	DownReason, EndpointKind, LastReported, NodeOrder, NodeResults, Outcome, P2pTarget, Pallet,
	Period, ProbeReport, ProbeResult, RecordBytesOf, RecordsOf, ResultsOf, Settings, SignedRecord,
	TargetId, TargetUrls, Targets, LOG_TARGET, ORDER_KEY, RESULTS_KEY,
};
use alloc::vec::Vec;
use polkadot_sdk::{frame_support::traits::Time, sp_runtime::traits::Get};
use polkadot_sdk::{
	frame_system::{offchain::SubmitTransaction, pallet_prelude::BlockNumberFor},
	sp_io,
	sp_runtime::{
		offchain::{http, storage::StorageValueRef, Duration},
		RuntimeAppPublic,
	},
};

/// Polling interval while waiting for answers, in ms: the resolution of measured latency.
pub const POLL_MS: u64 = 2;

/// Most requests in flight at once.
pub const MAX_IN_FLIGHT: usize = 256;

/// Most bytes read of an answer (a `/health` answer is about 50).
pub const MAX_BODY: usize = 4096;

/// How long after the timeout the worker waits for the node prober's p2p results, in ms.
pub const HANDOFF_MS: u64 = 1_000;

/// Polling interval while waiting for the node prober's results, in ms.
pub const HANDOFF_POLL_MS: u64 = 20;

/// A record the chain has not heard of for this long (ms) is passed on by every prober of
/// the validator, not only by the period's carrier ([`Assignment::record_carrier`]).
///
/// [`Assignment::record_carrier`]: crate::assignment::Assignment::record_carrier
pub const RECORD_FALLBACK_MS: u64 = 2 * 3_600_000;

/// Off-chain storage key of the last period this node probed.
const PROBED_KEY: &[u8] = b"stacktical/monitoring/probed-period";

/// Whether an HTTP answer means "up". `/health` answers (the path ends with `/health`) must
/// also say the node is not syncing and, if it should have peers, has some.
pub fn verdict(url: &[u8], status: u16, body: &[u8]) -> Result<(), DownReason> {
	if status != 200 {
		return Err(DownReason::HttpStatus(status));
	}
	let path = url.split(|b| *b == b'?').next().unwrap_or(url);
	if !path.ends_with(b"/health") {
		return Ok(());
	}
	let syncing = json_value(body, b"isSyncing").ok_or(DownReason::BadBody)?;
	let peers = json_value(body, b"peers").ok_or(DownReason::BadBody)?;
	let should_have_peers = json_value(body, b"shouldHavePeers").ok_or(DownReason::BadBody)?;
	let peers: u64 =
		core::str::from_utf8(peers).ok().and_then(|p| p.parse().ok()).ok_or(DownReason::BadBody)?;
	match (syncing, should_have_peers) {
		(b"true", _) => Err(DownReason::Syncing),
		(b"false", b"true") if peers == 0 => Err(DownReason::NoPeers),
		(b"false", b"true" | b"false") => Ok(()),
		_ => Err(DownReason::BadBody),
	}
}

/// The raw token after `"key":` in a flat JSON object (no nesting needed for `/health`).
fn json_value<'a>(body: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
	let mut quoted = Vec::with_capacity(key.len() + 2);
	quoted.push(b'"');
	quoted.extend_from_slice(key);
	quoted.push(b'"');
	let at = body.windows(quoted.len()).position(|w| w == quoted.as_slice())?;
	let rest = &body[at + quoted.len()..];
	let rest = trim_start(rest).strip_prefix(b":")?;
	let rest = trim_start(rest);
	let end = rest.iter().position(|b| matches!(b, b',' | b'}' | b' ' | b'\n' | b'\r' | b'\t'))?;
	(end > 0).then(|| &rest[..end])
}

fn trim_start(bytes: &[u8]) -> &[u8] {
	let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
	&bytes[start..]
}

/// Probes `urls` concurrently with one deadline `timeout_ms` after the start; returns per
/// URL the round-trip time in ms of a healthy answer, or why it is down.
pub fn probe_urls(urls: &[&[u8]], timeout_ms: u32) -> Vec<Result<u32, DownReason>> {
	let mut outcomes: Vec<Result<u32, DownReason>> =
		urls.iter().map(|_| Err(DownReason::Timeout)).collect();
	for (chunk_start, chunk) in
		urls.chunks(MAX_IN_FLIGHT).enumerate().map(|(i, c)| (i * MAX_IN_FLIGHT, c))
	{
		let start = sp_io::offchain::timestamp();
		let deadline = start.add(Duration::from_millis(u64::from(timeout_ms)));
		let mut pending: Vec<(usize, http::PendingRequest)> = Vec::new();
		for (i, url) in chunk.iter().enumerate() {
			let slot = chunk_start + i;
			let Ok(url_str) = core::str::from_utf8(url) else {
				outcomes[slot] = Err(DownReason::Unreachable);
				continue;
			};
			match http::Request::get(url_str).deadline(deadline).send() {
				Ok(request) => pending.push((slot, request)),
				Err(_) => outcomes[slot] = Err(DownReason::Unreachable),
			}
		}
		while !pending.is_empty() {
			let now = sp_io::offchain::timestamp();
			if now >= deadline {
				// Everything left counts as a timeout (already the default).
				break;
			}
			let poll = now.add(Duration::from_millis(POLL_MS));
			let poll = if poll > deadline { deadline } else { poll };
			let (slots, requests): (Vec<usize>, Vec<http::PendingRequest>) =
				pending.drain(..).unzip();
			let answers = http::PendingRequest::try_wait_all(requests, Some(poll));
			let elapsed = sp_io::offchain::timestamp().diff(&start).millis();
			for (slot, answer) in slots.into_iter().zip(answers) {
				match answer {
					Err(still_pending) => pending.push((slot, still_pending)),
					Ok(Err(http::Error::DeadlineReached)) => {
						outcomes[slot] = Err(DownReason::Timeout)
					},
					Ok(Err(_)) => outcomes[slot] = Err(DownReason::Unreachable),
					Ok(Ok(response)) => {
						let body: Vec<u8> = response.body().take(MAX_BODY).collect();
						let latency = u32::try_from(elapsed).unwrap_or(u32::MAX);
						outcomes[slot] =
							verdict(urls[slot], response.code, &body).map(|()| latency);
					},
				}
			}
		}
	}
	outcomes
}

/// Probes each target's endpoints in order until one is healthy: the target is up with that
/// endpoint's round-trip time, or down for the first endpoint's reason.
pub fn probe_targets(targets: &[(TargetId, Vec<Vec<u8>>)], timeout_ms: u32) -> Vec<ProbeResult> {
	let mut outcomes: Vec<Option<Outcome>> = targets.iter().map(|_| None).collect();
	let mut first_reason: Vec<Option<DownReason>> = targets.iter().map(|_| None).collect();
	let rounds = targets.iter().map(|(_, urls)| urls.len()).max().unwrap_or(0);
	for round in 0..rounds {
		let asked: Vec<(usize, &[u8])> = targets
			.iter()
			.enumerate()
			.filter(|(i, _)| outcomes[*i].is_none())
			.filter_map(|(i, (_, urls))| urls.get(round).map(|url| (i, url.as_slice())))
			.collect();
		if asked.is_empty() {
			break;
		}
		let urls: Vec<&[u8]> = asked.iter().map(|(_, url)| *url).collect();
		for ((i, _), outcome) in asked.iter().zip(probe_urls(&urls, timeout_ms)) {
			match outcome {
				Ok(ms) => outcomes[*i] = Some(Outcome::Up(ms)),
				Err(reason) => {
					first_reason[*i].get_or_insert(reason);
				},
			}
		}
	}
	targets
		.iter()
		.zip(outcomes.into_iter().zip(first_reason))
		.map(|((target, _), (outcome, reason))| ProbeResult {
			target: *target,
			outcome: outcome.unwrap_or(Outcome::Down(reason.unwrap_or(DownReason::Unreachable))),
		})
		.collect()
}

/// One channel's results in report order: sorted by target, one per target (the first).
pub fn sorted_results(mut results: Vec<ProbeResult>) -> Vec<ProbeResult> {
	results.sort_by_key(|r| r.target);
	results.dedup_by_key(|r| r.target);
	results
}

/// A target of a prober's share: its endpoints, and its discovery key if its validator is in
/// the relay chain's set.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ShareTarget {
	/// The target.
	pub target: TargetId,
	/// Its endpoints the chain accepts, in order.
	pub endpoints: Vec<Vec<u8>>,
	/// Its authority-discovery key.
	pub discovery: Option<DiscoveryKey>,
}

/// Splits a share by kind: targets with HTTP URLs, and the p2p side — targets with p2p
/// addresses or a discovery key (a target can be on both sides).
pub fn split_by_kind(share: Vec<ShareTarget>) -> (Vec<TargetUrls>, Vec<P2pTarget>) {
	let mut http = Vec::new();
	let mut p2p = Vec::new();
	for ShareTarget { target, endpoints, discovery } in share {
		let (addresses, urls): (Vec<_>, Vec<_>) =
			endpoints.into_iter().partition(|e| endpoint_kind(e) == EndpointKind::P2p);
		if !urls.is_empty() {
			http.push((target, urls));
		}
		if !addresses.is_empty() || discovery.is_some() {
			p2p.push(P2pTarget { target, addresses, discovery });
		}
	}
	(http, p2p)
}

/// Splits the HTTP side of a share by who probes it: targets whose URLs all give an IP
/// address, which the chain has checked (the worker), and targets with a URL that names its
/// host (the node's prober, which resolves it and connects only to public addresses where
/// the relay chain is not a local one). A target's URLs stay together, in their order.
pub fn split_by_prober(http: Vec<TargetUrls>) -> (Vec<TargetUrls>, Vec<TargetUrls>) {
	http.into_iter().partition(|(_, urls)| !urls.iter().any(|url| names_its_host(url)))
}

/// The records for a report: of the prober's `records`, those of `wanted` targets (with
/// the creation time of the chain's newest record, if any) that are newer than the chain's
/// and at most `max_len` bytes, the targets the chain has heard from least recently first,
/// at most `max` of them.
pub fn select_records(
	records: Vec<(TargetId, Vec<u8>)>,
	wanted: &[(TargetId, Option<u64>)],
	max: usize,
	max_len: usize,
) -> Vec<(TargetId, Vec<u8>)> {
	let mut fresh: Vec<(Option<u64>, TargetId, Vec<u8>)> = records
		.into_iter()
		.filter(|(_, record)| record.len() <= max_len)
		.filter_map(|(target, record)| {
			let at = wanted.binary_search_by_key(&target, |(t, _)| *t).ok()?;
			let chain_ms = wanted.get(at)?.1;
			let created_ms = dht_record::created_ns(&record).ok()? / 1_000_000;
			chain_ms
				.is_none_or(|chain| created_ms > u128::from(chain))
				.then_some((chain_ms, target, record))
		})
		.collect();
	fresh.sort_by_key(|(chain_ms, target, _)| (*chain_ms, *target));
	fresh.dedup_by_key(|(_, target, _)| *target);
	fresh.into_iter().take(max).map(|(_, target, record)| (target, record)).collect()
}

/// Leaves `order` for the node's prober.
fn place_order(order: &NodeOrder) {
	sp_io::offchain::local_storage_set(
		polkadot_sdk::sp_core::offchain::StorageKind::PERSISTENT,
		ORDER_KEY,
		&codec::Encode::encode(order),
	);
}

/// The node prober's answer to `order`, polled until `deadline`: none if it did not answer in
/// time (no prober on this node); only results for the order's targets on each channel.
fn await_results(order: &NodeOrder, deadline: u64) -> Option<NodeResults> {
	let p2p: Vec<TargetId> = order.p2p.iter().map(|t| t.target).collect();
	let http: Vec<TargetId> = order.http.iter().map(|(t, _)| *t).collect();
	let results = StorageValueRef::persistent(RESULTS_KEY);
	loop {
		if let Ok(Some(mut answer)) = results.get::<NodeResults>() {
			if answer.period == order.period {
				answer.p2p.retain(|r| p2p.binary_search(&r.target).is_ok());
				answer.http.retain(|r| http.binary_search(&r.target).is_ok());
				return Some(answer);
			}
		}
		let now = sp_io::offchain::timestamp();
		if now.unix_millis() >= deadline {
			return None;
		}
		sp_io::offchain::sleep_until(now.add(Duration::from_millis(HANDOFF_POLL_MS)));
	}
}

impl<T: Config> Pallet<T> {
	/// One off-chain worker run: if this node holds a prober key and has not probed this
	/// period yet, probe the assigned targets and submit the report.
	pub(crate) fn probe_and_report(now: BlockNumberFor<T>) {
		if !sp_io::offchain::is_validator() || Targets::<T>::count() == 0 {
			return;
		}
		let probers = Self::probers();
		let Some((index, key)) = Self::local_prober_key(&probers) else {
			log::trace!(target: LOG_TARGET, "no prober key in the keystore: not probing");
			return;
		};
		let period = Self::period_of(now);
		if LastReported::<T>::get(&key).is_some_and(|last| last >= period) {
			return;
		}
		// Claim the period, so that the runs of the next blocks do not probe it again.
		let claimed =
			StorageValueRef::persistent(PROBED_KEY).mutate(|last: Result<Option<Period>, _>| {
				match last {
					Ok(Some(last)) if last >= period => Err(()),
					_ => Ok(period),
				}
			});
		if claimed.is_err() {
			return;
		}
		match Self::probe_share(&key, index, probers.len() as u32, period) {
			Ok((probed, up)) => log::info!(
				target: LOG_TARGET,
				"period {period}: {probed} probe results (p2p and HTTP), {up} up; report submitted",
			),
			Err(e) => log::warn!(target: LOG_TARGET, "period {period}: {e}"),
		}
	}

	/// The records for the report, within its bounds: newer than the chain's, of `targets`
	/// (sorted) this prober carries this period (`carried`, sorted), or that the chain has
	/// not heard of for [`RECORD_FALLBACK_MS`].
	fn report_records(
		records: Vec<(TargetId, Vec<u8>)>,
		targets: &[TargetId],
		carried: &[TargetId],
	) -> RecordsOf<T> {
		if records.is_empty() {
			return RecordsOf::<T>::default();
		}
		let overdue_before = T::Time::now().saturating_sub(RECORD_FALLBACK_MS);
		let wanted: Vec<(TargetId, Option<u64>)> = targets
			.iter()
			.filter_map(|target| {
				let state = Discovery::<T>::get(target)?;
				let latest = state.latest.map(|latest| latest.created_ms);
				let heard = latest.unwrap_or_else(|| {
					u64::from(state.since_hour).saturating_mul(sli::time::HOUR_MS)
				});
				let ours = carried.binary_search(target).is_ok() || heard < overdue_before;
				ours.then_some((*target, latest))
			})
			.collect();
		let selected = select_records(
			records,
			&wanted,
			T::MaxRecordsPerReport::get() as usize,
			T::MaxRecordLen::get() as usize,
		);
		RecordsOf::<T>::truncate_from(
			selected
				.into_iter()
				.filter_map(|(target, record)| {
					let record = RecordBytesOf::<T>::try_from(record).ok()?;
					Some(SignedRecord { target, record })
				})
				.collect(),
		)
	}

	/// This node's prober key and its index among the probers.
	fn local_prober_key(probers: &[T::AuthorityId]) -> Option<(u32, T::AuthorityId)> {
		let local = T::AuthorityId::all();
		probers
			.iter()
			.enumerate()
			.find(|(_, prober)| local.contains(prober))
			.map(|(i, prober)| (i as u32, prober.clone()))
	}

	/// Probes the targets assigned to prober `index` of `count` and submits the report:
	/// p2p endpoints, relay-set validators' records and URLs that name their host through the
	/// node's prober, URLs with an IP address here at the same time; each channel's results
	/// apart. Endpoints
	/// the chain no longer accepts (a non-public host, once the settings stop allowing them)
	/// are not probed; a target left without one and without a discovery key, or with only
	/// the p2p side on a node without the prober, is not measured. Returns how many results
	/// it reports and how many were up.
	fn probe_share(
		key: &T::AuthorityId,
		index: u32,
		count: u32,
		period: Period,
	) -> Result<(u32, u32), &'static str> {
		let settings = Settings::<T>::get();
		let assignment = Self::assignment(period, count);
		let mut share: Vec<ShareTarget> = Targets::<T>::iter()
			.filter(|(id, target)| !target.paused && assignment.is_assigned(*id, index))
			.map(|(id, target)| {
				let endpoints = target
					.endpoints
					.into_iter()
					.map(|url| url.into_inner())
					.filter(|url| check_endpoint(url, settings.allow_private_hosts).is_ok())
					.collect::<Vec<_>>();
				let discovery = Discovery::<T>::get(id).map(|state| state.key);
				ShareTarget { target: id, endpoints, discovery }
			})
			.filter(|t| !t.endpoints.is_empty() || t.discovery.is_some())
			.collect();
		if share.is_empty() {
			return Ok((0, 0));
		}
		share.sort_by_key(|t| t.target);
		let (http, p2p) = split_by_kind(share);
		let (http_here, http_named) = split_by_prober(http);
		let deadline = sp_io::offchain::timestamp()
			.unix_millis()
			.saturating_add(u64::from(settings.timeout_ms))
			.saturating_add(HANDOFF_MS);
		let p2p_targets: Vec<TargetId> = p2p.iter().map(|t| t.target).collect();
		let order = NodeOrder { period, timeout_ms: settings.timeout_ms, p2p, http: http_named };
		let ordered = !order.p2p.is_empty() || !order.http.is_empty();
		if ordered {
			place_order(&order);
		}
		let mut http_results = probe_targets(&http_here, settings.timeout_ms);
		let answer = if ordered { await_results(&order, deadline) } else { None };
		if ordered && answer.is_none() {
			log::debug!(
				target: LOG_TARGET,
				"period {period}: no results from the node (no prober?): {} targets not measured over p2p, {} URLs naming their host not probed",
				order.p2p.len(),
				order.http.len(),
			);
		}
		let NodeResults { p2p: p2p_results, http: node_http, records, .. } =
			answer.unwrap_or(NodeResults {
				period,
				p2p: Vec::new(),
				http: Vec::new(),
				records: Vec::new(),
			});
		http_results.extend(node_http);
		let carried: Vec<TargetId> = p2p_targets
			.iter()
			.copied()
			.filter(|target| assignment.record_carrier(*target, period) == Some(index))
			.collect();
		let records = Self::report_records(records, &p2p_targets, &carried);
		let (p2p, http) = (sorted_results(p2p_results), sorted_results(http_results));
		if p2p.is_empty() && http.is_empty() {
			return Ok((0, 0));
		}
		let probed = (p2p.len() + http.len()) as u32;
		let up = p2p.iter().chain(&http).filter(|r| r.outcome.is_up()).count() as u32;
		let p2p = ResultsOf::<T>::try_from(p2p).map_err(|_| "more p2p results than targets")?;
		let http = ResultsOf::<T>::try_from(http).map_err(|_| "more HTTP results than targets")?;
		let report = ProbeReport { prober: key.clone(), period, p2p, http, records };
		let signature =
			key.sign(&Self::signed_payload(&report)).ok_or("the keystore could not sign")?;
		let call = Call::submit_probes { report, signature };
		SubmitTransaction::<T, Call<T>>::submit_transaction(T::create_authorized_transaction(
			call.into(),
		))
		.map_err(|()| "the transaction pool refused the report")?;
		Ok((probed, up))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const HEALTH: &[u8] = b"http://node:9944/health";

	#[test]
	fn health_answers_decide_up_or_down() {
		let ok = br#"{"peers":12,"isSyncing":false,"shouldHavePeers":true}"#;
		assert_eq!(verdict(HEALTH, 200, ok), Ok(()));
		let dev = br#"{"peers":0,"isSyncing":false,"shouldHavePeers":false}"#;
		assert_eq!(verdict(HEALTH, 200, dev), Ok(()));
		let spaced = b"{ \"peers\" : 3 ,\n \"isSyncing\" : false , \"shouldHavePeers\" : true }";
		assert_eq!(verdict(HEALTH, 200, spaced), Ok(()));
		let syncing = br#"{"peers":12,"isSyncing":true,"shouldHavePeers":true}"#;
		assert_eq!(verdict(HEALTH, 200, syncing), Err(DownReason::Syncing));
		let lonely = br#"{"peers":0,"isSyncing":false,"shouldHavePeers":true}"#;
		assert_eq!(verdict(HEALTH, 200, lonely), Err(DownReason::NoPeers));
		assert_eq!(verdict(HEALTH, 200, b"<html>ok</html>"), Err(DownReason::BadBody));
		assert_eq!(
			verdict(HEALTH, 200, br#"{"peers":"x","isSyncing":false,"shouldHavePeers":true}"#),
			Err(DownReason::BadBody)
		);
		assert_eq!(verdict(HEALTH, 503, ok), Err(DownReason::HttpStatus(503)));
	}

	fn result(target: TargetId, outcome: Outcome) -> ProbeResult {
		ProbeResult { target, outcome }
	}

	#[test]
	fn a_channels_results_are_sorted_by_target_once_each() {
		let p2p = vec![
			result(3, Outcome::Up(5)),
			result(2, Outcome::Up(7)),
			result(3, Outcome::Down(DownReason::Refused)),
			result(1, Outcome::Down(DownReason::Refused)),
		];
		assert_eq!(
			sorted_results(p2p),
			vec![
				result(1, Outcome::Down(DownReason::Refused)),
				result(2, Outcome::Up(7)),
				result(3, Outcome::Up(5)),
			]
		);
	}

	#[test]
	fn endpoints_are_split_by_kind() {
		let p2p =
			b"/ip4/8.8.8.8/tcp/30333/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";
		let key = [7u8; 32];
		let target = |target, endpoints: Vec<&[u8]>, discovery| ShareTarget {
			target,
			endpoints: endpoints.into_iter().map(|e| e.to_vec()).collect(),
			discovery,
		};
		let share = vec![
			target(1, vec![HEALTH], None),
			target(2, vec![p2p, HEALTH], None),
			target(3, vec![p2p], None),
			// A relay-set validator without endpoints: its record's addresses.
			target(4, vec![], Some(key)),
			target(5, vec![HEALTH], Some(key)),
		];
		let (http, p2p_share) = split_by_kind(share);
		assert_eq!(
			http,
			vec![
				(1, vec![HEALTH.to_vec()]),
				(2, vec![HEALTH.to_vec()]),
				(5, vec![HEALTH.to_vec()])
			]
		);
		let p2p_target = |target, addresses: Vec<&[u8]>, discovery| P2pTarget {
			target,
			addresses: addresses.into_iter().map(|a| a.to_vec()).collect(),
			discovery,
		};
		assert_eq!(
			p2p_share,
			vec![
				p2p_target(2, vec![p2p], None),
				p2p_target(3, vec![p2p], None),
				p2p_target(4, vec![], Some(key)),
				p2p_target(5, vec![], Some(key)),
			]
		);
	}

	/// A record whose only meaningful part here is its creation time.
	fn record_created(ms: u64) -> Vec<u8> {
		let record = dht_record::build::authority_record(&[], Some(u128::from(ms) * 1_000_000));
		dht_record::build::signed_record(&record, &[0; 64], None)
	}

	#[test]
	fn only_records_newer_than_the_chains_go_into_a_report_least_recent_first() {
		let records = vec![
			(1, record_created(5_000)),
			(2, record_created(9_000)),
			(3, record_created(7_000)),
			(4, record_created(8_000)),
			(5, record_created(1_000)),
			(6, b"garbage".to_vec()),
		];
		// The chain has 2 at 9 s (not newer), 3 at 6 s, 4 never; 5 is not wanted.
		let wanted = [(1, Some(1_000)), (2, Some(9_000)), (3, Some(6_000)), (4, None), (6, None)];
		let ids = |selected: Vec<(TargetId, Vec<u8>)>| -> Vec<TargetId> {
			selected.into_iter().map(|(t, _)| t).collect()
		};
		assert_eq!(ids(select_records(records.clone(), &wanted, 10, 1024)), vec![4, 1, 3]);
		assert_eq!(ids(select_records(records.clone(), &wanted, 2, 1024)), vec![4, 1]);
		assert_eq!(ids(select_records(records, &wanted, 10, 10)), Vec::<TargetId>::new());
	}

	#[test]
	fn other_paths_only_need_a_200() {
		assert_eq!(verdict(b"http://node:9944/health/readiness", 200, b""), Ok(()));
		assert_eq!(
			verdict(b"http://node:9944/health/readiness", 500, b""),
			Err(DownReason::HttpStatus(500))
		);
		assert_eq!(verdict(b"http://node:9944/health?x=1", 200, b"{}"), Err(DownReason::BadBody));
	}
}

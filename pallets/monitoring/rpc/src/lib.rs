//! JSON-RPC methods of the monitoring pallet, for nominators, dashboards and scripts.
//!
//! | method | parameters | returns |
//! |---|---|---|
//! | `sli_validator` | stash (SS58), optional window, optional block hash | the validator's SLIs over the window, per prober too: over its primary channel (`channel`: `p2p`, or `http` for a validator probed only at its URLs), with its HTTP SLIs beside (`http`) where it has both |
//! | `sli_group` | stashes, optional window, optional block hash | the group's pooled SLIs and each member's |
//! | `sli_targets` | optional block hash | every monitored validator, its probers and their latest probes, its place in the relay chain's set and its newest signed record (PeerId, creation time) |
//! | `sli_history` | stash, optional window, optional block hash | the validator's SLIs bucket by bucket (hours or days) |
//!
//! A window is `"day"` (the default: the last 24 hours), `"week"`, `"month"` (30 days),
//! `"year"` (365 days), `"era"` (the current relay-chain era), `"era:N"`, or `"FROM..TO"` in
//! Unix milliseconds. Uptime is a percentage, latency in milliseconds, both decimals; times
//! are Unix milliseconds, with the blocks where the window starts and ends. See
//! `docs/monitoring.md` for examples.

use codec::{Codec, Encode};
use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use pallet_monitoring::{
	BucketChannelSli, BucketSli, Channel, ChannelSli, Discoverability, DiscoveryState, DownReason,
	LastProbe, Outcome, ProberSli, QueryError, Resolution, Sli, SliReport, TargetInfo, TargetSli,
	Window, WindowBounds,
};
pub use pallet_monitoring_runtime_api::SliApi as SliRuntimeApi;
use polkadot_sdk::{
	sp_api::ProvideRuntimeApi, sp_blockchain::HeaderBackend, sp_runtime::traits::Block as BlockT,
};
use rpc_support::key_hex;
use serde::{Deserialize, Serialize};
use std::{fmt::Display, marker::PhantomData, str::FromStr, sync::Arc};

/// Latency of successful probes, in ms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatencyJson {
	pub mean: f64,
	pub p50: f64,
	pub p95: f64,
	pub p99: f64,
}

/// Uptime and latency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SliJson {
	/// Share of probes up, in percent; `null` when nothing was probed.
	pub uptime_percent: Option<f64>,
	pub probes_up: u32,
	pub probes: u32,
	/// `null` without a successful probe.
	pub latency_ms: Option<LatencyJson>,
}

/// The buckets a window was answered with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowJson {
	/// `hour` or `day`.
	pub resolution: String,
	/// Unix ms.
	pub from: u64,
	/// Unix ms (exclusive).
	pub to: u64,
	pub from_block: Option<u64>,
	pub to_block: Option<u64>,
}

/// One prober's own view of a validator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProberJson {
	/// The prober's key (hex).
	pub prober: String,
	#[serde(flatten)]
	pub sli: SliJson,
	/// Distance of its uptime from the combined uptime, in percentage points.
	pub deviation_percent: f64,
}

/// A validator's SLIs over one channel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelJson {
	#[serde(flatten)]
	pub sli: SliJson,
	/// Largest disagreement of a prober with the others in any bucket, in percentage points.
	pub max_deviation_percent: f64,
	/// Most probers that reported on it in one bucket.
	pub probers_seen: u32,
	/// Hours too few probers reported on (insufficient evidence), left out of the SLIs.
	pub insufficient_hours: u32,
	pub probers: Vec<ProberJson>,
}

/// A validator's SLIs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidatorJson {
	pub target: u32,
	pub stash: String,
	/// The channel of the figures beside it: `p2p` (a validator of the relay chain's set, or
	/// one registered with a p2p address) or `http` (one probed only at its URLs).
	pub channel: String,
	#[serde(flatten)]
	pub figures: ChannelJson,
	/// For a validator of the relay chain's set: the hours its signed records vouch for.
	#[serde(skip_serializing_if = "Option::is_none")]
	pub discoverability: Option<DiscoverabilityJson>,
	/// Its SLIs at its HTTP URLs, where `channel` is `p2p` and it was probed at URLs too.
	#[serde(skip_serializing_if = "Option::is_none")]
	pub http: Option<ChannelJson>,
}

/// Discoverability: of the hours counted, those a verified signed record vouches for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DiscoverabilityJson {
	/// Share of the hours discoverable, in percent; `null` without any hour.
	pub percent: Option<f64>,
	pub hours: u32,
	pub discoverable_hours: u32,
}

/// `sli_validator`'s answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidatorReportJson {
	pub window: WindowJson,
	#[serde(flatten)]
	pub validator: ValidatorJson,
}

/// `sli_group`'s answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupJson {
	pub window: WindowJson,
	/// All members' probes pooled.
	pub aggregate: SliJson,
	/// The discoverability of the members that have one, pooled.
	#[serde(skip_serializing_if = "Option::is_none")]
	pub discoverability: Option<DiscoverabilityJson>,
	pub members: Vec<ValidatorJson>,
}

/// One bucket of a validator's history over one channel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BucketChannelJson {
	#[serde(flatten)]
	pub sli: SliJson,
	pub probers: u32,
	pub max_deviation_percent: f64,
	/// Hours of the bucket too few probers reported on, left out of its SLIs.
	pub insufficient_hours: u32,
}

/// One bucket of `sli_history`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BucketJson {
	pub from: u64,
	pub to: u64,
	/// The channel of the figures beside it (`p2p` or `http`).
	pub channel: String,
	#[serde(flatten)]
	pub figures: BucketChannelJson,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub discoverability: Option<DiscoverabilityJson>,
	/// Its HTTP SLIs in the bucket, where `channel` is `p2p` and it was probed at URLs too.
	#[serde(skip_serializing_if = "Option::is_none")]
	pub http: Option<BucketChannelJson>,
}

/// `sli_history`'s answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryJson {
	pub window: WindowJson,
	pub buckets: Vec<BucketJson>,
}

/// A probe's outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LastProbeJson {
	pub prober: String,
	/// `p2p` or `http`.
	pub channel: String,
	pub period: u32,
	pub up: bool,
	/// Round trip of a successful probe.
	pub latency_ms: Option<u32>,
	/// Why it was down: `timeout`, `unreachable`, `http <class>` (`http 5xx`: the chain keeps
	/// an HTTP status by its class only), `syncing`, `no peers`, `bad body`; over p2p
	/// `refused`, `handshake failed`, `wrong peer`, `wrong chain`, `no public address`,
	/// `no record`.
	pub reason: Option<String>,
}

/// A monitored validator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetJson {
	pub target: u32,
	pub stash: String,
	pub endpoints: Vec<String>,
	pub paused: bool,
	/// In the chain's smallest unit (a decimal string: it can exceed 2⁵³).
	pub deposit: String,
	pub registered_at_block: u64,
	/// The probers assigned to it (hex keys).
	pub probers: Vec<String>,
	/// Its primary channel, the one its SLIs are given over: `p2p` or `http`.
	pub channel: String,
	pub last_probes: Vec<LastProbeJson>,
	/// Its place in the relay chain's validator set, if its validator is in the set.
	#[serde(skip_serializing_if = "Option::is_none")]
	pub relay: Option<RelayPositionJson>,
	/// Its newest verified signed record, for a validator of the set with a discovery key.
	#[serde(skip_serializing_if = "Option::is_none")]
	pub discovery: Option<DiscoveryJson>,
}

/// What the chain knows of a validator's signed authority-discovery records.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct DiscoveryJson {
	/// The PeerId its newest record names (base58, `12D3KooW…`); `null` before any record.
	pub peer_id: Option<String>,
	/// When the validator created that record (Unix ms).
	pub latest_record: Option<u64>,
	/// Since when it counts in the discoverability SLI (Unix ms, an hour's start).
	pub since: u64,
}

/// A target's place in the relay chain's validator set.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RelayPositionJson {
	/// The relay-chain session of the applied set.
	pub session: u32,
	/// The validator's index in that session.
	pub validator_index: u32,
	/// Its authority-discovery key (hex), where the relay chain proves one.
	#[serde(skip_serializing_if = "Option::is_none")]
	pub discovery_key: Option<String>,
}

/// Parts per million as a percentage.
pub fn percent(ppm: u32) -> f64 {
	f64::from(ppm) / 10_000.0
}

/// Microseconds as milliseconds.
pub fn ms(us: u32) -> f64 {
	f64::from(us) / 1_000.0
}

pub fn sli_json(sli: &Sli) -> SliJson {
	SliJson {
		uptime_percent: sli.uptime_ppm.map(percent),
		probes_up: sli.probes_up,
		probes: sli.probes,
		latency_ms: sli.latency.map(|l| LatencyJson {
			mean: ms(l.mean_us),
			p50: ms(l.p50_us),
			p95: ms(l.p95_us),
			p99: ms(l.p99_us),
		}),
	}
}

pub fn window_json<B: Into<u64> + Copy>(w: &WindowBounds<B>) -> WindowJson {
	WindowJson {
		resolution: match w.resolution {
			Resolution::Hour => "hour",
			Resolution::Day => "day",
		}
		.into(),
		from: w.from_ms,
		to: w.to_ms,
		from_block: w.from_block.map(Into::into),
		to_block: w.to_block.map(Into::into),
	}
}

fn prober_json<A: Encode>(p: &ProberSli<A>) -> ProberJson {
	ProberJson {
		prober: key_hex(&p.prober),
		sli: sli_json(&p.sli),
		deviation_percent: percent(p.deviation_ppm),
	}
}

pub fn channel_sli_json<A: Encode>(c: &ChannelSli<A>) -> ChannelJson {
	ChannelJson {
		sli: sli_json(&c.sli),
		max_deviation_percent: percent(c.max_deviation_ppm),
		probers_seen: c.probers_seen,
		insufficient_hours: c.insufficient_hours,
		probers: c.probers.iter().map(prober_json).collect(),
	}
}

pub fn validator_json<AccountId: Display, A: Encode + Clone>(
	t: &TargetSli<AccountId, A>,
) -> ValidatorJson {
	let primary = ChannelSli {
		sli: t.sli,
		probers: t.probers.clone(),
		max_deviation_ppm: t.max_deviation_ppm,
		probers_seen: t.probers_seen,
		insufficient_hours: t.insufficient_hours,
	};
	ValidatorJson {
		target: t.target,
		stash: t.stash.to_string(),
		channel: t.channel.label().into(),
		figures: channel_sli_json(&primary),
		discoverability: t.discoverability.as_ref().map(discoverability_json),
		http: t.http.as_ref().map(channel_sli_json),
	}
}

pub fn bucket_channel_json(b: &BucketChannelSli) -> BucketChannelJson {
	BucketChannelJson {
		sli: sli_json(&b.sli),
		probers: b.probers,
		max_deviation_percent: percent(b.max_deviation_ppm),
		insufficient_hours: b.insufficient_hours,
	}
}

pub fn bucket_json(b: &BucketSli) -> BucketJson {
	let primary = BucketChannelSli {
		sli: b.sli,
		probers: b.probers,
		max_deviation_ppm: b.max_deviation_ppm,
		insufficient_hours: b.insufficient_hours,
	};
	BucketJson {
		from: b.from_ms,
		to: b.to_ms,
		channel: b.channel.label().into(),
		figures: bucket_channel_json(&primary),
		discoverability: b.discoverability.as_ref().map(discoverability_json),
		http: b.http.as_ref().map(bucket_channel_json),
	}
}

pub fn discoverability_json(d: &Discoverability) -> DiscoverabilityJson {
	DiscoverabilityJson {
		percent: d.ppm().map(percent),
		hours: d.hours,
		discoverable_hours: d.discoverable_hours,
	}
}

/// A PeerId in its usual base58 form.
pub fn peer_id_base58(peer_id: &[u8]) -> String {
	bs58::encode(peer_id).into_string()
}

fn discovery_json(d: &DiscoveryState) -> DiscoveryJson {
	DiscoveryJson {
		peer_id: d.latest.map(|l| peer_id_base58(&l.peer_id)),
		latest_record: d.latest.map(|l| l.created_ms),
		since: u64::from(d.since_hour).saturating_mul(3_600_000),
	}
}

fn reason(r: DownReason) -> String {
	r.label().into()
}

fn last_probe_json<A: Encode>((prober, channel, probe): &(A, Channel, LastProbe)) -> LastProbeJson {
	let (up, latency_ms, why) = match probe.outcome {
		Outcome::Up(ms) => (true, Some(ms), None),
		Outcome::Down(r) => (false, None, Some(reason(r))),
	};
	LastProbeJson {
		prober: key_hex(prober),
		channel: channel.label().into(),
		period: probe.period,
		up,
		latency_ms,
		reason: why,
	}
}

pub fn target_json<AccountId: Display, A: Encode, Balance: Display, B: Into<u64> + Copy>(
	t: &TargetInfo<AccountId, A, Balance, B>,
) -> TargetJson {
	TargetJson {
		target: t.id,
		stash: t.stash.to_string(),
		endpoints: t.endpoints.iter().map(|u| String::from_utf8_lossy(u).into_owned()).collect(),
		paused: t.paused,
		deposit: t.deposit.to_string(),
		registered_at_block: t.registered_at.into(),
		probers: t.probers.iter().map(key_hex).collect(),
		channel: t.channel.label().into(),
		last_probes: t.last_probes.iter().map(last_probe_json).collect(),
		relay: t.relay.map(|r| RelayPositionJson {
			session: r.session,
			validator_index: r.index,
			discovery_key: r.discovery.as_ref().map(key_hex),
		}),
		discovery: t.discovery.as_ref().map(discovery_json),
	}
}

/// Parses a window: `day`, `week`, `month`, `year`, `era`, `era:N` or `FROM..TO` (Unix ms).
pub fn parse_window(window: Option<&str>) -> Result<Window, String> {
	let Some(text) = window.map(str::trim) else { return Ok(Window::Day) };
	let number = |s: &str, what: &str| {
		s.trim().parse::<u64>().map_err(|_| format!("{what} `{s}` is not a whole number"))
	};
	Ok(match text {
		"day" => Window::Day,
		"week" => Window::Week,
		"month" => Window::Month,
		"year" => Window::Year,
		"era" => Window::Era(None),
		_ => {
			if let Some(index) = text.strip_prefix("era:") {
				let index = number(index, "era")?;
				Window::Era(Some(
					u32::try_from(index).map_err(|_| format!("era {index} is too large"))?,
				))
			} else if let Some((from, to)) = text.split_once("..") {
				Window::Custom { from_ms: number(from, "start")?, to_ms: number(to, "end")? }
			} else {
				return Err(format!(
					"unknown window `{text}`: use day, week, month, year, era, era:N or FROM..TO (Unix ms)"
				));
			}
		},
	})
}

/// The `sli_*` methods.
#[rpc(client, server)]
pub trait SliApi<BlockHash> {
	/// A validator's uptime and latency over a window (default: the last day).
	#[method(name = "sli_validator")]
	fn validator(
		&self,
		stash: String,
		window: Option<String>,
		at: Option<BlockHash>,
	) -> RpcResult<ValidatorReportJson>;

	/// A group of validators: pooled and per member.
	#[method(name = "sli_group")]
	fn group(
		&self,
		stashes: Vec<String>,
		window: Option<String>,
		at: Option<BlockHash>,
	) -> RpcResult<GroupJson>;

	/// Every monitored validator, its probers and their latest probes.
	#[method(name = "sli_targets")]
	fn targets(&self, at: Option<BlockHash>) -> RpcResult<Vec<TargetJson>>;

	/// A validator's SLIs bucket by bucket.
	#[method(name = "sli_history")]
	fn history(
		&self,
		stash: String,
		window: Option<String>,
		at: Option<BlockHash>,
	) -> RpcResult<HistoryJson>;
}

/// Error codes.
pub mod error {
	/// The runtime API call failed; a parameter is malformed (window, account).
	pub use rpc_support::error::{INVALID_PARAMS, RUNTIME};
	/// The account has no monitored validator.
	pub const UNKNOWN_VALIDATOR: i32 = rpc_support::error::FIRST_PALLET_CODE;
	/// The window cannot be answered (in the future, no such era, no clock yet).
	pub const BAD_WINDOW: i32 = UNKNOWN_VALIDATOR + 1;
}

/// Serves the `sli_*` methods from a client whose runtime has the `SliApi`.
pub struct Monitoring<C, Block, AccountId, AuthorityId, Balance, BlockNumber> {
	client: Arc<C>,
	#[allow(clippy::type_complexity)]
	_marker: PhantomData<fn() -> (Block, AccountId, AuthorityId, Balance, BlockNumber)>,
}

impl<C, Block, AccountId, AuthorityId, Balance, BlockNumber>
	Monitoring<C, Block, AccountId, AuthorityId, Balance, BlockNumber>
{
	/// Serves the methods from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

fn runtime_error(e: impl ToString) -> ErrorObjectOwned {
	rpc_support::runtime_error("SLI", e)
}

fn invalid(message: String) -> ErrorObjectOwned {
	rpc_support::invalid_params(message)
}

fn query_error(e: QueryError, asked: &[String]) -> ErrorObjectOwned {
	match e {
		QueryError::UnknownValidator => rpc_support::error(
			error::UNKNOWN_VALIDATOR,
			format!("no monitored validator among {}", asked.join(", ")),
		),
		QueryError::BadWindow(w) => {
			rpc_support::error(error::BAD_WINDOW, format!("the window cannot be answered: {w:?}"))
		},
		QueryError::NoClock => {
			rpc_support::error(error::BAD_WINDOW, "the chain has no timestamp yet")
		},
		QueryError::TooManyBuckets => invalid("the window holds more buckets than allowed".into()),
		QueryError::TooManyValidators => invalid(format!(
			"{} validators are more than one query may name (the runtime's MaxQueryTargets)",
			asked.len()
		)),
	}
}

/// Parses an account (SS58 or 0x-hex public key), or says why not.
pub fn parse_account<AccountId: FromStr>(text: &str) -> Result<AccountId, ErrorObjectOwned> {
	AccountId::from_str(text.trim()).map_err(|_| {
		invalid(format!("`{text}` is not an account (SS58 address or 0x-hex public key)"))
	})
}

impl<C, Block, AccountId, AuthorityId, Balance, BlockNumber> SliApiServer<Block::Hash>
	for Monitoring<C, Block, AccountId, AuthorityId, Balance, BlockNumber>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: SliRuntimeApi<Block, AccountId, AuthorityId, Balance, BlockNumber>,
	AccountId: Codec + Display + FromStr + Clone + Send + Sync + 'static,
	AuthorityId: Codec + Clone + Send + Sync + 'static,
	Balance: Codec + Display + Send + Sync + 'static,
	BlockNumber: Codec + Into<u64> + Copy + Send + Sync + 'static,
{
	fn validator(
		&self,
		stash: String,
		window: Option<String>,
		at: Option<Block::Hash>,
	) -> RpcResult<ValidatorReportJson> {
		let mut group = self.group(vec![stash], window, at)?;
		let validator =
			group.members.pop().ok_or_else(|| runtime_error("no member in the answer"))?;
		Ok(ValidatorReportJson { window: group.window, validator })
	}

	fn group(
		&self,
		stashes: Vec<String>,
		window: Option<String>,
		at: Option<Block::Hash>,
	) -> RpcResult<GroupJson> {
		if stashes.is_empty() {
			return Err(invalid("a group needs at least one stash".into()));
		}
		let window = parse_window(window.as_deref()).map_err(invalid)?;
		let accounts =
			stashes.iter().map(|s| parse_account::<AccountId>(s)).collect::<Result<Vec<_>, _>>()?;
		let at = rpc_support::at_or_best(&*self.client, at);
		let report: SliReport<AccountId, AuthorityId, BlockNumber> = self
			.client
			.runtime_api()
			.sli(at, accounts, window)
			.map_err(runtime_error)?
			.map_err(|e| query_error(e, &stashes))?;
		Ok(GroupJson {
			window: window_json(&report.window),
			aggregate: sli_json(&report.aggregate),
			discoverability: report.discoverability.as_ref().map(discoverability_json),
			members: report.members.iter().map(validator_json).collect(),
		})
	}

	fn targets(&self, at: Option<Block::Hash>) -> RpcResult<Vec<TargetJson>> {
		let at = rpc_support::at_or_best(&*self.client, at);
		let targets = self.client.runtime_api().targets(at).map_err(runtime_error)?;
		Ok(targets.iter().map(target_json).collect())
	}

	fn history(
		&self,
		stash: String,
		window: Option<String>,
		at: Option<Block::Hash>,
	) -> RpcResult<HistoryJson> {
		let window = parse_window(window.as_deref()).map_err(invalid)?;
		let account = parse_account::<AccountId>(&stash)?;
		let at = rpc_support::at_or_best(&*self.client, at);
		let (bounds, buckets) = self
			.client
			.runtime_api()
			.history(at, account, window)
			.map_err(runtime_error)?
			.map_err(|e| query_error(e, &[stash]))?;
		Ok(HistoryJson {
			window: window_json(&bounds),
			buckets: buckets.iter().map(bucket_json).collect(),
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_monitoring::LatencyStats;

	#[test]
	fn windows_parse() {
		assert_eq!(parse_window(None), Ok(Window::Day));
		assert_eq!(parse_window(Some("week")), Ok(Window::Week));
		assert_eq!(parse_window(Some(" year ")), Ok(Window::Year));
		assert_eq!(parse_window(Some("era")), Ok(Window::Era(None)));
		assert_eq!(parse_window(Some("era:1234")), Ok(Window::Era(Some(1234))));
		assert_eq!(
			parse_window(Some("1000..2000")),
			Ok(Window::Custom { from_ms: 1000, to_ms: 2000 })
		);
		assert!(parse_window(Some("fortnight"))
			.unwrap_err()
			.contains("unknown window `fortnight`"));
		assert!(parse_window(Some("era:x")).unwrap_err().contains("era `x`"));
		assert!(parse_window(Some("1..b")).unwrap_err().contains("end `b`"));
	}

	#[test]
	fn slis_read_as_percent_and_milliseconds() {
		let sli = Sli {
			uptime_ppm: Some(999_306),
			probes_up: 1439,
			probes: 1440,
			latency: Some(LatencyStats {
				mean_us: 41_250,
				p50_us: 39_000,
				p95_us: 60_500,
				p99_us: 120_000,
			}),
		};
		let json = serde_json::to_value(sli_json(&sli)).unwrap();
		assert_eq!(json["uptime_percent"], 99.9306);
		assert_eq!(json["latency_ms"]["mean"], 41.25);
		assert_eq!(json["latency_ms"]["p95"], 60.5);
		let none = serde_json::to_value(sli_json(&Sli::default())).unwrap();
		assert_eq!(none["uptime_percent"], serde_json::Value::Null);
		assert_eq!(none["latency_ms"], serde_json::Value::Null);
	}

	#[test]
	fn a_validators_primary_slis_stay_at_the_top_with_http_beside() {
		let sli =
			|up| Sli { uptime_ppm: Some(up * 10_000), probes_up: up, probes: 100, latency: None };
		let member = TargetSli {
			target: 3,
			stash: "5Alice",
			channel: Channel::P2p,
			sli: sli(99),
			probers: vec![],
			max_deviation_ppm: 0,
			probers_seen: 3,
			insufficient_hours: 1,
			discoverability: None,
			http: Some(ChannelSli {
				sli: sli(40),
				probers: vec![ProberSli { prober: [7u8], sli: sli(40), deviation_ppm: 0 }],
				max_deviation_ppm: 0,
				probers_seen: 2,
				insufficient_hours: 0,
			}),
		};
		let json = serde_json::to_value(validator_json(&member)).unwrap();
		// The fields clients read before version 5 keep their place and meaning.
		assert_eq!(json["uptime_percent"], 99.0);
		assert_eq!(json["probers_seen"], 3);
		assert_eq!(json["insufficient_hours"], 1);
		assert_eq!(json["channel"], "p2p");
		assert_eq!(json["http"]["uptime_percent"], 40.0);
		assert_eq!(json["http"]["probers"][0]["prober"], "0x07");
		let http_only = TargetSli { channel: Channel::Http, http: None, ..member };
		let json = serde_json::to_value(validator_json(&http_only)).unwrap();
		assert_eq!(json["channel"], "http");
		assert!(json.get("http").is_none());
	}

	#[test]
	fn last_probes_say_why_they_were_down() {
		let json = last_probe_json(&(
			[1u8, 2],
			Channel::Http,
			LastProbe { period: 9, outcome: Outcome::Down(DownReason::HttpStatus(503)) },
		));
		assert_eq!(json.reason.as_deref(), Some("http 5xx"));
		assert_eq!(json.channel, "http");
		assert!(!json.up);
		assert_eq!(json.prober, "0x0102");
	}
}

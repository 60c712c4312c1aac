//! Types stored on-chain and returned by queries.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use scale_info::TypeInfo;

pub use sli::{
	time::EraClock, time::Resolution, time::Window, Channel, Combined, Discoverability,
	LatencyStats, ProbeCounts, Sli,
};

/// Identifier of a monitored target, assigned at registration and never reused.
pub type TargetId = u32;

/// A probe period: numbered from [`PeriodStart`](crate::PeriodStart), one more every
/// `period_blocks` blocks (see [`Pallet::period_of`](crate::Pallet::period_of)).
pub type Period = u32;

/// One value per [`Channel`].
#[derive(
	Clone,
	Copy,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct ByChannel<V> {
	/// The p2p channel's.
	pub p2p: V,
	/// The HTTP channel's.
	pub http: V,
}

impl<V> ByChannel<V> {
	/// The value of `channel`.
	pub fn get(&self, channel: Channel) -> &V {
		match channel {
			Channel::P2p => &self.p2p,
			Channel::Http => &self.http,
		}
	}

	/// The value of `channel`, to change.
	pub fn get_mut(&mut self, channel: Channel) -> &mut V {
		match channel {
			Channel::P2p => &mut self.p2p,
			Channel::Http => &mut self.http,
		}
	}

	/// Each channel's value, p2p first.
	pub fn iter(&self) -> impl Iterator<Item = (Channel, &V)> {
		[(Channel::P2p, &self.p2p), (Channel::Http, &self.http)].into_iter()
	}

	/// Both values mapped.
	pub fn map<W>(self, mut f: impl FnMut(Channel, V) -> W) -> ByChannel<W> {
		ByChannel { p2p: f(Channel::P2p, self.p2p), http: f(Channel::Http, self.http) }
	}
}

impl<V> ByChannel<Option<V>> {
	/// Only `channel` has a value.
	pub fn only(channel: Channel, value: V) -> Self {
		let mut by = ByChannel { p2p: None, http: None };
		*by.get_mut(channel) = Some(value);
		by
	}

	/// Whether neither channel has a value.
	pub fn is_empty(&self) -> bool {
		self.p2p.is_none() && self.http.is_none()
	}

	/// How many channels have a value.
	pub fn count(&self) -> u32 {
		u32::from(self.p2p.is_some()) + u32::from(self.http.is_some())
	}
}

impl ByChannel<Option<Combined>> {
	/// Adds a later bucket of the same target, channel by channel ([`Combined::merge`]).
	pub fn merge(&mut self, later: &Self) {
		for channel in Channel::ALL {
			match (self.get_mut(channel), later.get(channel)) {
				(Some(into), Some(later)) => into.merge(later),
				(into @ None, Some(later)) => *into = Some(*later),
				(_, None) => {},
			}
		}
	}
}

/// A monitored validator.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Target<AccountId, Balance, BlockNumber, Endpoints> {
	/// The validator's stash account (same key as on the relay chain).
	pub stash: AccountId,
	/// URLs probed, typically `http(s)://host:port/health` on the node's RPC port.
	pub endpoints: Endpoints,
	/// A paused target is not probed.
	pub paused: bool,
	/// Held from the stash; zero for targets registered by governance.
	pub deposit: Balance,
	/// When it was registered.
	pub registered_at: BlockNumber,
}

/// A relay-chain authority-discovery key (an sr25519 public key).
pub type DiscoveryKey = [u8; 32];

/// A libp2p PeerId of an ed25519 network key, as bytes (the identity multihash; its base58
/// form is the familiar `12D3KooW…`).
pub type PeerIdBytes = [u8; dht_record::PEER_ID_LEN];

/// The newest verified authority-discovery record of a validator ([`crate::discovery`]).
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct RecordSeen {
	/// The PeerId its addresses name and its network key signed.
	pub peer_id: PeerIdBytes,
	/// When the validator created it (Unix ms).
	pub created_ms: u64,
}

/// What the chain knows of a relay-set validator's discoverability: its discovery key (from
/// the relay chain), since when it is expected to publish records, and its newest record.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct DiscoveryState {
	/// Its authority-discovery key, as the relay chain proves it.
	pub key: DiscoveryKey,
	/// The first hour it counts in the discoverability SLI: when it joined the set with
	/// this key (or when the chain started tracking records).
	pub since_hour: u32,
	/// Its newest verified record, if any was submitted.
	pub latest: Option<RecordSeen>,
}

/// A validator's signed authority-discovery record (the DHT value, protobuf), as a prober
/// collected it from the relay network and passes it on in its report.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct SignedRecord<Bytes> {
	/// The target whose discovery key signed it.
	#[codec(compact)]
	pub target: TargetId,
	/// The `SignedAuthorityRecord` bytes.
	pub record: Bytes,
}

/// A validator of the relay chain's current session, as its state proof gives it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RelayValidator<AccountId> {
	/// Its stash account (the relay chain's `Session::Validators` entry).
	pub stash: AccountId,
	/// Its authority-discovery key, where the relay chain proves one.
	pub discovery: Option<DiscoveryKey>,
}

/// What a block's relay-chain state proof says of the session's validator set.
#[derive(Clone, Debug)]
pub enum RelaySetProof<AccountId, MaxValidators: polkadot_sdk::sp_core::Get<u32>> {
	/// The proof does not hold the set (it was not asked for).
	NotProven,
	/// The relay chain has no such item, or it does not decode within the bound.
	Unreadable,
	/// The validators, in validator-index order.
	Set(polkadot_sdk::frame_support::BoundedVec<RelayValidator<AccountId>, MaxValidators>),
}

/// A validator of the relay chain's set, as the pallet keeps it.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct RelayMember<AccountId> {
	/// Its stash account.
	pub stash: AccountId,
	/// Its target.
	pub target: TargetId,
	/// Its validator index in the session.
	pub index: u32,
	/// Its authority-discovery key, where the relay chain proves one.
	pub discovery: Option<DiscoveryKey>,
}

/// Where a target stands in the relay chain's validator set.
#[derive(Clone, Copy, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct RelayPosition {
	/// The relay-chain session of the applied set.
	pub session: u32,
	/// Its validator index in that session.
	pub index: u32,
	/// Its authority-discovery key, where the relay chain proves one.
	pub discovery: Option<DiscoveryKey>,
}

/// How the collators probe, set by governance.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct ProbeSettings {
	/// Blocks per probe period: each assigned prober probes each target once per period.
	pub period_blocks: u32,
	/// How many distinct probers probe each target (fewer when there are fewer probers): at
	/// least three, so that one cannot move the combined figures.
	pub probers_per_target: u32,
	/// A probe not answered within this many ms counts as down.
	pub timeout_ms: u32,
	/// Fewest probers whose reports on a target in an hour count as evidence: an hour fewer
	/// reported on is left out of the SLIs and counted as insufficient evidence (so that no
	/// SLI is one or two probers' word). 3 on a real network; 1 on a dev chain with one
	/// collator.
	pub min_probers: u32,
	/// Whether probe URLs may name loopback, private, link-local or otherwise non-public IP
	/// addresses (and `localhost`): only on development chains, whose validators run beside
	/// the collators. Elsewhere such URLs are refused at registration and never probed, so
	/// that nobody maps the collators' internal networks through the published results.
	pub allow_private_hosts: bool,
}

impl ProbeSettings {
	/// Whether the settings can be used: a period of at least one block; between three
	/// (for a median) and `max_per_target` probers per target, and at least `min_probers`
	/// (at least one); a timeout between 100 ms and 30 s.
	pub fn is_valid(&self, max_per_target: u32) -> bool {
		let per_target = self.probers_per_target;
		self.period_blocks > 0
			&& self.min_probers > 0
			&& per_target >= self.min_probers
			&& (sli::MIN_PROBERS_FOR_MEDIAN as u32..=max_per_target).contains(&per_target)
			&& (100..=30_000).contains(&self.timeout_ms)
	}
}

/// Why a probe counted as down.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum DownReason {
	/// No answer within the timeout.
	Timeout,
	/// The connection failed.
	Unreachable,
	/// An HTTP status other than 200.
	HttpStatus(u16),
	/// `/health` says the node is syncing.
	Syncing,
	/// `/health` says the node should have peers and has none.
	NoPeers,
	/// `/health` answered something that is not its JSON.
	BadBody,
	/// p2p: the TCP connection was refused (nothing listens on the port).
	Refused,
	/// p2p: the Noise handshake failed.
	HandshakeFailed,
	/// p2p: the peer that answered is not the one the address names.
	WrongPeer,
	/// p2p: identify shows none of the chain's protocols.
	WrongChain,
	/// The address is not a public one (and the relay chain is not a local one), or its name
	/// (a p2p address's, or a URL's host) does not resolve to one: the node dials nothing.
	NoPublicAddress,
	/// p2p: the prober holds no verified authority-discovery record of the validator (and it
	/// registered no p2p address), so it has nothing to dial.
	NoRecord,
}

impl DownReason {
	/// What the chain publishes: an HTTP status only by its class (`404` as `400`, `503` as
	/// `500`), so that the results say no more than "up or why not" about what a URL reached.
	pub fn coarse(self) -> Self {
		match self {
			DownReason::HttpStatus(status) => DownReason::HttpStatus(status / 100 * 100),
			other => other,
		}
	}

	/// How queries and metrics name the reason (an HTTP status by its class).
	pub fn label(self) -> &'static str {
		match self {
			DownReason::Timeout => "timeout",
			DownReason::Unreachable => "unreachable",
			DownReason::HttpStatus(status) => match status / 100 {
				1 => "http 1xx",
				2 => "http 2xx",
				3 => "http 3xx",
				4 => "http 4xx",
				5 => "http 5xx",
				_ => "http status",
			},
			DownReason::Syncing => "syncing",
			DownReason::NoPeers => "no peers",
			DownReason::BadBody => "bad body",
			DownReason::Refused => "refused",
			DownReason::HandshakeFailed => "handshake failed",
			DownReason::WrongPeer => "wrong peer",
			DownReason::WrongChain => "wrong chain",
			DownReason::NoPublicAddress => "no public address",
			DownReason::NoRecord => "no record",
		}
	}
}

/// The outcome of one probe of a target.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Outcome {
	/// Healthy, with the round-trip time in ms.
	Up(#[codec(compact)] u32),
	/// Not healthy.
	Down(DownReason),
}

impl Outcome {
	/// Whether the probe found the target up.
	pub fn is_up(&self) -> bool {
		matches!(self, Outcome::Up(_))
	}
}

/// One probe result in a prober's report.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct ProbeResult {
	/// The target probed.
	#[codec(compact)]
	pub target: TargetId,
	/// What the probe found.
	pub outcome: Outcome,
}

/// One p2p target of a [`NodeOrder`].
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug)]
pub struct P2pTarget {
	/// The target.
	pub target: TargetId,
	/// Its registered p2p addresses in order (text multiaddrs), if any.
	pub addresses: Vec<Vec<u8>>,
	/// Its authority-discovery key, for a validator of the relay chain's set: the prober
	/// also dials the addresses of the validator's newest verified record.
	pub discovery: Option<DiscoveryKey>,
}

/// A target and its HTTP URLs, in the order they are tried.
pub type TargetUrls = (TargetId, Vec<Vec<u8>>);

/// What the off-chain worker leaves in the node's off-chain storage (PERSISTENT, under
/// [`ORDER_KEY`]) for the node's prober: the part of its share of a period that only the node
/// can probe — p2p endpoints and relay-set validators, and HTTP URLs that name their host
/// (the node resolves the name and connects to public addresses only).
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug)]
pub struct NodeOrder {
	/// The period probed.
	pub period: Period,
	/// The probe timeout, in ms.
	pub timeout_ms: u32,
	/// The targets to probe over p2p.
	pub p2p: Vec<P2pTarget>,
	/// The targets to probe over HTTP, with their URLs (tried in order until one is up).
	pub http: Vec<TargetUrls>,
}

/// What the node's prober leaves (under [`RESULTS_KEY`]) for the off-chain worker: one result
/// per target of the order of `period` on each channel (a target is up if one of its
/// addresses or URLs is, with the first such round-trip time), and the newest verified record
/// it holds of each p2p target that has a discovery key.
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug)]
pub struct NodeResults {
	/// The period of the order answered.
	pub period: Period,
	/// The p2p results, in the order's order.
	pub p2p: Vec<ProbeResult>,
	/// The HTTP results, in the order's order.
	pub http: Vec<ProbeResult>,
	/// Signed authority-discovery records (the DHT values), by target.
	pub records: Vec<(TargetId, Vec<u8>)>,
}

/// Off-chain storage key of the current [`NodeOrder`].
pub const ORDER_KEY: &[u8] = b"stacktical/monitoring/node-order";

/// Off-chain storage key of the latest [`NodeResults`].
pub const RESULTS_KEY: &[u8] = b"stacktical/monitoring/node-results";

/// A prober's results for one period: the signed payload of [`crate::Pallet::submit_probes`].
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct ProbeReport<AuthorityId, Results, Records> {
	/// The prober's key.
	pub prober: AuthorityId,
	/// The period probed.
	pub period: Period,
	/// Results over p2p ([`Channel::P2p`]): at most one per assigned target, sorted by target.
	pub p2p: Results,
	/// Results at HTTP URLs ([`Channel::Http`]): at most one per assigned target, sorted.
	pub http: Results,
	/// Validators' signed authority-discovery records newer than the chain's, verified on
	/// arrival ([`crate::discovery`]).
	pub records: Records,
}

/// The latest probe of a target by one prober.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct LastProbe {
	/// The period it belongs to.
	pub period: Period,
	/// What it found.
	pub outcome: Outcome,
}

/// What one prober saw of one target over one channel during one hour.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct HourEntry {
	/// Counts and latency histogram.
	pub counts: ProbeCounts,
	/// The latest probe.
	pub last: LastProbe,
}

/// Where a window's buckets start and end.
#[derive(Clone, Copy, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct WindowBounds<BlockNumber> {
	/// Hourly or daily buckets.
	pub resolution: Resolution,
	/// Start of the first bucket (Unix ms).
	pub from_ms: u64,
	/// End of the last bucket (Unix ms, exclusive), at most now.
	pub to_ms: u64,
	/// First block of the first bucket, when still known.
	pub from_block: Option<BlockNumber>,
	/// Last block of the window (the current one when the window reaches now).
	pub to_block: Option<BlockNumber>,
}

/// A target's SLIs over one channel and a window.
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct ChannelSli<AuthorityId> {
	/// Combined over probers, summed over the window's buckets.
	pub sli: Sli,
	/// Per prober, over the part of the window whose hourly records are still kept.
	pub probers: alloc::vec::Vec<ProberSli<AuthorityId>>,
	/// Largest per-bucket disagreement of a prober with the combination, in ppm.
	pub max_deviation_ppm: u32,
	/// Most probers that reported on it in one bucket of the window.
	pub probers_seen: u32,
	/// Hours of the window with too few probers (insufficient evidence), left out of `sli`.
	pub insufficient_hours: u32,
}

/// One prober's view of a target over a window.
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct ProberSli<AuthorityId> {
	/// The prober.
	pub prober: AuthorityId,
	/// What this prober alone measured.
	pub sli: Sli,
	/// Distance of its uptime from the combined uptime, in ppm.
	pub deviation_ppm: u32,
}

/// SLIs of one target over a window.
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct TargetSli<AccountId, AuthorityId> {
	/// The target.
	pub target: TargetId,
	/// Its stash account.
	pub stash: AccountId,
	/// The channel of the figures below (`sli` … `insufficient_hours`): its primary one
	/// ([`Pallet::channel_of`](crate::Pallet::channel_of)): p2p for a validator of the relay
	/// chain's set or a target registered with a p2p address, HTTP otherwise.
	pub channel: Channel,
	/// Combined over probers, summed over the window's buckets.
	pub sli: Sli,
	/// Per prober, over the part of the window whose hourly records are still kept.
	pub probers: alloc::vec::Vec<ProberSli<AuthorityId>>,
	/// Largest per-bucket disagreement of a prober with the combination, in ppm.
	pub max_deviation_ppm: u32,
	/// Most probers that reported on it in one bucket of the window (from the buckets
	/// themselves, so the same from hourly and daily records).
	pub probers_seen: u32,
	/// Hours of the window in which fewer than the minimum of probers
	/// ([`ProbeSettings::min_probers`]) reported on it: insufficient evidence, left out of
	/// `sli` rather than taken as one prober's word.
	pub insufficient_hours: u32,
	/// Its discoverability over the window, for a validator of the relay chain's set with
	/// a discovery key.
	pub discoverability: Option<Discoverability>,
	/// Its SLIs at its HTTP URLs, where `channel` is p2p and it was probed at HTTP URLs too
	/// in the window.
	pub http: Option<ChannelSli<AuthorityId>>,
}

/// SLIs of a target (or group) over a window, with the window's bounds.
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct SliReport<AccountId, AuthorityId, BlockNumber> {
	/// The buckets the answer covers.
	pub window: WindowBounds<BlockNumber>,
	/// All members pooled, each over its primary channel (for one target, its own SLIs).
	pub aggregate: Sli,
	/// The discoverability of the members that have one, pooled (hours summed).
	pub discoverability: Option<Discoverability>,
	/// Per member.
	pub members: alloc::vec::Vec<TargetSli<AccountId, AuthorityId>>,
}

/// SLIs of one bucket of a target's history over one channel.
#[derive(Clone, Copy, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct BucketChannelSli {
	/// Combined over probers.
	pub sli: Sli,
	/// Probers that reported.
	pub probers: u32,
	/// Largest disagreement of a prober with the combination, in ppm.
	pub max_deviation_ppm: u32,
	/// Hours of the bucket that were insufficient evidence, left out of `sli`.
	pub insufficient_hours: u32,
}

/// SLIs of one bucket of a target's history.
#[derive(Clone, Copy, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct BucketSli {
	/// Start of the bucket (Unix ms).
	pub from_ms: u64,
	/// End of the bucket (Unix ms, exclusive).
	pub to_ms: u64,
	/// The channel of the figures below: the target's primary one.
	pub channel: Channel,
	/// Combined over probers.
	pub sli: Sli,
	/// Probers that reported.
	pub probers: u32,
	/// Largest disagreement of a prober with the combination, in ppm.
	pub max_deviation_ppm: u32,
	/// Hours of the bucket that were insufficient evidence (too few probers), left out of
	/// `sli`.
	pub insufficient_hours: u32,
	/// Its discoverability in the bucket, for a validator of the relay chain's set.
	pub discoverability: Option<Discoverability>,
	/// Its HTTP SLIs in the bucket, where `channel` is p2p and it was probed at HTTP URLs too.
	pub http: Option<BucketChannelSli>,
}

/// A target as listed by queries.
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct TargetInfo<AccountId, AuthorityId, Balance, BlockNumber> {
	/// Its identifier.
	pub id: TargetId,
	/// Stash account.
	pub stash: AccountId,
	/// Probe URLs.
	pub endpoints: alloc::vec::Vec<alloc::vec::Vec<u8>>,
	/// Whether probing is paused.
	pub paused: bool,
	/// Deposit held.
	pub deposit: Balance,
	/// Registration block.
	pub registered_at: BlockNumber,
	/// The probers currently assigned to it.
	pub probers: alloc::vec::Vec<AuthorityId>,
	/// Its primary channel ([`Pallet::channel_of`](crate::Pallet::channel_of)): the one its
	/// SLIs are given over (its HTTP SLIs come beside them where it has both).
	pub channel: Channel,
	/// The latest probe by each prober over each channel, from the two newest hours.
	pub last_probes: alloc::vec::Vec<(AuthorityId, Channel, LastProbe)>,
	/// Its place in the relay chain's validator set, if its validator is in the set.
	pub relay: Option<RelayPosition>,
	/// Its discovery state (newest verified record: PeerId and creation time), for a
	/// validator of the set with a discovery key.
	pub discovery: Option<DiscoveryState>,
}

/// Why a query has no answer.
#[derive(Clone, Copy, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub enum QueryError {
	/// The account has no registered target.
	UnknownValidator,
	/// The window is malformed or lies in the future.
	BadWindow(sli::time::WindowError),
	/// The chain has no timestamp yet.
	NoClock,
	/// More validators than one query may name ([`Config::MaxQueryTargets`]).
	///
	/// [`Config::MaxQueryTargets`]: crate::Config::MaxQueryTargets
	TooManyValidators,
	/// A history of more buckets than the query allows.
	TooManyBuckets,
}

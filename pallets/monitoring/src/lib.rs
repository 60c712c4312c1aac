//! # Monitoring pallet
//!
//! Honest uptime and latency figures for relay-chain validators, measured by several
//! independent probers and kept on-chain, so that nominators can compare validators and SLA
//! contracts can be settled from verifiable service-level indicators (SLIs).
//!
//! ## Targets
//! Every validator of the relay chain's current session is a target, with no registration:
//! the runtime hands the pallet the session index and, when it changes, the validator set
//! from the relay-chain state proof ([`relay_set`], [`Pallet::note_relay_session`]).
//!
//! A validator's operator can also register its validator from its stash account
//! ([`Pallet::register`]) with up to [`Config::MaxEndpoints`] probe URLs, typically the node's
//! `/health` (or `/health/readiness`) on its RPC port, against [`Config::TargetDeposit`]. It
//! can change the URLs, pause and resume probing, and deregister to get the deposit back.
//! Governance ([`Config::AdminOrigin`]) registers validators with URLs in bulk,
//! without a deposit ([`Pallet::force_register`]).
//!
//! ## Probers
//! The chain's collators ([`Config::Probers`]: in the runtime, the probe keys (`stmn`) of
//! the session keys, [`session`]) are the probers. Time is cut in periods of
//! [`ProbeSettings::period_blocks`] blocks. Each period, a seed from the relay chain's
//! randomness ([`Pallet::note_relay_randomness`], [`PeriodSeeds`]) shuffles the probers, and
//! each target is assigned [`ProbeSettings::probers_per_target`] (at least three, at most
//! [`Config::MaxProbersPerTarget`]) distinct probers that neighbour in the shuffled order (the
//! [`assignment`] module): a balanced share each, and no collator can choose, by the key it
//! registers, which validators it judges. Each off-chain worker probes its share once per
//! period with one deadline — URLs that give an IP address itself, with concurrent HTTP
//! requests; p2p endpoints and URLs that name their host through the node's prober, which
//! alone can resolve a name and refuse private addresses ([`probe`]) — and submits all results in one
//! authorised unsigned transaction ([`Pallet::submit_probes`]) signed with its key over this
//! chain's genesis hash: only current probers, one report per prober and period, only for
//! assigned targets, and only targets that are registered and not paused.
//!
//! ## Discoverability
//! Reports also carry validators' signed authority-discovery records, which the node's prober
//! collects from the relay network; the runtime verifies them against the relay-proven
//! discovery keys and keeps, per validator, its newest record's PeerId and creation time and
//! the hours its records vouch for ([`discovery`]): an SLI no prober can forge.
//!
//! ## Evidence, bounded
//! Results go, per prober, into the current hour's record ([`HourlyReports`]): up/total
//! counts, the exact latency sum and a log₂ latency histogram per target (the `sli` crate).
//! When an hour has passed, the blocks after it roll the hour up (at most
//! [`Config::MaxRollUpTargets`] targets per block, so a large set takes a few): per target it
//! combines the probers robustly (median uptime ratio with three or more probers, latency
//! trimmed of the fastest and slowest prober), keeps the result per hour and target
//! ([`HourSli`]) and adds it to the target's day ([`DaySli`]). Hourly records are kept up to
//! [`Config::HoursKept`] hours, daily records [`Config::DaysKept`] days, so storage is bounded
//! by the number of targets; forgetting an hour or a day is spread over blocks when it holds
//! more than one block's share. A query about a few validators reads only their entries.
//!
//! ## The clock
//! Hours follow the chain's timestamp. The pallet is the runtime's
//! `pallet_timestamp::Config::OnTimestampSet` handler (beside Aura): when the timestamp inherent
//! sets a block's time in a new hour, that hour starts there, before any report of the block is
//! recorded. (`on_initialize` runs before the inherent and still sees the previous block's time:
//! a clock advanced there would record the first block of every hour into the hour before.)
//!
//! ## SLIs
//! Uptime (share of probes up) and latency (mean, p50, p95, p99) over a day (24 hourly
//! buckets), week, month (30 days), year (365 days), a relay-chain era ([`EraClockSetting`])
//! or any range, for one validator or a group: see [`Pallet::sli`] and the `SliApi` runtime
//! API behind the node's `sli_*` JSON-RPC methods. `docs/monitoring.md` gives the formulas and
//! the trust model.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod assignment;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod crypto;
pub mod discovery;
#[cfg(any(test, feature = "try-runtime"))]
mod invariants;
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod probe;
mod queries;
pub mod relay_set;
pub mod session;
#[cfg(test)]
mod tests;
pub mod types;
pub mod url;
pub mod weights;

pub use pallet::*;
pub use session::SessionProberKeys;
pub use types::*;
pub use url::{check_endpoint, check_url, endpoint_kind, EndpointKind, UrlError};
pub use weights::WeightInfo;

use alloc::{collections::BTreeMap, vec::Vec};
use polkadot_sdk::{
	frame_support::{
		self,
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::Precision,
			SortedMembers, Time,
		},
	},
	frame_system::{self, pallet_prelude::*},
	sp_runtime::{
		traits::{Saturating, Zero},
		RuntimeAppPublic,
	},
};

/// What the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Sets the chain's clock ([`Config::Time`]) to `ms`.
	fn set_time(ms: u64);
}

/// What else must know about a target's changes: in the runtime, the SLA pallet (a provider
/// must not hide downtime by pausing, re-pointing or leaving monitoring during a contract).
pub trait TargetObserver<AccountId> {
	/// Probing of the stash's target was paused.
	fn paused(stash: &AccountId);
	/// Probing of the stash's target was resumed.
	fn resumed(stash: &AccountId);
	/// The stash's target got new probe URLs.
	fn endpoints_changed(stash: &AccountId);
	/// The stash's target was deregistered.
	fn left(stash: &AccountId);
	/// Most weight one notification takes.
	fn weight() -> Weight;
}

impl<AccountId> TargetObserver<AccountId> for () {
	fn paused(_: &AccountId) {}
	fn resumed(_: &AccountId) {}
	fn endpoints_changed(_: &AccountId) {}
	fn left(_: &AccountId) {}
	fn weight() -> Weight {
		Weight::zero()
	}
}

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::monitoring";

/// Domain separator of signed probe reports.
pub const REPORT_SIGNING_CONTEXT: &[u8] = b"stacktical/monitoring/probes";

/// Balance type of the deposit currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// A probe URL.
pub type UrlOf<T> = BoundedVec<u8, <T as Config>::MaxUrlLen>;
/// A target's probe URLs.
pub type EndpointsOf<T> = BoundedVec<UrlOf<T>, <T as Config>::MaxEndpoints>;
/// A target as stored.
pub type TargetOf<T> =
	Target<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>, EndpointsOf<T>>;
/// The results of one report.
pub type ResultsOf<T> = BoundedVec<ProbeResult, <T as Config>::MaxTargets>;
/// A signed authority-discovery record's bytes.
pub type RecordBytesOf<T> = BoundedVec<u8, <T as Config>::MaxRecordLen>;
/// The records of one report.
pub type RecordsOf<T> =
	BoundedVec<SignedRecord<RecordBytesOf<T>>, <T as Config>::MaxRecordsPerReport>;
/// A prober's signed report.
pub type ReportOf<T> = ProbeReport<<T as Config>::AuthorityId, ResultsOf<T>, RecordsOf<T>>;
/// Signature of a prober key.
pub type SignatureOf<T> = <<T as Config>::AuthorityId as RuntimeAppPublic>::Signature;
/// What one prober saw of one target during one hour, per channel.
pub type HourEntries = ByChannel<Option<HourEntry>>;
/// One prober's hour: entries sorted by target.
pub type HourRecordOf<T> = BoundedVec<(TargetId, HourEntries), <T as Config>::MaxTargets>;
/// A target's probers combined over a bucket, per channel (none where it was not probed that
/// way).
pub type CombinedByChannel = ByChannel<Option<Combined>>;
/// SLIs of a group over a window, as queries return them.
pub type SliReportOf<T> = SliReport<
	<T as frame_system::Config>::AccountId,
	<T as Config>::AuthorityId,
	BlockNumberFor<T>,
>;
/// A target as queries list it.
pub type TargetInfoOf<T> = TargetInfo<
	<T as frame_system::Config>::AccountId,
	<T as Config>::AuthorityId,
	BalanceOf<T>,
	BlockNumberFor<T>,
>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_system::offchain::CreateAuthorizedTransaction;

	/// The storage layout's version: see [`migrations`] for what each changed.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(4);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	/// The runtime must include `frame_system::AuthorizeCall` in its transaction extensions:
	/// probe reports arrive as authorised unsigned transactions.
	pub trait Config:
		CreateAuthorizedTransaction<Call<Self>>
		+ polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>>
	{
		/// Currency of the registration deposit.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Key a prober signs its reports with.
		type AuthorityId: Member + Parameter + RuntimeAppPublic + Ord + MaxEncodedLen;

		/// The current probers, sorted (only the first [`Config::MaxProbers`] count): in the
		/// runtime, the session keys' probe keys ([`SessionProberKeys`]).
		type Probers: SortedMembers<Self::AuthorityId>;

		/// The chain's clock, in Unix milliseconds.
		type Time: Time<Moment = u64>;

		/// Origin of bulk registration and of the probe and era settings.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Held per self-registered target; covers its share of the history.
		#[pallet::constant]
		type TargetDeposit: Get<BalanceOf<Self>>;

		/// Most targets registered at once.
		#[pallet::constant]
		type MaxTargets: Get<u32>;

		/// Most probe URLs per target.
		#[pallet::constant]
		type MaxEndpoints: Get<u32>;

		/// Longest probe URL in bytes.
		#[pallet::constant]
		type MaxUrlLen: Get<u32>;

		/// Most probers (the first of the sorted list count).
		#[pallet::constant]
		type MaxProbers: Get<u32>;

		/// Most probers per target [`ProbeSettings::probers_per_target`] may ask for: an hour's
		/// roll-up reads every report of the hour, at most this many per target.
		#[pallet::constant]
		type MaxProbersPerTarget: Get<u32>;

		/// Most validators of the relay chain's set that join or leave the targets in one
		/// block ([`relay_set`]): a new session's changes beyond this are applied in the
		/// blocks after.
		#[pallet::constant]
		type MaxRelaySetChanges: Get<u32>;

		/// Most signed authority-discovery records one report may carry ([`discovery`]).
		#[pallet::constant]
		type MaxRecordsPerReport: Get<u32>;

		/// Longest signed authority-discovery record accepted, in bytes.
		#[pallet::constant]
		type MaxRecordLen: Get<u32>;

		/// Most validators one SLI query ([`Pallet::sli`]) may name.
		#[pallet::constant]
		type MaxQueryTargets: Get<u32>;

		/// Bound of the hours of per-prober records kept, the current one included (at least
		/// 26: the day window needs 24; the oldest is forgotten when the list is one short of
		/// full, so starting an hour never has to forget one).
		#[pallet::constant]
		type HoursKept: Get<u32>;

		/// Days of combined records kept (366 for a year's SLIs).
		#[pallet::constant]
		type DaysKept: Get<u32>;

		/// Most targets one block rolls up: a finished hour of more targets is rolled up over
		/// several blocks, so that no block's hook writes (and proves) every target's hour
		/// and day at once.
		#[pallet::constant]
		type MaxRollUpTargets: Get<u32>;

		/// Probe settings until governance sets others.
		#[pallet::constant]
		type DefaultSettings: Get<ProbeSettings>;

		/// Relay-chain era clock until governance sets another.
		#[pallet::constant]
		type DefaultEraClock: Get<EraClock>;

		/// Priority of probe reports in the pool.
		#[pallet::constant]
		type UnsignedPriority: Get<TransactionPriority>;

		/// Told when a target is paused, resumed, changes its URLs or leaves (SLA contracts
		/// on it must know); `()` when nothing listens.
		type Observer: TargetObserver<Self::AccountId>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets the clock for the benchmarks of the block hook.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// Reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a registered target.
		TargetDeposit,
	}

	/// The identifier the next target gets.
	#[pallet::storage]
	pub type NextTargetId<T> = StorageValue<_, TargetId, ValueQuery>;

	/// Registered targets.
	#[pallet::storage]
	pub type Targets<T: Config> = CountedStorageMap<_, Twox64Concat, TargetId, TargetOf<T>>;

	/// The registered targets that are not paused, sorted: what is being probed. One read
	/// tells a report which of its results count (4 bytes per target, not a whole target).
	#[pallet::storage]
	pub type ActiveTargets<T: Config> =
		StorageValue<_, BoundedVec<TargetId, T::MaxTargets>, ValueQuery>;

	/// The target of each registered stash account.
	#[pallet::storage]
	pub type TargetOfStash<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, TargetId, OptionQuery>;

	/// The relay-chain session whose validator set [`RelaySet`] holds ([`relay_set`]).
	#[pallet::storage]
	pub type RelaySession<T> = StorageValue<_, u32, OptionQuery>;

	/// A newer relay-chain session whose validator set is still to be applied: while set,
	/// the runtime asks for the set in each block's relay proof.
	#[pallet::storage]
	pub type RelaySetWanted<T> = StorageValue<_, u32, OptionQuery>;

	/// The relay chain's validators that are targets, sorted by stash: one list, read once
	/// when the set changes.
	#[pallet::storage]
	pub type RelaySet<T: Config> = StorageValue<
		_,
		BoundedVec<RelayMember<<T as frame_system::Config>::AccountId>, T::MaxTargets>,
		ValueQuery,
	>;

	/// How the collators probe.
	#[pallet::storage]
	pub type Settings<T: Config> = StorageValue<_, ProbeSettings, ValueQuery, T::DefaultSettings>;

	/// Where relay-chain eras start and how long they last.
	#[pallet::storage]
	pub type EraClockSetting<T: Config> = StorageValue<_, EraClock, ValueQuery, T::DefaultEraClock>;

	/// Where the current period numbering starts: from this block, period `first` and then
	/// one more every `period_blocks`. Moved on each settings change, so periods never go
	/// backwards.
	#[pallet::storage]
	pub type PeriodStart<T: Config> = StorageValue<_, (BlockNumberFor<T>, Period), ValueQuery>;

	/// The current session's probe keys, sorted, the first [`Config::MaxProbers`]: kept by
	/// the pallet as a session handler ([`session`]), read where [`Config::Probers`] is
	/// [`SessionProberKeys`].
	#[pallet::storage]
	pub type SessionProbers<T: Config> =
		StorageValue<_, BoundedVec<T::AuthorityId, T::MaxProbers>, ValueQuery>;

	/// The latest period each prober reported (one report per prober and period).
	#[pallet::storage]
	pub type LastReported<T: Config> =
		StorageMap<_, Twox64Concat, T::AuthorityId, Period, OptionQuery>;

	/// The seeds of the current period and the two before, which shuffle the probers
	/// ([`assignment`]); a period without one (no relay randomness seen) uses
	/// [`assignment::seed`] of the period alone.
	#[pallet::storage]
	pub type PeriodSeeds<T> = StorageMap<_, Twox64Concat, Period, assignment::Seed, OptionQuery>;

	/// The hour bucket reports currently go into, from the chain's clock.
	#[pallet::storage]
	pub type CurrentHour<T> = StorageValue<_, u32, OptionQuery>;

	/// Each kept hour: its first block and timestamp.
	#[pallet::storage]
	pub type Hours<T: Config> =
		StorageMap<_, Twox64Concat, u32, (BlockNumberFor<T>, u64), OptionQuery>;

	/// Finished hours not rolled up into their day yet, oldest first (usually none or one).
	#[pallet::storage]
	pub type PendingRollUps<T: Config> = StorageValue<_, BoundedVec<u32, T::HoursKept>, ValueQuery>;

	/// Where the roll-up of the oldest pending hour resumes: its targets before this one are
	/// rolled up already (see [`Config::MaxRollUpTargets`]).
	#[pallet::storage]
	pub type RollUpFrom<T> = StorageValue<_, TargetId, OptionQuery>;

	/// The kept hours, oldest first.
	#[pallet::storage]
	pub type KeptHours<T: Config> = StorageValue<_, BoundedVec<u32, T::HoursKept>, ValueQuery>;

	/// Hours before this one have been forgotten: windows that reach further back are
	/// answered from daily records.
	#[pallet::storage]
	pub type HoursForgottenBefore<T> = StorageValue<_, u32, ValueQuery>;

	/// Per hour and prober: what it saw of each target it probed, over each channel.
	#[pallet::storage]
	pub type HourlyReports<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		u32,
		Twox64Concat,
		T::AuthorityId,
		HourRecordOf<T>,
		ValueQuery,
	>;

	/// Per rolled-up hour and target: the probers' reports combined, per channel. Keyed by
	/// target within the hour, so that a query or an SLA settlement reads only its own
	/// targets' entries.
	#[pallet::storage]
	pub type HourSli<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		u32,
		Twox64Concat,
		TargetId,
		CombinedByChannel,
		OptionQuery,
	>;

	/// Per day and target: the day's rolled-up hours, summed, per channel.
	#[pallet::storage]
	pub type DaySli<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		u32,
		Twox64Concat,
		TargetId,
		CombinedByChannel,
		OptionQuery,
	>;

	/// Per day and target: how many of the day's rolled-up hours were insufficient evidence
	/// (fewer than [`ProbeSettings::min_probers`] probers reported), per channel, left out of
	/// its [`DaySli`] entry. Only for targets with a [`DaySli`] entry that day.
	#[pallet::storage]
	pub type InsufficientHours<T: Config> =
		StorageDoubleMap<_, Twox64Concat, u32, Twox64Concat, TargetId, ByChannel<u32>, ValueQuery>;

	/// Per relay-set target with a discovery key: the key, since when it counts, and its
	/// newest verified authority-discovery record ([`discovery`]).
	#[pallet::storage]
	pub type Discovery<T> = StorageMap<_, Twox64Concat, TargetId, DiscoveryState, OptionQuery>;

	/// Per kept day and target: a mask of the day's hours a verified record vouches for
	/// (bit `h` for hour `h` of the day; [`discovery`]).
	#[pallet::storage]
	pub type DiscoverableHours<T> =
		StorageDoubleMap<_, Twox64Concat, u32, Twox64Concat, TargetId, u32, ValueQuery>;

	/// How many targets have an entry in each kept day of [`DaySli`] (at most
	/// [`Config::MaxTargets`]: targets beyond that in one day are not kept).
	#[pallet::storage]
	pub type DayEntries<T> = StorageMap<_, Twox64Concat, u32, u32, ValueQuery>;

	/// Each kept day: its first block and timestamp.
	#[pallet::storage]
	pub type Days<T: Config> =
		StorageMap<_, Twox64Concat, u32, (BlockNumberFor<T>, u64), OptionQuery>;

	/// The kept days, oldest first.
	#[pallet::storage]
	pub type KeptDays<T: Config> = StorageValue<_, BoundedVec<u32, T::DaysKept>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Targets registered at genesis without a deposit: stash and probe URLs.
		pub targets: Vec<(T::AccountId, Vec<alloc::string::String>)>,
		/// Probe settings; the runtime's defaults when absent.
		pub settings: Option<ProbeSettings>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		/// Refuses (panics on) a bad genesis config, as FRAME's own pallets do: a chain must
		/// not start from a spec whose targets or settings the calls would have refused.
		fn build(&self) {
			if let Some(settings) = self.settings {
				assert!(
					settings.is_valid(T::MaxProbersPerTarget::get()),
					"invalid genesis probe settings"
				);
				Settings::<T>::put(settings);
			}
			for (stash, urls) in &self.targets {
				let endpoints = urls
					.iter()
					.map(|url| {
						UrlOf::<T>::try_from(url.as_bytes().to_vec()).expect("genesis URL too long")
					})
					.collect::<Vec<_>>();
				let endpoints =
					EndpointsOf::<T>::try_from(endpoints).expect("too many genesis endpoints");
				Pallet::<T>::check_endpoints(&endpoints).expect("invalid genesis endpoint");
				Pallet::<T>::insert_target(stash.clone(), endpoints, Zero::zero(), Zero::zero())
					.expect("genesis target refused");
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A validator was registered for monitoring.
		TargetRegistered { target: TargetId, stash: T::AccountId, deposit: BalanceOf<T> },
		/// A target's probe URLs changed.
		EndpointsUpdated { target: TargetId },
		/// Probing of a target was paused.
		TargetPaused { target: TargetId },
		/// Probing of a target was resumed.
		TargetResumed { target: TargetId },
		/// A target was deregistered and its deposit released; its history stays until it
		/// ages out.
		TargetDeregistered { target: TargetId, stash: T::AccountId, refund: BalanceOf<T> },
		/// A stash whose validator is in the relay chain's set withdrew its probe URLs and
		/// deposit; the target stays, as a member of the set.
		RegistrationWithdrawn { target: TargetId, stash: T::AccountId, refund: BalanceOf<T> },
		/// A block applied changes of the relay chain's validator set of `session`: how many
		/// validators joined and left, how many found no room ([`Config::MaxTargets`]), and
		/// whether the set is now applied in full (else the next blocks go on).
		RelaySetUpdated { session: u32, joined: u32, left: u32, untracked: u32, complete: bool },
		/// The relay chain's validator set of `session` could not be read: the targets stay
		/// as they are until the next session.
		RelaySetUnreadable { session: u32 },
		/// Bulk registration: how many were registered and how many were already.
		TargetsRegistered { registered: u32, already: u32 },
		/// A prober's report was recorded in an hour bucket; `skipped` results named targets
		/// not assigned to it, unknown, removed or paused ones, or repeated ones.
		ProbesRecorded {
			prober: T::AuthorityId,
			period: Period,
			hour: u32,
			recorded: u32,
			skipped: u32,
		},
		/// A report's signed authority-discovery records were checked: `accepted` were
		/// verified and kept, `stale` were not newer than the chain's (left unverified),
		/// `refused` failed verification.
		RecordsChecked { prober: T::AuthorityId, accepted: u32, stale: u32, refused: u32 },
		/// An hour's reports were combined into its day.
		HourRolledUp { hour: u32, targets: u32, probers: u32 },
		/// The probe settings changed.
		SettingsChanged { settings: ProbeSettings },
		/// The era clock changed.
		EraClockChanged { clock: EraClock },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account already has a registered target.
		AlreadyRegistered,
		/// The account has no registered target (a member of the relay chain's validator set
		/// without probe URLs registers them first).
		NotRegistered,
		/// A target needs at least one probe URL.
		NoEndpoints,
		/// A probe URL must start with `http://` or `https://`.
		BadUrlScheme,
		/// A probe URL must not carry credentials (`user:password@`).
		UrlHasCredentials,
		/// A probe URL needs a host (and a numeric port, if any).
		BadUrlHost,
		/// A probe URL must be printable ASCII without spaces.
		UrlNotPrintable,
		/// A probe URL must not name a loopback, private, link-local or otherwise non-public
		/// address, or `localhost` (allowed only where [`ProbeSettings::allow_private_hosts`]).
		PrivateHost,
		/// The same URL is given twice.
		DuplicateEndpoint,
		/// [`Config::MaxTargets`] targets are registered already.
		TooManyTargets,
		/// The target is paused already.
		AlreadyPaused,
		/// The target is not paused.
		NotPaused,
		/// Settings need a period of at least one block, between `min_probers` (at least one)
		/// and [`Config::MaxProbersPerTarget`] probers per target, and a timeout between 100 ms
		/// and 30 s.
		InvalidSettings,
		/// An era clock needs a length of at least one hour.
		InvalidEraClock,
		/// The identifier space is exhausted.
		Overflow,
		/// A p2p endpoint must be `/ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>/p2p/<peer id>`.
		BadP2pAddress,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// At most one piece of housekeeping: rolls up one finished hour, or forgets one
		/// expired hour, or one expired day. (The clock itself advances when the timestamp is
		/// set: [`Pallet::on_timestamp_set`].)
		fn on_initialize(_now: BlockNumberFor<T>) -> Weight {
			Self::housekeeping()
		}

		fn offchain_worker(now: BlockNumberFor<T>) {
			Self::probe_and_report(now);
		}

		fn integrity_test() {
			assert!(T::HoursKept::get() >= 26, "HoursKept must cover the day window");
			assert!(T::DaysKept::get() >= 1, "DaysKept must keep a day");
			assert!(T::MaxProbers::get() > 0, "MaxProbers must allow a prober");
			assert!(T::MaxRollUpTargets::get() > 0, "MaxRollUpTargets must allow a target");
			assert!(
				T::DefaultSettings::get().is_valid(T::MaxProbersPerTarget::get()),
				"invalid default probe settings"
			);
			assert!(T::MaxQueryTargets::get() > 0, "MaxQueryTargets must allow a validator");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(
			_now: BlockNumberFor<T>,
		) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers the caller's validator for monitoring, probed at `endpoints`, and holds
		/// [`Config::TargetDeposit`]. The caller must be the validator's stash account.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register().saturating_add(T::Observer::weight()))]
		pub fn register(origin: OriginFor<T>, endpoints: EndpointsOf<T>) -> DispatchResult {
			let stash = ensure_signed(origin)?;
			Self::check_endpoints(&endpoints)?;
			let deposit = T::TargetDeposit::get();
			let target = match TargetOfStash::<T>::get(&stash) {
				// A member of the relay chain's set without URLs adds them to its target.
				Some(target) => {
					Targets::<T>::try_mutate(target, |info| -> Result<(), DispatchError> {
						let info = info.as_mut().ok_or(Error::<T>::NotRegistered)?;
						ensure!(info.endpoints.is_empty(), Error::<T>::AlreadyRegistered);
						T::Currency::hold(&HoldReason::TargetDeposit.into(), &stash, deposit)?;
						info.endpoints = endpoints;
						info.deposit = deposit;
						Ok(())
					})?;
					T::Observer::endpoints_changed(&stash);
					target
				},
				None => {
					ensure!(
						Targets::<T>::count() < T::MaxTargets::get(),
						Error::<T>::TooManyTargets
					);
					T::Currency::hold(&HoldReason::TargetDeposit.into(), &stash, deposit)?;
					let now = frame_system::Pallet::<T>::block_number();
					Self::insert_target(stash.clone(), endpoints, deposit, now)?
				},
			};
			Self::deposit_event(Event::TargetRegistered { target, stash, deposit });
			Ok(())
		}

		/// Replaces the probe URLs of the caller's target.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_endpoints().saturating_add(T::Observer::weight()))]
		pub fn update_endpoints(origin: OriginFor<T>, endpoints: EndpointsOf<T>) -> DispatchResult {
			let stash = ensure_signed(origin)?;
			Self::check_endpoints(&endpoints)?;
			let target = Self::target_of(&stash)?;
			Targets::<T>::try_mutate(target, |info| -> DispatchResult {
				let info = info.as_mut().ok_or(Error::<T>::NotRegistered)?;
				// A relay-set member without URLs registers them (with a deposit).
				ensure!(!info.endpoints.is_empty(), Error::<T>::NotRegistered);
				info.endpoints = endpoints;
				Ok(())
			})?;
			T::Observer::endpoints_changed(&stash);
			Self::deposit_event(Event::EndpointsUpdated { target });
			Ok(())
		}

		/// Stops probing the caller's target (e.g. during planned maintenance). Paused time
		/// counts neither as up nor as down.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::pause().saturating_add(T::Observer::weight()))]
		pub fn pause(origin: OriginFor<T>) -> DispatchResult {
			let stash = ensure_signed(origin)?;
			let target = Self::set_paused(&stash, true)?;
			T::Observer::paused(&stash);
			Self::deposit_event(Event::TargetPaused { target });
			Ok(())
		}

		/// Resumes probing the caller's target.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::resume().saturating_add(T::Observer::weight()))]
		pub fn resume(origin: OriginFor<T>) -> DispatchResult {
			let stash = ensure_signed(origin)?;
			let target = Self::set_paused(&stash, false)?;
			T::Observer::resumed(&stash);
			Self::deposit_event(Event::TargetResumed { target });
			Ok(())
		}

		/// Deregisters the caller's target and releases its deposit.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::deregister().saturating_add(T::Observer::weight()))]
		pub fn deregister(origin: OriginFor<T>) -> DispatchResult {
			let stash = ensure_signed(origin)?;
			Self::remove_target(stash)
		}

		/// Registers validators with probe URLs without a deposit. Stashes that have a target
		/// already (registered, or members of the relay chain's set) are left as they are.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::force_register(targets.len() as u32))]
		pub fn force_register(
			origin: OriginFor<T>,
			targets: BoundedVec<(T::AccountId, EndpointsOf<T>), T::MaxTargets>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let now = frame_system::Pallet::<T>::block_number();
			let (mut registered, mut already) = (0u32, 0u32);
			for (stash, endpoints) in targets {
				if TargetOfStash::<T>::contains_key(&stash) {
					already.saturating_inc();
					continue;
				}
				Self::check_endpoints(&endpoints)?;
				ensure!(Targets::<T>::count() < T::MaxTargets::get(), Error::<T>::TooManyTargets);
				let target = Self::insert_target(stash.clone(), endpoints, Zero::zero(), now)?;
				Self::deposit_event(Event::TargetRegistered {
					target,
					stash,
					deposit: Zero::zero(),
				});
				registered.saturating_inc();
			}
			Self::deposit_event(Event::TargetsRegistered { registered, already });
			Ok(())
		}

		/// Deregisters any target and releases its deposit to its stash.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::deregister().saturating_add(T::Observer::weight()))]
		pub fn force_deregister(origin: OriginFor<T>, stash: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::remove_target(stash)
		}

		/// Sets the probe period, the probers per target and the probe timeout.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_settings())]
		pub fn set_settings(origin: OriginFor<T>, settings: ProbeSettings) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(settings.is_valid(T::MaxProbersPerTarget::get()), Error::<T>::InvalidSettings);
			// The next period starts now, numbered after the current one.
			let now = frame_system::Pallet::<T>::block_number();
			PeriodStart::<T>::put((now, Self::period_of(now).saturating_add(1)));
			Settings::<T>::put(settings);
			Self::deposit_event(Event::SettingsChanged { settings });
			Ok(())
		}

		/// Sets where relay-chain eras start and how long they last (for era windows).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::set_settings())]
		pub fn set_era_clock(origin: OriginFor<T>, clock: EraClock) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(clock.length_ms >= sli::time::HOUR_MS, Error::<T>::InvalidEraClock);
			EraClockSetting::<T>::put(clock);
			Self::deposit_event(Event::EraClockChanged { clock });
			Ok(())
		}

		/// A prober's results for one period, submitted by its off-chain worker.
		///
		/// Validated before it enters the pool or a block ([`Pallet::authorize_report`]):
		/// current prober, valid signature, the current or previous period, and no report of
		/// this prober for this period yet. Results for targets not assigned to the prober are
		/// skipped.
		///
		/// Its signed authority-discovery records are verified and kept where newer than the
		/// chain's ([`discovery`]), whoever's targets they are: no prober can forge one.
		///
		/// Weighed at worst case (a full hour record on both channels, every record verified)
		/// before dispatch; charged for the larger of the report's results and the prober's
		/// hour record's entries (which it reads and writes back), both counted per channel
		/// (a target probed both ways is two), and for the records verified.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::submit_probes(
			T::MaxTargets::get().saturating_mul(2),
			report.records.len() as u32,
		))]
		#[pallet::weight_of_authorize(T::WeightInfo::authorize_submit_probes(
			report.p2p.len().saturating_add(report.http.len()) as u32,
		))]
		#[pallet::authorize(Self::authorize_report)]
		pub fn submit_probes(
			origin: OriginFor<T>,
			report: ReportOf<T>,
			// Verified in `authorize_report`.
			_signature: SignatureOf<T>,
		) -> DispatchResultWithPostInfo {
			ensure_authorized(origin)?;
			let results = report.p2p.len().saturating_add(report.http.len()) as u32;
			let (record, verified) = Self::record(report);
			Ok(Some(T::WeightInfo::submit_probes(results.max(record), verified)).into())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Checks every endpoint ([`check_endpoint`]: a URL or a p2p address, private hosts as
	/// the settings say) and that none repeats.
	pub fn check_endpoints(endpoints: &EndpointsOf<T>) -> Result<(), Error<T>> {
		ensure!(!endpoints.is_empty(), Error::<T>::NoEndpoints);
		let allow_private = Settings::<T>::get().allow_private_hosts;
		for (i, url) in endpoints.iter().enumerate() {
			check_endpoint(url, allow_private).map_err(|e| match e {
				UrlError::Scheme => Error::<T>::BadUrlScheme,
				UrlError::Credentials => Error::<T>::UrlHasCredentials,
				UrlError::Host => Error::<T>::BadUrlHost,
				UrlError::NotPrintable => Error::<T>::UrlNotPrintable,
				UrlError::PrivateHost => Error::<T>::PrivateHost,
				UrlError::P2pAddress => Error::<T>::BadP2pAddress,
			})?;
			ensure!(!endpoints[..i].contains(url), Error::<T>::DuplicateEndpoint);
		}
		Ok(())
	}

	fn insert_target(
		stash: T::AccountId,
		endpoints: EndpointsOf<T>,
		deposit: BalanceOf<T>,
		now: BlockNumberFor<T>,
	) -> Result<TargetId, Error<T>> {
		ensure!(!TargetOfStash::<T>::contains_key(&stash), Error::<T>::AlreadyRegistered);
		ensure!(Targets::<T>::count() < T::MaxTargets::get(), Error::<T>::TooManyTargets);
		let id = NextTargetId::<T>::get();
		NextTargetId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		TargetOfStash::<T>::insert(&stash, id);
		Targets::<T>::insert(
			id,
			Target { stash, endpoints, paused: false, deposit, registered_at: now },
		);
		Self::set_active(id, true);
		Ok(id)
	}

	fn target_of(stash: &T::AccountId) -> Result<TargetId, Error<T>> {
		TargetOfStash::<T>::get(stash).ok_or(Error::<T>::NotRegistered)
	}

	fn set_paused(stash: &T::AccountId, paused: bool) -> Result<TargetId, DispatchError> {
		let target = Self::target_of(stash)?;
		Targets::<T>::try_mutate(target, |info| -> DispatchResult {
			let info = info.as_mut().ok_or(Error::<T>::NotRegistered)?;
			match (info.paused, paused) {
				(true, true) => Err(Error::<T>::AlreadyPaused.into()),
				(false, false) => Err(Error::<T>::NotPaused.into()),
				_ => {
					info.paused = paused;
					Ok(())
				},
			}
		})?;
		Self::set_active(target, !paused);
		Ok(target)
	}

	/// Adds a target to [`ActiveTargets`] or removes it (ids are at most `MaxTargets`
	/// registered targets, so there is always room).
	fn set_active(target: TargetId, active: bool) {
		ActiveTargets::<T>::mutate(|ids| match (ids.binary_search(&target), active) {
			(Err(at), true) => {
				let _ = ids.try_insert(at, target);
			},
			(Ok(at), false) => {
				ids.remove(at);
			},
			_ => {},
		});
	}

	/// Deregisters a stash's target: the whole target, or (while its validator is in the
	/// relay chain's set) its URLs and deposit only.
	fn remove_target(stash: T::AccountId) -> DispatchResult {
		let target = Self::target_of(&stash)?;
		let info = Targets::<T>::get(target).ok_or(Error::<T>::NotRegistered)?;
		if Self::relay_member(&stash).is_none() {
			let refund = Self::release_deposit(&stash, info.deposit)?;
			Self::drop_target(stash, target, refund);
			return Ok(());
		}
		ensure!(!info.endpoints.is_empty(), Error::<T>::NotRegistered);
		let refund = Self::release_deposit(&stash, info.deposit)?;
		Targets::<T>::insert(
			target,
			Target { endpoints: Default::default(), deposit: Zero::zero(), ..info },
		);
		T::Observer::endpoints_changed(&stash);
		Self::deposit_event(Event::RegistrationWithdrawn { target, stash, refund });
		Ok(())
	}

	fn release_deposit(
		stash: &T::AccountId,
		deposit: BalanceOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		if deposit.is_zero() {
			return Ok(Zero::zero());
		}
		T::Currency::release(
			&HoldReason::TargetDeposit.into(),
			stash,
			deposit,
			Precision::BestEffort,
		)
	}

	/// Removes a target (its deposit released already); its history stays and ages out.
	fn drop_target(stash: T::AccountId, target: TargetId, refund: BalanceOf<T>) {
		TargetOfStash::<T>::remove(&stash);
		Targets::<T>::remove(target);
		Self::set_active(target, false);
		T::Observer::left(&stash);
		Self::deposit_event(Event::TargetDeregistered { target, stash, refund });
	}

	/// The current probers: the first [`Config::MaxProbers`] of the sorted list.
	pub fn probers() -> Vec<T::AuthorityId> {
		let mut probers = T::Probers::sorted_members();
		probers.truncate(T::MaxProbers::get() as usize);
		probers
	}

	/// Fixes the current period's seed from the relay chain's randomness of one epoch ago
	/// (`None` where the relay chain does not prove it), if the period has none yet: the
	/// runtime calls this in every block, as the relay-chain state proof arrives. Forgets the
	/// seed of three periods ago. Returns the weight used.
	pub fn note_relay_randomness(randomness: Option<[u8; 32]>) -> Weight {
		let period = Self::period_of(frame_system::Pallet::<T>::block_number());
		if PeriodSeeds::<T>::contains_key(period) {
			return T::DbWeight::get().reads(3);
		}
		PeriodSeeds::<T>::insert(period, assignment::seed(randomness.as_ref(), period));
		if let Some(old) = period.checked_sub(3) {
			PeriodSeeds::<T>::remove(old);
		}
		T::DbWeight::get().reads_writes(3, 2)
	}

	/// A period's seed: the one fixed in its first block, or that of the period alone.
	pub fn seed_of(period: Period) -> assignment::Seed {
		PeriodSeeds::<T>::get(period).unwrap_or_else(|| assignment::seed(None, period))
	}

	/// Who probes what in `period`, among `count` probers.
	pub fn assignment(period: Period, count: u32) -> assignment::Assignment {
		let per_target = Settings::<T>::get().probers_per_target;
		assignment::Assignment::new(&Self::seed_of(period), count, per_target)
	}

	/// The probers assigned to a target in the current period.
	pub fn assigned_probers(target: TargetId, probers: &[T::AuthorityId]) -> Vec<T::AuthorityId> {
		let period = Self::period_of(frame_system::Pallet::<T>::block_number());
		let assignment = Self::assignment(period, probers.len() as u32);
		assignment
			.probers_of(target)
			.filter_map(|index| probers.get(index as usize).cloned())
			.collect()
	}

	/// The period a block belongs to: `first + (block − from) / period_blocks` from
	/// [`PeriodStart`].
	pub fn period_of(block: BlockNumberFor<T>) -> Period {
		let period_blocks = Settings::<T>::get().period_blocks.max(1);
		let (from, first) = PeriodStart::<T>::get();
		let since: u32 = block.saturating_sub(from).try_into().unwrap_or(u32::MAX);
		first.saturating_add(since / period_blocks)
	}

	/// Authorises a [`Pallet::submit_probes`] transaction: a current prober, its signature,
	/// the current or previous period, and its first report for that period.
	pub fn authorize_report(
		_source: TransactionSource,
		report: &ReportOf<T>,
		signature: &SignatureOf<T>,
	) -> TransactionValidityWithRefund {
		if !Self::probers().contains(&report.prober) {
			return Err(InvalidTransaction::BadSigner.into());
		}
		let current = Self::period_of(frame_system::Pallet::<T>::block_number());
		if report.period > current {
			return Err(InvalidTransaction::Future.into());
		}
		if report.period.saturating_add(1) < current
			|| LastReported::<T>::get(&report.prober).is_some_and(|last| last >= report.period)
		{
			return Err(InvalidTransaction::Stale.into());
		}
		if !report.prober.verify(&Self::signed_payload(report), signature) {
			return Err(InvalidTransaction::BadProof.into());
		}
		let longevity = u64::from(Settings::<T>::get().period_blocks).max(2);
		ValidTransaction::with_tag_prefix("MonitoringProbes")
			.priority(T::UnsignedPriority::get())
			.and_provides((report.prober.clone(), report.period))
			.longevity(longevity)
			.propagate(true)
			.build()
			.map(|validity| (validity, Weight::zero()))
	}

	/// What a prober signs: [`REPORT_SIGNING_CONTEXT`], this chain's genesis hash and the
	/// report, so that a signature is valid for one chain and one purpose only.
	pub fn signed_payload(report: &ReportOf<T>) -> Vec<u8> {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		(REPORT_SIGNING_CONTEXT, genesis, report).encode()
	}

	/// Records an authorised report into the current hour: each result, p2p and HTTP apart,
	/// for a target assigned to the prober that is registered and not paused (a report may
	/// have been made before a pause or a removal; nobody's word is taken about a target not
	/// being probed), with an HTTP status only by its class ([`DownReason::coarse`]); and its
	/// records
	/// ([`Pallet::note_records`]). Returns how many channel entries the prober's hour record
	/// held before and how many records were verified (for the weight).
	fn record(report: ReportOf<T>) -> (u32, u32) {
		LastReported::<T>::insert(&report.prober, report.period);
		let verified = if report.records.is_empty() {
			0
		} else {
			let checked = Self::note_records(report.records);
			Self::deposit_event(Event::RecordsChecked {
				prober: report.prober.clone(),
				accepted: checked.accepted,
				stale: checked.stale,
				refused: checked.refused,
			});
			checked.verified()
		};
		let hour = Self::open_hour();
		let probers = Self::probers();
		let index = probers.iter().position(|p| *p == report.prober).unwrap_or_default() as u32;
		let assignment = Self::assignment(report.period, probers.len() as u32);
		let active = ActiveTargets::<T>::get();
		let (mut recorded, mut skipped, mut before) = (0u32, 0u32, 0u32);
		HourlyReports::<T>::mutate(hour, &report.prober, |entries| {
			before = channel_entries(entries);
			for (channel, results) in [(Channel::P2p, &report.p2p), (Channel::Http, &report.http)] {
				let mut last_target = None;
				for result in results.iter() {
					let target = result.target;
					if active.binary_search(&target).is_err()
						|| !assignment.is_assigned(target, index)
						|| last_target.is_some_and(|last| last >= target)
					{
						// Unknown, not this prober's, out of order (each target once per
						// channel), removed or paused.
						skipped.saturating_inc();
						continue;
					}
					last_target = Some(target);
					if Self::record_one(entries, channel, target, report.period, result.outcome) {
						recorded.saturating_inc();
					} else {
						skipped.saturating_inc();
					}
				}
			}
		});
		Self::deposit_event(Event::ProbesRecorded {
			prober: report.prober,
			period: report.period,
			hour,
			recorded,
			skipped,
		});
		(before, verified)
	}

	/// Records one result into a prober's hour record (an HTTP status only by its class);
	/// `false` if the record has no room for a new target.
	fn record_one(
		entries: &mut HourRecordOf<T>,
		channel: Channel,
		target: TargetId,
		period: Period,
		outcome: Outcome,
	) -> bool {
		let outcome = match outcome {
			Outcome::Down(reason) => Outcome::Down(reason.coarse()),
			up => up,
		};
		let latency = match outcome {
			Outcome::Up(ms) => ms,
			Outcome::Down(_) => 0,
		};
		let at = match entries.binary_search_by_key(&target, |(t, _)| *t) {
			Ok(at) => at,
			Err(at) => {
				if entries.try_insert(at, (target, HourEntries::default())).is_err() {
					return false;
				}
				at
			},
		};
		let Some((_, by_channel)) = entries.get_mut(at) else { return false };
		let entry = by_channel.get_mut(channel).get_or_insert_with(|| HourEntry {
			counts: ProbeCounts::default(),
			last: LastProbe { period, outcome },
		});
		entry.counts.record(outcome.is_up(), latency);
		entry.last = LastProbe { period, outcome };
		true
	}

	/// A target's primary channel, the one its SLIs are given over: p2p for a validator of
	/// the relay chain's set with a discovery key (its signed record names its addresses) or
	/// a target registered with a p2p address; HTTP for one probed only at HTTP URLs.
	pub fn channel_of(target: TargetId) -> Channel {
		if Discovery::<T>::contains_key(target) {
			return Channel::P2p;
		}
		let p2p_address = Targets::<T>::get(target)
			.is_some_and(|t| t.endpoints.iter().any(|e| endpoint_kind(e) == EndpointKind::P2p));
		match p2p_address {
			true => Channel::P2p,
			false => Channel::Http,
		}
	}

	/// For other pallets' benchmarks: records for `ids` over `[from_ms, to_ms)` as if three
	/// probers had probed them six times an hour — each hour rolled up (when the range fits
	/// in the kept hours) and each day it touches — with those hours and days kept.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn benchmark_history(ids: &[TargetId], from_ms: u64, to_ms: u64) {
		let mut counts = ProbeCounts::default();
		for i in 0..6u32 {
			counts.record(i != 3, 40 + 10 * i);
		}
		// Both channels: the most a query or a settlement decodes.
		let combined = sli::combine(&[counts, counts, counts]);
		let hour_entry = ByChannel { p2p: Some(combined), http: Some(combined) };
		let (first, end) = (sli::time::hour_of(from_ms), sli::time::hour_of(to_ms));
		let block = frame_system::Pallet::<T>::block_number();
		if end.saturating_sub(first) < T::HoursKept::get() {
			let mut kept = KeptHours::<T>::get();
			for hour in first..end {
				for id in ids {
					HourSli::<T>::insert(hour, id, hour_entry);
				}
				Hours::<T>::insert(
					hour,
					(block, sli::time::bucket_start_ms(sli::time::Resolution::Hour, hour)),
				);
				if kept.is_full() {
					kept.remove(0);
				}
				let _ = kept.try_push(hour);
			}
			KeptHours::<T>::put(kept);
		}
		let mut day_entry = hour_entry;
		for _ in 1..24 {
			day_entry.merge(&hour_entry);
		}
		let mut days = KeptDays::<T>::get();
		for day in sli::time::day_of(from_ms)..=sli::time::day_of(to_ms.saturating_sub(1)) {
			for id in ids {
				DaySli::<T>::insert(day, id, day_entry);
			}
			DayEntries::<T>::insert(day, ids.len() as u32);
			Days::<T>::insert(
				day,
				(block, sli::time::bucket_start_ms(sli::time::Resolution::Day, day)),
			);
			if days.is_full() {
				days.remove(0);
			}
			let _ = days.try_push(day);
		}
		KeptDays::<T>::put(days);
	}

	/// The hour reports go into: the clock's current hour, or hour 0 before the first tick.
	fn open_hour() -> u32 {
		CurrentHour::<T>::get().unwrap_or_default()
	}

	/// Starts the hour of `ms` if it is later than the current one: the timestamp hook.
	/// Returns the weight used.
	fn advance_clock(ms: u64) -> Weight {
		let hour = sli::time::hour_of(ms);
		if ms == 0 || CurrentHour::<T>::get().is_some_and(|current| hour <= current) {
			return T::DbWeight::get().reads(1);
		}
		Self::start_hour(hour, frame_system::Pallet::<T>::block_number(), ms);
		T::WeightInfo::on_initialize_new_hour()
	}

	/// The hook: one bounded piece of housekeeping, relative to the current hour.
	fn housekeeping() -> Weight {
		let weight = T::WeightInfo::on_initialize_idle();
		// While a migration moves the records into this layout ([`migrations`]), they stay
		// as they are.
		if Self::on_chain_storage_version() < STORAGE_VERSION {
			return weight;
		}
		let Some(hour) = CurrentHour::<T>::get() else { return weight };
		// Roll up the oldest finished hour not rolled up yet.
		if let Some(finished) = PendingRollUps::<T>::get().first().copied() {
			let (probers, entries, done) = Self::roll_up(finished);
			if done {
				PendingRollUps::<T>::mutate(|pending| pending.retain(|h| *h != finished));
			}
			return weight.saturating_add(T::WeightInfo::on_initialize_roll_up(probers, entries));
		}
		// Forget (a piece of) the oldest hour beyond the retention (never the current one).
		let kept = KeptHours::<T>::get();
		// An hour is forgotten one hour before the list is full, so that starting a new hour
		// never has to.
		let oldest_kept_age = T::HoursKept::get().saturating_sub(1);
		if let Some(expired) =
			kept.first().copied().filter(|h| hour.saturating_sub(*h) >= oldest_kept_age)
		{
			let (probers, targets) = Self::forget_hour(expired);
			return weight
				.saturating_add(T::WeightInfo::on_initialize_forget_hour(probers, targets));
		}
		// Forget (a piece of) the oldest day beyond the retention.
		let day = sli::time::day_of_hour(hour);
		let days = KeptDays::<T>::get();
		if let Some(expired) = days.first().copied() {
			if day.saturating_sub(expired) >= T::DaysKept::get() {
				let targets = Self::forget_day(expired);
				return weight.saturating_add(T::WeightInfo::on_initialize_forget_day(targets));
			}
		}
		weight
	}

	/// Forgets up to [`Config::MaxTargets`] entries of an expired day, and the day itself
	/// once none is left (a day with more entries takes several blocks). Returns how many
	/// entries it removed.
	fn forget_day(day: u32) -> u32 {
		let result = DaySli::<T>::clear_prefix(day, T::MaxTargets::get(), None);
		let insufficient = InsufficientHours::<T>::clear_prefix(day, T::MaxTargets::get(), None);
		let discoverable = DiscoverableHours::<T>::clear_prefix(day, T::MaxTargets::get(), None);
		if result.maybe_cursor.is_none()
			&& insufficient.maybe_cursor.is_none()
			&& discoverable.maybe_cursor.is_none()
		{
			Days::<T>::remove(day);
			DayEntries::<T>::remove(day);
			KeptDays::<T>::mutate(|days| days.retain(|d| *d != day));
		}
		result.unique
	}

	/// A new hour: record its first block, and the day's if it is a new day.
	fn start_hour(hour: u32, now: BlockNumberFor<T>, ms: u64) {
		if let Some(finished) = CurrentHour::<T>::get().filter(|previous| *previous < hour) {
			PendingRollUps::<T>::mutate(|pending| {
				if pending.is_full() {
					// A backlog as long as the retention (a clock jump): the oldest stays
					// hourly until it is forgotten.
					pending.remove(0);
					RollUpFrom::<T>::kill();
				}
				let _ = pending.try_push(finished);
			});
		}
		CurrentHour::<T>::put(hour);
		Hours::<T>::insert(hour, (now, ms));
		KeptHours::<T>::mutate(|kept| {
			if kept.is_full() {
				// Only when every kept hour is still to be rolled up (a clock jump): the
				// oldest goes first, unrolled.
				if let Some(oldest) = kept.first().copied() {
					Self::forget_hour_now(oldest);
					kept.remove(0);
				}
			}
			let _ = kept.try_push(hour);
		});
		let day = sli::time::day_of_hour(hour);
		if !Days::<T>::contains_key(day) {
			Days::<T>::insert(day, (now, ms));
			KeptDays::<T>::mutate(|days| {
				if days.is_full() {
					// Only after a clock jump of a whole retention: the oldest day goes at
					// once (it holds at most `MaxTargets` entries).
					if let Some(oldest) = days.first().copied() {
						let _ = DaySli::<T>::clear_prefix(oldest, T::MaxTargets::get(), None);
						let _ = InsufficientHours::<T>::clear_prefix(
							oldest,
							T::MaxTargets::get(),
							None,
						);
						let _ = DiscoverableHours::<T>::clear_prefix(
							oldest,
							T::MaxTargets::get(),
							None,
						);
						Days::<T>::remove(oldest);
						DayEntries::<T>::remove(oldest);
						days.remove(0);
					}
				}
				let _ = days.try_push(day);
			});
		}
	}

	/// How many probers' reports on a target in an hour count as evidence
	/// ([`ProbeSettings::min_probers`]).
	pub fn min_probers() -> u32 {
		Settings::<T>::get().min_probers
	}

	/// An hour's reports combined per target and channel (at most [`Config::MaxTargets`]
	/// targets, the lowest ids; a target too few probers reported on over a channel as
	/// insufficient evidence there), and how many prober records and channel entries it read.
	pub(crate) fn combine_hour(hour: u32) -> (BTreeMap<TargetId, CombinedByChannel>, u32, u32) {
		let mut per_target: BTreeMap<TargetId, ByChannel<Vec<ProbeCounts>>> = BTreeMap::new();
		let (mut probers, mut read) = (0u32, 0u32);
		for (_, entries) in
			HourlyReports::<T>::iter_prefix(hour).take(T::MaxProbers::get() as usize)
		{
			probers.saturating_inc();
			read.saturating_accrue(channel_entries(&entries));
			for (target, by_channel) in entries {
				let reports = per_target.entry(target).or_default();
				for (channel, entry) in by_channel.iter() {
					if let Some(entry) = entry {
						reports.get_mut(channel).push(entry.counts);
					}
				}
			}
		}
		let min_probers = Self::min_probers();
		let combined = per_target
			.into_iter()
			.take(T::MaxTargets::get() as usize)
			.map(|(target, reports)| (target, Self::combine_channels(&reports, min_probers)))
			.collect();
		(combined, probers, read)
	}

	/// Each channel's reports combined ([`sli::combine_at_least`]); none where there are
	/// none.
	pub(crate) fn combine_channels(
		reports: &ByChannel<Vec<ProbeCounts>>,
		min_probers: u32,
	) -> CombinedByChannel {
		reports.clone().map(|_, counts| {
			(!counts.is_empty()).then(|| sli::combine_at_least(&counts, min_probers))
		})
	}

	/// Rolls up the next [`Config::MaxRollUpTargets`] targets of a finished hour (from
	/// [`RollUpFrom`]): each target's reports combined into [`HourSli`] and added to its
	/// [`DaySli`]. Returns how many prober records and entries it read (for the weight), and
	/// whether the hour is done.
	fn roll_up(hour: u32) -> (u32, u32, bool) {
		let (per_target, probers, read) = Self::combine_hour(hour);
		let from = RollUpFrom::<T>::get().unwrap_or_default();
		let mut rest = per_target.range(from..);
		let chunk: Vec<(TargetId, CombinedByChannel)> = rest
			.by_ref()
			.take(T::MaxRollUpTargets::get() as usize)
			.map(|(target, combined)| (*target, *combined))
			.collect();
		let next = rest.next().map(|(target, _)| *target);
		let day = sli::time::day_of_hour(hour);
		if !chunk.is_empty() {
			for (target, combined) in &chunk {
				HourSli::<T>::insert(hour, target, combined);
			}
			Self::add_to_day(day, chunk);
			if !Days::<T>::contains_key(day) {
				// An hour of a day whose start this chain did not see (a clock jump).
				KeptDays::<T>::mutate(|days| {
					if let Err(at) = days.binary_search(&day) {
						let _ = days.try_insert(at, day);
					}
				});
			}
		}
		match next {
			Some(target) => RollUpFrom::<T>::put(target),
			None => {
				RollUpFrom::<T>::kill();
				let targets = per_target.len() as u32;
				Self::deposit_event(Event::HourRolledUp { hour, targets, probers });
			},
		}
		(probers, read, next.is_none())
	}

	/// Adds combined hours to their targets' entries of `day`, channel by channel (a
	/// target's first entry of the day counts towards [`DayEntries`]; beyond
	/// [`Config::MaxTargets`] in one day — more targets reported than can be registered at
	/// once — the extra ones are not kept). An hour of insufficient evidence on a channel
	/// adds no counts there, and one to the channel's [`InsufficientHours`].
	pub(crate) fn add_to_day(
		day: u32,
		hours: impl IntoIterator<Item = (TargetId, CombinedByChannel)>,
	) {
		let mut entries = DayEntries::<T>::get(day);
		for (target, combined) in hours {
			let kept = DaySli::<T>::mutate(day, target, |day_entry| match day_entry {
				Some(day_entry) => {
					day_entry.merge(&combined);
					true
				},
				None if entries >= T::MaxTargets::get() => false,
				None => {
					*day_entry = Some(combined);
					entries.saturating_inc();
					true
				},
			});
			let insufficient = combined.map(|_, c| c.is_some_and(|c| c.is_insufficient()));
			if kept && (insufficient.p2p || insufficient.http) {
				InsufficientHours::<T>::mutate(day, target, |hours| {
					for (channel, short) in insufficient.iter() {
						if *short {
							hours.get_mut(channel).saturating_inc();
						}
					}
				});
			}
		}
		DayEntries::<T>::insert(day, entries);
	}

	/// Forgets a piece of an expired hour: up to [`Config::MaxProbers`] prober records and
	/// [`Config::MaxTargets`] combined entries, and the hour itself once nothing is left.
	/// Queries stop reading the hour at once. Returns how many records and entries it removed.
	fn forget_hour(hour: u32) -> (u32, u32) {
		HoursForgottenBefore::<T>::mutate(|before| *before = (*before).max(hour.saturating_add(1)));
		let (probers, targets, done) = Self::clear_hour(hour);
		if done {
			Hours::<T>::remove(hour);
			if PendingRollUps::<T>::get().first() == Some(&hour) {
				RollUpFrom::<T>::kill();
			}
			PendingRollUps::<T>::mutate(|pending| pending.retain(|h| *h != hour));
			KeptHours::<T>::mutate(|kept| kept.retain(|h| *h != hour));
		}
		(probers, targets)
	}

	/// Forgets an hour at once (a clock jump filled the kept hours).
	fn forget_hour_now(hour: u32) {
		HoursForgottenBefore::<T>::mutate(|before| *before = (*before).max(hour.saturating_add(1)));
		let _ = Self::clear_hour(hour);
		Hours::<T>::remove(hour);
		if PendingRollUps::<T>::get().first() == Some(&hour) {
			RollUpFrom::<T>::kill();
		}
		PendingRollUps::<T>::mutate(|pending| pending.retain(|h| *h != hour));
	}

	/// Removes up to the limits of an hour's records; `true` when none is left.
	fn clear_hour(hour: u32) -> (u32, u32, bool) {
		let raw = HourlyReports::<T>::clear_prefix(hour, T::MaxProbers::get(), None);
		let combined = HourSli::<T>::clear_prefix(hour, T::MaxTargets::get(), None);
		let done = raw.maybe_cursor.is_none() && combined.maybe_cursor.is_none();
		(raw.unique, combined.unique, done)
	}
}

/// The clock: the runtime names the pallet in `pallet_timestamp::Config::OnTimestampSet`, so
/// that a block's reports are recorded into the hour of the block's own timestamp.
impl<T: Config> frame_support::traits::OnTimestampSet<u64> for Pallet<T> {
	fn on_timestamp_set(ms: u64) {
		let weight = Self::advance_clock(ms);
		frame_system::Pallet::<T>::register_extra_weight_unchecked(
			weight,
			DispatchClass::Mandatory,
		);
	}
}

/// How many channel entries a prober's hour record holds (a target probed both ways counts
/// twice): what reading and writing it costs, per entry, in the weights.
fn channel_entries(entries: &[(TargetId, HourEntries)]) -> u32 {
	entries.iter().map(|(_, by)| by.count()).fold(0, u32::saturating_add)
}

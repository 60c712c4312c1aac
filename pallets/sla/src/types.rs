//! Types stored on-chain and the traits that connect this pallet to its SLI source and to
//! the pallet that moves the money.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::frame_support::weights::Weight;
use scale_info::TypeInfo;

pub use sla_math::{
	Clause, CreditRule, Direction, Gate, Metric, Objective, Tier, Verdict, VoidReason,
};
pub use sli::{time::EraClock, Sli};

/// Identifier of an SLA, assigned when it is offered and never reused.
pub type SlaId = u32;

/// Index of a period of an SLA: 0 is the first.
pub type PeriodIndex = u32;

/// How long a period lasts. Every period starts on a whole hour.
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
pub enum Cadence {
	/// `n` hours (for test chains that settle quickly).
	Hours(u8),
	/// `n` UTC days.
	Days(u8),
	/// `n` weeks of 7 UTC days.
	Weeks(u8),
	/// `n` months of 30 UTC days.
	Months(u8),
	/// `n` relay-chain eras, as the monitoring pallet's era clock places them when the SLA is
	/// offered.
	Eras(u8),
}

/// Hours per day, and ms per hour, for periods.
pub const HOUR_MS: u64 = sli::time::HOUR_MS;
/// Ms per UTC day.
pub const DAY_MS: u64 = sli::time::DAY_MS;

impl Cadence {
	/// The count `n`.
	pub fn count(self) -> u8 {
		match self {
			Cadence::Hours(n)
			| Cadence::Days(n)
			| Cadence::Weeks(n)
			| Cadence::Months(n)
			| Cadence::Eras(n) => n,
		}
	}

	/// Length of a period in ms, for an era length of `era_ms`.
	pub fn length_ms(self, era_ms: u64) -> u64 {
		let unit = match self {
			Cadence::Hours(_) => HOUR_MS,
			Cadence::Days(_) => DAY_MS,
			Cadence::Weeks(_) => 7 * DAY_MS,
			Cadence::Months(_) => 30 * DAY_MS,
			Cadence::Eras(_) => era_ms,
		};
		unit.saturating_mul(u64::from(self.count()))
	}
}

/// The terms an SLA is offered on.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Terms<Clauses> {
	/// One to four objectives with their credit rules; the worst decides a period.
	pub clauses: Clauses,
	/// How long a period lasts.
	pub cadence: Cadence,
	/// When the first period starts (Unix ms, a whole hour in the future). For eras: the first
	/// era to cover, as its index; it must not have started.
	pub first: u64,
	/// Number of periods.
	pub periods: u32,
	/// Evidence a period needs to be judged.
	pub gate: Gate,
	/// Pause time each validator may take per period for maintenance, in ms; pausing longer
	/// counts as downtime.
	pub maintenance_ms: u64,
	/// Periods between a notice to end and the last period.
	pub notice_periods: u32,
}

/// Where an SLA is in its life.
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
pub enum SlaState {
	/// Offered; the first period has not started. The provider may still cancel.
	Offered,
	/// Periods are running.
	Active,
	/// Notice given: `last` is the last period.
	Ending {
		/// The last period.
		last: PeriodIndex,
	},
	/// Every period is final.
	Ended,
}

/// An SLA as stored.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Sla<AccountId, Balance, Members, Clauses> {
	/// Who offered it: a member's stash or the account its stashes named as operator.
	pub provider: AccountId,
	/// The validators (stash accounts) whose pooled SLIs it promises.
	pub members: Members,
	/// The terms.
	pub terms: Terms<Clauses>,
	/// Start of period 0 (Unix ms, a whole hour).
	pub start_ms: u64,
	/// Length of a period (ms, whole hours).
	pub period_ms: u64,
	/// Where it is in its life.
	pub state: SlaState,
	/// The next period to settle.
	pub next_settle: PeriodIndex,
	/// The next period to make final (money moves).
	pub next_final: PeriodIndex,
	/// Held from the provider while the SLA is stored.
	pub deposit: Balance,
}

impl<AccountId, Balance, Members, Clauses> Sla<AccountId, Balance, Members, Clauses> {
	/// `[start, end)` of a period, in ms.
	pub fn period_range(&self, period: PeriodIndex) -> (u64, u64) {
		let start = self.start_ms.saturating_add(self.period_ms.saturating_mul(u64::from(period)));
		(start, start.saturating_add(self.period_ms))
	}

	/// The last period: the notice's, or the terms' last.
	pub fn last_period(&self) -> PeriodIndex {
		match self.state {
			SlaState::Ending { last } => last,
			_ => self.terms.periods.saturating_sub(1),
		}
	}

	/// The period running at `now_ms`, if one is.
	pub fn period_at(&self, now_ms: u64) -> Option<PeriodIndex> {
		if now_ms < self.start_ms || self.period_ms == 0 {
			return None;
		}
		let index = u32::try_from((now_ms - self.start_ms) / self.period_ms).ok()?;
		(index <= self.last_period()).then_some(index)
	}

	/// The first period that starts after `now_ms` (cover bought now starts there), if the
	/// SLA has one.
	pub fn next_period_after(&self, now_ms: u64) -> Option<PeriodIndex> {
		let next = match self.period_at(now_ms) {
			Some(current) => current.checked_add(1)?,
			None if now_ms < self.start_ms => 0,
			None => return None,
		};
		(next <= self.last_period()).then_some(next)
	}

	/// How many buckets of a member's records a period's evidence reads at most: its hours
	/// when it lasts a day or less, its days otherwise (periods longer than a day are whole
	/// days).
	pub fn evidence_buckets(&self) -> u32 {
		let unit = if self.period_ms <= DAY_MS { HOUR_MS } else { DAY_MS };
		u32::try_from(self.period_ms.div_ceil(unit)).unwrap_or(u32::MAX)
	}

	/// Whether the evidence of its periods is read from daily records (periods of whole UTC
	/// days), which the monitoring pallet keeps a year, rather than hourly ones, kept a day.
	pub fn daily_evidence(&self) -> bool {
		self.start_ms.is_multiple_of(DAY_MS) && self.period_ms.is_multiple_of(DAY_MS)
	}
}

/// Where a period's verdict is.
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
pub enum PeriodStatus<AccountId, Balance> {
	/// Settled; anyone may dispute it until `until` (Unix ms).
	Disputable {
		/// End of the dispute window.
		until: u64,
	},
	/// Disputed: waits for the dispute origin.
	Disputed {
		/// Who disputed.
		challenger: AccountId,
		/// Their deposit, held.
		deposit: Balance,
	},
	/// Final: the money moved.
	Final,
}

/// A settled period: its verdict and the evidence it was computed from.
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
pub struct PeriodRecord<AccountId, Balance> {
	/// The verdict (the dispute origin's, if it changed it).
	pub verdict: Verdict,
	/// The group's pooled SLIs over the period.
	pub sli: Sli,
	/// The uptime that was judged (paused time beyond the allowance as down), in ppm.
	pub judged_uptime_ppm: Option<u32>,
	/// Fewest probers that reported on a member.
	pub probers: u32,
	/// Time the members spent paused, summed, in ms.
	pub paused_ms: u64,
	/// A member changed endpoints or left monitoring during the period.
	pub tampered: bool,
	/// When it was settled (Unix ms).
	pub settled_ms: u64,
	/// Disputable, disputed or final.
	pub status: PeriodStatus<AccountId, Balance>,
}

/// A validator's state in the SLI source.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct MemberStatus {
	/// Probing is paused.
	pub paused: bool,
}

/// A group's SLIs over a period, as the SLI source gives them.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct PeriodSli {
	/// Pooled over the members.
	pub sli: Sli,
	/// Fewest probers that reported on a member (the most in any bucket of its).
	pub probers: u32,
	/// The answer came from daily records.
	pub daily: bool,
}

/// Why the SLI source cannot answer.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SourceError {
	/// A member is not monitored (any more).
	NotMonitored,
	/// No answer for that range (no clock yet, or a range in the future).
	Unavailable,
}

/// Where this pallet reads SLIs: in the runtime, the monitoring pallet.
pub trait SliSource<AccountId> {
	/// A validator's monitoring state; `None` when it is not monitored.
	fn status(stash: &AccountId) -> Option<MemberStatus>;
	/// The chain's clock (Unix ms).
	fn now_ms() -> u64;
	/// Evidence before this time is final: no probe result can still join it.
	fn final_until_ms() -> u64;
	/// The era clock periods of eras are placed by.
	fn era_clock() -> EraClock;
	/// The group's SLIs over `[from_ms, to_ms)`.
	fn period_sli(
		stashes: &[AccountId],
		from_ms: u64,
		to_ms: u64,
	) -> Result<PeriodSli, SourceError>;
}

/// What the money side must do when a period is final or an SLA goes.
pub trait SlaHooks {
	/// A period's verdict is final: move its money.
	fn period_final(sla: SlaId, period: PeriodIndex, verdict: Verdict) -> Weight;
	/// Most weight [`SlaHooks::period_final`] may take.
	fn period_final_weight() -> Weight;
	/// An SLA was cancelled before its first period: return everything.
	fn cancelled(sla: SlaId) -> Weight;
	/// Most weight [`SlaHooks::cancelled`] may take.
	fn cancelled_weight() -> Weight;
	/// Whether an ended SLA may be removed (nothing left to claim).
	fn can_remove(sla: SlaId) -> bool;
	/// An ended SLA was removed: forget its records.
	fn removed(sla: SlaId) -> Weight;
	/// Most weight [`SlaHooks::removed`] may take.
	fn removed_weight() -> Weight;
}

impl SlaHooks for () {
	fn period_final(_: SlaId, _: PeriodIndex, _: Verdict) -> Weight {
		Weight::zero()
	}
	fn period_final_weight() -> Weight {
		Weight::zero()
	}
	fn cancelled(_: SlaId) -> Weight {
		Weight::zero()
	}
	fn cancelled_weight() -> Weight {
		Weight::zero()
	}
	fn can_remove(_: SlaId) -> bool {
		true
	}
	fn removed(_: SlaId) -> Weight {
		Weight::zero()
	}
	fn removed_weight() -> Weight {
		Weight::zero()
	}
}

/// What the money side may ask about an SLA.
pub trait SlaInfo<AccountId> {
	/// The provider of a live (not removed) SLA.
	fn provider(sla: SlaId) -> Option<AccountId>;
	/// The first period cover bought now would start at, if the SLA takes cover now.
	fn next_period_now(sla: SlaId) -> Option<PeriodIndex>;
	/// The last period of the SLA.
	fn last_period(sla: SlaId) -> Option<PeriodIndex>;
	/// Periods before this one are final.
	fn final_before(sla: SlaId) -> Option<PeriodIndex>;
}

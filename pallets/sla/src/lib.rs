//! # SLA pallet
//!
//! Service-level agreements on relay-chain validators, judged by the chain from the SLIs its
//! own monitoring pallet keeps: no oracle, so no adapter whose formula can be wrong (DSLA's
//! post-mortem) and no verifier paid before the answer (its defect 4). This pallet holds the
//! contracts, their periods and verdicts; the money (bond, backing, cover, premiums,
//! compensation) lives in `pallet-compensation`, which learns of final verdicts through
//! [`Config::Hooks`]. The arithmetic is in the `sla-math` crate.
//!
//! ## Contracts
//! The stash of a monitored validator, or an operator account its stash named
//! ([`Pallet::set_operator`]), offers an SLA on that validator or on a group of validators
//! whose SLIs are pooled ([`Pallet::offer`]), holding [`Config::OfferDeposit`] for its storage.
//! The [`Terms`] name one to four [`Clause`]s (an SLI, a direction, a target and a credit rule:
//! DSLA v2's capped deviation or a tier table), a [`Cadence`] (whole hours, days, weeks,
//! 30-day months or relay eras), the first period (in the future), the number of periods
//! (at most [`Config::MaxPeriods`]), a data [`Gate`], a maintenance allowance and a notice.
//!
//! ## Lifecycle
//! `Offered` → `Active` (the first period started) → `Ending` (notice given: the last period is
//! `notice_periods` after the current one) → `Ended` (every period final). An offered SLA can
//! be cancelled until its first period starts. Each transition has an event.
//!
//! ## Settlement
//! Once a period has ended, its records are final and [`Config::SettleDelay`] has passed,
//! anyone may [`Pallet::settle`] it; otherwise the `on_idle` agenda does, within its weight
//! meter. The verdict is computed once from the SLIs and stored with its evidence (see
//! [`settlement`]); periods settle in order, never twice, never skipped. A settled period can be
//! disputed with [`Config::DisputeDeposit`] for [`Config::DisputeWindow`]; [`Config::DisputeOrigin`]
//! resolves a dispute (the verdict stands and the deposit is lost, or it is replaced and the
//! challenger refunded). Then the period is final and [`Config::Hooks`] moves the money.
//!
//! ## A provider cannot hide
//! The monitoring pallet tells this pallet (through the runtime) when a member is paused,
//! resumed, changes its endpoints or leaves monitoring ([`incidents`]). Pausing beyond the
//! allowance counts as downtime; changing endpoints or leaving during a period breaches it at
//! the largest credit.
//!
//! `docs/sla.md` gives the formulas with a worked example, the trust model and the bounds.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod incidents;
#[cfg(any(test, feature = "try-runtime"))]
mod invariants;
#[cfg(test)]
mod mock;
mod queries;
pub mod settlement;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use polkadot_sdk::{
	frame_support::{
		self,
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::{Fortitude, Precision},
		},
	},
	frame_system::{self, pallet_prelude::*},
	sp_runtime::traits::Zero,
};

/// What the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes `stash` a monitored, probed validator.
	fn monitor(stash: &AccountId);
	/// Records a full hour of probes by several probers for each stash, every hour of
	/// `[from_ms, to_ms)`.
	fn record(stashes: &[AccountId], from_ms: u64, to_ms: u64);
	/// Sets the chain's clock (Unix ms).
	fn set_now(ms: u64);
}

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::sla";

/// Balance type of the deposit currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// An SLA's members.
pub type MembersOf<T> =
	BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxMembers>;
/// A clause's tier table.
pub type TiersOf<T> = BoundedVec<Tier, <T as Config>::MaxTiers>;
/// An SLA's clauses.
pub type ClausesOf<T> = BoundedVec<Clause<TiersOf<T>>, <T as Config>::MaxClauses>;
/// Terms as offered.
pub type TermsOf<T> = Terms<ClausesOf<T>>;
/// An SLA as stored.
pub type SlaOf<T> =
	Sla<<T as frame_system::Config>::AccountId, BalanceOf<T>, MembersOf<T>, ClausesOf<T>>;
/// A settled period.
pub type PeriodRecordOf<T> = PeriodRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// Version 0: the first layout.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Currency of the deposits.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Where SLIs come from: the monitoring pallet.
		type Sli: SliSource<Self::AccountId>;

		/// The money side, told when a period is final or an SLA is cancelled.
		type Hooks: SlaHooks;

		/// Resolves disputes.
		type DisputeOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Held from the provider per SLA, for its storage.
		#[pallet::constant]
		type OfferDeposit: Get<BalanceOf<Self>>;

		/// Held from a challenger per dispute.
		#[pallet::constant]
		type DisputeDeposit: Get<BalanceOf<Self>>;

		/// Time after a period's end before it can be settled (ms).
		#[pallet::constant]
		type SettleDelay: Get<u64>;

		/// Time after settlement during which a verdict can be disputed (ms).
		#[pallet::constant]
		type DisputeWindow: Get<u64>;

		/// Shortest time from an offer to its first period (ms): cover can be bought before
		/// the first period starts.
		#[pallet::constant]
		type MinLead: Get<u64>;

		/// Most SLAs stored at once.
		#[pallet::constant]
		type MaxSlas: Get<u32>;

		/// Most validators in one SLA.
		#[pallet::constant]
		type MaxMembers: Get<u32>;

		/// Most clauses in one SLA (four).
		#[pallet::constant]
		type MaxClauses: Get<u32>;

		/// Most rows in a tier table.
		#[pallet::constant]
		type MaxTiers: Get<u32>;

		/// Most periods in one SLA.
		#[pallet::constant]
		type MaxPeriods: Get<u32>;

		/// Longest period, in days: what the SLI source keeps daily records for at least, and
		/// what settling a period is benchmarked to.
		#[pallet::constant]
		type MaxPeriodDays: Get<u32>;

		/// Most SLAs one validator is a member of.
		#[pallet::constant]
		type MaxSlasPerValidator: Get<u32>;

		/// Most pauses and endpoint changes kept per validator.
		#[pallet::constant]
		type MaxIncidents: Get<u32>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;

		/// Sets up monitored validators, their records and the clock for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a stored SLA.
		Offer,
		/// The deposit of a dispute.
		Dispute,
	}

	/// The identifier the next SLA gets.
	#[pallet::storage]
	pub type NextSlaId<T> = StorageValue<_, SlaId, ValueQuery>;

	/// SLAs, from offer until removal.
	#[pallet::storage]
	pub type Slas<T: Config> = CountedStorageMap<_, Twox64Concat, SlaId, SlaOf<T>>;

	/// Settled periods of each SLA.
	#[pallet::storage]
	pub type Periods<T: Config> =
		StorageDoubleMap<_, Twox64Concat, SlaId, Twox64Concat, PeriodIndex, PeriodRecordOf<T>>;

	/// The SLAs (not ended) each validator is a member of.
	#[pallet::storage]
	pub type SlasOf<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<SlaId, T::MaxSlasPerValidator>,
		ValueQuery,
	>;

	/// The account a validator's stash lets offer SLAs on it.
	#[pallet::storage]
	pub type Operators<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

	/// Pauses, endpoint changes and departures of validators that are members of an SLA.
	#[pallet::storage]
	pub type Incidents<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		incidents::IncidentLog<T::MaxIncidents>,
		ValueQuery,
	>;

	/// Per hour (`⌊ms / 3,600,000⌋`): the SLAs whose next step (start, settlement or
	/// finality) falls due in it.
	#[pallet::storage]
	pub type Agenda<T: Config> =
		StorageMap<_, Twox64Concat, u32, BoundedVec<SlaId, T::MaxSlas>, ValueQuery>;

	/// No agenda hour before this one has entries.
	#[pallet::storage]
	pub type AgendaFrom<T> = StorageValue<_, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A stash named (or removed) the operator that may offer SLAs on it.
		OperatorSet { stash: T::AccountId, operator: Option<T::AccountId> },
		/// An SLA was offered.
		Offered { sla: SlaId, provider: T::AccountId, start_ms: u64, period_ms: u64 },
		/// An offered SLA was cancelled before its first period.
		Cancelled { sla: SlaId },
		/// The first period started.
		Activated { sla: SlaId },
		/// The provider gave notice: `last` is the last period.
		Ending { sla: SlaId, last: PeriodIndex },
		/// Every period is final.
		Ended { sla: SlaId },
		/// An ended SLA and its records were removed.
		Removed { sla: SlaId },
		/// A period was judged.
		Settled { sla: SlaId, period: PeriodIndex, verdict: Verdict },
		/// A verdict was disputed.
		Disputed { sla: SlaId, period: PeriodIndex, challenger: T::AccountId },
		/// A dispute was resolved: `upheld` when the verdict was replaced.
		Resolved { sla: SlaId, period: PeriodIndex, verdict: Verdict, upheld: bool },
		/// A period's verdict is final and its money moved.
		Final { sla: SlaId, period: PeriodIndex, verdict: Verdict },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such SLA.
		UnknownSla,
		/// Only the SLA's provider may do this.
		NotProvider,
		/// A member is not monitored, or its probing is paused.
		NotMonitored,
		/// The caller is neither a member's stash nor its operator.
		NotAuthorised,
		/// An SLA needs at least one member, each once.
		BadMembers,
		/// An SLA needs one to four clauses, each with a valid target and credit rule.
		BadClauses,
		/// A cadence needs a count of at least one; eras need an era clock on whole hours.
		BadCadence,
		/// The first period must start on a whole hour, at least the minimum lead ahead.
		BadStart,
		/// A period may last at most [`Config::MaxPeriodDays`] days.
		PeriodTooLong,
		/// A period longer than a day must start at midnight UTC and last whole days (its
		/// evidence comes from daily records).
		NotWholeDays,
		/// The number of periods must be between one and the maximum; the notice below it.
		BadPeriods,
		/// [`Config::MaxSlas`] SLAs are stored.
		TooManySlas,
		/// A member is in [`Config::MaxSlasPerValidator`] SLAs already.
		TooManySlasForValidator,
		/// The first period has started: too late to cancel.
		AlreadyStarted,
		/// Notice was given already, or the SLA has ended.
		NotActive,
		/// Periods settle in order: this is not the next one.
		NotNextPeriod,
		/// The period has not ended, or its evidence is not final yet.
		NotDue,
		/// The period is settled already or not settled yet.
		WrongPeriodStatus,
		/// The dispute window is closed.
		DisputeClosed,
		/// The SLA has not ended, or money is still to be claimed.
		NotRemovable,
		/// The identifier space is exhausted.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Works through the agenda: starts, settles and makes final what is due, within the
		/// weight left.
		fn on_idle(_now: BlockNumberFor<T>, limit: Weight) -> Weight {
			Self::work_agenda(limit)
		}

		fn integrity_test() {
			assert!(T::MaxClauses::get() >= 1, "MaxClauses must allow a clause");
			assert!(T::MaxPeriods::get() >= 1, "MaxPeriods must allow a period");
			assert!(T::MaxMembers::get() >= 1, "MaxMembers must allow a member");
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
		/// Names the account that may offer SLAs on the caller's validator (the caller is its
		/// stash), or removes it with `None`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_operator())]
		pub fn set_operator(
			origin: OriginFor<T>,
			operator: Option<T::AccountId>,
		) -> DispatchResult {
			let stash = ensure_signed(origin)?;
			Operators::<T>::set(&stash, operator.clone());
			Self::deposit_event(Event::OperatorSet { stash, operator });
			Ok(())
		}

		/// Offers an SLA on `members` (stashes of monitored validators, probed now) on `terms`,
		/// holding [`Config::OfferDeposit`]. The caller must be each member's stash or operator.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::offer(members.len() as u32))]
		pub fn offer(
			origin: OriginFor<T>,
			members: MembersOf<T>,
			terms: TermsOf<T>,
		) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_offer(provider, members, terms).map(|_| ())
		}

		/// Cancels an offered SLA before its first period; cover and bond are returned.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::cancel(T::MaxMembers::get()).saturating_add(T::Hooks::cancelled_weight()))]
		pub fn cancel(origin: OriginFor<T>, sla: SlaId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel(who, sla)
		}

		/// Gives notice: the SLA's last period becomes the one `notice_periods` after the
		/// current one (or its terms' last, if that is sooner).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::give_notice())]
		pub fn give_notice(origin: OriginFor<T>, sla: SlaId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_give_notice(who, sla)
		}

		/// Judges `period` of `sla` from its SLIs: anyone may call it once the period is due.
		#[pallet::call_index(4)]
		#[pallet::weight(Pallet::<T>::settle_weight(T::MaxMembers::get(), Pallet::<T>::max_evidence_buckets()))]
		pub fn settle(
			origin: OriginFor<T>,
			sla: SlaId,
			period: PeriodIndex,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::do_settle(sla, period)?;
			let actual = Slas::<T>::get(sla).map(|sla| {
				Pallet::<T>::settle_weight(sla.members.len() as u32, sla.evidence_buckets())
			});
			Ok(actual.into())
		}

		/// Makes a settled period final once its dispute window closed, and moves its money.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::finalise(T::MaxMembers::get()).saturating_add(T::Hooks::period_final_weight()))]
		pub fn finalise(origin: OriginFor<T>, sla: SlaId, period: PeriodIndex) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_finalise(sla, period)
		}

		/// Disputes a settled period's verdict within its window, holding
		/// [`Config::DisputeDeposit`]. Its money waits for the dispute origin.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::dispute())]
		pub fn dispute(origin: OriginFor<T>, sla: SlaId, period: PeriodIndex) -> DispatchResult {
			let challenger = ensure_signed(origin)?;
			Self::do_dispute(challenger, sla, period)
		}

		/// Resolves a dispute: `None` lets the verdict stand and the challenger's deposit is
		/// burnt; `Some(verdict)` replaces it and refunds the challenger. The period becomes
		/// final.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::resolve(T::MaxMembers::get()).saturating_add(T::Hooks::period_final_weight()))]
		pub fn resolve(
			origin: OriginFor<T>,
			sla: SlaId,
			period: PeriodIndex,
			verdict: Option<Verdict>,
		) -> DispatchResult {
			T::DisputeOrigin::ensure_origin(origin)?;
			Self::do_resolve(sla, period, verdict)
		}

		/// Removes an ended SLA whose money is all claimed, with its period records, and
		/// releases the provider's deposit. Anyone may call it.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::remove(T::MaxPeriods::get()).saturating_add(T::Hooks::removed_weight()))]
		pub fn remove(origin: OriginFor<T>, sla: SlaId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let periods = Self::do_remove(sla)?;
			Ok(Some(T::WeightInfo::remove(periods).saturating_add(T::Hooks::removed_weight()))
				.into())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Checks and stores an offer; returns its identifier.
	pub fn do_offer(
		provider: T::AccountId,
		members: MembersOf<T>,
		terms: TermsOf<T>,
	) -> Result<SlaId, DispatchError> {
		ensure!(!members.is_empty(), Error::<T>::BadMembers);
		for (i, stash) in members.iter().enumerate() {
			ensure!(!members[..i].contains(stash), Error::<T>::BadMembers);
			ensure!(
				*stash == provider || Operators::<T>::get(stash).as_ref() == Some(&provider),
				Error::<T>::NotAuthorised
			);
			let status = T::Sli::status(stash).ok_or(Error::<T>::NotMonitored)?;
			ensure!(!status.paused, Error::<T>::NotMonitored);
			ensure!(!SlasOf::<T>::get(stash).is_full(), Error::<T>::TooManySlasForValidator);
		}
		ensure!(
			!terms.clauses.is_empty()
				&& terms.clauses.iter().all(|c| c.objective.is_valid() && c.credit.check().is_ok()),
			Error::<T>::BadClauses
		);
		ensure!(
			terms.periods >= 1
				&& terms.periods <= T::MaxPeriods::get()
				&& terms.notice_periods < terms.periods,
			Error::<T>::BadPeriods
		);
		let (start_ms, period_ms) = Self::placement(&terms)?;
		ensure!(Slas::<T>::count() < T::MaxSlas::get(), Error::<T>::TooManySlas);
		let id = NextSlaId::<T>::get();
		NextSlaId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let deposit = T::OfferDeposit::get();
		T::Currency::hold(&HoldReason::Offer.into(), &provider, deposit)?;
		for stash in members.iter() {
			SlasOf::<T>::try_mutate(stash, |slas| slas.try_push(id))
				.map_err(|_| Error::<T>::TooManySlasForValidator)?;
		}
		let sla = Sla {
			provider: provider.clone(),
			members,
			terms,
			start_ms,
			period_ms,
			state: SlaState::Offered,
			next_settle: 0,
			next_final: 0,
			deposit,
		};
		Self::schedule(id, start_ms);
		Slas::<T>::insert(id, sla);
		Self::deposit_event(Event::Offered { sla: id, provider, start_ms, period_ms });
		Ok(id)
	}

	/// Where the terms place period 0 and how long a period is: whole hours, in the future.
	fn placement(terms: &TermsOf<T>) -> Result<(u64, u64), Error<T>> {
		ensure!(terms.cadence.count() >= 1, Error::<T>::BadCadence);
		let now = T::Sli::now_ms();
		let (start, length) = match terms.cadence {
			Cadence::Eras(_) => {
				let clock = T::Sli::era_clock();
				ensure!(
					clock.length_ms >= HOUR_MS
						&& clock.length_ms % HOUR_MS == 0
						&& clock.offset_ms % HOUR_MS == 0,
					Error::<T>::BadCadence
				);
				let era = u32::try_from(terms.first).map_err(|_| Error::<T>::BadStart)?;
				(clock.range(era).0, terms.cadence.length_ms(clock.length_ms))
			},
			cadence => (terms.first, cadence.length_ms(0)),
		};
		ensure!(
			start % HOUR_MS == 0 && start > now && start >= now.saturating_add(T::MinLead::get()),
			Error::<T>::BadStart
		);
		ensure!(length >= HOUR_MS, Error::<T>::BadCadence);
		ensure!(
			length <= u64::from(T::MaxPeriodDays::get()).saturating_mul(DAY_MS),
			Error::<T>::PeriodTooLong
		);
		ensure!(
			length <= DAY_MS || (start % DAY_MS == 0 && length % DAY_MS == 0),
			Error::<T>::NotWholeDays
		);
		Ok((start, length))
	}

	fn do_cancel(who: T::AccountId, id: SlaId) -> DispatchResult {
		let sla = Slas::<T>::get(id).ok_or(Error::<T>::UnknownSla)?;
		ensure!(sla.provider == who, Error::<T>::NotProvider);
		ensure!(
			sla.state == SlaState::Offered && T::Sli::now_ms() < sla.start_ms,
			Error::<T>::AlreadyStarted
		);
		T::Hooks::cancelled(id);
		Self::forget(id, &sla);
		Self::deposit_event(Event::Cancelled { sla: id });
		Ok(())
	}

	fn do_give_notice(who: T::AccountId, id: SlaId) -> DispatchResult {
		Slas::<T>::try_mutate(id, |sla| -> DispatchResult {
			let sla = sla.as_mut().ok_or(Error::<T>::UnknownSla)?;
			ensure!(sla.provider == who, Error::<T>::NotProvider);
			let now = T::Sli::now_ms();
			let current = match sla.state {
				SlaState::Active => sla.period_at(now).unwrap_or(sla.last_period()),
				// Not started: cancel instead.
				SlaState::Offered if now < sla.start_ms => return Err(Error::<T>::NotActive.into()),
				SlaState::Offered => sla.period_at(now).unwrap_or(0),
				_ => return Err(Error::<T>::NotActive.into()),
			};
			let last = current.saturating_add(sla.terms.notice_periods).min(sla.last_period());
			sla.state = SlaState::Ending { last };
			Self::deposit_event(Event::Ending { sla: id, last });
			Ok(())
		})
	}

	fn do_dispute(challenger: T::AccountId, id: SlaId, period: PeriodIndex) -> DispatchResult {
		ensure!(Slas::<T>::contains_key(id), Error::<T>::UnknownSla);
		Periods::<T>::try_mutate(id, period, |record| -> DispatchResult {
			let record = record.as_mut().ok_or(Error::<T>::WrongPeriodStatus)?;
			match record.status {
				PeriodStatus::Disputable { until } => {
					ensure!(T::Sli::now_ms() < until, Error::<T>::DisputeClosed)
				},
				_ => return Err(Error::<T>::WrongPeriodStatus.into()),
			}
			let deposit = T::DisputeDeposit::get();
			T::Currency::hold(&HoldReason::Dispute.into(), &challenger, deposit)?;
			record.status = PeriodStatus::Disputed { challenger: challenger.clone(), deposit };
			Ok(())
		})?;
		Self::deposit_event(Event::Disputed { sla: id, period, challenger });
		Ok(())
	}

	fn do_resolve(id: SlaId, period: PeriodIndex, verdict: Option<Verdict>) -> DispatchResult {
		let mut record = Periods::<T>::get(id, period).ok_or(Error::<T>::WrongPeriodStatus)?;
		let PeriodStatus::Disputed { challenger, deposit } = record.status.clone() else {
			return Err(Error::<T>::WrongPeriodStatus.into());
		};
		let upheld = verdict.is_some();
		if let Some(verdict) = verdict {
			record.verdict = verdict;
			T::Currency::release(
				&HoldReason::Dispute.into(),
				&challenger,
				deposit,
				Precision::BestEffort,
			)?;
		} else {
			T::Currency::burn_held(
				&HoldReason::Dispute.into(),
				&challenger,
				deposit,
				Precision::BestEffort,
				Fortitude::Force,
			)?;
		}
		record.status = PeriodStatus::Disputable { until: 0 };
		Periods::<T>::insert(id, period, &record);
		Self::deposit_event(Event::Resolved { sla: id, period, verdict: record.verdict, upheld });
		// Final now if every earlier period is; otherwise when they are.
		if Slas::<T>::get(id).is_some_and(|sla| sla.next_final == period) {
			Self::do_finalise(id, period)?;
		}
		Ok(())
	}

	fn do_remove(id: SlaId) -> Result<u32, DispatchError> {
		let sla = Slas::<T>::get(id).ok_or(Error::<T>::UnknownSla)?;
		ensure!(sla.state == SlaState::Ended && T::Hooks::can_remove(id), Error::<T>::NotRemovable);
		let removed = Periods::<T>::clear_prefix(id, T::MaxPeriods::get(), None).unique;
		T::Hooks::removed(id);
		Self::forget(id, &sla);
		Self::deposit_event(Event::Removed { sla: id });
		Ok(removed)
	}

	/// Removes an SLA and its indices and releases its deposit.
	fn forget(id: SlaId, sla: &SlaOf<T>) {
		Slas::<T>::remove(id);
		Self::unlist_members(id, sla);
		if !sla.deposit.is_zero() {
			let _ = T::Currency::release(
				&HoldReason::Offer.into(),
				&sla.provider,
				sla.deposit,
				Precision::BestEffort,
			);
		}
	}

	/// Takes an SLA off its members' lists, and forgets the incidents of members left in none.
	fn unlist_members(id: SlaId, sla: &SlaOf<T>) {
		for stash in sla.members.iter() {
			let left = SlasOf::<T>::mutate_exists(stash, |slas| {
				if let Some(list) = slas {
					list.retain(|s| *s != id);
					if list.is_empty() {
						*slas = None;
					}
				}
				slas.is_none()
			});
			if left {
				Incidents::<T>::remove(stash);
			}
		}
	}
}

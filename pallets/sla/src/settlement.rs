//! Settlement: a period's verdict from its evidence, finality, and the `on_idle` agenda.
//!
//! A period `[start, end)` is due once `end + SettleDelay` has passed and the SLI source says
//! its records are final. Its evidence is the members' pooled SLIs over exactly that range:
//! from daily records when the periods are whole UTC days (kept a year, and equal to the sum
//! of the day's hours), from hourly records otherwise (kept about a day: a period of hours or
//! eras that nobody and no idle block settled within a day is void, `EvidenceExpired`). The
//! verdict is computed once ([`sla_math::judge`]) and stored; settling later reads the same
//! records and would give the same answer, but it is never recomputed.

use crate::{
	Agenda, AgendaFrom, Config, Error, Event, Pallet, PeriodIndex, PeriodRecord, PeriodStatus,
	Periods, SlaHooks, SlaId, SlaOf, SlaState, Slas, SliSource, SourceError, WeightInfo, HOUR_MS,
};
use polkadot_sdk::{
	frame_support::{ensure, pallet_prelude::*, weights::WeightMeter},
	sp_runtime::traits::{Saturating, Zero},
};
use sla_math::{effective_uptime_ppm, judge, Evidence, Verdict, VoidReason};

/// Most empty agenda hours one block skips.
const MAX_EMPTY_HOURS: u32 = 24;

impl<T: Config> Pallet<T> {
	/// Settles the next period of an SLA, if `period` is it and it is due; returns the verdict.
	pub fn do_settle(id: SlaId, period: PeriodIndex) -> Result<Verdict, DispatchError> {
		let mut sla = Slas::<T>::get(id).ok_or(Error::<T>::UnknownSla)?;
		ensure!(sla.state != SlaState::Ended, Error::<T>::WrongPeriodStatus);
		ensure!(
			period == sla.next_settle && period <= sla.last_period(),
			Error::<T>::NotNextPeriod
		);
		let now = T::Sli::now_ms();
		ensure!(Self::is_due(&sla, period, now), Error::<T>::NotDue);
		if sla.state == SlaState::Offered {
			Self::activate(id, &mut sla);
		}
		let record = Self::judge_period(&sla, period, now);
		let verdict = record.verdict;
		Periods::<T>::insert(id, period, record);
		sla.next_settle = period.saturating_add(1);
		Slas::<T>::insert(id, &sla);
		Self::deposit_event(Event::Settled { sla: id, period, verdict });
		if T::DisputeWindow::get() == 0 && sla.next_final == period {
			Self::do_finalise(id, period)?;
		}
		Ok(verdict)
	}

	/// Most buckets per member any period's evidence reads: a day's hours, or the longest
	/// period's days.
	pub fn max_evidence_buckets() -> u32 {
		T::MaxPeriodDays::get().max(24)
	}

	/// Weight of settling a period of `members` validators whose evidence reads `buckets`
	/// buckets each, with the money it may move when the dispute window is zero. The
	/// benchmark measures it by member-buckets read (up to the largest group's overhead).
	pub fn settle_weight(members: u32, buckets: u32) -> Weight {
		T::WeightInfo::settle(members.saturating_mul(buckets))
			.saturating_add(T::Hooks::period_final_weight())
	}

	/// Most weight one agenda step of this SLA takes.
	fn step_weight(id: SlaId) -> Weight {
		let (members, buckets) = Slas::<T>::get(id)
			.map_or((1, 1), |sla| (sla.members.len() as u32, sla.evidence_buckets()));
		T::WeightInfo::on_idle_step(members.saturating_mul(buckets))
			.saturating_add(T::Hooks::period_final_weight())
	}

	/// Whether a period's evidence is complete and the settle delay has passed.
	pub fn is_due(sla: &SlaOf<T>, period: PeriodIndex, now: u64) -> bool {
		let (_, end) = sla.period_range(period);
		now >= end.saturating_add(T::SettleDelay::get()) && T::Sli::final_until_ms() >= end
	}

	/// The period's record: evidence read from the SLI source and the incident log, judged.
	fn judge_period(sla: &SlaOf<T>, period: PeriodIndex, now: u64) -> crate::PeriodRecordOf<T> {
		let (start, end) = sla.period_range(period);
		let members = &sla.members[..];
		let mut paused_ms = 0u64;
		let mut tampered = false;
		for stash in members {
			let log = crate::Incidents::<T>::get(stash);
			paused_ms = paused_ms.saturating_add(log.paused_within(start, end, now));
			tampered |= log.tampered_within(start, end);
		}
		let (sli, probers, expired) = match T::Sli::period_sli(members, start, end) {
			Ok(answer) => (answer.sli, answer.probers, answer.daily && !sla.daily_evidence()),
			Err(SourceError::NotMonitored) => {
				tampered = true;
				(Default::default(), 0, false)
			},
			Err(SourceError::Unavailable) => (Default::default(), 0, true),
		};
		let evidence = Evidence {
			sli,
			probers,
			period_ms: sla.period_ms,
			members: members.len() as u32,
			paused_ms,
			allowance_ms: sla.terms.maintenance_ms,
			tampered,
		};
		let verdict = if expired && !tampered {
			Verdict::Void(VoidReason::EvidenceExpired)
		} else {
			judge(&sla.terms.clauses, &sla.terms.gate, &evidence)
		};
		PeriodRecord {
			verdict,
			sli,
			judged_uptime_ppm: sli
				.uptime_ppm
				.map(|measured| effective_uptime_ppm(Some(measured), &evidence)),
			probers,
			paused_ms,
			tampered,
			settled_ms: now,
			status: PeriodStatus::Disputable { until: now.saturating_add(T::DisputeWindow::get()) },
		}
	}

	/// Makes the next period final once its dispute window closed, moves its money, and ends
	/// the SLA after its last period.
	pub fn do_finalise(id: SlaId, period: PeriodIndex) -> DispatchResult {
		let mut sla = Slas::<T>::get(id).ok_or(Error::<T>::UnknownSla)?;
		ensure!(period == sla.next_final, Error::<T>::NotNextPeriod);
		let mut record = Periods::<T>::get(id, period).ok_or(Error::<T>::WrongPeriodStatus)?;
		match record.status {
			PeriodStatus::Disputable { until } => {
				ensure!(T::Sli::now_ms() >= until, Error::<T>::NotDue)
			},
			_ => return Err(Error::<T>::WrongPeriodStatus.into()),
		}
		record.status = PeriodStatus::Final;
		Periods::<T>::insert(id, period, &record);
		T::Hooks::period_final(id, period, record.verdict);
		Self::deposit_event(Event::Final { sla: id, period, verdict: record.verdict });
		sla.next_final = period.saturating_add(1);
		if period >= sla.last_period() {
			sla.state = SlaState::Ended;
			Self::unlist_members(id, &sla);
			Self::deposit_event(Event::Ended { sla: id });
		}
		Slas::<T>::insert(id, sla);
		Ok(())
	}

	/// Marks an SLA active (its first period started).
	fn activate(id: SlaId, sla: &mut SlaOf<T>) {
		sla.state = SlaState::Active;
		Self::deposit_event(Event::Activated { sla: id });
	}

	/// When the SLA's next step falls due: its start, the next finality or the next
	/// settlement; `None` once it ended.
	pub fn next_step_ms(id: SlaId, sla: &SlaOf<T>) -> Option<u64> {
		if sla.state == SlaState::Ended {
			return None;
		}
		if sla.state == SlaState::Offered && sla.next_settle == 0 {
			return Some(sla.start_ms);
		}
		if sla.next_final < sla.next_settle {
			return match Periods::<T>::get(id, sla.next_final).map(|r| r.status) {
				Some(PeriodStatus::Disputable { until }) => Some(until),
				// Disputed: the resolution makes it final; look again in an hour.
				_ => Some(T::Sli::now_ms().saturating_add(HOUR_MS)),
			};
		}
		let (_, end) = sla.period_range(sla.next_settle);
		Some(end.saturating_add(T::SettleDelay::get()))
	}

	/// Puts an SLA on the agenda in the hour of `at_ms`, or the current hour if that is past.
	pub(crate) fn schedule(id: SlaId, at_ms: u64) {
		if AgendaFrom::<T>::get() == 0 {
			// The first entry ever: nothing can be due before the current hour.
			AgendaFrom::<T>::put(sli::time::hour_of(T::Sli::now_ms()));
		}
		let hour = sli::time::hour_of(at_ms.max(T::Sli::now_ms())).max(AgendaFrom::<T>::get());
		Agenda::<T>::mutate(hour, |due| {
			if !due.contains(&id) {
				// Holds every stored SLA, so never full while `id` is not in it.
				let _ = due.try_push(id);
			}
		});
	}

	/// One step of an SLA taken from the agenda: start it, make its next period final, or
	/// settle its next period, whichever is due; then put it back at its next step.
	fn step(id: SlaId, now: u64) {
		let Some(mut sla) = Slas::<T>::get(id) else { return };
		if sla.state == SlaState::Offered && now >= sla.start_ms {
			Self::activate(id, &mut sla);
			Slas::<T>::insert(id, &sla);
		}
		if sla.next_final < sla.next_settle {
			let _ = Self::do_finalise(id, sla.next_final);
		} else if sla.next_settle <= sla.last_period() && Self::is_due(&sla, sla.next_settle, now) {
			let _ = Self::do_settle(id, sla.next_settle);
		}
		if let Some(at) = Slas::<T>::get(id).and_then(|sla| Self::next_step_ms(id, &sla)) {
			Self::schedule(id, at);
		}
	}

	/// Works through the agenda's due hours, oldest first, within `limit`: each SLA found
	/// takes one step. Steps due again at once go to the current hour, for the next block.
	/// Returns the weight used.
	pub fn work_agenda(limit: Weight) -> Weight {
		let mut meter = WeightMeter::with_limit(limit);
		if meter.try_consume(T::WeightInfo::on_idle_empty()).is_err() {
			return Weight::zero();
		}
		let now = T::Sli::now_ms();
		if now.is_zero() {
			return meter.consumed();
		}
		let current = sli::time::hour_of(now);
		if AgendaFrom::<T>::get() == 0 {
			// Nothing was ever scheduled: nothing can be due before this hour.
			AgendaFrom::<T>::put(current);
		}
		let mut hour = AgendaFrom::<T>::get();
		let mut empty = 0u32;
		while hour <= current {
			if meter.try_consume(T::WeightInfo::on_idle_hour()).is_err() {
				break;
			}
			let due = Agenda::<T>::take(hour);
			if due.is_empty() {
				empty.saturating_inc();
			}
			for (i, id) in due.iter().enumerate() {
				if meter.try_consume(Self::step_weight(*id)).is_err() {
					// Out of weight: the rest waits in its hour.
					Agenda::<T>::mutate(hour, |list| {
						for id in &due[i..] {
							if !list.contains(id) {
								let _ = list.try_push(*id);
							}
						}
					});
					return meter.consumed();
				}
				Self::step(*id, now);
			}
			if hour == current || empty >= MAX_EMPTY_HOURS {
				break;
			}
			// Every step of a past hour scheduled itself into the current hour or later.
			hour.saturating_inc();
			AgendaFrom::<T>::put(hour);
		}
		meter.consumed()
	}
}

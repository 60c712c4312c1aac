//! Behaviour of the SLA pallet, named after what a provider, a cover holder or a challenger
//! relies on. Each DSLA defect listed in `docs/sla.md` has a test here or in `sla-math`.

use crate::{
	mock::*, Cadence, Clause, ClausesOf, CreditRule, Direction, Error, Event, Gate, Metric,
	Objective, PeriodStatus, Periods, SlaState, Slas, SlasOf, TermsOf, Tier, Verdict, VoidReason,
	HOUR_MS,
};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, weights::Weight},
	frame_system,
};

const DAY: u64 = 24 * HOUR_MS;

fn uptime_at_least(target: u32) -> Clause<crate::TiersOf<Test>> {
	Clause {
		objective: Objective { metric: Metric::Uptime, direction: Direction::AtLeast, target },
		credit: CreditRule::Deviation { cap_ppm: 250_000 },
	}
}

fn terms(
	clauses: Vec<Clause<crate::TiersOf<Test>>>,
	cadence: Cadence,
	first: u64,
	periods: u32,
) -> TermsOf<Test> {
	TermsOf::<Test> {
		clauses: ClausesOf::<Test>::try_from(clauses).unwrap(),
		cadence,
		first,
		periods,
		gate: Gate { min_probes: 10, min_probers: 1 },
		maintenance_ms: 0,
		notice_periods: 0,
	}
}

/// Validator 1 offers an hourly uptime ≥ 99 % SLA starting at the next hour; returns its id.
fn hourly_offer(periods: u32) -> u32 {
	let first = T0 + HOUR_MS;
	assert_ok!(Sla::offer(
		RuntimeOrigin::signed(1),
		vec![1].try_into().unwrap(),
		terms(vec![uptime_at_least(990_000)], Cadence::Hours(1), first, periods),
	));
	crate::NextSlaId::<Test>::get() - 1
}

fn members(m: &[u64]) -> crate::MembersOf<Test> {
	m.to_vec().try_into().unwrap()
}

fn last_event() -> RuntimeEvent {
	frame_system::Pallet::<Test>::events().pop().expect("an event").event
}

#[test]
fn an_offer_needs_monitored_validators_and_their_stash_or_operator() {
	new_test_ext().execute_with(|| {
		let t = terms(vec![uptime_at_least(990_000)], Cadence::Hours(1), T0 + HOUR_MS, 3);
		// Someone else's validator.
		assert_noop!(
			Sla::offer(RuntimeOrigin::signed(9), members(&[1]), t.clone()),
			Error::<Test>::NotAuthorised
		);
		// Not monitored; paused.
		assert_noop!(
			Sla::offer(RuntimeOrigin::signed(5), members(&[5]), t.clone()),
			Error::<Test>::NotMonitored
		);
		Monitored::mutate(|m| m.insert(2, true));
		assert_noop!(
			Sla::offer(RuntimeOrigin::signed(2), members(&[2]), t.clone()),
			Error::<Test>::NotMonitored
		);
		assert_noop!(
			Sla::offer(RuntimeOrigin::signed(1), members(&[]), t.clone()),
			Error::<Test>::BadMembers
		);
		assert_noop!(
			Sla::offer(RuntimeOrigin::signed(1), members(&[1, 1]), t.clone()),
			Error::<Test>::BadMembers
		);
		// An operator named by both stashes offers on the group.
		assert_ok!(Sla::set_operator(RuntimeOrigin::signed(3), Some(9)));
		assert_noop!(
			Sla::offer(RuntimeOrigin::signed(9), members(&[3, 4]), t.clone()),
			Error::<Test>::NotAuthorised
		);
		assert_ok!(Sla::set_operator(RuntimeOrigin::signed(4), Some(9)));
		assert_ok!(Sla::offer(RuntimeOrigin::signed(9), members(&[3, 4]), t));
		let sla = Sla::sla(0).unwrap();
		assert_eq!(
			(sla.provider, sla.state, sla.start_ms, sla.period_ms),
			(9, SlaState::Offered, T0 + HOUR_MS, HOUR_MS)
		);
		assert_eq!(Balances::balance_on_hold(&crate::HoldReason::Offer.into(), &9), 100);
		assert_eq!(Sla::slas_of(&3), vec![0]);
	});
}

#[test]
fn bad_terms_are_refused_and_nothing_is_stored() {
	new_test_ext().execute_with(|| {
		let ok = terms(vec![uptime_at_least(990_000)], Cadence::Hours(1), T0 + HOUR_MS, 3);
		let offer = |t: TermsOf<Test>| Sla::offer(RuntimeOrigin::signed(1), members(&[1]), t);
		let mut t = ok.clone();
		t.clauses = Default::default();
		assert_noop!(offer(t), Error::<Test>::BadClauses);
		let mut t = ok.clone();
		t.clauses = vec![uptime_at_least(1_000_001)].try_into().unwrap();
		assert_noop!(offer(t), Error::<Test>::BadClauses);
		let mut t = ok.clone();
		let mut clause = uptime_at_least(990_000);
		clause.credit = CreditRule::Tiers(
			vec![Tier { shortfall: 10, credit_ppm: 5 }, Tier { shortfall: 5, credit_ppm: 9 }]
				.try_into()
				.unwrap(),
		);
		t.clauses = vec![clause].try_into().unwrap();
		assert_noop!(offer(t), Error::<Test>::BadClauses);
		for first in [T0 + HOUR_MS + 1, T0 - HOUR_MS] {
			assert_noop!(offer(TermsOf::<Test> { first, ..ok.clone() }), Error::<Test>::BadStart);
		}
		assert_noop!(
			offer(TermsOf::<Test> { cadence: Cadence::Days(0), ..ok.clone() }),
			Error::<Test>::BadCadence
		);
		// Longer than the longest period the evidence is kept and benchmarked for.
		assert_noop!(
			offer(TermsOf::<Test> { cadence: Cadence::Months(2), first: T0 + DAY, ..ok.clone() }),
			Error::<Test>::PeriodTooLong
		);
		// Over a day but not whole UTC days: no record would answer it once its hours age.
		for (cadence, first) in
			[(Cadence::Hours(25), T0 + HOUR_MS), (Cadence::Days(2), T0 + HOUR_MS)]
		{
			assert_noop!(
				offer(TermsOf::<Test> { cadence, first, ..ok.clone() }),
				Error::<Test>::NotWholeDays
			);
		}
		for (periods, notice_periods) in [(0, 0), (401, 0), (3, 3)] {
			assert_noop!(
				offer(TermsOf::<Test> { periods, notice_periods, ..ok.clone() }),
				Error::<Test>::BadPeriods
			);
		}
		assert_eq!(Slas::<Test>::count(), 0);
		// The longest allowed: a 30-day month from midnight, and two days of hours.
		for (cadence, first) in [(Cadence::Months(1), T0 + DAY), (Cadence::Hours(48), T0 + DAY)] {
			assert_ok!(offer(TermsOf::<Test> { cadence, first, ..ok.clone() }));
		}
	});
}

#[test]
fn an_offer_can_be_cancelled_until_its_first_period_starts() {
	new_test_ext().execute_with(|| {
		let id = hourly_offer(3);
		assert_noop!(Sla::cancel(RuntimeOrigin::signed(2), id), Error::<Test>::NotProvider);
		assert_ok!(Sla::cancel(RuntimeOrigin::signed(1), id));
		assert_eq!(CancelledSlas::get(), vec![id]);
		assert_eq!(Balances::balance_on_hold(&crate::HoldReason::Offer.into(), &1), 0);
		assert!(SlasOf::<Test>::get(1).is_empty());
		let id = hourly_offer(3);
		advance_to(T0 + HOUR_MS);
		assert_eq!(Sla::sla(id).unwrap().state, SlaState::Active);
		assert_noop!(Sla::cancel(RuntimeOrigin::signed(1), id), Error::<Test>::AlreadyStarted);
	});
}

#[test]
fn periods_settle_in_order_never_twice_never_early() {
	new_test_ext().execute_with(|| {
		let id = hourly_offer(3);
		record(1, T0, T0 + 4 * HOUR_MS, 60, 60, 20, 3);
		let start = T0 + HOUR_MS;
		NowMs::set(start + HOUR_MS + 9 * 60_000);
		assert_noop!(Sla::settle(RuntimeOrigin::signed(9), id, 0), Error::<Test>::NotDue);
		NowMs::set(start + HOUR_MS + 10 * 60_000);
		assert_noop!(Sla::settle(RuntimeOrigin::signed(9), id, 1), Error::<Test>::NotNextPeriod);
		assert_ok!(Sla::settle(RuntimeOrigin::signed(9), id, 0));
		assert_eq!(
			last_event(),
			RuntimeEvent::Sla(Event::Settled { sla: id, period: 0, verdict: Verdict::Met })
		);
		assert_noop!(Sla::settle(RuntimeOrigin::signed(9), id, 0), Error::<Test>::NotNextPeriod);
		assert_noop!(Sla::settle(RuntimeOrigin::signed(9), id, 1), Error::<Test>::NotDue);
		assert_eq!(Sla::sla(id).unwrap().state, SlaState::Active);
	});
}

#[test]
fn a_latency_objective_that_is_met_settles_as_met() {
	// DSLA v1 reverted here (`sli − slo` underflowed when a "smaller is better" SLO was met).
	new_test_ext().execute_with(|| {
		let p95 = Clause {
			objective: Objective {
				metric: Metric::LatencyP95,
				direction: Direction::AtMost,
				target: 200_000,
			},
			credit: CreditRule::Deviation { cap_ppm: 500_000 },
		};
		assert_ok!(Sla::offer(
			RuntimeOrigin::signed(1),
			members(&[1]),
			terms(vec![p95], Cadence::Hours(1), T0 + HOUR_MS, 2)
		));
		record(1, T0 + HOUR_MS, T0 + 3 * HOUR_MS, 60, 60, 20, 3);
		NowMs::set(T0 + 2 * HOUR_MS + 10 * 60_000);
		assert_eq!(Sla::do_settle(0, 0), Ok(Verdict::Met));
		// Slower than promised: breached by the deviation.
		record(1, T0 + 2 * HOUR_MS, T0 + 3 * HOUR_MS, 60, 60, 900, 3);
		NowMs::set(T0 + 3 * HOUR_MS + 10 * 60_000);
		assert!(
			matches!(Sla::do_settle(0, 1), Ok(Verdict::Breached { credit_ppm }) if credit_ppm > 0)
		);
	});
}

#[test]
fn uptime_below_a_threshold_breaches_by_the_tier_table() {
	// DSLA v2's table could not say "uptime fell below X".
	new_test_ext().execute_with(|| {
		let mut clause = uptime_at_least(995_000);
		clause.credit = CreditRule::Tiers(
			vec![
				Tier { shortfall: 1, credit_ppm: 50_000 },
				Tier { shortfall: 45_000, credit_ppm: 500_000 },
			]
			.try_into()
			.unwrap(),
		);
		assert_ok!(Sla::offer(
			RuntimeOrigin::signed(1),
			members(&[1]),
			terms(vec![clause], Cadence::Hours(1), T0 + HOUR_MS, 3)
		));
		record(1, T0 + HOUR_MS, T0 + 2 * HOUR_MS, 995, 1000, 20, 3);
		record(1, T0 + 2 * HOUR_MS, T0 + 3 * HOUR_MS, 990, 1000, 20, 3);
		record(1, T0 + 3 * HOUR_MS, T0 + 4 * HOUR_MS, 900, 1000, 20, 3);
		NowMs::set(T0 + 4 * HOUR_MS + 10 * 60_000);
		assert_eq!(Sla::do_settle(0, 0), Ok(Verdict::Met));
		assert_eq!(Sla::do_settle(0, 1), Ok(Verdict::Breached { credit_ppm: 50_000 }));
		assert_eq!(Sla::do_settle(0, 2), Ok(Verdict::Breached { credit_ppm: 500_000 }));
	});
}

#[test]
fn a_period_without_enough_evidence_is_void() {
	new_test_ext().execute_with(|| {
		let id = hourly_offer(2);
		record(1, T0 + HOUR_MS, T0 + 2 * HOUR_MS, 0, 9, 20, 3);
		NowMs::set(T0 + 3 * HOUR_MS + 10 * 60_000);
		assert_eq!(Sla::do_settle(id, 0), Ok(Verdict::Void(VoidReason::TooFewProbes)));
		// Nothing at all recorded.
		assert_eq!(Sla::do_settle(id, 1), Ok(Verdict::Void(VoidReason::TooFewProbes)));
	});
}

#[test]
fn a_day_period_has_the_same_verdict_settled_an_hour_or_three_weeks_later() {
	let run = |settle_at: u64, forgotten: bool| {
		let mut ext = new_test_ext();
		ext.execute_with(|| {
			assert_ok!(Sla::offer(
				RuntimeOrigin::signed(1),
				members(&[1]),
				terms(vec![uptime_at_least(999_000)], Cadence::Days(1), T0 + DAY, 1)
			));
			for h in 0..24 {
				let from = T0 + DAY + h * HOUR_MS;
				record(1, from, from + HOUR_MS, 60 - (h % 3) as u32, 60, 20 + h as u32, 3);
			}
			if forgotten {
				HoursForgottenBefore::set(sli::time::hour_of(settle_at) - 25);
			}
			NowMs::set(settle_at);
			assert_ok!(Sla::settle(RuntimeOrigin::signed(9), 0, 0));
			Periods::<Test>::get(0, 0).map(|r| (r.verdict, r.sli)).unwrap()
		})
	};
	let early = run(T0 + 2 * DAY + HOUR_MS, false);
	let late = run(T0 + 23 * DAY, true);
	assert!(matches!(early.0, Verdict::Breached { .. }));
	assert_eq!(early, late);
}

#[test]
fn an_hour_period_whose_hours_were_forgotten_is_void() {
	new_test_ext().execute_with(|| {
		let id = hourly_offer(1);
		record(1, T0 + HOUR_MS, T0 + 2 * HOUR_MS, 0, 60, 20, 3);
		NowMs::set(T0 + 3 * DAY);
		HoursForgottenBefore::set(sli::time::hour_of(T0 + 2 * DAY));
		assert_eq!(Sla::do_settle(id, 0), Ok(Verdict::Void(VoidReason::EvidenceExpired)));
	});
}

#[test]
fn pausing_beyond_the_maintenance_allowance_counts_as_down() {
	new_test_ext().execute_with(|| {
		let mut t = terms(vec![uptime_at_least(990_000)], Cadence::Hours(1), T0 + HOUR_MS, 2);
		t.maintenance_ms = 6 * 60_000;
		assert_ok!(Sla::offer(RuntimeOrigin::signed(1), members(&[1]), t));
		// Period 0: paused 6 minutes (the allowance); period 1: 30 minutes.
		NowMs::set(T0 + HOUR_MS + 10 * 60_000);
		Sla::note_paused(&1);
		NowMs::set(T0 + HOUR_MS + 16 * 60_000);
		Sla::note_resumed(&1);
		NowMs::set(T0 + 2 * HOUR_MS);
		Sla::note_paused(&1);
		NowMs::set(T0 + 2 * HOUR_MS + 30 * 60_000);
		Sla::note_resumed(&1);
		record(1, T0 + HOUR_MS, T0 + 3 * HOUR_MS, 50, 50, 20, 3);
		NowMs::set(T0 + 3 * HOUR_MS + 10 * 60_000);
		assert_eq!(Sla::do_settle(0, 0), Ok(Verdict::Met));
		let verdict = Sla::do_settle(0, 1).unwrap();
		assert!(matches!(verdict, Verdict::Breached { .. }));
		let record = Periods::<Test>::get(0, 1).unwrap();
		assert_eq!(record.paused_ms, 30 * 60_000);
		// 24 of 60 minutes beyond the allowance: 60 % up.
		assert_eq!(record.judged_uptime_ppm, Some(600_000));
	});
}

#[test]
fn changing_endpoints_during_a_period_breaches_it_at_the_largest_credit() {
	new_test_ext().execute_with(|| {
		let id = hourly_offer(2);
		record(1, T0 + HOUR_MS, T0 + 3 * HOUR_MS, 60, 60, 20, 3);
		NowMs::set(T0 + HOUR_MS + 30 * 60_000);
		Sla::note_endpoints_changed(&1);
		NowMs::set(T0 + 3 * HOUR_MS + 10 * 60_000);
		assert_eq!(Sla::do_settle(id, 0), Ok(Verdict::Breached { credit_ppm: 250_000 }));
		assert_eq!(Sla::do_settle(id, 1), Ok(Verdict::Met));
	});
}

#[test]
fn leaving_monitoring_breaches_every_later_period() {
	new_test_ext().execute_with(|| {
		let id = hourly_offer(3);
		record(1, T0 + HOUR_MS, T0 + 2 * HOUR_MS, 60, 60, 20, 3);
		NowMs::set(T0 + 2 * HOUR_MS + 5 * 60_000);
		Sla::note_left(&1);
		Monitored::mutate(|m| m.remove(&1));
		NowMs::set(T0 + 4 * HOUR_MS + 10 * 60_000);
		// The first period ended before it left: judged on its evidence, had the source kept it.
		assert_eq!(Sla::do_settle(id, 0), Ok(Verdict::Breached { credit_ppm: 250_000 }));
		assert_eq!(Sla::do_settle(id, 1), Ok(Verdict::Breached { credit_ppm: 250_000 }));
		assert_eq!(Sla::do_settle(id, 2), Ok(Verdict::Breached { credit_ppm: 250_000 }));
	});
}

#[test]
fn the_idle_agenda_settles_and_makes_final_what_nobody_did() {
	new_test_ext().execute_with(|| {
		let id = hourly_offer(2);
		record(1, T0 + HOUR_MS, T0 + 3 * HOUR_MS, 60, 60, 20, 3);
		advance_to(T0 + HOUR_MS);
		assert_eq!(Sla::sla(id).unwrap().state, SlaState::Active);
		advance_to(T0 + 2 * HOUR_MS + 10 * 60_000);
		assert_eq!(Sla::sla(id).unwrap().next_settle, 1);
		assert!(FinalVerdicts::get().is_empty());
		advance_to(T0 + 2 * HOUR_MS + 40 * 60_000);
		assert_eq!(FinalVerdicts::get(), vec![(id, 0, Verdict::Met)]);
		advance_to(T0 + 3 * HOUR_MS + 10 * 60_000);
		advance_to(T0 + 3 * HOUR_MS + 40 * 60_000);
		assert_eq!(FinalVerdicts::get(), vec![(id, 0, Verdict::Met), (id, 1, Verdict::Met)]);
		assert_eq!(Sla::sla(id).unwrap().state, SlaState::Ended);
		assert_eq!(last_event(), RuntimeEvent::Sla(Event::Ended { sla: id }));
	});
}

#[test]
fn the_idle_agenda_of_a_chain_that_ran_before_any_offer_starts_at_its_clock() {
	// Idle blocks before the first offer must not leave the agenda crawling from hour 0.
	new_test_ext().execute_with(|| {
		advance_to(T0 - 2 * HOUR_MS);
		advance_to(T0 - HOUR_MS);
		let id = hourly_offer(1);
		advance_to(T0 + HOUR_MS);
		assert_eq!(Sla::sla(id).unwrap().state, SlaState::Active);
	});
}

#[test]
fn the_idle_agenda_with_almost_no_weight_does_nothing() {
	new_test_ext().execute_with(|| {
		let id = hourly_offer(1);
		NowMs::set(T0 + 3 * HOUR_MS);
		assert_eq!(Sla::work_agenda(Weight::zero()), Weight::zero());
		let just_the_check = <() as crate::WeightInfo>::on_idle_empty();
		Sla::work_agenda(just_the_check);
		assert_eq!(Sla::sla(id).unwrap().state, SlaState::Offered);
		// Enough for the empty check and hours, not for a step: the SLA waits, still listed.
		Sla::work_agenda(
			just_the_check
				.saturating_add(<() as crate::WeightInfo>::on_idle_hour().saturating_mul(4)),
		);
		assert_eq!(Sla::sla(id).unwrap().next_settle, 0);
		Sla::work_agenda(Weight::MAX);
		assert_eq!(Sla::sla(id).unwrap().next_settle, 1);
	});
}

#[test]
fn money_waits_for_the_dispute_window() {
	new_test_ext().execute_with(|| {
		let id = hourly_offer(1);
		record(1, T0 + HOUR_MS, T0 + 2 * HOUR_MS, 60, 60, 20, 3);
		NowMs::set(T0 + 2 * HOUR_MS + 10 * 60_000);
		assert_ok!(Sla::settle(RuntimeOrigin::signed(9), id, 0));
		assert_noop!(Sla::finalise(RuntimeOrigin::signed(9), id, 0), Error::<Test>::NotDue);
		NowMs::set(T0 + 2 * HOUR_MS + 40 * 60_000);
		assert_ok!(Sla::finalise(RuntimeOrigin::signed(9), id, 0));
		assert_eq!(FinalVerdicts::get(), vec![(id, 0, Verdict::Met)]);
		assert_noop!(
			Sla::dispute(RuntimeOrigin::signed(9), id, 0),
			Error::<Test>::WrongPeriodStatus
		);
	});
}

#[test]
fn a_rejected_dispute_loses_its_deposit_and_the_verdict_stands() {
	new_test_ext().execute_with(|| {
		let id = hourly_offer(1);
		record(1, T0 + HOUR_MS, T0 + 2 * HOUR_MS, 60, 60, 20, 3);
		NowMs::set(T0 + 2 * HOUR_MS + 10 * 60_000);
		assert_ok!(Sla::settle(RuntimeOrigin::signed(9), id, 0));
		assert_ok!(Sla::dispute(RuntimeOrigin::signed(9), id, 0));
		assert_eq!(Balances::balance_on_hold(&crate::HoldReason::Dispute.into(), &9), 50);
		// The window closes; the dispute holds the money back.
		NowMs::set(T0 + 3 * HOUR_MS);
		assert_noop!(
			Sla::finalise(RuntimeOrigin::signed(9), id, 0),
			Error::<Test>::WrongPeriodStatus
		);
		assert_noop!(
			Sla::resolve(RuntimeOrigin::signed(9), id, 0, None),
			polkadot_sdk::sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Sla::resolve(RuntimeOrigin::root(), id, 0, None));
		assert_eq!(Balances::free_balance(9), 950);
		assert_eq!(Balances::balance_on_hold(&crate::HoldReason::Dispute.into(), &9), 0);
		assert_eq!(FinalVerdicts::get(), vec![(id, 0, Verdict::Met)]);
	});
}

#[test]
fn an_upheld_dispute_changes_the_verdict_and_refunds_the_challenger() {
	new_test_ext().execute_with(|| {
		let id = hourly_offer(1);
		record(1, T0 + HOUR_MS, T0 + 2 * HOUR_MS, 60, 60, 20, 3);
		NowMs::set(T0 + 2 * HOUR_MS + 10 * 60_000);
		assert_ok!(Sla::settle(RuntimeOrigin::signed(9), id, 0));
		NowMs::set(T0 + 2 * HOUR_MS + 41 * 60_000);
		assert_noop!(Sla::dispute(RuntimeOrigin::signed(9), id, 0), Error::<Test>::DisputeClosed);
		NowMs::set(T0 + 2 * HOUR_MS + 20 * 60_000);
		assert_ok!(Sla::dispute(RuntimeOrigin::signed(9), id, 0));
		let breached = Verdict::Breached { credit_ppm: 100_000 };
		assert_ok!(Sla::resolve(RuntimeOrigin::root(), id, 0, Some(breached)));
		assert_eq!(Balances::free_balance(9), 1_000);
		assert_eq!(FinalVerdicts::get(), vec![(id, 0, breached)]);
		assert_eq!(Periods::<Test>::get(id, 0).unwrap().status, PeriodStatus::Final);
		assert_eq!(Sla::sla(id).unwrap().state, SlaState::Ended);
	});
}

#[test]
fn notice_ends_the_sla_after_its_notice_periods_and_then_it_can_be_removed() {
	new_test_ext().execute_with(|| {
		let mut t = terms(vec![uptime_at_least(990_000)], Cadence::Hours(1), T0 + HOUR_MS, 10);
		t.notice_periods = 1;
		assert_ok!(Sla::offer(RuntimeOrigin::signed(1), members(&[1]), t));
		let id = 0;
		assert_noop!(Sla::give_notice(RuntimeOrigin::signed(1), id), Error::<Test>::NotActive);
		advance_to(T0 + HOUR_MS + 5 * 60_000);
		assert_noop!(Sla::give_notice(RuntimeOrigin::signed(2), id), Error::<Test>::NotProvider);
		assert_ok!(Sla::give_notice(RuntimeOrigin::signed(1), id));
		assert_eq!(Sla::sla(id).unwrap().state, SlaState::Ending { last: 1 });
		assert_noop!(Sla::give_notice(RuntimeOrigin::signed(1), id), Error::<Test>::NotActive);
		assert_noop!(Sla::remove(RuntimeOrigin::signed(9), id), Error::<Test>::NotRemovable);
		for hour in 2..=4 {
			advance_to(T0 + hour * HOUR_MS + 10 * 60_000);
			advance_to(T0 + hour * HOUR_MS + 40 * 60_000);
		}
		assert_eq!(Sla::sla(id).unwrap().state, SlaState::Ended);
		assert_eq!(FinalVerdicts::get().len(), 2);
		Removable::set(false);
		assert_noop!(Sla::remove(RuntimeOrigin::signed(9), id), Error::<Test>::NotRemovable);
		Removable::set(true);
		assert_ok!(Sla::remove(RuntimeOrigin::signed(9), id));
		assert!(Sla::sla(id).is_none());
		assert_eq!(Periods::<Test>::iter_prefix(id).count(), 0);
		assert_eq!(Balances::balance_on_hold(&crate::HoldReason::Offer.into(), &1), 0);
	});
}

#[test]
fn era_periods_follow_the_era_clock() {
	new_test_ext().execute_with(|| {
		let era = EraClockNow::get().era_of(T0).unwrap();
		let t = terms(vec![uptime_at_least(990_000)], Cadence::Eras(2), u64::from(era), 2);
		assert_noop!(
			Sla::offer(RuntimeOrigin::signed(1), members(&[1]), t.clone()),
			Error::<Test>::BadStart
		);
		let t = TermsOf::<Test> { first: u64::from(era + 1), ..t };
		EraClockNow::set(sli::time::EraClock { length_ms: 6 * HOUR_MS, offset_ms: 1 });
		assert_noop!(
			Sla::offer(RuntimeOrigin::signed(1), members(&[1]), t.clone()),
			Error::<Test>::BadCadence
		);
		EraClockNow::set(sli::time::EraClock { length_ms: 6 * HOUR_MS, offset_ms: 0 });
		assert_ok!(Sla::offer(RuntimeOrigin::signed(1), members(&[1]), t));
		let sla = Sla::sla(0).unwrap();
		assert_eq!(
			(sla.start_ms, sla.period_ms),
			(EraClockNow::get().range(era + 1).0, 12 * HOUR_MS)
		);
	});
}

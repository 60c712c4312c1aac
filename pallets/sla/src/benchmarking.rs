//! Benchmarks of every call and of the idle agenda, at their worst-case sizes: the most
//! members, clauses with the most tier rows, full incident logs.

use super::*;
use crate::Pallet as SlaPallet;
use alloc::vec::Vec;
use polkadot_sdk::{
	frame_benchmarking::v2::*,
	frame_support::traits::{fungible::Mutate, Get},
	frame_system::RawOrigin,
	sp_runtime::Saturating,
};

/// 2026-12-01 00:00 UTC: benchmarks run at this clock.
const T0: u64 = 1_796_083_200_000;

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = T::Currency::minimum_balance()
		.saturating_add(T::OfferDeposit::get().saturating_mul(100u32.into()))
		.saturating_add(T::DisputeDeposit::get().saturating_mul(100u32.into()));
	T::Currency::set_balance(&who, amount);
	who
}

/// The largest terms: every clause with a full tier table, hourly periods from the next hour.
fn max_terms<T: Config>(periods: u32) -> TermsOf<T> {
	let tiers: Vec<Tier> = (1..=T::MaxTiers::get())
		.map(|i| Tier { shortfall: i * 1_000, credit_ppm: i * 10_000 })
		.collect();
	let metrics = [Metric::Uptime, Metric::LatencyP95, Metric::LatencyP99, Metric::LatencyMean];
	let clauses: Vec<_> = (0..T::MaxClauses::get() as usize)
		.map(|i| Clause {
			objective: Objective {
				metric: metrics[i % metrics.len()],
				direction: if i == 0 { Direction::AtLeast } else { Direction::AtMost },
				target: if i == 0 { 990_000 } else { 200_000 },
			},
			credit: CreditRule::Tiers(TiersOf::<T>::truncate_from(tiers.clone())),
		})
		.collect();
	Terms {
		clauses: ClausesOf::<T>::truncate_from(clauses),
		cadence: Cadence::Hours(1),
		first: T0 + HOUR_MS,
		periods,
		gate: Gate { min_probes: 1, min_probers: 1 },
		maintenance_ms: 60_000,
		notice_periods: periods.saturating_sub(1).min(1),
	}
}

/// `m` monitored members whose operator is `provider`, with measured hours from T0 on.
fn members<T: Config>(provider: &T::AccountId, m: u32) -> MembersOf<T> {
	let stashes: Vec<T::AccountId> = (0..m).map(|i| account("member", i, 0)).collect();
	for stash in &stashes {
		T::BenchmarkHelper::monitor(stash);
		Operators::<T>::insert(stash, provider);
	}
	T::BenchmarkHelper::record(&stashes, T0, T0 + 4 * HOUR_MS);
	MembersOf::<T>::truncate_from(stashes)
}

/// Full incident logs (pauses and changes outside the periods judged) for every member.
fn full_incidents<T: Config>(members: &MembersOf<T>) {
	let max = T::MaxIncidents::get();
	let log = incidents::IncidentLog::<T::MaxIncidents> {
		paused_since: None,
		pauses: BoundedVec::truncate_from(
			(0..max)
				.map(|i| (T0 + 4 * HOUR_MS + u64::from(i), T0 + 4 * HOUR_MS + u64::from(i) + 1))
				.collect(),
		),
		changes: BoundedVec::truncate_from(
			(0..max).map(|i| T0 + 5 * HOUR_MS + u64::from(i)).collect(),
		),
		left_ms: None,
	};
	for stash in members.iter() {
		Incidents::<T>::insert(stash, log.clone());
	}
}

/// An offered SLA of `m` members and `periods` hourly periods; returns its id and provider.
fn offered<T: Config>(m: u32, periods: u32) -> (SlaId, T::AccountId) {
	T::BenchmarkHelper::set_now(T0);
	let provider = funded::<T>("provider", 0);
	let members = members::<T>(&provider, m);
	let id = SlaPallet::<T>::do_offer(provider.clone(), members.clone(), max_terms::<T>(periods))
		.expect("the benchmark's offer is valid");
	full_incidents::<T>(&members);
	(id, provider)
}

/// Most member-buckets a period's evidence reads: the largest group over the longest period.
fn max_member_buckets<T: Config>() -> u32 {
	T::MaxMembers::get().saturating_mul(SlaPallet::<T>::max_evidence_buckets())
}

/// A group and period length whose evidence is at least `n` member-buckets, and at most one
/// bucket per member more: one bucket per member up to the largest group, then longer
/// periods of the largest group.
fn members_and_buckets<T: Config>(n: u32) -> (u32, u32) {
	let m = n.clamp(1, T::MaxMembers::get());
	(m, n.div_ceil(m))
}

/// An offered SLA of `m` members whose period 0 reads `b` buckets per member (hours when
/// `b ≤ 24`, days otherwise), with the clock when period 0 is due; returns the SLA's id.
fn due_with_buckets<T: Config>(m: u32, b: u32) -> SlaId {
	T::BenchmarkHelper::set_now(T0);
	let provider = funded::<T>("provider", 0);
	let stashes: Vec<T::AccountId> = (0..m).map(|i| account("member", i, 0)).collect();
	for stash in &stashes {
		T::BenchmarkHelper::monitor(stash);
		Operators::<T>::insert(stash, &provider);
	}
	let mut terms = max_terms::<T>(2);
	let (unit, first) = if b <= 24 { (HOUR_MS, T0 + HOUR_MS) } else { (DAY_MS, T0 + DAY_MS) };
	let count = u8::try_from(b).unwrap_or(u8::MAX);
	terms.cadence = if b <= 24 { Cadence::Hours(count) } else { Cadence::Days(count) };
	terms.first = first;
	let end = first + unit * u64::from(b);
	let members = MembersOf::<T>::truncate_from(stashes);
	let id = SlaPallet::<T>::do_offer(provider, members.clone(), terms)
		.expect("the benchmark's offer is valid");
	full_incidents::<T>(&members);
	T::BenchmarkHelper::record(&members, first, end);
	T::BenchmarkHelper::set_now(end + T::SettleDelay::get());
	assert_eq!(Slas::<T>::get(id).map(|sla| sla.evidence_buckets()), Some(b));
	id
}

/// Settles period 0 and leaves it disputable.
fn settled<T: Config>(id: SlaId) {
	T::BenchmarkHelper::set_now(T0 + 2 * HOUR_MS + T::SettleDelay::get());
	SlaPallet::<T>::do_settle(id, 0).expect("period 0 is due");
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_operator() {
		let stash = funded::<T>("stash", 0);
		let operator: T::AccountId = account("operator", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(stash.clone()), Some(operator.clone()));
		assert_eq!(Operators::<T>::get(&stash), Some(operator));
	}

	#[benchmark]
	fn offer(m: Linear<1, { T::MaxMembers::get() }>) {
		T::BenchmarkHelper::set_now(T0);
		let provider = funded::<T>("provider", 0);
		let members = members::<T>(&provider, m);
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), members, max_terms::<T>(T::MaxPeriods::get()));
		assert_eq!(Slas::<T>::count(), 1);
	}

	#[benchmark]
	fn cancel(m: Linear<1, { T::MaxMembers::get() }>) {
		let (id, provider) = offered::<T>(m, 2);
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id);
		assert!(Slas::<T>::get(id).is_none());
	}

	#[benchmark]
	fn give_notice() {
		let (id, provider) = offered::<T>(1, 10);
		T::BenchmarkHelper::set_now(T0 + HOUR_MS);
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id);
		assert!(matches!(Slas::<T>::get(id).map(|s| s.state), Some(SlaState::Ending { .. })));
	}

	/// Period 0 of an SLA whose evidence is `n` member-buckets (`m` members × `b` buckets
	/// each, [`members_and_buckets`]): what settling costs grows with what it reads.
	#[benchmark]
	fn settle(n: Linear<1, { max_member_buckets::<T>() }>) {
		let (m, b) = members_and_buckets::<T>(n);
		let id = due_with_buckets::<T>(m, b);
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, 0);
		let record = Periods::<T>::get(id, 0).expect("period 0 is settled");
		assert!(record.sli.probes > 0, "the benchmark read no evidence");
	}

	#[benchmark]
	fn finalise(m: Linear<1, { T::MaxMembers::get() }>) {
		// The last period: the SLA ends and leaves its members' lists.
		let (id, _) = offered::<T>(m, 1);
		settled::<T>(id);
		T::BenchmarkHelper::set_now(
			T0 + 2 * HOUR_MS + T::SettleDelay::get() + T::DisputeWindow::get(),
		);
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, 0);
		assert_eq!(Slas::<T>::get(id).map(|s| s.state), Some(SlaState::Ended));
	}

	#[benchmark]
	fn dispute() {
		let (id, _) = offered::<T>(1, 2);
		settled::<T>(id);
		let challenger = funded::<T>("challenger", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(challenger), id, 0);
		assert!(matches!(
			Periods::<T>::get(id, 0).map(|r| r.status),
			Some(PeriodStatus::Disputed { .. })
		));
	}

	#[benchmark]
	fn resolve(m: Linear<1, { T::MaxMembers::get() }>) -> Result<(), BenchmarkError> {
		let (id, _) = offered::<T>(m, 1);
		settled::<T>(id);
		let challenger = funded::<T>("challenger", 0);
		SlaPallet::<T>::do_dispute(challenger, id, 0)?;
		let origin =
			T::DisputeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, 0, Some(Verdict::Breached { credit_ppm: 1 }));
		assert_eq!(Slas::<T>::get(id).map(|s| s.state), Some(SlaState::Ended));
		Ok(())
	}

	#[benchmark]
	fn remove(p: Linear<1, { T::MaxPeriods::get() }>) {
		let (id, _) = offered::<T>(1, p);
		let record = {
			settled::<T>(id);
			Periods::<T>::get(id, 0).expect("settled")
		};
		for period in 0..p {
			Periods::<T>::insert(
				id,
				period,
				PeriodRecord { status: PeriodStatus::Final, ..record.clone() },
			);
		}
		Slas::<T>::mutate(id, |sla| {
			if let Some(sla) = sla {
				sla.next_settle = p;
				sla.next_final = p;
				sla.state = SlaState::Ended;
				SlaPallet::<T>::unlist_members(id, sla);
			}
		});
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);
		assert!(Slas::<T>::get(id).is_none());
	}

	#[benchmark]
	fn on_idle_empty() {
		T::BenchmarkHelper::set_now(0);
		#[block]
		{
			SlaPallet::<T>::work_agenda(Weight::MAX);
		}
	}

	#[benchmark]
	fn on_idle_hour() {
		// One empty hour of the agenda skipped: the clock an hour after the agenda's start.
		T::BenchmarkHelper::set_now(T0 + HOUR_MS);
		AgendaFrom::<T>::put(sli::time::hour_of(T0));
		#[block]
		{
			SlaPallet::<T>::work_agenda(
				T::WeightInfo::on_idle_empty().saturating_add(T::WeightInfo::on_idle_hour()),
			);
		}
	}

	#[benchmark]
	fn on_idle_step(n: Linear<1, { max_member_buckets::<T>() }>) {
		// The agenda settles period 0 of an SLA whose evidence is `n` member-buckets.
		let (m, b) = members_and_buckets::<T>(n);
		let id = due_with_buckets::<T>(m, b);
		let now = T::Sli::now_ms();
		for (hour, _) in Agenda::<T>::iter().collect::<Vec<_>>() {
			Agenda::<T>::remove(hour);
		}
		Agenda::<T>::insert(sli::time::hour_of(now), BoundedVec::truncate_from(alloc::vec![id]));
		AgendaFrom::<T>::put(sli::time::hour_of(now));
		#[block]
		{
			SlaPallet::<T>::work_agenda(Weight::MAX);
		}
		assert!(Periods::<T>::contains_key(id, 0));
	}

	impl_benchmark_test_suite!(SlaPallet, crate::mock::new_bench_ext(), crate::mock::Test);
}

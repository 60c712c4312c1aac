//! Benchmarks of every call and hook at its worst case: a market with bond and backing, the
//! caller holding both a cover and a backer position, a breach that takes from the bond.

use super::*;
use crate::Pallet as Compensation;
use pallet_sla::{SlaHooks, Verdict};
use polkadot_sdk::{
	frame_benchmarking::v2::*, frame_support::traits::fungible::Mutate, frame_system::RawOrigin,
};

const TERMS: MarketTerms =
	MarketTerms { premium_ppm: 10_000, leverage: 2, period_cap_ppm: 500_000 };

fn unit<T: Config>() -> BalanceOf<T> {
	T::MinPosition::get().saturating_mul(100u32.into())
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(
		&who,
		T::Currency::minimum_balance().saturating_add(unit::<T>().saturating_mul(1_000u32.into())),
	);
	who
}

/// The pot with its existential deposit (as genesis gives it).
fn pot<T: Config>() {
	let pot = Compensation::<T>::pot();
	if T::Currency::balance(&pot) < T::Currency::minimum_balance() {
		T::Currency::set_balance(&pot, T::Currency::minimum_balance());
	}
}

/// An SLA of 10 periods with an open market: bond and a backer; returns it and its provider.
fn market<T: Config>() -> (SlaId, T::AccountId) {
	pot::<T>();
	let provider = funded::<T>("provider", 0);
	let sla = T::BenchmarkHelper::create_sla(&provider, 10);
	Compensation::<T>::do_open(
		provider.clone(),
		sla,
		TERMS,
		unit::<T>().saturating_mul(10u32.into()),
	)
	.expect("the benchmark's market opens");
	let backer = funded::<T>("backer", 0);
	Compensation::<T>::do_back(backer, sla, unit::<T>().saturating_mul(10u32.into()))
		.expect("the benchmark's backer backs");
	(sla, provider)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn open() {
		pot::<T>();
		let provider = funded::<T>("provider", 0);
		let sla = T::BenchmarkHelper::create_sla(&provider, 10);
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), sla, TERMS, unit::<T>());
		assert!(Markets::<T>::contains_key(sla));
	}

	#[benchmark]
	fn bond() {
		let (sla, provider) = market::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), sla, unit::<T>());
	}

	#[benchmark]
	fn back() {
		// A backer adding to its position (its rewards paid first).
		let (sla, _) = market::<T>();
		let backer: T::AccountId = account("backer", 0, 0);
		T::BenchmarkHelper::finalise_until(sla, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(backer), sla, unit::<T>());
	}

	#[benchmark]
	fn buy_cover() {
		let (sla, _) = market::<T>();
		let holder = funded::<T>("holder", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), sla, unit::<T>(), 5);
		assert!(Covers::<T>::contains_key(sla, &holder));
	}

	#[benchmark]
	fn claim() -> Result<(), BenchmarkError> {
		// A holder who also backs: compensation, refund and premiums, the position closed.
		let (sla, _) = market::<T>();
		let who = funded::<T>("holder", 0);
		Compensation::<T>::do_buy_cover(who.clone(), sla, unit::<T>(), 1)?;
		Compensation::<T>::do_back(who.clone(), sla, unit::<T>())?;
		T::BenchmarkHelper::finalise_until(sla, 1);
		Compensation::<T>::settle_period(sla, 0, Verdict::Breached { credit_ppm: 100_000 });
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), sla);
		assert!(!Covers::<T>::contains_key(sla, &who));
		Ok(())
	}

	#[benchmark]
	fn unbond() {
		let (sla, provider) = market::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), sla, unit::<T>());
	}

	#[benchmark]
	fn unback() {
		let (sla, _) = market::<T>();
		let backer: T::AccountId = account("backer", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(backer), sla, 1u128);
	}

	#[benchmark]
	fn withdraw() -> Result<(), BenchmarkError> {
		// The provider also backs: bond released and backing paid out, rewards first.
		let (sla, provider) = market::<T>();
		Compensation::<T>::do_back(provider.clone(), sla, unit::<T>())?;
		Compensation::<T>::do_unbond(provider.clone(), sla, unit::<T>())?;
		let shares = Backers::<T>::get(sla, &provider).map_or(0, |b| b.shares);
		Compensation::<T>::do_unback(provider.clone(), sla, shares)?;
		T::BenchmarkHelper::finalise_until(sla, 1);
		Compensation::<T>::settle_period(sla, 0, Verdict::Met);
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), sla);
		Ok(())
	}

	#[benchmark]
	fn period_final() -> Result<(), BenchmarkError> {
		// A breach paid from the bond into the cover counter.
		let (sla, _) = market::<T>();
		let holder = funded::<T>("holder", 0);
		Compensation::<T>::do_buy_cover(holder, sla, unit::<T>(), 1)?;
		T::BenchmarkHelper::finalise_until(sla, 1);
		#[block]
		{
			Compensation::<T>::period_final(sla, 0, Verdict::Breached { credit_ppm: 1_000_000 });
		}
		assert_eq!(Markets::<T>::get(sla).map(|m| m.finalised), Some(1));
		Ok(())
	}

	#[benchmark]
	fn cancelled() {
		let (sla, _) = market::<T>();
		#[block]
		{
			Compensation::<T>::cancelled(sla);
		}
		assert!(Markets::<T>::get(sla).is_some_and(|m| m.cancelled));
	}

	#[benchmark]
	fn removed(n: Linear<1, { T::MaxPeriods::get().saturating_add(1).saturating_mul(3) }>) {
		let (sla, _) = market::<T>();
		for i in 0..n {
			match i % 3 {
				0 => CoverChanges::<T>::insert(sla, i / 3, CoverChange::default()),
				1 => Checkpoints::<T>::insert(sla, i / 3, Checkpoint::default()),
				_ => Settlements::<T>::insert(sla, i / 3, PeriodMoney::default()),
			}
		}
		#[block]
		{
			Compensation::<T>::removed(sla);
		}
		assert!(!Markets::<T>::contains_key(sla));
	}

	impl_benchmark_test_suite!(Compensation, crate::mock::new_bench_ext(), crate::mock::Test);
}

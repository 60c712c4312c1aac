//! The pallet's storage invariants, checked by `try_state` (and after every unit test).

use crate::{pallet::*, BalanceOf, HoldReason};
use alloc::collections::btree_map::BTreeMap;
use polkadot_sdk::{
	frame_support::{
		ensure,
		traits::{fungible::InspectHold, Get},
	},
	sp_runtime::{traits::Saturating, TryRuntimeError},
};

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the pallet's storage.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		Self::check_targets()?;
		Self::check_hours()?;
		Self::check_days()
	}

	/// Targets and their stash index agree; deposits held are the deposits recorded.
	fn check_targets() -> Result<(), TryRuntimeError> {
		let next = NextTargetId::<T>::get();
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut count = 0u32;
		for (id, target) in Targets::<T>::iter() {
			count.saturating_inc();
			ensure!(id < next, "a target id at or above NextTargetId");
			ensure!(
				TargetOfStash::<T>::get(&target.stash) == Some(id),
				"a target whose stash does not point back to it"
			);
			let held = deposits.entry(target.stash).or_default();
			*held = held.saturating_add(target.deposit);
		}
		ensure!(Targets::<T>::count() == count, "the target counter is off");
		ensure!(count <= T::MaxTargets::get(), "more targets than MaxTargets");
		for (stash, id) in TargetOfStash::<T>::iter() {
			let target = Targets::<T>::get(id).ok_or("a stash points to a removed target")?;
			ensure!(target.stash == stash, "a stash points to another stash's target");
		}
		for (stash, recorded) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::TargetDeposit.into(), &stash) == recorded,
				"target deposits held differ from those recorded"
			);
		}
		Ok(())
	}

	/// The hour lists agree with each other and with the records they index.
	fn check_hours() -> Result<(), TryRuntimeError> {
		let kept = KeptHours::<T>::get();
		ensure!(kept.windows(2).all(|w| w[0] < w[1]), "kept hours not in ascending order");
		for hour in kept.iter() {
			ensure!(Hours::<T>::contains_key(hour), "a kept hour without its first block");
		}
		for hour in Hours::<T>::iter_keys() {
			ensure!(kept.contains(&hour), "an hour's first block is stored but not kept");
		}
		if let Some(current) = CurrentHour::<T>::get() {
			ensure!(kept.last() == Some(&current), "the current hour is not the last kept one");
		}
		let pending = PendingRollUps::<T>::get();
		ensure!(pending.windows(2).all(|w| w[0] < w[1]), "pending roll-ups not in order");
		for hour in pending.iter() {
			ensure!(kept.contains(hour), "a roll-up pending for an hour no longer kept");
			ensure!(Some(*hour) != CurrentHour::<T>::get(), "the current hour is pending");
		}
		if let Some(first) = kept.first() {
			ensure!(
				HoursForgottenBefore::<T>::get() <= *first,
				"a kept hour before the forgotten ones"
			);
		}
		Ok(())
	}

	/// Daily records are indexed by the kept days, each sorted by target.
	fn check_days() -> Result<(), TryRuntimeError> {
		let days = KeptDays::<T>::get();
		ensure!(days.windows(2).all(|w| w[0] < w[1]), "kept days not in ascending order");
		for day in Days::<T>::iter_keys() {
			ensure!(days.contains(&day), "a day's first block is stored but not kept");
		}
		for (day, record) in DailySli::<T>::iter() {
			ensure!(days.contains(&day), "a daily record of a day not kept");
			ensure!(
				record.windows(2).all(|w| w[0].0 < w[1].0),
				"a daily record not sorted by target"
			);
		}
		Ok(())
	}
}

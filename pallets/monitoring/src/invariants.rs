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
		ensure!(
			Settings::<T>::get().is_valid(T::MaxProbersPerTarget::get()),
			"invalid probe settings"
		);
		ensure!(
			SessionProbers::<T>::get().windows(2).all(|w| w[0] < w[1]),
			"the session's probe keys are not sorted without repeats"
		);
		Self::check_targets()?;
		Self::check_relay_set()?;
		Self::check_hours()?;
		Self::check_days()
	}

	/// Targets, their stash index and the active list agree; deposits held are the deposits
	/// recorded.
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
		let active: alloc::vec::Vec<_> =
			Targets::<T>::iter().filter(|(_, t)| !t.paused).map(|(id, _)| id).collect();
		let mut active = active;
		active.sort_unstable();
		ensure!(
			ActiveTargets::<T>::get().into_inner() == active,
			"ActiveTargets is not the sorted list of unpaused targets"
		);
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

	/// The relay-chain set is sorted by stash, each member's target is its stash's, a target
	/// without probe URLs is a member of the set, and the members with a discovery key are
	/// those with a [`Discovery`] entry.
	fn check_relay_set() -> Result<(), TryRuntimeError> {
		let members = RelaySet::<T>::get();
		ensure!(
			members.windows(2).all(|w| w[0].stash < w[1].stash),
			"RelaySet is not sorted by stash without repeats"
		);
		for member in members.iter() {
			ensure!(
				TargetOfStash::<T>::get(&member.stash) == Some(member.target),
				"a relay-set member whose stash does not have its target"
			);
		}
		let mut targets: alloc::vec::Vec<_> = members.iter().map(|m| m.target).collect();
		targets.sort_unstable();
		for (id, target) in Targets::<T>::iter() {
			ensure!(
				!target.endpoints.is_empty() || targets.binary_search(&id).is_ok(),
				"a target without probe URLs outside the relay-chain set"
			);
		}
		// Exactly the members with a discovery key have a discovery entry, with that key.
		let keyed = members.iter().filter(|m| m.discovery.is_some()).count();
		ensure!(
			Discovery::<T>::iter_keys().count() == keyed,
			"discovery entries and relay-set members with a key differ in number"
		);
		for member in members.iter() {
			if let Some(key) = member.discovery {
				ensure!(
					Discovery::<T>::get(member.target).is_some_and(|state| state.key == key),
					"a relay-set member's discovery entry lacks its key"
				);
			}
		}
		let wanted = RelaySetWanted::<T>::get();
		ensure!(
			wanted.is_none() || wanted != RelaySession::<T>::get(),
			"the applied relay session is still wanted"
		);
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
		ensure!(
			RollUpFrom::<T>::get().is_none() || !pending.is_empty(),
			"a roll-up cursor without a pending hour"
		);
		for (_, _, record) in HourlyReports::<T>::iter() {
			ensure!(
				record.windows(2).all(|w| w[0].0 < w[1].0),
				"a prober's hour record is not sorted by target without repeats"
			);
			ensure!(
				record.iter().all(|(_, entries)| !entries.is_empty()),
				"a prober's hour record holds a target without any channel"
			);
		}
		// Only the hour being forgotten (over several blocks if it is large) may still be
		// kept once queries stopped reading it.
		let forgotten_before = HoursForgottenBefore::<T>::get();
		ensure!(
			kept.iter().take_while(|hour| **hour < forgotten_before).count() <= 1,
			"kept hours before the forgotten ones"
		);
		Ok(())
	}

	/// Combined records belong to kept days and to hours not forgotten, no day holds more
	/// entries than it counted, insufficient hours are counted only for a day's records, and
	/// discoverable hours only for kept days.
	fn check_days() -> Result<(), TryRuntimeError> {
		let days = KeptDays::<T>::get();
		ensure!(days.windows(2).all(|w| w[0] < w[1]), "kept days not in ascending order");
		for day in Days::<T>::iter_keys() {
			ensure!(days.contains(&day), "a day's first block is stored but not kept");
		}
		let mut counted: BTreeMap<u32, u32> = BTreeMap::new();
		for (day, _) in DaySli::<T>::iter_keys() {
			ensure!(days.contains(&day), "a daily record of a day not kept");
			counted.entry(day).or_default().saturating_inc();
		}
		for (day, count) in &counted {
			// Equal, except while an expired day is forgotten over several blocks.
			ensure!(*count <= DayEntries::<T>::get(day), "a day's entry count is too low");
			ensure!(*count <= T::MaxTargets::get(), "a day holds more than MaxTargets entries");
		}
		for (_, _, combined) in DaySli::<T>::iter() {
			ensure!(!combined.is_empty(), "a daily record without any channel");
		}
		for (day, target, hours) in InsufficientHours::<T>::iter() {
			let record = DaySli::<T>::get(day, target)
				.ok_or("insufficient hours counted for a target without that day's record")?;
			for (channel, hours) in hours.iter() {
				ensure!(*hours <= 24, "more than 24 insufficient hours in a day");
				ensure!(
					*hours == 0 || record.get(channel).is_some(),
					"insufficient hours counted for a channel without that day's record"
				);
			}
		}
		for (day, _, bits) in DiscoverableHours::<T>::iter() {
			ensure!(days.contains(&day), "discoverable hours of a day not kept");
			ensure!(bits >> 24 == 0, "discoverable hours beyond a day's 24");
		}
		let kept = KeptHours::<T>::get();
		for (hour, _, combined) in HourSli::<T>::iter() {
			ensure!(kept.contains(&hour), "a combined hour that is not kept");
			ensure!(!combined.is_empty(), "a combined hour without any channel");
		}
		Ok(())
	}
}

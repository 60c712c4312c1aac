//! The pallet's invariants, checked by `try_state` (after every unit test, and by
//! `try-runtime` on a live chain's state).

use crate::{
	Agenda, AgendaFrom, Config, HoldReason, Incidents, Pallet, PeriodStatus, Periods, SlaState,
	Slas, SlasOf,
};
use alloc::collections::BTreeMap;
use polkadot_sdk::{
	frame_support::{
		ensure,
		traits::{fungible::InspectHold, Get},
	},
	sp_runtime::{traits::Zero, TryRuntimeError},
};

impl<T: Config> Pallet<T> {
	/// - at most `MaxSlas` SLAs; periods settle and become final in order: exactly the periods
	///   before `next_settle` have records, those before `next_final` are final, the others not;
	/// - an SLA not ended is on its members' lists and on the agenda once, at or after its
	///   start; an ended one on no member list; every listed SLA exists;
	/// - incidents are kept only for validators on a list;
	/// - each provider's offer deposits are what the currency holds for them.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		ensure!(Slas::<T>::count() <= T::MaxSlas::get(), "more SLAs than MaxSlas");
		let mut on_agenda: BTreeMap<u32, u32> = BTreeMap::new();
		for (hour, due) in Agenda::<T>::iter() {
			ensure!(
				hour >= AgendaFrom::<T>::get() || due.is_empty(),
				"agenda entry before its start"
			);
			for id in due {
				*on_agenda.entry(id).or_default() += 1;
			}
		}
		let mut deposits: BTreeMap<T::AccountId, crate::BalanceOf<T>> = BTreeMap::new();
		for (id, sla) in Slas::<T>::iter() {
			ensure!(sla.next_final <= sla.next_settle, "a period final before it was settled");
			ensure!(
				sla.next_settle <= sla.last_period().saturating_add(1),
				"a period settled after the last"
			);
			for (period, record) in Periods::<T>::iter_prefix(id) {
				ensure!(period < sla.next_settle, "a record of a period not settled");
				let is_final = matches!(record.status, PeriodStatus::Final);
				ensure!(is_final == (period < sla.next_final), "finality out of order");
			}
			ensure!(
				Periods::<T>::iter_prefix(id).count() as u32 == sla.next_settle,
				"a settled period without its record"
			);
			let live = sla.state != SlaState::Ended;
			for stash in sla.members.iter() {
				ensure!(SlasOf::<T>::get(stash).contains(&id) == live, "member lists out of step");
			}
			// An SLA ended by a call leaves the agenda when the agenda next reaches it.
			let listed = on_agenda.get(&id).copied().unwrap_or(0);
			ensure!(
				if live { listed == 1 } else { listed <= 1 },
				"an SLA not ended must be on the agenda exactly once"
			);
			let held = deposits.entry(sla.provider.clone()).or_default();
			*held += sla.deposit;
		}
		for slas in SlasOf::<T>::iter_values() {
			ensure!(!slas.is_empty(), "an empty member list is stored");
			for id in slas {
				ensure!(Slas::<T>::contains_key(id), "a member list names a removed SLA");
			}
		}
		for stash in Incidents::<T>::iter_keys() {
			ensure!(SlasOf::<T>::contains_key(&stash), "incidents of a validator in no SLA");
		}
		for (provider, sum) in deposits {
			if !sum.is_zero() {
				ensure!(
					T::Currency::balance_on_hold(&HoldReason::Offer.into(), &provider) == sum,
					"offer deposits differ from the held balance"
				);
			}
		}
		Ok(())
	}
}

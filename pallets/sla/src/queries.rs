//! Read-only queries (behind the runtime API), and what the money side may ask.

use crate::{
	Config, Pallet, PeriodIndex, PeriodRecordOf, Periods, SlaId, SlaInfo, SlaOf, SlaState, Slas,
	SlasOf, SliSource,
};
use alloc::vec::Vec;

impl<T: Config> Pallet<T> {
	/// An SLA with its terms and state.
	pub fn sla(id: SlaId) -> Option<SlaOf<T>> {
		Slas::<T>::get(id)
	}

	/// Up to `count` settled periods of an SLA from `from` on, in order.
	pub fn periods(
		id: SlaId,
		from: PeriodIndex,
		count: u32,
	) -> Vec<(PeriodIndex, PeriodRecordOf<T>)> {
		let Some(sla) = Slas::<T>::get(id) else { return Vec::new() };
		let to = sla.next_settle.min(from.saturating_add(count));
		(from..to).filter_map(|p| Periods::<T>::get(id, p).map(|r| (p, r))).collect()
	}

	/// The SLAs (not ended) a validator is a member of.
	pub fn slas_of(stash: &T::AccountId) -> Vec<SlaId> {
		SlasOf::<T>::get(stash).into_inner()
	}
}

impl<T: Config> SlaInfo<T::AccountId> for Pallet<T> {
	fn provider(sla: SlaId) -> Option<T::AccountId> {
		Slas::<T>::get(sla).map(|s| s.provider)
	}

	fn next_period_now(sla: SlaId) -> Option<PeriodIndex> {
		let sla = Slas::<T>::get(sla)?;
		if sla.state == SlaState::Ended {
			return None;
		}
		sla.next_period_after(T::Sli::now_ms())
	}

	fn last_period(sla: SlaId) -> Option<PeriodIndex> {
		Slas::<T>::get(sla).map(|s| s.last_period())
	}

	fn final_before(sla: SlaId) -> Option<PeriodIndex> {
		Slas::<T>::get(sla).map(|s| s.next_final)
	}
}

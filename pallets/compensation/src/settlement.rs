//! Money moved when a period's verdict is final (O(1) per period, whatever the number of
//! holders), and when an SLA is cancelled or removed: this pallet's side of
//! [`pallet_sla::SlaHooks`].
//!
//! With `C` the cover active in the period and `Q` its holders' premiums:
//! - **met**: `Q` goes to the provider and the backers pro rata to bond and backing (the
//!   backers' part into the per-share reward counter);
//! - **breached** at credit `c`: compensation `min(c·C, cap·collateral, collateral)`, from the
//!   bond first (moved from the provider's hold into the pot) and then the backing, goes into
//!   the per-unit cover counter; `Q` is refunded;
//! - **void**: `Q` is refunded.

use crate::{
	narrow, wide, Checkpoint, Checkpoints, Config, CoverChanges, Event, HoldReason, Markets,
	Pallet, PeriodIndex, PeriodMoney, Settlements, SlaId, WeightInfo,
};
use pallet_sla::{SlaHooks, Verdict};
use polkadot_sdk::{
	frame_support::{
		traits::Get,
		traits::{
			fungible::MutateHold,
			tokens::{Fortitude, Precision, Restriction},
		},
		weights::Weight,
	},
	sp_runtime::traits::{Saturating, Zero},
};
use sla_math::money;

impl<T: Config> Pallet<T> {
	/// Moves a final period's money; see the module's documentation.
	pub fn settle_period(sla: SlaId, period: PeriodIndex, verdict: Verdict) {
		let Some(mut m) = Markets::<T>::get(sla) else { return };
		if m.cancelled || period < m.finalised {
			return;
		}
		let change = CoverChanges::<T>::take(sla, period);
		m.active_cover.saturating_accrue(change.start_cover);
		m.active_premium.saturating_accrue(change.start_premium);
		let (cover, premium) = (m.active_cover, m.active_premium);
		m.premiums_held.saturating_reduce(premium);
		let mut moved = PeriodMoney { cover, premium, ..Default::default() };
		match verdict {
			Verdict::Met => {
				let (mut to_provider, mut to_backers) =
					money::pro_rata(wide::<T>(premium), wide::<T>(m.bond), wide::<T>(m.backing));
				if m.shares == 0 {
					to_provider = to_provider.saturating_add(to_backers);
					to_backers = 0;
				}
				let (to_provider, to_backers) = (narrow::<T>(to_provider), narrow::<T>(to_backers));
				m.reward_counter = m
					.reward_counter
					.saturating_add(money::per_unit(wide::<T>(to_backers), m.shares));
				m.owed_to_backers.saturating_accrue(to_backers);
				if Self::pay(&m.provider, to_provider).is_err() {
					// The pot always holds the premiums; should it not, the provider's share
					// stays owed to the backers' side rather than vanish.
					m.owed_to_backers.saturating_accrue(to_provider);
				}
				moved.to_provider = to_provider;
				moved.to_backers = to_backers;
				Self::deposit_event(Event::PremiumPaid { sla, period, to_provider, to_backers });
			},
			Verdict::Breached { credit_ppm } => {
				let collateral = wide::<T>(Self::collateral(&m));
				let due = money::compensation(
					wide::<T>(cover),
					credit_ppm,
					collateral,
					m.terms.period_cap_ppm,
				);
				let (from_bond, from_backing) =
					money::first_loss(due, wide::<T>(m.bond), wide::<T>(m.backing));
				let from_bond = T::Currency::transfer_on_hold(
					&HoldReason::Bond.into(),
					&m.provider,
					&Self::pot(),
					narrow::<T>(from_bond),
					Precision::BestEffort,
					Restriction::Free,
					Fortitude::Force,
				)
				.unwrap_or_else(|_| Zero::zero());
				let from_backing = narrow::<T>(from_backing);
				m.bond.saturating_reduce(from_bond);
				m.bond_unbonding = m.bond_unbonding.min(m.bond);
				m.backing.saturating_reduce(from_backing);
				let paid = from_bond.saturating_add(from_backing);
				m.cover_counter = m
					.cover_counter
					.saturating_add(money::per_unit(wide::<T>(paid), wide::<T>(cover)));
				m.compensation_paid.saturating_accrue(paid);
				m.owed_to_holders.saturating_accrue(paid.saturating_add(premium));
				m.refunded.saturating_inc();
				moved.from_bond = from_bond;
				moved.from_backing = from_backing;
				moved.refunded = premium;
				Self::deposit_event(Event::Compensated {
					sla,
					period,
					from_bond,
					from_backing,
					refunded: premium,
				});
			},
			Verdict::Void(_) => {
				m.owed_to_holders.saturating_accrue(premium);
				m.refunded.saturating_inc();
				moved.refunded = premium;
				Self::deposit_event(Event::Refunded { sla, period, amount: premium });
			},
		}
		Settlements::<T>::insert(sla, period, moved);
		m.active_cover.saturating_reduce(change.end_cover);
		m.active_premium.saturating_reduce(change.end_premium);
		m.outstanding.saturating_reduce(change.end_cover);
		m.finalised = period.saturating_add(1);
		Checkpoints::<T>::insert(
			sla,
			m.finalised,
			Checkpoint { cover_counter: m.cover_counter, refunded: m.refunded },
		);
		Markets::<T>::insert(sla, m);
	}
}

impl<T: Config> SlaHooks for Pallet<T> {
	fn period_final(sla: SlaId, period: PeriodIndex, verdict: Verdict) -> Weight {
		Self::settle_period(sla, period, verdict);
		T::WeightInfo::period_final()
	}

	fn period_final_weight() -> Weight {
		T::WeightInfo::period_final()
	}

	/// Releases the bond at once; holders claim their premiums back, backers withdraw.
	fn cancelled(sla: SlaId) -> Weight {
		Markets::<T>::mutate(sla, |market| {
			if let Some(m) = market {
				let _ = T::Currency::release(
					&HoldReason::Bond.into(),
					&m.provider,
					m.bond,
					Precision::BestEffort,
				);
				m.bond = Zero::zero();
				m.bond_unbonding = Zero::zero();
				m.cancelled = true;
				Self::deposit_event(Event::MarketCancelled { sla });
			}
		});
		T::WeightInfo::cancelled()
	}

	fn cancelled_weight() -> Weight {
		T::WeightInfo::cancelled()
	}

	/// Removable once every position is closed and the bond withdrawn.
	fn can_remove(sla: SlaId) -> bool {
		Markets::<T>::get(sla).is_none_or(|m| m.positions == 0 && m.bond.is_zero())
	}

	fn removed(sla: SlaId) -> Weight {
		Markets::<T>::remove(sla);
		let limit = T::MaxPeriods::get().saturating_add(1);
		let changes = CoverChanges::<T>::clear_prefix(sla, limit, None).unique;
		let checkpoints = Checkpoints::<T>::clear_prefix(sla, limit, None).unique;
		let settlements = Settlements::<T>::clear_prefix(sla, limit, None).unique;
		T::WeightInfo::removed(changes.saturating_add(checkpoints).saturating_add(settlements))
	}

	fn removed_weight() -> Weight {
		T::WeightInfo::removed(T::MaxPeriods::get().saturating_add(1).saturating_mul(3))
	}
}

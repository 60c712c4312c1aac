//! The pallet's invariants, checked by `try_state` (after every unit test, and by
//! `try-runtime` on a live chain's state).

use crate::{Backers, BalanceOf, Config, Covers, HoldReason, Markets, Pallet};
use alloc::collections::BTreeMap;
use polkadot_sdk::{
	frame_support::{
		ensure,
		traits::fungible::{Inspect, InspectHold},
	},
	sp_runtime::{traits::Saturating, TryRuntimeError},
};

impl<T: Config> Pallet<T> {
	/// - **funds are conserved**: the pot holds its existential deposit plus at least every
	///   market's backing, premiums held and what is owed to holders and backers;
	/// - each provider's bonds are exactly what the currency holds for it;
	/// - each market's positions, shares and unbonding shares are its backers' and holders'
	///   sums; unbonding never exceeds what is there; cover active ≤ cover outstanding.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut liabilities = BalanceOf::<T>::default();
		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (sla, m) in Markets::<T>::iter() {
			liabilities.saturating_accrue(m.backing);
			liabilities.saturating_accrue(m.premiums_held);
			liabilities.saturating_accrue(m.owed_to_holders);
			liabilities.saturating_accrue(m.owed_to_backers);
			bonds.entry(m.provider.clone()).or_default().saturating_accrue(m.bond);
			ensure!(m.bond_unbonding <= m.bond, "more bond unbonding than bonded");
			ensure!(m.shares_unbonding <= m.shares, "more shares unbonding than exist");
			ensure!(m.active_cover <= m.outstanding, "active cover above the outstanding");
			let covers = Covers::<T>::iter_prefix(sla).count() as u32;
			let (mut backers, mut shares, mut unbonding) = (0u32, 0u128, 0u128);
			for (_, b) in Backers::<T>::iter_prefix(sla) {
				backers += 1;
				shares = shares.saturating_add(b.shares);
				unbonding = unbonding.saturating_add(b.unbonding);
				ensure!(b.unbonding <= b.shares, "a backer unbonds more than it has");
			}
			ensure!(m.positions == covers + backers, "position count out of step");
			ensure!(m.shares == shares, "pool shares differ from the backers' sum");
			ensure!(m.shares_unbonding == unbonding, "unbonding shares differ from the sum");
		}
		let pot = T::Currency::balance(&Self::pot());
		ensure!(
			pot >= liabilities.saturating_add(T::Currency::minimum_balance()),
			"the pot holds less than it owes"
		);
		for (provider, bonded) in bonds {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Bond.into(), &provider) == bonded,
				"held bonds differ from the markets' bonds"
			);
		}
		Ok(())
	}
}

//! Positions: opening a market, bonding, backing, buying cover, claiming, asking collateral
//! back and withdrawing it.
//!
//! A holder's claim is `amount·(c_end − c_from)/SCALE + premium·(r_end − r_from) − claimed`,
//! where `c` is the per-unit compensation counter and `r` the number of refunded periods at
//! the checkpoints of its first period and of `min(to, finalised)`: O(1) whatever the number
//! of holders. A backer's premium share is `shares·(reward_counter − debt)/SCALE`.

use crate::{
	narrow, wide, Backers, Backing, BalanceOf, Checkpoints, Config, Cover, CoverChanges, Covers,
	Error, Event, HoldReason, Market, MarketOf, MarketTerms, Markets, Pallet, PeriodIndex, SlaId,
};
use pallet_sla::SlaInfo;
use polkadot_sdk::{
	frame_support::{
		ensure,
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			tokens::{Precision, Preservation},
		},
	},
	sp_runtime::traits::{Saturating, Zero},
};
use sla_math::{money, PPM};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_open(
		provider: T::AccountId,
		sla: SlaId,
		terms: MarketTerms,
		bond: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(T::Slas::provider(sla).as_ref() == Some(&provider), Error::<T>::NotProvider);
		ensure!(T::Slas::next_period_now(sla).is_some(), Error::<T>::Closed);
		ensure!(!Markets::<T>::contains_key(sla), Error::<T>::AlreadyOpen);
		ensure!(
			(1..=T::MaxLeverage::get()).contains(&terms.leverage)
				&& terms.premium_ppm <= PPM
				&& (1..=PPM).contains(&terms.period_cap_ppm),
			Error::<T>::BadTerms
		);
		ensure!(bond >= T::MinPosition::get(), Error::<T>::TooSmall);
		T::Currency::hold(&HoldReason::Bond.into(), &provider, bond)?;
		Markets::<T>::insert(
			sla,
			Market {
				provider,
				terms,
				bond,
				bond_unbonding: Zero::zero(),
				bond_unlock_at: 0,
				backing: Zero::zero(),
				shares: 0,
				shares_unbonding: 0,
				reward_counter: 0,
				cover_counter: 0,
				refunded: 0,
				outstanding: Zero::zero(),
				active_cover: Zero::zero(),
				active_premium: Zero::zero(),
				premiums_held: Zero::zero(),
				owed_to_holders: Zero::zero(),
				owed_to_backers: Zero::zero(),
				finalised: T::Slas::final_before(sla).unwrap_or(0),
				compensation_paid: Zero::zero(),
				positions: 0,
				cancelled: false,
			},
		);
		Self::deposit_event(Event::Opened { sla, terms, bond });
		Ok(())
	}

	/// The market of an SLA that still takes money.
	fn open_market(sla: SlaId) -> Result<MarketOf<T>, DispatchError> {
		let market = Markets::<T>::get(sla).ok_or(Error::<T>::NoMarket)?;
		ensure!(!market.cancelled && T::Slas::next_period_now(sla).is_some(), Error::<T>::Closed);
		Ok(market)
	}

	pub(crate) fn do_bond(
		provider: T::AccountId,
		sla: SlaId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let mut market = Self::open_market(sla)?;
		ensure!(market.provider == provider, Error::<T>::NotProvider);
		ensure!(!amount.is_zero(), Error::<T>::TooSmall);
		T::Currency::hold(&HoldReason::Bond.into(), &provider, amount)?;
		market.bond.saturating_accrue(amount);
		Markets::<T>::insert(sla, market);
		Self::deposit_event(Event::Bonded { sla, amount });
		Ok(())
	}

	pub(crate) fn do_back(
		backer: T::AccountId,
		sla: SlaId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let mut market = Self::open_market(sla)?;
		ensure!(amount >= T::MinPosition::get(), Error::<T>::TooSmall);
		let shares = money::shares_for(wide::<T>(amount), wide::<T>(market.backing), market.shares)
			.ok_or(Error::<T>::PoolWiped)?;
		ensure!(shares > 0, Error::<T>::TooSmall);
		T::Currency::transfer(&backer, &Self::pot(), amount, Preservation::Preserve)?;
		let position = match Backers::<T>::get(sla, &backer) {
			Some(mut position) => {
				// Rewards so far are owed at the old share count.
				Self::take_rewards(&backer, sla, &mut market, &mut position)?;
				position.shares = position.shares.saturating_add(shares);
				position
			},
			None => {
				market.positions.saturating_inc();
				Backing { shares, reward_debt: market.reward_counter, unbonding: 0, unlock_at: 0 }
			},
		};
		market.backing.saturating_accrue(amount);
		market.shares = market.shares.saturating_add(shares);
		Backers::<T>::insert(sla, &backer, position);
		Markets::<T>::insert(sla, market);
		Self::deposit_event(Event::Backed { sla, backer, amount, shares });
		Ok(())
	}

	pub(crate) fn do_buy_cover(
		holder: T::AccountId,
		sla: SlaId,
		amount: BalanceOf<T>,
		periods: u32,
	) -> DispatchResult {
		let mut market = Self::open_market(sla)?;
		ensure!(!Covers::<T>::contains_key(sla, &holder), Error::<T>::AlreadyCovered);
		ensure!(amount >= T::MinPosition::get(), Error::<T>::TooSmall);
		// Never the running period: its outcome may already be known.
		let from = T::Slas::next_period_now(sla).ok_or(Error::<T>::Closed)?;
		let last = T::Slas::last_period(sla).ok_or(Error::<T>::UnknownSla)?;
		let to = from.checked_add(periods).ok_or(Error::<T>::BadPeriods)?;
		ensure!(periods >= 1 && to <= last.saturating_add(1), Error::<T>::BadPeriods);
		let capacity = money::cover_capacity(
			wide::<T>(Self::committed_collateral(&market)),
			market.terms.leverage,
		);
		ensure!(
			wide::<T>(market.outstanding).saturating_add(wide::<T>(amount)) <= capacity,
			Error::<T>::NotEnoughCollateral
		);
		let premium =
			narrow::<T>(money::premium_per_period(wide::<T>(amount), market.terms.premium_ppm));
		let total = premium.saturating_mul(periods.into());
		T::Currency::transfer(&holder, &Self::pot(), total, Preservation::Preserve)?;
		CoverChanges::<T>::mutate(sla, from, |c| {
			c.start_cover.saturating_accrue(amount);
			c.start_premium.saturating_accrue(premium);
		});
		CoverChanges::<T>::mutate(sla, to.saturating_sub(1), |c| {
			c.end_cover.saturating_accrue(amount);
			c.end_premium.saturating_accrue(premium);
		});
		market.outstanding.saturating_accrue(amount);
		market.premiums_held.saturating_accrue(total);
		market.positions.saturating_inc();
		Covers::<T>::insert(
			sla,
			&holder,
			Cover { amount, premium, from, to, claimed: Zero::zero() },
		);
		Markets::<T>::insert(sla, market);
		Self::deposit_event(Event::CoverBought { sla, holder, amount, from, to, premium: total });
		Ok(())
	}

	/// What a cover position is owed in total so far (before subtracting what it claimed).
	pub fn cover_earned(
		sla: SlaId,
		market: &MarketOf<T>,
		cover: &Cover<BalanceOf<T>>,
	) -> BalanceOf<T> {
		if market.cancelled {
			// Cancelled before its first period: every premium back.
			return cover.premium.saturating_mul(cover.to.saturating_sub(cover.from).into());
		}
		let end = cover.to.min(market.finalised);
		if end <= cover.from {
			return Zero::zero();
		}
		let start = Checkpoints::<T>::get(sla, cover.from);
		let stop = if end == market.finalised {
			crate::Checkpoint { cover_counter: market.cover_counter, refunded: market.refunded }
		} else {
			Checkpoints::<T>::get(sla, end)
		};
		let compensation =
			money::earned(wide::<T>(cover.amount), start.cover_counter, stop.cover_counter);
		let refunds =
			cover.premium.saturating_mul(stop.refunded.saturating_sub(start.refunded).into());
		narrow::<T>(compensation).saturating_add(refunds)
	}

	/// What a holder can claim now.
	pub fn claimable_cover(sla: SlaId, holder: &T::AccountId) -> BalanceOf<T> {
		match (Markets::<T>::get(sla), Covers::<T>::get(sla, holder)) {
			(Some(market), Some(cover)) => {
				Self::cover_earned(sla, &market, &cover).saturating_sub(cover.claimed)
			},
			_ => Zero::zero(),
		}
	}

	/// What a backer can claim now (premiums).
	pub fn claimable_rewards(sla: SlaId, backer: &T::AccountId) -> BalanceOf<T> {
		match (Markets::<T>::get(sla), Backers::<T>::get(sla, backer)) {
			(Some(market), Some(b)) => {
				narrow::<T>(money::earned(b.shares, b.reward_debt, market.reward_counter))
			},
			_ => Zero::zero(),
		}
	}

	/// Pays a backer its premiums so far and moves its debt to now.
	fn take_rewards(
		backer: &T::AccountId,
		sla: SlaId,
		market: &mut MarketOf<T>,
		position: &mut Backing,
	) -> Result<BalanceOf<T>, DispatchError> {
		let owed = narrow::<T>(money::earned(
			position.shares,
			position.reward_debt,
			market.reward_counter,
		))
		.min(market.owed_to_backers);
		position.reward_debt = market.reward_counter;
		if !owed.is_zero() {
			Self::pay(backer, owed)?;
			market.owed_to_backers.saturating_reduce(owed);
			Self::deposit_event(Event::Claimed { sla, who: backer.clone(), amount: owed });
		}
		Ok(owed)
	}

	pub(crate) fn do_claim(who: T::AccountId, sla: SlaId) -> DispatchResult {
		let mut market = Markets::<T>::get(sla).ok_or(Error::<T>::NoMarket)?;
		let (cover, backing) = (Covers::<T>::get(sla, &who), Backers::<T>::get(sla, &who));
		ensure!(cover.is_some() || backing.is_some(), Error::<T>::NoPosition);
		let mut total = BalanceOf::<T>::zero();
		let mut closed = false;
		if let Some(mut cover) = cover {
			let owed = Self::cover_earned(sla, &market, &cover)
				.saturating_sub(cover.claimed)
				.min(market.owed_to_holders_or_all());
			Self::pay(&who, owed)?;
			if market.cancelled {
				market.premiums_held.saturating_reduce(owed);
			} else {
				market.owed_to_holders.saturating_reduce(owed);
			}
			cover.claimed.saturating_accrue(owed);
			total.saturating_accrue(owed);
			if market.cancelled || market.finalised >= cover.to {
				Covers::<T>::remove(sla, &who);
				market.positions.saturating_dec();
				closed = true;
			} else {
				Covers::<T>::insert(sla, &who, cover);
			}
			if !owed.is_zero() {
				Self::deposit_event(Event::Claimed { sla, who: who.clone(), amount: owed });
			}
		}
		if let Some(mut position) = backing {
			total.saturating_accrue(Self::take_rewards(&who, sla, &mut market, &mut position)?);
			Backers::<T>::insert(sla, &who, position);
		}
		ensure!(!total.is_zero() || closed, Error::<T>::NothingToClaim);
		Markets::<T>::insert(sla, market);
		Ok(())
	}

	/// Periods before the returned one must be final before collateral asked back now is
	/// released: every period that has started.
	fn unlock_period(sla: SlaId) -> PeriodIndex {
		match T::Slas::next_period_now(sla) {
			Some(next) => next,
			// In its last period, or ended: after the last period.
			None => T::Slas::last_period(sla).map_or(0, |last| last.saturating_add(1)),
		}
	}

	pub(crate) fn do_unbond(
		provider: T::AccountId,
		sla: SlaId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let mut market = Markets::<T>::get(sla).ok_or(Error::<T>::NoMarket)?;
		ensure!(market.provider == provider, Error::<T>::NotProvider);
		ensure!(!amount.is_zero() && market.bond_unbonding.is_zero(), Error::<T>::TooMuch);
		ensure!(amount <= market.bond, Error::<T>::TooMuch);
		Self::check_still_enough(&market, amount)?;
		market.bond_unbonding = amount;
		market.bond_unlock_at = Self::unlock_period(sla);
		let unlock_at = market.bond_unlock_at;
		Markets::<T>::insert(sla, market);
		Self::deposit_event(Event::Unbonding { sla, who: provider, amount, unlock_at });
		Ok(())
	}

	pub(crate) fn do_unback(backer: T::AccountId, sla: SlaId, shares: u128) -> DispatchResult {
		let mut market = Markets::<T>::get(sla).ok_or(Error::<T>::NoMarket)?;
		let mut position = Backers::<T>::get(sla, &backer).ok_or(Error::<T>::NoPosition)?;
		ensure!(
			shares > 0 && position.unbonding == 0 && shares <= position.shares,
			Error::<T>::TooMuch
		);
		let value = Self::shares_value(&market, shares);
		Self::check_still_enough(&market, value)?;
		position.unbonding = shares;
		position.unlock_at = Self::unlock_period(sla);
		market.shares_unbonding = market.shares_unbonding.saturating_add(shares);
		let unlock_at = position.unlock_at;
		Backers::<T>::insert(sla, &backer, position);
		Markets::<T>::insert(sla, market);
		Self::deposit_event(Event::Unbonding { sla, who: backer, amount: value, unlock_at });
		Ok(())
	}

	/// The collateral left after `more` is asked back must still support the cover
	/// outstanding (a cancelled market supports none).
	fn check_still_enough(market: &MarketOf<T>, more: BalanceOf<T>) -> DispatchResult {
		if market.cancelled {
			return Ok(());
		}
		let left = Self::committed_collateral(market).saturating_sub(more);
		ensure!(
			money::cover_capacity(wide::<T>(left), market.terms.leverage)
				>= wide::<T>(market.outstanding),
			Error::<T>::TooMuch
		);
		Ok(())
	}

	pub(crate) fn do_withdraw(who: T::AccountId, sla: SlaId) -> DispatchResult {
		let mut market = Markets::<T>::get(sla).ok_or(Error::<T>::NoMarket)?;
		let final_before =
			T::Slas::final_before(sla).unwrap_or(market.finalised).max(market.finalised);
		let released = |unlock_at: PeriodIndex| market.cancelled || final_before >= unlock_at;
		let mut withdrawn = BalanceOf::<T>::zero();
		if who == market.provider && !market.bond_unbonding.is_zero() {
			ensure!(released(market.bond_unlock_at), Error::<T>::StillCovering);
			let amount = market.bond_unbonding.min(market.bond);
			let amount = T::Currency::release(
				&HoldReason::Bond.into(),
				&who,
				amount,
				Precision::BestEffort,
			)?;
			market.bond.saturating_reduce(amount);
			market.bond_unbonding = Zero::zero();
			withdrawn.saturating_accrue(amount);
		}
		if let Some(mut position) = Backers::<T>::get(sla, &who) {
			if position.unbonding > 0 {
				ensure!(released(position.unlock_at), Error::<T>::StillCovering);
				Self::take_rewards(&who, sla, &mut market, &mut position)?;
				let value = Self::shares_value(&market, position.unbonding);
				Self::pay(&who, value)?;
				market.backing.saturating_reduce(value);
				market.shares = market.shares.saturating_sub(position.unbonding);
				market.shares_unbonding =
					market.shares_unbonding.saturating_sub(position.unbonding);
				position.shares = position.shares.saturating_sub(position.unbonding);
				position.unbonding = 0;
				withdrawn.saturating_accrue(value);
				if position.shares == 0 {
					Backers::<T>::remove(sla, &who);
					market.positions.saturating_dec();
				} else {
					Backers::<T>::insert(sla, &who, position);
				}
			}
		}
		ensure!(!withdrawn.is_zero(), Error::<T>::NoPosition);
		Markets::<T>::insert(sla, market);
		Self::deposit_event(Event::Withdrawn { sla, who, amount: withdrawn });
		Ok(())
	}
}

impl<AccountId, Balance: Copy + core::ops::Add<Output = Balance> + PartialOrd + Saturating>
	Market<AccountId, Balance>
{
	/// The pot's funds a holder's claim may come from: what is owed to holders, or, for a
	/// cancelled market, the premiums held.
	pub fn owed_to_holders_or_all(&self) -> Balance {
		if self.cancelled {
			self.premiums_held
		} else {
			self.owed_to_holders
		}
	}
}

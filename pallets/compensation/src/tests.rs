//! Behaviour of the compensation pallet, named after what holders, providers and backers rely
//! on; DSLA's money defects each have a test here.

use crate::{mock::*, Covers, Error, Event, HoldReason, MarketTerms, Markets};
use pallet_sla::{SlaHooks, Verdict, VoidReason};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold},
	frame_system,
};

const TERMS: MarketTerms =
	MarketTerms { premium_ppm: 10_000, leverage: 2, period_cap_ppm: 500_000 };

fn open(bond: Balance) {
	assert_ok!(Compensation::open(RuntimeOrigin::signed(1), 0, TERMS, bond));
}

fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

fn bonded() -> Balance {
	Balances::balance_on_hold(&HoldReason::Bond.into(), &1)
}

fn events() -> Vec<Event<Test>> {
	frame_system::Pallet::<Test>::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Compensation(e) = r.event { Some(e) } else { None })
		.collect()
}

#[test]
fn only_the_provider_opens_a_market_on_sound_terms() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Compensation::open(RuntimeOrigin::signed(2), 0, TERMS, 1_000),
			Error::<Test>::NotProvider
		);
		assert_noop!(
			Compensation::open(RuntimeOrigin::signed(1), 7, TERMS, 1_000),
			Error::<Test>::NotProvider
		);
		for terms in [
			MarketTerms { leverage: 0, ..TERMS },
			MarketTerms { leverage: 11, ..TERMS },
			MarketTerms { premium_ppm: 1_000_001, ..TERMS },
			MarketTerms { period_cap_ppm: 0, ..TERMS },
		] {
			assert_noop!(
				Compensation::open(RuntimeOrigin::signed(1), 0, terms, 1_000),
				Error::<Test>::BadTerms
			);
		}
		assert_noop!(
			Compensation::open(RuntimeOrigin::signed(1), 0, TERMS, 9),
			Error::<Test>::TooSmall
		);
		open(1_000);
		assert_eq!(bonded(), 1_000);
		assert_noop!(
			Compensation::open(RuntimeOrigin::signed(1), 0, TERMS, 1_000),
			Error::<Test>::AlreadyOpen
		);
	});
}

#[test]
fn the_premium_is_known_and_paid_up_front() {
	new_test_ext().execute_with(|| {
		open(1_000);
		assert_ok!(Compensation::buy_cover(RuntimeOrigin::signed(2), 0, 500, 4));
		// 1 % of 500 per period, 4 periods.
		assert_eq!(free(2), 100_000 - 20);
		assert!(events().contains(&Event::CoverBought {
			sla: 0,
			holder: 2,
			amount: 500,
			from: 0,
			to: 4,
			premium: 20
		}));
	});
}

#[test]
fn cover_bought_during_a_period_starts_at_the_next_one() {
	// DSLA let late entrants buy a period whose SLI was already known.
	new_test_ext().execute_with(|| {
		open(1_000);
		start(0);
		assert_ok!(Compensation::buy_cover(RuntimeOrigin::signed(2), 0, 500, 1));
		assert_eq!(Covers::<Test>::get(0, 2).unwrap().from, 1);
		finalise(0, Verdict::Breached { credit_ppm: 1_000_000 });
		// Nothing for period 0: the cover did not exist then.
		assert_eq!(Compensation::claimable_cover(0, &2), 0);
		start(1);
		finalise(1, Verdict::Breached { credit_ppm: 1_000_000 });
		assert_eq!(Compensation::claimable_cover(0, &2), 500 + 5);
	});
}

#[test]
fn a_breach_pays_holders_pro_rata_from_the_bond_first_with_no_fee() {
	new_test_ext().execute_with(|| {
		open(1_000);
		assert_ok!(Compensation::back(RuntimeOrigin::signed(3), 0, 1_000));
		assert_ok!(Compensation::buy_cover(RuntimeOrigin::signed(4), 0, 1_000, 1));
		assert_ok!(Compensation::buy_cover(RuntimeOrigin::signed(5), 0, 3_000, 1));
		start(0);
		finalise(0, Verdict::Breached { credit_ppm: 100_000 });
		// 10 % of 4,000: 400, all from the bond.
		assert_eq!(bonded(), 600);
		assert_eq!(Markets::<Test>::get(0).unwrap().backing, 1_000);
		let (before4, before5) = (free(4), free(5));
		assert_ok!(Compensation::claim(RuntimeOrigin::signed(4), 0));
		assert_ok!(Compensation::claim(RuntimeOrigin::signed(5), 0));
		// Compensation in full (no fee) plus the breached period's premium back.
		assert_eq!(free(4) - before4, 100 + 10);
		assert_eq!(free(5) - before5, 300 + 30);
		assert!(Covers::<Test>::get(0, 4).is_none());
		assert_noop!(Compensation::claim(RuntimeOrigin::signed(4), 0), Error::<Test>::NoPosition);
	});
}

#[test]
fn the_backing_pays_once_the_bond_is_gone() {
	new_test_ext().execute_with(|| {
		open(100);
		assert_ok!(Compensation::back(RuntimeOrigin::signed(3), 0, 900));
		assert_ok!(Compensation::buy_cover(RuntimeOrigin::signed(4), 0, 1_000, 1));
		start(0);
		// Credit 40 % of 1,000 = 400 (the cap is half of 1,000): 100 from the bond, 300 backing.
		finalise(0, Verdict::Breached { credit_ppm: 400_000 });
		assert_eq!(bonded(), 0);
		assert_eq!(Markets::<Test>::get(0).unwrap().backing, 600);
		assert!(events().contains(&Event::Compensated {
			sla: 0,
			period: 0,
			from_bond: 100,
			from_backing: 300,
			refunded: 10
		}));
		let moved = crate::Settlements::<Test>::get(0, 0).unwrap();
		assert_eq!(
			(moved.cover, moved.premium, moved.from_bond, moved.from_backing, moved.refunded),
			(1_000, 10, 100, 300, 10)
		);
	});
}

#[test]
fn one_outage_cannot_drain_more_than_the_period_cap() {
	// DSLA v1 moved `usersPool·leverage` at once on one breach.
	new_test_ext().execute_with(|| {
		open(1_000);
		assert_ok!(Compensation::buy_cover(RuntimeOrigin::signed(4), 0, 2_000, 2));
		start(0);
		finalise(0, Verdict::Breached { credit_ppm: 1_000_000 });
		// Half the collateral (500), not the 2,000 of cover.
		assert_eq!(bonded(), 500);
		assert_eq!(Compensation::claimable_cover(0, &4), 500 + 20);
	});
}

#[test]
fn cover_is_capped_by_the_collateral_times_the_leverage() {
	new_test_ext().execute_with(|| {
		open(1_000);
		assert_ok!(Compensation::buy_cover(RuntimeOrigin::signed(4), 0, 1_500, 2));
		assert_noop!(
			Compensation::buy_cover(RuntimeOrigin::signed(5), 0, 501, 2),
			Error::<Test>::NotEnoughCollateral
		);
		assert_ok!(Compensation::back(RuntimeOrigin::signed(3), 0, 100));
		assert_ok!(Compensation::buy_cover(RuntimeOrigin::signed(5), 0, 700, 2));
	});
}

#[test]
fn a_met_period_pays_its_premium_to_provider_and_backers_pro_rata() {
	new_test_ext().execute_with(|| {
		open(1_000);
		assert_ok!(Compensation::back(RuntimeOrigin::signed(3), 0, 3_000));
		assert_ok!(Compensation::buy_cover(RuntimeOrigin::signed(4), 0, 8_000, 1));
		let provider = free(1);
		start(0);
		finalise(0, Verdict::Met);
		// Premium 80: a quarter to the bond's provider, three quarters to the backer.
		assert_eq!(free(1) - provider, 20);
		assert_eq!(Compensation::claimable_rewards(0, &3), 60);
		let backer = free(3);
		assert_ok!(Compensation::claim(RuntimeOrigin::signed(3), 0));
		assert_eq!(free(3) - backer, 60);
		assert_eq!(Compensation::claimable_cover(0, &4), 0);
	});
}

#[test]
fn a_void_period_refunds_its_premium_and_moves_nothing_else() {
	new_test_ext().execute_with(|| {
		open(1_000);
		assert_ok!(Compensation::buy_cover(RuntimeOrigin::signed(4), 0, 1_000, 2));
		start(0);
		finalise(0, Verdict::Void(VoidReason::TooFewProbes));
		assert_eq!(bonded(), 1_000);
		assert_eq!(Compensation::claimable_cover(0, &4), 10);
		start(1);
		finalise(1, Verdict::Met);
		assert_eq!(Compensation::claimable_cover(0, &4), 10);
	});
}

#[test]
fn collateral_asked_back_keeps_covering_the_running_period() {
	// Exiting before a known breach is impossible: the part asked back still takes losses.
	new_test_ext().execute_with(|| {
		open(200);
		assert_ok!(Compensation::back(RuntimeOrigin::signed(3), 0, 1_800));
		assert_ok!(Compensation::buy_cover(RuntimeOrigin::signed(4), 0, 3_000, 2));
		start(0);
		// What would leave the cover unsupported is refused: (2,000 − 900)·2 < 3,000.
		assert_noop!(
			Compensation::unback(RuntimeOrigin::signed(3), 0, 900),
			Error::<Test>::TooMuch
		);
		assert_ok!(Compensation::unback(RuntimeOrigin::signed(3), 0, 500));
		assert_noop!(Compensation::unbond(RuntimeOrigin::signed(1), 0, 1), Error::<Test>::TooMuch);
		assert_noop!(
			Compensation::withdraw(RuntimeOrigin::signed(3), 0),
			Error::<Test>::StillCovering
		);
		// The period it was asked in breaches: half the collateral, 1,000, of which the bond
		// pays 200 and the backing 800.
		finalise(0, Verdict::Breached { credit_ppm: 1_000_000 });
		assert_eq!(bonded(), 0);
		assert_eq!(Markets::<Test>::get(0).unwrap().backing, 1_000);
		let backer = free(3);
		assert_ok!(Compensation::withdraw(RuntimeOrigin::signed(3), 0));
		// 500 of 1,800 shares of a pool now worth 1,000.
		assert_eq!(free(3) - backer, 277);
		// 1,000·(SCALE/3)·3/SCALE rounds down to 999: the unit of dust stays in the pot.
		assert_eq!(Compensation::claimable_cover(0, &4), 999 + 30);
	});
}

#[test]
fn a_cancelled_sla_returns_every_premium_and_the_bond() {
	new_test_ext().execute_with(|| {
		open(1_000);
		assert_ok!(Compensation::back(RuntimeOrigin::signed(3), 0, 500));
		assert_ok!(Compensation::buy_cover(RuntimeOrigin::signed(4), 0, 1_000, 5));
		<Compensation as SlaHooks>::cancelled(0);
		assert_eq!(bonded(), 0);
		assert_eq!(free(1), 100_000);
		assert_ok!(Compensation::claim(RuntimeOrigin::signed(4), 0));
		assert_eq!(free(4), 100_000);
		assert_noop!(
			Compensation::buy_cover(RuntimeOrigin::signed(5), 0, 100, 1),
			Error::<Test>::Closed
		);
		assert_ok!(Compensation::unback(RuntimeOrigin::signed(3), 0, 500));
		assert_ok!(Compensation::withdraw(RuntimeOrigin::signed(3), 0));
		assert_eq!(free(3), 100_000);
		assert!(<Compensation as SlaHooks>::can_remove(0));
	});
}

#[test]
fn bad_calls_change_nothing() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Compensation::buy_cover(RuntimeOrigin::signed(4), 0, 100, 1),
			Error::<Test>::NoMarket
		);
		open(1_000);
		assert_noop!(
			Compensation::buy_cover(RuntimeOrigin::signed(4), 0, 9, 1),
			Error::<Test>::TooSmall
		);
		assert_noop!(
			Compensation::buy_cover(RuntimeOrigin::signed(4), 0, 100, 0),
			Error::<Test>::BadPeriods
		);
		assert_noop!(
			Compensation::buy_cover(RuntimeOrigin::signed(4), 0, 100, 11),
			Error::<Test>::BadPeriods
		);
		assert_ok!(Compensation::buy_cover(RuntimeOrigin::signed(4), 0, 100, 1));
		assert_noop!(
			Compensation::buy_cover(RuntimeOrigin::signed(4), 0, 100, 1),
			Error::<Test>::AlreadyCovered
		);
		assert_noop!(Compensation::back(RuntimeOrigin::signed(3), 0, 9), Error::<Test>::TooSmall);
		assert_noop!(
			Compensation::bond(RuntimeOrigin::signed(3), 0, 100),
			Error::<Test>::NotProvider
		);
		assert_noop!(
			Compensation::unbond(RuntimeOrigin::signed(1), 0, 1_001),
			Error::<Test>::TooMuch
		);
		assert_noop!(
			Compensation::unback(RuntimeOrigin::signed(3), 0, 1),
			Error::<Test>::NoPosition
		);
		assert_noop!(
			Compensation::withdraw(RuntimeOrigin::signed(3), 0),
			Error::<Test>::NoPosition
		);
		assert_noop!(
			Compensation::buy_cover(RuntimeOrigin::signed(9), 0, 100_000, 1),
			Error::<Test>::NotEnoughCollateral
		);
		// The last period started: no more cover or collateral.
		start(9);
		assert_noop!(
			Compensation::buy_cover(RuntimeOrigin::signed(5), 0, 100, 1),
			Error::<Test>::Closed
		);
		assert_noop!(Compensation::back(RuntimeOrigin::signed(3), 0, 100), Error::<Test>::Closed);
	});
}

#[test]
fn settling_a_period_costs_the_same_for_one_or_many_holders() {
	// What the period's hook writes, and the proof of what it reads, for `holders` holders.
	let cost = |holders: u64| {
		let mut ext = new_test_ext();
		ext.execute_with(|| {
			open(50_000);
			for h in 0..holders {
				let who = 100 + h;
				<Balances as polkadot_sdk::frame_support::traits::fungible::Mutate<AccountId>>::set_balance(&who, 1_000);
				assert_ok!(Compensation::buy_cover(RuntimeOrigin::signed(who), 0, 50, 1));
			}
			start(0);
			// A block starts with no events.
			System::reset_events();
		});
		ext.ext.commit_all().unwrap();
		let (_, proof) =
			ext.ext.execute_and_prove(|| finalise(0, Verdict::Breached { credit_ppm: 100_000 }));
		let writes = ext.ext.overlayed_changes().changes().count();
		(writes, codec::Encode::encoded_size(&proof))
	};
	let (one, many) = (cost(1), cost(1_000));
	assert_eq!(one.0, many.0, "the same items are written");
	// The same reads, in a trie a thousand accounts deeper: the proof grows with the depth
	// (log n), not with the holders (n·~100 bytes would be ~100 kB).
	assert!(many.1 < one.1 * 3, "proof {} bytes for 1,000 holders vs {} for one", many.1, one.1);
}

/// Random sequences of bond, back, buy, settle, claim, unbond and withdraw conserve funds.
mod conservation {
	use super::*;
	use proptest::prelude::*;

	#[derive(Clone, Debug)]
	enum Op {
		Bond(Balance),
		Back(AccountId, Balance),
		Buy(AccountId, Balance, u32),
		Settle(u8, u32),
		Claim(AccountId),
		Unback(AccountId),
		Unbond(Balance),
		Withdraw(AccountId),
	}

	fn op() -> impl Strategy<Value = Op> {
		let who = 2u64..=9;
		prop_oneof![
			(1u64..2_000).prop_map(Op::Bond),
			(who.clone(), 10u64..5_000).prop_map(|(w, a)| Op::Back(w, a)),
			(who.clone(), 10u64..5_000, 1u32..4).prop_map(|(w, a, p)| Op::Buy(w, a, p)),
			(0u8..3, 0u32..=1_000_000).prop_map(|(k, c)| Op::Settle(k, c)),
			who.clone().prop_map(Op::Claim),
			who.clone().prop_map(Op::Unback),
			(1u64..2_000).prop_map(Op::Unbond),
			(1u64..=9).prop_map(Op::Withdraw),
		]
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(64))]
		#[test]
		fn funds_are_conserved(ops in prop::collection::vec(op(), 1..60)) {
			new_test_ext().execute_with(|| {
				let issuance = Balances::total_issuance();
				open(1_000);
				let mut period = 0u32;
				let mut claimed = 0u64;
				let mut collateral_put = 1_000u64;
				for op in ops {
					let before: Vec<Balance> = (2..=9).map(free).collect();
					match op {
						Op::Bond(a) => if Compensation::bond(RuntimeOrigin::signed(1), 0, a).is_ok() { collateral_put += a },
						Op::Back(w, a) => if Compensation::back(RuntimeOrigin::signed(w), 0, a).is_ok() { collateral_put += a },
						Op::Buy(w, a, p) => { let _ = Compensation::buy_cover(RuntimeOrigin::signed(w), 0, a, p); },
						Op::Settle(kind, credit) => {
							if period > 9 { continue; }
							start(period);
							let verdict = match kind {
								0 => Verdict::Met,
								1 => Verdict::Breached { credit_ppm: credit },
								_ => Verdict::Void(VoidReason::TooFewProbers),
							};
							finalise(period, verdict);
							period += 1;
						},
						Op::Claim(w) => { let _ = Compensation::claim(RuntimeOrigin::signed(w), 0); },
						Op::Unback(w) => {
							let shares = crate::Backers::<Test>::get(0, w).map_or(0, |b| b.shares / 2);
							let _ = Compensation::unback(RuntimeOrigin::signed(w), 0, shares);
						},
						Op::Unbond(a) => { let _ = Compensation::unbond(RuntimeOrigin::signed(1), 0, a); },
						Op::Withdraw(w) => { let _ = Compensation::withdraw(RuntimeOrigin::signed(w), 0); },
					}
					let after: Vec<Balance> = (2..=9).map(free).collect();
					if let Op::Claim(w) = op {
						claimed += after[w as usize - 2] - before[w as usize - 2];
					}
					crate::Pallet::<Test>::do_try_state().unwrap();
				}
				let m = Markets::<Test>::get(0).unwrap();
				prop_assert_eq!(Balances::total_issuance(), issuance);
				// Compensation never exceeds the collateral ever put up.
				prop_assert!(m.compensation_paid <= collateral_put);
				// Holders and backers never claimed more than compensation, refunds and premiums.
				let premiums_in: Balance = events().iter().map(|e| match e { Event::CoverBought { premium, .. } => *premium, _ => 0 }).sum();
				prop_assert!(claimed <= m.compensation_paid + premiums_in);
				Ok(())
			})?;
		}
	}
}

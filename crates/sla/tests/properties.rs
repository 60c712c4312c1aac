//! Properties of the SLA arithmetic the pallets rely on.

use proptest::prelude::*;
use sla_math::{
	credit::deviation_ppm,
	effective_uptime_ppm, judge,
	money::{self, mul_div, SCALE},
	Clause, CreditRule, Direction, Evidence, Gate, Metric, Objective, Tier, Verdict, PPM,
};
use sli::{LatencyStats, Sli};

fn tiers() -> impl Strategy<Value = Vec<Tier>> {
	prop::collection::vec((1u32..200_000, 1u32..=PPM), 1..8).prop_map(|mut rows| {
		rows.sort();
		rows.dedup_by_key(|r| r.0);
		let mut credits: Vec<u32> = rows.iter().map(|r| r.1).collect();
		credits.sort();
		rows.iter()
			.zip(credits)
			.map(|(r, credit_ppm)| Tier { shortfall: r.0, credit_ppm })
			.collect()
	})
}

fn rule() -> impl Strategy<Value = CreditRule<Vec<Tier>>> {
	prop_oneof![
		(1u32..=PPM).prop_map(|cap_ppm| CreditRule::Deviation { cap_ppm }),
		tiers().prop_map(CreditRule::Tiers),
	]
}

fn clause() -> impl Strategy<Value = Clause<Vec<Tier>>> {
	let metric = prop_oneof![
		Just(Metric::Uptime),
		Just(Metric::LatencyMean),
		Just(Metric::LatencyP50),
		Just(Metric::LatencyP95),
		Just(Metric::LatencyP99),
	];
	let direction = prop_oneof![Just(Direction::AtLeast), Just(Direction::AtMost)];
	(metric, direction, 0u32..=PPM, rule()).prop_map(|(metric, direction, target, credit)| Clause {
		objective: Objective { metric, direction, target },
		credit,
	})
}

fn sli() -> impl Strategy<Value = Sli> {
	(prop::option::of(0u32..=PPM), 0u32..500, prop::option::of(0u32..2_000_000)).prop_map(
		|(uptime_ppm, probes, latency)| Sli {
			uptime_ppm,
			probes_up: 0,
			probes,
			latency: latency.map(|us| LatencyStats {
				mean_us: us,
				p50_us: us / 2,
				p95_us: us,
				p99_us: us.saturating_mul(2),
			}),
		},
	)
}

fn evidence() -> impl Strategy<Value = Evidence> {
	(sli(), 0u32..5, 1u64..100_000_000, 1u32..8, 0u64..200_000_000, 0u64..10_000_000).prop_map(
		|(sli, probers, period_ms, members, paused_ms, allowance_ms)| Evidence {
			sli,
			probers,
			period_ms,
			members,
			paused_ms,
			allowance_ms,
			tampered: false,
		},
	)
}

proptest! {
	#[test]
	fn deviation_is_symmetric_and_bounded(a in any::<u32>(), b in any::<u32>()) {
		let d = deviation_ppm(a, b);
		prop_assert_eq!(d, deviation_ppm(b, a));
		prop_assert!(d <= 2 * PPM);
		prop_assert_eq!(d == 0, a.abs_diff(b) as u64 * 2 * PPM as u64 / (a as u64 + b as u64).max(1) == 0);
	}

	#[test]
	fn a_credit_never_exceeds_the_rules_largest(rule in rule(), value in any::<u32>(), target in any::<u32>()) {
		let shortfall = value.abs_diff(target).max(1);
		let credit = rule.credit_ppm(value, target, shortfall);
		prop_assert!(credit <= rule.max_credit_ppm());
		prop_assert!(rule.max_credit_ppm() <= PPM);
	}

	#[test]
	fn tier_credits_grow_with_the_shortfall(tiers in tiers(), a in 1u32..300_000, b in 1u32..300_000) {
		let rule = CreditRule::Tiers(tiers);
		prop_assert_eq!(rule.check(), Ok(()));
		let (lo, hi) = (a.min(b), a.max(b));
		prop_assert!(rule.credit_ppm(0, 0, lo) <= rule.credit_ppm(0, 0, hi));
	}

	#[test]
	fn met_means_every_clause_is_met(
		clauses in prop::collection::vec(clause(), 1..4),
		e in evidence(),
	) {
		let gate = Gate { min_probes: 0, min_probers: 0 };
		let verdict = judge(&clauses, &gate, &e);
		let all_met = clauses.iter().all(|c| {
			let value = match c.objective.metric {
				Metric::Uptime => Some(effective_uptime_ppm(e.sli.uptime_ppm, &e)),
				m => m.of(&e.sli),
			};
			value.is_some_and(|v| c.objective.shortfall(v).is_none())
		});
		prop_assert_eq!(verdict == Verdict::Met, all_met);
		if let Verdict::Breached { credit_ppm } = verdict {
			prop_assert!(credit_ppm <= PPM);
		}
	}

	#[test]
	fn tampering_always_breaches_at_the_largest_credit(
		clauses in prop::collection::vec(clause(), 1..4),
		mut e in evidence(),
	) {
		e.tampered = true;
		let max = clauses.iter().map(|c| c.credit.max_credit_ppm()).max().unwrap();
		let gate = Gate { min_probes: u32::MAX, min_probers: u32::MAX };
		prop_assert_eq!(judge(&clauses, &gate, &e), Verdict::Breached { credit_ppm: max });
	}

	#[test]
	fn pausing_never_raises_uptime(e in evidence(), measured in 0u32..=PPM) {
		let effective = effective_uptime_ppm(Some(measured), &e);
		prop_assert!(effective <= measured);
		if e.paused_ms <= e.allowance_ms * u64::from(e.members) {
			prop_assert_eq!(effective, measured);
		}
	}

	#[test]
	fn mul_div_agrees_with_exact_arithmetic(a in any::<u64>(), b in any::<u64>(), c in 1u128..) {
		let exact = u128::from(a) * u128::from(b) / c;
		prop_assert_eq!(mul_div(u128::from(a), u128::from(b), c), exact);
	}

	#[test]
	fn mul_div_inverts_a_product(a in any::<u128>(), b in 1u128..) {
		// (a·b)/b = a however large the product.
		prop_assert_eq!(mul_div(a, b, b), a);
	}

	#[test]
	fn holders_never_take_more_than_was_paid(
		units in prop::collection::vec(1u128..1_000_000_000_000_000, 1..50),
		payouts in prop::collection::vec(0u128..1_000_000_000_000_000_000, 1..10),
	) {
		let total: u128 = units.iter().sum();
		let mut counter = 0u128;
		let mut paid = 0u128;
		for payout in &payouts {
			// A period pays at most the cover it backs.
			let payout = payout % (total + 1);
			counter += money::per_unit(payout, total);
			paid += payout;
		}
		let taken: u128 = units.iter().map(|u| money::earned(*u, 0, counter)).sum();
		prop_assert!(taken <= paid);
		// Dust: under one unit per holder and period.
		prop_assert!(paid - taken <= (units.len() * payouts.len()) as u128 + 1);
		prop_assert!(counter <= SCALE * payouts.len() as u128);
	}

	#[test]
	fn splits_lose_nothing(income in any::<u64>(), bond in any::<u64>(), backing in any::<u64>()) {
		let (a, b) = money::pro_rata(income.into(), bond.into(), backing.into());
		prop_assert_eq!(a + b, u128::from(income));
		let (x, y) = money::first_loss(income.into(), bond.into(), backing.into());
		prop_assert!(x <= u128::from(bond) && y <= u128::from(backing));
		prop_assert_eq!(x + y, u128::from(income).min(u128::from(bond) + u128::from(backing)));
	}

	#[test]
	fn pool_shares_never_overpay(deposits in prop::collection::vec(1u128..1_000_000_000, 1..20), loss in 0u128..1_000_000_000) {
		let (mut value, mut shares) = (0u128, 0u128);
		let mut held = Vec::new();
		for (i, d) in deposits.iter().enumerate() {
			if i == deposits.len() / 2 {
				value -= loss.min(value);
			}
			if let Some(s) = money::shares_for(*d, value, shares) {
				value += d;
				shares += s;
				held.push(s);
			}
		}
		let out: u128 = held.iter().map(|s| money::value_of(*s, value, shares)).sum();
		prop_assert!(out <= value);
	}
}

//! What a missed objective is worth: a credit, in ppm of the cover.

use crate::PPM;

/// One row of a tier table: a miss of at least `shortfall` (in the objective's unit) is
/// worth `credit_ppm` of the cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
	feature = "codec",
	derive(
		codec::Encode,
		codec::Decode,
		codec::DecodeWithMemTracking,
		codec::MaxEncodedLen,
		scale_info::TypeInfo
	)
)]
pub struct Tier {
	/// Smallest miss this row applies to, in the objective's unit (ppm of uptime, µs).
	pub shortfall: u32,
	/// Credit of the row, in ppm of the cover.
	pub credit_ppm: u32,
}

/// How an objective's miss turns into a credit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
	feature = "codec",
	derive(
		codec::Encode,
		codec::Decode,
		codec::DecodeWithMemTracking,
		codec::MaxEncodedLen,
		scale_info::TypeInfo
	)
)]
pub enum CreditRule<Tiers> {
	/// DSLA v2's relative deviation `|sli − slo|·2/(sli + slo)`, at most `cap_ppm`.
	Deviation {
		/// Largest credit, in ppm.
		cap_ppm: u32,
	},
	/// A table from shortfall to credit, rows in increasing shortfall: the last row whose
	/// shortfall the miss reaches gives the credit (none: no credit). The shortfall is the
	/// distance on the failing side, so one table reads "uptime fell 1 point below" and
	/// "latency rose 50 ms above" alike.
	Tiers(Tiers),
}

/// Why a credit rule is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
	feature = "codec",
	derive(
		codec::Encode,
		codec::Decode,
		codec::DecodeWithMemTracking,
		codec::MaxEncodedLen,
		scale_info::TypeInfo
	)
)]
pub enum RuleError {
	/// A credit above 100 %, or a deviation cap of zero.
	BadCredit,
	/// A tier table must have rows.
	NoTiers,
	/// Rows must have increasing shortfalls (the first at least 1) and non-decreasing
	/// credits, the last one above zero.
	TiersOutOfOrder,
}

impl<Tiers: AsRef<[Tier]>> CreditRule<Tiers> {
	/// Checks the rule.
	pub fn check(&self) -> Result<(), RuleError> {
		match self {
			CreditRule::Deviation { cap_ppm } => {
				if *cap_ppm == 0 || *cap_ppm > PPM {
					return Err(RuleError::BadCredit);
				}
			},
			CreditRule::Tiers(tiers) => {
				let tiers = tiers.as_ref();
				let last = tiers.last().ok_or(RuleError::NoTiers)?;
				if tiers.iter().any(|t| t.credit_ppm > PPM) {
					return Err(RuleError::BadCredit);
				}
				let ordered = tiers
					.windows(2)
					.all(|w| w[0].shortfall < w[1].shortfall && w[0].credit_ppm <= w[1].credit_ppm);
				if !ordered || tiers[0].shortfall == 0 || last.credit_ppm == 0 {
					return Err(RuleError::TiersOutOfOrder);
				}
			},
		}
		Ok(())
	}

	/// The credit of a miss: `value` measured against `target`, `shortfall` (> 0) apart.
	pub fn credit_ppm(&self, value: u32, target: u32, shortfall: u32) -> u32 {
		match self {
			CreditRule::Deviation { cap_ppm } => deviation_ppm(value, target).min(*cap_ppm),
			CreditRule::Tiers(tiers) => tiers
				.as_ref()
				.iter()
				.take_while(|t| t.shortfall <= shortfall)
				.last()
				.map_or(0, |t| t.credit_ppm),
		}
	}

	/// The largest credit the rule can give: what a period is worth when the provider hid
	/// from monitoring or the SLI could not be measured at all.
	pub fn max_credit_ppm(&self) -> u32 {
		match self {
			CreditRule::Deviation { cap_ppm } => *cap_ppm,
			CreditRule::Tiers(tiers) => tiers.as_ref().last().map_or(0, |t| t.credit_ppm),
		}
	}
}

/// DSLA v2's deviation `|a − b|·2/(a + b)` in ppm, rounded down (0 when both are 0); at most
/// 2,000,000 (200 %, when one of them is 0).
pub fn deviation_ppm(a: u32, b: u32) -> u32 {
	let sum = u64::from(a) + u64::from(b);
	if sum == 0 {
		return 0;
	}
	let dev = u64::from(a.abs_diff(b)) * 2 * u64::from(PPM) / sum;
	u32::try_from(dev).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn tiers(rows: &[(u32, u32)]) -> CreditRule<Vec<Tier>> {
		CreditRule::Tiers(
			rows.iter().map(|&(shortfall, credit_ppm)| Tier { shortfall, credit_ppm }).collect(),
		)
	}

	#[test]
	fn the_dsla_worked_example() {
		// Uptime SLO 99 %, SLI 95 %: 412 bps, as DSLA v2 computes it.
		assert_eq!(deviation_ppm(950_000, 990_000) / 100, 412);
		let rule = CreditRule::<Vec<Tier>>::Deviation { cap_ppm: 250_000 };
		assert_eq!(rule.credit_ppm(950_000, 990_000, 40_000), 41_237);
		// Capped: uptime 0 against 99 % deviates by 200 %.
		assert_eq!(deviation_ppm(0, 990_000), 2 * PPM);
		assert_eq!(rule.credit_ppm(0, 990_000, 990_000), 250_000);
	}

	#[test]
	fn tiers_read_uptime_below_a_threshold() {
		// SLO uptime ≥ 99.5 %: below 99.5 → 5 %, below 99 → 10 %, below 95 → 50 %.
		let rule = tiers(&[(1, 50_000), (5_000, 100_000), (45_000, 500_000)]);
		assert_eq!(rule.check(), Ok(()));
		let target = 995_000;
		let credit = |sli: u32| rule.credit_ppm(sli, target, target - sli);
		assert_eq!(credit(994_999), 50_000);
		assert_eq!(credit(990_000), 100_000);
		assert_eq!(credit(950_001), 100_000);
		assert_eq!(credit(950_000), 500_000);
		assert_eq!(credit(0), 500_000);
		assert_eq!(rule.max_credit_ppm(), 500_000);
	}

	#[test]
	fn tiers_read_latency_above_a_threshold() {
		// SLO p95 ≤ 200 ms: above by 50 ms → 10 %, by 300 ms → 40 %.
		let rule = tiers(&[(50_000, 100_000), (300_000, 400_000)]);
		let target = 200_000;
		let credit = |sli: u32| rule.credit_ppm(sli, target, sli - target);
		assert_eq!(credit(249_999), 0);
		assert_eq!(credit(250_000), 100_000);
		assert_eq!(credit(500_000), 400_000);
	}

	#[test]
	fn bad_rules_are_refused() {
		assert_eq!(tiers(&[]).check(), Err(RuleError::NoTiers));
		assert_eq!(tiers(&[(0, 10)]).check(), Err(RuleError::TiersOutOfOrder));
		assert_eq!(tiers(&[(5, 10), (5, 20)]).check(), Err(RuleError::TiersOutOfOrder));
		assert_eq!(tiers(&[(5, 20), (6, 10)]).check(), Err(RuleError::TiersOutOfOrder));
		assert_eq!(tiers(&[(5, 0)]).check(), Err(RuleError::TiersOutOfOrder));
		assert_eq!(tiers(&[(5, PPM + 1)]).check(), Err(RuleError::BadCredit));
		let deviation = |cap_ppm| CreditRule::<Vec<Tier>>::Deviation { cap_ppm }.check();
		assert_eq!(deviation(0), Err(RuleError::BadCredit));
		assert_eq!(deviation(PPM + 1), Err(RuleError::BadCredit));
		assert_eq!(deviation(PPM), Ok(()));
	}
}

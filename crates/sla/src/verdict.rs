//! The verdict of one period, from the period's evidence.

use crate::{money::mul_div, CreditRule, Objective, Tier, PPM};
use sli::Sli;

/// An objective and what missing it is worth.
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
pub struct Clause<Tiers> {
	/// The promise.
	pub objective: Objective,
	/// The credit of a miss.
	pub credit: CreditRule<Tiers>,
}

/// How much evidence a period needs to be judged at all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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
pub struct Gate {
	/// Fewest probes (combined over probers, summed over the group) for a whole period that
	/// was not paused; a period partly paused needs the unpaused share of it.
	pub min_probes: u32,
	/// Fewest probers that must have reported on every member.
	pub min_probers: u32,
}

/// What the chain knows about a period of an SLA.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Evidence {
	/// The group's SLIs over the period, pooled over members.
	pub sli: Sli,
	/// Fewest probers that reported on a member.
	pub probers: u32,
	/// Length of the period, in ms.
	pub period_ms: u64,
	/// Members of the group.
	pub members: u32,
	/// Time members spent paused during the period, summed over members, in ms.
	pub paused_ms: u64,
	/// Pause time each member may use per period without it counting as downtime, in ms.
	pub allowance_ms: u64,
	/// A member changed its endpoints, left monitoring or was deregistered during the
	/// period: the provider hid from the probers.
	pub tampered: bool,
}

/// Why a period is void: nothing moves and its premium is refunded.
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
pub enum VoidReason {
	/// Fewer probes than the gate asks for.
	TooFewProbes,
	/// Fewer probers than the gate asks for.
	TooFewProbers,
	/// The period's hourly records were forgotten before it was settled.
	EvidenceExpired,
}

/// The verdict of a period.
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
pub enum Verdict {
	/// Every objective met.
	Met,
	/// An objective missed: the worst miss's credit, in ppm of the cover (possibly 0 when the
	/// miss is smaller than the first tier).
	Breached {
		/// Credit in ppm.
		credit_ppm: u32,
	},
	/// Not enough evidence to judge.
	Void(VoidReason),
}

/// Uptime over the whole period when paused time beyond the allowance counts as down:
/// `u·(T − E)/T` with `E = max(0, paused − allowance·members)` and `T = period·members`; the
/// allowed pause counts at the measured rate. With nothing measured (`u` unknown) the
/// unpaused remainder counts as up, so a group paused all period gets the allowed share.
pub fn effective_uptime_ppm(measured: Option<u32>, e: &Evidence) -> u32 {
	let total = e.period_ms.saturating_mul(u64::from(e.members.max(1)));
	let allowed = e.allowance_ms.saturating_mul(u64::from(e.members.max(1)));
	let excess = e.paused_ms.saturating_sub(allowed).min(total);
	let rate = measured.unwrap_or(PPM).min(PPM);
	if total == 0 {
		return rate;
	}
	let kept = u128::from(total - excess);
	u32::try_from(mul_div(u128::from(rate), kept, u128::from(total))).unwrap_or(PPM)
}

/// Judges a period:
/// 1. tampering is a breach at the largest credit of any clause;
/// 2. too little evidence for the unpaused part of the period makes it void;
/// 3. otherwise each clause is judged (uptime with paused time beyond the allowance as
///    downtime; an unmeasurable latency at the clause's largest credit) and the worst credit
///    decides: met only when every clause is met.
pub fn judge<T: AsRef<[Tier]>>(clauses: &[Clause<T>], gate: &Gate, e: &Evidence) -> Verdict {
	let max_credit = clauses.iter().map(|c| c.credit.max_credit_ppm()).max().unwrap_or(0);
	if e.tampered {
		return Verdict::Breached { credit_ppm: max_credit };
	}
	let total = e.period_ms.saturating_mul(u64::from(e.members.max(1)));
	let unpaused = total.saturating_sub(e.paused_ms);
	let needed = if total == 0 {
		u128::from(gate.min_probes)
	} else {
		mul_div_ceil(u128::from(gate.min_probes), u128::from(unpaused), u128::from(total))
	};
	if u128::from(e.sli.probes) < needed {
		return Verdict::Void(VoidReason::TooFewProbes);
	}
	if e.probers < gate.min_probers && unpaused > 0 {
		return Verdict::Void(VoidReason::TooFewProbers);
	}
	let mut breached = false;
	let mut worst = 0;
	for clause in clauses {
		let objective = clause.objective;
		let value = match objective.metric {
			crate::Metric::Uptime => Some(effective_uptime_ppm(e.sli.uptime_ppm, e)),
			metric => metric.of(&e.sli),
		};
		let credit = match value {
			Some(value) => match objective.shortfall(value) {
				None => continue,
				Some(shortfall) => clause.credit.credit_ppm(value, objective.target, shortfall),
			},
			// No successful probe at all: no latency to meet the objective with.
			None => clause.credit.max_credit_ppm(),
		};
		breached = true;
		worst = worst.max(credit);
	}
	if breached {
		Verdict::Breached { credit_ppm: worst }
	} else {
		Verdict::Met
	}
}

fn mul_div_ceil(a: u128, b: u128, c: u128) -> u128 {
	let floor = mul_div(a, b, c);
	if crate::money::mul_mod(a, b, c) == 0 {
		floor
	} else {
		floor.saturating_add(1)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{Direction, Metric};
	use sli::LatencyStats;

	const HOUR: u64 = 3_600_000;

	fn uptime(target: u32) -> Clause<Vec<Tier>> {
		Clause {
			objective: Objective { metric: Metric::Uptime, direction: Direction::AtLeast, target },
			credit: CreditRule::Deviation { cap_ppm: 250_000 },
		}
	}

	fn p95(target: u32) -> Clause<Vec<Tier>> {
		Clause {
			objective: Objective {
				metric: Metric::LatencyP95,
				direction: Direction::AtMost,
				target,
			},
			credit: CreditRule::Tiers(vec![Tier { shortfall: 1, credit_ppm: 100_000 }]),
		}
	}

	fn evidence(uptime_ppm: u32, p95_us: u32) -> Evidence {
		Evidence {
			sli: Sli {
				uptime_ppm: Some(uptime_ppm),
				probes_up: 0,
				probes: 100,
				latency: Some(LatencyStats { p95_us, ..Default::default() }),
			},
			probers: 3,
			period_ms: HOUR,
			members: 1,
			..Default::default()
		}
	}

	const GATE: Gate = Gate { min_probes: 50, min_probers: 2 };

	#[test]
	fn the_worst_objective_decides() {
		let clauses = [uptime(990_000), p95(200_000)];
		assert_eq!(judge(&clauses, &GATE, &evidence(995_000, 150_000)), Verdict::Met);
		assert_eq!(
			judge(&clauses, &GATE, &evidence(995_000, 250_000)),
			Verdict::Breached { credit_ppm: 100_000 }
		);
		assert_eq!(
			judge(&clauses, &GATE, &evidence(500_000, 250_000)),
			Verdict::Breached { credit_ppm: 250_000 }
		);
	}

	#[test]
	fn an_sli_exactly_at_its_target_is_met() {
		let clauses = [uptime(990_000), p95(200_000)];
		assert_eq!(judge(&clauses, &GATE, &evidence(990_000, 200_000)), Verdict::Met);
	}

	#[test]
	fn thin_evidence_is_void() {
		let clauses = [uptime(990_000)];
		let mut e = evidence(0, 0);
		e.sli.probes = 49;
		assert_eq!(judge(&clauses, &GATE, &e), Verdict::Void(VoidReason::TooFewProbes));
		e.sli.probes = 50;
		e.probers = 1;
		assert_eq!(judge(&clauses, &GATE, &e), Verdict::Void(VoidReason::TooFewProbers));
	}

	#[test]
	fn tampering_is_a_breach_at_the_largest_credit_even_without_evidence() {
		let clauses = [uptime(990_000), p95(200_000)];
		let mut e = evidence(PPM, 1);
		e.sli.probes = 0;
		e.tampered = true;
		assert_eq!(judge(&clauses, &GATE, &e), Verdict::Breached { credit_ppm: 250_000 });
	}

	#[test]
	fn pausing_beyond_the_allowance_counts_as_down() {
		let clauses = [uptime(990_000)];
		let mut e = evidence(PPM, 1);
		e.allowance_ms = HOUR / 10;
		e.paused_ms = HOUR / 10;
		e.sli.probes = 45;
		assert_eq!(judge(&clauses, &GATE, &e), Verdict::Met);
		// Paused all period with a 6-minute allowance: 10 % up.
		e.paused_ms = HOUR;
		e.sli = Sli::default();
		assert_eq!(effective_uptime_ppm(None, &e), 100_000);
		assert!(matches!(judge(&clauses, &GATE, &e), Verdict::Breached { credit_ppm: 250_000 }));
	}

	#[test]
	fn no_successful_probe_breaches_a_latency_objective_at_its_largest_credit() {
		let mut e = evidence(0, 0);
		e.sli.latency = None;
		assert_eq!(judge(&[p95(200_000)], &GATE, &e), Verdict::Breached { credit_ppm: 100_000 });
	}
}

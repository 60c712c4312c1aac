//! Objectives: an SLI, a direction and a target.

use crate::PPM;
use sli::Sli;

/// The SLIs an objective can be set on, as the monitoring pallet computes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
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
pub enum Metric {
	/// Share of probes up, in ppm.
	Uptime,
	/// Mean round trip of the successful probes, in µs.
	LatencyMean,
	/// Median round trip, in µs.
	LatencyP50,
	/// 95th percentile round trip, in µs.
	LatencyP95,
	/// 99th percentile round trip, in µs.
	LatencyP99,
}

impl Metric {
	/// The value of this SLI; `None` when it was not measured (no probes, or no successful
	/// probe for a latency).
	pub fn of(self, sli: &Sli) -> Option<u32> {
		match self {
			Metric::Uptime => sli.uptime_ppm,
			Metric::LatencyMean => sli.latency.map(|l| l.mean_us),
			Metric::LatencyP50 => sli.latency.map(|l| l.p50_us),
			Metric::LatencyP95 => sli.latency.map(|l| l.p95_us),
			Metric::LatencyP99 => sli.latency.map(|l| l.p99_us),
		}
	}

	/// The largest meaningful target: 100 % for uptime, an hour for a latency.
	pub fn max_target(self) -> u32 {
		match self {
			Metric::Uptime => PPM,
			_ => 3_600_000_000,
		}
	}
}

/// Which side of the target meets the objective.
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
pub enum Direction {
	/// Met when the SLI is at least the target (uptime).
	AtLeast,
	/// Met when the SLI is at most the target (latency).
	AtMost,
}

/// A service-level objective: `metric direction target`, e.g. uptime at least 99.5 %
/// (`995_000` ppm) or p95 latency at most 250 ms (`250_000` µs).
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
pub struct Objective {
	/// The SLI.
	pub metric: Metric,
	/// Which side meets it.
	pub direction: Direction,
	/// The target, in the metric's unit (ppm or µs).
	pub target: u32,
}

impl Objective {
	/// Whether the target is within the metric's range.
	pub fn is_valid(&self) -> bool {
		self.target <= self.metric.max_target()
	}

	/// How far `value` misses the target, in the metric's unit: `None` when it meets it (an SLI
	/// exactly at its target meets it, in both directions).
	pub fn shortfall(&self, value: u32) -> Option<u32> {
		let miss = match self.direction {
			Direction::AtLeast => self.target.checked_sub(value),
			Direction::AtMost => value.checked_sub(self.target),
		};
		miss.filter(|m| *m > 0)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_value_at_the_target_meets_it_both_ways() {
		for direction in [Direction::AtLeast, Direction::AtMost] {
			let o = Objective { metric: Metric::LatencyP95, direction, target: 250_000 };
			assert_eq!(o.shortfall(250_000), None);
		}
	}

	#[test]
	fn a_met_latency_objective_has_no_shortfall() {
		// DSLA v1 reverted here: `sli − slo` with sli < slo underflowed.
		let o =
			Objective { metric: Metric::LatencyMean, direction: Direction::AtMost, target: 200 };
		assert_eq!(o.shortfall(0), None);
		assert_eq!(o.shortfall(199), None);
		assert_eq!(o.shortfall(201), Some(1));
		assert_eq!(o.shortfall(u32::MAX), Some(u32::MAX - 200));
	}

	#[test]
	fn uptime_below_its_target_falls_short() {
		let o =
			Objective { metric: Metric::Uptime, direction: Direction::AtLeast, target: 990_000 };
		assert_eq!(o.shortfall(950_000), Some(40_000));
		assert_eq!(o.shortfall(PPM), None);
		assert!(o.is_valid());
		assert!(!Objective { target: PPM + 1, ..o }.is_valid());
	}
}

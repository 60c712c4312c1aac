//! Robust combination of several probers' counts for one target and time bucket.

use crate::counts::{ratio_ppm, ProbeCounts, PPM};
use alloc::vec::Vec;

/// With at least this many probers, uptime is their median ratio and latency is trimmed.
pub const MIN_PROBERS_FOR_MEDIAN: usize = 3;

/// The combination of several probers' counts for one bucket.
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
pub struct Combined {
	/// Counts of one virtual prober that saw what the probers agree on.
	pub counts: ProbeCounts,
	/// How many probers reported.
	pub probers: u32,
	/// Largest distance of a prober's uptime ratio from the combined one, in ppm.
	pub max_deviation_ppm: u32,
}

impl Combined {
	/// Adds a later bucket of the same target: counts sum; the prober count and the largest
	/// disagreement are the largest of either.
	pub fn merge(&mut self, other: &Combined) {
		self.counts.merge(&other.counts);
		self.probers = self.probers.max(other.probers);
		self.max_deviation_ppm = self.max_deviation_ppm.max(other.max_deviation_ppm);
	}

	/// Whether this bucket is insufficient evidence: probers reported, but fewer than the
	/// minimum, so their counts were left out ([`combine_at_least`]).
	pub fn is_insufficient(&self) -> bool {
		self.probers > 0 && self.counts.total == 0
	}
}

/// [`combine`], but a bucket reported by fewer than `min_probers` probers is insufficient
/// evidence: its counts are left out (so that it is no prober's word alone), and only how many
/// probers reported and how far apart they were remain ([`Combined::is_insufficient`]).
pub fn combine_at_least(reports: &[ProbeCounts], min_probers: u32) -> Combined {
	let combined = combine(reports);
	if combined.probers >= min_probers {
		return combined;
	}
	Combined { counts: ProbeCounts::default(), ..combined }
}

/// Combines the counts of the probers that reported on one target in one bucket.
///
/// - **Uptime.** Each prober's ratio `rᵢ = upᵢ/totalᵢ`. With at least
///   [`MIN_PROBERS_FOR_MEDIAN`] probers the combined ratio is their median (mean of the two
///   middle ones for an even count); with fewer it is the pooled ratio `Σup/Σtotal`. The
///   combined counts keep every probe sent, `total = Σtotalᵢ`, of which `up = round(r·total)`
///   count as up. A minority of probers, however wrong, moves the median only to another
///   honest prober's ratio.
/// - **Latency.** Probers with at least one successful probe are sorted by their median
///   latency; with three or more, the fastest and the slowest are dropped and the rest pooled.
///   One prober reporting absurd round-trip times is thereby ignored.
/// - **Disagreement.** `max |rᵢ − r|` over probers, exposed so that a broken prober shows.
pub fn combine(reports: &[ProbeCounts]) -> Combined {
	let reporting: Vec<&ProbeCounts> = reports.iter().filter(|c| c.total > 0).collect();
	if reporting.is_empty() {
		return Combined::default();
	}
	let k = reporting.len();
	let mut ratios: Vec<u32> = reporting.iter().filter_map(|c| c.uptime_ppm()).collect();
	ratios.sort_unstable();
	let total: u64 = reporting.iter().map(|c| u64::from(c.total)).sum();
	let pooled_up: u64 = reporting.iter().map(|c| u64::from(c.up.min(c.total))).sum();
	let (ratio, up) = if k >= MIN_PROBERS_FOR_MEDIAN {
		let ratio = median(&ratios);
		(ratio, (u64::from(ratio) * total + u64::from(PPM / 2)) / u64::from(PPM))
	} else {
		((pooled_up * u64::from(PPM) / total.max(1)) as u32, pooled_up)
	};
	let total = u32::try_from(total).unwrap_or(u32::MAX);
	let up = u32::try_from(up).unwrap_or(u32::MAX).min(total);

	let mut with_latency: Vec<(u32, &ProbeCounts)> = reporting
		.iter()
		.filter_map(|c| c.histogram.quantile_us(500_000).map(|p50| (p50, *c)))
		.collect();
	with_latency.sort_by_key(|(p50, _)| *p50);
	let kept = if with_latency.len() >= MIN_PROBERS_FOR_MEDIAN {
		&with_latency[1..with_latency.len() - 1]
	} else {
		&with_latency[..]
	};
	let mut latency = ProbeCounts::default();
	for (_, c) in kept {
		latency.latency_sum_ms = latency.latency_sum_ms.saturating_add(c.latency_sum_ms);
		latency.histogram.merge(&c.histogram);
	}

	let max_deviation_ppm =
		reporting.iter().map(|c| deviation_ppm(c, ratio)).max().unwrap_or_default();
	Combined {
		counts: ProbeCounts {
			up,
			total,
			latency_sum_ms: latency.latency_sum_ms,
			histogram: latency.histogram,
		},
		probers: k as u32,
		max_deviation_ppm,
	}
}

/// Distance of a prober's uptime ratio from `combined_ppm`, in ppm (0 if it probed nothing).
pub fn deviation_ppm(counts: &ProbeCounts, combined_ppm: u32) -> u32 {
	ratio_ppm(counts.up, counts.total).map_or(0, |r| r.abs_diff(combined_ppm))
}

/// Median of a sorted, non-empty slice (mean of the middle two for an even length).
fn median(sorted: &[u32]) -> u32 {
	let n = sorted.len();
	if n == 0 {
		return 0;
	}
	if n % 2 == 1 {
		sorted[n / 2]
	} else {
		((u64::from(sorted[n / 2 - 1]) + u64::from(sorted[n / 2])) / 2) as u32
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn counts(up: u32, total: u32, latency_ms: u32) -> ProbeCounts {
		let mut c = ProbeCounts::default();
		for i in 0..total {
			c.record(i < up, latency_ms);
		}
		c
	}

	#[test]
	fn nothing_reported_combines_to_nothing() {
		assert_eq!(combine(&[]), Combined::default());
		assert_eq!(combine(&[ProbeCounts::default()]).probers, 0);
	}

	#[test]
	fn one_prober_is_taken_as_is() {
		let c = counts(5, 6, 40);
		let combined = combine(&[c]);
		assert_eq!(combined.counts, c);
		assert_eq!((combined.probers, combined.max_deviation_ppm), (1, 0));
	}

	#[test]
	fn a_prober_reporting_everything_down_is_outvoted() {
		let honest = counts(6, 6, 50);
		let liar = counts(0, 6, 0);
		let combined = combine(&[honest, liar, honest]);
		assert_eq!(combined.counts.uptime_ppm(), Some(PPM));
		assert_eq!(combined.max_deviation_ppm, PPM);
		assert_eq!(combined.counts.latency().unwrap().mean_us, 50_000);
	}

	#[test]
	fn an_absurd_latency_is_trimmed() {
		let a = counts(6, 6, 40);
		let b = counts(6, 6, 60);
		let liar = counts(6, 6, 30_000);
		let combined = combine(&[a, liar, b]);
		// The slowest (the liar) and the fastest are dropped: the middle prober remains.
		assert_eq!(combined.counts.latency().unwrap().mean_us, 60_000);
	}

	#[test]
	fn two_probers_are_pooled() {
		let combined = combine(&[counts(6, 6, 10), counts(3, 6, 10)]);
		assert_eq!(combined.counts.uptime_ppm(), Some(750_000));
		assert_eq!(combined.max_deviation_ppm, 250_000);
	}

	#[test]
	fn too_few_probers_are_insufficient_evidence() {
		let reports = [counts(6, 6, 10), counts(0, 6, 10)];
		let thin = combine_at_least(&reports, 3);
		assert!(thin.is_insufficient());
		assert_eq!(thin.counts, ProbeCounts::default());
		assert_eq!((thin.probers, thin.max_deviation_ppm), (2, 500_000));
		let enough = combine_at_least(&reports, 2);
		assert!(!enough.is_insufficient());
		assert_eq!(enough, combine(&reports));
		assert!(!combine_at_least(&[], 3).is_insufficient(), "no report is no data");
	}

	#[test]
	fn merged_buckets_sum_counts_and_keep_the_largest_disagreement() {
		let mut day = combine(&[counts(6, 6, 10), counts(3, 6, 10)]);
		let hour = combine(&[counts(6, 6, 20)]);
		day.merge(&hour);
		assert_eq!((day.counts.up, day.counts.total), (15, 18));
		assert_eq!((day.probers, day.max_deviation_ppm), (2, 250_000));
	}
}

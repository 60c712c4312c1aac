//! Probe counts of one time bucket and the SLIs computed from them.

use crate::histogram::LatencyHistogram;

/// One million: uptime is expressed in parts per million.
pub const PPM: u32 = 1_000_000;

/// What one prober (or a combination of probers) saw of one target in one time bucket.
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
pub struct ProbeCounts {
	/// Probes that found the target up.
	pub up: u32,
	/// Probes sent.
	pub total: u32,
	/// Sum of the round-trip times of the successful probes, in ms (exact, for the mean).
	pub latency_sum_ms: u64,
	/// Round-trip times of the successful probes.
	pub histogram: LatencyHistogram,
}

impl ProbeCounts {
	/// Records one probe: up with its round-trip time, or down.
	pub fn record(&mut self, up: bool, latency_ms: u32) {
		self.total = self.total.saturating_add(1);
		if up {
			self.up = self.up.saturating_add(1);
			self.latency_sum_ms = self.latency_sum_ms.saturating_add(u64::from(latency_ms));
			self.histogram.record(latency_ms);
		}
	}

	/// Adds another bucket's counts (the roll-up of hours into days, or of group members).
	pub fn merge(&mut self, other: &Self) {
		self.up = self.up.saturating_add(other.up);
		self.total = self.total.saturating_add(other.total);
		self.latency_sum_ms = self.latency_sum_ms.saturating_add(other.latency_sum_ms);
		self.histogram.merge(&other.histogram);
	}

	/// Sum of several buckets.
	pub fn sum<'a>(buckets: impl IntoIterator<Item = &'a ProbeCounts>) -> ProbeCounts {
		let mut total = ProbeCounts::default();
		for bucket in buckets {
			total.merge(bucket);
		}
		total
	}

	/// `up / total` in parts per million, rounded down; `None` when nothing was probed.
	pub fn uptime_ppm(&self) -> Option<u32> {
		ratio_ppm(self.up, self.total)
	}

	/// Latency statistics of the successful probes; `None` when there are none.
	pub fn latency(&self) -> Option<LatencyStats> {
		let samples = self.histogram.samples();
		if samples == 0 {
			return None;
		}
		let mean_us = self.latency_sum_ms.saturating_mul(1000) / samples;
		Some(LatencyStats {
			mean_us: u32::try_from(mean_us).unwrap_or(u32::MAX),
			p50_us: self.histogram.quantile_us(500_000)?,
			p95_us: self.histogram.quantile_us(950_000)?,
			p99_us: self.histogram.quantile_us(990_000)?,
		})
	}

	/// The SLIs of these counts.
	pub fn sli(&self) -> Sli {
		Sli {
			uptime_ppm: self.uptime_ppm(),
			probes_up: self.up,
			probes: self.total,
			latency: self.latency(),
		}
	}
}

/// `part / whole` in parts per million (`part` clamped to `whole`); `None` for `whole = 0`.
pub(crate) fn ratio_ppm(part: u32, whole: u32) -> Option<u32> {
	if whole == 0 {
		return None;
	}
	let ppm = u64::from(part.min(whole)) * u64::from(PPM) / u64::from(whole);
	Some(ppm as u32)
}

/// Latency of successful probes, in microseconds.
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
pub struct LatencyStats {
	/// Exact mean.
	pub mean_us: u32,
	/// Median, from the histogram.
	pub p50_us: u32,
	/// 95th percentile, from the histogram.
	pub p95_us: u32,
	/// 99th percentile, from the histogram.
	pub p99_us: u32,
}

/// Service-level indicators of a target (or a group) over a window.
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
pub struct Sli {
	/// Percentage of probes up, in parts per million; `None` when nothing was probed.
	pub uptime_ppm: Option<u32>,
	/// Probes that found the target up (after combining probers).
	pub probes_up: u32,
	/// Probes counted (after combining probers).
	pub probes: u32,
	/// Latency of the successful probes; `None` without any.
	pub latency: Option<LatencyStats>,
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn records_up_and_down_probes() {
		let mut c = ProbeCounts::default();
		c.record(true, 10);
		c.record(true, 30);
		c.record(false, 0);
		assert_eq!((c.up, c.total, c.latency_sum_ms), (2, 3, 40));
		assert_eq!(c.uptime_ppm(), Some(666_666));
		assert_eq!(c.latency().unwrap().mean_us, 20_000);
		assert_eq!(ProbeCounts::default().sli().uptime_ppm, None);
		assert_eq!(ProbeCounts::default().latency(), None);
	}
}

//! A log₂-spaced latency histogram.

/// Number of latency buckets.
pub const BUCKETS: usize = 16;

/// Bucket `i < 15` holds latencies in `(2^(i-1), 2^i]` ms (bucket 0: `[0, 1]` ms); bucket 15
/// holds everything above 16,384 ms.
pub fn bucket_of(latency_ms: u32) -> usize {
	if latency_ms <= 1 {
		return 0;
	}
	// Smallest i with 2^i >= latency_ms.
	let i = (32 - (latency_ms - 1).leading_zeros()) as usize;
	i.min(BUCKETS - 1)
}

/// The latency range `(low, high]` of bucket `i`, in ms. The open last bucket is given the
/// range `(16384, 32768]` for interpolation.
pub fn bucket_range_ms(i: usize) -> (u32, u32) {
	let i = i.min(BUCKETS - 1);
	let high = 1u32 << i;
	let low = if i == 0 { 0 } else { 1u32 << (i - 1) };
	if i == BUCKETS - 1 {
		(high / 2, high)
	} else {
		(low, high)
	}
}

/// Counts of latencies per bucket ([`bucket_of`]).
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
pub struct LatencyHistogram {
	/// Samples per bucket.
	pub counts: [u32; BUCKETS],
}

impl LatencyHistogram {
	/// Records one latency.
	pub fn record(&mut self, latency_ms: u32) {
		let slot = &mut self.counts[bucket_of(latency_ms)];
		*slot = slot.saturating_add(1);
	}

	/// Adds another histogram's counts to this one.
	pub fn merge(&mut self, other: &Self) {
		for (mine, theirs) in self.counts.iter_mut().zip(other.counts.iter()) {
			*mine = mine.saturating_add(*theirs);
		}
	}

	/// Number of samples.
	pub fn samples(&self) -> u64 {
		self.counts.iter().map(|&c| u64::from(c)).sum()
	}

	/// The `q`-quantile (`q` in parts per million, e.g. 950,000 for p95) in microseconds,
	/// interpolated linearly within its bucket; `None` without samples.
	///
	/// The sample of rank `⌈q·n⌉` (1-based, at least 1) lies in bucket `b` with `c` samples, of
	/// which `before` lie in lower buckets; the estimate is
	/// `low_b + (high_b − low_b)·(rank − before)/c`. The true quantile lies in the same bucket,
	/// so the estimate is within a factor of two of it.
	pub fn quantile_us(&self, q_ppm: u32) -> Option<u32> {
		let n = self.samples();
		if n == 0 {
			return None;
		}
		let q = u64::from(q_ppm.min(crate::PPM));
		let rank = (q.saturating_mul(n).div_ceil(u64::from(crate::PPM))).max(1);
		let mut before = 0u64;
		for (i, &count) in self.counts.iter().enumerate() {
			let count = u64::from(count);
			if count == 0 {
				continue;
			}
			if before + count >= rank {
				let (low, high) = bucket_range_ms(i);
				let width_us = u64::from(high - low) * 1000;
				let into = (rank - before) * width_us / count;
				let us = u64::from(low) * 1000 + into;
				return Some(u32::try_from(us).unwrap_or(u32::MAX));
			}
			before += count;
		}
		None
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn buckets_are_powers_of_two() {
		assert_eq!(bucket_of(0), 0);
		assert_eq!(bucket_of(1), 0);
		assert_eq!(bucket_of(2), 1);
		assert_eq!(bucket_of(3), 2);
		assert_eq!(bucket_of(4), 2);
		assert_eq!(bucket_of(5), 3);
		assert_eq!(bucket_of(1024), 10);
		assert_eq!(bucket_of(1025), 11);
		assert_eq!(bucket_of(16_384), 14);
		assert_eq!(bucket_of(16_385), 15);
		assert_eq!(bucket_of(u32::MAX), 15);
		for ms in [1u32, 2, 3, 7, 100, 999, 5000, 16_384] {
			let (low, high) = bucket_range_ms(bucket_of(ms));
			assert!(low < ms.max(1) && ms <= high, "{ms} not in ({low}, {high}]");
		}
	}

	#[test]
	fn quantiles_of_a_single_bucket_interpolate_within_it() {
		let mut h = LatencyHistogram::default();
		for _ in 0..100 {
			h.record(100); // bucket (64, 128]
		}
		assert_eq!(h.quantile_us(500_000), Some(64_000 + 64_000 * 50 / 100));
		assert_eq!(h.quantile_us(1_000_000), Some(128_000));
		assert_eq!(LatencyHistogram::default().quantile_us(500_000), None);
	}

	#[test]
	fn quantiles_find_the_right_bucket() {
		let mut h = LatencyHistogram::default();
		for _ in 0..90 {
			h.record(10);
		}
		for _ in 0..10 {
			h.record(1000);
		}
		let p50 = h.quantile_us(500_000).unwrap();
		assert!((8_000..=16_000).contains(&p50), "{p50}");
		let p95 = h.quantile_us(950_000).unwrap();
		assert!((512_000..=1_024_000).contains(&p95), "{p95}");
	}
}

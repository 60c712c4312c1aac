//! Properties of the SLI arithmetic that every caller relies on.

use proptest::prelude::*;
use sli::{combine, LatencyHistogram, ProbeCounts, PPM};

fn probe() -> impl Strategy<Value = (bool, u32)> {
	(any::<bool>(), 0u32..40_000)
}

fn counts() -> impl Strategy<Value = ProbeCounts> {
	prop::collection::vec(probe(), 0..60).prop_map(|probes| {
		let mut c = ProbeCounts::default();
		for (up, ms) in probes {
			c.record(up, ms);
		}
		c
	})
}

proptest! {
	#[test]
	fn uptime_is_a_percentage(c in counts()) {
		if let Some(ppm) = c.uptime_ppm() {
			prop_assert!(ppm <= PPM);
		} else {
			prop_assert_eq!(c.total, 0);
		}
	}

	#[test]
	fn percentiles_are_monotone(latencies in prop::collection::vec(0u32..40_000, 1..200)) {
		let mut h = LatencyHistogram::default();
		for ms in &latencies {
			h.record(*ms);
		}
		let mut last = 0;
		for q in [1u32, 100_000, 250_000, 500_000, 750_000, 950_000, 990_000, 1_000_000] {
			let v = h.quantile_us(q).unwrap();
			prop_assert!(v >= last, "q={} gave {} after {}", q, v, last);
			last = v;
		}
		let c = {
			let mut c = ProbeCounts::default();
			for ms in &latencies { c.record(true, *ms); }
			c
		};
		let stats = c.latency().unwrap();
		prop_assert!(stats.p50_us <= stats.p95_us && stats.p95_us <= stats.p99_us);
	}

	#[test]
	fn percentiles_lie_within_a_factor_of_two(latencies in prop::collection::vec(1u32..16_000, 1..200)) {
		let mut h = LatencyHistogram::default();
		let mut sorted = latencies.clone();
		sorted.sort_unstable();
		for ms in &latencies {
			h.record(*ms);
		}
		for q in [500_000u32, 950_000, 990_000] {
			let rank = ((u64::from(q) * sorted.len() as u64).div_ceil(1_000_000)).max(1) as usize;
			let truth = u64::from(sorted[rank - 1]) * 1000;
			let estimate = u64::from(h.quantile_us(q).unwrap());
			prop_assert!(estimate * 2 >= truth && estimate <= truth * 2, "q={} truth={} estimate={}", q, truth, estimate);
		}
	}

	#[test]
	fn roll_up_preserves_totals(hours in prop::collection::vec(counts(), 0..30)) {
		let day = ProbeCounts::sum(&hours);
		prop_assert_eq!(u64::from(day.up), hours.iter().map(|h| u64::from(h.up)).sum::<u64>());
		prop_assert_eq!(u64::from(day.total), hours.iter().map(|h| u64::from(h.total)).sum::<u64>());
		prop_assert_eq!(day.latency_sum_ms, hours.iter().map(|h| h.latency_sum_ms).sum::<u64>());
		prop_assert_eq!(day.histogram.samples(), hours.iter().map(|h| h.histogram.samples()).sum::<u64>());
	}

	#[test]
	fn combined_uptime_lies_between_the_probers(reports in prop::collection::vec(counts(), 1..8)) {
		let combined = combine(&reports);
		let ratios: Vec<u32> = reports.iter().filter_map(|c| c.uptime_ppm()).collect();
		match combined.counts.uptime_ppm() {
			None => prop_assert!(ratios.is_empty()),
			Some(ppm) => {
				let (lo, hi) = (*ratios.iter().min().unwrap(), *ratios.iter().max().unwrap());
				// Rounding `up` to a whole probe moves the ratio by at most half a probe.
				let slack = PPM / combined.counts.total.max(1) / 2 + 1;
				prop_assert!(ppm + slack >= lo && ppm <= hi + slack, "{} not in [{}, {}]", ppm, lo, hi);
				prop_assert!(ppm <= PPM);
			}
		}
	}

	/// One prober of three reporting everything down (or up) leaves the truth within a few
	/// percent, whatever the honest two saw.
	#[test]
	fn one_liar_of_three_cannot_move_uptime_much(
		honest_up in 0u32..=60, jitter in 0u32..=3, liar_says_up in any::<bool>(),
	) {
		let total = 60;
		let make = |up: u32| {
			let mut c = ProbeCounts::default();
			for i in 0..total { c.record(i < up, 40); }
			c
		};
		let a = make(honest_up);
		let b = make((honest_up + jitter).min(total));
		let liar = make(if liar_says_up { total } else { 0 });
		let truth = u64::from(honest_up) * u64::from(PPM) / u64::from(total);
		let combined = combine(&[a, liar, b]).counts.uptime_ppm().unwrap();
		prop_assert!(u64::from(combined).abs_diff(truth) <= 50_000 + 1, "truth {} combined {}", truth, combined);
	}
}

#[test]
fn a_prober_reporting_everything_down_leaves_uptime_near_the_truth() {
	let mut honest_a = ProbeCounts::default();
	let mut honest_b = ProbeCounts::default();
	let mut liar = ProbeCounts::default();
	for i in 0..144 {
		// The truth: up 143 of 144 probes (one real outage).
		honest_a.record(i != 7, 35);
		honest_b.record(i != 7, 48);
		liar.record(false, 0);
	}
	let combined = combine(&[honest_a, liar, honest_b]);
	let uptime = combined.counts.uptime_ppm().unwrap();
	assert!((993_000..=994_000).contains(&uptime), "{uptime}");
	assert_eq!(combined.max_deviation_ppm, 993_055);
	assert!(combined.counts.latency().is_some());
}

//! The runtime's side of the trust model, as pure functions of their inputs: check a
//! measurement, evaluate a submitted model against the stored measurements in fixed point,
//! and compare two models. No storage, no floating point; the arithmetic itself lives in the
//! USL engine's [`usl::fixed`] module, shared with the off-chain worker that found the model.

use crate::types::{
	Coefficients, Comparison, Insights, Measurement, Prediction, RejectReason, Verdict,
};
use alloc::vec::Vec;
use polkadot_sdk::sp_runtime::{FixedI128, FixedPointNumber, FixedU128, PerThing, Perbill};
use usl::fixed::{self, Fixed};

/// Largest size `N` a measurement may carry (the engine's fixed-point domain).
pub const MAX_N: u32 = 1_000_000;
/// Largest throughput or latency a measurement may carry (the engine's fixed-point domain).
pub const MAX_VALUE: u128 = 1_000_000_000;

/// What is wrong with a measurement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeasurementError {
	/// `n` is 0 or above [`MAX_N`].
	SizeOutOfRange,
	/// Throughput is 0 or above [`MAX_VALUE`].
	ThroughputOutOfRange,
	/// A latency is 0 or above [`MAX_VALUE`] ms, or p95 is below p50.
	LatencyOutOfRange,
	/// No transaction behind the figures.
	NoSamples,
}

fn in_range(v: FixedU128) -> bool {
	v.into_inner() > 0 && v <= FixedU128::saturating_from_integer(MAX_VALUE)
}

/// Checks one measurement.
pub fn check_measurement(m: &Measurement) -> Result<(), MeasurementError> {
	if m.n == 0 || m.n > MAX_N {
		return Err(MeasurementError::SizeOutOfRange);
	}
	if !in_range(m.tps) {
		return Err(MeasurementError::ThroughputOutOfRange);
	}
	if !in_range(m.latency_p50_ms)
		|| !in_range(m.latency_p95_ms)
		|| m.latency_p95_ms < m.latency_p50_ms
	{
		return Err(MeasurementError::LatencyOutOfRange);
	}
	if m.samples == 0 {
		return Err(MeasurementError::NoSamples);
	}
	Ok(())
}

/// The `(n, x)` pairs the engine fits and evaluates.
pub fn engine_points(measurements: &[Measurement]) -> Vec<(Fixed, Fixed)> {
	measurements
		.iter()
		.map(|m| (Fixed::from_integer(u64::from(m.n)), Fixed(m.tps.into_inner())))
		.collect()
}

fn to_fixed(v: Fixed) -> FixedU128 {
	FixedU128::from_inner(v.0)
}

/// Evaluates `coefficients` on `measurements`: residual sum of squares, R² and the insights.
///
/// Rejects coefficients outside σ, κ ∈ [0, 1], λ > 0, and models the fixed-point arithmetic
/// cannot evaluate. Whether the model is good enough is the caller's decision.
pub fn evaluate(
	coefficients: &Coefficients,
	measurements: &[Measurement],
) -> Result<Insights, RejectReason> {
	let c = coefficients.to_engine();
	if !c.within_bounds() || c.lambda == Fixed::ZERO {
		return Err(RejectReason::OutOfBounds);
	}
	let points = engine_points(measurements);
	let rss = fixed::residual_sum_of_squares(&c, &points).ok_or(RejectReason::NotEvaluable)?;
	let tss = fixed::total_sum_of_squares(&points).ok_or(RejectReason::NotEvaluable)?;
	// A model worse than the mean has a negative R²: report 0, which no minimum accepts.
	let r_squared = fixed::r_squared(rss, tss).unwrap_or(Fixed::ZERO);
	let peak_n = fixed::peak_n(&c);
	let peak_tps = peak_n.and_then(|n| fixed::throughput(&c, n));
	let latency_at_peak_ms = peak_n
		.and_then(|n| fixed::latency(&c, n))
		.and_then(|seconds| seconds.checked_mul(Fixed::from_integer(1000)));
	Ok(Insights {
		rss: to_fixed(rss),
		r_squared: to_fixed(r_squared),
		peak_n: peak_n.map(to_fixed),
		peak_n_floor: peak_n.and_then(|n| u32::try_from(n.0 / fixed::ONE).ok()),
		peak_tps: peak_tps.map(to_fixed),
		latency_at_peak_ms: latency_at_peak_ms.map(to_fixed),
		amdahl_ceiling: fixed::amdahl_ceiling(&c).map(to_fixed),
	})
}

/// Whether `insights` meet the minimum R² (inclusive).
pub fn fits_well_enough(insights: &Insights, min_r_squared: Perbill) -> bool {
	let min = FixedU128::from_inner(
		u128::from(min_r_squared.deconstruct())
			* (FixedU128::accuracy() / u128::from(Perbill::ACCURACY)),
	);
	insights.r_squared >= min
}

/// `(new − old) / old`, signed; `None` when `old` is 0.
pub fn relative_change(new: FixedU128, old: FixedU128) -> Option<FixedI128> {
	let new = i128::try_from(new.into_inner()).ok()?;
	let old = i128::try_from(old.into_inner()).ok()?;
	FixedI128::checked_from_rational(new.checked_sub(old)?, old)
}

/// Compares a candidate's insights with a baseline's. Throughput is judged by
/// [`Insights::max_tps`]; latency at the peak only when both have a peak.
pub fn compare(
	candidate: (crate::CampaignId, &Insights),
	baseline: (crate::CampaignId, &Insights),
	threshold: Perbill,
) -> Comparison {
	let peak_tps_change = match (candidate.1.max_tps(), baseline.1.max_tps()) {
		(Some(new), Some(old)) => relative_change(new, old),
		_ => None,
	};
	let latency_at_peak_change =
		match (candidate.1.latency_at_peak_ms, baseline.1.latency_at_peak_ms) {
			(Some(new), Some(old)) => relative_change(new, old),
			_ => None,
		};
	let limit = FixedI128::from_perbill(threshold);
	let verdict = match peak_tps_change {
		None => Verdict::Undefined,
		Some(tps) => {
			let latency = latency_at_peak_change.unwrap_or_default();
			if tps < -limit || latency > limit {
				Verdict::Regressed
			} else if tps > limit || latency < -limit {
				Verdict::Improved
			} else {
				Verdict::Unchanged
			}
		},
	};
	Comparison {
		candidate: candidate.0,
		baseline: baseline.0,
		peak_tps_change,
		latency_at_peak_change,
		threshold,
		verdict,
	}
}

/// Throughput and latency the model predicts at size `n`.
pub fn predict(coefficients: &Coefficients, n: FixedU128) -> Option<Prediction> {
	let c = coefficients.to_engine();
	let size = Fixed(n.into_inner());
	let tps = fixed::throughput(&c, size)?;
	let latency_ms = fixed::latency(&c, size)?.checked_mul(Fixed::from_integer(1000))?;
	Some(Prediction { n, tps: to_fixed(tps), latency_ms: to_fixed(latency_ms) })
}

#[cfg(test)]
mod tests {
	use super::*;

	fn fx(v: f64) -> FixedU128 {
		FixedU128::from_inner(Fixed::from_f64(v).unwrap().0)
	}

	fn measurement(n: u32, tps: f64) -> Measurement {
		Measurement {
			n,
			tps: fx(tps),
			latency_p50_ms: fx(10.0),
			latency_p95_ms: fx(20.0),
			samples: 100,
		}
	}

	#[test]
	fn measurements_out_of_range_are_named() {
		let good = measurement(4, 100.0);
		assert_eq!(check_measurement(&good), Ok(()));
		assert_eq!(
			check_measurement(&Measurement { n: 0, ..good }),
			Err(MeasurementError::SizeOutOfRange)
		);
		assert_eq!(
			check_measurement(&Measurement { n: MAX_N + 1, ..good }),
			Err(MeasurementError::SizeOutOfRange)
		);
		assert_eq!(
			check_measurement(&Measurement { tps: FixedU128::from_inner(0), ..good }),
			Err(MeasurementError::ThroughputOutOfRange)
		);
		assert_eq!(
			check_measurement(&Measurement { latency_p95_ms: fx(5.0), ..good }),
			Err(MeasurementError::LatencyOutOfRange)
		);
		assert_eq!(
			check_measurement(&Measurement { samples: 0, ..good }),
			Err(MeasurementError::NoSamples)
		);
	}

	#[test]
	fn exact_model_has_zero_residuals_and_its_peak() {
		let c = Coefficients { sigma: fx(0.02), kappa: fx(0.0001), lambda: fx(100.0) };
		let float = c.to_engine().to_f64();
		let points: Vec<_> =
			(1..=8).map(|n| measurement(n * 8, float.throughput(f64::from(n * 8)))).collect();
		let insights = evaluate(&c, &points).unwrap();
		assert!(insights.rss.to_float() < 1e-6, "{:?}", insights.rss);
		assert!(insights.r_squared.to_float() > 0.999_999);
		let peak = float.peak().unwrap();
		assert!((insights.peak_n.unwrap().to_float() - peak.n).abs() < 1e-6);
		assert_eq!(insights.peak_n_floor, Some(peak.n.floor() as u32));
		assert!((insights.peak_tps.unwrap().to_float() - peak.throughput).abs() < 1e-6);
		let latency_ms = 1000.0 * peak.n / peak.throughput;
		assert!((insights.latency_at_peak_ms.unwrap().to_float() - latency_ms).abs() < 1e-6);
		assert!((insights.amdahl_ceiling.unwrap().to_float() - 5000.0).abs() < 1e-9);
	}

	#[test]
	fn out_of_bounds_coefficients_are_rejected() {
		let points = [measurement(1, 10.0), measurement(2, 19.0), measurement(4, 30.0)];
		let over = Coefficients { sigma: fx(1.5), kappa: fx(0.0), lambda: fx(10.0) };
		assert_eq!(evaluate(&over, &points), Err(RejectReason::OutOfBounds));
		let no_lambda =
			Coefficients { sigma: fx(0.1), kappa: fx(0.0), lambda: FixedU128::from_inner(0) };
		assert_eq!(evaluate(&no_lambda, &points), Err(RejectReason::OutOfBounds));
	}

	#[test]
	fn comparison_signs_and_magnitudes() {
		let base = Coefficients { sigma: fx(0.02), kappa: fx(0.0001), lambda: fx(100.0) };
		// Same σ, κ with λ 10 % lower: peak at the same N, X 10 % lower, latency 1/0.9 higher.
		let worse = Coefficients { lambda: fx(90.0), ..base };
		let points = [measurement(1, 10.0), measurement(2, 19.0), measurement(4, 30.0)];
		let (b, w) = (evaluate(&base, &points).unwrap(), evaluate(&worse, &points).unwrap());
		let cmp = compare((2, &w), (1, &b), Perbill::from_percent(5));
		assert_eq!(cmp.verdict, Verdict::Regressed);
		assert!((cmp.peak_tps_change.unwrap().to_float() + 0.1).abs() < 1e-9);
		assert!((cmp.latency_at_peak_change.unwrap().to_float() - (1.0 / 0.9 - 1.0)).abs() < 1e-9);
		let back = compare((1, &b), (2, &w), Perbill::from_percent(5));
		assert_eq!(back.verdict, Verdict::Improved);
		assert!((back.peak_tps_change.unwrap().to_float() - 1.0 / 9.0).abs() < 1e-9);
		assert_eq!(
			compare((2, &w), (1, &b), Perbill::from_percent(20)).verdict,
			Verdict::Unchanged
		);
	}

	#[test]
	fn prediction_matches_the_float_model() {
		let c = Coefficients { sigma: fx(0.05), kappa: fx(0.001), lambda: fx(50.0) };
		let float = c.to_engine().to_f64();
		let p = predict(&c, FixedU128::saturating_from_integer(12u32)).unwrap();
		assert!((p.tps.to_float() - float.throughput(12.0)).abs() < 1e-9);
		assert!((p.latency_ms.to_float() - 1000.0 * float.latency(12.0)).abs() < 1e-9);
	}
}

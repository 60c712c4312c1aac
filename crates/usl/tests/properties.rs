//! Property tests: the fit recovers known coefficients, never panics on arbitrary input, and
//! the fixed-point path agrees with the float path.

mod common;

use proptest::prelude::*;
use usl::{
	fit,
	fixed::{self, Fixed, FixedCoefficients},
	Coefficients, Point,
};

const SIZES: [f64; 8] = [1.0, 2.0, 4.0, 8.0, 16.0, 24.0, 32.0, 48.0];

fn coefficients() -> impl Strategy<Value = Coefficients> {
	(1e-4f64..0.2, 1e-6f64..5e-3, 1.0f64..1e4).prop_map(|(s, k, l)| Coefficients::new(s, k, l))
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

	/// Noise-free data from known coefficients gives them back.
	#[test]
	fn exact_data_recovers_the_coefficients(c in coefficients()) {
		let points: Vec<Point> = SIZES.iter().map(|&n| Point::new(n, c.throughput(n))).collect();
		let m = fit(&points).unwrap();
		let f = m.coefficients;
		prop_assert!((f.sigma - c.sigma).abs() <= 1e-6 * c.sigma.max(1e-3), "{f:?} vs {c:?}");
		prop_assert!((f.kappa - c.kappa).abs() <= 1e-6 * c.kappa.max(1e-5), "{f:?} vs {c:?}");
		prop_assert!((f.lambda - c.lambda).abs() <= 1e-6 * c.lambda, "{f:?} vs {c:?}");
	}

	/// Noise-free data without a coherence penalty (Amdahl's law) or without contention gives
	/// exactly 0 for the missing coefficient, so no phantom peak or ceiling is reported.
	#[test]
	fn exact_data_on_a_bound_lands_on_it(c in coefficients(), amdahl in any::<bool>()) {
		let c = if amdahl { Coefficients::new(c.sigma, 0.0, c.lambda) } else { Coefficients::new(0.0, c.kappa, c.lambda) };
		let points: Vec<Point> = SIZES.iter().map(|&n| Point::new(n, c.throughput(n))).collect();
		let m = fit(&points).unwrap();
		if amdahl {
			prop_assert_eq!(m.coefficients.kappa, 0.0, "{:?}", m.coefficients);
			prop_assert!(m.peak().is_none());
		} else {
			prop_assert_eq!(m.coefficients.sigma, 0.0, "{:?}", m.coefficients);
			prop_assert!(m.amdahl_ceiling().is_none());
		}
	}

	/// With ±2 % multiplicative noise the fit is at least as good as the truth, and its curve
	/// stays within twice the noise (of the largest throughput, the scale least squares works
	/// on) of the true curve over the measured range.
	#[test]
	fn noisy_data_is_fitted_within_the_noise(c in coefficients(), noise in prop::collection::vec(-0.02f64..0.02, 8)) {
		let points: Vec<Point> = SIZES.iter().zip(&noise)
			.map(|(&n, e)| Point::new(n, c.throughput(n) * (1.0 + e))).collect();
		let m = fit(&points).unwrap();
		prop_assert!(m.residual_sum_of_squares <= common::rss(&points, &c) * (1.0 + 1e-12));
		let largest = SIZES.iter().map(|&n| c.throughput(n)).fold(0.0, f64::max);
		for &n in &SIZES {
			let (fitted, truth) = (m.throughput(n), c.throughput(n));
			prop_assert!((fitted - truth).abs() <= 0.04 * largest, "n={n}: {fitted} vs {truth}");
		}
	}

}

proptest! {
	// The fuzz targets: thousands of random inputs on every test run.
	#![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

	/// Arbitrary points (the fuzz target): never a panic, and every model returned is finite
	/// and within bounds.
	#[test]
	fn arbitrary_points_never_panic_and_models_are_sane(
		raw in prop::collection::vec((prop::num::f64::ANY, prop::num::f64::ANY), 0..24),
		scale in prop::sample::select(vec![1e-6, 1.0, 1e3, 1e9]),
	) {
		let points: Vec<Point> = raw.iter().map(|&(n, x)| Point::new(n, x * scale)).collect();
		if let Ok(m) = fit(&points) {
			let c = m.coefficients;
			prop_assert!(c.sigma.is_finite() && (0.0..=1.0).contains(&c.sigma));
			prop_assert!(c.kappa.is_finite() && (0.0..=1.0).contains(&c.kappa));
			prop_assert!(c.lambda.is_finite() && c.lambda >= 0.0);
			prop_assert!(m.residual_sum_of_squares.is_finite());
			if let Some(p) = m.peak() {
				prop_assert!(p.n.is_finite() && p.throughput.is_finite() && p.latency.is_finite());
			}
		}
	}

	/// Positive but wild points (the fuzz target's interesting half): same guarantees.
	#[test]
	fn arbitrary_positive_points_never_panic(
		raw in prop::collection::vec((1e-3f64..1e6, 1e-3f64..1e9), 3..24),
	) {
		let points: Vec<Point> = raw.iter().map(|&(n, x)| Point::new(n, x)).collect();
		match fit(&points) {
			Ok(m) => {
				let c = m.coefficients;
				prop_assert!((0.0..=1.0).contains(&c.sigma) && (0.0..=1.0).contains(&c.kappa));
				prop_assert!(c.lambda.is_finite() && c.lambda >= 0.0);
				prop_assert!(m.fitted_points(&points).all(|p| p.fitted.is_finite() && p.efficiency.is_finite()));
				for k in [m.sigma(), m.kappa(), m.lambda()] {
					if let Some((lo, hi)) = k.ci95 { prop_assert!(lo <= k.value && k.value <= hi); }
				}
			},
			Err(e) => prop_assert!(!e.to_string().is_empty()),
		}
	}

}

proptest! {
	// The brute-force solver costs ~10⁵ model evaluations per case.
	#![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

	/// Noisy data whose truth may sit on a bound (σ = 0 or κ = 0, where the optimum usually
	/// does too): the fit reaches the bounded optimum that an exhaustive search finds.
	#[test]
	fn noisy_data_reaches_the_brute_force_optimum(
		c in coefficients(),
		on_bound in 0u8..3,
		noise in prop::collection::vec(-0.05f64..0.05, 8),
	) {
		let c = match on_bound {
			0 => Coefficients::new(0.0, c.kappa, c.lambda),
			1 => Coefficients::new(c.sigma, 0.0, c.lambda),
			_ => c,
		};
		let points: Vec<Point> = SIZES.iter().zip(&noise)
			.map(|(&n, e)| Point::new(n, c.throughput(n) * (1.0 + e))).collect();
		let m = fit(&points).unwrap();
		let (best, at) = common::brute_force(&points);
		prop_assert!(
			m.residual_sum_of_squares <= best * (1.0 + 1e-9) + 1e-12,
			"ours {} at {:?} > brute force {best} at {at:?}", m.residual_sum_of_squares, m.coefficients
		);
	}
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

	/// Inverse latency agrees with the forward model.
	#[test]
	fn concurrency_at_latency_inverts_latency(c in coefficients(), n in 1.0f64..1e4) {
		let back = c.concurrency_at_latency(c.latency(n)).unwrap();
		prop_assert!((back - n).abs() <= 1e-6 * n, "{back} vs {n}");
	}

	/// Fixed point agrees with floats: throughput and peak to 1e-9 relative, the residual sum
	/// of squares to 1e-9 of Σx².
	#[test]
	fn fixed_point_agrees_with_float(c in coefficients(), noise in prop::collection::vec(-0.1f64..0.1, 8)) {
		let fc = FixedCoefficients::from_f64(&c).unwrap();
		let c = fc.to_f64(); // compare on exactly representable coefficients
		for &n in &SIZES {
			let fx = fixed::throughput(&fc, Fixed::from_f64(n).unwrap()).unwrap().to_f64();
			prop_assert!((fx - c.throughput(n)).abs() <= 1e-9 * c.throughput(n));
		}
		let points: Vec<(Fixed, Fixed)> = SIZES.iter().zip(&noise).map(|(&n, e)| {
			(Fixed::from_f64(n).unwrap(), Fixed::from_f64(c.throughput(n) * (1.0 + e)).unwrap())
		}).collect();
		let float_points: Vec<Point> = points.iter().map(|(n, x)| Point::new(n.to_f64(), x.to_f64())).collect();
		let fixed_rss = fixed::residual_sum_of_squares(&fc, &points).unwrap().to_f64();
		let float_rss = common::rss(&float_points, &c);
		let sum_x2: f64 = float_points.iter().map(|p| p.x * p.x).sum();
		prop_assert!((fixed_rss - float_rss).abs() <= 1e-9 * sum_x2, "{fixed_rss} vs {float_rss}");
		let tss = fixed::total_sum_of_squares(&points).unwrap();
		let mean = sum_x(&float_points) / float_points.len() as f64;
		let float_tss: f64 = float_points.iter().map(|p| (p.x - mean) * (p.x - mean)).sum();
		prop_assert!((tss.to_f64() - float_tss).abs() <= 1e-9 * sum_x2, "{} vs {float_tss}", tss.to_f64());
		if let Some(r2) = fixed::r_squared(fixed::residual_sum_of_squares(&fc, &points).unwrap(), tss) {
			let float_r2 = 1.0 - float_rss / float_tss;
			prop_assert!((r2.to_f64() - float_r2).abs() <= 1e-6, "{} vs {float_r2}", r2.to_f64());
		} else {
			prop_assert!(float_rss > float_tss * (1.0 - 1e-6));
		}
		let peak = fixed::peak_n(&fc).unwrap().to_f64();
		let want = c.peak().unwrap().n;
		prop_assert!((peak - want).abs() <= 1e-9 * want, "{peak} vs {want}");
	}
}

fn sum_x(points: &[Point]) -> f64 {
	points.iter().map(|p| p.x).sum()
}

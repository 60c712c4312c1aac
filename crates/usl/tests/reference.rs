//! The fit against R's `usl` package's published results and against an independent
//! brute-force optimum, on the bundled public data sets.

mod common;

use common::{brute_force, dataset, expected, rss};
use usl::{fit, Coefficients, Parameter, Warning};

fn close(actual: f64, expected: f64, rel: f64) -> bool {
	if expected == 0.0 {
		actual.abs() <= 1e-7
	} else {
		((actual - expected) / expected).abs() <= rel
	}
}

fn r_coefficients(name: &str) -> Coefficients {
	let e = &expected()[name];
	Coefficients::new(
		e["sigma"].as_f64().unwrap(),
		e["kappa"].as_f64().unwrap(),
		e["lambda"].as_f64().unwrap(),
	)
}

#[test]
fn specsdm91_matches_r_within_a_tenth_of_a_percent() {
	let points = dataset("specsdm91.csv");
	let model = fit(&points).unwrap();
	let r = r_coefficients("specsdm91.csv");
	let c = model.coefficients;
	assert!(close(c.sigma, r.sigma, 1e-3), "sigma {} vs R {}", c.sigma, r.sigma);
	assert!(close(c.kappa, r.kappa, 1e-3), "kappa {} vs R {}", c.kappa, r.kappa);
	assert!(close(c.lambda, r.lambda, 1e-3), "lambda {} vs R {}", c.lambda, r.lambda);
	let r_rss = rss(&points, &r);
	assert!(
		model.residual_sum_of_squares <= r_rss,
		"{} > R's {r_rss}",
		model.residual_sum_of_squares
	);
}

#[test]
fn specsdm91_uncertainty_and_insights_match_r() {
	let points = dataset("specsdm91.csv");
	let model = fit(&points).unwrap();
	let e = &expected()["specsdm91.csv"];
	let se = &e["stderr"];
	assert!(close(model.sigma().std_error.unwrap(), se["sigma"].as_f64().unwrap(), 1e-2));
	assert!(close(model.kappa().std_error.unwrap(), se["kappa"].as_f64().unwrap(), 1e-2));
	assert!(close(model.lambda().std_error.unwrap(), se["lambda"].as_f64().unwrap(), 1e-2));
	assert!(close(
		model.residual_standard_error().unwrap(),
		e["residual_standard_error"].as_f64().unwrap(),
		1e-3
	));
	assert_eq!(model.degrees_of_freedom as u64, e["residual_dof"].as_u64().unwrap());
	let peak = model.peak().unwrap();
	assert!(close(peak.n, e["peak_n"].as_f64().unwrap(), 1e-3), "peak {}", peak.n);
	assert_eq!(peak.n_floor, 96);
	assert!(close(peak.throughput, e["peak_x"].as_f64().unwrap(), 1e-3));
	assert!(close(model.amdahl_ceiling().unwrap(), e["x_roof"].as_f64().unwrap(), 1e-3));
	assert!(close(model.n_opt().unwrap(), e["n_opt"].as_f64().unwrap(), 1e-3));
	for (pt, want) in model.fitted_points(&points).zip(e["fitted"].as_array().unwrap()) {
		assert!((pt.fitted - want.as_f64().unwrap()).abs() < 1.0, "{} vs {want}", pt.fitted);
		assert!((pt.residual - (pt.x - pt.fitted)).abs() < 1e-9);
	}
	// Two-sided 95 % interval with n − 3 = 4 degrees of freedom: t = 2.776445.
	let (lo, hi) = model.sigma().ci95.unwrap();
	let half = 2.776445105 * model.sigma().std_error.unwrap();
	assert!((lo - (model.sigma().value - half).max(0.0)).abs() < 1e-9);
	assert!((hi - (model.sigma().value + half)).abs() < 1e-9);
	assert!(model.r_squared > 0.98 && model.r_squared < 1.0, "{}", model.r_squared);
	assert!(model.warnings().is_empty(), "{:?}", model.warnings());
}

#[test]
fn synthetic_data_recovers_its_generating_coefficients() {
	let points = dataset("synthetic.csv");
	let model = fit(&points).unwrap();
	let r = r_coefficients("synthetic.csv");
	let c = model.coefficients;
	assert!(
		close(c.sigma, 0.02, 1e-3) && close(c.kappa, 0.02, 1e-3) && close(c.lambda, 1.0, 1e-3),
		"{c:?}"
	);
	assert!(model.residual_sum_of_squares <= rss(&points, &r));
	// Six points are enough: no few-points warning.
	assert!(!model.warnings().iter().any(|w| matches!(w, Warning::FewPoints { .. })));
}

#[test]
fn every_dataset_reaches_the_brute_force_optimum() {
	for name in ["specsdm91.csv", "synthetic.csv", "raytracer.csv", "raytracer-6.csv"] {
		let points = dataset(name);
		let model = fit(&points).unwrap();
		let (best, c) = brute_force(&points);
		let ours = model.residual_sum_of_squares;
		assert!(
			ours <= best * (1.0 + 1e-9) + 1e-12,
			"{name}: ours {ours} > brute force {best} at {c:?}"
		);
	}
}

#[test]
fn full_raytracer_has_its_optimum_on_the_kappa_bound() {
	let model = fit(&dataset("raytracer.csv")).unwrap();
	assert_eq!(model.coefficients.kappa, 0.0);
	assert!(model.peak().is_none());
	assert!(model.warnings().contains(&Warning::NoFinitePeak));
	assert!(model
		.warnings()
		.contains(&Warning::AtBound { parameter: Parameter::Kappa, value: 0.0 }));
	assert!(model.coefficients.sigma > 0.0);
	assert!(model.amdahl_ceiling().unwrap() > 310.0);
}

#[test]
fn first_six_raytracer_rows_fit_with_a_finite_peak() {
	let model = fit(&dataset("raytracer-6.csv")).unwrap();
	assert!(model.coefficients.kappa > 0.0, "{:?}", model.coefficients);
	assert!(model.peak().unwrap().n > 20.0);
}

#[test]
fn order_of_points_does_not_matter() {
	let mut points = dataset("specsdm91.csv");
	let a = fit(&points).unwrap();
	points.reverse();
	let b = fit(&points).unwrap();
	assert!(
		close(a.coefficients.kappa, b.coefficients.kappa, 1e-6),
		"{:?} {:?}",
		a.coefficients,
		b.coefficients
	);
	assert!(
		close(a.residual_sum_of_squares, b.residual_sum_of_squares, 1e-12),
		"{} {}",
		a.residual_sum_of_squares,
		b.residual_sum_of_squares
	);
}

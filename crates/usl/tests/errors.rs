//! Bad input gets a clear error, never a panic or a made-up model.

use usl::{fit, Field, FitError, Point, Warning};

fn pts(v: &[(f64, f64)]) -> Vec<Point> {
	v.iter().map(|&(n, x)| Point::new(n, x)).collect()
}

#[test]
fn fewer_than_three_points_is_an_error() {
	assert_eq!(fit(&[]), Err(FitError::TooFewPoints { got: 0 }));
	assert_eq!(fit(&pts(&[(1.0, 1.0), (2.0, 1.9)])), Err(FitError::TooFewPoints { got: 2 }));
}

#[test]
fn non_finite_and_non_positive_values_name_the_point_and_column() {
	let err = fit(&pts(&[(1.0, 1.0), (2.0, f64::NAN), (3.0, 2.5)])).unwrap_err();
	assert_eq!(err, FitError::NotFinite { index: 1, field: Field::X });
	assert_eq!(err.to_string(), "point 2: x is not a finite number");
	let err = fit(&pts(&[(1.0, 1.0), (2.0, 1.5), (-3.0, 2.5)])).unwrap_err();
	assert_eq!(err, FitError::NotPositive { index: 2, field: Field::N, value: -3.0 });
	let mut with_latency = pts(&[(1.0, 1.0), (2.0, 1.5), (3.0, 2.5)]);
	with_latency[0].r = Some(0.0);
	assert!(matches!(
		fit(&with_latency),
		Err(FitError::NotPositive { index: 0, field: Field::R, .. })
	));
	let err = fit(&pts(&[(f64::INFINITY, 1.0), (2.0, 1.5), (3.0, 2.5)])).unwrap_err();
	assert_eq!(err, FitError::NotFinite { index: 0, field: Field::N });
}

#[test]
fn duplicate_only_sizes_are_an_error() {
	let err = fit(&pts(&[(4.0, 1.0), (4.0, 1.1), (4.0, 0.9), (4.0, 1.0)])).unwrap_err();
	assert_eq!(err, FitError::TooFewDistinctSizes { distinct: 1 });
	let err = fit(&pts(&[(4.0, 1.0), (8.0, 1.1), (4.0, 0.9), (8.0, 1.0)])).unwrap_err();
	assert_eq!(err, FitError::TooFewDistinctSizes { distinct: 2 });
}

#[test]
fn three_to_five_points_fit_with_a_warning() {
	let truth = usl::Coefficients::new(0.05, 0.002, 100.0);
	for count in 3..=5 {
		let points: Vec<Point> = (1..=count)
			.map(|i| Point::new(i as f64 * 3.0, truth.throughput(i as f64 * 3.0)))
			.collect();
		let model = fit(&points).unwrap();
		assert!(model.warnings().contains(&Warning::FewPoints { count }), "{:?}", model.warnings());
		if count == 3 {
			assert!(model.warnings().contains(&Warning::NoDegreesOfFreedom));
			assert_eq!(model.sigma().std_error, None);
			assert_eq!(model.sigma().ci95, None);
			assert_eq!(model.residual_standard_error(), None);
		} else {
			assert!(model.sigma().std_error.is_some());
		}
	}
}

#[test]
fn fractional_sizes_are_used_as_given() {
	// Averaged concurrency is often fractional: it must not be truncated.
	let truth = usl::Coefficients::new(0.03, 0.001, 50.0);
	let points: Vec<Point> = [1.5, 2.7, 4.2, 8.9, 12.25, 20.5, 33.3]
		.iter()
		.map(|&n| Point::new(n, truth.throughput(n)))
		.collect();
	let c = fit(&points).unwrap().coefficients;
	assert!(
		(c.sigma - 0.03).abs() < 1e-6
			&& (c.kappa - 0.001).abs() < 1e-8
			&& (c.lambda - 50.0).abs() < 1e-4,
		"{c:?}"
	);
}

//! Turning a fitted model into what a person reads: a table, or one JSON object whose
//! numbers are documented in `docs/usl.md`. Values a fit does not define are `null`, and a
//! warning says why.

use serde_json::{json, Value};
use usl::{Estimate, Model, Point, Prediction};

/// A finite number, or `null`.
fn num(v: f64) -> Value {
	if v.is_finite() {
		json!(v)
	} else {
		Value::Null
	}
}

fn opt(v: Option<f64>) -> Value {
	v.map_or(Value::Null, num)
}

fn pair(v: Option<(f64, f64)>) -> Value {
	v.map_or(Value::Null, |(lo, hi)| json!([num(lo), num(hi)]))
}

fn prediction_json(p: &Prediction) -> Value {
	json!({
		"n": num(p.n),
		"x": num(p.throughput),
		"x_ci95": pair(p.throughput_ci95),
		"r": num(p.latency),
		"r_ci95": pair(p.latency_ci95),
	})
}

/// The JSON report of `stacktical fit --format json`.
pub fn to_json(model: &Model, points: &[Point], predictions: &[Prediction]) -> Value {
	let peak = model.peak();
	let estimates =
		[("sigma", &model.sigma()), ("kappa", &model.kappa()), ("lambda", &model.lambda())];
	let stderr: serde_json::Map<String, Value> =
		estimates.iter().map(|(k, e)| (k.to_string(), opt(e.std_error))).collect();
	let ci95: serde_json::Map<String, Value> =
		estimates.iter().map(|(k, e)| (k.to_string(), pair(e.ci95))).collect();
	json!({
		"sigma": num(model.sigma().value),
		"kappa": num(model.kappa().value),
		"lambda": num(model.lambda().value),
		"peak_n": opt(peak.map(|p| p.n)),
		"peak_n_floor": peak.map_or(Value::Null, |p| json!(p.n_floor)),
		"peak_x": opt(peak.map(|p| p.throughput)),
		"latency_at_peak": opt(peak.map(|p| p.latency)),
		"x_roof": opt(model.amdahl_ceiling()),
		"n_opt": opt(model.n_opt()),
		"r_squared": num(model.r_squared),
		"residual_standard_error": opt(model.residual_standard_error()),
		"residual_sum_of_squares": num(model.residual_sum_of_squares),
		"degrees_of_freedom": model.degrees_of_freedom,
		"iterations": model.iterations,
		"stderr": stderr,
		"ci95": ci95,
		"points": model.fitted_points(points).map(|p| json!({
			"n": num(p.n),
			"x": num(p.x),
			"r": opt(p.r),
			"fitted": num(p.fitted),
			"residual": num(p.residual),
			"efficiency": num(p.efficiency),
		})).collect::<Vec<_>>(),
		"predictions": predictions.iter().map(prediction_json).collect::<Vec<_>>(),
		"warnings": model.warnings().iter().map(|w| w.to_string()).collect::<Vec<_>>(),
	})
}

fn fmt_num(v: f64) -> String {
	let a = v.abs();
	if v == 0.0 {
		"0".into()
	} else if !(1e-3..1e6).contains(&a) {
		format!("{v:.4e}")
	} else if a >= 100.0 {
		format!("{v:.1}")
	} else {
		format!("{v:.4}")
	}
}

fn fmt_opt(v: Option<f64>) -> String {
	v.map_or_else(|| "-".into(), fmt_num)
}

fn estimate_row(name: &str, meaning: &str, e: &Estimate) -> String {
	let ci =
		e.ci95.map_or_else(|| "-".into(), |(lo, hi)| format!("[{}, {}]", fmt_num(lo), fmt_num(hi)));
	format!(
		"  {name:<8} {:>12} {:>12} {ci:>28}   {meaning}\n",
		fmt_num(e.value),
		fmt_opt(e.std_error)
	)
}

/// The human-readable report of `stacktical fit`.
pub fn to_table(model: &Model, points: &[Point], predictions: &[Prediction]) -> String {
	let mut s = String::new();
	s.push_str(
		"Universal Scalability Law fit: X(N) = lambda*N / (1 + sigma*(N-1) + kappa*N*(N-1))\n\n",
	);
	s.push_str(&format!(
		"  {:<8} {:>12} {:>12} {:>28}\n",
		"", "value", "std. error", "95% confidence interval"
	));
	s.push_str(&estimate_row("sigma", "contention penalty", &model.sigma()));
	s.push_str(&estimate_row("kappa", "coherence penalty", &model.kappa()));
	s.push_str(&estimate_row("lambda", "throughput of one unit", &model.lambda()));
	s.push('\n');
	match model.peak() {
		Some(p) => {
			s.push_str(&format!(
				"  peak at N = {} (N = {} in whole units)\n",
				fmt_num(p.n),
				p.n_floor
			));
			s.push_str(&format!("  peak throughput X(N*) = {}\n", fmt_num(p.throughput)));
			s.push_str(&format!(
				"  latency at the peak R(N*) = N*/X(N*) = {}\n",
				fmt_num(p.latency)
			));
		},
		None => s.push_str(
			"  no finite peak (kappa = 0): throughput keeps rising towards the Amdahl ceiling\n",
		),
	}
	s.push_str(&format!("  Amdahl ceiling lambda/sigma = {}\n", fmt_opt(model.amdahl_ceiling())));
	s.push_str(&format!("  N_opt = 1/sigma = {}\n", fmt_opt(model.n_opt())));
	s.push_str(&format!(
		"  R^2 = {:.6}, residual standard error = {} on {} degrees of freedom\n\n",
		model.r_squared,
		fmt_opt(model.residual_standard_error()),
		model.degrees_of_freedom
	));
	s.push_str(&format!(
		"  {:>10} {:>12} {:>12} {:>12} {:>10}\n",
		"n", "measured x", "fitted x", "residual", "efficiency"
	));
	for p in model.fitted_points(points) {
		s.push_str(&format!(
			"  {:>10} {:>12} {:>12} {:>12} {:>10.3}\n",
			fmt_num(p.n),
			fmt_num(p.x),
			fmt_num(p.fitted),
			fmt_num(p.residual),
			p.efficiency
		));
	}
	if !predictions.is_empty() {
		s.push_str(&format!(
			"\n  {:>10} {:>12} {:>26} {:>12}\n",
			"predict n", "X(n)", "95% band", "R(n)"
		));
		for p in predictions {
			let band = p.throughput_ci95.map_or_else(
				|| "-".into(),
				|(lo, hi)| format!("[{}, {}]", fmt_num(lo), fmt_num(hi)),
			);
			s.push_str(&format!(
				"  {:>10} {:>12} {band:>26} {:>12}\n",
				fmt_num(p.n),
				fmt_num(p.throughput),
				fmt_num(p.latency)
			));
		}
	}
	let warnings = model.warnings();
	for w in &warnings {
		s.push_str(&format!("\nwarning: {w}"));
	}
	if !warnings.is_empty() {
		s.push('\n');
	}
	s
}

//! `stacktical gate`: decide whether a release candidate's predicted scalability meets the
//! requirements, from `stacktical bench` reports. Pure checks; the command prints one line
//! per failed requirement and exits 1 ("QA refused"), or exits 0.

use serde_json::Value;

/// What the candidate must meet. Every requirement is optional; at least one is needed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Requirements {
	/// Least predicted peak throughput, TPS.
	pub min_peak_tps: Option<f64>,
	/// Largest allowed drop of the predicted peak relative to the baseline, as a fraction.
	pub max_peak_drop: Option<f64>,
	/// Largest predicted latency at the peak, milliseconds.
	pub max_latency_at_peak_ms: Option<f64>,
}

/// Parses `5%` or `0.05` as a fraction.
pub fn parse_fraction(text: &str) -> Result<f64, String> {
	let (number, scale) = match text.trim().strip_suffix('%') {
		Some(percent) => (percent.trim(), 100.0),
		None => (text.trim(), 1.0),
	};
	let v: f64 =
		number.parse().map_err(|_| format!("`{text}` is not a fraction (e.g. 5% or 0.05)"))?;
	let v = v / scale;
	if !(0.0..=1.0).contains(&v) {
		return Err(format!("`{text}` is not between 0% and 100%"));
	}
	Ok(v)
}

/// The throughput a release is judged by: the predicted peak, or the Amdahl ceiling when
/// the model has no peak (as the scalability pallet judges it).
pub fn max_tps(report: &Value) -> Option<f64> {
	let model = &report["model"];
	model["peak_x"].as_f64().or_else(|| model["x_roof"].as_f64())
}

/// Predicted latency at the peak, milliseconds.
pub fn latency_at_peak_ms(report: &Value) -> Option<f64> {
	report["model"]["latency_at_peak"].as_f64().map(|s| s * 1000.0)
}

fn describe(report: &Value) -> String {
	format!(
		"{} {}",
		report["network"].as_str().unwrap_or("?"),
		report["release"].as_str().unwrap_or("?")
	)
}

/// Every failed requirement, one readable line each; empty when the candidate passes.
pub fn check(candidate: &Value, baseline: Option<&Value>, req: &Requirements) -> Vec<String> {
	let mut failures = Vec::new();
	if candidate["model"].is_null() {
		let why = candidate["fit_error"].as_str().unwrap_or("the report has no model");
		return vec![format!("no scalability prediction for {}: {why}", describe(candidate))];
	}
	let peak = max_tps(candidate);
	if let Some(min) = req.min_peak_tps {
		match peak {
			Some(p) if p >= min => {},
			Some(p) => failures
				.push(format!("predicted peak {p:.1} TPS is below the required {min:.1} TPS")),
			None => {
				failures.push("the model predicts no maximum throughput (linear scaling)".into())
			},
		}
	}
	if let Some(max) = req.max_latency_at_peak_ms {
		match latency_at_peak_ms(candidate) {
			Some(l) if l <= max => {},
			Some(l) => failures
				.push(format!("predicted latency at the peak {l:.1} ms exceeds {max:.1} ms")),
			None => {
				failures.push("the model has no peak, so no latency at the peak to check".into())
			},
		}
	}
	if let Some(max_drop) = req.max_peak_drop {
		match (peak, baseline) {
			(_, None) => failures.push("--max-peak-drop needs --baseline".into()),
			(Some(new), Some(base)) => match max_tps(base) {
				Some(old) if old > 0.0 => {
					let change = (new - old) / old;
					if change < -max_drop {
						failures.push(format!(
							"predicted peak dropped {:.1} % from {old:.1} TPS ({}) to {new:.1} TPS, more than the allowed {:.1} %",
							-100.0 * change,
							describe(base),
							100.0 * max_drop
						));
					}
				},
				_ => failures.push(format!(
					"the baseline {} has no predicted peak to compare with",
					describe(base)
				)),
			},
			(None, Some(_)) => failures
				.push("the candidate's model predicts no maximum throughput to compare".into()),
		}
	}
	failures
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	fn report(peak_x: f64, latency_s: f64) -> Value {
		json!({"network": "dev", "release": "rc", "model": {"peak_x": peak_x, "x_roof": 9e9, "latency_at_peak": latency_s}})
	}

	#[test]
	fn fractions_parse_as_percent_or_ratio() {
		assert_eq!(parse_fraction("5%").unwrap(), 0.05);
		assert_eq!(parse_fraction("0.1").unwrap(), 0.1);
		assert!(parse_fraction("150%").is_err());
		assert!(parse_fraction("five").is_err());
	}

	#[test]
	fn passes_and_fails_as_thresholds_say() {
		let base = report(1000.0, 0.050);
		let req = Requirements {
			min_peak_tps: Some(900.0),
			max_peak_drop: Some(0.05),
			max_latency_at_peak_ms: Some(60.0),
		};
		assert!(check(&report(980.0, 0.055), Some(&base), &req).is_empty());
		let failures = check(&report(800.0, 0.080), Some(&base), &req);
		assert_eq!(failures.len(), 3, "{failures:?}");
		assert!(failures[0].contains("below the required"));
		assert!(failures[1].contains("exceeds 60.0 ms"));
		assert!(failures[2].contains("dropped 20.0 %"));
		// No peak: the Amdahl ceiling is the maximum throughput.
		let no_peak = json!({"model": {"peak_x": null, "x_roof": 500.0}});
		assert_eq!(max_tps(&no_peak), Some(500.0));
		let missing = json!({"model": null, "fit_error": "too few points"});
		assert!(check(&missing, None, &req)[0].contains("too few points"));
		assert!(check(
			&report(1.0, 0.0),
			None,
			&Requirements { max_peak_drop: Some(0.1), ..Default::default() }
		)[0]
		.contains("needs --baseline"));
	}
}

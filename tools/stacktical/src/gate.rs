//! `stacktical gate`: decide whether a release candidate's predicted scalability meets the
//! requirements, from `stacktical bench` reports or from the chain's own model and verdict
//! (`--chain`). Pure checks; the command prints one line per failed requirement and exits 1
//! ("QA refused"), or exits 0.

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

/// What a release is judged by, read from a report or from the chain.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
	/// Names the release in messages (`network release`, or `campaign 7 (network release)`).
	pub name: String,
	/// The throughput a release is judged by: the predicted peak, or the Amdahl ceiling when
	/// the model has no peak (as the scalability pallet judges it); `None` for linear scaling.
	pub max_tps: Option<f64>,
	/// Predicted latency at the peak, milliseconds.
	pub latency_at_peak_ms: Option<f64>,
}

/// The prediction of a `stacktical bench` report; `Err` with the reason when it has no model.
pub fn from_report(report: &Value) -> Result<Prediction, String> {
	let name = format!(
		"{} {}",
		report["network"].as_str().unwrap_or("?"),
		report["release"].as_str().unwrap_or("?")
	);
	let model = &report["model"];
	if model.is_null() {
		let why = report["fit_error"].as_str().unwrap_or("the report has no model");
		return Err(format!("no scalability prediction for {name}: {why}"));
	}
	Ok(Prediction {
		name,
		max_tps: model["peak_x"].as_f64().or_else(|| model["x_roof"].as_f64()),
		latency_at_peak_ms: model["latency_at_peak"].as_f64().map(|s| s * 1000.0),
	})
}

/// The prediction of a campaign as `scalability_campaign` returns it; `Err` without a model.
pub fn from_chain(campaign: &Value) -> Result<Prediction, String> {
	let name = format!(
		"campaign {} ({} {})",
		campaign["id"],
		campaign["network"].as_str().unwrap_or("?"),
		campaign["release"].as_str().unwrap_or("?")
	);
	let model = &campaign["model"];
	if model.is_null() {
		return Err(format!("{name} has no model on the chain"));
	}
	Ok(Prediction {
		name,
		max_tps: model["peak_tps"].as_f64().or_else(|| model["amdahl_ceiling"].as_f64()),
		latency_at_peak_ms: model["latency_at_peak_ms"].as_f64(),
	})
}

/// The requirements on the candidate's own prediction, one readable line per failure.
fn check_own(candidate: &Prediction, req: &Requirements, failures: &mut Vec<String>) {
	if let Some(min) = req.min_peak_tps {
		match candidate.max_tps {
			Some(p) if p >= min => {},
			Some(p) => failures
				.push(format!("predicted peak {p:.1} TPS is below the required {min:.1} TPS")),
			None => {
				failures.push("the model predicts no maximum throughput (linear scaling)".into())
			},
		}
	}
	if let Some(max) = req.max_latency_at_peak_ms {
		match candidate.latency_at_peak_ms {
			Some(l) if l <= max => {},
			Some(l) => failures
				.push(format!("predicted latency at the peak {l:.1} ms exceeds {max:.1} ms")),
			None => {
				failures.push("the model has no peak, so no latency at the peak to check".into())
			},
		}
	}
}

fn drop_line(change: f64, old: Option<f64>, new: Option<f64>, base: &str, max_drop: f64) -> String {
	let from_to = match (old, new) {
		(Some(old), Some(new)) => format!(" from {old:.1} TPS ({base}) to {new:.1} TPS"),
		_ => format!(" against {base}"),
	};
	format!(
		"predicted peak dropped {:.1} %{from_to}, more than the allowed {:.1} %",
		-100.0 * change,
		100.0 * max_drop
	)
}

/// Every failed requirement of a candidate report against an optional baseline report, one
/// readable line each; empty when the candidate passes.
pub fn check(candidate: &Value, baseline: Option<&Value>, req: &Requirements) -> Vec<String> {
	let candidate = match from_report(candidate) {
		Ok(p) => p,
		Err(why) => return vec![why],
	};
	let mut failures = Vec::new();
	check_own(&candidate, req, &mut failures);
	if let Some(max_drop) = req.max_peak_drop {
		match baseline.map(from_report) {
			None => failures.push("--max-peak-drop needs --baseline".into()),
			Some(Err(why)) => failures.push(why),
			Some(Ok(base)) => match (candidate.max_tps, base.max_tps) {
				(Some(new), Some(old)) if old > 0.0 => {
					let change = (new - old) / old;
					if change < -max_drop {
						failures.push(drop_line(
							change,
							Some(old),
							Some(new),
							&base.name,
							max_drop,
						));
					}
				},
				(None, _) => failures
					.push("the candidate's model predicts no maximum throughput to compare".into()),
				_ => failures.push(format!(
					"the baseline {} has no predicted peak to compare with",
					base.name
				)),
			},
		}
	}
	failures
}

/// Every failed requirement of a campaign on the chain, as `scalability_campaign` returns it
/// (with the `baseline` campaign, when it names one): the chain's own comparison with the
/// baseline refuses a regressed release, and `--max-peak-drop` is checked against the
/// chain's relative change of the peak.
pub fn check_chain(campaign: &Value, baseline: Option<&Value>, req: &Requirements) -> Vec<String> {
	let candidate = match from_chain(campaign) {
		Ok(p) => p,
		Err(why) => return vec![why],
	};
	let mut failures = Vec::new();
	check_own(&candidate, req, &mut failures);
	let comparison = &campaign["comparison"];
	let base_name = baseline
		.and_then(|b| from_chain(b).ok())
		.map(|b| b.name)
		.unwrap_or_else(|| format!("campaign {}", campaign["baseline"]));
	let percent = |v: &Value| {
		v.as_f64().map(|c| format!("{:+.1} %", 100.0 * c)).unwrap_or_else(|| "n/a".into())
	};
	if comparison["verdict"] == "regressed" {
		failures.push(format!(
			"the chain judged {} regressed against {base_name}: peak {}, latency at the peak {} \
			 (threshold {:.1} %)",
			candidate.name,
			percent(&comparison["peak_tps_change"]),
			percent(&comparison["latency_at_peak_change"]),
			100.0 * comparison["threshold"].as_f64().unwrap_or(0.0),
		));
	}
	if let Some(max_drop) = req.max_peak_drop {
		if campaign["baseline"].is_null() {
			failures.push(format!(
				"--max-peak-drop needs a campaign with a baseline; {} has none",
				candidate.name
			));
		} else {
			match comparison["peak_tps_change"].as_f64() {
				Some(change) if change < -max_drop => {
					let old = baseline.and_then(|b| from_chain(b).ok()).and_then(|b| b.max_tps);
					failures.push(drop_line(change, old, candidate.max_tps, &base_name, max_drop));
				},
				Some(_) => {},
				None => failures.push(format!(
					"the chain has no peak comparison of {} with {base_name}",
					candidate.name
				)),
			}
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
		assert_eq!(from_report(&no_peak).unwrap().max_tps, Some(500.0));
		let missing = json!({"model": null, "fit_error": "too few points"});
		assert!(check(&missing, None, &req)[0].contains("too few points"));
		assert!(check(
			&report(1.0, 0.0),
			None,
			&Requirements { max_peak_drop: Some(0.1), ..Default::default() }
		)[0]
		.contains("needs --baseline"));
	}

	fn chain_campaign(peak_tps: f64, latency_ms: f64, verdict: Option<(&str, f64)>) -> Value {
		json!({"id": 4, "network": "dev", "release": "rc", "baseline": verdict.map(|_| 3),
			"model": {"peak_tps": peak_tps, "amdahl_ceiling": 9e9, "latency_at_peak_ms": latency_ms},
			"comparison": verdict.map(|(v, change)| json!({"verdict": v, "peak_tps_change": change,
				"latency_at_peak_change": -change, "threshold": 0.05}))})
	}

	#[test]
	fn the_chains_verdict_and_numbers_decide_on_the_chain() {
		let none = Requirements::default();
		// The chain's own comparison refuses a regression, with the chain's numbers.
		let regressed = chain_campaign(800.0, 50.0, Some(("regressed", -0.2)));
		let failures = check_chain(&regressed, None, &none);
		assert_eq!(failures.len(), 1, "{failures:?}");
		assert!(failures[0].contains("regressed against campaign 3"), "{}", failures[0]);
		assert!(failures[0].contains("peak -20.0 %") && failures[0].contains("threshold 5.0 %"));
		assert!(check_chain(&chain_campaign(990.0, 50.0, Some(("unchanged", -0.01))), None, &none)
			.is_empty());
		// Thresholds on the chain's model and its relative change.
		let req = Requirements {
			min_peak_tps: Some(900.0),
			max_peak_drop: Some(0.005),
			max_latency_at_peak_ms: Some(40.0),
		};
		let base =
			json!({"id": 3, "network": "dev", "release": "v1", "model": {"peak_tps": 1000.0}});
		let failures = check_chain(
			&chain_campaign(990.0, 50.0, Some(("unchanged", -0.01))),
			Some(&base),
			&req,
		);
		assert_eq!(failures.len(), 2, "{failures:?}");
		assert!(failures[0].contains("exceeds 40.0 ms"));
		assert!(failures[1].contains("dropped 1.0 % from 1000.0 TPS (campaign 3 (dev v1))"));
		// No baseline to compare with, no model.
		let alone = chain_campaign(990.0, 10.0, None);
		assert!(check_chain(&alone, None, &req)[0].contains("needs a campaign with a baseline"));
		let unfitted = json!({"id": 5, "network": "dev", "release": "rc", "model": null});
		assert!(check_chain(&unfitted, None, &req)[0].contains("has no model"));
	}
}

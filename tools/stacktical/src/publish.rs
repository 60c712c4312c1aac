//! `stacktical publish`: record a `stacktical bench` report as a campaign of the Stacktical
//! chain's scalability pallet, so that collators fit it and the runtime verifies the model.

use crate::chain;
use serde_json::Value;
use subxt::dynamic::Value as V;
use subxt_signer::{sr25519::Keypair, SecretUri};

/// One measurement as the pallet takes it: `(n, tps, p50 ms, p95 ms, samples)`.
pub type Point = (u32, f64, f64, f64, u32);

/// The measurements of a report's steps that have throughput and latency.
pub fn points(report: &Value) -> Vec<Point> {
	report["steps"]
		.as_array()
		.map(|steps| {
			steps
				.iter()
				.filter_map(|s| {
					let summary = &s["summary"];
					let tps = summary["tps"].as_f64().filter(|t| *t > 0.0)?;
					let latency = &summary["inclusion_latency"];
					let p50 = latency["p50_ms"].as_f64().filter(|l| *l > 0.0)?;
					let p95 = latency["p95_ms"].as_f64()?.max(p50);
					let samples = summary["included_in_window"].as_u64().unwrap_or(1).max(1);
					Some((
						u32::try_from(s["n"].as_u64()?).ok()?,
						tps,
						p50,
						p95,
						u32::try_from(samples).unwrap_or(u32::MAX),
					))
				})
				.collect()
		})
		.unwrap_or_default()
}

/// A decimal as the pallet's `FixedU128` (18 decimals), rounded to 9.
pub fn fixed(v: f64) -> u128 {
	((v * 1e9).round().max(0.0) as u128) * 1_000_000_000
}

fn fixed_value(v: f64) -> V {
	V::unnamed_composite([V::u128(fixed(v))])
}

/// Why no model will come for a campaign, as the chain says: `check` is its
/// `scalability_checkFit` answer (the collators' fit, dry-run by the runtime). `report` adds
/// the sweep's own R² to the message when the chain finds the fit too poor.
pub fn refusal(check: &Value, report: &Value, min_r_squared: Option<f64>) -> Option<String> {
	if check["accepted"].as_bool() != Some(false) {
		return None;
	}
	let reason = check["reason"].as_str().unwrap_or("unknown");
	let code = check["code"].as_u64().map(|c| format!(", code {c}")).unwrap_or_default();
	let why = match reason {
		"poor_fit" => {
			let r2 = report["model"]["r_squared"]
				.as_f64()
				.map(|r| format!("R² = {r:.3}"))
				.unwrap_or_else(|| "the model".into());
			let min = min_r_squared
				.map(|m| format!("the {m:.2} it accepts"))
				.unwrap_or("its minimum".into());
			format!(
				"{r2} of the throughput explained, below {min} (measure more sizes, or each for \
				 longer)"
			)
		},
		"unfittable" => "the USL engine finds no model within its bounds".into(),
		"too_few_points" => "too few measurements to fit".into(),
		"not_better" => return None,
		other => other.replace('_', " "),
	};
	Some(format!(
		"the chain refuses the collators' model for this campaign ({reason}{code}): {why}; \
		 collators will not submit one"
	))
}

/// What publishing gave: the campaign id, and why it will get no model, when the chain says
/// so.
pub struct Published {
	/// The new campaign.
	pub id: u32,
	/// See [`refusal`].
	pub refusal: Option<String>,
}

/// The campaign a new one is compared with.
pub enum Baseline {
	/// A campaign by id.
	Campaign(u32),
	/// The latest campaign of this release label on the same network.
	Release(String),
}

/// Publishes the report as a campaign.
pub async fn publish(
	report: &Value,
	url: &str,
	suri: &str,
	network: Option<String>,
	release: Option<String>,
	baseline: Option<Baseline>,
	close: bool,
) -> Result<Published, String> {
	let points = points(report);
	if points.len() < 3 {
		return Err(format!(
			"the report has {} usable steps; a campaign needs at least 3 to be fitted",
			points.len()
		));
	}
	let uri: SecretUri = suri.parse().map_err(|e| format!("--suri: {e}"))?;
	let signer = Keypair::from_uri(&uri).map_err(|e| format!("--suri: {e}"))?;
	let node = chain::connect(url).await?;
	let network = network
		.or_else(|| report["network"].as_str().map(String::from))
		.unwrap_or_else(|| "dev".into());
	let release = release
		.or_else(|| report["release"].as_str().map(String::from))
		.unwrap_or_else(|| "unreleased".into());
	let max_len = chain::constant_u128(&node, "Scalability", "MaxLabelLen").unwrap_or(64);
	check_label("network", &network, max_len)?;
	check_label("release", &release, max_len)?;
	let kind = match report["sweep_kind"].as_str() {
		Some("validators") => "Validators",
		Some("nodes") => "Nodes",
		_ => "Senders",
	};
	let baseline = match baseline {
		Some(Baseline::Campaign(id)) => Some(id),
		Some(Baseline::Release(label)) => {
			Some(crate::campaigns::find(&node.rpc_client, &network, &label).await?)
		},
		None => None,
	};
	let baseline = match baseline {
		Some(id) => V::unnamed_variant("Some", [V::u128(u128::from(id))]),
		None => V::unnamed_variant("None", []),
	};
	let create = subxt::dynamic::tx(
		"Scalability",
		"create_campaign",
		vec![
			V::from_bytes(network.as_bytes()),
			V::from_bytes(release.as_bytes()),
			V::unnamed_variant(kind, []),
			baseline,
		],
	);
	let events = submit(&node, &create, &signer).await?;
	let id = events
		.iter()
		.flatten()
		.find(|e| e.pallet_name() == "Scalability" && e.variant_name() == "CampaignCreated")
		.and_then(|e| e.field_values().ok())
		.and_then(|fields| campaign_field(&fields))
		.ok_or("the chain did not report the new campaign (is this a Stacktical chain?)")?;
	let measurements: Vec<V> = points
		.iter()
		.map(|&(n, tps, p50, p95, samples)| {
			V::named_composite([
				("n", V::u128(u128::from(n))),
				("tps", fixed_value(tps)),
				("latency_p50_ms", fixed_value(p50)),
				("latency_p95_ms", fixed_value(p95)),
				("samples", V::u128(u128::from(samples))),
			])
		})
		.collect();
	let submit_points = subxt::dynamic::tx(
		"Scalability",
		"submit_measurements",
		vec![V::u128(u128::from(id)), V::unnamed_composite(measurements)],
	);
	submit(&node, &submit_points, &signer).await?;
	if close {
		let close =
			subxt::dynamic::tx("Scalability", "close_campaign", vec![V::u128(u128::from(id))]);
		submit(&node, &close, &signer).await?;
	}
	let check = crate::campaigns::check_fit(&node.rpc_client, id).await?;
	let refusal = refusal(&check, report, chain::min_r_squared(&node).ok());
	Ok(Published { id, refusal })
}

/// A label the chain takes: 1 to `max_len` printable ASCII bytes, no spaces.
pub fn check_label(what: &str, label: &str, max_len: u128) -> Result<(), String> {
	if label.is_empty() || !label.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
		return Err(format!("the {what} label {label:?} must be printable ASCII without spaces"));
	}
	if label.len() as u128 > max_len {
		return Err(format!(
			"the {what} label {label:?} has {} bytes; the chain takes at most {max_len}",
			label.len()
		));
	}
	Ok(())
}

fn campaign_field(fields: &subxt::ext::scale_value::Composite<u32>) -> Option<u32> {
	match fields {
		subxt::ext::scale_value::Composite::Named(named) => named
			.iter()
			.find(|(name, _)| name == "campaign")
			.and_then(|(_, v)| v.as_u128())
			.and_then(|v| u32::try_from(v).ok()),
		subxt::ext::scale_value::Composite::Unnamed(values) => {
			values.first().and_then(|v| v.as_u128()).and_then(|v| u32::try_from(v).ok())
		},
	}
}

use chain::submit_and_wait as submit;

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	#[test]
	fn the_chains_refusal_is_announced_in_words() {
		let report = json!({"model": {"r_squared": 0.31}});
		let poor = json!({"accepted": false, "reason": "poor_fit", "code": 7});
		let text = refusal(&poor, &report, Some(0.5)).expect("refused");
		assert!(
			text.contains("R² = 0.310") && text.contains("0.50") && text.contains("code 7"),
			"{text}"
		);
		let accepted = json!({"accepted": true, "insights": {}});
		assert_eq!(refusal(&accepted, &report, Some(0.5)), None);
		// Another model as good is on-chain already: one is coming or came.
		let not_better = json!({"accepted": false, "reason": "not_better", "code": 8});
		assert_eq!(refusal(&not_better, &report, Some(0.5)), None);
		let text =
			refusal(&json!({"accepted": false, "reason": "unfittable", "code": 10}), &report, None)
				.expect("refused");
		assert!(text.contains("no model within its bounds"), "{text}");
		assert_eq!(refusal(&Value::Null, &report, None), None, "unknown campaign: nothing known");
	}

	#[test]
	fn labels_are_checked_before_anything_is_sent() {
		assert!(check_label("network", "polkadot-local-8", 64).is_ok());
		assert!(check_label("network", "two words", 64).unwrap_err().contains("printable ASCII"));
		assert!(check_label("release", "", 64).is_err());
		let long = "x".repeat(65);
		assert!(check_label("release", &long, 64).unwrap_err().contains("at most 64"));
	}

	#[test]
	fn steps_become_measurements() {
		let report = json!({"steps": [
			{"n": 1, "summary": {"tps": 10.5, "included_in_window": 200, "inclusion_latency": {"p50_ms": 90.0, "p95_ms": 120.0}}},
			{"n": 2, "summary": {"tps": 0.0, "included_in_window": 0, "inclusion_latency": null}},
			{"n": 4, "summary": {"tps": 30.0, "included_in_window": 600, "inclusion_latency": {"p50_ms": 130.0, "p95_ms": 125.0}}},
		]});
		assert_eq!(
			points(&report),
			vec![(1, 10.5, 90.0, 120.0, 200), (4, 30.0, 130.0, 130.0, 600)]
		);
		assert_eq!(fixed(1.5), 1_500_000_000_000_000_000);
		assert_eq!(fixed(64.9), 64_900_000_000_000_000_000);
	}
}

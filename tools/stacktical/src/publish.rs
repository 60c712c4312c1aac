//! `stacktical publish`: record a `stacktical bench` report as a campaign of the Stacktical
//! chain's scalability pallet, so that collators fit it and the runtime verifies the model.

use crate::chain;
use serde_json::Value;
use subxt::{dynamic::Value as V, ext::subxt_rpcs::rpc_params};
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

/// Why collators will not submit a model for this report's campaign, if the report says so:
/// its own fit explains less of the throughput (R²) than the chain accepts (`min_r_squared`).
/// Collators fit the same points with the same engine, so they find the same R².
pub fn refusal(report: &Value, min_r_squared: f64) -> Option<String> {
	let r_squared = report["model"]["r_squared"].as_f64()?;
	(r_squared < min_r_squared - 1e-6).then(|| {
		format!(
			"the sweep's model explains R² = {r_squared:.3} of its throughput, below the \
			 {min_r_squared:.2} the chain accepts: collators will not submit a model for this \
			 campaign (measure more sizes, or each for longer)"
		)
	})
}

/// What publishing gave: the campaign id, and why it will get no model, when that is known.
pub struct Published {
	/// The new campaign.
	pub id: u32,
	/// See [`refusal`].
	pub refusal: Option<String>,
}

/// Publishes the report as a campaign.
pub async fn publish(
	report: &Value,
	url: &str,
	suri: &str,
	network: Option<String>,
	release: Option<String>,
	baseline: Option<u32>,
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
	let kind = match report["sweep_kind"].as_str() {
		Some("validators") => "Validators",
		Some("nodes") => "Nodes",
		_ => "Senders",
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
	let refusal = chain::min_r_squared(&node).ok().and_then(|min| refusal(report, min));
	Ok(Published { id, refusal })
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

/// Signs, submits and waits until a block includes the transaction successfully.
async fn submit(
	node: &chain::Node,
	call: &subxt::tx::DynamicPayload,
	signer: &Keypair,
) -> Result<subxt::blocks::ExtrinsicEvents<subxt::PolkadotConfig>, String> {
	let progress = node
		.api
		.tx()
		.sign_and_submit_then_watch_default(call, signer)
		.await
		.map_err(|e| format!("submitting {}.{}: {e}", call.pallet_name(), call.call_name()))?;
	progress
		.wait_for_finalized_success()
		.await
		.map_err(|e| format!("{}.{}: {e}", call.pallet_name(), call.call_name()))
}

/// Polls `scalability_campaign` until the campaign has a model or `timeout` passes.
pub async fn wait_for_model(
	url: &str,
	id: u32,
	timeout: std::time::Duration,
) -> Result<Value, String> {
	let client = subxt::backend::rpc::RpcClient::from_insecure_url(url)
		.await
		.map_err(|e| format!("{url}: {e}"))?;
	let deadline = std::time::Instant::now() + timeout;
	loop {
		let campaign: Value = client
			.request("scalability_campaign", rpc_params![id])
			.await
			.map_err(|e| format!("scalability_campaign: {e}"))?;
		if !campaign["model"].is_null() {
			return Ok(campaign);
		}
		if std::time::Instant::now() >= deadline {
			return Err(format!("no model for campaign {id} within {} s", timeout.as_secs()));
		}
		tokio::time::sleep(std::time::Duration::from_secs(1)).await;
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	#[test]
	fn a_fit_below_the_chains_minimum_r_squared_is_announced() {
		let report = |r2: f64| json!({"model": {"r_squared": r2}});
		let text = refusal(&report(0.31), 0.5).expect("refused");
		assert!(text.contains("R² = 0.310") && text.contains("0.50"), "{text}");
		assert_eq!(refusal(&report(0.5), 0.5), None);
		assert_eq!(refusal(&report(0.93), 0.5), None);
		assert_eq!(refusal(&json!({"model": null}), 0.5), None, "no model: nothing known");
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

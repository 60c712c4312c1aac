//! `stacktical sla`: SLAs on a Stacktical chain for validators and nominators, without
//! writing code. `offer` (and open its market), `cover`, `settle`, `claim`, `back`,
//! `withdraw` submit transactions; `show` reads an SLA, its periods and an account's
//! position through the runtime's `SlaApi` (`state_call`, so any node hosting the runtime
//! answers) in the JSON the `sla_*` methods give.
//!
//! The parsers here are pure: an objective reads `uptime>=99.5` or `p95<=250` (percent for
//! uptime, ms for latencies), a credit rule `deviation:25` or `tiers:0.5=5,1=10,4.5=50`
//! (shortfall in the objective's unit = credit %), a cadence `hours:1`, `days:1`, `weeks:1`,
//! `months:1` or `eras:1`, an amount `12.5` in whole tokens.

use crate::chain;
use pallet_sla_rpc::{period_json, position_json, sla_json};
use pallet_sla_runtime_api::{PeriodDetails, PositionDetails, SlaDetails, SlaQueryError};
use polkadot_sdk::sp_runtime::AccountId32;
use serde_json::{json, Value};
use subxt::dynamic::Value as V;
use subxt_signer::{sr25519::Keypair, SecretUri};

type Balance = u128;

/// An objective as the pallet takes it: metric, `true` for at least, target (ppm or µs).
#[derive(Clone, Debug, PartialEq)]
pub struct Objective {
	pub metric: &'static str,
	pub at_least: bool,
	pub target: u32,
}

/// The pallet's name of a metric, and whether it is uptime.
fn metric(name: &str) -> Option<(&'static str, bool)> {
	Some(match name {
		"uptime" => ("Uptime", true),
		"mean" | "latency" => ("LatencyMean", false),
		"p50" => ("LatencyP50", false),
		"p95" => ("LatencyP95", false),
		"p99" => ("LatencyP99", false),
		_ => return None,
	})
}

/// A decimal in the metric's unit (percent for uptime, ms for latency) in the pallet's
/// (ppm, µs).
fn in_pallet_unit(value: f64, uptime: bool) -> Result<u32, String> {
	if !value.is_finite() || value < 0.0 || (uptime && value > 100.0) {
		return Err(format!(
			"{value} is out of range{}",
			if uptime { " (0 to 100 %)" } else { "" }
		));
	}
	let scaled = (value * if uptime { 10_000.0 } else { 1_000.0 }).round();
	u32::try_from(scaled as u64).map_err(|_| format!("{value} is too large"))
}

/// Parses `uptime>=99.5`, `p95<=250`, `mean<=120` (ms).
pub fn parse_objective(text: &str) -> Result<Objective, String> {
	let (name, at_least, value) = if let Some((n, v)) = text.split_once(">=") {
		(n, true, v)
	} else if let Some((n, v)) = text.split_once("<=") {
		(n, false, v)
	} else {
		return Err(format!("objective `{text}`: write METRIC>=VALUE or METRIC<=VALUE, e.g. uptime>=99.5 or p95<=250"));
	};
	let (metric, uptime) = metric(name.trim()).ok_or_else(|| {
		format!("objective `{text}`: unknown SLI `{name}` (uptime, mean, p50, p95, p99)")
	})?;
	let value: f64 = value
		.trim()
		.parse()
		.map_err(|_| format!("objective `{text}`: `{value}` is not a number"))?;
	let target = in_pallet_unit(value, uptime).map_err(|e| format!("objective `{text}`: {e}"))?;
	Ok(Objective { metric, at_least, target })
}

/// A credit rule: `Deviation(cap ppm)` or `Tiers[(shortfall in the decimal unit, credit ppm)]`.
#[derive(Clone, Debug, PartialEq)]
pub enum Credit {
	Deviation(u32),
	Tiers(Vec<(f64, u32)>),
}

/// Parses a percentage (`25` or `25%`) into ppm.
pub fn parse_percent(text: &str) -> Result<u32, String> {
	percent_ppm(text)
}

fn percent_ppm(text: &str) -> Result<u32, String> {
	let value: f64 = text
		.trim()
		.trim_end_matches('%')
		.parse()
		.map_err(|_| format!("`{text}` is not a percentage"))?;
	in_pallet_unit(value, true)
}

/// Parses `deviation:25` or `tiers:0.5=5,1=10,4.5=50`.
pub fn parse_credit(text: &str) -> Result<Credit, String> {
	let (kind, rest) = text.split_once(':').ok_or_else(|| {
		format!("credit `{text}`: write deviation:CAP% or tiers:SHORTFALL=CREDIT%,...")
	})?;
	match kind {
		"deviation" => {
			Ok(Credit::Deviation(percent_ppm(rest).map_err(|e| format!("credit `{text}`: {e}"))?))
		},
		"tiers" => rest
			.split(',')
			.map(|row| {
				let (shortfall, credit) = row
					.split_once('=')
					.ok_or_else(|| format!("tier `{row}`: write SHORTFALL=CREDIT%"))?;
				let shortfall: f64 = shortfall
					.trim()
					.parse()
					.map_err(|_| format!("tier `{row}`: `{shortfall}` is not a number"))?;
				Ok((shortfall, percent_ppm(credit).map_err(|e| format!("tier `{row}`: {e}"))?))
			})
			.collect::<Result<Vec<_>, String>>()
			.map(Credit::Tiers),
		other => Err(format!("credit `{text}`: unknown rule `{other}` (deviation or tiers)")),
	}
}

/// Parses `hours:1`, `days:7`, `weeks:1`, `months:1`, `eras:1` into the pallet's variant.
pub fn parse_cadence(text: &str) -> Result<(&'static str, u8), String> {
	let (unit, count) = text.split_once(':').unwrap_or((text, "1"));
	let variant = match unit {
		"hours" | "hour" => "Hours",
		"days" | "day" => "Days",
		"weeks" | "week" => "Weeks",
		"months" | "month" => "Months",
		"eras" | "era" => "Eras",
		_ => {
			return Err(format!(
				"cadence `{text}`: use hours:N, days:N, weeks:N, months:N or eras:N"
			))
		},
	};
	let count: u8 = count
		.parse()
		.ok()
		.filter(|c| *c >= 1)
		.ok_or_else(|| format!("cadence `{text}`: the count must be 1 to 255"))?;
	Ok((variant, count))
}

/// Parses an amount in whole tokens (`12.5`) into the chain's smallest unit.
pub fn parse_amount(text: &str, decimals: u32) -> Result<Balance, String> {
	let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
	if whole.is_empty() && fraction.is_empty() || fraction.len() > decimals as usize {
		return Err(format!("amount `{text}`: at most {decimals} decimals"));
	}
	let digits = |s: &str| s.is_empty() || s.bytes().all(|b| b.is_ascii_digit());
	if !digits(whole) || !digits(fraction) {
		return Err(format!("amount `{text}` is not a decimal number"));
	}
	let whole: Balance = if whole.is_empty() {
		0
	} else {
		whole.parse().map_err(|_| format!("amount `{text}` is too large"))?
	};
	let fraction: Balance =
		format!("{fraction:0<width$}", width = decimals as usize).parse().unwrap_or(0);
	whole
		.checked_mul(10u128.pow(decimals))
		.and_then(|w| w.checked_add(fraction))
		.ok_or_else(|| format!("amount `{text}` is too large"))
}

/// The start of period 0: the first whole hour at least `lead_ms` after `now_ms`.
pub fn next_start(now_ms: u64, lead_ms: u64) -> u64 {
	const HOUR: u64 = 3_600_000;
	now_ms.saturating_add(lead_ms).saturating_add(1).div_ceil(HOUR) * HOUR
}

/// The chain's token decimals (12 when it does not say).
async fn decimals(node: &chain::Node) -> u32 {
	let props: Result<Value, _> =
		node.rpc_client.request("system_properties", subxt::ext::subxt_rpcs::rpc_params![]).await;
	props
		.ok()
		.and_then(|p| p["tokenDecimals"].as_u64())
		.and_then(|d| u32::try_from(d).ok())
		.unwrap_or(12)
}

async fn now_ms(node: &chain::Node) -> Result<u64, String> {
	let query = subxt::dynamic::storage("Timestamp", "Now", ());
	let value = node
		.api
		.storage()
		.at_latest()
		.await
		.map_err(|e| e.to_string())?
		.fetch(&query)
		.await
		.map_err(|e| e.to_string())?;
	value
		.and_then(|v| v.to_value().ok())
		.and_then(|v| v.as_u128())
		.and_then(|v| u64::try_from(v).ok())
		.ok_or_else(|| "the chain has no timestamp".into())
}

fn signer(suri: &str) -> Result<Keypair, String> {
	let uri: SecretUri = suri.parse().map_err(|e| format!("--suri: {e}"))?;
	Keypair::from_uri(&uri).map_err(|e| format!("--suri: {e}"))
}

fn account(text: &str) -> Result<AccountId32, String> {
	text.parse::<AccountId32>().map_err(|_| format!("`{text}` is not an account (SS58 address)"))
}

/// The terms of an offer, as given on the command line.
pub struct Offer {
	pub members: Vec<String>,
	pub objectives: Vec<Objective>,
	pub credit: Credit,
	pub cadence: (&'static str, u8),
	/// Unix ms; `None`: the next whole hour after the chain's minimum lead.
	pub first: Option<u64>,
	pub periods: u32,
	pub min_probes: u32,
	pub min_probers: u32,
	pub maintenance_ms: u64,
	pub notice_periods: u32,
}

/// What opening the market needs: premium and cap in ppm, leverage, bond in whole tokens.
pub struct MarketArgs {
	pub premium_ppm: u32,
	pub leverage: u32,
	pub period_cap_ppm: u32,
	pub bond: String,
}

fn clause(o: &Objective, credit: &Credit) -> Result<V, String> {
	let rule = match credit {
		Credit::Deviation(cap) => {
			V::named_variant("Deviation", [("cap_ppm", V::u128(u128::from(*cap)))])
		},
		Credit::Tiers(rows) => V::unnamed_variant(
			"Tiers",
			[V::unnamed_composite(
				rows.iter()
					.map(|(shortfall, credit)| {
						Ok(V::named_composite([
							(
								"shortfall",
								V::u128(u128::from(in_pallet_unit(
									*shortfall,
									o.metric == "Uptime",
								)?)),
							),
							("credit_ppm", V::u128(u128::from(*credit))),
						]))
					})
					.collect::<Result<Vec<_>, String>>()?,
			)],
		),
	};
	Ok(V::named_composite([
		(
			"objective",
			V::named_composite([
				("metric", V::unnamed_variant(o.metric, [])),
				(
					"direction",
					V::unnamed_variant(if o.at_least { "AtLeast" } else { "AtMost" }, []),
				),
				("target", V::u128(u128::from(o.target))),
			]),
		),
		("credit", rule),
	]))
}

/// Offers the SLA (and opens its market); returns its id.
pub async fn offer(
	url: &str,
	suri: &str,
	offer: Offer,
	market: Option<MarketArgs>,
) -> Result<u32, String> {
	if offer.objectives.is_empty() {
		return Err("give at least one --objective".into());
	}
	let node = chain::connect(url).await?;
	let signer = signer(suri)?;
	let members = offer
		.members
		.iter()
		.map(|m| account(m).map(|a| V::from_bytes(AsRef::<[u8; 32]>::as_ref(&a))))
		.collect::<Result<Vec<_>, _>>()?;
	let first = match offer.first {
		Some(ms) => ms,
		None if offer.cadence.0 == "Eras" => return Err("for eras, give --first ERA_INDEX".into()),
		None => {
			let lead = chain::constant_u128(&node, "Sla", "MinLead").unwrap_or(600_000);
			next_start(now_ms(&node).await?, u64::try_from(lead).unwrap_or(u64::MAX))
		},
	};
	let clauses =
		offer.objectives.iter().map(|o| clause(o, &offer.credit)).collect::<Result<Vec<_>, _>>()?;
	let terms = V::named_composite([
		("clauses", V::unnamed_composite(clauses)),
		("cadence", V::unnamed_variant(offer.cadence.0, [V::u128(u128::from(offer.cadence.1))])),
		("first", V::u128(u128::from(first))),
		("periods", V::u128(u128::from(offer.periods))),
		(
			"gate",
			V::named_composite([
				("min_probes", V::u128(u128::from(offer.min_probes))),
				("min_probers", V::u128(u128::from(offer.min_probers))),
			]),
		),
		("maintenance_ms", V::u128(u128::from(offer.maintenance_ms))),
		("notice_periods", V::u128(u128::from(offer.notice_periods))),
	]);
	let call = subxt::dynamic::tx("Sla", "offer", vec![V::unnamed_composite(members), terms]);
	let events = chain::submit_and_wait(&node, &call, &signer).await?;
	let id = events
		.iter()
		.flatten()
		.find(|e| e.pallet_name() == "Sla" && e.variant_name() == "Offered")
		.and_then(|e| e.field_values().ok())
		.and_then(|fields| first_u32(&fields))
		.ok_or("the chain did not report the new SLA (is this a Stacktical chain?)")?;
	if let Some(m) = market {
		let bond = parse_amount(&m.bond, decimals(&node).await)?;
		let terms = V::named_composite([
			("premium_ppm", V::u128(u128::from(m.premium_ppm))),
			("leverage", V::u128(u128::from(m.leverage))),
			("period_cap_ppm", V::u128(u128::from(m.period_cap_ppm))),
		]);
		let open = subxt::dynamic::tx(
			"Compensation",
			"open",
			vec![V::u128(u128::from(id)), terms, V::u128(bond)],
		);
		chain::submit_and_wait(&node, &open, &signer).await?;
	}
	Ok(id)
}

fn first_u32(fields: &subxt::ext::scale_value::Composite<u32>) -> Option<u32> {
	let value = match fields {
		subxt::ext::scale_value::Composite::Named(named) => named.first().map(|(_, v)| v),
		subxt::ext::scale_value::Composite::Unnamed(values) => values.first(),
	}?;
	value.as_u128().and_then(|v| u32::try_from(v).ok())
}

/// A money transaction: `cover`, `claim`, `back`, `withdraw`, `settle`.
pub enum Action {
	Cover {
		amount: String,
		periods: u32,
	},
	Back {
		amount: String,
	},
	Claim,
	Withdraw,
	/// The next unsettled period (or this one).
	Settle {
		period: Option<u32>,
	},
}

/// Submits `action` on SLA `id`; returns what happened, in words.
pub async fn act(url: &str, suri: &str, id: u32, action: Action) -> Result<String, String> {
	let node = chain::connect(url).await?;
	let signer = signer(suri)?;
	let sla = V::u128(u128::from(id));
	let (call, done) = match action {
		Action::Cover { amount, periods } => {
			let amount = parse_amount(&amount, decimals(&node).await)?;
			(
				subxt::dynamic::tx(
					"Compensation",
					"buy_cover",
					vec![sla, V::u128(amount), V::u128(u128::from(periods))],
				),
				format!("bought cover on SLA {id} for {periods} periods"),
			)
		},
		Action::Back { amount } => {
			let amount = parse_amount(&amount, decimals(&node).await)?;
			(
				subxt::dynamic::tx("Compensation", "back", vec![sla, V::u128(amount)]),
				format!("backed SLA {id}"),
			)
		},
		Action::Claim => {
			(subxt::dynamic::tx("Compensation", "claim", vec![sla]), format!("claimed on SLA {id}"))
		},
		Action::Withdraw => (
			subxt::dynamic::tx("Compensation", "withdraw", vec![sla]),
			format!("withdrew from SLA {id}"),
		),
		Action::Settle { period } => {
			let period = match period {
				Some(p) => p,
				None => details(&node.rpc_client, id).await?.next_settle,
			};
			(
				subxt::dynamic::tx("Sla", "settle", vec![sla, V::u128(u128::from(period))]),
				format!("settled period {period} of SLA {id}"),
			)
		},
	};
	chain::submit_and_wait(&node, &call, &signer).await?;
	Ok(done)
}

async fn details(
	client: &subxt::backend::rpc::RpcClient,
	id: u32,
) -> Result<SlaDetails<AccountId32, Balance>, String> {
	let answer: Result<SlaDetails<AccountId32, Balance>, SlaQueryError> =
		chain::runtime_call(client, "SlaApi_sla", id).await?;
	answer.map_err(|_| format!("the chain has no SLA {id}"))
}

/// The SLA, its settled periods and (with `who`) that account's position, as JSON.
pub async fn show(url: &str, id: u32, who: Option<&str>) -> Result<Value, String> {
	let client = subxt::backend::rpc::RpcClient::from_insecure_url(url)
		.await
		.map_err(|e| format!("{url}: {e}"))?;
	let sla = details(&client, id).await?;
	let periods: Result<Vec<PeriodDetails<AccountId32, Balance>>, SlaQueryError> =
		chain::runtime_call(
			&client,
			"SlaApi_periods",
			(id, 0u32, pallet_sla_runtime_api::MAX_PERIODS_PER_QUERY),
		)
		.await?;
	let periods = periods.map_err(|_| format!("the chain has no SLA {id}"))?;
	let mut out = json!({
		"sla": sla_json(&sla),
		"periods": periods.iter().map(period_json).collect::<Vec<_>>(),
	});
	if let Some(who) = who {
		let account = account(who)?;
		let position: Result<PositionDetails<Balance>, SlaQueryError> =
			chain::runtime_call(&client, "SlaApi_position", (id, account)).await?;
		let position = position.map_err(|_| format!("the chain has no SLA {id}"))?;
		out["position"] =
			serde_json::to_value(position_json(&position)).map_err(|e| e.to_string())?;
	}
	Ok(out)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn objectives_read_as_people_write_them() {
		assert_eq!(
			parse_objective("uptime>=99.5"),
			Ok(Objective { metric: "Uptime", at_least: true, target: 995_000 })
		);
		assert_eq!(
			parse_objective("p95<=250"),
			Ok(Objective { metric: "LatencyP95", at_least: false, target: 250_000 })
		);
		assert!(parse_objective("uptime>=101").unwrap_err().contains("out of range"));
		assert!(parse_objective("jitter<=3").unwrap_err().contains("unknown SLI"));
		assert!(parse_objective("uptime=99").unwrap_err().contains("METRIC>=VALUE"));
	}

	#[test]
	fn credit_rules_parse() {
		assert_eq!(parse_credit("deviation:25"), Ok(Credit::Deviation(250_000)));
		assert_eq!(
			parse_credit("tiers:0.5=5,4.5=50%"),
			Ok(Credit::Tiers(vec![(0.5, 50_000), (4.5, 500_000)]))
		);
		assert!(parse_credit("linear:3").unwrap_err().contains("unknown rule"));
		assert!(parse_credit("tiers:1").unwrap_err().contains("SHORTFALL=CREDIT"));
	}

	#[test]
	fn cadences_and_amounts_parse() {
		assert_eq!(parse_cadence("hours:1"), Ok(("Hours", 1)));
		assert_eq!(parse_cadence("months"), Ok(("Months", 1)));
		assert!(parse_cadence("days:0").is_err());
		assert!(parse_cadence("fortnights:1").is_err());
		assert_eq!(parse_amount("12.5", 12), Ok(12_500_000_000_000));
		assert_eq!(parse_amount("0.000000000001", 12), Ok(1));
		assert!(parse_amount("1.0000000000001", 12).is_err());
		assert!(parse_amount("1e3", 12).is_err());
		assert!(parse_amount("", 12).is_err());
	}

	#[test]
	fn the_first_period_starts_on_the_next_whole_hour_after_the_lead() {
		const H: u64 = 3_600_000;
		assert_eq!(next_start(10 * H, 0), 11 * H);
		assert_eq!(next_start(10 * H + 1, 10 * 60_000), 11 * H);
		assert_eq!(next_start(11 * H - 5 * 60_000, 10 * 60_000), 12 * H);
	}
}

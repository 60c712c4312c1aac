//! JSON-RPC methods of the SLA contracts and their compensation, for nominators, validators
//! and dashboards.
//!
//! | method | parameters | returns |
//! |---|---|---|
//! | `sla_get` | SLA id, optional block hash | the SLA's terms, state and market |
//! | `sla_periods` | SLA id, optional first period, optional count (≤ 400), optional block hash | its settled periods: SLIs, verdict, status and the money moved |
//! | `sla_offers` | stash, optional block hash | the SLAs (not ended) the validator is a member of |
//! | `sla_position` | SLA id, account, optional block hash | the account's cover and backing and what it can claim |
//!
//! Uptime, targets on uptime, credits and premiums are percentages; latency in ms; times in
//! Unix ms; balances in the chain's smallest unit as decimal strings. `docs/sla.md` shows
//! examples.

use codec::Codec;
use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use pallet_compensation::{Cover, Market, PeriodMoney};
use pallet_monitoring_rpc::{ms, parse_account, percent, sli_json, SliJson};
use pallet_sla::{
	Cadence, Clause, CreditRule, Direction, Metric, PeriodStatus, SlaState, Tier, Verdict,
	VoidReason,
};
pub use pallet_sla_runtime_api::SlaApi as SlaRuntimeApi;
use pallet_sla_runtime_api::{PeriodDetails, PositionDetails, SlaDetails, SlaQueryError};
use polkadot_sdk::{
	sp_api::ProvideRuntimeApi, sp_blockchain::HeaderBackend, sp_runtime::traits::Block as BlockT,
};
use serde::{Deserialize, Serialize};
use std::{fmt::Display, marker::PhantomData, str::FromStr, sync::Arc};

/// How a miss is credited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum CreditJson {
	/// DSLA's relative deviation, capped.
	Deviation { cap_percent: f64 },
	/// Rows of (shortfall in the objective's unit, credit).
	Tiers { tiers: Vec<TierJson> },
}

/// One row of a tier table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TierJson {
	/// In percentage points for uptime, ms for a latency.
	pub shortfall: f64,
	pub credit_percent: f64,
}

/// An objective and its credit rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveJson {
	/// `uptime`, `latency_mean`, `latency_p50`, `latency_p95` or `latency_p99`.
	pub metric: String,
	/// `at_least` or `at_most`.
	pub direction: String,
	/// In percent for uptime, ms for a latency.
	pub target: f64,
	pub credit: CreditJson,
}

/// A market's terms and books.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarketJson {
	pub premium_percent: f64,
	pub leverage: u32,
	pub period_cap_percent: f64,
	pub bond: String,
	pub backing: String,
	pub outstanding_cover: String,
	pub compensation_paid: String,
	/// Periods before this one moved their money.
	pub finalised: u32,
	pub cancelled: bool,
}

/// An SLA.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlaJson {
	pub id: u32,
	pub provider: String,
	pub members: Vec<String>,
	pub objectives: Vec<ObjectiveJson>,
	/// `hours:N`, `days:N`, `weeks:N`, `months:N` or `eras:N`.
	pub cadence: String,
	pub start: u64,
	pub period_ms: u64,
	pub periods: u32,
	pub last_period: u32,
	pub min_probes: u32,
	pub min_probers: u32,
	pub maintenance_ms: u64,
	pub notice_periods: u32,
	/// `offered`, `active`, `ending` or `ended`.
	pub state: String,
	pub next_settle: u32,
	pub next_final: u32,
	pub market: Option<MarketJson>,
}

/// The money a final period moved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MoneyJson {
	pub cover: String,
	pub premium: String,
	pub from_bond: String,
	pub from_backing: String,
	pub to_provider: String,
	pub to_backers: String,
	pub refunded: String,
}

/// A settled period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodJson {
	pub period: u32,
	pub from: u64,
	pub to: u64,
	/// `met`, `breached` or `void`.
	pub verdict: String,
	/// For a breach.
	pub credit_percent: Option<f64>,
	/// For a void period: `too_few_probes`, `too_few_probers` or `evidence_expired`.
	pub void_reason: Option<String>,
	/// The group's pooled SLIs over the period.
	pub sli: SliJson,
	/// Uptime as judged (paused time beyond the allowance as down).
	pub judged_uptime_percent: Option<f64>,
	pub probers: u32,
	pub paused_ms: u64,
	pub tampered: bool,
	pub settled_at: u64,
	/// `disputable`, `disputed` or `final`.
	pub status: String,
	/// End of the dispute window, while disputable.
	pub disputable_until: Option<u64>,
	pub money: Option<MoneyJson>,
}

/// A cover position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoverJson {
	pub amount: String,
	/// Paid per period.
	pub premium: String,
	/// Periods `[from, to)`.
	pub from: u32,
	pub to: u32,
	pub claimed: String,
}

/// An account's positions on an SLA.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PositionJson {
	pub cover: Option<CoverJson>,
	pub claimable_cover: String,
	/// Backing shares, as a decimal string.
	pub backing_shares: Option<String>,
	pub backing_value: String,
	pub claimable_rewards: String,
}

fn metric_name(m: Metric) -> &'static str {
	match m {
		Metric::Uptime => "uptime",
		Metric::LatencyMean => "latency_mean",
		Metric::LatencyP50 => "latency_p50",
		Metric::LatencyP95 => "latency_p95",
		Metric::LatencyP99 => "latency_p99",
	}
}

/// A value of `metric` in its JSON unit: percent for uptime, ms for a latency.
fn in_unit(metric: Metric, value: u32) -> f64 {
	match metric {
		Metric::Uptime => percent(value),
		_ => ms(value),
	}
}

/// An objective as JSON.
pub fn objective_json(c: &Clause<Vec<Tier>>) -> ObjectiveJson {
	let metric = c.objective.metric;
	ObjectiveJson {
		metric: metric_name(metric).into(),
		direction: match c.objective.direction {
			Direction::AtLeast => "at_least",
			Direction::AtMost => "at_most",
		}
		.into(),
		target: in_unit(metric, c.objective.target),
		credit: match &c.credit {
			CreditRule::Deviation { cap_ppm } => {
				CreditJson::Deviation { cap_percent: percent(*cap_ppm) }
			},
			CreditRule::Tiers(tiers) => CreditJson::Tiers {
				tiers: tiers
					.iter()
					.map(|t| TierJson {
						shortfall: in_unit(metric, t.shortfall),
						credit_percent: percent(t.credit_ppm),
					})
					.collect(),
			},
		},
	}
}

fn market_json<A, B: Display>(m: &Market<A, B>) -> MarketJson {
	MarketJson {
		premium_percent: percent(m.terms.premium_ppm),
		leverage: m.terms.leverage,
		period_cap_percent: percent(m.terms.period_cap_ppm),
		bond: m.bond.to_string(),
		backing: m.backing.to_string(),
		outstanding_cover: m.outstanding.to_string(),
		compensation_paid: m.compensation_paid.to_string(),
		finalised: m.finalised,
		cancelled: m.cancelled,
	}
}

/// An SLA as JSON.
pub fn sla_json<A: Display, B: Display>(s: &SlaDetails<A, B>) -> SlaJson {
	let (unit, n) = match s.cadence {
		Cadence::Hours(n) => ("hours", n),
		Cadence::Days(n) => ("days", n),
		Cadence::Weeks(n) => ("weeks", n),
		Cadence::Months(n) => ("months", n),
		Cadence::Eras(n) => ("eras", n),
	};
	SlaJson {
		id: s.id,
		provider: s.provider.to_string(),
		members: s.members.iter().map(ToString::to_string).collect(),
		objectives: s.clauses.iter().map(objective_json).collect(),
		cadence: format!("{unit}:{n}"),
		start: s.start_ms,
		period_ms: s.period_ms,
		periods: s.periods,
		last_period: s.last_period,
		min_probes: s.gate.min_probes,
		min_probers: s.gate.min_probers,
		maintenance_ms: s.maintenance_ms,
		notice_periods: s.notice_periods,
		state: match s.state {
			SlaState::Offered => "offered",
			SlaState::Active => "active",
			SlaState::Ending { .. } => "ending",
			SlaState::Ended => "ended",
		}
		.into(),
		next_settle: s.next_settle,
		next_final: s.next_final,
		market: s.market.as_ref().map(market_json),
	}
}

fn money_json<B: Display>(m: &PeriodMoney<B>) -> MoneyJson {
	MoneyJson {
		cover: m.cover.to_string(),
		premium: m.premium.to_string(),
		from_bond: m.from_bond.to_string(),
		from_backing: m.from_backing.to_string(),
		to_provider: m.to_provider.to_string(),
		to_backers: m.to_backers.to_string(),
		refunded: m.refunded.to_string(),
	}
}

/// A period as JSON.
pub fn period_json<A, B: Display>(p: &PeriodDetails<A, B>) -> PeriodJson {
	let r = &p.record;
	let (verdict, credit_percent, void_reason) = match r.verdict {
		Verdict::Met => ("met", None, None),
		Verdict::Breached { credit_ppm } => ("breached", Some(percent(credit_ppm)), None),
		Verdict::Void(reason) => (
			"void",
			None,
			Some(
				match reason {
					VoidReason::TooFewProbes => "too_few_probes",
					VoidReason::TooFewProbers => "too_few_probers",
					VoidReason::EvidenceExpired => "evidence_expired",
				}
				.to_string(),
			),
		),
	};
	let (status, disputable_until) = match &r.status {
		PeriodStatus::Disputable { until } => ("disputable", Some(*until)),
		PeriodStatus::Disputed { .. } => ("disputed", None),
		PeriodStatus::Final => ("final", None),
	};
	PeriodJson {
		period: p.period,
		from: p.from_ms,
		to: p.to_ms,
		verdict: verdict.into(),
		credit_percent,
		void_reason,
		sli: sli_json(&r.sli),
		judged_uptime_percent: r.judged_uptime_ppm.map(percent),
		probers: r.probers,
		paused_ms: r.paused_ms,
		tampered: r.tampered,
		settled_at: r.settled_ms,
		status: status.into(),
		disputable_until,
		money: p.money.as_ref().map(money_json),
	}
}

fn cover_json<B: Display>(c: &Cover<B>) -> CoverJson {
	CoverJson {
		amount: c.amount.to_string(),
		premium: c.premium.to_string(),
		from: c.from,
		to: c.to,
		claimed: c.claimed.to_string(),
	}
}

/// A position as JSON.
pub fn position_json<B: Display>(p: &PositionDetails<B>) -> PositionJson {
	PositionJson {
		cover: p.cover.as_ref().map(cover_json),
		claimable_cover: p.claimable_cover.to_string(),
		backing_shares: p.backing.map(|b| b.shares.to_string()),
		backing_value: p.backing_value.to_string(),
		claimable_rewards: p.claimable_rewards.to_string(),
	}
}

/// The `sla_*` methods.
#[rpc(client, server)]
pub trait SlaApi<BlockHash> {
	/// An SLA with its terms, state and market.
	#[method(name = "sla_get")]
	fn get(&self, id: u32, at: Option<BlockHash>) -> RpcResult<SlaJson>;

	/// An SLA's settled periods, from `from` (default 0), at most `count` (default and
	/// maximum 400).
	#[method(name = "sla_periods")]
	fn periods(
		&self,
		id: u32,
		from: Option<u32>,
		count: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<PeriodJson>>;

	/// The SLAs (not ended) a validator is a member of.
	#[method(name = "sla_offers")]
	fn offers(&self, stash: String, at: Option<BlockHash>) -> RpcResult<Vec<SlaJson>>;

	/// An account's cover and backing on an SLA, and what it can claim.
	#[method(name = "sla_position")]
	fn position(&self, id: u32, account: String, at: Option<BlockHash>) -> RpcResult<PositionJson>;
}

/// Error codes.
pub mod error {
	/// The runtime API call failed; a parameter is malformed (account).
	pub use rpc_support::error::{INVALID_PARAMS, RUNTIME};
	/// No such SLA.
	pub const UNKNOWN_SLA: i32 = rpc_support::error::FIRST_PALLET_CODE;
}

/// Serves the `sla_*` methods from a client whose runtime has the `SlaApi`.
pub struct Slas<C, Block, AccountId, Balance> {
	client: Arc<C>,
	#[allow(clippy::type_complexity)]
	_marker: PhantomData<fn() -> (Block, AccountId, Balance)>,
}

impl<C, Block, AccountId, Balance> Slas<C, Block, AccountId, Balance> {
	/// Serves the methods from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

fn runtime_error(e: impl ToString) -> ErrorObjectOwned {
	rpc_support::runtime_error("SLA", e)
}

fn query_error(e: SlaQueryError, id: u32) -> ErrorObjectOwned {
	match e {
		SlaQueryError::UnknownSla => rpc_support::error(error::UNKNOWN_SLA, format!("no SLA {id}")),
	}
}

impl<C, Block, AccountId, Balance> SlaApiServer<Block::Hash> for Slas<C, Block, AccountId, Balance>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: SlaRuntimeApi<Block, AccountId, Balance>,
	AccountId: Codec + Display + FromStr + Clone + Send + Sync + 'static,
	Balance: Codec + Display + Send + Sync + 'static,
{
	fn get(&self, id: u32, at: Option<Block::Hash>) -> RpcResult<SlaJson> {
		let at = rpc_support::at_or_best(&*self.client, at);
		let sla = self.client.runtime_api().sla(at, id).map_err(runtime_error)?;
		Ok(sla_json(&sla.map_err(|e| query_error(e, id))?))
	}

	fn periods(
		&self,
		id: u32,
		from: Option<u32>,
		count: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<PeriodJson>> {
		let count = count.unwrap_or(pallet_sla_runtime_api::MAX_PERIODS_PER_QUERY);
		if count > pallet_sla_runtime_api::MAX_PERIODS_PER_QUERY {
			return Err(rpc_support::invalid_params(format!(
				"count {count} is above the most one call returns ({})",
				pallet_sla_runtime_api::MAX_PERIODS_PER_QUERY
			)));
		}
		let at = rpc_support::at_or_best(&*self.client, at);
		let periods = self
			.client
			.runtime_api()
			.periods(at, id, from.unwrap_or(0), count)
			.map_err(runtime_error)?
			.map_err(|e| query_error(e, id))?;
		Ok(periods.iter().map(period_json).collect())
	}

	fn offers(&self, stash: String, at: Option<Block::Hash>) -> RpcResult<Vec<SlaJson>> {
		let account = parse_account::<AccountId>(&stash)?;
		let at = rpc_support::at_or_best(&*self.client, at);
		let api = self.client.runtime_api();
		let ids = api.offers_of(at, account).map_err(runtime_error)?;
		ids.into_iter()
			.map(|id| {
				let sla = api.sla(at, id).map_err(runtime_error)?;
				Ok(sla_json(&sla.map_err(|e| query_error(e, id))?))
			})
			.collect()
	}

	fn position(
		&self,
		id: u32,
		account: String,
		at: Option<Block::Hash>,
	) -> RpcResult<PositionJson> {
		let who = parse_account::<AccountId>(&account)?;
		let at = rpc_support::at_or_best(&*self.client, at);
		let position = self
			.client
			.runtime_api()
			.position(at, id, who)
			.map_err(runtime_error)?
			.map_err(|e| query_error(e, id))?;
		Ok(position_json(&position))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn objectives_read_in_percent_and_milliseconds() {
		let uptime = Clause {
			objective: pallet_sla::Objective {
				metric: Metric::Uptime,
				direction: Direction::AtLeast,
				target: 995_000,
			},
			credit: CreditRule::Tiers(vec![Tier { shortfall: 45_000, credit_ppm: 500_000 }]),
		};
		let json = serde_json::to_value(objective_json(&uptime)).unwrap();
		assert_eq!(json["metric"], "uptime");
		assert_eq!(json["direction"], "at_least");
		assert_eq!(json["target"], 99.5);
		assert_eq!(json["credit"]["tiers"][0]["shortfall"], 4.5);
		assert_eq!(json["credit"]["tiers"][0]["credit_percent"], 50.0);
		let p95 = Clause {
			objective: pallet_sla::Objective {
				metric: Metric::LatencyP95,
				direction: Direction::AtMost,
				target: 250_000,
			},
			credit: CreditRule::Deviation { cap_ppm: 250_000 },
		};
		let json = serde_json::to_value(objective_json(&p95)).unwrap();
		assert_eq!(json["target"], 250.0);
		assert_eq!(json["credit"]["rule"], "deviation");
		assert_eq!(json["credit"]["cap_percent"], 25.0);
	}
}

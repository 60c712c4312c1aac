//! JSON-RPC methods of the scalability pallet, for people and scripts.
//!
//! | method | parameters | returns |
//! |---|---|---|
//! | `scalability_campaign` | `id`, optional block hash | a campaign with its measurements, model, insights and comparison, or `null` |
//! | `scalability_history` | network label, optional block hash | the network's campaigns in release order |
//! | `scalability_compare` | candidate id, baseline id, optional block hash | the comparison, or `null` unless both have a model |
//! | `scalability_predict` | campaign id, sizes (numbers), optional block hash | throughput and latency at each size |
//! | `scalability_checkFit` | campaign id, optional block hash | what the collators' fit of the campaign would be and whether the runtime accepts it, or `null` |
//! | `scalability_network` | network label, optional block hash | the label's owner and delegates, or `null` when unclaimed |
//!
//! Every number is a JSON decimal (the runtime's fixed-point values divided out), relative
//! changes are fractions (`-0.12` is 12 % less), throughput is in transactions per second and
//! latency in milliseconds. See `docs/scalability-pallet.md` for examples.

use codec::{Codec, Encode};
use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use pallet_scalability::{
	AcceptedModel, CampaignDetails, CampaignState, Comparison, FitStatus, HistoryEntry, Insights,
	Measurement, NetworkDetails, Prediction, RejectReason, SweepKind, Verdict,
};
pub use pallet_scalability_runtime_api::ScalabilityApi as ScalabilityRuntimeApi;
use polkadot_sdk::{
	sp_api::ProvideRuntimeApi,
	sp_blockchain::HeaderBackend,
	sp_runtime::{traits::Block as BlockT, FixedI128, FixedU128},
};
use rpc_support::{at_or_best, invalid_params, key_hex};
use serde::{Deserialize, Serialize};
use std::{fmt::Display, marker::PhantomData, sync::Arc};

/// A measurement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasurementJson {
	pub n: u32,
	pub tps: f64,
	pub latency_p50_ms: f64,
	pub latency_p95_ms: f64,
	pub samples: u32,
}

/// An accepted model and what follows from it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelJson {
	pub sigma: f64,
	pub kappa: f64,
	pub lambda: f64,
	/// Residual sum of squares, R², peak, latency at the peak, Amdahl ceiling.
	#[serde(flatten)]
	pub insights: InsightsJson,
	pub revision: u32,
	/// The collator key that found it (hex).
	pub collator: String,
	pub accepted_at_block: u64,
}

/// A comparison of two campaigns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparisonJson {
	pub candidate: u32,
	pub baseline: u32,
	/// Relative change of the maximum predicted throughput, as a fraction.
	pub peak_tps_change: Option<f64>,
	/// Relative change of the latency at the peak, as a fraction.
	pub latency_at_peak_change: Option<f64>,
	/// The threshold applied, as a fraction.
	pub threshold: f64,
	/// `regressed`, `improved`, `unchanged` or `undefined`.
	pub verdict: String,
}

/// Where the fitting of a campaign's current revision stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitStatusJson {
	/// `too_few_points`, `awaiting_model`, `improving`, `final` or `no_model`.
	pub status: String,
	/// `awaiting_model`: the block at which fitting ends without a model; `improving`: the
	/// block at which the model becomes final.
	pub until_block: Option<u64>,
	/// `no_model`: the block at which fitting ended.
	pub since_block: Option<u64>,
}

/// The runtime's verdict on the model the collators would submit for a campaign.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitCheckJson {
	/// Whether the runtime accepts that model now.
	pub accepted: bool,
	/// Why not, in snake case (`poor_fit`, `not_better`, …; see `docs/scalability-pallet.md`).
	pub reason: Option<String>,
	/// The reason's code, as in `InvalidTransaction::Custom`.
	pub code: Option<u8>,
	/// What the model predicts, when accepted.
	pub insights: Option<InsightsJson>,
}

/// What the runtime derives from a model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InsightsJson {
	pub residual_sum_of_squares: f64,
	pub r_squared: f64,
	/// `null` when κ = 0 (no finite peak).
	pub peak_n: Option<f64>,
	pub peak_n_floor: Option<u32>,
	pub peak_tps: Option<f64>,
	pub latency_at_peak_ms: Option<f64>,
	/// `null` when σ = 0.
	pub amdahl_ceiling: Option<f64>,
}

/// A network label's owner and delegates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkJson {
	pub owner: String,
	/// Deposit held, in the chain's smallest unit (a decimal string).
	pub deposit: String,
	pub delegates: Vec<String>,
}

/// A campaign.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignJson {
	pub id: u32,
	pub owner: String,
	pub network: String,
	pub release: String,
	/// `validators`, `senders` or `nodes`.
	pub sweep_kind: String,
	pub baseline: Option<u32>,
	/// `open` or `closed`.
	pub state: String,
	/// Deposit held, in the chain's smallest unit (a decimal string: it can exceed 2⁵³).
	pub deposit: String,
	pub created_at_block: u64,
	pub revision: u32,
	pub open_for_fits: bool,
	pub fit: FitStatusJson,
	pub measurements: Vec<MeasurementJson>,
	pub model: Option<ModelJson>,
	pub comparison: Option<ComparisonJson>,
}

/// One release of a network's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntryJson {
	pub id: u32,
	pub release: String,
	pub sweep_kind: String,
	pub state: String,
	pub created_at_block: u64,
	pub model: Option<ModelJson>,
	pub fit: FitStatusJson,
	pub comparison: Option<ComparisonJson>,
}

/// A prediction at one size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PredictionJson {
	pub n: f64,
	pub tps: f64,
	pub latency_ms: f64,
}

fn dec(v: FixedU128) -> f64 {
	v.to_float()
}

fn signed(v: FixedI128) -> f64 {
	v.to_float()
}

fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

fn sweep_kind(k: SweepKind) -> String {
	match k {
		SweepKind::Validators => "validators",
		SweepKind::Senders => "senders",
		SweepKind::Nodes => "nodes",
	}
	.into()
}

fn state(s: CampaignState) -> String {
	match s {
		CampaignState::Open => "open",
		CampaignState::Closed => "closed",
	}
	.into()
}

/// The JSON form of a measurement.
pub fn measurement_json(m: &Measurement) -> MeasurementJson {
	MeasurementJson {
		n: m.n,
		tps: dec(m.tps),
		latency_p50_ms: dec(m.latency_p50_ms),
		latency_p95_ms: dec(m.latency_p95_ms),
		samples: m.samples,
	}
}

/// The JSON form of insights.
pub fn insights_json(i: &Insights) -> InsightsJson {
	InsightsJson {
		residual_sum_of_squares: dec(i.rss),
		r_squared: dec(i.r_squared),
		peak_n: i.peak_n.map(dec),
		peak_n_floor: i.peak_n_floor,
		peak_tps: i.peak_tps.map(dec),
		latency_at_peak_ms: i.latency_at_peak_ms.map(dec),
		amdahl_ceiling: i.amdahl_ceiling.map(dec),
	}
}

/// The JSON form of a fit status.
pub fn fit_status_json<B: Into<u64> + Copy>(f: &FitStatus<B>) -> FitStatusJson {
	let (status, until, since) = match *f {
		FitStatus::TooFewPoints => ("too_few_points", None, None),
		FitStatus::AwaitingModel { deadline } => ("awaiting_model", Some(deadline.into()), None),
		FitStatus::Improving { closes } => ("improving", Some(closes.into()), None),
		FitStatus::Final => ("final", None, None),
		FitStatus::NoModel { since } => ("no_model", None, Some(since.into())),
	};
	FitStatusJson { status: status.into(), until_block: until, since_block: since }
}

/// The snake-case name of a rejection reason.
pub fn reason_name(r: RejectReason) -> &'static str {
	match r {
		RejectReason::UnknownCampaign => "unknown_campaign",
		RejectReason::StaleRevision => "stale_revision",
		RejectReason::TooFewPoints => "too_few_points",
		RejectReason::OutOfBounds => "out_of_bounds",
		RejectReason::NotEvaluable => "not_evaluable",
		RejectReason::RssMismatch => "rss_mismatch",
		RejectReason::PoorFit => "poor_fit",
		RejectReason::NotBetter => "not_better",
		RejectReason::FittingEnded => "fitting_ended",
		RejectReason::Unfittable => "unfittable",
	}
}

/// The JSON form of a dry-run fit check.
pub fn fit_check_json(r: &Result<Insights, RejectReason>) -> FitCheckJson {
	match r {
		Ok(insights) => FitCheckJson {
			accepted: true,
			reason: None,
			code: None,
			insights: Some(insights_json(insights)),
		},
		Err(reason) => FitCheckJson {
			accepted: false,
			reason: Some(reason_name(*reason).into()),
			code: Some(reason.code()),
			insights: None,
		},
	}
}

/// The JSON form of a network label's record.
pub fn network_json<AccountId: Display, Balance: Display>(
	n: &NetworkDetails<AccountId, Balance>,
) -> NetworkJson {
	NetworkJson {
		owner: n.owner.to_string(),
		deposit: n.deposit.to_string(),
		delegates: n.delegates.iter().map(ToString::to_string).collect(),
	}
}

/// The JSON form of a model.
pub fn model_json<A: Encode, B: Into<u64> + Copy>(m: &AcceptedModel<A, B>) -> ModelJson {
	ModelJson {
		sigma: dec(m.coefficients.sigma),
		kappa: dec(m.coefficients.kappa),
		lambda: dec(m.coefficients.lambda),
		insights: insights_json(&m.insights),
		revision: m.revision,
		collator: key_hex(&m.collator),
		accepted_at_block: m.accepted_at.into(),
	}
}

/// The JSON form of a comparison.
pub fn comparison_json(c: &Comparison) -> ComparisonJson {
	ComparisonJson {
		candidate: c.candidate,
		baseline: c.baseline,
		peak_tps_change: c.peak_tps_change.map(signed),
		latency_at_peak_change: c.latency_at_peak_change.map(signed),
		threshold: f64::from(c.threshold.deconstruct()) / 1e9,
		verdict: match c.verdict {
			Verdict::Regressed => "regressed",
			Verdict::Improved => "improved",
			Verdict::Unchanged => "unchanged",
			Verdict::Undefined => "undefined",
		}
		.into(),
	}
}

/// The JSON form of a campaign.
pub fn campaign_json<AccountId: Display, Balance: Display, B: Into<u64> + Copy, A: Encode>(
	d: &CampaignDetails<AccountId, Balance, B, A>,
) -> CampaignJson {
	let c = &d.campaign;
	CampaignJson {
		id: d.id,
		owner: c.owner.to_string(),
		network: text(&c.network),
		release: text(&c.release),
		sweep_kind: sweep_kind(c.sweep_kind),
		baseline: c.baseline,
		state: state(c.state),
		deposit: c.deposit.to_string(),
		created_at_block: c.created.into(),
		revision: c.revision,
		open_for_fits: d.open_for_fits,
		fit: fit_status_json(&d.fit_status),
		measurements: d.measurements.iter().map(measurement_json).collect(),
		model: d.model.as_ref().map(model_json),
		comparison: d.comparison.as_ref().map(comparison_json),
	}
}

/// The JSON form of a history entry.
pub fn history_json<B: Into<u64> + Copy, A: Encode>(h: &HistoryEntry<B, A>) -> HistoryEntryJson {
	HistoryEntryJson {
		id: h.id,
		release: text(&h.release),
		sweep_kind: sweep_kind(h.sweep_kind),
		state: state(h.state),
		created_at_block: h.created.into(),
		model: h.model.as_ref().map(model_json),
		fit: fit_status_json(&h.fit_status),
		comparison: h.comparison.as_ref().map(comparison_json),
	}
}

/// The JSON form of a prediction.
pub fn prediction_json(p: &Prediction) -> PredictionJson {
	PredictionJson { n: dec(p.n), tps: dec(p.tps), latency_ms: dec(p.latency_ms) }
}

/// Sizes as the runtime takes them; an error names the first size that is not a positive,
/// finite number of at most 10⁶.
pub fn parse_sizes(sizes: &[f64]) -> Result<Vec<FixedU128>, String> {
	sizes
		.iter()
		.map(|&n| {
			if n.is_finite() && n > 0.0 && n <= 1e6 {
				Ok(FixedU128::from_float(n))
			} else {
				Err(format!("size {n} is not a positive number of at most 1000000"))
			}
		})
		.collect()
}

/// The `scalability_*` methods.
#[rpc(client, server)]
pub trait ScalabilityApi<BlockHash> {
	/// A campaign with its measurements, accepted model and comparison with its baseline.
	#[method(name = "scalability_campaign")]
	fn campaign(&self, id: u32, at: Option<BlockHash>) -> RpcResult<Option<CampaignJson>>;

	/// The campaigns of a network label, in release order.
	#[method(name = "scalability_history")]
	fn history(&self, network: String, at: Option<BlockHash>) -> RpcResult<Vec<HistoryEntryJson>>;

	/// A candidate's model compared with a baseline's.
	#[method(name = "scalability_compare")]
	fn compare(
		&self,
		candidate: u32,
		baseline: u32,
		at: Option<BlockHash>,
	) -> RpcResult<Option<ComparisonJson>>;

	/// Throughput and latency a campaign's model predicts at each size.
	#[method(name = "scalability_predict")]
	fn predict(
		&self,
		campaign: u32,
		sizes: Vec<f64>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<PredictionJson>>;

	/// What the collators' fit of a campaign's current measurements would be, and whether
	/// the runtime accepts it now.
	#[method(name = "scalability_checkFit")]
	fn check_fit(&self, campaign: u32, at: Option<BlockHash>) -> RpcResult<Option<FitCheckJson>>;

	/// The owner and delegates of a network label.
	#[method(name = "scalability_network")]
	fn network(&self, network: String, at: Option<BlockHash>) -> RpcResult<Option<NetworkJson>>;
}

/// Error codes of the `scalability_*` methods.
pub mod error {
	pub use rpc_support::error::{INVALID_PARAMS, RUNTIME};
	/// The campaign has no model to predict with.
	pub const NO_MODEL: i32 = rpc_support::error::FIRST_PALLET_CODE;
}

/// The `scalability_*` methods, served from a client's runtime API.
pub struct Scalability<C, Block, AccountId, Balance, BlockNumber, AuthorityId> {
	client: Arc<C>,
	#[allow(clippy::type_complexity)]
	_marker: PhantomData<fn() -> (Block, AccountId, Balance, BlockNumber, AuthorityId)>,
}

impl<C, Block, AccountId, Balance, BlockNumber, AuthorityId>
	Scalability<C, Block, AccountId, Balance, BlockNumber, AuthorityId>
{
	/// Serves the methods from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

fn runtime_error(e: impl ToString) -> ErrorObjectOwned {
	rpc_support::runtime_error("scalability", e)
}

impl<C, Block, AccountId, Balance, BlockNumber, AuthorityId> ScalabilityApiServer<Block::Hash>
	for Scalability<C, Block, AccountId, Balance, BlockNumber, AuthorityId>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: ScalabilityRuntimeApi<Block, AccountId, Balance, BlockNumber, AuthorityId>,
	AccountId: Codec + Display + Send + Sync + 'static,
	Balance: Codec + Display + Send + Sync + 'static,
	BlockNumber: Codec + Into<u64> + Copy + Send + Sync + 'static,
	AuthorityId: Codec + Send + Sync + 'static,
{
	fn campaign(&self, id: u32, at: Option<Block::Hash>) -> RpcResult<Option<CampaignJson>> {
		let at = at_or_best(&*self.client, at);
		let details = self.client.runtime_api().campaign(at, id).map_err(runtime_error)?;
		Ok(details.as_ref().map(campaign_json))
	}

	fn history(
		&self,
		network: String,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<HistoryEntryJson>> {
		let at = at_or_best(&*self.client, at);
		let entries =
			self.client.runtime_api().history(at, network.into_bytes()).map_err(runtime_error)?;
		Ok(entries.iter().map(history_json).collect())
	}

	fn compare(
		&self,
		candidate: u32,
		baseline: u32,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<ComparisonJson>> {
		let at = at_or_best(&*self.client, at);
		let comparison =
			self.client.runtime_api().compare(at, candidate, baseline).map_err(runtime_error)?;
		Ok(comparison.as_ref().map(comparison_json))
	}

	fn predict(
		&self,
		campaign: u32,
		sizes: Vec<f64>,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<PredictionJson>> {
		let fixed = parse_sizes(&sizes).map_err(invalid_params)?;
		let at = at_or_best(&*self.client, at);
		let predictions =
			self.client.runtime_api().predict(at, campaign, fixed).map_err(runtime_error)?;
		if predictions.is_empty() && !sizes.is_empty() {
			return Err(rpc_support::error(
				error::NO_MODEL,
				format!("campaign {campaign} has no accepted model"),
			));
		}
		Ok(predictions.iter().map(prediction_json).collect())
	}

	fn check_fit(&self, campaign: u32, at: Option<Block::Hash>) -> RpcResult<Option<FitCheckJson>> {
		let at = at_or_best(&*self.client, at);
		let check = self.client.runtime_api().check_fit(at, campaign).map_err(runtime_error)?;
		Ok(check.as_ref().map(fit_check_json))
	}

	fn network(&self, network: String, at: Option<Block::Hash>) -> RpcResult<Option<NetworkJson>> {
		let at = at_or_best(&*self.client, at);
		let details =
			self.client.runtime_api().network(at, network.into_bytes()).map_err(runtime_error)?;
		Ok(details.as_ref().map(network_json))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_scalability::{Campaign, Coefficients, Insights};

	fn fx(v: f64) -> FixedU128 {
		FixedU128::from_float(v)
	}

	#[test]
	fn campaign_json_is_human_readable() {
		let model = AcceptedModel {
			coefficients: Coefficients {
				sigma: fx(0.0277),
				kappa: fx(0.000104),
				lambda: fx(89.99),
			},
			insights: Insights {
				rss: fx(27453.7),
				r_squared: fx(0.9896),
				peak_n: Some(fx(96.52)),
				peak_n_floor: Some(96),
				peak_tps: Some(fx(1883.9)),
				latency_at_peak_ms: Some(fx(51.23)),
				amdahl_ceiling: None,
			},
			revision: 1,
			collator: [0xabu8; 2],
			accepted_at: 7u32,
		};
		let details = CampaignDetails {
			id: 3,
			campaign: Campaign {
				owner: "5Alice".to_string(),
				network: b"polkadot-local-8".to_vec(),
				release: b"v1.2.0".to_vec(),
				sweep_kind: SweepKind::Senders,
				baseline: None,
				state: CampaignState::Closed,
				deposit: 1_000_000_000_000u128,
				created: 2u32,
				revision: 1,
			},
			measurements: vec![Measurement {
				n: 4,
				tps: fx(120.5),
				latency_p50_ms: fx(33.0),
				latency_p95_ms: fx(80.25),
				samples: 500,
			}],
			model: Some(model),
			open_for_fits: false,
			fit_status: FitStatus::Final,
			comparison: None,
		};
		let json = serde_json::to_value(campaign_json(&details)).unwrap();
		assert_eq!(json["network"], "polkadot-local-8");
		assert_eq!(json["sweep_kind"], "senders");
		assert_eq!(json["state"], "closed");
		assert_eq!(json["deposit"], "1000000000000");
		assert_eq!(json["measurements"][0]["tps"], 120.5);
		assert_eq!(json["measurements"][0]["latency_p95_ms"], 80.25);
		assert_eq!(json["model"]["peak_n_floor"], 96);
		assert_eq!(json["model"]["amdahl_ceiling"], serde_json::Value::Null);
		assert!((json["model"]["sigma"].as_f64().unwrap() - 0.0277).abs() < 1e-12);
		assert_eq!(json["model"]["collator"], "0xabab");
		assert_eq!(json["fit"]["status"], "final");
	}

	#[test]
	fn fit_statuses_and_checks_say_what_they_mean() {
		let json = |f: FitStatus<u32>| serde_json::to_value(fit_status_json(&f)).unwrap();
		let awaiting = json(FitStatus::AwaitingModel { deadline: 310 });
		assert_eq!(
			(awaiting["status"].as_str(), awaiting["until_block"].as_u64()),
			(Some("awaiting_model"), Some(310))
		);
		let ended = json(FitStatus::NoModel { since: 311 });
		assert_eq!(
			(ended["status"].as_str(), ended["since_block"].as_u64()),
			(Some("no_model"), Some(311))
		);
		let refused = fit_check_json(&Err(RejectReason::PoorFit));
		assert_eq!(
			(refused.accepted, refused.reason.as_deref(), refused.code),
			(false, Some("poor_fit"), Some(7))
		);
	}

	#[test]
	fn sizes_must_be_positive_and_finite() {
		assert_eq!(parse_sizes(&[1.0, 2.5]).unwrap(), vec![fx(1.0), fx(2.5)]);
		assert!(parse_sizes(&[0.0]).unwrap_err().contains("size 0"));
		assert!(parse_sizes(&[f64::NAN]).is_err());
		assert!(parse_sizes(&[2e6]).is_err());
	}
}

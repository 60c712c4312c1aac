//! The records the pallet keeps and the values its queries return.
//!
//! Every number is fixed point (`FixedU128`: 18 decimals, SCALE-encoded as its inner `u128`)
//! so that the runtime computes with integers only; the node's JSON-RPC prints them as
//! decimals.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::sp_runtime::{FixedI128, FixedU128};
use scale_info::TypeInfo;

/// Identifier of a campaign: a counter, never reused.
pub type CampaignId = u32;

/// What the size `N` of a campaign's sweep counts.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum SweepKind {
	/// Number of validators of the network under test.
	Validators,
	/// Number of concurrent closed-loop transaction senders against one network.
	Senders,
	/// Number of nodes of another kind (collators, full nodes).
	Nodes,
}

/// Whether a campaign still takes measurements.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum CampaignState {
	/// The owner may add measurements.
	Open,
	/// Frozen by its owner: the measurements are final.
	Closed,
}

/// One step of a sweep: the throughput and latency measured at size `n`.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Measurement {
	/// Size of the system (see [`SweepKind`]), at least 1.
	pub n: u32,
	/// Measured throughput, transactions per second.
	pub tps: FixedU128,
	/// Median transaction latency, milliseconds.
	pub latency_p50_ms: FixedU128,
	/// 95th-percentile transaction latency, milliseconds (at least the median).
	pub latency_p95_ms: FixedU128,
	/// Number of transactions behind the figures, at least 1.
	pub samples: u32,
}

/// A performance campaign: the sweep of one release on one network.
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Campaign<AccountId, Balance, BlockNumber, Label> {
	/// Who created it, submits its measurements and got the deposit held.
	pub owner: AccountId,
	/// Label of the network under test, e.g. `polkadot-local-8`.
	pub network: Label,
	/// Label of the release under test, e.g. a git tag or commit.
	pub release: Label,
	/// What `N` counts.
	pub sweep_kind: SweepKind,
	/// An earlier campaign this one is compared with.
	pub baseline: Option<CampaignId>,
	/// Open or closed.
	pub state: CampaignState,
	/// Deposit held from the owner until the campaign is removed.
	pub deposit: Balance,
	/// Block the campaign was created in.
	pub created: BlockNumber,
	/// Incremented by every batch of measurements; a fit names the revision it fitted.
	pub revision: u32,
}

/// USL coefficients `X(N) = λN / (1 + σ(N−1) + κN(N−1))` in fixed point.
#[derive(
	Clone,
	Copy,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Coefficients {
	/// Contention penalty σ, in [0, 1].
	pub sigma: FixedU128,
	/// Coherence penalty κ, in [0, 1].
	pub kappa: FixedU128,
	/// Throughput of one unit λ, transactions per second.
	pub lambda: FixedU128,
}

impl Coefficients {
	/// The same coefficients in the USL engine's fixed-point type.
	pub fn to_engine(&self) -> usl::fixed::FixedCoefficients {
		use usl::fixed::Fixed;
		usl::fixed::FixedCoefficients {
			sigma: Fixed(self.sigma.into_inner()),
			kappa: Fixed(self.kappa.into_inner()),
			lambda: Fixed(self.lambda.into_inner()),
		}
	}

	/// From the USL engine's fixed-point coefficients.
	pub fn from_engine(c: &usl::fixed::FixedCoefficients) -> Self {
		Coefficients {
			sigma: FixedU128::from_inner(c.sigma.0),
			kappa: FixedU128::from_inner(c.kappa.0),
			lambda: FixedU128::from_inner(c.lambda.0),
		}
	}
}

/// What a collator's off-chain worker signs and submits: a model for one revision of a
/// campaign's measurements and the residual sum of squares it claims for it.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct FitSubmission<AuthorityId> {
	/// The campaign fitted.
	pub campaign: CampaignId,
	/// The revision of its measurements that was fitted.
	pub revision: u32,
	/// The fitted coefficients.
	pub coefficients: Coefficients,
	/// `Σ (xᵢ − X(nᵢ))²` over the campaign's points, computed in fixed point.
	pub rss: FixedU128,
	/// The collator key that signs the submission.
	pub collator: AuthorityId,
}

/// What the runtime derives from a model and the measurements it fits.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Insights {
	/// Residual sum of squares, (transactions per second)².
	pub rss: FixedU128,
	/// Coefficient of determination, in [0, 1].
	pub r_squared: FixedU128,
	/// Size of peak throughput `N* = √((1−σ)/κ)`; `None` when κ = 0 (no finite peak).
	pub peak_n: Option<FixedU128>,
	/// `N*` rounded down to a whole size.
	pub peak_n_floor: Option<u32>,
	/// Predicted peak throughput `X(N*)`, transactions per second.
	pub peak_tps: Option<FixedU128>,
	/// Latency at the peak by Little's law, `R(N*) = N*/X(N*)`, milliseconds.
	pub latency_at_peak_ms: Option<FixedU128>,
	/// Amdahl ceiling `λ/σ`, the throughput approached with no coherence penalty; `None`
	/// when σ = 0.
	pub amdahl_ceiling: Option<FixedU128>,
}

impl Insights {
	/// The throughput a release is judged by: the peak when there is one, else the Amdahl
	/// ceiling the curve approaches; `None` for linear scaling (σ = κ = 0).
	pub fn max_tps(&self) -> Option<FixedU128> {
		self.peak_tps.or(self.amdahl_ceiling)
	}
}

/// A model the runtime verified and accepted for a campaign.
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct AcceptedModel<AuthorityId, BlockNumber> {
	/// The coefficients.
	pub coefficients: Coefficients,
	/// What follows from them.
	pub insights: Insights,
	/// The revision of the measurements it fits.
	pub revision: u32,
	/// The collator whose off-chain worker found it.
	pub collator: AuthorityId,
	/// Block it was accepted in.
	pub accepted_at: BlockNumber,
}

/// Why the runtime refused a submitted model.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum RejectReason {
	/// No such campaign.
	UnknownCampaign,
	/// The measurements changed since the model was fitted.
	StaleRevision,
	/// The campaign has fewer points than a fit needs.
	TooFewPoints,
	/// σ or κ outside [0, 1], or λ zero.
	OutOfBounds,
	/// The model cannot be evaluated in fixed point (overflow).
	NotEvaluable,
	/// The claimed residual sum of squares is not what the runtime computes.
	RssMismatch,
	/// The model explains the data worse than the configured minimum R².
	PoorFit,
	/// The accepted model fits at least as well.
	NotBetter,
	/// Fitting of this revision has ended: its fit window closed, or its deadline passed
	/// without a model.
	FittingEnded,
	/// The collators' engine finds no model within the bounds for these measurements (only
	/// reported by the dry run of the runtime API; no submission carries it).
	Unfittable,
}

impl RejectReason {
	/// Every reason, in code order.
	pub const ALL: [RejectReason; 10] = [
		RejectReason::UnknownCampaign,
		RejectReason::StaleRevision,
		RejectReason::TooFewPoints,
		RejectReason::OutOfBounds,
		RejectReason::NotEvaluable,
		RejectReason::RssMismatch,
		RejectReason::PoorFit,
		RejectReason::NotBetter,
		RejectReason::FittingEnded,
		RejectReason::Unfittable,
	];

	/// Code carried by `InvalidTransaction::Custom` when a submission fails validation. The
	/// codes are part of the chain's interface (`docs/scalability-pallet.md` lists them) and
	/// never change meaning.
	pub fn code(self) -> u8 {
		match self {
			RejectReason::UnknownCampaign => 1,
			RejectReason::StaleRevision => 2,
			RejectReason::TooFewPoints => 3,
			RejectReason::OutOfBounds => 4,
			RejectReason::NotEvaluable => 5,
			RejectReason::RssMismatch => 6,
			RejectReason::PoorFit => 7,
			RejectReason::NotBetter => 8,
			RejectReason::FittingEnded => 9,
			RejectReason::Unfittable => 10,
		}
	}
}

/// Where the fitting of a campaign's current revision stands, while fits are taken.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum FitPhase<BlockNumber> {
	/// No model yet. If none is accepted before `deadline`, fitting of the revision ends
	/// without one ([`FitStatus::NoModel`]).
	AwaitingModel {
		/// Block at which fitting ends if no model was accepted.
		deadline: BlockNumber,
	},
	/// A model was accepted; strictly better ones are taken until `closes`.
	Improving {
		/// Block at which the model becomes final.
		closes: BlockNumber,
	},
}

/// The fitting of a campaign's current revision, as queries report it.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum FitStatus<BlockNumber> {
	/// Fewer measurements than a fit needs: nothing is fitted.
	TooFewPoints,
	/// Collators are fitting it; no model yet. Fitting ends at `deadline` without one.
	AwaitingModel {
		/// Block at which fitting ends if no model was accepted.
		deadline: BlockNumber,
	},
	/// A model was accepted; better ones are taken until `closes`.
	Improving {
		/// Block at which the model becomes final.
		closes: BlockNumber,
	},
	/// The model is final for this revision.
	Final,
	/// Fitting ended at block `since` without an acceptable model (the collators' models
	/// were refused, or none came). New measurements, or `reopen_fitting`, start again.
	NoModel {
		/// Block at which fitting ended.
		since: BlockNumber,
	},
}

/// Who may add campaigns to a network label's history.
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Network<AccountId, Balance, Delegates> {
	/// Claimed the label with its first campaign; adds and removes delegates.
	pub owner: AccountId,
	/// Held from the owner while the label is claimed.
	pub deposit: Balance,
	/// Accounts that may also add campaigns (a CI bot, say).
	pub delegates: Delegates,
}

/// A network label's owner and delegates, as the runtime API returns them.
pub type NetworkDetails<AccountId, Balance> =
	Network<AccountId, Balance, alloc::vec::Vec<AccountId>>;

/// How a candidate release compares with its baseline.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Verdict {
	/// Peak throughput dropped, or latency at the peak rose, by more than the threshold.
	Regressed,
	/// Not regressed, and peak throughput rose or latency at the peak fell by more than the
	/// threshold.
	Improved,
	/// Every change within the threshold.
	Unchanged,
	/// One of the two has no model, or neither model predicts a maximum throughput.
	Undefined,
}

/// A candidate campaign's predicted scalability relative to a baseline's.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Comparison {
	/// The campaign judged.
	pub candidate: CampaignId,
	/// The campaign it is judged against.
	pub baseline: CampaignId,
	/// `(candidate − baseline) / baseline` of the maximum throughput ([`Insights::max_tps`]).
	pub peak_tps_change: Option<FixedI128>,
	/// `(candidate − baseline) / baseline` of the latency at the peak.
	pub latency_at_peak_change: Option<FixedI128>,
	/// The threshold applied, as a fraction.
	pub threshold: polkadot_sdk::sp_runtime::Perbill,
	/// The outcome.
	pub verdict: Verdict,
}

/// The model's prediction at one size.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Prediction {
	/// The size.
	pub n: FixedU128,
	/// Throughput `X(n)`, transactions per second.
	pub tps: FixedU128,
	/// Latency `R(n) = n / X(n)`, milliseconds.
	pub latency_ms: FixedU128,
}

/// Everything about one campaign, as the runtime API returns it.
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct CampaignDetails<AccountId, Balance, BlockNumber, AuthorityId> {
	/// The campaign's identifier.
	pub id: CampaignId,
	/// The campaign record (labels as bytes).
	pub campaign: Campaign<AccountId, Balance, BlockNumber, alloc::vec::Vec<u8>>,
	/// Its measurements, sorted by size.
	pub measurements: alloc::vec::Vec<Measurement>,
	/// The accepted model of the current revision.
	pub model: Option<AcceptedModel<AuthorityId, BlockNumber>>,
	/// Whether collators' fits are still taken for the current revision.
	pub open_for_fits: bool,
	/// Where the fitting of the current revision stands.
	pub fit_status: FitStatus<BlockNumber>,
	/// The comparison with the baseline, when both have a model.
	pub comparison: Option<Comparison>,
}

/// One release in a network's history.
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct HistoryEntry<BlockNumber, AuthorityId> {
	/// The campaign's identifier.
	pub id: CampaignId,
	/// Its release label.
	pub release: alloc::vec::Vec<u8>,
	/// What `N` counts.
	pub sweep_kind: SweepKind,
	/// Open or closed.
	pub state: CampaignState,
	/// Block it was created in.
	pub created: BlockNumber,
	/// The accepted model, if any.
	pub model: Option<AcceptedModel<AuthorityId, BlockNumber>>,
	/// Where the fitting of its current revision stands.
	pub fit_status: FitStatus<BlockNumber>,
	/// The comparison with its baseline, when both have a model.
	pub comparison: Option<Comparison>,
}

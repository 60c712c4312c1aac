//! The callback a request names, and what the pallet needs from the runtime.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{frame_support::weights::Weight, staging_xcm::VersionedAsset};
use scale_info::TypeInfo;
use sli_xcm::{Answer, Query, QueryError};

/// Where and how the requester's chain takes the answer: its runtime dispatches
/// `[pallet_index, call_index] ++ (query_id, VersionedAnswer).encode()` with Stacktical's
/// chain as the XCM origin (`OriginKind::Xcm`).
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Callback {
	/// The callback's pallet index in the requester's runtime.
	pub pallet_index: u8,
	/// The callback's call index in that pallet.
	pub call_index: u8,
	/// The weight the callback may take there (`fallback_max_weight` of the `Transact`, and
	/// the execution bought for it).
	pub max_weight: Weight,
	/// How the answer pays for its execution on the requester's chain: `None`, unpaid (that
	/// chain lets Stacktical's messages execute for free); `Some(fee)`, withdrawn from
	/// Stacktical's sovereign account there, as that chain names the asset, the surplus
	/// deposited back.
	pub fee: Option<VersionedAsset>,
}

/// Where SLIs come from: in the runtime, the monitoring pallet.
pub trait SliSource<AccountId> {
	/// The answer to `query` at this block.
	fn answer(query: &Query<AccountId>) -> Result<Answer<AccountId>, QueryError>;
	/// Most weight [`SliSource::answer`] takes for `query`.
	fn weight(query: &Query<AccountId>) -> Weight;
}

/// Sets up what the benchmarks need.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, RuntimeOrigin> {
	/// The origin of a sibling parachain's request, as [`crate::Config::RequestOrigin`]
	/// takes it.
	fn origin() -> RuntimeOrigin;
	/// A query whose answer is the largest (the most validators, each with SLIs), with the
	/// source's records for it in place.
	fn worst_case_query() -> Query<AccountId>;
}

//! Runtime API of the scalability pallet.
//!
//! The node's `scalability_*` JSON-RPC methods call it; any client can call it through
//! `state_call` too. Numbers are fixed point (`FixedU128`); the RPC layer turns them into
//! decimals.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_scalability::{
	CampaignDetails, CampaignId, Comparison, HistoryEntry, Insights, NetworkDetails, Prediction,
	RejectReason,
};
use polkadot_sdk::sp_runtime::FixedU128;

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Campaigns, models, history, comparisons and predictions of the scalability pallet.
	pub trait ScalabilityApi<AccountId, Balance, BlockNumber, AuthorityId>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
		AuthorityId: Codec,
	{
		/// Everything about one campaign.
		fn campaign(id: CampaignId) -> Option<CampaignDetails<AccountId, Balance, BlockNumber, AuthorityId>>;
		/// The campaigns of a network label, in release order.
		fn history(network: Vec<u8>) -> Vec<HistoryEntry<BlockNumber, AuthorityId>>;
		/// A candidate campaign's model compared with a baseline's; `None` unless both have one.
		fn compare(candidate: CampaignId, baseline: CampaignId) -> Option<Comparison>;
		/// The model's throughput and latency at each size; empty without a model.
		fn predict(campaign: CampaignId, sizes: Vec<FixedU128>) -> Vec<Prediction>;
		/// A dry run of the collators' fit: the model the engine finds for the campaign's
		/// current measurements and whether the runtime would accept it now (`Err` with the
		/// reason when not); `None` for an unknown campaign.
		fn check_fit(campaign: CampaignId) -> Option<Result<Insights, RejectReason>>;
		/// The owner and delegates of a network label; `None` when nobody owns it.
		fn network(network: Vec<u8>) -> Option<NetworkDetails<AccountId, Balance>>;
	}
}

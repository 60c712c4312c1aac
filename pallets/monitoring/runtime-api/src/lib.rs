//! Runtime API of the monitoring pallet.
//!
//! The node's `sli_*` JSON-RPC methods call it; any client can call it through `state_call`
//! too. Uptime is in parts per million and latency in microseconds; the RPC layer turns them
//! into percentages and milliseconds.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_monitoring::{BucketSli, QueryError, SliReport, TargetInfo, Window, WindowBounds};

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Service-level indicators of monitored validators.
	///
	/// Version 2: SLIs leave out hours too few probers reported on and count them
	/// (`insufficient_hours`); a query names a bounded number of validators.
	/// Version 3: `targets` tells each target's place in the relay chain's validator set
	/// (`TargetInfo::relay`).
	/// Version 4: discoverability from validators' signed records (`TargetSli`, `SliReport`
	/// and `BucketSli` gain `discoverability`; `TargetInfo` gains `discovery`: the newest
	/// record's PeerId and creation time).
	/// Version 5: p2p and HTTP SLIs apart. Each member's figures are over its primary channel
	/// (`TargetSli::channel`: p2p for a validator of the relay chain's set or a target
	/// registered with a p2p address, HTTP otherwise), with its HTTP SLIs beside them
	/// (`http`) where it has both; the same per bucket of a history; `TargetInfo` gains
	/// `channel` and names the channel of each latest probe.
	#[api_version(5)]
	pub trait SliApi<AccountId, AuthorityId, Balance, BlockNumber>
	where
		AccountId: Codec,
		AuthorityId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// SLIs of validators (by stash account) over a window: per member and pooled.
		fn sli(stashes: Vec<AccountId>, window: Window) -> Result<SliReport<AccountId, AuthorityId, BlockNumber>, QueryError>;
		/// A validator's SLIs bucket by bucket over a window.
		fn history(stash: AccountId, window: Window) -> Result<(WindowBounds<BlockNumber>, Vec<BucketSli>), QueryError>;
		/// Every monitored validator, its probers, their latest probes and its place in the
		/// relay chain's validator set.
		fn targets() -> Vec<TargetInfo<AccountId, AuthorityId, Balance, BlockNumber>>;
	}
}

//! Campaigns on a Stacktical chain: find one by network and release, check whether the
//! collators' fit will be accepted, and wait for their model.
//!
//! Everything goes through the runtime's `ScalabilityApi` with the standard `state_call`
//! method, so it works against any node that hosts the runtime, a stock `polkadot-omni-node`
//! included; the answers are turned into the same JSON the `scalability_*` methods of
//! `stacktical-node` return (`pallet-scalability-rpc` does both).

use codec::{Decode, Encode};
use pallet_scalability::{CampaignDetails, HistoryEntry, Insights, RejectReason};
use pallet_scalability_rpc::{campaign_json, fit_check_json, history_json};
use polkadot_sdk::sp_runtime::AccountId32;
use serde_json::Value;
use std::time::{Duration, Instant};
use subxt::backend::rpc::RpcClient;

/// The Stacktical runtime's block number, balance and collator key (an sr25519 public key).
type BlockNumber = u32;
type Balance = u128;
type CollatorKey = [u8; 32];

/// Calls `ScalabilityApi_{method}` at the best block and decodes its answer.
async fn call<R: Decode>(client: &RpcClient, method: &str, args: impl Encode) -> Result<R, String> {
	crate::chain::runtime_call(client, &format!("ScalabilityApi_{method}"), args).await
}

/// The campaign `id`, as `scalability_campaign` shows it; an error when the chain has none.
pub async fn campaign(client: &RpcClient, id: u32) -> Result<Value, String> {
	let details: Option<CampaignDetails<AccountId32, Balance, BlockNumber, CollatorKey>> =
		call(client, "campaign", id).await?;
	let details = details.ok_or_else(|| format!("the chain has no campaign {id}"))?;
	serde_json::to_value(campaign_json(&details)).map_err(|e| e.to_string())
}

/// The runtime's dry run of the collators' fit of campaign `id`, as `scalability_checkFit`
/// shows it (`null` for an unknown campaign).
pub async fn check_fit(client: &RpcClient, id: u32) -> Result<Value, String> {
	let check: Option<Result<Insights, RejectReason>> = call(client, "check_fit", id).await?;
	serde_json::to_value(check.as_ref().map(fit_check_json)).map_err(|e| e.to_string())
}

/// The latest campaign of `network` whose release is `release`.
pub async fn find(client: &RpcClient, network: &str, release: &str) -> Result<u32, String> {
	let history: Vec<HistoryEntry<BlockNumber, CollatorKey>> =
		call(client, "history", network.as_bytes().to_vec()).await?;
	history
		.iter()
		.rev()
		.map(history_json)
		.find(|entry| entry.release == release)
		.map(|entry| entry.id)
		.ok_or_else(|| format!("network {network:?} has no campaign of release {release:?}"))
}

/// How far the fitting of a campaign must have come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Until {
	/// An accepted model (a better one may still replace it during the fit window).
	Model,
	/// The final model: the fit window has closed, so the chain's verdict will not change.
	Final,
}

/// Polls the campaign until its fitting has come as far as `until`; an error at once when
/// fitting ended without a model, or when `timeout` passes.
pub async fn wait_for(
	client: &RpcClient,
	id: u32,
	until: Until,
	timeout: Duration,
) -> Result<Value, String> {
	let deadline = Instant::now() + timeout;
	loop {
		let campaign = campaign(client, id).await?;
		let status = campaign["fit"]["status"].as_str().unwrap_or("");
		let done = match until {
			Until::Model => !campaign["model"].is_null(),
			Until::Final => status == "final",
		};
		if done {
			return Ok(campaign);
		}
		if status == "no_model" {
			return Err(format!(
				"campaign {id}: fitting ended at block {} without an acceptable model",
				campaign["fit"]["since_block"]
			));
		}
		if Instant::now() >= deadline {
			let what = if until == Until::Final { "final model" } else { "model" };
			return Err(format!(
				"no {what} for campaign {id} within {} s (fit status: {status})",
				timeout.as_secs()
			));
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
}

//! What the runtime API (and through it the node's `scalability_*` JSON-RPC methods) returns.

use crate::{
	offchain::fit_measurements, pallet::*, verify, BalanceOf, Campaign, CampaignDetails,
	CampaignDetailsOf, CampaignId, Comparison, FitPhase, FitStatus, HistoryEntry, Insights,
	NetworkDetails, Prediction, RejectReason,
};
use alloc::vec::Vec;
use polkadot_sdk::{
	frame_support::{traits::Get, BoundedVec},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_runtime::{traits::Zero, FixedU128},
};

impl<T: Config> Pallet<T> {
	/// Everything about a campaign.
	pub fn campaign_details(id: CampaignId) -> Option<CampaignDetailsOf<T>> {
		let c = Campaigns::<T>::get(id)?;
		let campaign = Campaign {
			owner: c.owner,
			network: c.network.into_inner(),
			release: c.release.into_inner(),
			sweep_kind: c.sweep_kind,
			baseline: c.baseline,
			state: c.state,
			deposit: c.deposit,
			created: c.created,
			revision: c.revision,
		};
		Some(CampaignDetails {
			id,
			campaign,
			measurements: Measurements::<T>::get(id).into_inner(),
			model: Models::<T>::get(id),
			open_for_fits: Self::open_for_fits(id),
			fit_status: Self::fit_status(id),
			comparison: Self::compare_with_baseline(id),
		})
	}

	/// Whether fits are taken for a campaign now.
	pub fn open_for_fits(id: CampaignId) -> bool {
		let now = frame_system::Pallet::<T>::block_number();
		match OpenForFits::<T>::get(id) {
			None => false,
			Some(FitPhase::AwaitingModel { deadline }) => now < deadline,
			Some(FitPhase::Improving { closes }) => now < closes,
		}
	}

	/// Where the fitting of a campaign's current revision stands.
	pub fn fit_status(id: CampaignId) -> FitStatus<BlockNumberFor<T>> {
		if let Some(since) = NoModel::<T>::get(id) {
			return FitStatus::NoModel { since };
		}
		match OpenForFits::<T>::get(id) {
			Some(FitPhase::AwaitingModel { deadline }) => FitStatus::AwaitingModel { deadline },
			Some(FitPhase::Improving { closes }) => FitStatus::Improving { closes },
			None if Models::<T>::contains_key(id) => FitStatus::Final,
			None => FitStatus::TooFewPoints,
		}
	}

	/// Fits a campaign's current measurements with the collators' engine and says whether
	/// the runtime would accept that model now: what a collator's off-chain worker would find.
	/// `None` for an unknown campaign.
	pub fn check_campaign_fit(id: CampaignId) -> Option<Result<Insights, RejectReason>> {
		let info = Campaigns::<T>::get(id)?;
		let points = Measurements::<T>::get(id);
		if (points.len() as u32) < T::MinPoints::get() {
			return Some(Err(RejectReason::TooFewPoints));
		}
		let Some((coefficients, rss)) = fit_measurements(&points) else {
			return Some(Err(RejectReason::Unfittable));
		};
		Some(Self::check_model(id, info.revision, &coefficients, rss))
	}

	/// Compares a campaign with the baseline it names, when both have a model.
	pub fn compare_with_baseline(campaign: CampaignId) -> Option<Comparison> {
		let baseline = Campaigns::<T>::get(campaign)?.baseline?;
		Self::compare(campaign, baseline)
	}

	/// Compares any two campaigns' models; `None` unless both have one.
	pub fn compare(candidate: CampaignId, baseline: CampaignId) -> Option<Comparison> {
		let new = Models::<T>::get(candidate)?;
		let old = Models::<T>::get(baseline)?;
		Some(verify::compare(
			(candidate, &new.insights),
			(baseline, &old.insights),
			RegressionThreshold::<T>::get(),
		))
	}

	/// The accepted model's prediction at size `n`.
	pub fn predict(campaign: CampaignId, n: FixedU128) -> Option<Prediction> {
		if n.is_zero() {
			return None;
		}
		verify::predict(&Models::<T>::get(campaign)?.coefficients, n)
	}

	/// The campaigns of a network label, in release order; empty for an unknown or invalid
	/// label.
	pub fn history(network: Vec<u8>) -> Vec<HistoryEntry<BlockNumberFor<T>, T::AuthorityId>> {
		let Ok(label) = BoundedVec::<u8, T::MaxLabelLen>::try_from(network) else {
			return Vec::new();
		};
		NetworkHistory::<T>::get(label)
			.into_iter()
			.filter_map(|id| {
				let c = Campaigns::<T>::get(id)?;
				Some(HistoryEntry {
					id,
					release: c.release.into_inner(),
					sweep_kind: c.sweep_kind,
					state: c.state,
					created: c.created,
					model: Models::<T>::get(id),
					fit_status: Self::fit_status(id),
					comparison: Self::compare_with_baseline(id),
				})
			})
			.collect()
	}

	/// The owner and delegates of a network label; `None` when nobody owns it.
	pub fn network(network: Vec<u8>) -> Option<NetworkDetails<T::AccountId, BalanceOf<T>>> {
		let label = BoundedVec::<u8, T::MaxLabelLen>::try_from(network).ok()?;
		let info = Networks::<T>::get(label)?;
		Some(NetworkDetails {
			owner: info.owner,
			deposit: info.deposit,
			delegates: info.delegates.into_inner(),
		})
	}

	/// Predictions of a campaign's model at several sizes (at most [`Config::MaxPoints`]
	/// sizes are evaluated); empty without a model.
	pub fn predictions(campaign: CampaignId, sizes: Vec<FixedU128>) -> Vec<Prediction> {
		sizes
			.into_iter()
			.take(T::MaxPoints::get() as usize)
			.filter_map(|n| Self::predict(campaign, n))
			.collect()
	}
}

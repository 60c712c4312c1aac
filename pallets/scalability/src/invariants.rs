//! The pallet's storage invariants, checked by `try_state` (and after every unit test).

use crate::{pallet::*, verify, BalanceOf, FitPhase, HoldReason};
use alloc::collections::btree_map::BTreeMap;
use polkadot_sdk::{
	frame_support::{
		ensure,
		traits::{fungible::InspectHold, Get},
	},
	frame_system::{self},
	sp_runtime::{traits::Saturating, TryRuntimeError},
};

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the pallet's storage.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		Self::check_campaigns()?;
		Self::check_fitting()?;
		Self::check_networks_and_deposits()
	}

	/// Campaigns, their measurements and models agree with each other.
	fn check_campaigns() -> Result<(), TryRuntimeError> {
		let next = NextCampaignId::<T>::get();
		for (id, campaign) in Campaigns::<T>::iter() {
			ensure!(id < next, "a campaign id at or above NextCampaignId");
			let history = NetworkHistory::<T>::get(&campaign.network);
			ensure!(
				history.iter().filter(|h| **h == id).count() == 1,
				"a campaign is not listed exactly once in its network's history"
			);
			let points = Measurements::<T>::get(id);
			ensure!(
				points.windows(2).all(|w| w[0].n < w[1].n),
				"measurements not sorted and unique by size"
			);
			ensure!(
				points.iter().all(|p| verify::check_measurement(p).is_ok()),
				"a stored measurement is out of range"
			);
			if let Some(model) = Models::<T>::get(id) {
				ensure!(model.revision == campaign.revision, "a model of an old revision");
				ensure!(!NoModel::<T>::contains_key(id), "a revision with a model and no model");
			}
		}
		for id in Measurements::<T>::iter_keys() {
			ensure!(Campaigns::<T>::contains_key(id), "measurements of a removed campaign");
		}
		for id in Models::<T>::iter_keys() {
			ensure!(Campaigns::<T>::contains_key(id), "a model of a removed campaign");
		}
		for (label, ids) in NetworkHistory::<T>::iter() {
			ensure!(!ids.is_empty(), "an empty network history is stored");
			ensure!(ids.windows(2).all(|w| w[0] < w[1]), "a history not in creation order");
			for id in ids.iter() {
				let campaign = Campaigns::<T>::get(id).ok_or("history lists a removed campaign")?;
				ensure!(campaign.network == label, "history lists another network's campaign");
			}
		}
		Ok(())
	}

	/// Every open revision is scheduled to end; nothing ended is still open.
	fn check_fitting() -> Result<(), TryRuntimeError> {
		let now = frame_system::Pallet::<T>::block_number();
		for (id, phase) in OpenForFits::<T>::iter() {
			let campaign = Campaigns::<T>::get(id).ok_or("a removed campaign is open for fits")?;
			ensure!(
				Measurements::<T>::decode_len(id).unwrap_or(0) as u32 >= T::MinPoints::get(),
				"a campaign with too few points is open for fits"
			);
			ensure!(!NoModel::<T>::contains_key(id), "an open revision marked as without model");
			let model = Models::<T>::get(id).filter(|m| m.revision == campaign.revision);
			match phase {
				FitPhase::AwaitingModel { deadline } => {
					ensure!(deadline > now, "a deadline in the past is still open");
					ensure!(
						FitDeadlines::<T>::get(deadline).contains(&id),
						"an open revision whose deadline is not scheduled"
					);
				},
				FitPhase::Improving { closes } => {
					ensure!(closes > now, "a fit window in the past is still open");
					ensure!(model.is_some(), "a fit window without a model");
					ensure!(
						FitWindowsClosing::<T>::get(closes).contains(&id),
						"an open fit window that is not scheduled"
					);
				},
			}
		}
		for (id, _) in NoModel::<T>::iter() {
			ensure!(Campaigns::<T>::contains_key(id), "a removed campaign marked without model");
		}
		for (at, _) in FitDeadlines::<T>::iter() {
			ensure!(at > now, "a deadline list of a past block");
		}
		for (at, _) in FitWindowsClosing::<T>::iter() {
			ensure!(at > now, "a fit window list of a past block");
		}
		Ok(())
	}

	/// Labels with campaigns are owned; deposits recorded are the deposits held.
	fn check_networks_and_deposits() -> Result<(), TryRuntimeError> {
		for label in NetworkHistory::<T>::iter_keys() {
			ensure!(Networks::<T>::contains_key(&label), "a history without an owned label");
		}
		let mut campaign_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for campaign in Campaigns::<T>::iter_values() {
			let held = campaign_deposits.entry(campaign.owner).or_default();
			*held = held.saturating_add(campaign.deposit);
		}
		let mut network_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for network in Networks::<T>::iter_values() {
			ensure!(
				!network.delegates.contains(&network.owner),
				"a label's owner listed as its delegate"
			);
			let held = network_deposits.entry(network.owner).or_default();
			*held = held.saturating_add(network.deposit);
		}
		for (who, recorded) in campaign_deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::CampaignDeposit.into(), &who) == recorded,
				"campaign deposits held differ from those recorded"
			);
		}
		for (who, recorded) in network_deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::NetworkDeposit.into(), &who) == recorded,
				"network deposits held differ from those recorded"
			);
		}
		Ok(())
	}
}

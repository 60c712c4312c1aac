//! Storage migrations.
//!
//! | version | what changed |
//! |---|---|
//! | 0 | the first release |
//! | 1 | [`OpenForFits`] holds a [`FitPhase`] (a deadline without a model, or a fit window) instead of an optional window end; [`FitDeadlines`], [`NoModel`] and [`Networks`] are new |
//!
//! The runtime lists [`v1::MigrateToV1`] in its `Executive` migrations; it runs once, when the
//! on-chain storage version is 0, and sets it to 1.

use crate::{pallet::*, FitPhase, Network};
use polkadot_sdk::{
	frame_support::{
		migrations::VersionedMigration,
		pallet_prelude::*,
		traits::{Get, UncheckedOnRuntimeUpgrade},
	},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_runtime::traits::{Saturating, Zero},
};

/// Version 0 to 1.
pub mod v1 {
	use super::*;

	/// The version-0 layout of [`OpenForFits`]: `None` while awaiting the first model,
	/// `Some(closes)` during the fit window.
	#[polkadot_sdk::frame_support::storage_alias]
	pub type OpenForFits<T: Config> = StorageMap<
		Pallet<T>,
		Twox64Concat,
		crate::CampaignId,
		Option<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// The migration, unversioned: [`MigrateToV1`] runs it only from version 0.
	pub struct InnerMigrateToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let now = frame_system::Pallet::<T>::block_number();
			let deadline = now.saturating_add(T::FitDeadline::get());
			let mut reads = 0u64;
			let mut writes = 0u64;
			let old: alloc::vec::Vec<_> = OpenForFits::<T>::drain().collect();
			// Deadlines of revisions awaiting a model, spread over as many blocks as their
			// lists need.
			let mut at = deadline;
			for (campaign, window) in old {
				reads.saturating_inc();
				writes.saturating_inc();
				let phase = match window {
					Some(closes) => FitPhase::Improving { closes },
					None => {
						while FitDeadlines::<T>::try_mutate(at, |ids| ids.try_push(campaign))
							.is_err()
						{
							at = at.saturating_add(1u32.into());
							reads.saturating_inc();
						}
						writes.saturating_inc();
						FitPhase::AwaitingModel { deadline: at }
					},
				};
				crate::OpenForFits::<T>::insert(campaign, phase);
			}
			// Labels with a history are owned by the creator of their first campaign, with no
			// deposit (none was asked for when it was created).
			for (label, ids) in NetworkHistory::<T>::iter() {
				reads.saturating_inc();
				let Some(first) = ids.first().and_then(Campaigns::<T>::get) else {
					continue;
				};
				reads.saturating_inc();
				Networks::<T>::insert(
					label,
					Network {
						owner: first.owner,
						deposit: Zero::zero(),
						delegates: BoundedVec::new(),
					},
				);
				writes.saturating_inc();
			}
			T::DbWeight::get().reads_writes(reads, writes)
		}
	}

	/// Version 0 to 1 of the scalability pallet's storage.
	pub type MigrateToV1<T> = VersionedMigration<
		0,
		1,
		InnerMigrateToV1<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

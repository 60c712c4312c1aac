//! The current collators as this project's pallets see them: the Aura authorities. A collator
//! signs its fits and probe reports with its Aura key, which it already has, so the off-chain
//! workers need no extra key. One adapter serves both pallets: the scalability pallet asks
//! whether a key is a collator's (`Contains`), the monitoring pallet wants them sorted, to
//! assign targets (`SortedMembers`).

use polkadot_sdk::{
	frame_support::traits::{Contains, SortedMembers},
	pallet_aura,
};

use super::super::{AuraId, Runtime};
use alloc::vec::Vec;

/// The Aura authorities of the current session.
pub struct AuraCollators;

impl Contains<AuraId> for AuraCollators {
	fn contains(key: &AuraId) -> bool {
		pallet_aura::Authorities::<Runtime>::get().contains(key)
	}
}

impl SortedMembers<AuraId> for AuraCollators {
	fn sorted_members() -> Vec<AuraId> {
		let mut keys = pallet_aura::Authorities::<Runtime>::get().into_inner();
		keys.sort();
		keys
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn add(key: &AuraId) {
		pallet_aura::Authorities::<Runtime>::mutate(|keys| {
			let _ = keys.try_push(key.clone());
		});
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_scalability::BenchmarkHelper<AuraId> for AuraCollators {
	fn make_collator(key: AuraId) {
		<Self as SortedMembers<AuraId>>::add(&key);
	}
}

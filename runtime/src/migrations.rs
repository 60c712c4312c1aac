//! Migrations of the runtime's own types (the pallets' are in their crates).

use super::{Aura, Runtime, SessionKeys};
use alloc::vec::Vec;
use pallet_monitoring::crypto::ProberId;
use polkadot_sdk::{
	frame_support::{traits::OnRuntimeUpgrade, weights::Weight},
	pallet_session,
	sp_runtime::impl_opaque_keys,
};

impl_opaque_keys! {
	/// The session keys before the probe key: Aura only.
	pub struct SessionKeysV0 {
		/// Authors blocks (and signed probe reports).
		pub aura: Aura,
	}
}

/// Adds the probe key (`stmn`) to every collator's session keys, set to its Aura public key
/// (the key that signed its reports until now), and makes the current collators the probers
/// at once (not from the next session). Each operator then inserts that key under the new
/// type (`stacktical-node key insert --key-type stmn --scheme sr25519 --suri <the Aura
/// key's>`) or sets new session keys; until then its node does not probe. Runs only while
/// the stored keys are the old ones.
pub struct AddProbeKey;

impl AddProbeKey {
	/// Whether the stored session keys still lack the probe key: a collator's keys that do
	/// not decode as [`SessionKeys`].
	pub fn needed() -> bool {
		pallet_session::Validators::<Runtime>::get()
			.first()
			.is_some_and(|v| pallet_session::NextKeys::<Runtime>::get(v).is_none())
	}
}

impl OnRuntimeUpgrade for AddProbeKey {
	fn on_runtime_upgrade() -> Weight {
		let db = <Runtime as polkadot_sdk::frame_system::Config>::DbWeight::get();
		if !Self::needed() {
			return db.reads(2);
		}
		pallet_session::Pallet::<Runtime>::upgrade_keys::<SessionKeysV0, _>(|_, old| {
			let monitoring = ProberId::from(old.aura.clone().into_inner());
			SessionKeys { aura: old.aura, monitoring }
		});
		let validators = pallet_session::Validators::<Runtime>::get();
		let keys = validators
			.iter()
			.filter_map(pallet_session::NextKeys::<Runtime>::get)
			.map(|keys| keys.monitoring)
			.collect::<Vec<_>>();
		let count = validators.len() as u64;
		pallet_monitoring::Pallet::<Runtime>::set_session_probers(keys);
		// Per collator: its keys read and written, two key-owner entries each way.
		db.reads_writes(3 + 3 * count, 2 + 5 * count)
	}
}

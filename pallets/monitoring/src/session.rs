//! The probers from the session keys: a runtime whose session keys include the probe key
//! ([`crate::crypto`]) lists the pallet as their session handler, which keeps the current
//! session's probe keys ([`SessionProbers`]); [`SessionProberKeys`] then serves them as
//! [`Config::Probers`].

use crate::{Config, Pallet, SessionProbers};
use alloc::vec::Vec;
use polkadot_sdk::{
	frame_support::traits::{OneSessionHandler, SortedMembers},
	sp_runtime::{BoundToRuntimeAppPublic, BoundedVec},
};

impl<T: Config> BoundToRuntimeAppPublic for Pallet<T> {
	type Public = T::AuthorityId;
}

impl<T: Config> OneSessionHandler<T::AccountId> for Pallet<T> {
	type Key = T::AuthorityId;

	fn on_genesis_session<'a, I>(validators: I)
	where
		I: 'a + Iterator<Item = (&'a T::AccountId, T::AuthorityId)>,
	{
		Self::set_session_probers(validators.map(|(_, key)| key).collect());
	}

	fn on_new_session<'a, I>(_changed: bool, validators: I, _queued: I)
	where
		I: 'a + Iterator<Item = (&'a T::AccountId, T::AuthorityId)>,
	{
		Self::set_session_probers(validators.map(|(_, key)| key).collect());
	}

	fn on_disabled(_validator_index: u32) {}
}

impl<T: Config> Pallet<T> {
	/// Makes `keys` the session's probers: the first [`Config::MaxProbers`], sorted and
	/// without repeats (also for a runtime's migration that adds the probe key).
	pub fn set_session_probers(mut keys: Vec<T::AuthorityId>) {
		keys.sort();
		keys.dedup();
		SessionProbers::<T>::put(BoundedVec::truncate_from(keys));
	}
}

/// [`Config::Probers`] from the session keys' probe keys.
pub struct SessionProberKeys<T>(core::marker::PhantomData<T>);

impl<T: Config> SortedMembers<T::AuthorityId> for SessionProberKeys<T> {
	fn sorted_members() -> Vec<T::AuthorityId> {
		SessionProbers::<T>::get().into_inner()
	}

	fn contains(key: &T::AuthorityId) -> bool {
		SessionProbers::<T>::get().binary_search(key).is_ok()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn add(key: &T::AuthorityId) {
		let mut keys = SessionProbers::<T>::get().into_inner();
		keys.push(key.clone());
		Pallet::<T>::set_session_probers(keys);
	}
}

//! Targets from the relay chain: every validator of the relay chain's current session is a
//! target, with no registration and no deposit.
//!
//! The runtime asks the collators to include, in the relay-chain state proof of every block,
//! the relay chain's session index, and, once a new index has been seen
//! ([`RelaySetWanted`]), the session's validators (their stash accounts) and their
//! authority-discovery keys (`keys_to_prove`, the `KeyToIncludeInRelayProof` runtime API).
//! It hands what the proof holds to [`Pallet::note_relay_session`], which keeps a target for
//! each validator of the set: a new validator gets one (with no probe URL: the node's p2p
//! prober measures it, and its stash may add HTTP URLs with `update_endpoints`); one that
//! left the set stops being probed — a target it registered itself loses its relay details,
//! one the set made is deregistered, its history staying until it ages out, as any
//! deregistered target's does.
//!
//! A relay chain whose proof lacks an item (or whose item does not decode) changes nothing:
//! on the dev chain, with its mocked relay chain, targets come from registration and genesis.

use crate::{
	pallet::*, weights::WeightInfo, Event, Pallet, RelayValidator, TargetId, TargetObserver,
	LOG_TARGET,
};
use alloc::{collections::BTreeSet, vec::Vec};
use polkadot_sdk::{
	frame_support::{pallet_prelude::*, traits::Get},
	frame_system,
	sp_runtime::traits::{Saturating, Zero},
};

/// A relay-chain authority-discovery key (sr25519).
pub type DiscoveryKey = [u8; 32];

impl<T: Config> Pallet<T> {
	/// Whether the next relay-chain state proof should carry the session's validators and
	/// their discovery keys (a new session index was seen and its set is not applied yet).
	pub fn relay_set_wanted() -> bool {
		RelaySetWanted::<T>::get()
	}

	/// What the relay chain's state proof says about its session: the session index, if the
	/// proof holds it, and the session's validators (stash, discovery key, in the relay
	/// chain's order: a validator's place is its index), if it holds them. A new index asks
	/// for the set ([`RelaySetWanted`]); a set, when asked for, is applied, at most
	/// [`Config::MaxRelaySetChanges`] changes a block (the set is asked for again until it is
	/// all applied). Returns the weight used.
	pub fn note_relay_session(
		index: Option<u32>,
		validators: Option<Vec<(T::AccountId, DiscoveryKey)>>,
	) -> Weight {
		let db = T::DbWeight::get();
		let Some(index) = index else { return db.reads(1) };
		let mut weight = db.reads(2);
		if RelaySession::<T>::get() != Some(index) {
			RelaySession::<T>::put(index);
			RelaySetWanted::<T>::put(true);
			weight.saturating_accrue(db.writes(2));
			// The set in this proof (if any) may be the previous session's: wait for the next.
			return weight;
		}
		match validators {
			Some(validators) if RelaySetWanted::<T>::get() => {
				let members = (validators.len() as u32).min(T::MaxTargets::get());
				let (changes, done) = Self::apply_relay_set(index, validators);
				if done {
					RelaySetWanted::<T>::kill();
				}
				weight
					.saturating_add(T::WeightInfo::apply_relay_set(members, changes))
					.saturating_add(T::Observer::weight().saturating_mul(u64::from(changes)))
			},
			_ => weight,
		}
	}

	/// Makes the targets follow the session's validator set (at most [`Config::MaxTargets`]
	/// of them), at most [`Config::MaxRelaySetChanges`] changes at a time: first those that
	/// left go, then those that joined get a target, and those that stayed get their new
	/// place (when no more targets can be added, the rest is logged and left out). Returns
	/// how many changes it made and whether the set is now applied.
	pub(crate) fn apply_relay_set(
		session: u32,
		validators: Vec<(T::AccountId, DiscoveryKey)>,
	) -> (u32, bool) {
		let now = frame_system::Pallet::<T>::block_number();
		let budget = T::MaxRelaySetChanges::get();
		let validators: Vec<_> = validators
			.into_iter()
			.take(T::MaxTargets::get() as usize)
			.map(|(stash, key)| (TargetOfStash::<T>::get(&stash), stash, key))
			.collect();
		let staying: BTreeSet<TargetId> = validators.iter().filter_map(|(t, _, _)| *t).collect();
		let gone: Vec<TargetId> =
			RelayValidators::<T>::iter_keys().filter(|t| !staying.contains(t)).collect();
		let (mut changes, mut joined, mut left, mut left_out) = (0u32, 0u32, 0u32, 0u32);
		let mut done = true;
		for target in gone {
			if changes >= budget {
				done = false;
				break;
			}
			changes.saturating_inc();
			left.saturating_inc();
			RelayValidators::<T>::remove(target);
			let Some(info) = Targets::<T>::get(target) else { continue };
			if info.endpoints.is_empty() {
				// Made by the set, not registered: it goes (its history ages out), and an SLA
				// on it is told, as of any departure.
				let _ = Self::remove_target(info.stash);
			}
		}
		for (index, (target, stash, discovery_key)) in validators.into_iter().enumerate() {
			if !done {
				break;
			}
			let details = RelayValidator { index: index as u32, discovery_key };
			if target.is_some_and(|t| RelayValidators::<T>::get(t) == Some(details)) {
				continue;
			}
			if changes >= budget {
				done = false;
				break;
			}
			changes.saturating_inc();
			let target = match target {
				Some(target) => target,
				None => match Self::insert_target(stash, Default::default(), Zero::zero(), now) {
					Ok(target) => {
						joined.saturating_inc();
						target
					},
					Err(_) => {
						left_out.saturating_inc();
						continue;
					},
				},
			};
			RelayValidators::<T>::insert(target, details);
		}
		if left_out > 0 {
			log::warn!(
				target: LOG_TARGET,
				"relay session {session}: {left_out} validators left out (MaxTargets reached)",
			);
		}
		Self::deposit_event(Event::RelaySetChanged { session, joined, left, changes, done });
		(changes, done)
	}
}

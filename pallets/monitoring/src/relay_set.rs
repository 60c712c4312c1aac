//! Targets from the relay chain's validator set.
//!
//! Every validator of the relay chain's current session is a target, with no registration
//! and no deposit: the runtime hands the pallet what the relay chain's state proof says
//! ([`Pallet::note_relay_session`]). In every block the proof holds the relay chain's session
//! index (one small item). When it changes, [`RelaySetWanted`] is set, the runtime's
//! `KeyToIncludeInRelayProof` asks the collator for the session's validators and their
//! authority-discovery keys too, and from the next block on the pallet applies the new set:
//!
//! - the applied set is one bounded list ([`RelaySet`], sorted by stash, ≈ 73 B per
//!   validator), read and written once per block of work and compared with the proven set in
//!   memory;
//! - at most [`Config::MaxRelaySetChanges`] targets join or leave per block — leavers first,
//!   as they free room — so a whole new set of 1,000 validators takes a few blocks, and the
//!   set is proven again in each of them until it is applied;
//! - a validator whose position or discovery key changed is updated in the list, at no cost
//!   per validator (a changed key also in its [`Discovery`] entry, [`crate::discovery`]).
//!
//! A validator that joins gets a target (or keeps the one its stash registered); one that
//! leaves stops being probed: its target goes unless its stash registered probe URLs, and its
//! history stays and ages out as any target's does. A stash that deregisters while its
//! validator is in the set withdraws only its URLs and deposit.
//!
//! A relay chain without a session index (the dev chain's mocked relay chain) leaves the
//! targets to registration and genesis; one whose validators do not decode (or exceed
//! [`Config::MaxTargets`]) leaves the set as it is for that session.

use crate::{
	pallet::*, DiscoveryKey, RelayMember, RelaySetProof, RelayValidator, TargetId, TargetObserver,
	WeightInfo,
};
use alloc::vec::Vec;
use polkadot_sdk::{
	frame_support::{pallet_prelude::*, traits::Get},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_runtime::traits::{Saturating, Zero},
};

/// What one block's application of the relay set did.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Applied {
	/// Members in the larger of the applied and the proven set (for the weight).
	pub members: u32,
	/// Validators that joined.
	pub joined: u32,
	/// Validators that left.
	pub left: u32,
	/// Validators that could not get a target ([`Config::MaxTargets`] targets exist).
	pub untracked: u32,
	/// Members whose discovery key changed (each rewrites its [`Discovery`] entry).
	pub rekeyed: u32,
	/// Whether the set is now applied in full.
	pub complete: bool,
}

impl<T: Config> Pallet<T> {
	/// Whether the validator set of a relay-chain session newer than the applied one is still
	/// to be applied: the runtime then asks for the set in the next block's relay proof.
	pub fn relay_set_wanted() -> bool {
		RelaySetWanted::<T>::exists()
	}

	/// Takes note of the relay chain's session index (`None` where the relay chain has none)
	/// and, when a new session's set is wanted, of the set the proof holds (`set` is read
	/// only then). Called by the runtime in every block, as the relay-chain state proof
	/// arrives. Returns the weight used.
	pub fn note_relay_session(
		session: Option<u32>,
		set: impl FnOnce() -> RelaySetProof<T::AccountId, T::MaxTargets>,
	) -> Weight {
		let db = T::DbWeight::get();
		let Some(session) = session else { return Weight::zero() };
		let wanted = RelaySetWanted::<T>::get();
		if wanted.is_none() && RelaySession::<T>::get() == Some(session) {
			return db.reads(2);
		}
		if wanted != Some(session) {
			RelaySetWanted::<T>::put(session);
		}
		match set() {
			RelaySetProof::NotProven => db.reads_writes(2, 1),
			RelaySetProof::Unreadable => {
				RelaySession::<T>::put(session);
				RelaySetWanted::<T>::kill();
				Self::deposit_event(Event::RelaySetUnreadable { session });
				db.reads_writes(2, 2)
			},
			RelaySetProof::Set(validators) => {
				let applied = Self::apply_relay_set(session, validators.into_inner());
				T::WeightInfo::apply_relay_set(
					applied.members,
					applied.joined.saturating_add(applied.left),
				)
				.saturating_add(T::Observer::weight().saturating_mul(applied.left.into()))
				.saturating_add(
					T::DbWeight::get().reads_writes(applied.rekeyed.into(), applied.rekeyed.into()),
				)
			},
		}
	}

	/// Applies up to [`Config::MaxRelaySetChanges`] joins and leaves of the proven set of
	/// `session` (in validator-index order), and every change of position or key.
	pub(crate) fn apply_relay_set(
		session: u32,
		validators: Vec<RelayValidator<T::AccountId>>,
	) -> Applied {
		let mut proven: Vec<(T::AccountId, u32, Option<DiscoveryKey>)> = validators
			.into_iter()
			.enumerate()
			.map(|(index, v)| (v.stash, index as u32, v.discovery))
			.collect();
		// A stash listed twice keeps its first position.
		proven.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
		proven.dedup_by(|later, first| later.0 == first.0);
		let find = |stash: &T::AccountId| proven.binary_search_by(|(s, _, _)| s.cmp(stash));

		let applied_before = RelaySet::<T>::get();
		let mut applied = Applied {
			members: (applied_before.len() as u32).max(proven.len() as u32),
			complete: true,
			..Default::default()
		};
		let mut budget = T::MaxRelaySetChanges::get();
		let mut members: Vec<RelayMember<T::AccountId>> = Vec::with_capacity(proven.len());
		for mut member in applied_before {
			match find(&member.stash) {
				Ok(at) => {
					if let Some((_, index, discovery)) = proven.get(at) {
						member.index = *index;
						if member.discovery != *discovery {
							Self::track_discovery(member.target, *discovery);
							applied.rekeyed.saturating_inc();
						}
						member.discovery = *discovery;
					}
					members.push(member);
				},
				Err(_) if budget == 0 => {
					applied.complete = false;
					members.push(member);
				},
				Err(_) => {
					budget.saturating_dec();
					Self::leave_relay_set(&member);
					applied.left.saturating_inc();
				},
			}
		}
		// Joiners only once every leaver is gone: leavers free room.
		if applied.complete {
			let now = frame_system::Pallet::<T>::block_number();
			let mut joiners = proven
				.iter()
				.filter(|(stash, _, _)| members.binary_search_by(|m| m.stash.cmp(stash)).is_err());
			let mut pending: Vec<RelayMember<T::AccountId>> = Vec::new();
			while let Some((stash, index, discovery)) = joiners.next() {
				if budget == 0 {
					applied.complete = false;
					break;
				}
				budget.saturating_dec();
				let target = match TargetOfStash::<T>::get(stash) {
					Some(target) => target,
					None => match Self::join_target(stash.clone(), now) {
						Some(target) => target,
						None => {
							// No room: this one and the rest stay out until the next session.
							applied.untracked =
								1u32.saturating_add(joiners.by_ref().count() as u32);
							break;
						},
					},
				};
				Self::track_discovery(target, *discovery);
				pending.push(RelayMember {
					stash: stash.clone(),
					target,
					index: *index,
					discovery: *discovery,
				});
				applied.joined.saturating_inc();
			}
			members.extend(pending);
			members.sort_by(|a, b| a.stash.cmp(&b.stash));
		}
		// Every member has its own target, and there are at most `MaxTargets` targets.
		RelaySet::<T>::put(BoundedVec::truncate_from(members));
		if applied.complete {
			RelaySession::<T>::put(session);
			RelaySetWanted::<T>::kill();
		}
		if applied.complete || applied.joined > 0 || applied.left > 0 {
			Self::deposit_event(Event::RelaySetUpdated {
				session,
				joined: applied.joined,
				left: applied.left,
				untracked: applied.untracked,
				complete: applied.complete,
			});
		}
		applied
	}

	/// A new target for a validator that joined the set: no URLs, no deposit. `None` when
	/// [`Config::MaxTargets`] targets exist.
	fn join_target(stash: T::AccountId, now: BlockNumberFor<T>) -> Option<TargetId> {
		let target =
			Self::insert_target(stash.clone(), Default::default(), Zero::zero(), now).ok()?;
		Self::deposit_event(Event::TargetRegistered { target, stash, deposit: Zero::zero() });
		Some(target)
	}

	/// A validator left the set: its target goes, unless its stash registered probe URLs,
	/// and it is no longer expected to publish records (its discoverability history stays).
	fn leave_relay_set(member: &RelayMember<T::AccountId>) {
		Self::track_discovery(member.target, None);
		let registered =
			Targets::<T>::get(member.target).is_some_and(|target| !target.endpoints.is_empty());
		if !registered {
			Self::drop_target(member.stash.clone(), member.target, Zero::zero());
		}
	}

	/// The applied set's entry of a stash, if its validator is in the set.
	pub fn relay_member(stash: &T::AccountId) -> Option<RelayMember<T::AccountId>> {
		let members = RelaySet::<T>::get();
		members
			.binary_search_by(|m| m.stash.cmp(stash))
			.ok()
			.and_then(|at| members.get(at).cloned())
	}
}

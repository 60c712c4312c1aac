//! Network labels and who may add to their history.
//!
//! A network's history ([`NetworkHistory`]) is what `scalability_history` shows and what a
//! release is compared along, so it must not be open to anyone: the first campaign on a label
//! claims it for its creator, who holds [`Config::NetworkDeposit`] for it and may let other
//! accounts (a CI bot, a colleague) add campaigns as delegates. Campaigns of a claimed label
//! come only from its owner and delegates; the owner may also remove any campaign of the
//! label. A label with no campaigns left can be released, and then claimed again by anyone.
//! Labels are first come, first served, like on-chain identities: a team publishing under a
//! well-known name should claim it early.

use crate::{pallet::*, LabelOf, Network};
use polkadot_sdk::frame_support::{
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};

impl<T: Config> Pallet<T> {
	/// A label of printable ASCII bytes.
	pub(crate) fn label(raw: BoundedVec<u8, T::MaxLabelLen>) -> Result<LabelOf<T>, Error<T>> {
		ensure!(
			!raw.is_empty() && raw.iter().all(|b| (0x21..=0x7e).contains(b)),
			Error::<T>::InvalidLabel
		);
		Ok(raw)
	}

	/// Whether `who` may add a campaign to `network`'s history; claims an unclaimed label
	/// for `who`, holding the network deposit.
	pub(crate) fn admit_to_network(network: &LabelOf<T>, who: &T::AccountId) -> DispatchResult {
		match Networks::<T>::get(network) {
			Some(info) => {
				ensure!(
					info.owner == *who || info.delegates.contains(who),
					Error::<T>::NotNetworkMember
				);
			},
			None => {
				let deposit = T::NetworkDeposit::get();
				T::Currency::hold(&HoldReason::NetworkDeposit.into(), who, deposit)?;
				Networks::<T>::insert(
					network,
					Network { owner: who.clone(), deposit, delegates: BoundedVec::new() },
				);
				Self::deposit_event(Event::NetworkClaimed {
					network: network.clone(),
					owner: who.clone(),
				});
			},
		}
		Ok(())
	}

	/// Adds (`add`) or removes a delegate of a label `who` owns.
	pub(crate) fn change_delegates(
		who: &T::AccountId,
		network: BoundedVec<u8, T::MaxLabelLen>,
		delegate: T::AccountId,
		add: bool,
	) -> DispatchResult {
		Networks::<T>::try_mutate(&network, |info| {
			let info = info.as_mut().ok_or(Error::<T>::UnknownNetwork)?;
			ensure!(info.owner == *who, Error::<T>::NotNetworkOwner);
			if add {
				ensure!(
					info.owner != delegate && !info.delegates.contains(&delegate),
					Error::<T>::AlreadyDelegate
				);
				info.delegates
					.try_push(delegate.clone())
					.map_err(|_| Error::<T>::TooManyDelegates)?;
			} else {
				let at = info
					.delegates
					.iter()
					.position(|d| *d == delegate)
					.ok_or(Error::<T>::NotDelegate)?;
				info.delegates.remove(at);
			}
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(if add {
			Event::NetworkDelegateAdded { network, delegate }
		} else {
			Event::NetworkDelegateRemoved { network, delegate }
		});
		Ok(())
	}

	/// Releases a label `who` owns that has no campaigns, with its deposit.
	pub(crate) fn release_label(
		who: &T::AccountId,
		network: BoundedVec<u8, T::MaxLabelLen>,
	) -> DispatchResult {
		let info = Networks::<T>::get(&network).ok_or(Error::<T>::UnknownNetwork)?;
		ensure!(info.owner == *who, Error::<T>::NotNetworkOwner);
		ensure!(!NetworkHistory::<T>::contains_key(&network), Error::<T>::NetworkInUse);
		T::Currency::release(
			&HoldReason::NetworkDeposit.into(),
			who,
			info.deposit,
			Precision::BestEffort,
		)?;
		Networks::<T>::remove(&network);
		Self::deposit_event(Event::NetworkReleased { network });
		Ok(())
	}
}

//! # Reference consumer of Stacktical's SLIs over XCM
//!
//! What another parachain adds to its runtime to ask Stacktical for validators' SLIs
//! (`docs/xcm.md`): a small pallet to copy, or to use as it is.
//!
//! - [`Pallet::ask`] sends Stacktical a **paid request** ([`request_message`]): the fee is
//!   withdrawn from this chain's sovereign account on Stacktical and what is left deposited back
//!   (`SetAppendix`), `ExpectPallet` makes sure Stacktical's answering pallet is where and what
//!   this chain expects before the `Transact`, and the request names this pallet's
//!   [`Pallet::answer`] as its callback. The query waits in [`Pending`] until
//!   [`Config::AnswerTimeout`] blocks have passed.
//! - [`Pallet::answer`] takes Stacktical's answer. **Only Stacktical's chain root** may call it
//!   ([`Config::Stacktical`], checked against the XCM origin): a message one of Stacktical's
//!   users sends arrives from `(1, [Parachain(id), AccountId32 { .. }])` and is refused, so
//!   nobody can feed this chain forged SLIs. An answer to a query that is not pending — a
//!   duplicate, or one after the timeout — is ignored (event [`Event::Ignored`]).
//! - Answers stay in [`Answers`] until [`Pallet::forget`]; pending queries and kept answers are
//!   at most [`Config::MaxQueries`] together.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(any(test, feature = "try-runtime"))]
mod invariants;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use sli_xcm::{QueryId, VersionedAnswer, VersionedQuery};

use alloc::{vec, vec::Vec};
use codec::Encode;
use polkadot_sdk::{
	frame_support::{self, pallet_prelude::*, traits::PalletInfoAccess},
	frame_system::{self, pallet_prelude::*},
	sp_runtime::traits::Saturating,
	staging_xcm::latest::prelude::*,
};

/// Where Stacktical's answering pallet is, and what it must be (`ExpectPallet`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemotePallet {
	/// Its index in Stacktical's runtime.
	pub index: u8,
	/// Its name in Stacktical's runtime.
	pub name: Vec<u8>,
	/// Its crate's module name (`pallet_sli_xcm`).
	pub module_name: Vec<u8>,
	/// The crate's major version this chain speaks.
	pub crate_major: u32,
	/// The least minor version of it.
	pub min_crate_minor: u32,
}

/// The call index of [`Pallet::answer`]: what requests name as their callback.
pub const ANSWER_CALL_INDEX: u8 = 1;

/// The message that asks Stacktical (`query_id`, `query`): paid with `fee` from this chain's
/// sovereign account there (`us`, this chain seen from Stacktical), the surplus deposited
/// back, Stacktical's pallet checked, then its `request` transacted with `callback`.
pub fn request_message<AccountId: Encode>(
	remote: &RemotePallet,
	fee: Asset,
	us: Location,
	request_weight: Weight,
	query_id: QueryId,
	query: &VersionedQuery<AccountId>,
	callback: &pallet_sli_xcm::Callback,
) -> Xcm<()> {
	let mut call = vec![remote.index, pallet_sli_xcm::REQUEST_CALL_INDEX];
	(query_id, query, callback).encode_to(&mut call);
	Xcm(vec![
		WithdrawAsset(fee.clone().into()),
		BuyExecution { fees: fee, weight_limit: Unlimited },
		SetAppendix(Xcm(vec![
			RefundSurplus,
			DepositAsset { assets: AllCounted(1).into(), beneficiary: us },
		])),
		ExpectPallet {
			index: remote.index.into(),
			name: remote.name.clone(),
			module_name: remote.module_name.clone(),
			crate_major: remote.crate_major,
			min_crate_minor: remote.min_crate_minor,
		},
		Transact {
			origin_kind: OriginKind::Xcm,
			fallback_max_weight: Some(request_weight),
			call: call.into(),
		},
	])
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who may ask and forget: governance, say.
		type AskOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The XCM origin of a `Transact`, as a location: in a runtime,
		/// `pallet_xcm::EnsureXcm<Everything>`.
		type AnswerOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = Location>;
		/// Stacktical's chain root, seen from here: `(1, [Parachain(id)])`.
		type Stacktical: Get<Location>;
		/// Stacktical's answering pallet.
		type RemotePallet: Get<RemotePallet>;
		/// What a request pays, as Stacktical names the asset (its native token, `Here`).
		type RequestFee: Get<Asset>;
		/// The weight Stacktical's `request` may take (`fallback_max_weight`).
		type RequestWeight: Get<Weight>;
		/// How Stacktical's answer pays for its execution here: `None`, unpaid (this chain's
		/// barrier lets Stacktical's messages execute for free); `Some(fee)`, from
		/// Stacktical's sovereign account here, as this chain names the asset.
		type AnswerFee: Get<Option<Asset>>;
		/// This chain's place in the consensus universe.
		type UniversalLocation: Get<InteriorLocation>;
		/// How requests leave.
		type XcmSender: SendXcm;
		/// Most pending queries and kept answers together.
		#[pallet::constant]
		type MaxQueries: Get<u32>;
		/// Blocks an answer is waited for; a later one is ignored.
		#[pallet::constant]
		type AnswerTimeout: Get<BlockNumberFor<Self>>;
	}

	/// The next query's id.
	#[pallet::storage]
	pub type NextQueryId<T> = StorageValue<_, QueryId, ValueQuery>;

	/// Queries asked and not answered yet, with the last block their answer is taken in.
	#[pallet::storage]
	pub type Pending<T: Config> =
		CountedStorageMap<_, Twox64Concat, QueryId, BlockNumberFor<T>, OptionQuery>;

	/// Answers taken, until forgotten.
	#[pallet::storage]
	pub type Answers<T: Config> =
		CountedStorageMap<_, Twox64Concat, QueryId, VersionedAnswer<T::AccountId>, OptionQuery>;

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(
			_: BlockNumberFor<T>,
		) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A query was sent to Stacktical.
		Asked { query_id: QueryId },
		/// Its answer arrived (`ok`: SLIs; otherwise a query error).
		Answered { query_id: QueryId, ok: bool },
		/// An answer to a query that is not pending (a duplicate, or after its timeout) was
		/// ignored.
		Ignored { query_id: QueryId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// As many queries pending or answered as [`Config::MaxQueries`]: forget some.
		TooManyQueries,
		/// An answer that does not come from Stacktical's chain root.
		NotStacktical,
		/// This pallet is not in the runtime's pallet list (no index to name as callback).
		NoPalletIndex,
		/// This chain cannot be named from Stacktical (its universal location).
		NoSovereignAccount,
		/// The request could not be sent (no channel to Stacktical, say).
		SendFailed,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Asks Stacktical `query`; the answer arrives in [`Pallet::answer`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::DbWeight::get().reads_writes(4, 3).saturating_add(Weight::from_parts(50_000_000, 0)))]
		pub fn ask(origin: OriginFor<T>, query: VersionedQuery<T::AccountId>) -> DispatchResult {
			T::AskOrigin::ensure_origin(origin)?;
			ensure!(
				Pending::<T>::count().saturating_add(Answers::<T>::count()) < T::MaxQueries::get(),
				Error::<T>::TooManyQueries
			);
			let stacktical = T::Stacktical::get();
			let pallet_index = u8::try_from(<Pallet<T> as PalletInfoAccess>::index())
				.map_err(|_| Error::<T>::NoPalletIndex)?;
			let callback = pallet_sli_xcm::Callback {
				pallet_index,
				call_index: ANSWER_CALL_INDEX,
				max_weight: Self::answer_weight(),
				fee: T::AnswerFee::get().map(Into::into),
			};
			let us = Location::here()
				.reanchored(&stacktical, &T::UniversalLocation::get())
				.map_err(|_| Error::<T>::NoSovereignAccount)?;
			let query_id = NextQueryId::<T>::get();
			let message = request_message(
				&T::RemotePallet::get(),
				T::RequestFee::get(),
				us,
				T::RequestWeight::get(),
				query_id,
				&query,
				&callback,
			);
			send_xcm::<T::XcmSender>(stacktical, message).map_err(|_| Error::<T>::SendFailed)?;
			let deadline =
				frame_system::Pallet::<T>::block_number().saturating_add(T::AnswerTimeout::get());
			Pending::<T>::insert(query_id, deadline);
			NextQueryId::<T>::put(query_id.saturating_add(1));
			Self::deposit_event(Event::Asked { query_id });
			Ok(())
		}

		/// Stacktical's answer to `query_id`: kept if the query is pending, ignored otherwise.
		/// Only Stacktical's chain root.
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::answer_weight())]
		pub fn answer(
			origin: OriginFor<T>,
			query_id: QueryId,
			answer: VersionedAnswer<T::AccountId>,
		) -> DispatchResult {
			let from = T::AnswerOrigin::ensure_origin(origin)?;
			ensure!(from == T::Stacktical::get(), Error::<T>::NotStacktical);
			let now = frame_system::Pallet::<T>::block_number();
			match Pending::<T>::take(query_id) {
				Some(deadline) if now <= deadline => {
					let ok = matches!(answer, VersionedAnswer::V1(Ok(_)));
					Answers::<T>::insert(query_id, answer);
					Self::deposit_event(Event::Answered { query_id, ok });
				},
				_ => Self::deposit_event(Event::Ignored { query_id }),
			}
			Ok(())
		}

		/// Forgets a query: its answer, or that it is pending.
		#[pallet::call_index(2)]
		#[pallet::weight(T::DbWeight::get().reads_writes(2, 2))]
		pub fn forget(origin: OriginFor<T>, query_id: QueryId) -> DispatchResult {
			T::AskOrigin::ensure_origin(origin)?;
			Pending::<T>::remove(query_id);
			Answers::<T>::remove(query_id);
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// What [`Pallet::answer`] may take: the answer kept (at most 4 KiB) and the pending
		/// entry read and removed.
		pub fn answer_weight() -> Weight {
			T::DbWeight::get()
				.reads_writes(3, 3)
				.saturating_add(Weight::from_parts(25_000_000, sli_xcm::MAX_ANSWER_LEN as u64))
		}
	}
}

//! # SLI queries over XCM
//!
//! Other chains ask Stacktical for validators' SLIs. XCM's `QueryResponse` cannot carry
//! application data, so a query and its answer are two ordinary messages:
//!
//! 1. **The request.** The requester's chain (its root, governance, or one of its users) sends
//!    Stacktical an XCM that pays for execution and `Transact`s [`Pallet::request`] with
//!    `(query_id, query, callback)`: the requester's own query id, a [`VersionedQuery`] from
//!    the `sli-xcm` ABI crate (SLIs of up to 16 validators over a window, or one validator's
//!    history), and where the answer goes ([`Callback`]: a call of the requester's runtime).
//! 2. **The answer.** In the same block the pallet asks its [`SliSource`] (in the runtime, the
//!    monitoring pallet) and sends the answer, as Stacktical's own message, to the **root of
//!    the requesting chain** — derived from the XCM origin ([`reply::requester_chain`]), never
//!    from anything the request names, so nobody can point answers at a third chain. The
//!    message `Transact`s the callback with `(query_id, VersionedAnswer)` appended to its
//!    `(pallet index, call index)`, pallet-xcm's notify layout, with the callback's weight as
//!    `fallback_max_weight`. Its execution there is unpaid, or paid from Stacktical's
//!    sovereign account with the fee the requester named ([`reply::answer_message`]).
//!
//! Query errors (an unknown validator, a bad window) are answers too, so the callback always
//! fires. A request that cannot be answered at all — not from another chain, too heavy a
//! callback, too many answers this block ([`Config::MaxAnswersPerBlock`]), the message not
//! sent — fails, and the requester's XCM reports it (`ReportTransactStatus`) and refunds
//! (`SetAppendix`). `docs/xcm.md` shows the messages, the fees and the trust model.
//!
//! The monitoring pallet stays XCM-free: this pallet only reads it through [`SliSource`].
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(any(test, feature = "try-runtime"))]
mod invariants;
#[cfg(test)]
mod mock;
pub mod reply;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use sli_xcm::{Answer, Query, QueryError, QueryId, VersionedAnswer, VersionedQuery};
pub use types::*;
pub use weights::WeightInfo;

use alloc::boxed::Box;
use polkadot_sdk::{
	frame_support::{self, pallet_prelude::*},
	frame_system::{self, pallet_prelude::*},
	staging_xcm::latest::prelude::*,
};

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::sli-xcm";

/// The call index of [`Pallet::request`]: what requesters put after the pallet's index.
pub const REQUEST_CALL_INDEX: u8 = 0;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who may ask, and from where: in the runtime, `pallet_xcm::EnsureXcm`, the XCM
		/// origin of a `Transact` as a location.
		type RequestOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = Location>;
		/// Where answers come from: in the runtime, the monitoring pallet.
		type Source: SliSource<Self::AccountId>;
		/// How answers leave: in the runtime, the XCM router (UMP to the relay chain, XCMP to
		/// siblings).
		type XcmSender: SendXcm;
		/// This chain's place in the consensus universe, to name its sovereign account to the
		/// requester's chain when the answer pays its own execution.
		type UniversalLocation: Get<InteriorLocation>;
		/// Most answers sent in one block.
		#[pallet::constant]
		type MaxAnswersPerBlock: Get<u32>;
		/// Most weight a callback may ask to run with.
		#[pallet::constant]
		type MaxCallbackWeight: Get<Weight>;
		/// Weights of this pallet's calls (without the source's part, [`SliSource::weight`]).
		type WeightInfo: WeightInfo;
		/// Sets up the worst-case query for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::RuntimeOrigin>;
	}

	/// Answers sent in the block named (the count starts again in the next block).
	#[pallet::storage]
	pub type AnswersInBlock<T: Config> = StorageValue<_, (BlockNumberFor<T>, u32), ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A query was answered (its answer is `Ok`, or a query error that travels in it).
		Answered {
			/// The requester's id of the query.
			query_id: QueryId,
			/// The chain the answer went to.
			to: Location,
			/// Whether the answer holds SLIs (`false`: a query error).
			ok: bool,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The request does not come from another chain (or a user of one): only the relay
		/// chain and parachains, or their users, are answered over XCM.
		NotAChain,
		/// The callback asks for more weight than [`Config::MaxCallbackWeight`].
		CallbackTooHeavy,
		/// The fee named for the answer's execution is not a version this chain reads, or
		/// cannot be named from the requester's chain.
		BadFee,
		/// As many answers as [`Config::MaxAnswersPerBlock`] left this block already.
		TooManyAnswers,
		/// The answer could not be sent (no channel to the requester's chain, say).
		SendFailed,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxAnswersPerBlock::get() >= 1, "MaxAnswersPerBlock must allow an answer");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(
			_: BlockNumberFor<T>,
		) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Answers `query` to the requesting chain, into `callback` with `query_id`.
		///
		/// Only an XCM origin of another chain or its users ([`Config::RequestOrigin`]); the
		/// answer goes to that chain's root whatever the request names. Query errors are
		/// answered, not returned.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::request().saturating_add(Pallet::<T>::answer_weight(query)))]
		pub fn request(
			origin: OriginFor<T>,
			query_id: QueryId,
			query: Box<VersionedQuery<T::AccountId>>,
			callback: Box<Callback>,
		) -> DispatchResult {
			let from = T::RequestOrigin::ensure_origin(origin)?;
			let to = reply::requester_chain(&from).ok_or(Error::<T>::NotAChain)?;
			ensure!(
				callback.max_weight.all_lte(T::MaxCallbackWeight::get()),
				Error::<T>::CallbackTooHeavy
			);
			let now = frame_system::Pallet::<T>::block_number();
			let (block, sent) = AnswersInBlock::<T>::get();
			let sent = if block == now { sent } else { 0 };
			ensure!(sent < T::MaxAnswersPerBlock::get(), Error::<T>::TooManyAnswers);

			let answer = Self::answer(&query);
			let ok = matches!(answer, VersionedAnswer::V1(Ok(_)));
			let message = reply::answer_message(
				&to,
				&T::UniversalLocation::get(),
				&callback,
				query_id,
				&answer,
			)
			.map_err(|_| Error::<T>::BadFee)?;
			send_xcm::<T::XcmSender>(to.clone(), message).map_err(|e| {
				log::debug!(target: LOG_TARGET, "answer {query_id} to {to:?} not sent: {e:?}");
				Error::<T>::SendFailed
			})?;
			AnswersInBlock::<T>::put((now, sent.saturating_add(1)));
			Self::deposit_event(Event::Answered { query_id, to, ok });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The answer to `query` at this block, as [`Pallet::request`] sends it and the
		/// runtime API previews it.
		pub fn answer(query: &VersionedQuery<T::AccountId>) -> VersionedAnswer<T::AccountId> {
			match query {
				VersionedQuery::V1(query) => VersionedAnswer::V1(T::Source::answer(query)),
			}
		}

		/// Most weight the source takes to answer `query`.
		pub fn answer_weight(query: &VersionedQuery<T::AccountId>) -> Weight {
			match query {
				VersionedQuery::V1(query) => T::Source::weight(query),
			}
		}
	}
}

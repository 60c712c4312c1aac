//! What must always hold of this pallet's storage (`try_state`).

use crate::{Answers, Config, NextQueryId, Pallet, Pending};
use polkadot_sdk::{
	frame_support::{ensure, traits::Get},
	sp_runtime::TryRuntimeError,
};

impl<T: Config> Pallet<T> {
	/// - pending queries and kept answers are at most [`Config::MaxQueries`] together, and
	///   their counters match their entries;
	/// - every query named was asked (its id is below [`NextQueryId`]).
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let pending = Pending::<T>::iter_keys().collect::<alloc::vec::Vec<_>>();
		let answered = Answers::<T>::iter_keys().collect::<alloc::vec::Vec<_>>();
		ensure!(pending.len() as u32 == Pending::<T>::count(), "pending counter is off");
		ensure!(answered.len() as u32 == Answers::<T>::count(), "answer counter is off");
		ensure!(
			Pending::<T>::count().saturating_add(Answers::<T>::count()) <= T::MaxQueries::get(),
			"more queries than MaxQueries"
		);
		let next = NextQueryId::<T>::get();
		ensure!(
			pending.iter().chain(answered.iter()).all(|id| *id < next),
			"a query id that was never asked"
		);
		Ok(())
	}
}

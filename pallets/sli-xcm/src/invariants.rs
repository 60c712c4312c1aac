//! What must always hold of this pallet's storage (`try_state`).

use crate::{AnswersInBlock, Config, Pallet};
use polkadot_sdk::{
	frame_support::{ensure, traits::Get},
	frame_system,
	sp_runtime::TryRuntimeError,
};

impl<T: Config> Pallet<T> {
	/// - no block sent more answers than [`Config::MaxAnswersPerBlock`];
	/// - the count names no block after the current one.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let (block, sent) = AnswersInBlock::<T>::get();
		ensure!(sent <= T::MaxAnswersPerBlock::get(), "more answers in a block than allowed");
		ensure!(
			block <= frame_system::Pallet::<T>::block_number(),
			"answers counted for a future block"
		);
		Ok(())
	}
}

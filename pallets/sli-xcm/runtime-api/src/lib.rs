//! Runtime API of SLI queries over XCM.
//!
//! `answer` returns, at a block, the answer a query sent over XCM would get there: the same
//! [`VersionedAnswer`] bytes the requester's callback receives (`docs/xcm.md`). A consumer
//! can preview an answer, and a test can compare what went over XCM with it.
#![cfg_attr(not(feature = "std"), no_std)]

use codec::Codec;
pub use sli_xcm::{VersionedAnswer, VersionedQuery};

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// SLI queries over XCM, answered here.
	pub trait SliXcmApi<AccountId>
	where
		AccountId: Codec,
	{
		/// The answer `query` would get over XCM at this block.
		fn answer(query: VersionedQuery<AccountId>) -> VersionedAnswer<AccountId>;
	}
}

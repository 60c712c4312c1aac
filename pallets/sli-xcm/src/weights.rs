//! Weights of `pallet_sli_xcm`.
//!
//! NOT YET GENERATED: the pallet is not in the runtime yet, and `scripts/benchmark.sh`
//! generates weights from the runtime's benchmarks. Until then only the test weights below
//! exist (a conservative estimate: one read and one write of the answer count, the answer's
//! encoding and the XCM router's queue write); the runtime gets `SubstrateWeight` from the
//! benchmark CLI when it takes the pallet. The benchmarks themselves run as tests.

#![allow(missing_docs)]

use polkadot_sdk::frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions needed for `pallet_sli_xcm`.
pub trait WeightInfo {
	/// [`crate::Pallet::request`] without the source's part.
	fn request() -> Weight;
}

/// Replaced by `scripts/benchmark.sh`.
pub struct SubstrateWeight<T>(core::marker::PhantomData<T>);
impl<T> WeightInfo for SubstrateWeight<T> {
	fn request() -> Weight {
		<() as WeightInfo>::request()
	}
}

impl WeightInfo for () {
	fn request() -> Weight {
		Weight::from_parts(100_000_000, 8_192)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
}

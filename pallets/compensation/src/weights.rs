//! Weights of the compensation pallet.
//!
//! The trait is what the pallet charges; `()` holds conservative figures for tests until the
//! runtime's benchmarks (`benchmarking.rs`) generate `SubstrateWeight`.

#![allow(unused_parens, unused_imports, missing_docs)]

use polkadot_sdk::frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weights of the compensation pallet's calls and hooks.
pub trait WeightInfo {
	fn open() -> Weight;
	fn bond() -> Weight;
	fn back() -> Weight;
	fn buy_cover() -> Weight;
	fn claim() -> Weight;
	fn unbond() -> Weight;
	fn unback() -> Weight;
	fn withdraw() -> Weight;
	fn period_final() -> Weight;
	fn cancelled() -> Weight;
	fn removed(n: u32) -> Weight;
}

impl WeightInfo for () {
	fn open() -> Weight {
		Weight::from_parts(50_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads_writes(5, 3))
	}
	fn bond() -> Weight {
		Weight::from_parts(40_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads_writes(4, 3))
	}
	fn back() -> Weight {
		Weight::from_parts(60_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads_writes(6, 4))
	}
	fn buy_cover() -> Weight {
		Weight::from_parts(70_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads_writes(8, 6))
	}
	fn claim() -> Weight {
		Weight::from_parts(70_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads_writes(7, 5))
	}
	fn unbond() -> Weight {
		Weight::from_parts(30_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 1))
	}
	fn unback() -> Weight {
		Weight::from_parts(30_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads_writes(4, 2))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(80_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads_writes(7, 5))
	}
	fn period_final() -> Weight {
		Weight::from_parts(60_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads_writes(6, 6))
	}
	fn cancelled() -> Weight {
		Weight::from_parts(30_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 3))
	}
	fn removed(n: u32) -> Weight {
		Weight::from_parts(20_000_000, 3_000)
			.saturating_add(Weight::from_parts(1_000_000, 100).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().writes(1 + u64::from(n)))
	}
}

//! Weights of the SLA pallet.
//!
//! The trait is what the pallet charges; `()` holds conservative figures for tests until the
//! runtime's benchmarks (`benchmarking.rs`) generate `SubstrateWeight`.

#![allow(unused_parens, unused_imports, missing_docs)]

use polkadot_sdk::frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weights of the SLA pallet's calls and hooks.
pub trait WeightInfo {
	fn set_operator() -> Weight;
	fn offer(m: u32) -> Weight;
	fn cancel(m: u32) -> Weight;
	fn give_notice() -> Weight;
	fn settle(m: u32) -> Weight;
	fn finalise(m: u32) -> Weight;
	fn dispute() -> Weight;
	fn resolve(m: u32) -> Weight;
	fn remove(p: u32) -> Weight;
	fn on_idle_empty() -> Weight;
	fn on_idle_hour() -> Weight;
	fn on_idle_step(m: u32) -> Weight;
}

impl WeightInfo for () {
	fn set_operator() -> Weight {
		Weight::from_parts(10_000_000, 3_500).saturating_add(RocksDbWeight::get().writes(1))
	}
	fn offer(m: u32) -> Weight {
		Weight::from_parts(60_000_000, 8_000)
			.saturating_add(Weight::from_parts(10_000_000, 3_000).saturating_mul(m.into()))
			.saturating_add(
				RocksDbWeight::get().reads_writes(5 + 3 * u64::from(m), 6 + u64::from(m)),
			)
	}
	fn cancel(m: u32) -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(Weight::from_parts(8_000_000, 3_000).saturating_mul(m.into()))
			.saturating_add(
				RocksDbWeight::get().reads_writes(3 + u64::from(m), 3 + 2 * u64::from(m)),
			)
	}
	fn give_notice() -> Weight {
		Weight::from_parts(20_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 1))
	}
	fn settle(m: u32) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(Weight::from_parts(60_000_000, 60_000).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(10 + 40 * u64::from(m), 3))
	}
	fn finalise(m: u32) -> Weight {
		Weight::from_parts(40_000_000, 10_000)
			.saturating_add(Weight::from_parts(8_000_000, 3_000).saturating_mul(m.into()))
			.saturating_add(
				RocksDbWeight::get().reads_writes(3 + u64::from(m), 3 + 2 * u64::from(m)),
			)
	}
	fn dispute() -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads_writes(4, 3))
	}
	fn resolve(m: u32) -> Weight {
		Self::finalise(m).saturating_add(Weight::from_parts(40_000_000, 4_000))
	}
	fn remove(p: u32) -> Weight {
		Weight::from_parts(40_000_000, 10_000)
			.saturating_add(Weight::from_parts(2_000_000, 600).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(4, 4 + u64::from(p)))
	}
	fn on_idle_empty() -> Weight {
		Weight::from_parts(5_000_000, 1_500).saturating_add(RocksDbWeight::get().reads(2))
	}
	fn on_idle_hour() -> Weight {
		Weight::from_parts(10_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 2))
	}
	fn on_idle_step(m: u32) -> Weight {
		Self::settle(m).saturating_add(Self::finalise(m))
	}
}

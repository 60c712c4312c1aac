//! Weights for `pallet_scalability`: placeholder until `scripts/benchmark.sh` runs.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use polkadot_sdk::frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_scalability`.
pub trait WeightInfo {
	fn create_campaign() -> Weight;
	fn submit_measurements(p: u32, ) -> Weight;
	fn close_campaign() -> Weight;
	fn remove_campaign() -> Weight;
	fn submit_fit(p: u32, ) -> Weight;
	fn authorize_submit_fit(p: u32, ) -> Weight;
	fn set_regression_threshold() -> Weight;
	fn on_initialize(c: u32, ) -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn create_campaign() -> Weight { Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(4, 4)) }
	fn submit_measurements(p: u32, ) -> Weight { Weight::from_parts(50_000_000, 10_000).saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(p.into())).saturating_add(T::DbWeight::get().reads_writes(3, 4)) }
	fn close_campaign() -> Weight { Weight::from_parts(30_000_000, 5_000).saturating_add(T::DbWeight::get().reads_writes(1, 1)) }
	fn remove_campaign() -> Weight { Weight::from_parts(60_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(3, 6)) }
	fn submit_fit(p: u32, ) -> Weight { Weight::from_parts(60_000_000, 10_000).saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(p.into())).saturating_add(T::DbWeight::get().reads_writes(8, 5)) }
	fn authorize_submit_fit(p: u32, ) -> Weight { Weight::from_parts(80_000_000, 10_000).saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(p.into())).saturating_add(T::DbWeight::get().reads(6)) }
	fn set_regression_threshold() -> Weight { Weight::from_parts(10_000_000, 0).saturating_add(T::DbWeight::get().writes(1)) }
	fn on_initialize(c: u32, ) -> Weight { Weight::from_parts(5_000_000, 3_000).saturating_add(T::DbWeight::get().reads_writes(1, 1)).saturating_add(T::DbWeight::get().writes(c.into())) }
}

impl WeightInfo for () {
	fn create_campaign() -> Weight { Weight::from_parts(50_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(4, 4)) }
	fn submit_measurements(p: u32, ) -> Weight { Weight::from_parts(50_000_000, 10_000).saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(p.into())).saturating_add(RocksDbWeight::get().reads_writes(3, 4)) }
	fn close_campaign() -> Weight { Weight::from_parts(30_000_000, 5_000).saturating_add(RocksDbWeight::get().reads_writes(1, 1)) }
	fn remove_campaign() -> Weight { Weight::from_parts(60_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(3, 6)) }
	fn submit_fit(p: u32, ) -> Weight { Weight::from_parts(60_000_000, 10_000).saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(p.into())).saturating_add(RocksDbWeight::get().reads_writes(8, 5)) }
	fn authorize_submit_fit(p: u32, ) -> Weight { Weight::from_parts(80_000_000, 10_000).saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(p.into())).saturating_add(RocksDbWeight::get().reads(6)) }
	fn set_regression_threshold() -> Weight { Weight::from_parts(10_000_000, 0).saturating_add(RocksDbWeight::get().writes(1)) }
	fn on_initialize(c: u32, ) -> Weight { Weight::from_parts(5_000_000, 3_000).saturating_add(RocksDbWeight::get().reads_writes(1, 1)).saturating_add(RocksDbWeight::get().writes(c.into())) }
}

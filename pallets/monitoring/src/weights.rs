
//! Weights for `pallet_monitoring`: placeholder until `scripts/benchmark.sh` regenerates it.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use polkadot_sdk::frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_monitoring`.
pub trait WeightInfo {
	fn register() -> Weight;
	fn update_endpoints() -> Weight;
	fn pause() -> Weight;
	fn resume() -> Weight;
	fn deregister() -> Weight;
	fn force_register(n: u32, ) -> Weight;
	fn set_settings() -> Weight;
	fn submit_probes(n: u32, ) -> Weight;
	fn authorize_submit_probes(n: u32, ) -> Weight;
	fn on_initialize_idle() -> Weight;
	fn on_initialize_new_hour() -> Weight;
	fn on_initialize_roll_up(p: u32, t: u32, ) -> Weight;
	fn on_initialize_forget_hour(p: u32, ) -> Weight;
	fn on_initialize_forget_day() -> Weight;
}

/// Weights for `pallet_monitoring`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register() -> Weight { Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(5, 5)) }
	fn update_endpoints() -> Weight { Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(2, 1)) }
	fn pause() -> Weight { Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(2, 1)) }
	fn resume() -> Weight { Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(2, 1)) }
	fn deregister() -> Weight { Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(4, 4)) }
	fn force_register(n: u32, ) -> Weight { Weight::from_parts(10_000_000, 1_000).saturating_add(Weight::from_parts(50_000_000, 5_000).saturating_mul(n.into())) }
	fn set_settings() -> Weight { Weight::from_parts(10_000_000, 0).saturating_add(T::DbWeight::get().writes(1)) }
	fn submit_probes(n: u32, ) -> Weight { Weight::from_parts(50_000_000, 100_000).saturating_add(Weight::from_parts(50_000, 100).saturating_mul(n.into())) }
	fn authorize_submit_probes(n: u32, ) -> Weight { Weight::from_parts(100_000_000, 10_000).saturating_add(Weight::from_parts(10_000, 0).saturating_mul(n.into())) }
	fn on_initialize_idle() -> Weight { Weight::from_parts(5_000_000, 1_000).saturating_add(T::DbWeight::get().reads(5)) }
	fn on_initialize_new_hour() -> Weight { Weight::from_parts(10_000_000, 1_000).saturating_add(T::DbWeight::get().reads_writes(4, 4)) }
	fn on_initialize_roll_up(p: u32, t: u32, ) -> Weight { Weight::from_parts(50_000_000, 100_000).saturating_add(Weight::from_parts(1_000_000, 100_000).saturating_mul(p.into())).saturating_add(Weight::from_parts(100_000, 100).saturating_mul(t.into())) }
	fn on_initialize_forget_hour(p: u32, ) -> Weight { Weight::from_parts(10_000_000, 1_000).saturating_add(T::DbWeight::get().writes(1).saturating_mul(p.into())) }
	fn on_initialize_forget_day() -> Weight { Weight::from_parts(10_000_000, 1_000).saturating_add(T::DbWeight::get().writes(3)) }
}

impl WeightInfo for () {
	fn register() -> Weight { Weight::zero() }
	fn update_endpoints() -> Weight { Weight::zero() }
	fn pause() -> Weight { Weight::zero() }
	fn resume() -> Weight { Weight::zero() }
	fn deregister() -> Weight { Weight::zero() }
	fn force_register(_n: u32, ) -> Weight { Weight::zero() }
	fn set_settings() -> Weight { Weight::zero() }
	fn submit_probes(_n: u32, ) -> Weight { Weight::zero() }
	fn authorize_submit_probes(_n: u32, ) -> Weight { Weight::zero() }
	fn on_initialize_idle() -> Weight { Weight::zero() }
	fn on_initialize_new_hour() -> Weight { Weight::zero() }
	fn on_initialize_roll_up(_p: u32, _t: u32, ) -> Weight { Weight::zero() }
	fn on_initialize_forget_hour(_p: u32, ) -> Weight { Weight::zero() }
	fn on_initialize_forget_day() -> Weight { Weight::zero() }
}

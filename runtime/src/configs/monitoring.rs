//! The monitoring pallet: collators probe validators' health endpoints and the chain keeps
//! uptime and latency evidence.

use pallet_monitoring::{EraClock, ProbeSettings};
use polkadot_sdk::{
	frame_support::{parameter_types, traits::ConstU32},
	frame_system::EnsureRoot,
	sp_runtime::transaction_validity::TransactionPriority,
};

use super::{
	super::{AccountId, AuraId, Balances, Runtime, RuntimeHoldReason, Timestamp, MINUTES, UNIT},
	collators::AuraCollators,
};

/// Most monitored validators: Kusama's active set (1,000) with room to spare.
pub const MAX_TARGETS: u32 = 1_024;
/// Most validators one SLI query names (the UI asks 128 at a time; an SLA group is smaller).
pub const MAX_QUERY_TARGETS: u32 = 128;

parameter_types! {
	/// Held per self-registered validator: covers its share of the history kept (≈ 61 kB:
	/// 366 daily entries and 26 hourly ones of 88 B with their 48-B keys, and 26 hours of
	/// 3 probers × 93 B).
	pub const TargetDeposit: u128 = UNIT;
	/// Every validator probed by 3 collators every 10 minutes, 2 s timeout; an hour counts as
	/// evidence when all three reported; public hosts only.
	pub const DefaultProbeSettings: ProbeSettings = ProbeSettings {
		period_blocks: 10 * MINUTES,
		probers_per_target: 3,
		timeout_ms: 2_000,
		min_probers: 3,
		allow_private_hosts: false,
	};
	/// Polkadot's 24-hour eras, from midnight UTC until governance sets the real offset.
	pub const DefaultEraClock: EraClock = EraClock { length_ms: 24 * 3_600_000, offset_ms: 0 };
	/// Probe reports go before ordinary transactions.
	pub const ProbePriority: TransactionPriority = TransactionPriority::MAX / 2;
}

impl pallet_monitoring::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AuthorityId = AuraId;
	type Probers = AuraCollators;
	type Time = Timestamp;
	type AdminOrigin = EnsureRoot<AccountId>;
	type TargetDeposit = TargetDeposit;
	type MaxTargets = ConstU32<MAX_TARGETS>;
	type MaxEndpoints = ConstU32<4>;
	type MaxUrlLen = ConstU32<128>;
	type MaxProbers = ConstU32<16>;
	// Probers per target: at least three for a median, at most five, so that an hour's
	// roll-up reads at most 5 × 1,024 reports.
	type MaxProbersPerTarget = ConstU32<5>;
	type MaxQueryTargets = ConstU32<MAX_QUERY_TARGETS>;
	type HoursKept = ConstU32<26>;
	type DaysKept = ConstU32<366>;
	// 1,024 targets' hour rolled up over four blocks.
	type MaxRollUpTargets = ConstU32<256>;
	type DefaultSettings = DefaultProbeSettings;
	type DefaultEraClock = DefaultEraClock;
	type UnsignedPriority = ProbePriority;
	type Observer = super::sla::SlaIncidents;
	type WeightInfo = pallet_monitoring::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TimestampClock;
}

/// Sets `pallet_timestamp`'s clock for the monitoring pallet's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct TimestampClock;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_monitoring::BenchmarkHelper for TimestampClock {
	fn set_time(ms: u64) {
		polkadot_sdk::pallet_timestamp::Now::<Runtime>::put(ms);
	}
}

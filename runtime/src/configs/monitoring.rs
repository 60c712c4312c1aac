//! The monitoring pallet: collators probe validators' health endpoints and the chain keeps
//! uptime and latency evidence. [`RelayState`] hands it what the relay chain proves: the
//! randomness that seeds the probe assignment, and the validator set whose members are the
//! targets.

use alloc::{vec, vec::Vec};
use pallet_monitoring::{EraClock, ProbeSettings, RelaySetProof, RelayValidator};
use polkadot_sdk::{
	cumulus_pallet_parachain_system::{
		relay_state_snapshot::{Error, ReadEntryErr},
		OnSystemEvent, RelayChainStateProof,
	},
	cumulus_primitives_core::{
		relay_chain::well_known_keys, PersistedValidationData, RelayStorageKey,
	},
	frame_support::{
		parameter_types, storage::storage_prefix, traits::ConstU32, weights::Weight, BoundedVec,
	},
	frame_system::EnsureRoot,
	sp_runtime::transaction_validity::TransactionPriority,
};

use super::super::{
	AccountId, Balances, Monitoring, ProberId, Runtime, RuntimeHoldReason, Timestamp, MINUTES, UNIT,
};

/// Most monitored validators: Kusama's active set (1,000) with room to spare.
pub const MAX_TARGETS: u32 = 1_024;
/// Most validators one SLI query names (the UI asks 128 at a time; an SLA group is smaller).
pub const MAX_QUERY_TARGETS: u32 = 128;
/// Most signed authority-discovery records one probe report carries: validators republish
/// hourly, so 1,000 validators need about 170 new records per 10-minute period, shared by
/// the probers.
pub const MAX_RECORDS_PER_REPORT: u32 = 64;

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
	type AuthorityId = ProberId;
	type Probers = pallet_monitoring::SessionProberKeys<Runtime>;
	type Time = Timestamp;
	type AdminOrigin = EnsureRoot<AccountId>;
	type TargetDeposit = TargetDeposit;
	type MaxTargets = ConstU32<MAX_TARGETS>;
	type MaxEndpoints = ConstU32<4>;
	type MaxUrlLen = ConstU32<128>;
	type MaxProbers = ConstU32<16>;
	// Probers per target: at least three for a median, at most four, so that a roll-up
	// block reads at most 4 × 1,024 reports (under a tenth of a block's proof).
	type MaxProbersPerTarget = ConstU32<4>;
	type MaxQueryTargets = ConstU32<MAX_QUERY_TARGETS>;
	type MaxRecordsPerReport = ConstU32<MAX_RECORDS_PER_REPORT>;
	// A record of 32 addresses (the most a node publishes) is about 1.8 kB.
	type MaxRecordLen = ConstU32<2_048>;
	// A new session's validators join and leave 64 per block: a whole new set of 1,000
	// takes 16 blocks, a typical session's few changes one.
	type MaxRelaySetChanges = ConstU32<64>;
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

/// What the relay chain's state proof tells the monitoring pallet, in every block:
///
/// - BABE's randomness of one epoch ago, which seeds each probe period's assignment of
///   probers to validators (a well-known key, in every relay proof);
/// - the session index (`Session::CurrentIndex`, asked for in every block by
///   [`RelayState::keys_to_prove`]), and while the pallet wants a new session's validator set,
///   the set (`Session::Validators`) and its authority-discovery keys
///   (`AuthorityDiscovery::Keys`, in the same order).
///
/// An item the relay chain lacks, or that does not decode, is read as absent: no randomness
/// leaves the seed to the period alone, no session index leaves the targets to registration
/// (the dev chain's mocked relay chain), and an unreadable set leaves the targets as they are.
pub struct RelayState;

/// The relay chain's validators, as far as the monitoring pallet keeps them.
pub type RelayValidators = BoundedVec<AccountId, ConstU32<MAX_TARGETS>>;

impl RelayState {
	/// `Session::CurrentIndex` on the relay chain.
	pub fn session_index_key() -> Vec<u8> {
		storage_prefix(b"Session", b"CurrentIndex").to_vec()
	}

	/// `Session::Validators` on the relay chain.
	pub fn validators_key() -> Vec<u8> {
		storage_prefix(b"Session", b"Validators").to_vec()
	}

	/// `AuthorityDiscovery::Keys` on the relay chain.
	pub fn discovery_keys_key() -> Vec<u8> {
		storage_prefix(b"AuthorityDiscovery", b"Keys").to_vec()
	}

	/// The relay-chain storage the next block's proof must hold: the session index always,
	/// the validator set and its discovery keys while the pallet wants them.
	pub fn keys_to_prove() -> Vec<RelayStorageKey> {
		let mut keys = vec![RelayStorageKey::Top(Self::session_index_key())];
		if Monitoring::relay_set_wanted() {
			keys.push(RelayStorageKey::Top(Self::validators_key()));
			keys.push(RelayStorageKey::Top(Self::discovery_keys_key()));
		}
		keys
	}

	/// The relay chain's randomness of one epoch ago, if the proof holds it and it decodes.
	pub fn randomness(proof: &RelayChainStateProof) -> Option<[u8; 32]> {
		proof.read_optional_entry(well_known_keys::ONE_EPOCH_AGO_RANDOMNESS).ok().flatten()
	}

	/// The relay chain's session index, if the proof holds it and it decodes.
	pub fn session_index(proof: &RelayChainStateProof) -> Option<u32> {
		proof.read_optional_entry(&Self::session_index_key()).ok().flatten()
	}

	/// The session's validators with their discovery keys (none where the keys are missing,
	/// do not decode or do not match the validators one to one).
	pub fn validator_set(
		proof: &RelayChainStateProof,
	) -> RelaySetProof<AccountId, ConstU32<MAX_TARGETS>> {
		let validators = match proof.read_optional_entry::<RelayValidators>(&Self::validators_key())
		{
			Err(Error::ReadOptionalEntry(ReadEntryErr::Proof)) => return RelaySetProof::NotProven,
			Ok(Some(validators)) => validators,
			Ok(None) | Err(_) => return RelaySetProof::Unreadable,
		};
		let keys = proof
			.read_optional_entry::<BoundedVec<[u8; 32], ConstU32<MAX_TARGETS>>>(
				&Self::discovery_keys_key(),
			)
			.ok()
			.flatten()
			.filter(|keys| keys.len() == validators.len());
		let set = validators
			.into_iter()
			.enumerate()
			.map(|(i, stash)| RelayValidator {
				stash,
				discovery: keys.as_ref().and_then(|keys| keys.get(i).copied()),
			})
			.collect::<Vec<_>>();
		RelaySetProof::Set(BoundedVec::truncate_from(set))
	}
}

impl OnSystemEvent for RelayState {
	fn on_validation_data(_: &PersistedValidationData) {}

	fn on_validation_code_applied() {}

	fn on_relay_state_proof(proof: &RelayChainStateProof) -> Weight {
		Monitoring::note_relay_randomness(Self::randomness(proof)).saturating_add(
			Monitoring::note_relay_session(Self::session_index(proof), || {
				Self::validator_set(proof)
			}),
		)
	}
}

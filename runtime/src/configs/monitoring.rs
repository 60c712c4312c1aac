//! The monitoring pallet: collators probe validators' health endpoints and the chain keeps
//! uptime and latency evidence. [`RelayState`] hands it what the relay chain proves.

use alloc::vec::Vec;
use pallet_monitoring::{EraClock, ProbeSettings};
use polkadot_sdk::{
	cumulus_pallet_parachain_system::{OnSystemEvent, RelayChainStateProof},
	cumulus_primitives_core::{
		relay_chain::well_known_keys, PersistedValidationData, RelayProofRequest, RelayStorageKey,
	},
	frame_support::{parameter_types, traits::ConstU32, weights::Weight},
	frame_system::EnsureRoot,
	sp_runtime::transaction_validity::TransactionPriority,
};

use super::{
	super::{
		AccountId, AuraId, Balances, Monitoring, Runtime, RuntimeHoldReason, Timestamp, MINUTES,
		UNIT,
	},
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
	// Probers per target: at least three for a median, at most four, so that a roll-up
	// block reads at most 4 × 1,024 reports (under a tenth of a block's proof).
	type MaxProbersPerTarget = ConstU32<4>;
	type MaxQueryTargets = ConstU32<MAX_QUERY_TARGETS>;
	// A whole new set of 1,000 validators (2,000 changes) is applied over 32 blocks.
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
///   probers to validators (a well-known key: collators include it in every relay proof);
/// - the relay chain's session index (`Session::CurrentIndex`), and, when the pallet asks for
///   them after a new index, the session's validators (`Session::Validators`, their stash
///   accounts) and their authority-discovery keys (`AuthorityDiscovery::Keys`, in the same
///   order), which become the monitoring targets.
///
/// The collators include the last three because [`RelayState::keys_to_prove`] (the runtime's
/// `KeyToIncludeInRelayProof` API) names them. Any item missing from the proof, or that does
/// not decode, is read as absent: nothing changes.
pub struct RelayState;

/// `twox128(pallet) ++ twox128(item)`: where a relay-chain storage value lives.
fn relay_value_key(pallet: &[u8], item: &[u8]) -> Vec<u8> {
	let mut key = polkadot_sdk::sp_io::hashing::twox_128(pallet).to_vec();
	key.extend_from_slice(&polkadot_sdk::sp_io::hashing::twox_128(item));
	key
}

impl RelayState {
	/// The relay chain's `Session::CurrentIndex`.
	pub fn session_index_key() -> Vec<u8> {
		relay_value_key(b"Session", b"CurrentIndex")
	}

	/// The relay chain's `Session::Validators`.
	pub fn validators_key() -> Vec<u8> {
		relay_value_key(b"Session", b"Validators")
	}

	/// The relay chain's `AuthorityDiscovery::Keys`.
	pub fn discovery_keys_key() -> Vec<u8> {
		relay_value_key(b"AuthorityDiscovery", b"Keys")
	}

	/// The relay-chain storage the collators should prove: the session index in every block,
	/// the validator set and discovery keys while the monitoring pallet wants them.
	pub fn keys_to_prove() -> RelayProofRequest {
		let mut keys = alloc::vec![RelayStorageKey::Top(Self::session_index_key())];
		if Monitoring::relay_set_wanted() {
			keys.push(RelayStorageKey::Top(Self::validators_key()));
			keys.push(RelayStorageKey::Top(Self::discovery_keys_key()));
		}
		RelayProofRequest { keys }
	}

	/// The relay chain's randomness of one epoch ago, if the proof holds it and it decodes.
	pub fn randomness(proof: &RelayChainStateProof) -> Option<[u8; 32]> {
		proof.read_optional_entry(well_known_keys::ONE_EPOCH_AGO_RANDOMNESS).ok().flatten()
	}

	/// The relay chain's session index, if the proof holds it.
	pub fn session_index(proof: &RelayChainStateProof) -> Option<u32> {
		proof.read_optional_entry(&Self::session_index_key()).ok().flatten()
	}

	/// The session's validators with their discovery keys, if the proof holds both lists and
	/// they are as long as each other.
	pub fn validators(proof: &RelayChainStateProof) -> Option<Vec<(AccountId, [u8; 32])>> {
		let stashes: Vec<AccountId> =
			proof.read_optional_entry(&Self::validators_key()).ok().flatten()?;
		let keys: Vec<[u8; 32]> =
			proof.read_optional_entry(&Self::discovery_keys_key()).ok().flatten()?;
		(stashes.len() == keys.len()).then(|| stashes.into_iter().zip(keys).collect())
	}
}

impl OnSystemEvent for RelayState {
	fn on_validation_data(_: &PersistedValidationData) {}

	fn on_validation_code_applied() {}

	fn on_relay_state_proof(proof: &RelayChainStateProof) -> Weight {
		let seed = Monitoring::note_relay_randomness(Self::randomness(proof));
		let set = Monitoring::relay_set_wanted().then(|| Self::validators(proof)).flatten();
		seed.saturating_add(Monitoring::note_relay_session(Self::session_index(proof), set))
	}
}

//! Genesis presets served by the runtime (`GenesisBuilder` API), from which chain specs are
//! made:
//!
//! - `development`: one collator (Alice), the well-known dev accounts funded, Alice is sudo;
//!   Alice's validator is monitored at the dev node's own `/health` ([`DEV_PROBE_URL`]).
//! - `local_testnet`: two collators (Alice, Bob) for a relay + parachain test network; both
//!   must report on a validator for an hour to count, and loopback or private probe URLs are
//!   allowed.
//! - `benchmark`: `development` plus [`BENCHMARK_SENDERS`] funded accounts derived as
//!   `//Sender/{i}` (i = 0, 1, …), the senders of throughput tests (`stacktical bench`).

use alloc::{vec, vec::Vec};
use polkadot_sdk::{
	cumulus_primitives_core::ParaId,
	frame_support::build_struct_json_patch,
	sp_genesis_builder::{self, PresetId},
	sp_keyring::Sr25519Keyring,
	*,
};
use serde_json::Value;

use crate::{
	AccountId, AuraId, BalancesConfig, CollatorSelectionConfig, MonitoringConfig,
	ParachainInfoConfig, PolkadotXcmConfig, ProberId, RuntimeGenesisConfig, SessionConfig,
	SessionKeys, SudoConfig, EXISTENTIAL_DEPOSIT, UNIT,
};

/// The parachain id of every preset. 2000 is the first id zombienet and `rococo-local` /
/// `westend-local` hand to a parachain; the committed chain specs and zombienet configs use it.
pub const PARACHAIN_ID: u32 = 2000;
/// Name of the preset for throughput tests.
pub const BENCHMARK_PRESET: &str = "benchmark";
/// How many `//Sender/{i}` accounts the `benchmark` preset funds.
pub const BENCHMARK_SENDERS: u32 = 10_000;
/// The benchmark senders' accounts are `{BENCHMARK_SENDER_SEED}/{i}` (sr25519).
pub const BENCHMARK_SENDER_SEED: &str = "//Sender";
/// Balance of each dev account: plenty for tests.
pub const DEV_ENDOWMENT: u128 = 1_000_000 * UNIT;
/// Balance of each benchmark sender.
pub const SENDER_ENDOWMENT: u128 = 1_000 * UNIT;
/// Bond a collator candidate locks.
const COLLATOR_BOND: u128 = EXISTENTIAL_DEPOSIT * 16;

/// What the dev chain monitors from genesis: Alice's validator, probed at the dev node's own
/// RPC `/health` (the node's default RPC port), every 5 blocks. The dev chain has one
/// collator, whose reports alone count as evidence, and probes loopback addresses.
fn dev_monitoring() -> MonitoringConfig {
	MonitoringConfig {
		targets: vec![(
			Sr25519Keyring::Alice.to_account_id(),
			vec![alloc::string::String::from(DEV_PROBE_URL)],
		)],
		settings: Some(pallet_monitoring::ProbeSettings {
			period_blocks: 5,
			probers_per_target: 3,
			timeout_ms: 2_000,
			min_probers: 1,
			allow_private_hosts: true,
		}),
	}
}

/// The local test network's monitoring: nothing registered; both collators' reports needed
/// as evidence; validators on loopback or private addresses (a local relay chain) may be
/// registered.
fn local_monitoring() -> MonitoringConfig {
	MonitoringConfig {
		targets: vec![],
		settings: Some(pallet_monitoring::ProbeSettings {
			period_blocks: 10,
			probers_per_target: 3,
			timeout_ms: 2_000,
			min_probers: 2,
			allow_private_hosts: true,
		}),
	}
}

/// The dev node's own health endpoint, monitored by the `development` preset.
pub const DEV_PROBE_URL: &str = "http://127.0.0.1:9944/health";

fn genesis(
	collators: Vec<(AccountId, AuraId, ProberId)>,
	endowed: Vec<AccountId>,
	root: AccountId,
	senders: Option<u32>,
	monitoring: MonitoringConfig,
) -> Value {
	let mut balances: Vec<(AccountId, u128)> =
		endowed.iter().cloned().map(|k| (k, DEV_ENDOWMENT)).collect();
	if let Some(count) = senders {
		balances.extend(benchmark_senders(count).into_iter().map(|k| (k, SENDER_ENDOWMENT)));
	}
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		parachain_info: ParachainInfoConfig { parachain_id: ParaId::from(PARACHAIN_ID) },
		collator_selection: CollatorSelectionConfig {
			invulnerables: collators.iter().cloned().map(|(acc, ..)| acc).collect::<Vec<_>>(),
			candidacy_bond: COLLATOR_BOND,
		},
		session: SessionConfig {
			keys: collators
				.into_iter()
				.map(|(acc, aura, monitoring)| (acc.clone(), acc, SessionKeys { aura, monitoring }))
				.collect::<Vec<_>>(),
		},
		polkadot_xcm: PolkadotXcmConfig {
			safe_xcm_version: Some(staging_xcm::prelude::XCM_VERSION)
		},
		sudo: SudoConfig { key: Some(root) },
		monitoring,
	})
}

/// The accounts `//Sender/0` … `//Sender/{count − 1}`.
///
/// Derived from the public key of `//Sender` (a soft junction per index), which needs no
/// randomness: deriving the secret keys, as `pallet-balances`' `dev_accounts` does, panics
/// inside the wasm runtime, which has no source of randomness.
pub fn benchmark_senders(count: u32) -> Vec<AccountId> {
	use polkadot_sdk::sp_core::{
		crypto::{Derive, DeriveJunction, Pair as _},
		sr25519,
	};
	let Ok(base) = sr25519::Pair::from_string(BENCHMARK_SENDER_SEED, None) else {
		return Vec::new();
	};
	let base = base.public();
	(0..count)
		.filter_map(|i| base.derive(core::iter::once(DeriveJunction::soft(u64::from(i)))))
		.map(AccountId::from)
		.collect()
}

/// A dev collator: its account, and its Aura and probe keys (the keyring's sr25519 key for
/// both, as `--alice` and the like insert them).
fn collator(k: Sr25519Keyring) -> (AccountId, AuraId, ProberId) {
	(k.to_account_id(), k.public().into(), k.public().into())
}

fn well_known_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

fn development() -> Value {
	genesis(
		vec![collator(Sr25519Keyring::Alice)],
		well_known_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
		None,
		dev_monitoring(),
	)
}

fn local_testnet() -> Value {
	genesis(
		vec![collator(Sr25519Keyring::Alice), collator(Sr25519Keyring::Bob)],
		well_known_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
		None,
		local_monitoring(),
	)
}

fn benchmark() -> Value {
	genesis(
		vec![collator(Sr25519Keyring::Alice)],
		well_known_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
		Some(BENCHMARK_SENDERS),
		MonitoringConfig::default(),
	)
}

/// The JSON patch of preset `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
		BENCHMARK_PRESET => benchmark(),
		_ => return None,
	};
	serde_json::to_vec(&patch).ok()
}

/// Names of every preset.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(BENCHMARK_PRESET),
	]
}

//! Genesis presets: `local_testnet` (collators Alice and Bob, parachain
//! [`DEFAULT_PARA_ID`]) and `development` (Alice alone). Both fund the well-known accounts,
//! make Alice sudo, and set the XCM version to speak before a destination says its own.
//! [`genesis`] builds the same for any parachain id (the emulated network has two consumers).

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
	AccountId, AuraConfig, AuraId, BalancesConfig, ParachainInfoConfig, PolkadotXcmConfig,
	RuntimeGenesisConfig, SudoConfig, UNIT,
};

/// The presets' parachain id: the one after Stacktical's 2000.
pub const DEFAULT_PARA_ID: u32 = 2001;
/// Each funded account's balance.
pub const ENDOWMENT: u128 = 1_000_000 * UNIT;

/// The genesis patch of a consumer parachain `para_id` collated by `collators`, with
/// `endowed` funded and Alice as sudo.
pub fn genesis(para_id: u32, collators: Vec<AuraId>, endowed: Vec<AccountId>) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|a| (a, ENDOWMENT)).collect::<Vec<_>>()
		},
		parachain_info: ParachainInfoConfig { parachain_id: ParaId::from(para_id) },
		aura: AuraConfig { authorities: collators },
		polkadot_xcm: PolkadotXcmConfig {
			safe_xcm_version: Some(staging_xcm::prelude::XCM_VERSION)
		},
		sudo: SudoConfig { key: Some(Sr25519Keyring::Alice.to_account_id()) },
	})
}

fn well_known_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// The JSON patch of preset `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let collators = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => vec![Sr25519Keyring::Alice],
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => {
			vec![Sr25519Keyring::Alice, Sr25519Keyring::Bob]
		},
		_ => return None,
	};
	let collators = collators.into_iter().map(|k| k.public().into()).collect();
	serde_json::to_vec(&genesis(DEFAULT_PARA_ID, collators, well_known_accounts())).ok()
}

/// Names of every preset.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}

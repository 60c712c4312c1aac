//! An emulated network of real runtimes (xcm-emulator): a relay chain (`rococo-runtime`),
//! Stacktical (parachain [`STACKTICAL`]) and two consumer parachains ([`CONSUMER_A`],
//! [`CONSUMER_B`], `stacktical-consumer-runtime`), joined by the emulator's DMP, UMP and HRMP.
//! The chains run natively, block by block; every message one of them sends is delivered and
//! executed by the other's own XCM configuration.
//!
//! Stacktical starts from its `development` preset with one hour of final evidence about
//! Alice's validator (hour [`EVIDENCE_HOUR_MS`]: 9 of 12 probes up); the emulator's clock
//! (the relay block number × 6 s) stands half an hour later, in the next hour. The consumers'
//! sovereign accounts and the relay chain's hold STK on Stacktical, and Stacktical's sovereign
//! account on the relay chain holds ROC, to pay for requests and answers.

pub use polkadot_sdk::cumulus_primitives_core::{AggregateMessageOrigin, ParaId};
// The emulator's macros name `frame_support` and call `on_initialize` unqualified.
use polkadot_sdk::frame_support::{self, traits::OnInitialize};
use polkadot_sdk::{
	frame_support::{traits::fungible::Mutate, BoundedVec},
	polkadot_parachain_primitives::primitives::{HeadData, Sibling},
	sp_keyring::Sr25519Keyring,
	sp_runtime::{traits::AccountIdConversion, AccountId32 as RelayAccountId},
	staging_xcm::latest::prelude::*,
	staging_xcm_builder::ParentIsPreset,
	staging_xcm_executor::traits::ConvertLocation,
};
pub use rococo_runtime;
pub use stacktical_consumer_runtime as consumer_runtime;
pub use stacktical_runtime;
pub use xcm_emulator::{
	decl_test_networks, decl_test_parachains, decl_test_relay_chains, Chain, Network, Parachain,
	RelayChain, TestExt,
};

/// Stacktical's parachain id (its presets').
pub const STACKTICAL: u32 = stacktical_runtime::genesis_config_presets::PARACHAIN_ID;
/// The first consumer.
pub const CONSUMER_A: u32 = 2001;
/// The second consumer.
pub const CONSUMER_B: u32 = 2002;
/// The start of the hour of evidence: 2026-12-01 00:00 UTC.
pub const EVIDENCE_HOUR_MS: u64 = 1_796_083_200_000;
const HOUR_MS: u64 = 3_600_000;
/// The relay block the network starts at: the emulator gives parachains the time
/// `relay block × 6 s`, so this is 01:30, half an hour into the hour after the evidence.
pub const FIRST_RELAY_BLOCK: u32 = ((EVIDENCE_HOUR_MS + HOUR_MS + HOUR_MS / 2) / 6_000) as u32;
/// What each paying account is funded with, in its chain's units (10¹² plancks).
pub const FUNDS: u128 = 1_000 * stacktical_runtime::UNIT;

fn relay_genesis() -> polkadot_sdk::sp_runtime::Storage {
	use polkadot_sdk::sp_genesis_builder::runtime_decl_for_genesis_builder::GenesisBuilderV1;
	let patch = <rococo_runtime::Runtime as GenesisBuilderV1<rococo_runtime::Block>>::get_preset(
		&Some("local_testnet".into()),
	)
	.expect("rococo has a local_testnet preset");
	test_utils::genesis_storage::<rococo_runtime::RuntimeGenesisConfig>(&patch)
}

/// The relay chain knows the parachains (DMP routes only to a para with a head) and Stacktical's
/// sovereign account pays for its answers.
fn relay_on_init() {
	use rococo_runtime::{Balances, Runtime, System};
	System::set_block_number(FIRST_RELAY_BLOCK);
	for para in [STACKTICAL, CONSUMER_A, CONSUMER_B] {
		polkadot_sdk::polkadot_runtime_parachains::paras::Heads::<Runtime>::insert(
			ParaId::from(para),
			HeadData(vec![0]),
		);
	}
	let stacktical: RelayAccountId = ParaId::from(STACKTICAL).into_account_truncating();
	Balances::set_balance(&stacktical, FUNDS);
}

fn stacktical_genesis() -> polkadot_sdk::sp_runtime::Storage {
	let patch = stacktical_runtime::genesis_config_presets::get_preset(&"development".into())
		.expect("Stacktical has a development preset");
	test_utils::genesis_storage::<stacktical_runtime::RuntimeGenesisConfig>(&patch)
}

/// The accounts that pay for requests funded; an hour of Alice's evidence rolled up.
fn stacktical_on_init() {
	use stacktical_runtime::{Balances, Runtime};
	for para in [CONSUMER_A, CONSUMER_B] {
		let sovereign: stacktical_runtime::AccountId =
			Sibling::from(para).into_account_truncating();
		Balances::set_balance(&sovereign, FUNDS);
	}
	let relay: stacktical_runtime::AccountId =
		ParentIsPreset::<stacktical_runtime::AccountId>::convert_location(&Location::parent())
			.expect("the relay chain has a sovereign account");
	Balances::set_balance(&relay, FUNDS);

	let hour = sli::time::hour_of(EVIDENCE_HOUR_MS);
	let day = sli::time::day_of(EVIDENCE_HOUR_MS);
	pallet_monitoring::Hours::<Runtime>::insert(hour, (1, EVIDENCE_HOUR_MS));
	pallet_monitoring::Hours::<Runtime>::insert(hour + 1, (2, EVIDENCE_HOUR_MS + HOUR_MS));
	pallet_monitoring::Days::<Runtime>::insert(day, (1, EVIDENCE_HOUR_MS));
	pallet_monitoring::KeptDays::<Runtime>::put(BoundedVec::truncate_from(vec![day]));
	let mut counts = sli::ProbeCounts::default();
	for ms in [30, 40, 50] {
		counts.record(true, ms);
	}
	counts.record(false, 0);
	let entry = pallet_monitoring::ByChannel::only(
		sli::Channel::Http,
		sli::combine(&[counts, counts, counts]),
	);
	pallet_monitoring::HourSli::<Runtime>::insert(hour, 0, entry);
	pallet_monitoring::DaySli::<Runtime>::insert(day, 0, entry);
	pallet_monitoring::KeptHours::<Runtime>::put(BoundedVec::truncate_from(vec![hour, hour + 1]));
	pallet_monitoring::CurrentHour::<Runtime>::put(hour + 1);
}

fn consumer_genesis(para: u32) -> polkadot_sdk::sp_runtime::Storage {
	let patch = consumer_runtime::genesis_config_presets::genesis(
		para,
		vec![Sr25519Keyring::Alice.public().into()],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
	);
	test_utils::genesis_storage::<consumer_runtime::RuntimeGenesisConfig>(
		&serde_json::to_vec(&patch).expect("a patch encodes"),
	)
}

/// A Stacktical user's account on a consumer chain (its hashed location), funded so that a
/// message it sends there can pay.
fn consumer_on_init() {
	use consumer_runtime::Balances;
	Balances::set_balance(&stacktical_user_on_consumer(), FUNDS);
}

/// Alice on Stacktical, as a consumer chain sees her: `(1, [Parachain(2000), AccountId32])`.
pub fn stacktical_user() -> Location {
	Location::new(
		1,
		[
			Parachain(STACKTICAL),
			AccountId32 { network: None, id: Sr25519Keyring::Alice.to_account_id().into() },
		],
	)
}

/// The account [`stacktical_user`] pays from on a consumer chain.
pub fn stacktical_user_on_consumer() -> consumer_runtime::AccountId {
	consumer_runtime::xcm_config::LocationToAccountId::convert_location(&stacktical_user())
		.expect("a user of another chain has a hashed account")
}

decl_test_relay_chains! {
	#[api_version(16)]
	pub struct Rococo {
		genesis = relay_genesis(),
		on_init = relay_on_init(),
		runtime = rococo_runtime,
		core = {
			SovereignAccountOf: rococo_runtime::xcm_config::LocationConverter,
		},
		pallets = {
			XcmPallet: rococo_runtime::XcmPallet,
			Balances: rococo_runtime::Balances,
		}
	}
}

decl_test_parachains! {
	pub struct Stacktical {
		genesis = stacktical_genesis(),
		on_init = stacktical_on_init(),
		runtime = stacktical_runtime,
		core = {
			XcmpMessageHandler: stacktical_runtime::XcmpQueue,
			LocationToAccountId: stacktical_runtime::configs::xcm::LocationToAccountId,
			ParachainInfo: stacktical_runtime::ParachainInfo,
			MessageOrigin: AggregateMessageOrigin,
		},
		pallets = {
			PolkadotXcm: stacktical_runtime::PolkadotXcm,
			SliXcm: stacktical_runtime::SliXcm,
			Balances: stacktical_runtime::Balances,
		}
	}
}

/// Consumer parachains, each `name = para id`: the test consumer runtime, with its genesis for
/// that id.
macro_rules! consumer_parachains {
	($($name:ident = $para:expr),+ $(,)?) => {
		decl_test_parachains! {
			$(
				pub struct $name {
					genesis = consumer_genesis($para),
					on_init = consumer_on_init(),
					runtime = consumer_runtime,
					core = {
						XcmpMessageHandler: consumer_runtime::XcmpQueue,
						LocationToAccountId: consumer_runtime::xcm_config::LocationToAccountId,
						ParachainInfo: consumer_runtime::ParachainInfo,
						MessageOrigin: AggregateMessageOrigin,
					},
					pallets = {
						SliConsumer: consumer_runtime::SliConsumer,
					}
				}
			),+
		}
	};
}

consumer_parachains! { ConsumerA = CONSUMER_A, ConsumerB = CONSUMER_B }

decl_test_networks! {
	pub struct SliNetwork {
		relay_chain = Rococo,
		parachains = vec![Stacktical, ConsumerA, ConsumerB,],
		bridge = ()
	}
}

//! The runtime on its own: every genesis preset builds, a transfer works, the benchmark
//! senders are funded, and the XCM barrier admits what it should and nothing else.

use polkadot_sdk::{
	frame_support::{assert_ok, traits::fungible::Inspect, weights::Weight},
	sp_core::{sr25519, Pair},
	sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET},
	sp_io::TestExternalities,
	sp_keyring::Sr25519Keyring,
	staging_xcm::latest::prelude::*,
	staging_xcm_executor::traits::{Properties, QueryHandler, ShouldExecute},
};
use stacktical_runtime::{
	configs::xcm::Barrier,
	genesis_config_presets::{
		get_preset, preset_names, BENCHMARK_PRESET, BENCHMARK_SENDERS, DEV_ENDOWMENT, PARACHAIN_ID,
		SENDER_ENDOWMENT,
	},
	AccountId, Balances, ParachainInfo, PolkadotXcm, Runtime, RuntimeCall, RuntimeGenesisConfig,
	RuntimeOrigin, System, UNIT,
};

fn externalities(preset: &str) -> TestExternalities {
	let patch = get_preset(&preset.into()).expect("the preset exists");
	let mut ext =
		TestExternalities::new(test_utils::genesis_storage::<RuntimeGenesisConfig>(&patch));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

fn free(who: &AccountId) -> u128 {
	<Balances as Inspect<AccountId>>::balance(who)
}

#[test]
fn every_preset_builds_genesis() {
	let expected: Vec<PresetId> =
		[DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET, BENCHMARK_PRESET]
			.into_iter()
			.map(PresetId::from)
			.collect();
	assert_eq!(preset_names(), expected);
	for name in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET] {
		externalities(name).execute_with(|| {
			assert_eq!(u32::from(ParachainInfo::parachain_id()), PARACHAIN_ID);
			assert_eq!(free(&Sr25519Keyring::Alice.to_account_id()), DEV_ENDOWMENT);
			assert_eq!(
				polkadot_sdk::pallet_sudo::Key::<Runtime>::get(),
				Some(Sr25519Keyring::Alice.to_account_id())
			);
			assert!(!polkadot_sdk::pallet_aura::Authorities::<Runtime>::get().is_empty());
		});
	}
	assert!(get_preset(&"no-such-preset".into()).is_none());
}

#[test]
fn collators_probe_with_their_probe_keys_not_their_aura_keys() {
	use polkadot_sdk::{frame_support::traits::SortedMembers, sp_runtime::RuntimeAppPublic};
	externalities(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let probers = pallet_monitoring::SessionProberKeys::<Runtime>::sorted_members();
		let mut expected: Vec<stacktical_runtime::ProberId> =
			[Sr25519Keyring::Alice, Sr25519Keyring::Bob]
				.iter()
				.map(|k| k.public().into())
				.collect();
		expected.sort();
		assert_eq!(probers, expected);
		assert_eq!(
			<stacktical_runtime::ProberId as RuntimeAppPublic>::ID,
			pallet_monitoring::crypto::KEY_TYPE
		);
		assert_ne!(
			pallet_monitoring::crypto::KEY_TYPE,
			polkadot_sdk::sp_core::crypto::key_types::AURA
		);
	});
}

#[test]
fn the_probe_key_migration_gives_old_session_keys_a_probe_key_once() {
	use codec::Encode;
	use polkadot_sdk::{
		frame_support::traits::OnRuntimeUpgrade, pallet_session, sp_runtime::traits::OpaqueKeys,
	};
	use stacktical_runtime::{
		migrations::{AddProbeKey, SessionKeysV0},
		AuraId, SessionKeys,
	};
	externalities(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		// The storage of a chain from before the probe key: Aura-only keys, no probers kept.
		let validators = pallet_session::Validators::<Runtime>::get();
		let mut auras = Vec::new();
		for v in &validators {
			let keys = pallet_session::NextKeys::<Runtime>::get(v).unwrap();
			let old = SessionKeysV0 { aura: keys.aura.clone() };
			polkadot_sdk::frame_support::storage::unhashed::put_raw(
				&pallet_session::NextKeys::<Runtime>::hashed_key_for(v),
				&old.encode(),
			);
			pallet_session::KeyOwner::<Runtime>::remove((
				pallet_monitoring::crypto::KEY_TYPE,
				keys.monitoring.encode(),
			));
			auras.push(keys.aura);
		}
		pallet_monitoring::SessionProbers::<Runtime>::kill();
		assert!(AddProbeKey::needed());

		AddProbeKey::on_runtime_upgrade();
		for (v, aura) in validators.iter().zip(&auras) {
			let keys: SessionKeys =
				pallet_session::NextKeys::<Runtime>::get(v).expect("new keys decode");
			assert_eq!(&keys.aura, aura);
			assert_eq!(
				keys.monitoring.encode(),
				aura.encode(),
				"the probe key starts as the Aura key"
			);
			let probe_key = keys.get_raw(pallet_monitoring::crypto::KEY_TYPE).to_vec();
			assert_eq!(
				pallet_session::KeyOwner::<Runtime>::get((
					pallet_monitoring::crypto::KEY_TYPE,
					probe_key
				)),
				Some(v.clone())
			);
		}
		let mut probers: Vec<Vec<u8>> = auras.iter().map(|a: &AuraId| a.encode()).collect();
		probers.sort();
		let kept: Vec<Vec<u8>> = pallet_monitoring::SessionProbers::<Runtime>::get()
			.iter()
			.map(|k| k.encode())
			.collect();
		assert_eq!(kept, probers, "the current collators probe at once");
		assert!(!AddProbeKey::needed(), "and never again");
	});
}

#[test]
fn local_testnet_has_two_collators() {
	externalities(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let collators = polkadot_sdk::pallet_collator_selection::Invulnerables::<Runtime>::get();
		assert_eq!(collators.len(), 2);
		assert_eq!(polkadot_sdk::pallet_aura::Authorities::<Runtime>::get().len(), 2);
	});
}

#[test]
fn benchmark_preset_funds_every_sender() {
	externalities(BENCHMARK_PRESET).execute_with(|| {
		for i in [0, 1, BENCHMARK_SENDERS / 2, BENCHMARK_SENDERS - 1] {
			let pair = sr25519::Pair::from_string(&format!("//Sender/{i}"), None).unwrap();
			let who: AccountId = pair.public().into();
			assert_eq!(free(&who), SENDER_ENDOWMENT, "//Sender/{i}");
		}
		let beyond =
			sr25519::Pair::from_string(&format!("//Sender/{BENCHMARK_SENDERS}"), None).unwrap();
		assert_eq!(free(&beyond.public().into()), 0);
	});
}

#[test]
fn a_transfer_moves_funds_and_charges_nothing_else() {
	externalities(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob) =
			(Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Bob.to_account_id());
		let (a0, b0) = (free(&alice), free(&bob));
		assert_ok!(Balances::transfer_keep_alive(
			RuntimeOrigin::signed(alice.clone()),
			bob.clone().into(),
			5 * UNIT
		));
		assert_eq!(free(&alice), a0 - 5 * UNIT);
		assert_eq!(free(&bob), b0 + 5 * UNIT);
		// Keep-alive: draining the sender is refused.
		assert!(Balances::transfer_keep_alive(
			RuntimeOrigin::signed(alice.clone()),
			bob.into(),
			a0
		)
		.is_err());
	});
}

#[test]
fn a_signed_transfer_applies_in_a_natively_executed_block() {
	use polkadot_sdk::sp_runtime::{generic::Digest, traits::Header as _};
	use stacktical_runtime::{signing, Executive, Header, RuntimeEvent};
	externalities(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob) = (Sr25519Keyring::Alice, Sr25519Keyring::Bob.to_account_id());
		let genesis = System::block_hash(0);
		let header = Header::new(
			2,
			Default::default(),
			Default::default(),
			System::block_hash(1),
			Digest::default(),
		);
		Executive::initialize_block(&header);
		let b0 = free(&bob);
		let call =
			RuntimeCall::Balances(polkadot_sdk::pallet_balances::Call::transfer_keep_alive {
				dest: bob.clone().into(),
				value: 7 * UNIT,
			});
		let xt = signing::signed_extrinsic(call.clone(), &alice.pair(), 0, genesis);
		assert_eq!(Executive::apply_extrinsic(xt), Ok(Ok(())));
		assert_eq!(free(&bob), b0 + 7 * UNIT);
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::TransactionPayment(
				polkadot_sdk::pallet_transaction_payment::Event::TransactionFeePaid { .. }
			)
		)));
		// Replaying the same transaction (same nonce) is refused; so is a bad signature.
		let replay = signing::signed_extrinsic(call.clone(), &alice.pair(), 0, genesis);
		assert!(Executive::apply_extrinsic(replay).is_err());
		let wrong_chain = signing::signed_extrinsic(call, &alice.pair(), 1, [7u8; 32].into());
		assert!(Executive::apply_extrinsic(wrong_chain).is_err());
	});
}

fn barrier_allows(origin: Location, mut message: Xcm<RuntimeCall>) -> bool {
	let mut properties = Properties { weight_credit: Weight::zero(), message_id: None };
	Barrier::should_execute(
		&origin,
		message.inner_mut(),
		Weight::from_parts(10_000_000_000, 1024 * 1024),
		&mut properties,
	)
	.is_ok()
}

fn sibling() -> Location {
	Location::new(1, [Parachain(2001)])
}

#[test]
fn barrier_admits_paid_execution() {
	let fees: Asset = (Location::parent(), 1_000_000_000u128).into();
	let paid = Xcm(vec![
		WithdrawAsset(fees.clone().into()),
		BuyExecution { fees, weight_limit: Unlimited },
		DepositAsset {
			assets: AllCounted(1).into(),
			beneficiary: Location::new(0, [AccountId32 { network: None, id: [1; 32] }]),
		},
	]);
	externalities(DEV_RUNTIME_PRESET).execute_with(|| assert!(barrier_allows(sibling(), paid)));
}

#[test]
fn barrier_refuses_unpaid_execution() {
	let unpaid = Xcm(vec![
		ClearOrigin,
		DepositAsset {
			assets: AllCounted(1).into(),
			beneficiary: Location::new(0, [AccountId32 { network: None, id: [1; 32] }]),
		},
	]);
	let unpaid_request =
		Xcm(vec![UnpaidExecution { weight_limit: Unlimited, check_origin: None }, ClearOrigin]);
	externalities(DEV_RUNTIME_PRESET).execute_with(|| {
		assert!(!barrier_allows(sibling(), unpaid.clone()));
		assert!(!barrier_allows(Location::parent(), unpaid));
		// Explicit unpaid execution is for the relay chain only.
		assert!(!barrier_allows(sibling(), unpaid_request.clone()));
		assert!(barrier_allows(Location::parent(), unpaid_request));
	});
}

#[test]
fn barrier_admits_responses_to_our_queries_only() {
	externalities(DEV_RUNTIME_PRESET).execute_with(|| {
		let query_id = PolkadotXcm::new_query(sibling(), 100u32, Location::here());
		let response = |query_id| {
			Xcm::<RuntimeCall>(vec![QueryResponse {
				query_id,
				response: Response::Null,
				max_weight: Weight::zero(),
				querier: Some(Location::here()),
			}])
		};
		assert!(barrier_allows(sibling(), response(query_id)));
		// Not a query we made, or not from whom we asked.
		assert!(!barrier_allows(sibling(), response(query_id + 1)));
		assert!(!barrier_allows(Location::new(1, [Parachain(2002)]), response(query_id)));
	});
}

#[test]
fn the_dev_chain_monitors_its_own_node() {
	externalities(DEV_RUNTIME_PRESET).execute_with(|| {
		let target = pallet_monitoring::Targets::<Runtime>::get(0).expect("a genesis target");
		assert_eq!(target.stash, Sr25519Keyring::Alice.to_account_id());
		assert_eq!(
			target.endpoints[0].as_slice(),
			stacktical_runtime::genesis_config_presets::DEV_PROBE_URL.as_bytes()
		);
		assert_eq!(pallet_monitoring::Settings::<Runtime>::get().period_blocks, 5);
	});
	externalities(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_monitoring::Targets::<Runtime>::count(), 0);
	});
}

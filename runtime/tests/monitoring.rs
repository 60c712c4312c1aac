//! The monitoring pallet in this runtime: a period's probe reports for 1,000 validators cost
//! under a tenth of a block (generated weights), and the relay chain's state proof seeds each
//! period's assignment of probers and
//! names the validators that are targets.

use pallet_monitoring::WeightInfo;
use polkadot_sdk::frame_support::{dispatch::DispatchClass, traits::Get, weights::Weight};
use stacktical_runtime::{
	configs::monitoring::{MAX_RECORDS_PER_REPORT, MAX_TARGETS},
	AccountId, Runtime, MAXIMUM_BLOCK_WEIGHT,
};

type Weights = pallet_monitoring::weights::SubstrateWeight<Runtime>;

/// Weight of one prober's report of `results` probes and `records` signed records (each
/// verified): dispatch, authorisation, and the extrinsic's base weight.
fn report(results: u32, records: u32) -> Weight {
	let base = <Runtime as polkadot_sdk::frame_system::Config>::BlockWeights::get()
		.get(DispatchClass::Normal)
		.base_extrinsic;
	Weights::submit_probes(results, records) + Weights::authorize_submit_probes(results) + base
}

#[test]
fn a_periods_reports_for_1000_validators_cost_under_a_tenth_of_a_block() {
	let tenth = MAXIMUM_BLOCK_WEIGHT / 10;
	// Every validator probed by three collators over p2p: 3,000 results per period, shared
	// evenly by however many collators there are (an HTTP endpoint a validator registers
	// beside is one more result per prober, charged as such). Each validator republishes its record hourly (six
	// 10-minute periods) and one of its three probers passes it on in turn: per prober, an
	// eighteenth of its share's records each period, each verified.
	for probers in [3u32, 4, 8, 16] {
		let per_prober = (3 * 1_000u32).div_ceil(probers);
		let records = per_prober.div_ceil(18).min(MAX_RECORDS_PER_REPORT);
		let total = report(per_prober, records) * u64::from(probers);
		println!(
			"{probers:>2} probers × {per_prober:>4} results, {records:>3} records: {:>6.2} ms ref time ({:.2} % of a block), {:>7} B proof ({:.2} %)",
			total.ref_time() as f64 / 1e9,
			100.0 * total.ref_time() as f64 / MAXIMUM_BLOCK_WEIGHT.ref_time() as f64,
			total.proof_size(),
			100.0 * total.proof_size() as f64 / MAXIMUM_BLOCK_WEIGHT.proof_size() as f64,
		);
		assert!(total.all_lt(tenth), "{probers} probers: {total:?} is not under {tenth:?}");
	}
	// The largest report possible (every target over both channels) fits in a block on its own.
	assert!(report(2 * MAX_TARGETS, MAX_RECORDS_PER_REPORT).all_lt(MAXIMUM_BLOCK_WEIGHT / 4));
}

#[test]
fn a_roll_up_block_fits_in_the_hook_budget() {
	// One block's share (`MaxRollUpTargets` targets) of an hour, reading every prober's
	// records: up to `MaxProbersPerTarget` reports per target, by as many as 16 probers.
	let per_target: u32 = <Runtime as pallet_monitoring::Config>::MaxProbersPerTarget::get();
	for (probers, entries) in [(3u32, 3 * MAX_TARGETS), (16, per_target * MAX_TARGETS)] {
		let roll_up = Weights::on_initialize_roll_up(probers, entries);
		println!(
			"roll-up block, {probers:>2} probers, {entries} entries: {:.1} ms ref time ({:.1} %), {:.0} kB proof ({:.1} %)",
			roll_up.ref_time() as f64 / 1e9,
			100.0 * roll_up.ref_time() as f64 / MAXIMUM_BLOCK_WEIGHT.ref_time() as f64,
			roll_up.proof_size() as f64 / 1e3,
			100.0 * roll_up.proof_size() as f64 / MAXIMUM_BLOCK_WEIGHT.proof_size() as f64,
		);
		assert!(roll_up.all_lt(MAXIMUM_BLOCK_WEIGHT / 10), "{roll_up:?}");
	}
}

#[test]
fn the_relay_chains_randomness_seeds_the_probe_period() {
	use polkadot_sdk::{
		cumulus_pallet_parachain_system::{OnSystemEvent, RelayChainStateProof},
		cumulus_primitives_core::relay_chain::well_known_keys::ONE_EPOCH_AGO_RANDOMNESS,
		cumulus_test_relay_sproof_builder::RelayStateSproofBuilder,
		sp_core::H256,
		sp_io::TestExternalities,
	};
	use stacktical_runtime::configs::monitoring::RelayState;

	let proof = |builder: RelayStateSproofBuilder| {
		let para_id = builder.para_id;
		let (root, proof) = builder.into_state_root_and_proof();
		RelayChainStateProof::new(para_id, root, proof).expect("the proof matches its root")
	};
	let builder =
		RelayStateSproofBuilder { randomness: H256::repeat_byte(7), ..Default::default() };
	let with_randomness = proof(builder);
	assert_eq!(RelayState::randomness(&with_randomness), Some([7; 32]));
	// A relay runtime whose item does not decode as a hash: no randomness, no failure.
	let garbled = RelayStateSproofBuilder {
		additional_key_values: vec![(ONE_EPOCH_AGO_RANDOMNESS.to_vec(), vec![1, 2, 3])],
		..Default::default()
	};
	assert_eq!(RelayState::randomness(&proof(garbled)), None);

	TestExternalities::default().execute_with(|| {
		polkadot_sdk::frame_system::Pallet::<Runtime>::set_block_number(1);
		let weight = RelayState::on_relay_state_proof(&with_randomness);
		assert!(weight.ref_time() > 0);
		let period = pallet_monitoring::Pallet::<Runtime>::period_of(1);
		assert_eq!(
			pallet_monitoring::PeriodSeeds::<Runtime>::get(period),
			Some(pallet_monitoring::assignment::seed(Some(&[7; 32]), period))
		);
	});
}

/// A relay-chain state proof holding the builder's items and `extra` ones; its size in bytes.
fn relay_proof(
	extra: Vec<(Vec<u8>, Vec<u8>)>,
) -> (polkadot_sdk::cumulus_pallet_parachain_system::RelayChainStateProof, usize) {
	use polkadot_sdk::{
		cumulus_pallet_parachain_system::RelayChainStateProof,
		cumulus_test_relay_sproof_builder::RelayStateSproofBuilder,
	};
	let builder = RelayStateSproofBuilder { additional_key_values: extra, ..Default::default() };
	let para_id = builder.para_id;
	let (root, proof) = builder.into_state_root_and_proof();
	let size = codec::Encode::encoded_size(&proof);
	(RelayChainStateProof::new(para_id, root, proof).expect("the proof matches its root"), size)
}

/// `count` relay-chain validators (stash `[i; 32]`-like) and their discovery keys, encoded as
/// the relay chain stores `Session::Validators` and `AuthorityDiscovery::Keys`.
fn relay_set_items(count: u32) -> Vec<(Vec<u8>, Vec<u8>)> {
	use codec::Encode;
	use stacktical_runtime::configs::monitoring::RelayState;
	let stashes: Vec<AccountId> = (0..count).map(stash).collect();
	let keys: Vec<[u8; 32]> = (0..count).map(discovery).collect();
	vec![
		(RelayState::validators_key(), stashes.encode()),
		(RelayState::discovery_keys_key(), keys.encode()),
	]
}

fn stash(i: u32) -> AccountId {
	let mut raw = [0u8; 32];
	raw[..4].copy_from_slice(&i.to_be_bytes());
	raw[31] = 1;
	AccountId::from(raw)
}

fn discovery(i: u32) -> [u8; 32] {
	let mut raw = [7u8; 32];
	raw[..4].copy_from_slice(&i.to_le_bytes());
	raw
}

fn session_item(index: u32) -> (Vec<u8>, Vec<u8>) {
	use codec::Encode;
	(stacktical_runtime::configs::monitoring::RelayState::session_index_key(), index.encode())
}

#[test]
fn the_relay_chains_validator_set_becomes_the_targets() {
	use polkadot_sdk::{
		cumulus_pallet_parachain_system::OnSystemEvent, cumulus_primitives_core::RelayStorageKey,
		sp_io::TestExternalities,
	};
	use stacktical_runtime::configs::monitoring::RelayState;
	type Monitoring = pallet_monitoring::Pallet<Runtime>;

	TestExternalities::default().execute_with(|| {
		polkadot_sdk::frame_system::Pallet::<Runtime>::set_block_number(1);
		// A relay chain without a session index (the dev chain's): only the index is asked.
		let (no_session, _) = relay_proof(vec![]);
		RelayState::on_relay_state_proof(&no_session);
		assert_eq!(RelayState::keys_to_prove().len(), 1);
		assert_eq!(pallet_monitoring::RelaySession::<Runtime>::get(), None);

		// Session 4 is seen with its set in the same proof (the relay sproof builder proves all
		// its items): applied at once (three validators: one block).
		let mut items = relay_set_items(3);
		items.push(session_item(4));
		let (with_set, _) = relay_proof(items);
		RelayState::on_relay_state_proof(&with_set);
		assert!(!Monitoring::relay_set_wanted());
		assert_eq!(pallet_monitoring::RelaySession::<Runtime>::get(), Some(4));
		let members = pallet_monitoring::RelaySet::<Runtime>::get();
		assert_eq!(members.len(), 3);
		let first = members.iter().find(|m| m.stash == stash(0)).expect("validator 0 is a member");
		assert_eq!((first.index, first.discovery), (0, Some(discovery(0))));
		assert_eq!(pallet_monitoring::Targets::<Runtime>::count(), 3);
		assert_eq!(RelayState::keys_to_prove().len(), 1);

		// While a set is wanted, the next block's proof must hold it and its keys.
		pallet_monitoring::RelaySetWanted::<Runtime>::put(5);
		assert_eq!(
			RelayState::keys_to_prove()[1..],
			[
				RelayStorageKey::Top(RelayState::validators_key()),
				RelayStorageKey::Top(RelayState::discovery_keys_key())
			]
		);
		// A relay chain proven to lack the set: unreadable, the targets stay.
		let (index_only, _) = relay_proof(vec![session_item(5)]);
		RelayState::on_relay_state_proof(&index_only);
		assert!(!Monitoring::relay_set_wanted());
		assert_eq!(pallet_monitoring::RelaySession::<Runtime>::get(), Some(5));
		assert_eq!(pallet_monitoring::Targets::<Runtime>::count(), 3);

		// Discovery keys that do not match the validators one to one are left out.
		let mut items = relay_set_items(3);
		items[1].1 = codec::Encode::encode(&vec![discovery(0)]);
		items.push(session_item(5));
		let (mismatched, _) = relay_proof(items);
		match RelayState::validator_set(&mismatched) {
			pallet_monitoring::RelaySetProof::Set(set) => {
				assert_eq!(set.len(), 3);
				assert!(set.iter().all(|v| v.discovery.is_none()));
			},
			other => panic!("expected the set, got {other:?}"),
		}
		// Validators that do not decode: unreadable, not a failure.
		let (garbled, _) = relay_proof(vec![(RelayState::validators_key(), vec![9, 9, 9])]);
		assert!(matches!(
			RelayState::validator_set(&garbled),
			pallet_monitoring::RelaySetProof::Unreadable
		));
	});
}

/// What following the relay chain's set adds to a block's relay proof, for 1,000 validators
/// (printed with `--nocapture`): the session index in every block, the set while a new
/// session's set is applied.
#[test]
fn following_the_relay_set_adds_little_to_the_relay_proof() {
	let (_, baseline) = relay_proof(vec![]);
	let (_, with_index) = relay_proof(vec![session_item(4)]);
	let mut items = relay_set_items(1_000);
	items.push(session_item(4));
	let (_, with_set) = relay_proof(items);
	let per_block = with_index - baseline;
	let per_change = with_set - with_index;
	println!(
		"relay proof: baseline {baseline} B; session index +{per_block} B per block; \
		 1,000 validators with discovery keys +{per_change} B per block while a new set applies"
	);
	assert!(per_block < 200, "{per_block}");
	// 1,000 × (32-B stash + 32-B key) and the trie nodes above them.
	assert!((64_000..70_000).contains(&per_change), "{per_change}");
}

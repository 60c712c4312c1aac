//! The monitoring pallet in this runtime: a period's probe reports for 1,000 validators cost
//! under a tenth of a block (generated weights), and the relay chain's state proof seeds each
//! period's assignment of probers.

use pallet_monitoring::WeightInfo;
use polkadot_sdk::frame_support::{dispatch::DispatchClass, traits::Get, weights::Weight};
use stacktical_runtime::{configs::monitoring::MAX_TARGETS, Runtime, MAXIMUM_BLOCK_WEIGHT};

type Weights = pallet_monitoring::weights::SubstrateWeight<Runtime>;

/// Weight of one prober's report of `results` probes: dispatch, authorisation, and the
/// extrinsic's base weight.
fn report(results: u32) -> Weight {
	let base = <Runtime as polkadot_sdk::frame_system::Config>::BlockWeights::get()
		.get(DispatchClass::Normal)
		.base_extrinsic;
	Weights::submit_probes(results) + Weights::authorize_submit_probes(results) + base
}

#[test]
fn a_periods_reports_for_1000_validators_cost_under_a_tenth_of_a_block() {
	let tenth = MAXIMUM_BLOCK_WEIGHT / 10;
	// Every validator probed by three collators: 3,000 results per period, shared evenly by
	// however many collators there are.
	for probers in [3u32, 4, 8, 16] {
		let per_prober = (3 * 1_000u32).div_ceil(probers);
		let total = report(per_prober) * u64::from(probers);
		println!(
			"{probers:>2} probers × {per_prober:>4} results: {:>6.2} ms ref time ({:.2} % of a block), {:>7} B proof ({:.2} %)",
			total.ref_time() as f64 / 1e9,
			100.0 * total.ref_time() as f64 / MAXIMUM_BLOCK_WEIGHT.ref_time() as f64,
			total.proof_size(),
			100.0 * total.proof_size() as f64 / MAXIMUM_BLOCK_WEIGHT.proof_size() as f64,
		);
		assert!(total.all_lt(tenth), "{probers} probers: {total:?} is not under {tenth:?}");
	}
	// The largest report possible fits in a block on its own.
	assert!(report(MAX_TARGETS).all_lt(MAXIMUM_BLOCK_WEIGHT / 4));
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

/// A relay-chain state proof from the sproof builder, with extra relay storage.
fn relay_proof(
	extra: Vec<(Vec<u8>, Vec<u8>)>,
) -> (polkadot_sdk::cumulus_pallet_parachain_system::RelayChainStateProof, usize) {
	use codec::Encode;
	use polkadot_sdk::{
		cumulus_pallet_parachain_system::RelayChainStateProof,
		cumulus_test_relay_sproof_builder::RelayStateSproofBuilder,
	};
	let builder = RelayStateSproofBuilder { additional_key_values: extra, ..Default::default() };
	let para_id = builder.para_id;
	let (root, proof) = builder.into_state_root_and_proof();
	let bytes = proof.encoded_size();
	(RelayChainStateProof::new(para_id, root, proof).expect("the proof matches its root"), bytes)
}

#[test]
fn the_relay_chains_validators_become_targets_and_the_proof_stays_small() {
	use codec::Encode;
	use polkadot_sdk::{
		cumulus_pallet_parachain_system::OnSystemEvent, sp_io::TestExternalities,
		sp_runtime::AccountId32,
	};
	use stacktical_runtime::configs::monitoring::RelayState;

	let stashes: Vec<AccountId32> = (0..1_000u32)
		.map(|i| {
			let mut raw = [0u8; 32];
			raw[..4].copy_from_slice(&i.to_le_bytes());
			raw[31] = 0xab;
			AccountId32::from(raw)
		})
		.collect();
	let keys: Vec<[u8; 32]> = (0..1_000u32).map(|i| [(i % 251) as u8; 32]).collect();
	let session = |index: u32| (RelayState::session_index_key(), index.encode());
	let (_, baseline) = relay_proof(vec![]);
	let (index_only, with_index) = relay_proof(vec![session(42)]);
	let (with_set, with_set_bytes) = relay_proof(vec![
		session(42),
		(RelayState::validators_key(), stashes.encode()),
		(RelayState::discovery_keys_key(), keys.encode()),
	]);
	println!(
		"relay proof: {baseline} B as Cumulus builds it; +{} B with the session index (every \
		 block); +{} B with 1,000 validators and their discovery keys (after a session change)",
		with_index - baseline,
		with_set_bytes - baseline,
	);
	assert!(with_index - baseline < 200, "the index costs {} B", with_index - baseline);
	assert!(with_set_bytes - baseline < 70_000);
	assert_eq!(RelayState::session_index(&index_only), Some(42));
	assert_eq!(RelayState::validators(&index_only), None);
	assert_eq!(RelayState::validators(&with_set).map(|v| v.len()), Some(1_000));
	// Lists of different lengths (a relay runtime this does not understand): no set.
	let (mismatched, _) = relay_proof(vec![
		(RelayState::validators_key(), stashes.encode()),
		(RelayState::discovery_keys_key(), keys[..10].encode()),
	]);
	assert_eq!(RelayState::validators(&mismatched), None);

	TestExternalities::default().execute_with(|| {
		polkadot_sdk::frame_system::Pallet::<Runtime>::set_block_number(1);
		let wanted =
			|| stacktical_runtime::configs::monitoring::RelayState::keys_to_prove().keys.len();
		assert_eq!(wanted(), 1, "only the session index while nothing is wanted");
		RelayState::on_relay_state_proof(&index_only);
		assert_eq!(wanted(), 3, "a new session: its set is asked for");
		// 1,000 new validators, `MaxRelaySetChanges` a block, the set proven in each.
		let (mut blocks, mut heaviest) = (0u32, Weight::zero());
		while wanted() == 3 {
			heaviest = heaviest.max(RelayState::on_relay_state_proof(&with_set));
			blocks += 1;
		}
		assert_eq!(pallet_monitoring::Targets::<Runtime>::count(), 1_000);
		assert_eq!(pallet_monitoring::RelayValidators::<Runtime>::count(), 1_000);
		println!(
			"applying a set of 1,000 new validators: {blocks} blocks, at most {:.1} ms ref time ({:.1} % of a block) and {:.0} kB proof ({:.1} %) each",
			heaviest.ref_time() as f64 / 1e9,
			100.0 * heaviest.ref_time() as f64 / MAXIMUM_BLOCK_WEIGHT.ref_time() as f64,
			heaviest.proof_size() as f64 / 1e3,
			100.0 * heaviest.proof_size() as f64 / MAXIMUM_BLOCK_WEIGHT.proof_size() as f64,
		);
		assert_eq!(blocks, 1_000u32.div_ceil(64));
		assert!(heaviest.all_lt(MAXIMUM_BLOCK_WEIGHT / 10), "{heaviest:?}");
	});
}

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

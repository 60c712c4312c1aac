//! The SLA pallets in this runtime: an offer on a monitored validator is started, settled and
//! made final by the idle agenda within a block's remaining weight, from the monitoring
//! pallet's records; one settlement step fits in a quarter of a block, and what settling
//! 1,000 SLAs' periods costs is printed, by period length (the weights assume worst-case
//! records: every member's every bucket read from a full map).

use pallet_sla::WeightInfo as _;
use polkadot_sdk::{
	frame_support::{
		assert_ok,
		traits::{Hooks, OnIdle, OnTimestampSet},
	},
	sp_io::TestExternalities,
	sp_keyring::Sr25519Keyring,
	sp_runtime::BuildStorage,
};
use stacktical_runtime::{
	AllPalletsWithSystem, Monitoring, Runtime, RuntimeGenesisConfig, RuntimeOrigin, Sla, System,
	MAXIMUM_BLOCK_WEIGHT, UNIT,
};

/// 2026-12-01 00:00 UTC.
const T0: u64 = 1_796_083_200_000;
const HOUR: u64 = 3_600_000;

/// The next block, stamped `ms`: the hooks, then the timestamp inherent (its monitoring
/// handler; Aura's slot check needs a slot this test does not simulate).
fn set_now(ms: u64) {
	let n = System::block_number() + 1;
	System::set_block_number(n);
	<Monitoring as Hooks<u32>>::on_initialize(n);
	polkadot_sdk::pallet_timestamp::Now::<Runtime>::put(ms);
	<Monitoring as OnTimestampSet<u64>>::on_timestamp_set(ms);
}

fn ext() -> TestExternalities {
	let mut config = RuntimeGenesisConfig::default();
	config.balances.balances = [Sr25519Keyring::Charlie, Sr25519Keyring::Dave]
		.iter()
		.map(|k| (k.to_account_id(), 1_000 * UNIT))
		.collect();
	let mut ext = TestExternalities::new(config.build_storage().expect("genesis builds"));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

#[test]
fn the_idle_agenda_starts_settles_and_finalises_an_sla() {
	ext().execute_with(|| {
		let charlie = Sr25519Keyring::Charlie.to_account_id();
		set_now(T0);
		let url = b"http://validator.example:9944/health".to_vec().try_into().unwrap();
		let register = vec![(charlie.clone(), vec![url].try_into().unwrap())].try_into().unwrap();
		assert_ok!(Monitoring::force_register(RuntimeOrigin::root(), register));
		let terms = pallet_sla::Terms {
			clauses: vec![pallet_sla::Clause {
				objective: pallet_sla::Objective {
					metric: pallet_sla::Metric::Uptime,
					direction: pallet_sla::Direction::AtLeast,
					target: 900_000,
				},
				credit: pallet_sla::CreditRule::Deviation { cap_ppm: 500_000 },
			}]
			.try_into()
			.unwrap(),
			cadence: pallet_sla::Cadence::Hours(1),
			first: T0 + HOUR,
			periods: 1,
			gate: pallet_sla::Gate { min_probes: 0, min_probers: 0 },
			maintenance_ms: 0,
			notice_periods: 0,
		};
		assert_ok!(Sla::offer(
			RuntimeOrigin::signed(charlie.clone()),
			vec![charlie].try_into().unwrap(),
			terms
		));
		let idle = |ms| {
			set_now(ms);
			<AllPalletsWithSystem as OnIdle<u32>>::on_idle(
				System::block_number(),
				MAXIMUM_BLOCK_WEIGHT / 2,
			)
		};
		idle(T0 + HOUR + 6_000);
		assert_eq!(Sla::sla(0).unwrap().state, pallet_sla::SlaState::Active);
		// The block stamped first in the next hour starts it; the one after rolls the
		// period's hour up, and then it can be settled.
		idle(T0 + 2 * HOUR + 60_000);
		idle(T0 + 2 * HOUR + 66_000);
		assert_eq!(Sla::sla(0).unwrap().next_settle, 1);
		// Final once its hour-long dispute window closed.
		idle(T0 + 3 * HOUR + 30_000);
		assert_eq!(Sla::sla(0).unwrap().next_final, 0);
		idle(T0 + 3 * HOUR + 72_000);
		assert_eq!(Sla::sla(0).unwrap().state, pallet_sla::SlaState::Ended);
	});
}

#[test]
fn a_settlement_step_fits_in_a_quarter_of_a_block() {
	type W = pallet_sla::weights::SubstrateWeight<Runtime>;
	type C = pallet_compensation::weights::SubstrateWeight<Runtime>;
	use pallet_compensation::WeightInfo as _;
	// (members, buckets per member): an hourly SLA of one validator, a daily one (24 hours),
	// a 30-day one (30 days), and the largest group over the longest period.
	for (members, buckets, what) in
		[(1u32, 1u32, "hourly"), (1, 24, "daily"), (1, 30, "monthly"), (16, 30, "monthly")]
	{
		let step = W::on_idle_step(members * buckets) + C::period_final();
		let total = step * 1_000;
		let blocks = (total.ref_time() as f64 / MAXIMUM_BLOCK_WEIGHT.ref_time() as f64)
			.max(total.proof_size() as f64 / MAXIMUM_BLOCK_WEIGHT.proof_size() as f64);
		println!(
			"1,000 {what:>7} SLAs of {members:>2} members: {:.1} s ref time ({:.2} blocks), {:.1} MB proof ({:.1} blocks) → {:.1} blocks",
			total.ref_time() as f64 / 1e12,
			total.ref_time() as f64 / MAXIMUM_BLOCK_WEIGHT.ref_time() as f64,
			total.proof_size() as f64 / 1e6,
			total.proof_size() as f64 / MAXIMUM_BLOCK_WEIGHT.proof_size() as f64,
			blocks,
		);
		// One step always fits in a block, with room for everything else.
		assert!(step.all_lt(MAXIMUM_BLOCK_WEIGHT / 4), "{step:?}");
	}
}

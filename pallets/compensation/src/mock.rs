//! A test runtime (System, Balances, this pallet) with simulated SLAs: each has a provider, a
//! current period and a count of final periods, moved by the tests; verdicts are handed to
//! the pallet as `pallet-sla` would hand them.

use crate as pallet_compensation;
use crate::{PeriodIndex, SlaId};
use pallet_sla::{SlaHooks, SlaInfo, Verdict};
use polkadot_sdk::{
	frame_support::{derive_impl, parameter_types, traits::ConstU32, PalletId},
	frame_system, pallet_balances,
	sp_runtime::BuildStorage,
};
use std::collections::BTreeMap;
use test_utils::CheckedExt;

pub type AccountId = u64;
pub type Balance = u64;
type Block = frame_system::mocking::MockBlock<Test>;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Compensation: pallet_compensation,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type Balance = Balance;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// A simulated SLA.
#[derive(Clone, Copy, Debug)]
pub struct MockSla {
	pub provider: AccountId,
	/// The running period (`None`: not started).
	pub current: Option<PeriodIndex>,
	pub last: PeriodIndex,
	/// Periods before this one are final.
	pub final_before: PeriodIndex,
}

parameter_types! {
	pub static Slas: BTreeMap<SlaId, MockSla> = BTreeMap::new();
	pub const CompensationPot: PalletId = PalletId(*b"stk/comp");
	pub const MinPosition: Balance = 10;
	pub const MaxLeverage: u32 = 10;
}

pub struct MockSlas;
impl SlaInfo<AccountId> for MockSlas {
	fn provider(sla: SlaId) -> Option<AccountId> {
		Slas::get().get(&sla).map(|s| s.provider)
	}
	fn next_period_now(sla: SlaId) -> Option<PeriodIndex> {
		let s = Slas::get().get(&sla).copied()?;
		let next = s.current.map_or(0, |c| c + 1);
		(next <= s.last).then_some(next)
	}
	fn last_period(sla: SlaId) -> Option<PeriodIndex> {
		Slas::get().get(&sla).map(|s| s.last)
	}
	fn final_before(sla: SlaId) -> Option<PeriodIndex> {
		Slas::get().get(&sla).map(|s| s.final_before)
	}
}

impl pallet_compensation::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Slas = MockSlas;
	type PalletId = CompensationPot;
	type MinPosition = MinPosition;
	type MaxLeverage = MaxLeverage;
	type MaxPeriods = ConstU32<100>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBench;
}

/// The benchmarks' SLAs.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBench;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockBench {
	fn create_sla(provider: &AccountId, periods: u32) -> SlaId {
		let id = Slas::get().len() as SlaId;
		Slas::mutate(|s| {
			s.insert(
				id,
				MockSla { provider: *provider, current: None, last: periods - 1, final_before: 0 },
			)
		});
		id
	}
	fn finalise_until(sla: SlaId, period: PeriodIndex) {
		Slas::mutate(|s| {
			if let Some(s) = s.get_mut(&sla) {
				s.current = Some(period.min(s.last));
				s.final_before = period;
			}
		});
	}
}

/// Accounts 1–9 hold 100,000 each; account 1 provides SLA 0 (10 periods, not started).
pub fn new_test_ext() -> CheckedExt {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=9).map(|a| (a, 100_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_compensation::GenesisConfig::<Test>::default().assimilate_storage(&mut storage).unwrap();
	Slas::set(
		[(0, MockSla { provider: 1, current: None, last: 9, final_before: 0 })]
			.into_iter()
			.collect(),
	);
	let mut ext: polkadot_sdk::sp_io::TestExternalities = storage.into();
	ext.execute_with(|| System::set_block_number(1));
	CheckedExt::new(ext, crate::Pallet::<Test>::do_try_state)
}

/// Externalities for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> polkadot_sdk::sp_io::TestExternalities {
	let ext = new_test_ext().ext;
	Slas::set(BTreeMap::new());
	ext
}

/// Period `p` of SLA 0 starts.
pub fn start(p: PeriodIndex) {
	Slas::mutate(|s| s.get_mut(&0).unwrap().current = Some(p));
}

/// Period `p` of SLA 0 becomes final with `verdict`, as `pallet-sla` would report it.
pub fn finalise(p: PeriodIndex, verdict: Verdict) {
	Slas::mutate(|s| s.get_mut(&0).unwrap().final_before = p + 1);
	<Compensation as SlaHooks>::period_final(0, p, verdict);
}

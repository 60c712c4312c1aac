//! A test runtime (System, Balances, this pallet) with a simulated SLI source: per validator
//! and hour, the combined probe counts the monitoring pallet would hold; hours before
//! [`HoursForgottenBefore`] are answered from whole days, as monitoring does.

use crate as pallet_sla;
use crate::{
	MemberStatus, PeriodIndex, PeriodSli, SlaHooks, SlaId, SliSource, SourceError, Verdict, HOUR_MS,
};
use polkadot_sdk::{
	frame_support::{derive_impl, parameter_types, weights::Weight},
	frame_system::{self, EnsureRoot},
	pallet_balances,
	sp_runtime::BuildStorage,
};
use sli::{time::EraClock, Combined, ProbeCounts};
use std::collections::BTreeMap;
use test_utils::CheckedExt;

pub type AccountId = u64;
pub type Balance = u64;
type Block = frame_system::mocking::MockBlock<Test>;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Sla: pallet_sla,
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

/// 2026-12-01 00:00 UTC.
pub const T0: u64 = 1_796_083_200_000;

parameter_types! {
	pub static NowMs: u64 = T0;
	/// Monitored validators and whether they are paused.
	pub static Monitored: BTreeMap<AccountId, bool> = BTreeMap::new();
	/// Per validator and hour: the combination of its probers' counts.
	pub static Records: BTreeMap<(AccountId, u32), Combined> = BTreeMap::new();
	/// Hours before this one are answered from days.
	pub static HoursForgottenBefore: u32 = 0;
	pub static EraClockNow: EraClock = EraClock { length_ms: 6 * HOUR_MS, offset_ms: 0 };
	/// What the money side was told: `(sla, period, verdict)`, and cancellations.
	pub static FinalVerdicts: Vec<(SlaId, PeriodIndex, Verdict)> = vec![];
	pub static CancelledSlas: Vec<SlaId> = vec![];
	pub static Removable: bool = true;
	pub const OfferDeposit: Balance = 100;
	pub const DisputeDeposit: Balance = 50;
	pub const SettleDelay: u64 = 10 * 60_000;
	pub const DisputeWindow: u64 = 30 * 60_000;
	pub const MinLead: u64 = 0;
}

/// The simulated monitoring pallet.
pub struct MockSli;
impl SliSource<AccountId> for MockSli {
	fn status(stash: &AccountId) -> Option<MemberStatus> {
		Monitored::get().get(stash).map(|paused| MemberStatus { paused: *paused })
	}
	fn now_ms() -> u64 {
		NowMs::get()
	}
	fn final_until_ms() -> u64 {
		sli::time::hour_of(NowMs::get()) as u64 * HOUR_MS
	}
	fn era_clock() -> EraClock {
		EraClockNow::get()
	}
	fn period_sli(stashes: &[AccountId], from: u64, to: u64) -> Result<PeriodSli, SourceError> {
		if stashes.iter().any(|s| !Monitored::get().contains_key(s)) {
			return Err(SourceError::NotMonitored);
		}
		let (first, last) = (sli::time::hour_of(from), sli::time::hour_of(to - 1));
		let daily = first < HoursForgottenBefore::get();
		// Daily records cover whole days.
		let (first, last) =
			if daily { (first / 24 * 24, last / 24 * 24 + 23) } else { (first, last) };
		let records = Records::get();
		let mut pooled = ProbeCounts::default();
		let mut probers = u32::MAX;
		for stash in stashes {
			let mut most = 0;
			for hour in first..=last {
				if let Some(c) = records.get(&(*stash, hour)) {
					pooled.merge(&c.counts);
					most = most.max(c.probers);
				}
			}
			probers = probers.min(most);
		}
		Ok(PeriodSli { sli: pooled.sli(), probers, daily })
	}
}

/// Records what the money side would be told.
pub struct MockHooks;
impl SlaHooks for MockHooks {
	fn period_final(sla: SlaId, period: PeriodIndex, verdict: Verdict) -> Weight {
		FinalVerdicts::mutate(|v| v.push((sla, period, verdict)));
		Weight::from_parts(1_000, 0)
	}
	fn period_final_weight() -> Weight {
		Weight::from_parts(1_000, 0)
	}
	fn cancelled(sla: SlaId) -> Weight {
		CancelledSlas::mutate(|v| v.push(sla));
		Weight::zero()
	}
	fn cancelled_weight() -> Weight {
		Weight::zero()
	}
	fn can_remove(_: SlaId) -> bool {
		Removable::get()
	}
	fn removed(_: SlaId) -> Weight {
		Weight::zero()
	}
	fn removed_weight() -> Weight {
		Weight::zero()
	}
}

impl pallet_sla::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Sli = MockSli;
	type Hooks = MockHooks;
	type DisputeOrigin = EnsureRoot<AccountId>;
	type OfferDeposit = OfferDeposit;
	type DisputeDeposit = DisputeDeposit;
	type SettleDelay = SettleDelay;
	type DisputeWindow = DisputeWindow;
	type MinLead = MinLead;
	type MaxSlas = polkadot_sdk::frame_support::traits::ConstU32<64>;
	type MaxMembers = polkadot_sdk::frame_support::traits::ConstU32<4>;
	type MaxClauses = polkadot_sdk::frame_support::traits::ConstU32<4>;
	type MaxTiers = polkadot_sdk::frame_support::traits::ConstU32<4>;
	type MaxPeriods = polkadot_sdk::frame_support::traits::ConstU32<400>;
	type MaxPeriodDays = polkadot_sdk::frame_support::traits::ConstU32<30>;
	type MaxSlasPerValidator = polkadot_sdk::frame_support::traits::ConstU32<3>;
	type MaxIncidents = polkadot_sdk::frame_support::traits::ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBench;
}

/// The benchmarks' setup on the simulated SLI source.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBench;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockBench {
	fn monitor(stash: &AccountId) {
		Monitored::mutate(|m| m.insert(*stash, false));
	}
	fn record(stashes: &[AccountId], from_ms: u64, to_ms: u64) {
		for stash in stashes {
			record(*stash, from_ms, to_ms, 59, 60, 20, 3);
		}
	}
	fn set_now(ms: u64) {
		NowMs::set(ms);
	}
}

/// Externalities for the benchmarks (their own checks).
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> polkadot_sdk::sp_io::TestExternalities {
	new_test_ext().ext
}

/// Validators 1–4 monitored (their stashes hold 1,000 each); account 9 is someone else.
pub fn new_test_ext() -> CheckedExt {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=9).map(|a| (a, 1_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	NowMs::set(T0);
	Monitored::set((1..=4).map(|a| (a, false)).collect());
	Records::set(BTreeMap::new());
	HoursForgottenBefore::set(0);
	FinalVerdicts::set(vec![]);
	CancelledSlas::set(vec![]);
	Removable::set(true);
	let mut ext: polkadot_sdk::sp_io::TestExternalities = storage.into();
	ext.execute_with(|| System::set_block_number(1));
	CheckedExt::new(ext, crate::Pallet::<Test>::do_try_state)
}

/// Records, for `stash`, every hour of `[from, to)` with `up` of `total` probes at `ms`
/// latency by `probers` probers.
pub fn record(stash: AccountId, from: u64, to: u64, up: u32, total: u32, ms: u32, probers: u32) {
	Records::mutate(|records| {
		for hour in sli::time::hour_of(from)..sli::time::hour_of(to) {
			let mut counts = ProbeCounts::default();
			for i in 0..total {
				counts.record(i < up, ms);
			}
			records.insert((stash, hour), Combined { counts, probers, max_deviation_ppm: 0 });
		}
	});
}

/// Moves the clock to `ms` and runs a block's idle hook with plenty of weight.
pub fn advance_to(ms: u64) {
	NowMs::set(ms);
	System::set_block_number(System::block_number() + 1);
	crate::Pallet::<Test>::work_agenda(Weight::MAX);
}

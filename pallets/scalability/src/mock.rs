//! A test runtime: System, Balances and this pallet, with collator keys being real sr25519
//! application keys in a test keystore.

use crate as pallet_scalability;
use polkadot_sdk::{
	frame_support::{derive_impl, parameter_types, traits::Contains},
	frame_system, pallet_balances,
	sp_core::offchain::{testing, OffchainDbExt, OffchainWorkerExt, TransactionPoolExt},
	sp_io::TestExternalities,
	sp_keystore::{testing::MemoryKeystore, KeystoreExt},
	sp_runtime::{BuildStorage, Perbill},
};
use std::sync::Arc;
pub use test_utils::test_key::Public as CollatorId;
use test_utils::CheckedExt;

pub type AccountId = u64;
pub type Balance = u64;
type Block = frame_system::mocking::MockBlock<Test>;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Scalability: pallet_scalability,
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
}

parameter_types! {
	/// Keys of the current collators.
	pub static CollatorKeys: Vec<CollatorId> = vec![];
}

/// Collator membership backed by [`CollatorKeys`].
pub struct CurrentCollators;
impl Contains<CollatorId> for CurrentCollators {
	fn contains(key: &CollatorId) -> bool {
		CollatorKeys::get().contains(key)
	}
}

pub const DEPOSIT: Balance = 1_000;
pub const MAX_POINTS: u32 = 16;
pub const MIN_POINTS: u32 = 4;
pub const FIT_WINDOW: u64 = 3;
pub const FIT_DEADLINE: u64 = 10;
pub const NETWORK_DEPOSIT: Balance = 500;
pub const MAX_DELEGATES: u32 = 2;
pub const MAX_REVISIONS_PER_BLOCK: u32 = 32;

impl pallet_scalability::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AuthorityId = CollatorId;
	type Collators = CurrentCollators;
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type CampaignDeposit = polkadot_sdk::frame_support::traits::ConstU64<DEPOSIT>;
	type NetworkDeposit = polkadot_sdk::frame_support::traits::ConstU64<NETWORK_DEPOSIT>;
	type MaxDelegates = polkadot_sdk::frame_support::traits::ConstU32<MAX_DELEGATES>;
	type MaxLabelLen = polkadot_sdk::frame_support::traits::ConstU32<32>;
	type MaxPoints = polkadot_sdk::frame_support::traits::ConstU32<MAX_POINTS>;
	type MinPoints = polkadot_sdk::frame_support::traits::ConstU32<MIN_POINTS>;
	type MaxCampaignsPerNetwork = polkadot_sdk::frame_support::traits::ConstU32<4>;
	type MaxFitsPerBlock = polkadot_sdk::frame_support::traits::ConstU32<2>;
	type MaxRevisionsPerBlock =
		polkadot_sdk::frame_support::traits::ConstU32<MAX_REVISIONS_PER_BLOCK>;
	type FitWindow = polkadot_sdk::frame_support::traits::ConstU64<FIT_WINDOW>;
	type FitDeadline = polkadot_sdk::frame_support::traits::ConstU64<FIT_DEADLINE>;
	type MinRSquared = MinRSquared;
	type DefaultRegressionThreshold = DefaultThreshold;
	type UnsignedPriority = polkadot_sdk::frame_support::traits::ConstU64<{ 1 << 20 }>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = CurrentCollators;
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<CollatorId> for CurrentCollators {
	fn make_collator(key: CollatorId) {
		CollatorKeys::mutate(|keys| keys.push(key));
	}
}

parameter_types! {
	pub const MinRSquared: Perbill = Perbill::from_percent(50);
	pub const DefaultThreshold: Perbill = Perbill::from_percent(5);
}

test_utils::authorized_transactions!(Test);

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const POOR: AccountId = 3;
pub const CAROL: AccountId = 4;

/// Accounts funded, block 1, no collators, an empty keystore; the pallet's invariants are
/// checked after every closure run in it.
pub fn new_test_ext() -> CheckedExt {
	CheckedExt::new(new_test_ext_with_keystore(Arc::new(MemoryKeystore::new())), check)
}

fn check() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
	Scalability::do_try_state()
}

/// The same, as a bare externality (for the benchmark test suite).
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> TestExternalities {
	new_test_ext_with_keystore(Arc::new(MemoryKeystore::new()))
}

fn new_test_ext_with_keystore(keystore: Arc<MemoryKeystore>) -> TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 100_000), (BOB, 100_000), (POOR, 10), (CAROL, 100_000)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext.register_extension(KeystoreExt(keystore));
	CollatorKeys::set(vec![]);
	ext
}

/// A test externality with a keystore holding one collator key (also registered as a
/// collator), off-chain storage, and a transaction pool that records submissions.
pub struct OffchainTest {
	pub ext: CheckedExt,
	pub pool: Arc<parking_lot::RwLock<testing::PoolState>>,
	pub collator: CollatorId,
}

pub fn new_offchain_test(seed: &str) -> OffchainTest {
	let keystore = Arc::new(MemoryKeystore::new());
	let collator = test_utils::keys(&keystore, [seed]).remove(0);
	let mut ext = new_test_ext_with_keystore(keystore);
	let (offchain, _) = testing::TestOffchainExt::new();
	let (pool, pool_state) = testing::TestTransactionPoolExt::new();
	ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	CollatorKeys::set(vec![collator.clone()]);
	OffchainTest { ext: CheckedExt::new(ext, check), pool: pool_state, collator }
}

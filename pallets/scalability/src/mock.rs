//! A test runtime: System, Balances and this pallet, with collator keys being real sr25519
//! application keys in a test keystore.

use crate as pallet_scalability;
use polkadot_sdk::{
	frame_support::{derive_impl, parameter_types, traits::Contains},
	frame_system, pallet_balances,
	sp_core::{
		offchain::{testing, OffchainDbExt, OffchainWorkerExt, TransactionPoolExt},
		sr25519,
	},
	sp_io::TestExternalities,
	sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt},
	sp_runtime::{BuildStorage, Perbill},
};
use std::sync::Arc;

/// The collator key type of the test runtime.
pub mod collator_crypto {
	use polkadot_sdk::sp_application_crypto::{app_crypto, sr25519, KeyTypeId};
	/// Key type of test collator keys.
	pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"test");
	app_crypto!(sr25519, KEY_TYPE);
}
pub use collator_crypto::Public as CollatorId;

pub type AccountId = u64;
pub type Balance = u64;
type TxExtension = frame_system::AuthorizeCall<Test>;
pub type Extrinsic = polkadot_sdk::sp_runtime::generic::UncheckedExtrinsic<
	u64,
	RuntimeCall,
	polkadot_sdk::sp_runtime::testing::TestSignature,
	TxExtension,
>;
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

impl pallet_scalability::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AuthorityId = CollatorId;
	type Collators = CurrentCollators;
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type CampaignDeposit = polkadot_sdk::frame_support::traits::ConstU64<DEPOSIT>;
	type MaxLabelLen = polkadot_sdk::frame_support::traits::ConstU32<32>;
	type MaxPoints = polkadot_sdk::frame_support::traits::ConstU32<MAX_POINTS>;
	type MinPoints = polkadot_sdk::frame_support::traits::ConstU32<MIN_POINTS>;
	type MaxCampaignsPerNetwork = polkadot_sdk::frame_support::traits::ConstU32<4>;
	type MaxFitsPerBlock = polkadot_sdk::frame_support::traits::ConstU32<2>;
	type FitWindow = polkadot_sdk::frame_support::traits::ConstU64<FIT_WINDOW>;
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

impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	type RuntimeCall = RuntimeCall;
	type Extrinsic = Extrinsic;
}

impl<LocalCall> frame_system::offchain::CreateTransaction<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	type Extension = TxExtension;
	fn create_transaction(call: RuntimeCall, extension: Self::Extension) -> Extrinsic {
		Extrinsic::new_transaction(call, extension)
	}
}

impl<LocalCall> frame_system::offchain::CreateAuthorizedTransaction<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	fn create_extension() -> Self::Extension {
		TxExtension::new()
	}
}

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const POOR: AccountId = 3;

/// Accounts funded, block 1, no collators, an empty keystore.
pub fn new_test_ext() -> TestExternalities {
	new_test_ext_with_keystore(Arc::new(MemoryKeystore::new()))
}

fn new_test_ext_with_keystore(keystore: Arc<MemoryKeystore>) -> TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 100_000), (BOB, 100_000), (POOR, 10)],
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
	pub ext: TestExternalities,
	pub pool: Arc<parking_lot::RwLock<testing::PoolState>>,
	pub collator: CollatorId,
}

pub fn new_offchain_test(seed: &str) -> OffchainTest {
	let keystore = Arc::new(MemoryKeystore::new());
	let public: sr25519::Public =
		keystore.sr25519_generate_new(collator_crypto::KEY_TYPE, Some(seed)).unwrap();
	let mut ext = new_test_ext_with_keystore(keystore);
	let (offchain, _) = testing::TestOffchainExt::new();
	let (pool, pool_state) = testing::TestTransactionPoolExt::new();
	ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	let collator = CollatorId::from(public);
	CollatorKeys::set(vec![collator.clone()]);
	OffchainTest { ext, pool: pool_state, collator }
}

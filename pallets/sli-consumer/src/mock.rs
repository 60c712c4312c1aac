//! A consumer parachain (2001) in a test runtime: System and this pallet, Stacktical at
//! parachain 2000, signed accounts standing for XCM origins ([`Origins`]) and an XCM sender
//! that keeps what it sends (`test_utils::xcm`).

use crate as pallet_sli_consumer;
use crate::RemotePallet;
use polkadot_sdk::{
	frame_support::{derive_impl, parameter_types, weights::Weight},
	frame_system::{self, EnsureRoot},
	sp_runtime::BuildStorage,
	staging_xcm::latest::prelude::*,
};
use std::collections::BTreeMap;
use test_utils::{
	xcm::{KeepingSender, SignedAsLocation},
	CheckedExt,
};

pub type AccountId = u64;
type Block = frame_system::mocking::MockBlock<Test>;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		SliConsumer: pallet_sli_consumer,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// Stacktical's parachain id.
pub const STACKTICAL: u32 = 2000;
/// This chain's.
pub const OURS: u32 = 2001;
/// Signed accounts of the mock that stand for XCM origins ([`Origins`]).
pub const FROM_STACKTICAL: AccountId = 1;
pub const FROM_STACKTICAL_USER: AccountId = 2;
pub const FROM_OTHER_PARA: AccountId = 3;

parameter_types! {
	pub static Origins: BTreeMap<AccountId, Location> = BTreeMap::from([
		(FROM_STACKTICAL, Location::new(1, [Parachain(STACKTICAL)])),
		(FROM_STACKTICAL_USER, Location::new(1, [Parachain(STACKTICAL), AccountId32 { network: None, id: [9; 32] }])),
		(FROM_OTHER_PARA, Location::new(1, [Parachain(2002)])),
	]);
	pub StackticalLocation: Location = Location::new(1, [Parachain(STACKTICAL)]);
	pub Remote: RemotePallet = RemotePallet {
		index: 60,
		name: b"SliXcm".to_vec(),
		module_name: b"pallet_sli_xcm".to_vec(),
		crate_major: 0,
		min_crate_minor: 1,
	};
	/// 10 STK, as Stacktical names its own token.
	pub RequestFee: Asset = (Location::here(), 10_000_000_000_000u128).into();
	pub const RequestWeight: Weight = Weight::from_parts(1_000_000_000, 65_536);
	pub const AnswerFee: Option<Asset> = None;
	pub UniversalLocation: InteriorLocation = Parachain(OURS).into();
	pub const MaxQueries: u32 = 3;
	pub const AnswerTimeout: u64 = 10;
}

impl pallet_sli_consumer::Config for Test {
	type AskOrigin = EnsureRoot<AccountId>;
	type AnswerOrigin = SignedAsLocation<Origins>;
	type Stacktical = StackticalLocation;
	type RemotePallet = Remote;
	type RequestFee = RequestFee;
	type RequestWeight = RequestWeight;
	type AnswerFee = AnswerFee;
	type UniversalLocation = UniversalLocation;
	type XcmSender = KeepingSender;
	type MaxQueries = MaxQueries;
	type AnswerTimeout = AnswerTimeout;
}

/// Externalities at block 1, checking the pallet's invariants after every closure.
pub fn new_test_ext() -> CheckedExt {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext: polkadot_sdk::sp_io::TestExternalities = storage.into();
	ext.execute_with(|| System::set_block_number(1));
	CheckedExt::new(ext, crate::Pallet::<Test>::do_try_state)
}

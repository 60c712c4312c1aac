//! A test runtime (System and this pallet) with signed accounts standing for XCM locations
//! ([`Origins`]), a simulated SLI source and an XCM sender that keeps what it sends
//! (`test_utils::xcm`).

use crate as pallet_sli_xcm;
use crate::SliSource;
use polkadot_sdk::{
	frame_support::{derive_impl, parameter_types, weights::Weight},
	frame_system,
	sp_runtime::BuildStorage,
	staging_xcm::latest::prelude::*,
};
use sli_xcm::{
	Answer, Bucket, Channel, GroupSlis, History, MemberSlis, Query, QueryError, Span, Window,
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
		SliXcm: pallet_sli_xcm,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// This chain's parachain id.
pub const OUR_PARA: u32 = 2000;
/// A sibling parachain.
pub const SIBLING: u32 = 2001;
/// Signed accounts of the mock that stand for XCM origins ([`Origins`]).
pub const FROM_SIBLING: AccountId = 1;
pub const FROM_SIBLING_USER: AccountId = 2;
pub const FROM_RELAY: AccountId = 3;
pub const FROM_RELAY_USER: AccountId = 4;
pub const FROM_HERE: AccountId = 5;
pub const FROM_OTHER_CONSENSUS: AccountId = 6;
/// Monitored validators' stashes.
pub const ALICE: AccountId = 100;
pub const BOB: AccountId = 101;

/// One hour of SLIs: 11 of 12 probes up, latency 1.5 ms mean.
pub fn hour_sli() -> sli_xcm::Sli {
	sli_xcm::Sli {
		uptime_ppm: Some(916_666),
		probes_up: 11,
		probes: 12,
		latency: Some(sli_xcm::LatencyStats {
			mean_us: 1_500,
			p50_us: 1_400,
			p95_us: 2_000,
			p99_us: 2_100,
		}),
	}
}

/// The span every simulated answer covers.
pub const SPAN: Span = Span { resolution: sli_xcm::Resolution::Hour, from_ms: 0, to_ms: 3_600_000 };

parameter_types! {
	/// The XCM location each test account stands for.
	pub static Origins: BTreeMap<AccountId, Location> = BTreeMap::from([
		(FROM_SIBLING, Location::new(1, [Parachain(SIBLING)])),
		(FROM_SIBLING_USER, Location::new(1, [Parachain(SIBLING), AccountId32 { network: None, id: [9; 32] }])),
		(FROM_RELAY, Location::parent()),
		(FROM_RELAY_USER, Location::new(1, [AccountId32 { network: None, id: [8; 32] }])),
		(FROM_HERE, Location::new(0, [AccountId32 { network: None, id: [7; 32] }])),
		(FROM_OTHER_CONSENSUS, Location::new(2, [GlobalConsensus(NetworkId::Kusama)])),
	]);
	/// Monitored validators.
	pub static Monitored: Vec<AccountId> = vec![ALICE, BOB];
	pub UniversalLocation: InteriorLocation = Parachain(OUR_PARA).into();
	pub const MaxAnswersPerBlock: u32 = 2;
	pub const MaxCallbackWeight: Weight = Weight::from_parts(1_000_000_000, 65_536);
}

/// Every monitored validator has [`hour_sli`]; windows as the monitoring pallet reads them
/// (an empty custom range is refused).
pub struct TestSource;
impl SliSource<AccountId> for TestSource {
	fn answer(query: &Query<AccountId>) -> Result<Answer<AccountId>, QueryError> {
		let check = |window: &Window| match window {
			Window::Custom { from_ms, to_ms } if from_ms >= to_ms => {
				Err(QueryError::BadWindow(sli_xcm::WindowError::EmptyRange))
			},
			_ => Ok(()),
		};
		let known = |stash: &AccountId| {
			Monitored::get().contains(stash).then_some(()).ok_or(QueryError::UnknownValidator)
		};
		match query {
			Query::Slis { stashes, window } => {
				check(window)?;
				let members = stashes
					.iter()
					.map(|stash| {
						known(stash)?;
						Ok(MemberSlis {
							stash: *stash,
							channel: Channel::P2p,
							sli: hour_sli(),
							insufficient_hours: 0,
							discoverability: None,
							http: None,
						})
					})
					.collect::<Result<Vec<_>, QueryError>>()?;
				Ok(Answer::Slis(GroupSlis {
					window: SPAN,
					aggregate: hour_sli(),
					discoverability: None,
					members: members.try_into().map_err(|_| QueryError::TooManyValidators)?,
				}))
			},
			Query::History { stash, window } => {
				check(window)?;
				known(stash)?;
				let bucket = Bucket {
					from_ms: SPAN.from_ms,
					to_ms: SPAN.to_ms,
					channel: Channel::P2p,
					sli: hour_sli(),
					insufficient_hours: 0,
					discoverability: None,
					http: None,
				};
				Ok(Answer::History(History {
					window: SPAN,
					buckets: vec![bucket].try_into().unwrap_or_default(),
				}))
			},
		}
	}

	fn weight(query: &Query<AccountId>) -> Weight {
		match query {
			Query::Slis { stashes, .. } => Weight::from_parts(1_000_000 * stashes.len() as u64, 0),
			Query::History { .. } => Weight::from_parts(1_000_000, 0),
		}
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId, RuntimeOrigin> for TestSource {
	fn origin() -> RuntimeOrigin {
		RuntimeOrigin::signed(FROM_SIBLING)
	}
	fn worst_case_query() -> Query<AccountId> {
		let most = sli_xcm::MAX_STASHES as usize;
		Monitored::set((0..most as AccountId).collect());
		Query::Slis {
			stashes: (0..most as AccountId).collect::<Vec<_>>().try_into().unwrap_or_default(),
			window: Window::Year,
		}
	}
}

impl pallet_sli_xcm::Config for Test {
	type RequestOrigin = SignedAsLocation<Origins>;
	type Source = TestSource;
	type XcmSender = KeepingSender;
	type UniversalLocation = UniversalLocation;
	type MaxAnswersPerBlock = MaxAnswersPerBlock;
	type MaxCallbackWeight = MaxCallbackWeight;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestSource;
}

/// Externalities at block 1, checking the pallet's invariants after every closure.
pub fn new_test_ext() -> CheckedExt {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext: polkadot_sdk::sp_io::TestExternalities = storage.into();
	ext.execute_with(|| System::set_block_number(1));
	CheckedExt::new(ext, crate::Pallet::<Test>::do_try_state)
}

/// Externalities for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> polkadot_sdk::sp_io::TestExternalities {
	new_test_ext().ext
}

//! A test runtime (System, Balances, Timestamp, this pallet) with prober keys being real
//! sr25519 application keys, the real timestamp pallet as the clock (this pallet is its
//! `OnTimestampSet` handler, as in the runtime), and a simulated web for the off-chain worker's HTTP
//! probes: pages that answer after a delay with a status and a body, hang, or refuse.

use crate as pallet_monitoring;
use crate::{EraClock, ProbeSettings};
use parking_lot::RwLock;
use polkadot_sdk::{
	frame_support::{derive_impl, parameter_types, traits::SortedMembers},
	frame_system, pallet_balances, pallet_timestamp,
	sp_core::offchain::{
		testing, Externalities, HttpError, HttpRequestId, HttpRequestStatus, OffchainDbExt,
		OffchainWorkerExt, OpaqueNetworkState, Timestamp as OffchainTimestamp, TransactionPoolExt,
	},
	sp_io::TestExternalities,
	sp_keystore::{testing::MemoryKeystore, KeystoreExt},
	sp_runtime::BuildStorage,
};
use std::{collections::BTreeMap, sync::Arc};

pub use test_utils::test_key::Public as ProberId;
use test_utils::CheckedExt;

pub type AccountId = u64;
pub type Balance = u64;
type Block = frame_system::mocking::MockBlock<Test>;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Timestamp: pallet_timestamp,
		Monitoring: pallet_monitoring,
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

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = Monitoring;
	type MinimumPeriod = polkadot_sdk::frame_support::traits::ConstU64<1>;
	type WeightInfo = ();
}

parameter_types! {
	/// What the observer was told: `(what, stash)`.
	pub static Observed: Vec<(&'static str, AccountId)> = vec![];
	/// Keys of the current probers (kept sorted).
	pub static ProberKeys: Vec<ProberId> = vec![];
	pub const DefaultProbeSettings: ProbeSettings =
		ProbeSettings {
			period_blocks: 2,
			probers_per_target: 3,
			timeout_ms: 1_000,
			min_probers: 1,
			allow_private_hosts: true,
		};
	pub const Eras: EraClock = EraClock { length_ms: 6 * 3_600_000, offset_ms: 0 };
}

/// Prober membership backed by [`ProberKeys`].
pub struct CurrentProbers;
impl SortedMembers<ProberId> for CurrentProbers {
	fn sorted_members() -> Vec<ProberId> {
		let mut keys = ProberKeys::get();
		keys.sort();
		keys
	}
	/// The benchmarks reuse one thread across runs: the last key added is the only prober.
	#[cfg(feature = "runtime-benchmarks")]
	fn add(key: &ProberId) {
		ProberKeys::set(vec![key.clone()]);
	}
}

/// Sets the chain's time without running the timestamp hook: what queries see in the middle
/// of a block, or what a benchmark sets up.
pub fn set_now(ms: u64) {
	pallet_timestamp::Now::<Test>::put(ms);
}

/// The benchmarks' clock.
#[cfg(feature = "runtime-benchmarks")]
pub struct Clock;

pub const DEPOSIT: Balance = 1_000;
pub const MAX_TARGETS: u32 = 8;
pub const MAX_PROBERS: u32 = 4;
pub const MAX_PER_TARGET: u32 = 4;
pub const MAX_QUERY: u32 = 4;
pub const MAX_RECORDS: u32 = 4;
pub const MAX_RELAY_CHANGES: u32 = 3;
pub const HOURS_KEPT: u32 = 26;
pub const DAYS_KEPT: u32 = 3;

polkadot_sdk::frame_support::parameter_types! {
	/// Targets rolled up per block (a test lowers it to see an hour rolled up in pieces).
	pub static RollUpChunk: u32 = MAX_TARGETS;
}

impl pallet_monitoring::Config for Test {
	type Observer = RecordingObserver;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AuthorityId = ProberId;
	type Probers = CurrentProbers;
	type Time = Timestamp;
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type TargetDeposit = polkadot_sdk::frame_support::traits::ConstU64<DEPOSIT>;
	type MaxTargets = polkadot_sdk::frame_support::traits::ConstU32<MAX_TARGETS>;
	type MaxEndpoints = polkadot_sdk::frame_support::traits::ConstU32<2>;
	type MaxUrlLen = polkadot_sdk::frame_support::traits::ConstU32<128>;
	type MaxProbers = polkadot_sdk::frame_support::traits::ConstU32<MAX_PROBERS>;
	type MaxProbersPerTarget = polkadot_sdk::frame_support::traits::ConstU32<MAX_PER_TARGET>;
	type MaxQueryTargets = polkadot_sdk::frame_support::traits::ConstU32<MAX_QUERY>;
	type MaxRecordsPerReport = polkadot_sdk::frame_support::traits::ConstU32<MAX_RECORDS>;
	type MaxRecordLen = polkadot_sdk::frame_support::traits::ConstU32<512>;
	type MaxRelaySetChanges = polkadot_sdk::frame_support::traits::ConstU32<MAX_RELAY_CHANGES>;
	type HoursKept = polkadot_sdk::frame_support::traits::ConstU32<HOURS_KEPT>;
	type DaysKept = polkadot_sdk::frame_support::traits::ConstU32<DAYS_KEPT>;
	type MaxRollUpTargets = RollUpChunk;
	type DefaultSettings = DefaultProbeSettings;
	type DefaultEraClock = Eras;
	type UnsignedPriority = polkadot_sdk::frame_support::traits::ConstU64<{ 1 << 20 }>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Clock;
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for Clock {
	fn set_time(ms: u64) {
		set_now(ms);
	}
}

test_utils::authorized_transactions!(Test);

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const POOR: AccountId = 9;

/// 2026-11-26 00:00 UTC.
pub const DAY_START_MS: u64 = 1_795_651_200_000;
pub const HOUR_MS: u64 = 3_600_000;

/// Accounts funded, block 1 at 00:00:06 UTC, no probers; the pallet's invariants are checked
/// after every closure run in it.
pub fn new_test_ext() -> CheckedExt {
	CheckedExt::new(new_test_ext_with_keystore(Arc::new(MemoryKeystore::new())), check)
}

/// The same, as bare externalities (for the benchmark test suite, whose set-ups need not be
/// reachable states).
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> TestExternalities {
	new_test_ext_with_keystore(Arc::new(MemoryKeystore::new()))
}

fn check() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
	Monitoring::do_try_state()
}

fn new_test_ext_with_keystore(keystore: Arc<MemoryKeystore>) -> TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 100_000), (BOB, 100_000), (CHARLIE, 100_000), (POOR, 10)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = TestExternalities::new(storage);
	ProberKeys::set(vec![]);
	ext.execute_with(|| {
		// As a chain's genesis does.
		crate::STORAGE_VERSION.put::<Monitoring>();
		System::set_block_number(1);
		set_now(DAY_START_MS + 6_000);
	});
	ext.register_extension(KeystoreExt(keystore));
	ext
}

/// Generates `count` prober keys (in a keystore) and makes them the probers, sorted.
pub fn prober_keys(keystore: &MemoryKeystore, count: usize) -> Vec<ProberId> {
	let seeds: Vec<String> = (0..count).map(|i| format!("//Prober{i}")).collect();
	let mut keys = test_utils::keys(keystore, seeds.iter().map(String::as_str));
	keys.sort();
	ProberKeys::set(keys.clone());
	keys
}

/// What a simulated URL does.
#[derive(Clone, Debug)]
pub enum Page {
	/// Answers with `status` and `body` after `delay_ms`.
	Answer { status: u16, body: Vec<u8>, delay_ms: u64 },
	/// Never answers.
	Hang,
	/// The connection fails at once.
	Refuse,
}

impl Page {
	pub fn healthy(delay_ms: u64) -> Page {
		Page::Answer {
			status: 200,
			body: br#"{"peers":5,"isSyncing":false,"shouldHavePeers":true}"#.to_vec(),
			delay_ms,
		}
	}
}

struct Request {
	uri: String,
	started_ms: u64,
	read: usize,
}

/// The simulated web and clock behind the off-chain worker's HTTP and timestamp calls.
#[derive(Default)]
pub struct WebState {
	pub now_ms: u64,
	pub pages: BTreeMap<String, Page>,
	requests: Vec<Request>,
	/// Every URL requested, in order.
	pub requested: Vec<String>,
}

#[derive(Clone, Default)]
pub struct Web(pub Arc<RwLock<WebState>>);

impl Web {
	fn page(&self, id: HttpRequestId) -> Option<(Page, u64)> {
		let state = self.0.read();
		let request = state.requests.get(id.0 as usize)?;
		Some((state.pages.get(&request.uri).cloned().unwrap_or(Page::Refuse), request.started_ms))
	}
}

impl Externalities for Web {
	fn is_validator(&self) -> bool {
		true
	}
	fn network_state(&self) -> Result<OpaqueNetworkState, ()> {
		Err(())
	}
	fn timestamp(&mut self) -> OffchainTimestamp {
		OffchainTimestamp::from_unix_millis(self.0.read().now_ms)
	}
	fn sleep_until(&mut self, deadline: OffchainTimestamp) {
		let mut state = self.0.write();
		state.now_ms = state.now_ms.max(deadline.unix_millis());
	}
	fn random_seed(&mut self) -> [u8; 32] {
		[7; 32]
	}
	fn http_request_start(
		&mut self,
		_method: &str,
		uri: &str,
		_meta: &[u8],
	) -> Result<HttpRequestId, ()> {
		let mut state = self.0.write();
		let id = HttpRequestId(state.requests.len() as u16);
		let started_ms = state.now_ms;
		state.requests.push(Request { uri: uri.into(), started_ms, read: 0 });
		state.requested.push(uri.into());
		Ok(id)
	}
	fn http_request_add_header(&mut self, _: HttpRequestId, _: &str, _: &str) -> Result<(), ()> {
		Ok(())
	}
	fn http_request_write_body(
		&mut self,
		_: HttpRequestId,
		_: &[u8],
		_: Option<OffchainTimestamp>,
	) -> Result<(), HttpError> {
		Ok(())
	}
	fn http_response_wait(
		&mut self,
		ids: &[HttpRequestId],
		deadline: Option<OffchainTimestamp>,
	) -> Vec<HttpRequestStatus> {
		let ready: Vec<(Option<u64>, Page)> = ids
			.iter()
			.map(|id| match self.page(*id) {
				Some((page @ Page::Answer { delay_ms, .. }, started)) => {
					(Some(started + delay_ms), page)
				},
				Some((Page::Refuse, started)) => (Some(started), Page::Refuse),
				Some((Page::Hang, _)) | None => (None, Page::Hang),
			})
			.collect();
		let deadline = deadline.map(|d| d.unix_millis()).unwrap_or(u64::MAX);
		let all_ready = ready.iter().map(|(at, _)| at.unwrap_or(u64::MAX)).max().unwrap_or(0);
		let wake = deadline.min(all_ready);
		assert!(wake < u64::MAX, "waiting forever on a hanging request");
		let mut state = self.0.write();
		state.now_ms = state.now_ms.max(wake);
		let now = state.now_ms;
		ready
			.into_iter()
			.map(|(at, page)| match (at, page) {
				(Some(at), Page::Answer { status, .. }) if at <= now => {
					HttpRequestStatus::Finished(status)
				},
				(Some(at), Page::Refuse) if at <= now => HttpRequestStatus::IoError,
				_ => HttpRequestStatus::DeadlineReached,
			})
			.collect()
	}
	fn http_response_headers(&mut self, _: HttpRequestId) -> Vec<(Vec<u8>, Vec<u8>)> {
		vec![]
	}
	fn http_response_read_body(
		&mut self,
		id: HttpRequestId,
		buffer: &mut [u8],
		_: Option<OffchainTimestamp>,
	) -> Result<usize, HttpError> {
		let Some((Page::Answer { body, .. }, _)) = self.page(id) else {
			return Err(HttpError::IoError);
		};
		let mut state = self.0.write();
		let request = &mut state.requests[id.0 as usize];
		let rest = &body[request.read.min(body.len())..];
		let n = rest.len().min(buffer.len());
		buffer[..n].copy_from_slice(&rest[..n]);
		request.read += n;
		Ok(n)
	}
	fn set_authorized_nodes(&mut self, _: Vec<polkadot_sdk::sp_core::OpaquePeerId>, _: bool) {}
}

/// A test externality whose keystore holds `probers` prober keys (all current probers), with
/// off-chain storage, a transaction pool that records submissions, and the simulated web.
pub struct OffchainTest {
	pub ext: CheckedExt,
	pub pool: Arc<RwLock<testing::PoolState>>,
	pub web: Web,
	pub probers: Vec<ProberId>,
	/// The node's off-chain storage, shared with the worker (where the node's p2p prober
	/// would take orders and leave results).
	pub db: Arc<RwLock<testing::OffchainState>>,
}

pub fn new_offchain_test(probers: usize) -> OffchainTest {
	let keystore = Arc::new(MemoryKeystore::new());
	let keys = prober_keys(&keystore, probers);
	let mut ext = new_test_ext_with_keystore(keystore);
	ProberKeys::set(keys.clone());
	let (offchain, db) = testing::TestOffchainExt::new();
	let (pool, pool_state) = testing::TestTransactionPoolExt::new();
	let web = Web::default();
	web.0.write().now_ms = DAY_START_MS;
	ext.register_extension(OffchainWorkerExt::new(web.clone()));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	OffchainTest { ext: CheckedExt::new(ext, check), pool: pool_state, web, probers: keys, db }
}

/// Records every notification in [`Observed`].
pub struct RecordingObserver;
impl crate::TargetObserver<AccountId> for RecordingObserver {
	fn paused(stash: &AccountId) {
		Observed::mutate(|o| o.push(("paused", *stash)));
	}
	fn resumed(stash: &AccountId) {
		Observed::mutate(|o| o.push(("resumed", *stash)));
	}
	fn endpoints_changed(stash: &AccountId) {
		Observed::mutate(|o| o.push(("endpoints", *stash)));
	}
	fn left(stash: &AccountId) {
		Observed::mutate(|o| o.push(("left", *stash)));
	}
	fn weight() -> polkadot_sdk::frame_support::weights::Weight {
		polkadot_sdk::frame_support::weights::Weight::zero()
	}
}

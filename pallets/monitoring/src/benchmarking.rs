//! Benchmarks of every call and hook path at its worst-case size.

use super::*;
use crate::Pallet as Monitoring;
use polkadot_sdk::{
	frame_benchmarking::v2::*,
	frame_support::traits::{fungible::Mutate, Authorize},
	frame_system::RawOrigin,
};

fn funded<T: Config>(index: u32) -> T::AccountId {
	let who: T::AccountId = account("stash", index, 0);
	let amount = T::Currency::minimum_balance()
		.saturating_add(T::TargetDeposit::get().saturating_mul(10u32.into()));
	T::Currency::set_balance(&who, amount);
	who
}

/// `MaxEndpoints` distinct URLs of `MaxUrlLen` bytes.
fn max_endpoints<T: Config>() -> EndpointsOf<T> {
	let len = T::MaxUrlLen::get() as usize;
	let urls: Vec<UrlOf<T>> = (0..T::MaxEndpoints::get())
		.map(|i| {
			let mut url = alloc::format!("https://validator-{i}.example:9944/health?");
			while url.len() < len {
				url.push('x');
			}
			url.truncate(len);
			UrlOf::<T>::truncate_from(url.into_bytes())
		})
		.collect();
	EndpointsOf::<T>::truncate_from(urls)
}

fn register_many<T: Config>(count: u32) {
	for i in 0..count {
		let stash: T::AccountId = account("target", i, 1);
		let _ =
			Monitoring::<T>::insert_target(stash, max_endpoints::<T>(), Zero::zero(), Zero::zero());
	}
}

/// A relay-chain validator set of `count` members (stashes `account("validator", i, 3)`),
/// each with a target and a discovery key of its own, applied in session 1.
fn relay_set<T: Config>(count: u32) -> Vec<T::AccountId> {
	let stashes: Vec<T::AccountId> = (0..count).map(|i| account("validator", i, 3)).collect();
	let mut members: Vec<RelayMember<T::AccountId>> = stashes
		.iter()
		.enumerate()
		.filter_map(|(index, stash)| {
			let target = Monitoring::<T>::insert_target(
				stash.clone(),
				Default::default(),
				Zero::zero(),
				Zero::zero(),
			)
			.ok()?;
			let key = [7; 32];
			Discovery::<T>::insert(target, DiscoveryState { key, since_hour: 0, latest: None });
			let index = index as u32;
			Some(RelayMember { stash: stash.clone(), target, index, discovery: Some(key) })
		})
		.collect();
	members.sort_by(|a, b| a.stash.cmp(&b.stash));
	RelaySet::<T>::put(BoundedVec::truncate_from(members));
	RelaySession::<T>::put(1);
	stashes
}

/// A clock at hour `hour` (+ 1 s) with its bookkeeping started.
fn clock_at<T: Config>(hour: u32) {
	let ms = sli::time::bucket_start_ms(Resolution::Hour, hour) + 1_000;
	Monitoring::<T>::start_hour(hour, frame_system::Pallet::<T>::block_number(), ms);
}

/// The last hour of day 20,833 (an hour index in 2023, far from any real clock's edge).
const LAST_HOUR_OF_A_DAY: u32 = 20_834 * 24 - 1;

/// The clock at `hour`, with as many hours and days kept as the retention allows and none
/// due to be forgotten.
fn full_history<T: Config>(hour: u32) {
	let kept_hours = T::HoursKept::get().saturating_sub(1);
	let hours: Vec<u32> = (hour + 1 - kept_hours..=hour).collect();
	let days_kept = T::DaysKept::get();
	let today = sli::time::day_of_hour(hour);
	let days: Vec<u32> = (today + 1 - days_kept..=today).collect();
	for h in &hours {
		Hours::<T>::insert(h, (BlockNumberFor::<T>::zero(), 0u64));
	}
	for d in &days {
		Days::<T>::insert(d, (BlockNumberFor::<T>::zero(), 0u64));
	}
	KeptHours::<T>::put(BoundedVec::truncate_from(hours));
	KeptDays::<T>::put(BoundedVec::truncate_from(days));
	CurrentHour::<T>::put(hour);
}

/// `s` targets with URLs and discovery keys, and a full year of their final records on both
/// channels (days kept, each with a discoverability mask); the clock an hour into the day
/// after, every earlier hour forgotten, so that any window is answered from daily records (a
/// day's bucket reads more than an hour's: a query's weight counts buckets at a day's cost).
/// Returns their stashes.
fn query_setup<T: Config>(s: u32) -> Vec<T::AccountId> {
	register_many::<T>(s);
	let ids: Vec<TargetId> = (0..s).collect();
	let hour = LAST_HOUR_OF_A_DAY + 2;
	clock_at::<T>(hour);
	let now = sli::time::bucket_start_ms(Resolution::Hour, hour) + 60_000;
	T::BenchmarkHelper::set_time(now);
	let to_ms = sli::time::bucket_start_ms(Resolution::Hour, hour);
	let days = u64::from(T::DaysKept::get());
	Monitoring::<T>::benchmark_history(&ids, to_ms.saturating_sub(days * sli::time::DAY_MS), to_ms);
	HoursForgottenBefore::<T>::put(hour);
	for id in &ids {
		Discovery::<T>::insert(id, DiscoveryState { key: [7; 32], since_hour: 0, latest: None });
		for day in KeptDays::<T>::get() {
			DiscoverableHours::<T>::insert(day, id, 0x00ff_ffff);
			InsufficientHours::<T>::insert(day, id, ByChannel { p2p: 1, http: 1 });
		}
	}
	(0..s).map(|i| account("target", i, 1)).collect()
}

/// The window of the `d` UTC days up to the end of final evidence.
fn days_to_now<T: Config>(d: u32) -> Window {
	let to_ms = Monitoring::<T>::final_until_ms();
	let first_day = sli::time::day_of(to_ms).saturating_add(1).saturating_sub(d);
	Window::Custom { from_ms: sli::time::bucket_start_ms(Resolution::Day, first_day), to_ms }
}

/// A day holding an entry for every target, on both channels.
fn full_day<T: Config>(day: u32) {
	for target in 0..T::MaxTargets::get() {
		DaySli::<T>::insert(day, target, full_combined());
	}
	DayEntries::<T>::insert(day, T::MaxTargets::get());
}

/// A prober's hour of a target on both channels (the largest entry).
fn full_counts() -> HourEntries {
	let mut counts = ProbeCounts::default();
	for i in 0..6u32 {
		counts.record(i != 3, 40 + 10 * i);
	}
	let entry = HourEntry { counts, last: LastProbe { period: 1, outcome: Outcome::Up(40) } };
	ByChannel { p2p: Some(entry), http: Some(entry) }
}

/// A combined bucket on both channels.
fn full_combined() -> CombinedByChannel {
	full_counts().map(|_, entry| entry.map(|entry| sli::combine(&[entry.counts])))
}

/// `n` targets, one prober who probes them all, its hour record already holding all `n`
/// (the steady state: each period updates the same entries), and its signed report.
/// `r` targets with discovery keys and each a valid record newer than the chain's, with as
/// many addresses as `MaxRecordLen` allows (up to the 32 a node publishes), signed with keys
/// generated in the keystore: each is verified and vouches for two hours.
fn records_setup<T: Config>(r: u32) -> RecordsOf<T> {
	use dht_record::build;
	use polkadot_sdk::{sp_core::crypto::KeyTypeId, sp_io::crypto};
	const KEY: KeyTypeId = KeyTypeId(*b"bnch");
	let now_ms = T::Time::now();
	let addresses = (T::MaxRecordLen::get().saturating_sub(200) / 54).min(32);
	let records = (0..r)
		.filter_map(|target| {
			let authority = crypto::sr25519_generate(KEY, None);
			let network = crypto::ed25519_generate(KEY, None);
			let peer_id = dht_record::peer_id_of(&network.0);
			let addresses: Vec<Vec<u8>> = (0..addresses)
				.map(|i| build::tcp_address([203, 0, 113, i as u8], 30333, &peer_id))
				.collect();
			let created_ns = u128::from(now_ms).saturating_mul(1_000_000);
			let record = build::authority_record(&addresses, Some(created_ns));
			let auth = crypto::sr25519_sign(KEY, &authority, &record)?;
			let peer = crypto::ed25519_sign(KEY, &network, &record)?;
			let signed = build::signed_record(&record, &auth.0, Some((&peer.0, &network.0)));
			let latest = Some(RecordSeen { peer_id, created_ms: now_ms.saturating_sub(1) });
			Discovery::<T>::insert(
				target,
				DiscoveryState { key: authority.0, since_hour: 0, latest },
			);
			Some(SignedRecord { target, record: RecordBytesOf::<T>::truncate_from(signed) })
		})
		.collect();
	RecordsOf::<T>::truncate_from(records)
}

/// A report of `n` results (each a target's result on one channel, which is also what it
/// adds to the prober's hour record): every target over p2p, then, past `MaxTargets`, the
/// first ones over HTTP too; the prober's hour record already holding those entries (the
/// steady state: each period updates the same entries), and `r` signed records.
fn report_setup<T: Config>(n: u32, r: u32) -> (ReportOf<T>, SignatureOf<T>) {
	let targets = n.min(T::MaxTargets::get());
	let both = n.saturating_sub(targets);
	register_many::<T>(targets);
	Settings::<T>::put(ProbeSettings {
		period_blocks: 10,
		probers_per_target: 3,
		timeout_ms: 2_000,
		min_probers: 1,
		allow_private_hosts: false,
	});
	let prober = T::AuthorityId::generate_pair(None);
	T::Probers::add(&prober);
	clock_at::<T>(500_000);
	T::BenchmarkHelper::set_time(sli::time::bucket_start_ms(Resolution::Hour, 500_000) + 1_000);
	let records = records_setup::<T>(r);
	let full = full_counts();
	let record: Vec<(TargetId, HourEntries)> = (0..targets)
		.map(|t| (t, ByChannel { p2p: full.p2p, http: if t < both { full.http } else { None } }))
		.collect();
	HourlyReports::<T>::insert(500_000, &prober, HourRecordOf::<T>::truncate_from(record));
	frame_system::Pallet::<T>::set_block_number(20u32.into());
	let results: Vec<ProbeResult> = (0..targets)
		.map(|target| ProbeResult {
			target,
			outcome: if target % 10 == 0 {
				Outcome::Down(DownReason::Timeout)
			} else {
				Outcome::Up(35 + target % 200)
			},
		})
		.collect();
	let http: Vec<ProbeResult> = results.iter().copied().take(both as usize).collect();
	let report = ProbeReport {
		prober: prober.clone(),
		period: 2,
		p2p: ResultsOf::<T>::truncate_from(results),
		http: ResultsOf::<T>::truncate_from(http),
		records,
	};
	let signature =
		prober.sign(&Monitoring::<T>::signed_payload(&report)).expect("the key is in the keystore");
	(report, signature)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register() {
		register_many::<T>(T::MaxTargets::get().saturating_sub(1));
		let stash = funded::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(stash.clone()), max_endpoints::<T>());
		assert!(TargetOfStash::<T>::contains_key(&stash));
	}

	#[benchmark]
	fn update_endpoints() -> Result<(), BenchmarkError> {
		let stash = funded::<T>(0);
		Monitoring::<T>::register(RawOrigin::Signed(stash.clone()).into(), max_endpoints::<T>())?;
		#[extrinsic_call]
		_(RawOrigin::Signed(stash), max_endpoints::<T>());
		Ok(())
	}

	#[benchmark]
	fn pause() -> Result<(), BenchmarkError> {
		let stash = funded::<T>(0);
		Monitoring::<T>::register(RawOrigin::Signed(stash.clone()).into(), max_endpoints::<T>())?;
		#[extrinsic_call]
		_(RawOrigin::Signed(stash));
		Ok(())
	}

	#[benchmark]
	fn resume() -> Result<(), BenchmarkError> {
		let stash = funded::<T>(0);
		Monitoring::<T>::register(RawOrigin::Signed(stash.clone()).into(), max_endpoints::<T>())?;
		Monitoring::<T>::pause(RawOrigin::Signed(stash.clone()).into())?;
		#[extrinsic_call]
		_(RawOrigin::Signed(stash));
		Ok(())
	}

	/// A stash outside a full relay-chain set: the whole target goes.
	#[benchmark]
	fn deregister() -> Result<(), BenchmarkError> {
		relay_set::<T>(T::MaxTargets::get().saturating_sub(1));
		let stash = funded::<T>(0);
		Monitoring::<T>::register(RawOrigin::Signed(stash.clone()).into(), max_endpoints::<T>())?;
		#[extrinsic_call]
		_(RawOrigin::Signed(stash.clone()));
		assert!(!TargetOfStash::<T>::contains_key(&stash));
		Ok(())
	}

	#[benchmark]
	fn force_register(n: Linear<1, { T::MaxTargets::get() }>) -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let targets: Vec<(T::AccountId, EndpointsOf<T>)> =
			(0..n).map(|i| (account("bulk", i, 2), max_endpoints::<T>())).collect();
		let targets = BoundedVec::truncate_from(targets);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, targets);
		assert_eq!(Targets::<T>::count(), n);
		Ok(())
	}

	#[benchmark]
	fn set_settings() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let per_target = T::MaxProbersPerTarget::get();
		let settings = ProbeSettings {
			period_blocks: 50,
			probers_per_target: per_target,
			timeout_ms: 3_000,
			min_probers: per_target,
			allow_private_hosts: false,
		};
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, settings);
		assert_eq!(Settings::<T>::get(), settings);
		Ok(())
	}

	/// The prober's hour record is read and written whole: its proof is measured (it grows
	/// with `n`) rather than taken at its maximum size.
	#[benchmark(pov_mode = Measured)]
	fn submit_probes(
		n: Linear<1, { T::MaxTargets::get() * 2 }>,
		r: Linear<0, { T::MaxRecordsPerReport::get() }>,
	) {
		let (report, signature) = report_setup::<T>(n, r);
		let prober = report.prober.clone();
		#[extrinsic_call]
		_(RawOrigin::Authorized, report, signature);
		assert_eq!(LastReported::<T>::get(&prober), Some(2));
		if r > 0 {
			let latest = Discovery::<T>::get(0).and_then(|state| state.latest);
			assert_eq!(latest.map(|l| l.created_ms), Some(T::Time::now()), "the record is kept");
		}
	}

	#[benchmark]
	fn authorize_submit_probes(
		n: Linear<1, { T::MaxTargets::get() * 2 }>,
	) -> Result<(), BenchmarkError> {
		let (report, signature) = report_setup::<T>(n, 0);
		let call = Call::<T>::submit_probes { report, signature };
		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("submit_probes has authorize logic")?
				.map_err(|_| "the report is authorised")?;
		}
		Ok(())
	}

	/// SLIs of a validator of the relay chain's set (with a discovery key and URLs) over the
	/// `d` days of final evidence up to now: a daily record on both channels and a
	/// discoverability mask every day (what an answer over XCM reads, per validator).
	#[benchmark(pov_mode = Measured)]
	fn final_sli(d: Linear<1, { T::DaysKept::get() }>) -> Result<(), BenchmarkError> {
		let stashes = query_setup::<T>(1);
		let window = days_to_now::<T>(d);
		#[block]
		{
			let report = Monitoring::<T>::final_sli(&stashes, window)
				.map_err(|_| "the query is answered")?;
			assert_eq!(report.members.len(), 1);
		}
		Ok(())
	}

	/// A validator's history of final evidence over the `b` days up to now, day by day (an
	/// hourly history of the same number of buckets reads less).
	#[benchmark(pov_mode = Measured)]
	fn final_history(b: Linear<1, { T::DaysKept::get() }>) -> Result<(), BenchmarkError> {
		let stashes = query_setup::<T>(1);
		let window = days_to_now::<T>(b);
		#[block]
		{
			let (_, buckets) =
				Monitoring::<T>::final_history(&stashes[0], window, T::HoursKept::get().max(b))
					.map_err(|_| "the query is answered")?;
			assert!(!buckets.is_empty());
		}
		Ok(())
	}

	/// A block with nothing to do, with every list it reads at its longest.
	#[benchmark]
	fn on_initialize_idle() {
		let hour = LAST_HOUR_OF_A_DAY;
		full_history::<T>(hour);
		let ms = sli::time::bucket_start_ms(Resolution::Hour, hour) + 60_000;
		T::BenchmarkHelper::set_time(ms);
		let kept = KeptHours::<T>::get().len();
		#[block]
		{
			let _ = Monitoring::<T>::housekeeping();
		}
		assert_eq!(KeptHours::<T>::get().len(), kept, "nothing was forgotten");
		assert!(PendingRollUps::<T>::get().is_empty());
	}

	/// The first block of a new hour that is also a new day, every list at its longest.
	#[benchmark]
	fn on_initialize_new_hour() {
		let hour = LAST_HOUR_OF_A_DAY;
		full_history::<T>(hour);
		let next = sli::time::bucket_start_ms(Resolution::Hour, hour + 1) + 1_000;
		#[block]
		{
			Monitoring::<T>::start_hour(hour + 1, 2u32.into(), next);
		}
		assert_eq!(CurrentHour::<T>::get(), Some(hour + 1));
		assert_eq!(PendingRollUps::<T>::get().last(), Some(&hour));
	}

	/// `p` probers' records for one hour holding `e` entries in all (as many distinct targets
	/// as they can name, up to `MaxProbersPerTarget` reports each), a block's share of them
	/// (`MaxRollUpTargets`) rolled up into a day that already holds every target. Evidence
	/// needs every prober per target, so that a target fewer reported on is insufficient (one
	/// more write). Proofs are measured: records hold what was reported.
	#[benchmark(pov_mode = Measured)]
	fn on_initialize_roll_up(
		p: Linear<1, { T::MaxProbers::get() }>,
		e: Linear<1, { T::MaxTargets::get() * T::MaxProbersPerTarget::get() }>,
	) {
		let targets = T::MaxTargets::get();
		let per_target = T::MaxProbersPerTarget::get();
		Settings::<T>::put(ProbeSettings {
			probers_per_target: per_target,
			min_probers: per_target,
			..T::DefaultSettings::get()
		});
		let hour = 500_000;
		clock_at::<T>(hour);
		for i in 0..p {
			let prober = T::AuthorityId::generate_pair(None);
			// Each entry one channel's (what `e` counts: a target probed both ways is two).
			let p2p_only = ByChannel { http: None, ..full_counts() };
			let mine = (0..e).filter(|k| k % p == i).map(|k| (k % targets, p2p_only));
			let mut record: Vec<(TargetId, HourEntries)> = mine.collect();
			record.sort_by_key(|(t, _)| *t);
			record.dedup_by_key(|(t, _)| *t);
			HourlyReports::<T>::insert(hour, &prober, HourRecordOf::<T>::truncate_from(record));
		}
		let day = sli::time::day_of_hour(hour);
		full_day::<T>(day);
		#[block]
		{
			let _ = Monitoring::<T>::roll_up(hour);
		}
		assert_eq!(DayEntries::<T>::get(day), T::MaxTargets::get());
		let written = e.min(targets).min(T::MaxRollUpTargets::get());
		assert_eq!(HourSli::<T>::iter_prefix(hour).count() as u32, written);
	}

	/// An expired hour with `p` prober records and `t` combined entries.
	#[benchmark]
	fn on_initialize_forget_hour(
		p: Linear<1, { T::MaxProbers::get() }>,
		t: Linear<0, { T::MaxTargets::get() }>,
	) {
		let hour = 500_000;
		clock_at::<T>(hour);
		for _ in 0..p {
			let prober = T::AuthorityId::generate_pair(None);
			HourlyReports::<T>::insert(
				hour,
				&prober,
				HourRecordOf::<T>::truncate_from(alloc::vec![(0, full_counts())]),
			);
		}
		for target in 0..t {
			HourSli::<T>::insert(hour, target, full_combined());
		}
		#[block]
		{
			let _ = Monitoring::<T>::forget_hour(hour);
		}
		assert_eq!(HourlyReports::<T>::iter_prefix(hour).count(), 0);
		assert_eq!(HourSli::<T>::iter_prefix(hour).count(), 0);
		assert!(!KeptHours::<T>::get().contains(&hour));
	}

	/// An expired day with `t` entries.
	#[benchmark]
	fn on_initialize_forget_day(t: Linear<0, { T::MaxTargets::get() }>) {
		let day = 20_000;
		for target in 0..t {
			DaySli::<T>::insert(day, target, full_combined());
			InsufficientHours::<T>::insert(day, target, ByChannel { p2p: 1, http: 1 });
			DiscoverableHours::<T>::insert(day, target, 0x00ff_ffff);
		}
		DayEntries::<T>::insert(day, t);
		Days::<T>::insert(day, (BlockNumberFor::<T>::zero(), 0u64));
		KeptDays::<T>::put(BoundedVec::truncate_from(alloc::vec![day]));
		#[block]
		{
			let _ = Monitoring::<T>::forget_day(day);
		}
		assert_eq!(DaySli::<T>::iter_prefix(day).count(), 0);
		assert!(!KeptDays::<T>::get().contains(&day));
	}

	/// A relay-chain set of `m` applied members, every one of them at a new position, and `c`
	/// changes: half leave (their targets go), half join (each gets a new target).
	#[benchmark]
	fn apply_relay_set(
		m: Linear<1, { T::MaxTargets::get().saturating_sub(T::MaxRelaySetChanges::get()) }>,
		c: Linear<0, { T::MaxRelaySetChanges::get() }>,
	) {
		let stashes = relay_set::<T>(m);
		let leavers = c.div_ceil(2).min(m);
		let joiners = c.saturating_sub(leavers);
		let validators: Vec<RelayValidator<T::AccountId>> = stashes
			.into_iter()
			.skip(leavers as usize)
			.chain((0..joiners).map(|i| account("joiner", i, 4)))
			.rev()
			.map(|stash| RelayValidator { stash, discovery: Some([7; 32]) })
			.collect();
		let expected = validators.len();
		#[block]
		{
			let _ = Monitoring::<T>::apply_relay_set(2, validators);
		}
		assert_eq!(RelaySession::<T>::get(), Some(2));
		assert_eq!(RelaySet::<T>::get().len(), expected);
	}

	impl_benchmark_test_suite!(Monitoring, crate::mock::new_bench_ext(), crate::mock::Test);
}

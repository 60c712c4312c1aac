//! Unit tests: every call and error, authorisation of reports, hourly records, roll-ups into
//! days, retention, SLI queries, and the off-chain worker against a simulated web.

use crate::{mock::*, *};
use codec::{Decode, Encode};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		dispatch::GetDispatchInfo,
		pallet_prelude::{InvalidTransaction, TransactionSource, TransactionValidityError},
		traits::{fungible::InspectHold, Authorize, ConstU32, Get, Hooks},
		weights::Weight,
	},
	frame_system::{self, RawOrigin},
	sp_runtime::{
		traits::{Applyable, Checkable},
		BuildStorage, DispatchError,
	},
};

type PoolState =
	std::sync::Arc<parking_lot::RwLock<polkadot_sdk::sp_core::offchain::testing::PoolState>>;

fn urls(list: &[&str]) -> EndpointsOf<Test> {
	list.iter()
		.map(|u| UrlOf::<Test>::try_from(u.as_bytes().to_vec()).unwrap())
		.collect::<Vec<_>>()
		.try_into()
		.unwrap()
}

fn health(n: u32) -> EndpointsOf<Test> {
	// A public address: the off-chain worker probes it itself (a name, the node would).
	let url = format!("http://1.2.{}.{}:9944/health", n / 256, n % 256);
	urls(&[&url])
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Monitoring(e) => Some(e),
			_ => None,
		})
		.collect()
}

fn sign(
	prober: &ProberId,
	period: Period,
	results: Vec<ProbeResult>,
) -> (ReportOf<Test>, SignatureOf<Test>) {
	sign_with_records(prober, period, results, Vec::new())
}

/// A report with each result on its target's primary channel (HTTP for the targets
/// registered with URLs, p2p for the relay chain's validators).
fn sign_with_records(
	prober: &ProberId,
	period: Period,
	results: Vec<ProbeResult>,
	records: Vec<(TargetId, Vec<u8>)>,
) -> (ReportOf<Test>, SignatureOf<Test>) {
	let (p2p, http) =
		results.into_iter().partition(|r| Monitoring::channel_of(r.target) == Channel::P2p);
	sign_channels(prober, period, p2p, http, records)
}

fn sign_channels(
	prober: &ProberId,
	period: Period,
	p2p: Vec<ProbeResult>,
	http: Vec<ProbeResult>,
	records: Vec<(TargetId, Vec<u8>)>,
) -> (ReportOf<Test>, SignatureOf<Test>) {
	use polkadot_sdk::sp_runtime::RuntimeAppPublic;
	let records: Vec<_> = records
		.into_iter()
		.map(|(target, record)| SignedRecord { target, record: record.try_into().unwrap() })
		.collect();
	let report = ProbeReport {
		prober: prober.clone(),
		period,
		p2p: p2p.try_into().unwrap(),
		http: http.try_into().unwrap(),
		records: records.try_into().unwrap(),
	};
	let signature = prober.sign(&Monitoring::signed_payload(&report)).unwrap();
	(report, signature)
}

fn authorize(
	(report, signature): &(ReportOf<Test>, SignatureOf<Test>),
) -> Result<(), TransactionValidityError> {
	let call = RuntimeCall::Monitoring(Call::submit_probes {
		report: report.clone(),
		signature: signature.clone(),
	});
	call.authorize(TransactionSource::External)
		.expect("submit_probes has authorize logic")
		.map(|_| ())
}

/// Validates like the pool would, then dispatches like a block would.
fn apply(signed: (ReportOf<Test>, SignatureOf<Test>)) {
	authorize(&signed).expect("the report is authorised");
	assert_ok!(Monitoring::submit_probes(RawOrigin::Authorized.into(), signed.0, signed.1));
}

fn up(target: TargetId, ms: u32) -> ProbeResult {
	ProbeResult { target, outcome: Outcome::Up(ms) }
}

fn down(target: TargetId) -> ProbeResult {
	ProbeResult { target, outcome: Outcome::Down(DownReason::Timeout) }
}

/// Moves to `block` at `ms` like a block would: the hook, then the timestamp inherent.
fn go_to(block: u64, ms: u64) {
	System::set_block_number(block);
	Monitoring::on_initialize(block);
	Timestamp::set_timestamp(ms);
}

// --- Targets -------------------------------------------------------------------------------

#[test]
fn registering_holds_the_deposit_and_lists_the_target() {
	new_test_ext().execute_with(|| {
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(ALICE), health(1)));
		let reason = RuntimeHoldReason::Monitoring(HoldReason::TargetDeposit);
		assert_eq!(Balances::balance_on_hold(&reason, &ALICE), DEPOSIT);
		assert_eq!(TargetOfStash::<Test>::get(ALICE), Some(0));
		let target = Targets::<Test>::get(0).unwrap();
		assert_eq!((target.stash, target.paused, target.deposit), (ALICE, false, DEPOSIT));
		assert_eq!(
			events(),
			vec![Event::TargetRegistered { target: 0, stash: ALICE, deposit: DEPOSIT }]
		);
	});
}

#[test]
fn registering_twice_or_without_funds_is_refused() {
	new_test_ext().execute_with(|| {
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(ALICE), health(1)));
		assert_noop!(
			Monitoring::register(RuntimeOrigin::signed(ALICE), health(2)),
			Error::<Test>::AlreadyRegistered
		);
		assert!(Monitoring::register(RuntimeOrigin::signed(POOR), health(3)).is_err());
		assert_eq!(Targets::<Test>::count(), 1);
	});
}

#[test]
fn probe_urls_are_checked() {
	new_test_ext().execute_with(|| {
		let register =
			|list: &[&str]| Monitoring::register(RuntimeOrigin::signed(ALICE), urls(list));
		assert_noop!(register(&[]), Error::<Test>::NoEndpoints);
		assert_noop!(register(&["ftp://node:9944/health"]), Error::<Test>::BadUrlScheme);
		assert_noop!(register(&["http://me:secret@node/health"]), Error::<Test>::UrlHasCredentials);
		assert_noop!(register(&["http://:9944/health"]), Error::<Test>::BadUrlHost);
		assert_noop!(register(&["http://node:port/health"]), Error::<Test>::BadUrlHost);
		assert_noop!(register(&["http://no de/health"]), Error::<Test>::UrlNotPrintable);
		assert_noop!(
			register(&["http://node/health", "http://node/health"]),
			Error::<Test>::DuplicateEndpoint
		);
		assert_ok!(register(&[
			"https://node.example/health",
			"http://10.0.0.1:9944/health/readiness"
		]));
	});
}

#[test]
fn non_public_probe_hosts_are_refused_unless_the_chain_allows_them() {
	new_test_ext().execute_with(|| {
		let public_only =
			ProbeSettings { allow_private_hosts: false, ..DefaultProbeSettings::get() };
		assert_ok!(Monitoring::set_settings(RuntimeOrigin::root(), public_only));
		for private in [
			"http://127.0.0.1:9944/health",
			"http://169.254.169.254/latest",
			"http://[::1]:9944/health",
			"http://localhost:9944/health",
		] {
			assert_noop!(
				Monitoring::register(RuntimeOrigin::signed(ALICE), urls(&[private])),
				Error::<Test>::PrivateHost
			);
		}
		assert_noop!(
			Monitoring::register(RuntimeOrigin::signed(ALICE), urls(&["http://2130706433/"])),
			Error::<Test>::BadUrlHost
		);
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(ALICE), health(0)));
		assert_noop!(
			Monitoring::update_endpoints(
				RuntimeOrigin::signed(ALICE),
				urls(&["http://192.168.1.10:9944/health"])
			),
			Error::<Test>::PrivateHost
		);
		let many = vec![(BOB, urls(&["http://10.0.0.2/health"]))];
		assert_noop!(
			Monitoring::force_register(RuntimeOrigin::root(), many.try_into().unwrap()),
			Error::<Test>::PrivateHost
		);
	});
}

#[test]
fn targets_are_bounded() {
	new_test_ext().execute_with(|| {
		let many: Vec<_> = (0..MAX_TARGETS as u64).map(|i| (100 + i, health(i as u32))).collect();
		assert_ok!(Monitoring::force_register(RuntimeOrigin::root(), many.try_into().unwrap()));
		assert_eq!(Targets::<Test>::count(), MAX_TARGETS);
		assert_noop!(
			Monitoring::register(RuntimeOrigin::signed(ALICE), health(99)),
			Error::<Test>::TooManyTargets
		);
	});
}

#[test]
fn endpoints_can_be_replaced_by_their_stash_only() {
	new_test_ext().execute_with(|| {
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(ALICE), health(1)));
		assert_ok!(Monitoring::update_endpoints(RuntimeOrigin::signed(ALICE), health(7)));
		assert_eq!(Targets::<Test>::get(0).unwrap().endpoints, health(7));
		assert_noop!(
			Monitoring::update_endpoints(RuntimeOrigin::signed(BOB), health(7)),
			Error::<Test>::NotRegistered
		);
		assert_noop!(
			Monitoring::update_endpoints(RuntimeOrigin::signed(ALICE), urls(&["gopher://x"])),
			Error::<Test>::BadUrlScheme
		);
	});
}

#[test]
fn pausing_and_resuming() {
	new_test_ext().execute_with(|| {
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(ALICE), health(1)));
		assert_noop!(Monitoring::resume(RuntimeOrigin::signed(ALICE)), Error::<Test>::NotPaused);
		assert_ok!(Monitoring::pause(RuntimeOrigin::signed(ALICE)));
		assert!(Targets::<Test>::get(0).unwrap().paused);
		assert_noop!(Monitoring::pause(RuntimeOrigin::signed(ALICE)), Error::<Test>::AlreadyPaused);
		assert_ok!(Monitoring::resume(RuntimeOrigin::signed(ALICE)));
		assert!(!Targets::<Test>::get(0).unwrap().paused);
		assert_noop!(Monitoring::pause(RuntimeOrigin::signed(BOB)), Error::<Test>::NotRegistered);
	});
}

#[test]
fn sla_contracts_are_told_of_pauses_new_urls_and_departures() {
	new_test_ext().execute_with(|| {
		Observed::set(vec![]);
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(ALICE), health(1)));
		assert_ok!(Monitoring::pause(RuntimeOrigin::signed(ALICE)));
		assert_ok!(Monitoring::resume(RuntimeOrigin::signed(ALICE)));
		assert_ok!(Monitoring::update_endpoints(RuntimeOrigin::signed(ALICE), health(2)));
		assert_noop!(Monitoring::pause(RuntimeOrigin::signed(BOB)), Error::<Test>::NotRegistered);
		assert_ok!(Monitoring::deregister(RuntimeOrigin::signed(ALICE)));
		assert_eq!(
			Observed::get(),
			vec![("paused", ALICE), ("resumed", ALICE), ("endpoints", ALICE), ("left", ALICE)]
		);
	});
}

#[test]
fn deregistering_refunds_and_never_reuses_the_id() {
	new_test_ext().execute_with(|| {
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(ALICE), health(1)));
		assert_ok!(Monitoring::deregister(RuntimeOrigin::signed(ALICE)));
		let reason = RuntimeHoldReason::Monitoring(HoldReason::TargetDeposit);
		assert_eq!(Balances::balance_on_hold(&reason, &ALICE), 0);
		assert_eq!(Targets::<Test>::count(), 0);
		assert!(events().contains(&Event::TargetDeregistered {
			target: 0,
			stash: ALICE,
			refund: DEPOSIT
		}));
		assert_noop!(
			Monitoring::deregister(RuntimeOrigin::signed(ALICE)),
			Error::<Test>::NotRegistered
		);
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(ALICE), health(1)));
		assert_eq!(TargetOfStash::<Test>::get(ALICE), Some(1));
	});
}

#[test]
fn target_ids_never_wrap() {
	new_test_ext().execute_with(|| {
		NextTargetId::<Test>::put(u32::MAX);
		assert_noop!(
			Monitoring::register(RuntimeOrigin::signed(ALICE), health(1)),
			Error::<Test>::Overflow
		);
		let reason = RuntimeHoldReason::Monitoring(HoldReason::TargetDeposit);
		assert_eq!(Balances::balance_on_hold(&reason, &ALICE), 0);
	});
}

#[test]
fn governance_registers_in_bulk_and_deregisters() {
	new_test_ext().execute_with(|| {
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(ALICE), health(1)));
		let set = vec![(ALICE, health(1)), (BOB, health(2)), (CHARLIE, health(3))];
		assert_noop!(
			Monitoring::force_register(
				RuntimeOrigin::signed(ALICE),
				set.clone().try_into().unwrap()
			),
			DispatchError::BadOrigin
		);
		assert_ok!(Monitoring::force_register(RuntimeOrigin::root(), set.try_into().unwrap()));
		assert_eq!(Targets::<Test>::count(), 3);
		assert_eq!(Targets::<Test>::get(1).unwrap().deposit, 0);
		assert!(events().contains(&Event::TargetsRegistered { registered: 2, already: 1 }));
		let bad = vec![(99, urls(&["http://user@x/health"]))];
		assert_noop!(
			Monitoring::force_register(RuntimeOrigin::root(), bad.try_into().unwrap()),
			Error::<Test>::UrlHasCredentials
		);
		assert_ok!(Monitoring::force_deregister(RuntimeOrigin::root(), ALICE));
		let reason = RuntimeHoldReason::Monitoring(HoldReason::TargetDeposit);
		assert_eq!(Balances::balance_on_hold(&reason, &ALICE), 0);
		assert_noop!(
			Monitoring::force_deregister(RuntimeOrigin::signed(BOB), BOB),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn settings_and_era_clock_are_validated() {
	new_test_ext().execute_with(|| {
		let good = ProbeSettings {
			period_blocks: 100,
			probers_per_target: 3,
			timeout_ms: 2_000,
			min_probers: 2,
			allow_private_hosts: false,
		};
		assert_noop!(
			Monitoring::set_settings(RuntimeOrigin::signed(ALICE), good),
			DispatchError::BadOrigin
		);
		assert_ok!(Monitoring::set_settings(RuntimeOrigin::root(), good));
		assert_eq!(Settings::<Test>::get(), good);
		for bad in [
			ProbeSettings { period_blocks: 0, ..good },
			ProbeSettings { probers_per_target: 0, ..good },
			ProbeSettings { probers_per_target: MAX_PER_TARGET + 1, ..good },
			ProbeSettings { min_probers: 0, ..good },
			ProbeSettings { min_probers: 4, ..good },
			ProbeSettings { timeout_ms: 50, ..good },
			ProbeSettings { timeout_ms: 60_000, ..good },
		] {
			assert_noop!(
				Monitoring::set_settings(RuntimeOrigin::root(), bad),
				Error::<Test>::InvalidSettings
			);
		}
		let era = EraClock { length_ms: 24 * HOUR_MS, offset_ms: 5 * HOUR_MS };
		assert_ok!(Monitoring::set_era_clock(RuntimeOrigin::root(), era));
		assert_eq!(EraClockSetting::<Test>::get(), era);
		assert_noop!(
			Monitoring::set_era_clock(
				RuntimeOrigin::root(),
				EraClock { length_ms: 1_000, offset_ms: 0 }
			),
			Error::<Test>::InvalidEraClock
		);
	});
}

// --- Targets from the relay chain ---------------------------------------------------------

/// The relay chain's validators of `session`, in index order, each with a discovery key made
/// from its stash.
fn relay_set(stashes: &[AccountId]) -> RelaySetProof<AccountId, ConstU32<MAX_TARGETS>> {
	let validators: Vec<_> = stashes
		.iter()
		.map(|s| RelayValidator { stash: *s, discovery: Some([*s as u8; 32]) })
		.collect();
	RelaySetProof::Set(validators.try_into().unwrap())
}

/// One block's relay proof: the session index, with the set when the chain asked for it.
fn relay_block(session: u32, stashes: &[AccountId]) {
	let wanted = Monitoring::relay_set_wanted();
	Monitoring::note_relay_session(Some(session), || {
		if wanted {
			relay_set(stashes)
		} else {
			RelaySetProof::NotProven
		}
	});
}

/// The applied set as (stash, target, index).
fn members() -> Vec<(AccountId, TargetId, u32)> {
	RelaySet::<Test>::get().into_iter().map(|m| (m.stash, m.target, m.index)).collect()
}

fn relay_events() -> Vec<Event<Test>> {
	events()
		.into_iter()
		.filter(|e| matches!(e, Event::RelaySetUpdated { .. } | Event::RelaySetUnreadable { .. }))
		.collect()
}

#[test]
fn the_relay_chains_validators_become_targets_without_registration() {
	new_test_ext().execute_with(|| {
		// A new session: the set is asked for, and arrives in the next block's proof.
		relay_block(5, &[30, 20, 10]);
		assert!(Monitoring::relay_set_wanted());
		assert_eq!(Targets::<Test>::count(), 0);
		relay_block(5, &[30, 20, 10]);
		assert!(!Monitoring::relay_set_wanted());
		assert_eq!(RelaySession::<Test>::get(), Some(5));
		assert_eq!(members(), vec![(10, 0, 2), (20, 1, 1), (30, 2, 0)]);
		assert_eq!(RelaySet::<Test>::get()[0].discovery, Some([10; 32]));
		let target = Targets::<Test>::get(0).unwrap();
		assert_eq!((target.stash, target.deposit, target.endpoints.len()), (10, 0, 0));
		assert_eq!(ActiveTargets::<Test>::get().into_inner(), vec![0, 1, 2]);
		assert_eq!(
			relay_events(),
			vec![Event::RelaySetUpdated {
				session: 5,
				joined: 3,
				left: 0,
				untracked: 0,
				complete: true
			}]
		);
		// The same session again: the set is neither asked for nor read.
		let weight = Monitoring::note_relay_session(Some(5), || panic!("the set was read"));
		let db: polkadot_sdk::frame_support::weights::RuntimeDbWeight =
			<Test as frame_system::Config>::DbWeight::get();
		assert_eq!(weight, db.reads(2));
		// Queries show each target's place in the set.
		let infos = Monitoring::target_infos();
		assert_eq!(
			infos[0].relay,
			Some(RelayPosition { session: 5, index: 2, discovery: Some([10; 32]) })
		);
	});
}

#[test]
fn a_new_sessions_changes_apply_a_bounded_number_per_block_leavers_first() {
	new_test_ext().execute_with(|| {
		let first = [10, 11, 12, 13, 14, 15];
		relay_block(1, &first);
		relay_block(1, &first);
		assert_eq!(members().len(), MAX_RELAY_CHANGES as usize);
		assert!(Monitoring::relay_set_wanted(), "six joiners take two blocks of three");
		relay_block(1, &first);
		assert_eq!(members().len(), 6);
		assert!(!Monitoring::relay_set_wanted());

		// Session 2: three leave, two join, the rest change places.
		let second = [17, 15, 14, 16, 13];
		relay_block(2, &second);
		relay_block(2, &second);
		let stashes: Vec<_> = members().iter().map(|m| m.0).collect();
		assert_eq!(stashes, vec![13, 14, 15], "the three leavers went first");
		assert_eq!(Targets::<Test>::count(), 3);
		assert_eq!(members()[0], (13, 3, 4), "positions follow the new set at once");
		assert!(Monitoring::relay_set_wanted());
		relay_block(2, &second);
		assert!(!Monitoring::relay_set_wanted());
		let stashes: Vec<_> = members().iter().map(|m| (m.0, m.2)).collect();
		assert_eq!(stashes, vec![(13, 4), (14, 2), (15, 1), (16, 3), (17, 0)]);
		assert_eq!(TargetOfStash::<Test>::get(10), None);
		assert!(Observed::get().contains(&("left", 10)));
		assert_eq!(
			relay_events()[2..],
			[
				Event::RelaySetUpdated {
					session: 2,
					joined: 0,
					left: 3,
					untracked: 0,
					complete: false
				},
				Event::RelaySetUpdated {
					session: 2,
					joined: 2,
					left: 0,
					untracked: 0,
					complete: true
				},
			]
		);
		// A leaver no longer counts: its results are skipped like any removed target's.
		assert!(ActiveTargets::<Test>::get().binary_search(&0).is_err());
	});
}

#[test]
fn a_session_that_changes_again_mid_way_applies_the_newest_set() {
	new_test_ext().execute_with(|| {
		let first = [10, 11, 12, 13, 14, 15];
		relay_block(1, &first);
		relay_block(1, &first);
		// Session 2 starts before session 1's set is applied in full.
		relay_block(2, &[20, 10]);
		relay_block(2, &[20, 10]);
		relay_block(2, &[20, 10]);
		assert!(!Monitoring::relay_set_wanted());
		assert_eq!(RelaySession::<Test>::get(), Some(2));
		let stashes: Vec<_> = members().iter().map(|m| m.0).collect();
		assert_eq!(stashes, vec![10, 20]);
	});
}

#[test]
fn a_registered_validator_keeps_its_target_and_urls_across_the_set() {
	new_test_ext().execute_with(|| {
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(ALICE), health(1)));
		relay_block(1, &[BOB, ALICE]);
		relay_block(1, &[BOB, ALICE]);
		assert_eq!(members(), vec![(ALICE, 0, 1), (BOB, 1, 0)]);
		assert_eq!(Targets::<Test>::get(0).unwrap().endpoints, health(1));
		// Both leave: Bob's target goes, Alice's stays with its URLs and deposit.
		relay_block(2, &[CHARLIE]);
		relay_block(2, &[CHARLIE]);
		assert_eq!(members(), vec![(CHARLIE, 2, 0)]);
		assert_eq!(TargetOfStash::<Test>::get(ALICE), Some(0));
		assert_eq!(Targets::<Test>::get(0).unwrap().deposit, DEPOSIT);
		assert_eq!(TargetOfStash::<Test>::get(BOB), None);
	});
}

#[test]
fn a_member_registers_urls_and_deregistering_withdraws_only_them() {
	new_test_ext().execute_with(|| {
		relay_block(1, &[BOB]);
		relay_block(1, &[BOB]);
		// No URLs to change or deregister yet.
		assert_noop!(
			Monitoring::update_endpoints(RuntimeOrigin::signed(BOB), health(2)),
			Error::<Test>::NotRegistered
		);
		assert_noop!(
			Monitoring::deregister(RuntimeOrigin::signed(BOB)),
			Error::<Test>::NotRegistered
		);
		// Registering adds URLs and a deposit to the member's target.
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(BOB), health(2)));
		let reason = RuntimeHoldReason::Monitoring(HoldReason::TargetDeposit);
		assert_eq!(Balances::balance_on_hold(&reason, &BOB), DEPOSIT);
		assert_eq!(Targets::<Test>::get(0).unwrap().endpoints, health(2));
		assert_eq!(Targets::<Test>::count(), 1);
		assert_noop!(
			Monitoring::register(RuntimeOrigin::signed(BOB), health(3)),
			Error::<Test>::AlreadyRegistered
		);
		// Deregistering gives the deposit back; the member stays a target.
		assert_ok!(Monitoring::deregister(RuntimeOrigin::signed(BOB)));
		assert_eq!(Balances::balance_on_hold(&reason, &BOB), 0);
		assert_eq!(TargetOfStash::<Test>::get(BOB), Some(0));
		assert!(Targets::<Test>::get(0).unwrap().endpoints.is_empty());
		assert!(events().contains(&Event::RegistrationWithdrawn {
			target: 0,
			stash: BOB,
			refund: DEPOSIT
		}));
		assert_eq!(Observed::get(), vec![("endpoints", BOB), ("endpoints", BOB)]);
	});
}

#[test]
fn validators_beyond_the_target_limit_wait_for_the_next_session() {
	new_test_ext().execute_with(|| {
		let many: Vec<_> =
			(0..MAX_TARGETS as u64 - 2).map(|i| (100 + i, health(i as u32))).collect();
		assert_ok!(Monitoring::force_register(RuntimeOrigin::root(), many.try_into().unwrap()));
		relay_block(1, &[10, 11, 12]);
		relay_block(1, &[10, 11, 12]);
		assert!(!Monitoring::relay_set_wanted(), "the set is applied as far as it fits");
		assert_eq!(Targets::<Test>::count(), MAX_TARGETS);
		assert_eq!(members().len(), 2);
		assert_eq!(
			relay_events(),
			vec![Event::RelaySetUpdated {
				session: 1,
				joined: 2,
				left: 0,
				untracked: 1,
				complete: true
			}]
		);
	});
}

#[test]
fn an_unreadable_set_or_no_session_index_leaves_the_targets_as_they_are() {
	new_test_ext().execute_with(|| {
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(ALICE), health(1)));
		// A relay chain without a session index (the dev chain's mocked one).
		assert_eq!(
			Monitoring::note_relay_session(None, || panic!("the set was read")),
			Weight::zero()
		);
		assert_eq!(RelaySession::<Test>::get(), None);
		// A set that does not decode: the session is marked, nothing changes.
		relay_block(3, &[]);
		Monitoring::note_relay_session(Some(3), || RelaySetProof::Unreadable);
		assert_eq!(RelaySession::<Test>::get(), Some(3));
		assert!(!Monitoring::relay_set_wanted());
		assert_eq!(Targets::<Test>::count(), 1);
		assert_eq!(relay_events(), vec![Event::RelaySetUnreadable { session: 3 }]);
	});
}

// --- Reports -------------------------------------------------------------------------------

/// Three probers, three targets (0, 1, 2), each target probed by all three.
fn three_probers_three_targets() -> OffchainTest {
	let mut t = new_offchain_test(3);
	t.ext.execute_with(|| {
		for (stash, n) in [(ALICE, 0), (BOB, 1), (CHARLIE, 2)] {
			assert_ok!(Monitoring::register(RuntimeOrigin::signed(stash), health(n)));
		}
		go_to(1, DAY_START_MS + 6_000);
	});
	t
}

#[test]
fn only_current_probers_with_valid_signatures_are_authorised() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let good = sign(&probers[0], 0, vec![up(0, 40)]);
		assert_eq!(authorize(&good), Ok(()));
		// Not a prober any more.
		ProberKeys::set(probers[1..].to_vec());
		assert_eq!(authorize(&good), Err(InvalidTransaction::BadSigner.into()));
		ProberKeys::set(probers.clone());
		// Someone else's signature.
		let (report, _) = sign(&probers[0], 0, vec![up(0, 40)]);
		let (_, other) = sign(&probers[1], 0, vec![up(0, 40)]);
		assert_eq!(authorize(&(report, other)), Err(InvalidTransaction::BadProof.into()));
		// A tampered result.
		let (mut report, signature) = sign(&probers[0], 0, vec![down(0)]);
		report.http[0] = up(0, 1);
		assert_eq!(authorize(&(report, signature)), Err(InvalidTransaction::BadProof.into()));
	});
}

#[test]
fn one_report_per_prober_and_period() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		// Block 1 is in period 0 (two blocks per period).
		assert_eq!(
			authorize(&sign(&probers[0], 1, vec![])),
			Err(InvalidTransaction::Future.into())
		);
		apply(sign(&probers[0], 0, vec![up(0, 40), up(1, 41), up(2, 42)]));
		assert_eq!(LastReported::<Test>::get(&probers[0]), Some(0));
		assert_eq!(
			authorize(&sign(&probers[0], 0, vec![up(0, 40)])),
			Err(InvalidTransaction::Stale.into())
		);
		// The previous period is still taken (slow inclusion), older ones are not.
		go_to(3, DAY_START_MS + 18_000);
		assert_eq!(authorize(&sign(&probers[1], 0, vec![up(0, 40)])), Ok(()));
		go_to(5, DAY_START_MS + 30_000);
		assert_eq!(
			authorize(&sign(&probers[1], 0, vec![up(0, 40)])),
			Err(InvalidTransaction::Stale.into())
		);
		assert_eq!(authorize(&sign(&probers[0], 2, vec![up(0, 40)])), Ok(()));
	});
}

#[test]
fn changing_the_period_never_moves_periods_backwards() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		// Two blocks per period: block 1,000 is period 500.
		go_to(1_000, DAY_START_MS + 3_000_000);
		assert_eq!(Monitoring::period_of(1_000), 500);
		apply(sign(&probers[0], 500, vec![up(0, 40)]));
		// Probing less often: the next period starts now and is numbered 501.
		let slower = ProbeSettings { period_blocks: 100, ..DefaultProbeSettings::get() };
		assert_ok!(Monitoring::set_settings(RuntimeOrigin::root(), slower));
		assert_eq!(Monitoring::period_of(1_000), 501);
		assert_eq!(Monitoring::period_of(1_099), 501);
		assert_eq!(Monitoring::period_of(1_100), 502);
		assert_eq!(authorize(&sign(&probers[0], 501, vec![up(0, 40)])), Ok(()));
		// And more often again.
		let faster = ProbeSettings { period_blocks: 1, ..slower };
		go_to(1_050, DAY_START_MS + 3_300_000);
		assert_ok!(Monitoring::set_settings(RuntimeOrigin::root(), faster));
		assert_eq!(Monitoring::period_of(1_050), 502);
		assert_eq!(Monitoring::period_of(1_060), 512);
	});
}

#[test]
fn a_validated_report_goes_through_the_pool_path() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let (report, signature) = sign(&probers[2], 0, vec![up(0, 40)]);
		let xt = Extrinsic::new_transaction(
			RuntimeCall::Monitoring(Call::submit_probes { report, signature }),
			frame_system::AuthorizeCall::<Test>::new(),
		);
		let info = xt.function.get_dispatch_info();
		let len = xt.encoded_size();
		let checked = Checkable::check(xt, &frame_system::ChainContext::<Test>::default()).unwrap();
		checked.validate::<Test>(TransactionSource::External, &info, len).expect("valid");
		checked.apply::<Test>(&info, len).expect("applies").expect("dispatches");
		assert_eq!(LastReported::<Test>::get(&probers[2]), Some(0));
	});
}

#[test]
fn reports_are_recorded_per_hour_and_prober() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let hour = sli::time::hour_of(DAY_START_MS);
		apply(sign(&probers[0], 0, vec![up(0, 40), down(1), up(2, 300)]));
		go_to(3, DAY_START_MS + 18_000);
		apply(sign(&probers[0], 1, vec![up(0, 60), up(1, 50), up(2, 300)]));
		let record = HourlyReports::<Test>::get(hour, &probers[0]);
		assert_eq!(record.len(), 3);
		let (target, entries) = record[0];
		assert_eq!(target, 0);
		assert_eq!(entries.p2p, None);
		let entry = entries.http.expect("probed over HTTP");
		assert_eq!((entry.counts.up, entry.counts.total, entry.counts.latency_sum_ms), (2, 2, 100));
		assert_eq!(entry.last, LastProbe { period: 1, outcome: Outcome::Up(60) });
		let bob = record[1].1.http.unwrap();
		assert_eq!((bob.counts.up, bob.counts.total), (1, 2));
		assert!(events().contains(&Event::ProbesRecorded {
			prober: probers[0].clone(),
			period: 1,
			hour,
			recorded: 3,
			skipped: 0
		}));
	});
}

#[test]
fn a_report_in_the_first_block_of_an_hour_goes_into_that_hour() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let hour = sli::time::hour_of(DAY_START_MS);
		assert_eq!(CurrentHour::<Test>::get(), Some(hour));
		// The first block stamped in the next hour: its `on_initialize` still sees the
		// previous block's time; its reports come after the timestamp inherent.
		let stamp = DAY_START_MS + HOUR_MS + 2_000;
		go_to(2, stamp);
		assert_eq!(CurrentHour::<Test>::get(), Some(hour + 1));
		assert_eq!(Hours::<Test>::get(hour + 1), Some((2, stamp)));
		apply(sign(&probers[0], Monitoring::period_of(2), vec![up(0, 40)]));
		assert_eq!(HourlyReports::<Test>::get(hour + 1, &probers[0]).len(), 1);
		assert!(HourlyReports::<Test>::get(hour, &probers[0]).is_empty());
		// The hour before waits for the next block's roll-up.
		assert_eq!(PendingRollUps::<Test>::get().to_vec(), vec![hour]);
	});
}

#[test]
fn results_for_unassigned_unknown_or_repeated_targets_are_skipped() {
	let mut t = new_offchain_test(4);
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let stashes: Vec<_> = (0..4u64).map(|i| (100 + i, health(i as u32))).collect();
		assert_ok!(Monitoring::force_register(RuntimeOrigin::root(), stashes.try_into().unwrap()));
		go_to(1, DAY_START_MS + 6_000);
		// Three probers of four per target: one target of four is not prober 1's.
		let assignment = Monitoring::assignment(0, 4);
		let (mine, theirs): (Vec<u32>, Vec<u32>) =
			(0..4).partition(|target| assignment.is_assigned(*target, 1));
		assert_eq!((mine.len(), theirs.len()), (3, 1), "{mine:?}");
		let (first, second, other) = (mine[0], mine[1], theirs[0]);
		// Repeated, out of order (`first` after `second`), not prober 1's, unknown.
		let results = vec![up(second, 10), up(second, 10), up(first, 10), up(other, 1), up(7, 1)];
		apply(sign(&probers[1], 0, results));
		let hour = sli::time::hour_of(DAY_START_MS);
		let record = HourlyReports::<Test>::get(hour, &probers[1]);
		assert_eq!(record.iter().map(|(t, _)| *t).collect::<Vec<_>>(), vec![second]);
		assert!(matches!(
			events().last(),
			Some(Event::ProbesRecorded { recorded: 1, skipped: 4, .. })
		));
	});
}

#[test]
fn results_for_paused_or_removed_targets_are_skipped() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		assert_ok!(Monitoring::pause(RuntimeOrigin::signed(ALICE)));
		assert_ok!(Monitoring::deregister(RuntimeOrigin::signed(BOB)));
		// A report made before the pause and the removal (or a lie) names all three.
		apply(sign(&probers[0], 0, vec![up(0, 10), up(1, 10), up(2, 10)]));
		let hour = sli::time::hour_of(DAY_START_MS);
		let record = HourlyReports::<Test>::get(hour, &probers[0]);
		assert_eq!(record.iter().map(|(t, _)| *t).collect::<Vec<_>>(), vec![2]);
		assert!(matches!(
			events().last(),
			Some(Event::ProbesRecorded { recorded: 1, skipped: 2, .. })
		));
		let paused = Monitoring::sli(&[ALICE], Window::Day).unwrap();
		assert_eq!(paused.members[0].sli.uptime_ppm, None, "a paused validator has no data");
		assert_eq!(paused.members[0].sli.probes, 0);
	});
}

#[test]
fn an_hour_too_few_probers_reported_on_is_insufficient_evidence() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		assert_ok!(Monitoring::set_settings(
			RuntimeOrigin::root(),
			ProbeSettings { min_probers: 3, ..DefaultProbeSettings::get() }
		));
		// Hour 1: only one prober reports on Alice (down), all three on Bob.
		let mut block = 1;
		for i in 0..3u64 {
			go_to(block, DAY_START_MS + i * 600_000 + 6_000);
			let period = Monitoring::period_of(block);
			apply(sign(&probers[0], period, vec![down(0), up(1, 30)]));
			apply(sign(&probers[1], period, vec![up(1, 40)]));
			apply(sign(&probers[2], period, vec![up(1, 50)]));
			block += 2;
		}
		let check = |window: Window, hours: u32| {
			let report = Monitoring::sli(&[ALICE, BOB], window).unwrap();
			let (alice, bob) = (&report.members[0], &report.members[1]);
			assert_eq!(alice.sli.uptime_ppm, None, "one prober's word is no SLI: {alice:?}");
			assert_eq!(alice.sli.probes, 0);
			assert_eq!((alice.insufficient_hours, alice.probers_seen), (hours, 1));
			assert_eq!(bob.sli.uptime_ppm, Some(1_000_000));
			assert_eq!(bob.insufficient_hours, 0);
			// The lone prober's own view is still shown, as its own.
			assert_eq!(alice.probers.len(), 1);
			assert_eq!(alice.probers[0].sli.uptime_ppm, Some(0));
			assert_eq!(report.aggregate, bob.sli);
		};
		check(Window::Day, 1);
		let (_, buckets) = Monitoring::history(&ALICE, Window::Day).unwrap();
		assert_eq!(buckets.iter().map(|b| b.insufficient_hours).sum::<u32>(), 1);
		// Rolled up into the day: the same answer from the daily record.
		go_to(block, DAY_START_MS + HOUR_MS + 6_000);
		go_to(block + 1, DAY_START_MS + HOUR_MS + 12_000);
		let day = sli::time::day_of(DAY_START_MS);
		assert_eq!(InsufficientHours::<Test>::get(day, 0), ByChannel { p2p: 0, http: 1 });
		assert_eq!(InsufficientHours::<Test>::get(day, 1), ByChannel { p2p: 0, http: 0 });
		check(Window::Week, 1);
	});
}

#[test]
fn http_statuses_are_published_by_class_only() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let not_found =
			ProbeResult { target: 0, outcome: Outcome::Down(DownReason::HttpStatus(404)) };
		apply(sign(&probers[0], 0, vec![not_found]));
		let hour = sli::time::hour_of(DAY_START_MS);
		let record = HourlyReports::<Test>::get(hour, &probers[0]);
		let entry = record[0].1.http.unwrap();
		assert_eq!(entry.last.outcome, Outcome::Down(DownReason::HttpStatus(400)));
		assert_eq!(DownReason::HttpStatus(503).coarse(), DownReason::HttpStatus(500));
		assert_eq!(DownReason::Timeout.coarse(), DownReason::Timeout);
	});
}

#[test]
fn a_report_signed_for_another_chain_or_without_the_chain_is_refused() {
	use polkadot_sdk::sp_runtime::RuntimeAppPublic;
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let report = ProbeReport {
			prober: probers[0].clone(),
			period: 0,
			p2p: Default::default(),
			http: vec![up(0, 10)].try_into().unwrap(),
			records: Default::default(),
		};
		let unbound = probers[0].sign(&(REPORT_SIGNING_CONTEXT, &report).encode()).unwrap();
		let other_chain =
			probers[0].sign(&(REPORT_SIGNING_CONTEXT, [7u8; 32], &report).encode()).unwrap();
		for signature in [unbound, other_chain] {
			assert_eq!(
				authorize(&(report.clone(), signature)),
				Err(InvalidTransaction::BadProof.into())
			);
		}
		assert_eq!(authorize(&sign(&probers[0], 0, vec![up(0, 10)])), Ok(()));
	});
}

#[test]
fn each_period_shuffles_the_probers_with_the_relay_randomness() {
	let mut t = three_probers_three_targets();
	t.ext.execute_with(|| {
		assert_eq!(Monitoring::seed_of(0), assignment::seed(None, 0), "no randomness seen yet");
		Monitoring::note_relay_randomness(Some([1; 32]));
		assert_eq!(Monitoring::seed_of(0), assignment::seed(Some(&[1; 32]), 0));
		// Fixed for the period: a later block's randomness does not change it.
		Monitoring::note_relay_randomness(Some([2; 32]));
		assert_eq!(Monitoring::seed_of(0), assignment::seed(Some(&[1; 32]), 0));
		// Period p starts at block 2p (two blocks a period); the relay chain may lack it.
		for period in 1..=4u32 {
			go_to(u64::from(period) * 2, DAY_START_MS + 6_000 * u64::from(period * 2));
			let randomness = (period != 2).then_some([period as u8 + 10; 32]);
			Monitoring::note_relay_randomness(randomness);
			assert_eq!(Monitoring::seed_of(period), assignment::seed(randomness.as_ref(), period));
		}
		// Three periods kept: the current one and the two a report may still be for.
		assert_eq!(PeriodSeeds::<Test>::iter_keys().count(), 3);
		assert!(!PeriodSeeds::<Test>::contains_key(1));
	});
}

#[test]
fn a_report_is_judged_by_its_own_periods_assignment() {
	let mut t = new_offchain_test(4);
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let stashes: Vec<_> = (0..8u64).map(|i| (100 + i, health(i as u32))).collect();
		assert_ok!(Monitoring::force_register(RuntimeOrigin::root(), stashes.try_into().unwrap()));
		go_to(1, DAY_START_MS + 6_000);
		Monitoring::note_relay_randomness(Some([5; 32]));
		let first = Monitoring::assignment(0, 4);
		// The next period, other randomness: prober 0's share changes.
		go_to(2, DAY_START_MS + 12_000);
		Monitoring::note_relay_randomness(Some([6; 32]));
		let mut second = Monitoring::assignment(1, 4);
		let mut seed = 6u8;
		while (0..8).all(|t| second.is_assigned(t, 0) == first.is_assigned(t, 0)) {
			seed += 1;
			PeriodSeeds::<Test>::insert(1, assignment::seed(Some(&[seed; 32]), 1));
			second = Monitoring::assignment(1, 4);
		}
		// A report for period 0 sent in period 1 counts period 0's share.
		let all: Vec<ProbeResult> = (0..8).map(|t| up(t, 10)).collect();
		apply(sign(&probers[0], 0, all));
		let hour = sli::time::hour_of(DAY_START_MS);
		let recorded: Vec<u32> =
			HourlyReports::<Test>::get(hour, &probers[0]).iter().map(|(t, _)| *t).collect();
		let expected: Vec<u32> = (0..8).filter(|t| first.is_assigned(*t, 0)).collect();
		assert_eq!(recorded, expected);
		assert_eq!(recorded.len(), 6, "8 targets × 3 probers over 4");
	});
}

// --- Roll-ups, retention, SLIs -------------------------------------------------------------

/// Three probers report every period of an hour: target 0 is up (latency ~40 ms) but prober
/// 1 claims it is down; target 1 is down half the time.
fn an_hour_of_reports(probers: &[ProberId], hour_start: u64, first_block: u64) -> u64 {
	let mut block = first_block;
	for i in 0..6u64 {
		let ms = hour_start + i * 600_000 + 6_000;
		go_to(block, ms);
		let period = Monitoring::period_of(block);
		for (p, prober) in probers.iter().enumerate() {
			let t0 = if p == 1 { down(0) } else { up(0, 35 + 5 * p as u32) };
			let t1 = if i % 2 == 0 { up(1, 80) } else { down(1) };
			apply(sign(prober, period, vec![t0, t1, up(2, 20)]));
		}
		block += 2;
	}
	block
}

#[test]
fn a_targets_p2p_and_http_probes_make_separate_slis_over_every_window() {
	let mut t = new_offchain_test(3);
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		// Alice has a p2p address and a URL: p2p is her primary channel, HTTP beside it.
		// Bob has a URL only: HTTP is his.
		let alice_p2p =
			"/ip4/8.8.8.8/tcp/30333/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";
		assert_ok!(Monitoring::register(
			RuntimeOrigin::signed(ALICE),
			urls(&[alice_p2p, "http://alice.example/health"])
		));
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(BOB), health(1)));
		assert_eq!(
			(Monitoring::channel_of(0), Monitoring::channel_of(1)),
			(Channel::P2p, Channel::Http)
		);
		go_to(1, DAY_START_MS + 6_000);
		// Each period: Alice up over p2p in 5 ms and down at her URL; Bob up at his in 40 ms.
		let mut block = 1;
		for i in 0..6u64 {
			go_to(block, DAY_START_MS + i * 600_000 + 6_000);
			let period = Monitoring::period_of(block);
			for prober in &probers {
				apply(sign_channels(
					prober,
					period,
					vec![up(0, 5)],
					vec![down(0), up(1, 40)],
					vec![],
				));
			}
			block += 2;
		}
		let check = |window| {
			let report = Monitoring::sli(&[ALICE, BOB], window).unwrap();
			let (alice, bob) = (&report.members[0], &report.members[1]);
			assert_eq!(alice.channel, Channel::P2p);
			assert_eq!((alice.sli.probes_up, alice.sli.probes), (18, 18));
			assert_eq!(alice.sli.latency.unwrap().mean_us, 5_000);
			assert_eq!(alice.probers_seen, 3);
			let http = alice.http.as_ref().expect("Alice was probed at her URL too");
			assert_eq!((http.sli.probes_up, http.sli.probes, http.probers_seen), (0, 18, 3));
			assert_eq!(bob.channel, Channel::Http);
			assert_eq!((bob.sli.probes_up, bob.sli.probes), (18, 18));
			assert_eq!(bob.sli.latency.unwrap().mean_us, 40_000);
			assert_eq!(bob.http, None);
			// The group pools each member's primary channel: all up.
			assert_eq!((report.aggregate.probes_up, report.aggregate.probes), (36, 36));
			report
		};
		let hourly = check(Window::Day);
		assert_eq!(hourly.window.resolution, Resolution::Hour);
		let per_prober = &hourly.members[0];
		assert_eq!(per_prober.probers.len(), 3);
		assert!(per_prober.probers.iter().all(|p| p.sli.probes_up == 6));
		assert!(per_prober.http.as_ref().unwrap().probers.iter().all(|p| p.sli.probes_up == 0));
		// Rolled up into the day: the same from the daily records.
		go_to(block, DAY_START_MS + HOUR_MS + 6_000);
		go_to(block + 1, DAY_START_MS + HOUR_MS + 12_000);
		let day = sli::time::day_of(DAY_START_MS);
		let alice_day = DaySli::<Test>::get(day, 0).unwrap();
		assert_eq!(alice_day.p2p.unwrap().counts.up, 18);
		assert_eq!(alice_day.http.unwrap().counts.up, 0);
		assert_eq!(DaySli::<Test>::get(day, 1).unwrap().p2p, None);
		assert_eq!(check(Window::Week).window.resolution, Resolution::Day);
		// History gives both, bucket by bucket.
		let (_, buckets) = Monitoring::history(&ALICE, Window::Day).unwrap();
		let first = buckets.iter().find(|b| b.probers > 0).unwrap();
		assert_eq!((first.channel, first.sli.probes_up), (Channel::P2p, 18));
		assert_eq!(first.http.map(|h| (h.sli.probes_up, h.sli.probes)), Some((0, 18)));
		// The targets list names each prober's latest probe on each channel.
		let alice = Monitoring::target_infos().into_iter().next().unwrap();
		assert_eq!(alice.channel, Channel::P2p);
		let channels: Vec<_> = alice.last_probes.iter().map(|(_, c, p)| (*c, p.outcome)).collect();
		assert_eq!(channels.iter().filter(|(c, _)| *c == Channel::P2p).count(), 3);
		assert!(channels.contains(&(Channel::P2p, Outcome::Up(5))));
		assert!(channels.contains(&(Channel::Http, Outcome::Down(DownReason::Timeout))));
	});
}

#[test]
fn final_answers_hold_only_rolled_up_hours_and_never_change() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		// A full hour, then reports in the next (current) hour.
		let block = an_hour_of_reports(&probers, DAY_START_MS, 1);
		let block = an_hour_of_reports(&probers, DAY_START_MS + HOUR_MS, block);
		let final_until = DAY_START_MS + HOUR_MS;
		assert_eq!(Monitoring::final_until_ms(), final_until);
		let live = Monitoring::sli(&[BOB], Window::Day).unwrap();
		let fixed = Monitoring::final_sli(&[BOB], Window::Day).unwrap();
		// Only the finished hour: 18 of Bob's probes, where the live answer has 36.
		assert_eq!((live.members[0].sli.probes, fixed.members[0].sli.probes), (36, 18));
		assert_eq!(fixed.window.to_ms, final_until);
		let first_block_of_current_hour =
			Hours::<Test>::get(sli::time::hour_of(final_until)).unwrap().0;
		assert_eq!(fixed.window.to_block, Some(first_block_of_current_hour - 1));
		// More reports in the current hour do not change it.
		go_to(block, DAY_START_MS + HOUR_MS + 3_000_000);
		let period = Monitoring::period_of(block);
		for prober in &probers {
			apply(sign(prober, period, vec![down(1)]));
		}
		assert_eq!(Monitoring::final_sli(&[BOB], Window::Day).unwrap(), fixed);
		// History as of the same time; a window of too many buckets is refused before reading.
		let (bounds, buckets) = Monitoring::final_history(&BOB, Window::Day, 24).unwrap();
		// The 24 hours before the current hour.
		assert_eq!((bounds.to_ms, buckets.len()), (final_until, 24));
		assert_eq!(buckets.iter().map(|b| b.sli.probes).sum::<u32>(), 18);
		assert_eq!(
			Monitoring::final_history(&BOB, Window::Day, 23),
			Err(QueryError::TooManyBuckets)
		);
	});
}

#[test]
fn a_windows_buckets_bound_what_a_query_over_it_reads() {
	new_test_ext().execute_with(|| {
		let (hour, day) = (sli::time::HOUR_MS, sli::time::DAY_MS);
		// Short windows are answered hourly: the hours they touch (the last 24 hours, 25).
		const { assert!(crate::mock::HOURS_KEPT >= 25) };
		assert_eq!(Monitoring::buckets_of_window(Window::Day), 25);
		assert_eq!(Monitoring::buckets_of_window(Window::Custom { from_ms: 0, to_ms: hour }), 2);
		assert_eq!(Monitoring::buckets_of_window(Window::Custom { from_ms: 5, to_ms: 5 }), 1);
		// Longer ones daily: the UTC days they touch, never more than the days kept (3 here).
		let long = Window::Custom { from_ms: 0, to_ms: u64::from(crate::mock::HOURS_KEPT) * hour };
		assert_eq!(Monitoring::buckets_of_window(long), 3);
		assert_eq!(crate::mock::DAYS_KEPT, 3);
		for window in [Window::Week, Window::Month, Window::Year] {
			assert_eq!(Monitoring::buckets_of_window(window), 3, "{window:?}");
		}
		assert_eq!(Monitoring::buckets_of_window(Window::Custom { from_ms: 0, to_ms: 9 * day }), 3);
		// An era of a few hours: its hours.
		let era = EraClockSetting::<Test>::get().length_ms;
		assert!(era.div_ceil(hour) < u64::from(crate::mock::HOURS_KEPT));
		let expected = (era.div_ceil(hour) + 1) as u32;
		assert_eq!(Monitoring::buckets_of_window(Window::Era(Some(0))), expected);
	});
}

#[test]
fn a_lying_prober_does_not_move_the_sli_and_shows_as_disagreement() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let next = an_hour_of_reports(&probers, DAY_START_MS, 1);
		go_to(next, DAY_START_MS + 3_000_000);
		let report = Monitoring::sli(&[ALICE], Window::Day).unwrap();
		assert_eq!(report.window.resolution, Resolution::Hour);
		let alice = &report.members[0];
		assert_eq!(alice.sli.uptime_ppm, Some(1_000_000), "{alice:?}");
		assert_eq!(alice.max_deviation_ppm, 1_000_000);
		let liar = alice.probers.iter().find(|p| p.prober == probers[1]).unwrap();
		assert_eq!(liar.sli.uptime_ppm, Some(0));
		assert_eq!(liar.deviation_ppm, 1_000_000);
		let latency = alice.sli.latency.unwrap();
		// Two probers with latency (35 and 45 ms): pooled, mean 40 ms.
		assert_eq!(latency.mean_us, 40_000);
		let bob = Monitoring::sli(&[BOB], Window::Day).unwrap();
		assert_eq!(bob.aggregate.uptime_ppm, Some(500_000));
		assert_eq!(bob.aggregate.probes, 18);
	});
}

#[test]
fn hours_roll_up_into_days_and_the_sums_agree() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let mut block = an_hour_of_reports(&probers, DAY_START_MS, 1);
		block = an_hour_of_reports(&probers, DAY_START_MS + HOUR_MS, block);
		let hour = sli::time::hour_of(DAY_START_MS);
		// The block after the second hour's first one rolled the first hour up.
		assert!(events().contains(&Event::HourRolledUp { hour, targets: 3, probers: 3 }));
		// The first block of the third hour starts it; the next rolls up the second.
		go_to(block, DAY_START_MS + 2 * HOUR_MS + 6_000);
		go_to(block + 1, DAY_START_MS + 2 * HOUR_MS + 12_000);
		let day = sli::time::day_of(DAY_START_MS);
		assert_eq!(DaySli::<Test>::iter_prefix(day).count(), 3);
		assert_eq!(DayEntries::<Test>::get(day), 3);
		let bob_day = DaySli::<Test>::get(day, 1).expect("bob's day is recorded");
		assert_eq!(bob_day.p2p, None);
		let bob_day = bob_day.http.expect("bob is probed over HTTP");
		assert_eq!((bob_day.counts.up, bob_day.counts.total), (18, 36));
		// The day window answered hourly and the week window answered daily agree.
		let hourly = Monitoring::sli(&[BOB], Window::Day).unwrap();
		let daily = Monitoring::sli(&[BOB], Window::Week).unwrap();
		assert_eq!(daily.window.resolution, Resolution::Day);
		assert_eq!(hourly.aggregate, daily.aggregate);
		assert_eq!(daily.window.from_ms, DAY_START_MS - 6 * 24 * HOUR_MS);
		// History: one bucket per hour of the day window; two of them have data.
		let (bounds, buckets) = Monitoring::history(&BOB, Window::Day).unwrap();
		assert_eq!(bounds.resolution, Resolution::Hour);
		assert_eq!(buckets.len(), 24);
		let with_data: Vec<_> = buckets.iter().filter(|b| b.sli.probes > 0).collect();
		assert_eq!(with_data.len(), 2);
		assert!(with_data.iter().all(|b| b.sli.uptime_ppm == Some(500_000) && b.probers == 3));
	});
}

#[test]
fn groups_pool_their_members() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let next = an_hour_of_reports(&probers, DAY_START_MS, 1);
		go_to(next, DAY_START_MS + 3_000_000);
		let group = Monitoring::sli(&[ALICE, BOB], Window::Day).unwrap();
		assert_eq!(group.members.len(), 2);
		// Alice 18/18 up, Bob 9/18: the group 27/36.
		assert_eq!((group.aggregate.probes_up, group.aggregate.probes), (27, 36));
		assert_eq!(group.aggregate.uptime_ppm, Some(750_000));
		assert_eq!(Monitoring::sli(&[ALICE, 42], Window::Day), Err(QueryError::UnknownValidator));
	});
}

#[test]
fn a_window_ending_on_the_hour_still_has_a_last_block() {
	let t = three_probers_three_targets();
	let mut ext = t.ext;
	ext.execute_with(|| {
		// In a block the hook runs before the timestamp inherent: in the block stamped exactly
		// on the hour (every 600th on the dev chain's 6 s grid) the clock still shows the old
		// hour, and the new one has no first block yet.
		let on_the_hour = DAY_START_MS + HOUR_MS;
		go_to(7, on_the_hour - 6_000);
		set_now(on_the_hour);
		let report = Monitoring::sli(&[ALICE], Window::Day).unwrap();
		assert_eq!(report.window.to_ms, on_the_hour);
		assert_eq!(report.window.to_block, Some(7));
	});
}

#[test]
fn windows_are_checked_and_eras_follow_the_clock() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let next = an_hour_of_reports(&probers, DAY_START_MS, 1);
		go_to(next, DAY_START_MS + 3_000_000);
		let bad = Window::Custom { from_ms: DAY_START_MS, to_ms: DAY_START_MS };
		assert_eq!(
			Monitoring::sli(&[ALICE], bad),
			Err(QueryError::BadWindow(sli::time::WindowError::EmptyRange))
		);
		// Eras of 6 h from midnight: the current era started at 00:00 today.
		let era = Monitoring::sli(&[ALICE], Window::Era(None)).unwrap();
		assert_eq!(era.window.from_ms, DAY_START_MS);
		assert_eq!(era.window.from_block, Some(1));
		assert_eq!(era.aggregate.probes, 18);
		let custom =
			Window::Custom { from_ms: DAY_START_MS + HOUR_MS, to_ms: DAY_START_MS + 2 * HOUR_MS };
		assert_eq!(
			Monitoring::sli(&[ALICE], custom),
			Err(QueryError::BadWindow(sli::time::WindowError::InTheFuture))
		);
	});
}

#[test]
fn old_hours_and_days_are_forgotten() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let first_hour = sli::time::hour_of(DAY_START_MS);
		let next = an_hour_of_reports(&probers, DAY_START_MS, 1);
		// Walk the clock forward hour by hour; each block does one piece of housekeeping.
		let mut block = next;
		for h in 1..=(HOURS_KEPT as u64 + 2) {
			go_to(block, DAY_START_MS + h * HOUR_MS + 1_000);
			go_to(block + 1, DAY_START_MS + h * HOUR_MS + 7_000);
			block += 2;
		}
		assert_eq!(HourlyReports::<Test>::iter_prefix(first_hour).count(), 0);
		assert!(Hours::<Test>::get(first_hour).is_none());
		assert!(KeptHours::<Test>::get().len() as u32 <= HOURS_KEPT);
		let day = sli::time::day_of(DAY_START_MS);
		assert_eq!(HourSli::<Test>::iter_prefix(first_hour).count(), 0);
		assert_eq!(DaySli::<Test>::iter_prefix(day).count(), 3, "the day outlives its hours");
		// Days go after DaysKept days.
		for d in 1..=DAYS_KEPT as u64 {
			go_to(block, DAY_START_MS + d * 24 * HOUR_MS + 30 * HOUR_MS);
			go_to(block + 1, DAY_START_MS + d * 24 * HOUR_MS + 30 * HOUR_MS + 6_000);
			go_to(block + 2, DAY_START_MS + d * 24 * HOUR_MS + 30 * HOUR_MS + 12_000);
			block += 3;
		}
		assert_eq!(DaySli::<Test>::iter_prefix(day).count(), 0);
		assert_eq!(DayEntries::<Test>::get(day), 0);
		assert!(!KeptDays::<Test>::get().contains(&day));
	});
}

// --- The off-chain worker ------------------------------------------------------------------

fn pages(web: &Web, list: Vec<(&str, Page)>) {
	let mut state = web.0.write();
	for (url, page) in list {
		state.pages.insert(url.to_string(), page);
	}
}

/// Runs the off-chain worker at `block` and returns the report it submitted, if any.
fn run_worker(pool: &PoolState, block: u64) -> Option<ReportOf<Test>> {
	System::set_block_number(block);
	Monitoring::offchain_worker(block);
	let txs = std::mem::take(&mut pool.write().transactions);
	assert!(txs.len() <= 1, "one report per run");
	let xt = Extrinsic::decode(&mut &txs.first()?[..]).unwrap();
	let info = xt.function.get_dispatch_info();
	let len = txs[0].len();
	let checked =
		Checkable::check(xt.clone(), &frame_system::ChainContext::<Test>::default()).unwrap();
	checked.validate::<Test>(TransactionSource::Local, &info, len).expect("the pool accepts it");
	checked.apply::<Test>(&info, len).expect("applies").expect("dispatches");
	match xt.function {
		RuntimeCall::Monitoring(Call::submit_probes { report, .. }) => Some(report),
		_ => None,
	}
}

#[test]
fn the_worker_probes_up_down_timeout_slow_and_malformed() {
	let mut t = new_offchain_test(1);
	let web = t.web.clone();
	let pool = t.pool.clone();
	t.ext.execute_with(|| {
		let list = [
			(ALICE, "http://1.1.1.5/health"),
			(BOB, "http://1.1.1.6/health"),
			(CHARLIE, "http://1.1.1.10/health"),
			(4, "http://1.1.1.7/health"),
			(5, "http://1.1.1.11/health"),
			(6, "http://1.1.1.12/health"),
			(7, "http://1.1.1.8/health"),
		];
		let set: Vec<_> = list.iter().map(|(stash, url)| (*stash, urls(&[url]))).collect();
		assert_ok!(Monitoring::force_register(RuntimeOrigin::root(), set.try_into().unwrap()));
		pages(
			&web,
			vec![
				("http://1.1.1.5/health", Page::healthy(12)),
				(
					"http://1.1.1.6/health",
					Page::Answer {
						status: 200,
						body: br#"{"peers":3,"isSyncing":true,"shouldHavePeers":true}"#.to_vec(),
						delay_ms: 5,
					},
				),
				("http://1.1.1.10/health", Page::Hang),
				("http://1.1.1.7/health", Page::healthy(700)),
				(
					"http://1.1.1.11/health",
					Page::Answer { status: 200, body: b"<html>".to_vec(), delay_ms: 3 },
				),
				("http://1.1.1.12/health", Page::Answer { status: 503, body: vec![], delay_ms: 3 }),
				("http://1.1.1.8/health", Page::Refuse),
			],
		);
		let report = run_worker(&pool, 1).expect("a report");
		assert!(report.p2p.is_empty());
		let outcomes: Vec<Outcome> = report.http.iter().map(|r| r.outcome).collect();
		assert_eq!(
			report.http.iter().map(|r| r.target).collect::<Vec<_>>(),
			(0..7).collect::<Vec<_>>()
		);
		assert!(matches!(outcomes[0], Outcome::Up(ms) if (12..=14).contains(&ms)), "{outcomes:?}");
		assert_eq!(outcomes[1], Outcome::Down(DownReason::Syncing));
		assert_eq!(outcomes[2], Outcome::Down(DownReason::Timeout));
		assert!(
			matches!(outcomes[3], Outcome::Up(ms) if (700..=702).contains(&ms)),
			"{outcomes:?}"
		);
		assert_eq!(outcomes[4], Outcome::Down(DownReason::BadBody));
		assert_eq!(outcomes[5], Outcome::Down(DownReason::HttpStatus(503)));
		assert_eq!(outcomes[6], Outcome::Down(DownReason::Unreachable));
		// All requests went out at once: the whole run took the timeout, not the sum.
		assert!(web.0.read().now_ms <= DAY_START_MS + 1_000 + 2);
	});
}

#[test]
fn a_slow_answer_past_the_timeout_is_down() {
	let mut t = new_offchain_test(1);
	let web = t.web.clone();
	let pool = t.pool.clone();
	t.ext.execute_with(|| {
		assert_ok!(Monitoring::register(
			RuntimeOrigin::signed(ALICE),
			urls(&["http://1.1.1.1/health"])
		));
		pages(&web, vec![("http://1.1.1.1/health", Page::healthy(1_500))]);
		let report = run_worker(&pool, 1).unwrap();
		assert_eq!(report.http[0].outcome, Outcome::Down(DownReason::Timeout));
	});
}

const P2P: &str =
	"/ip4/127.0.0.1/tcp/30333/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";

/// The node's prober leaves `answer` in the off-chain storage (as it would within the
/// timeout); the test database keeps persistent values under an empty prefix.
fn node_answers(
	db: &std::sync::Arc<
		parking_lot::RwLock<polkadot_sdk::sp_core::offchain::testing::OffchainState>,
	>,
	answer: &NodeResults,
) {
	polkadot_sdk::sp_core::offchain::OffchainStorage::set(
		&mut db.write().persistent_storage,
		b"",
		RESULTS_KEY,
		&answer.encode(),
	);
}

fn offchain_get<V: Decode>(db: &OffchainTest, key: &[u8]) -> Option<V> {
	let value = db.db.read().persistent_storage.get(key)?;
	Some(V::decode(&mut &value[..]).unwrap())
}

#[test]
fn the_worker_hands_p2p_endpoints_to_the_node_prober_and_reports_its_results() {
	let mut t = new_offchain_test(1);
	let web = t.web.clone();
	let pool = t.pool.clone();
	let db = t.db.clone();
	t.ext.execute_with(|| {
		assert_ok!(Monitoring::register(
			RuntimeOrigin::signed(ALICE),
			urls(&["http://1.1.1.3/health"])
		));
		assert_ok!(Monitoring::register(
			RuntimeOrigin::signed(BOB),
			urls(&[P2P, "http://1.1.1.4/health"])
		));
		pages(
			&web,
			vec![("http://1.1.1.3/health", Page::Refuse), ("http://1.1.1.4/health", Page::Refuse)],
		);
		// The node's prober has answered the period's order (as it would within the timeout).
		let period = Monitoring::period_of(1);
		let answer = NodeResults {
			period,
			p2p: vec![ProbeResult { target: 1, outcome: Outcome::Up(4) }],
			http: vec![],
			records: vec![],
		};
		node_answers(&db, &answer);
		let report = run_worker(&pool, 1).unwrap();
		// Each channel apart: Bob up over p2p and refused at his URL; Alice over HTTP only.
		assert_eq!(report.p2p.to_vec(), vec![ProbeResult { target: 1, outcome: Outcome::Up(4) }]);
		assert_eq!(
			report.http.to_vec(),
			vec![
				ProbeResult { target: 0, outcome: Outcome::Down(DownReason::Unreachable) },
				ProbeResult { target: 1, outcome: Outcome::Down(DownReason::Unreachable) },
			]
		);
	});
	let order: NodeOrder = offchain_get(&t, ORDER_KEY).expect("an order for the prober");
	assert_eq!(order.period, t.ext.execute_with(|| Monitoring::period_of(1)));
	assert_eq!(
		order.p2p,
		vec![P2pTarget { target: 1, addresses: vec![P2P.as_bytes().to_vec()], discovery: None }]
	);
	assert!(order.http.is_empty(), "URLs with an IP address are the worker's");
}

#[test]
fn urls_that_name_their_host_are_probed_by_the_node_which_resolves_them() {
	let mut t = new_offchain_test(1);
	let web = t.web.clone();
	let pool = t.pool.clone();
	let db = t.db.clone();
	// Alice names her host, then gives an address; Bob gives an address only.
	let alice = ["http://alice.example/health", "http://1.1.1.3/health"];
	t.ext.execute_with(|| {
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(ALICE), urls(&alice)));
		assert_ok!(Monitoring::register(
			RuntimeOrigin::signed(BOB),
			urls(&["http://1.1.1.4/health"])
		));
		pages(
			&web,
			vec![
				("http://alice.example/health", Page::healthy(5)),
				("http://1.1.1.3/health", Page::healthy(5)),
				("http://1.1.1.4/health", Page::healthy(7)),
			],
		);
		// Without the node's prober: Alice is not measured at all (her named URL could lead
		// anywhere, and her URLs are tried in order), Bob is probed here.
		let report = run_worker(&pool, 1).expect("a report");
		assert_eq!(report.http.iter().map(|r| r.target).collect::<Vec<_>>(), vec![1]);
		assert_eq!(web.0.read().requested, vec!["http://1.1.1.4/health".to_string()]);
	});
	let order: NodeOrder = offchain_get(&t, ORDER_KEY).expect("an order for the prober");
	let alice_urls: Vec<Vec<u8>> = alice.iter().map(|u| u.as_bytes().to_vec()).collect();
	assert_eq!(order.http, vec![(0, alice_urls)]);
	assert!(order.p2p.is_empty());
	t.ext.execute_with(|| {
		// The next period, with the node's prober answering: its HTTP result is reported.
		let block = 1 + 2 * u64::from(DefaultProbeSettings::get().period_blocks);
		let period = Monitoring::period_of(block);
		let answer = NodeResults {
			period,
			p2p: vec![],
			http: vec![
				ProbeResult { target: 0, outcome: Outcome::Down(DownReason::NoPublicAddress) },
				// Not ordered from the node: ignored.
				ProbeResult { target: 1, outcome: Outcome::Up(1) },
			],
			records: vec![],
		};
		node_answers(&db, &answer);
		let report = run_worker(&pool, block).expect("a report");
		assert_eq!(
			report.http.to_vec(),
			vec![
				ProbeResult { target: 0, outcome: Outcome::Down(DownReason::NoPublicAddress) },
				ProbeResult { target: 1, outcome: Outcome::Up(7) },
			]
		);
		assert!(report.p2p.is_empty());
	});
}

#[test]
fn without_a_node_prober_p2p_only_targets_are_not_measured() {
	let mut t = new_offchain_test(1);
	let web = t.web.clone();
	let pool = t.pool.clone();
	t.ext.execute_with(|| {
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(ALICE), urls(&[P2P])));
		assert_ok!(Monitoring::register(
			RuntimeOrigin::signed(BOB),
			urls(&["http://1.1.1.4/health"])
		));
		pages(
			&web,
			vec![(
				"http://1.1.1.4/health",
				Page::Answer { status: 200, body: vec![], delay_ms: 3 },
			)],
		);
		let started = web.0.read().now_ms;
		let report = run_worker(&pool, 1).unwrap();
		// No p2p result at all for Alice: not measured, never "down".
		assert!(report.p2p.is_empty());
		assert_eq!(report.http.iter().map(|r| r.target).collect::<Vec<_>>(), vec![1]);
		// It waited for the prober no longer than the timeout and the hand-off allowance.
		let waited = web.0.read().now_ms - started;
		let allowance = u64::from(Settings::<Test>::get().timeout_ms) + crate::probe::HANDOFF_MS;
		assert!(waited <= allowance + crate::probe::HANDOFF_POLL_MS, "waited {waited} ms");
	});
}

#[test]
fn p2p_addresses_register_like_urls() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Monitoring::register(RuntimeOrigin::signed(ALICE), urls(&["/ip4/8.8.8.8/udp/1/p2p/x"])),
			Error::<Test>::BadP2pAddress
		);
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(ALICE), urls(&[P2P])));
	});
}

#[test]
fn the_worker_falls_back_to_the_next_endpoint() {
	let mut t = new_offchain_test(1);
	let web = t.web.clone();
	let pool = t.pool.clone();
	t.ext.execute_with(|| {
		let both = urls(&["http://1.1.1.9/health", "http://1.1.1.14/health/readiness"]);
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(ALICE), both));
		pages(
			&web,
			vec![
				("http://1.1.1.9/health", Page::Refuse),
				(
					"http://1.1.1.14/health/readiness",
					Page::Answer { status: 200, body: vec![], delay_ms: 30 },
				),
			],
		);
		let report = run_worker(&pool, 1).unwrap();
		assert!(matches!(report.http[0].outcome, Outcome::Up(_)));
		assert_eq!(web.0.read().requested.len(), 2);
	});
}

#[test]
fn the_worker_probes_once_per_period_and_skips_paused_targets() {
	let mut t = new_offchain_test(1);
	let web = t.web.clone();
	let pool = t.pool.clone();
	t.ext.execute_with(|| {
		assert_ok!(Monitoring::register(
			RuntimeOrigin::signed(ALICE),
			urls(&["http://1.1.1.1/health"])
		));
		assert_ok!(Monitoring::register(
			RuntimeOrigin::signed(BOB),
			urls(&["http://1.1.1.2/health"])
		));
		pages(
			&web,
			vec![
				("http://1.1.1.1/health", Page::healthy(10)),
				("http://1.1.1.2/health", Page::healthy(10)),
			],
		);
		assert!(run_worker(&pool, 2).is_some());
		// Block 3 is still period 1: nothing to do.
		assert!(run_worker(&pool, 3).is_none());
		assert_ok!(Monitoring::pause(RuntimeOrigin::signed(BOB)));
		let report = run_worker(&pool, 4).unwrap();
		assert_eq!(report.http.iter().map(|r| r.target).collect::<Vec<_>>(), vec![0]);
		assert_eq!(web.0.read().requested.len(), 3);
	});
}

#[test]
fn the_worker_leaves_urls_the_chain_no_longer_accepts_unprobed() {
	let mut t = new_offchain_test(1);
	let web = t.web.clone();
	let pool = t.pool.clone();
	t.ext.execute_with(|| {
		// Registered while the chain allowed private hosts (a dev chain's settings).
		let both = urls(&["http://10.0.0.1/health", "http://1.1.1.2/health"]);
		assert_ok!(Monitoring::register(RuntimeOrigin::signed(ALICE), both));
		assert_ok!(Monitoring::register(
			RuntimeOrigin::signed(BOB),
			urls(&["http://[::1]/health"])
		));
		pages(
			&web,
			vec![
				("http://10.0.0.1/health", Page::healthy(5)),
				("http://1.1.1.2/health", Page::healthy(10)),
				("http://[::1]/health", Page::healthy(5)),
			],
		);
		assert_ok!(Monitoring::set_settings(
			RuntimeOrigin::root(),
			ProbeSettings { allow_private_hosts: false, ..DefaultProbeSettings::get() }
		));
		let report = run_worker(&pool, 2).unwrap();
		// Alice through her public URL only; Bob not measured at all (not reported down).
		assert_eq!(report.http.iter().map(|r| r.target).collect::<Vec<_>>(), vec![0]);
		assert!(report.p2p.is_empty());
		assert!(report.http[0].outcome.is_up());
		assert_eq!(web.0.read().requested, vec!["http://1.1.1.2/health".to_string()]);
	});
}

#[test]
fn the_worker_without_a_prober_key_does_nothing() {
	let mut t = new_offchain_test(1);
	let web = t.web.clone();
	let pool = t.pool.clone();
	t.ext.execute_with(|| {
		assert_ok!(Monitoring::register(
			RuntimeOrigin::signed(ALICE),
			urls(&["http://1.1.1.1/health"])
		));
		ProberKeys::set(vec![]);
		assert!(run_worker(&pool, 1).is_none());
		assert!(web.0.read().requested.is_empty());
	});
}

#[test]
fn each_worker_probes_only_its_share() {
	let mut t = new_offchain_test(1);
	let my_key = t.probers[0].clone();
	let web = t.web.clone();
	let pool = t.pool.clone();
	t.ext.execute_with(|| {
		// Three more probers whose keys this node does not hold.
		let mut keys = ProberKeys::get();
		keys.extend((0..3).map(|i| {
			ProberId::from(polkadot_sdk::sp_core::sr25519::Public::from_raw([i + 1; 32]))
		}));
		keys.sort();
		ProberKeys::set(keys.clone());
		let mine = keys.iter().position(|k| *k == my_key).unwrap() as u32;
		let stashes: Vec<_> = (0..8u64).map(|i| (100 + i, health(i as u32))).collect();
		assert_ok!(Monitoring::force_register(RuntimeOrigin::root(), stashes.try_into().unwrap()));
		Monitoring::note_relay_randomness(Some([42; 32]));
		let report = run_worker(&pool, 1).unwrap();
		let probed: Vec<u32> = report.http.iter().map(|r| r.target).collect();
		let assignment = Monitoring::assignment(report.period, 4);
		let expected: Vec<u32> = (0..8).filter(|t| assignment.is_assigned(*t, mine)).collect();
		assert_eq!(probed, expected);
		// 8 targets × 3 probers shared by 4: six each.
		assert_eq!(web.0.read().requested.len(), 6);
	});
}

#[test]
fn genesis_registers_targets_and_settings() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let settings = ProbeSettings {
		period_blocks: 5,
		probers_per_target: 4,
		timeout_ms: 1_500,
		min_probers: 2,
		allow_private_hosts: false,
	};
	crate::GenesisConfig::<Test> {
		targets: vec![(ALICE, vec!["http://validator.example:9944/health".into()])],
		settings: Some(settings),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	polkadot_sdk::sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(Settings::<Test>::get(), settings);
		assert_eq!(TargetOfStash::<Test>::get(ALICE), Some(0));
		assert_eq!(Targets::<Test>::get(0).unwrap().deposit, 0);
	});
}

#[test]
#[should_panic(expected = "invalid genesis endpoint: PrivateHost")]
fn a_genesis_target_on_a_private_host_is_refused_where_the_chain_forbids_them() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let _ = crate::GenesisConfig::<Test> {
		targets: vec![(ALICE, vec!["http://127.0.0.1:9944/health".into()])],
		settings: Some(ProbeSettings { allow_private_hosts: false, ..DefaultProbeSettings::get() }),
	}
	.assimilate_storage(&mut storage);
}

#[test]
fn a_query_names_a_bounded_number_of_validators_and_reads_only_kept_days() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let too_many = vec![ALICE; MAX_QUERY as usize + 1];
		assert_eq!(Monitoring::sli(&too_many, Window::Day), Err(QueryError::TooManyValidators));
		assert!(Monitoring::sli(&too_many[1..], Window::Day).is_ok());
		let next = an_hour_of_reports(&probers, DAY_START_MS, 1);
		go_to(next, DAY_START_MS + HOUR_MS + 6_000);
		go_to(next + 1, DAY_START_MS + HOUR_MS + 12_000);
		// Since the Unix epoch: ≈ 20,800 daily buckets, of which only the kept ones are read.
		let all_time = Window::Custom { from_ms: 0, to_ms: DAY_START_MS + HOUR_MS };
		let long = Monitoring::sli(&[ALICE, BOB], all_time).unwrap();
		let week = Monitoring::sli(&[ALICE, BOB], Window::Week).unwrap();
		assert_eq!(long.window.resolution, Resolution::Day);
		assert_eq!(long.aggregate.probes, 36);
		assert_eq!(long.members, week.members);
		let (_, buckets) = Monitoring::history(&ALICE, all_time).unwrap();
		assert_eq!(buckets.len(), 1, "one kept day");
	});
}

#[test]
fn version_1_settings_migrate_with_evidence_from_three_probers_and_public_hosts_only() {
	use crate::migrations::v2::{self, MigrateToV2, ProbeSettingsV1};
	use polkadot_sdk::frame_support::{
		migrations::SteppedMigration,
		traits::{GetStorageVersion, StorageVersion},
		weights::WeightMeter,
	};
	new_test_ext().execute_with(|| {
		for (stash, n) in [(ALICE, 0), (BOB, 1), (CHARLIE, 2)] {
			assert_ok!(Monitoring::register(RuntimeOrigin::signed(stash), health(n)));
		}
		assert_ok!(Monitoring::pause(RuntimeOrigin::signed(BOB)));
		// Version 1 had no list of active targets.
		ActiveTargets::<Test>::kill();
		StorageVersion::new(1).put::<Monitoring>();
		let old = ProbeSettingsV1 { period_blocks: 50, probers_per_target: 9, timeout_ms: 3_000 };
		v2::Settings::<Test>::put(old);
		let mut meter = WeightMeter::new();
		assert_eq!(MigrateToV2::<Test>::step(None, &mut meter), Ok(None));
		assert_eq!(
			Settings::<Test>::get(),
			ProbeSettings {
				period_blocks: 50,
				probers_per_target: MAX_PER_TARGET,
				timeout_ms: 3_000,
				min_probers: 3,
				allow_private_hosts: false,
			}
		);
		assert_eq!(Monitoring::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(ActiveTargets::<Test>::get().into_inner(), vec![0, 2]);
		// Twice is harmless.
		assert_eq!(MigrateToV2::<Test>::step(None, &mut meter), Ok(None));
		let one = ProbeSettingsV1 { probers_per_target: 1, ..old };
		let upgraded = one.upgrade(MAX_PER_TARGET);
		assert_eq!((upgraded.probers_per_target, upgraded.min_probers), (3, 3));
	});
}

/// The storage figures `docs/monitoring.md` gives: bytes per entry, per day and per year, for
/// targets probed one way (a validator of the relay chain's set, over p2p) and both ways.
#[test]
fn storage_is_bounded_as_documented() {
	use codec::{Encode, MaxEncodedLen};
	let hour_entry = <(TargetId, HourEntries)>::max_encoded_len();
	let day_entry = <(TargetId, CombinedByChannel)>::max_encoded_len();
	assert_eq!((hour_entry, day_entry), (184, 182));
	// One channel: the other is a one-byte `None`.
	let full = |counts: ProbeCounts| {
		let mut full = counts;
		full.up = u32::MAX;
		full.total = u32::MAX;
		full.latency_sum_ms = u64::MAX;
		full
	};
	let mut counts = ProbeCounts::default();
	for ms in 0..20_000 {
		counts.record(true, ms);
	}
	let counts = full(counts);
	// Up with the longest timeout a probe may take (30 s).
	let last = LastProbe { period: u32::MAX, outcome: Outcome::Up(30_000) };
	let one_hour = (u32::MAX, ByChannel::only(Channel::P2p, HourEntry { counts, last }));
	let combined = Combined { counts, probers: u32::MAX, max_deviation_ppm: u32::MAX };
	let one_day = (u32::MAX, ByChannel::only(Channel::P2p, combined));
	let (hour_one, day_one) = (one_hour.encoded_size(), one_day.encoded_size());
	assert_eq!((hour_one, day_one), (95, 94));
	// 1,000 validators, three probers each, 26 hours and 366 days kept.
	let (hourly, daily) = (26 * 3 * 1_000 * hour_one, 366 * 1_000 * day_one);
	assert_eq!((hourly, daily), (7_410_000, 34_404_000));
	let (hourly, daily) = (26 * 3 * 1_000 * hour_entry, 366 * 1_000 * day_entry);
	assert_eq!((hourly, daily), (14_352_000, 66_612_000));
}

#[test]
fn a_query_reads_only_its_own_validators_records() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let mut block = an_hour_of_reports(&probers, DAY_START_MS, 1);
		block = an_hour_of_reports(&probers, DAY_START_MS + HOUR_MS, block);
		go_to(block, DAY_START_MS + 2 * HOUR_MS + 6_000);
		let hour = sli::time::hour_of(DAY_START_MS);
		assert_eq!(HourSli::<Test>::iter_prefix(hour).count(), 3);
		// Bob's combined hour is his own entry; the others' are not read.
		let before = Monitoring::combined_sli(&[BOB], Window::Day).unwrap();
		HourSli::<Test>::remove(hour, 0);
		HourSli::<Test>::remove(hour, 2);
		let after = Monitoring::combined_sli(&[BOB], Window::Day).unwrap();
		assert_eq!(before.aggregate, after.aggregate);
		assert_eq!(after.aggregate.probes, 36);
		assert!(after.members[0].probers.is_empty(), "no per-prober breakdown");
		assert_eq!(after.members[0].probers_seen, 3);
		// The full query still shows each prober, from the hours' reports.
		assert_eq!(Monitoring::sli(&[BOB], Window::Day).unwrap().members[0].probers.len(), 3);
		let alice = Monitoring::combined_sli(&[ALICE], Window::Week).unwrap();
		assert!(alice.aggregate.probes > 0, "Alice's day still answers");
	});
}

#[test]
fn an_hour_reported_by_more_keys_than_a_block_clears_is_forgotten_over_several_blocks() {
	use polkadot_sdk::sp_core::crypto::UncheckedFrom;
	let mut t = three_probers_three_targets();
	// An old hour still kept, reported by more prober keys than one block clears (the
	// prober set changed within the hour).
	let hour = sli::time::hour_of(DAY_START_MS) - 30;
	let keys = MAX_PROBERS + 2;
	t.ext.execute_with(|| {
		KeptHours::<Test>::mutate(|kept| kept.try_insert(0, hour).unwrap());
		Hours::<Test>::insert(hour, (0, 0));
		for i in 0..keys {
			let prober = ProberId::unchecked_from([i as u8 + 1; 32]);
			HourlyReports::<Test>::insert(hour, prober, HourRecordOf::<Test>::default());
		}
		let combined = sli::combine(&[ProbeCounts::default()]);
		HourSli::<Test>::insert(hour, 0, ByChannel::only(Channel::Http, combined));
	});
	// Written in an earlier block: in the backend, where removal limits count.
	t.ext.ext.commit_all().unwrap();
	t.ext.execute_with(|| {
		assert_eq!(Monitoring::forget_hour(hour), (MAX_PROBERS, 1));
		assert!(KeptHours::<Test>::get().contains(&hour), "kept until empty");
		assert!(HoursForgottenBefore::<Test>::get() > hour, "queries stop reading it at once");
	});
	t.ext.ext.commit_all().unwrap();
	t.ext.execute_with(|| {
		assert_eq!(Monitoring::forget_hour(hour), (2, 0));
		assert!(!KeptHours::<Test>::get().contains(&hour));
		assert!(Hours::<Test>::get(hour).is_none());
		assert_eq!(HourlyReports::<Test>::iter_prefix(hour).count(), 0);
	});
}

#[test]
fn a_version_3_chain_migrates_to_the_same_answers_with_each_record_on_its_channel() {
	use crate::migrations::v4::{self, MigrateToV4, Progress};
	use polkadot_sdk::frame_support::{
		migrations::{SteppedMigration, SteppedMigrationError},
		traits::{GetStorageVersion, StorageVersion},
		weights::WeightMeter,
	};
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		// Two days of reports, the last hour of the first day and two hours of the second.
		let day_one = DAY_START_MS;
		let mut block = an_hour_of_reports(&probers, day_one + 23 * HOUR_MS, 1);
		block = an_hour_of_reports(&probers, day_one + 24 * HOUR_MS, block);
		block = an_hour_of_reports(&probers, day_one + 25 * HOUR_MS, block);
		go_to(block, day_one + 26 * HOUR_MS + 6_000);
		let windows = [Window::Day, Window::Week];
		let stashes = [ALICE, BOB, CHARLIE];
		let answers: Vec<_> =
			windows.iter().map(|w| Monitoring::sli(&stashes, *w).unwrap()).collect();
		let history = Monitoring::history(&BOB, Window::Week).unwrap();
		// Put the records back into the version-3 layout: one channel, the one these targets
		// (registered with URLs) are probed over.
		let http = |c: CombinedByChannel| c.http.expect("probed over HTTP");
		for hour in KeptHours::<Test>::get() {
			for (prober, record) in HourlyReports::<Test>::iter_prefix(hour).collect::<Vec<_>>() {
				let old: Vec<_> =
					record.into_iter().map(|(t, e)| (t, e.http.expect("over HTTP"))).collect();
				v4::HourlyReports::<Test>::insert(
					hour,
					prober,
					v4::HourRecordV3::<Test>::truncate_from(old),
				);
			}
			for (target, entry) in HourSli::<Test>::iter_prefix(hour).collect::<Vec<_>>() {
				v4::HourSli::<Test>::insert(hour, target, http(entry));
			}
		}
		let days = KeptDays::<Test>::get();
		assert_eq!(days.len(), 2);
		for day in &days {
			for (target, entry) in DaySli::<Test>::iter_prefix(day).collect::<Vec<_>>() {
				v4::DaySli::<Test>::insert(day, target, http(entry));
				let hours = InsufficientHours::<Test>::take(day, target);
				if hours.http > 0 {
					v4::InsufficientHours::<Test>::insert(day, target, hours.http);
				}
			}
		}
		// A validator of the relay chain's set (with a discovery key): its records were p2p.
		let relay_validator = 7;
		Discovery::<Test>::insert(
			relay_validator,
			DiscoveryState { key: [7; 32], since_hour: 0, latest: None },
		);
		let p2p_hour = sli::combine(&[ProbeCounts { up: 1, total: 2, ..Default::default() }]);
		let last_hour = *KeptHours::<Test>::get().first().unwrap();
		v4::HourSli::<Test>::insert(last_hour, relay_validator, p2p_hour);
		v4::InsufficientHours::<Test>::insert(days[1], relay_validator, 2);
		v4::DaySli::<Test>::insert(days[1], relay_validator, p2p_hour);
		StorageVersion::new(3).put::<Monitoring>();
		// Meanwhile the hook leaves the records alone: the finished hour stays pending.
		let pending = PendingRollUps::<Test>::get();
		assert_eq!(pending.len(), 1);
		Monitoring::on_initialize(block);
		assert_eq!(PendingRollUps::<Test>::get(), pending);

		// Too little weight for a step: refused, nothing changes.
		let mut tiny = WeightMeter::with_limit(Weight::from_parts(1, 1));
		assert!(matches!(
			MigrateToV4::<Test>::step(None, &mut tiny),
			Err(SteppedMigrationError::InsufficientWeight { .. })
		));
		// One step per block's worth of weight, as pallet-migrations would run it.
		let mut cursor = None;
		let mut steps = 0;
		loop {
			let mut meter = WeightMeter::with_limit(MigrateToV4::<Test>::step_weight());
			cursor = MigrateToV4::<Test>::step(cursor, &mut meter).unwrap();
			steps += 1;
			if cursor.is_none() {
				break;
			}
			assert!(matches!(cursor, Some(Progress::Hours(_)) | Some(Progress::Days(_))));
		}
		// Each kept hour, the turn to days, each kept day, then the closing step.
		assert_eq!(steps, KeptHours::<Test>::get().len() + 1 + days.len() + 1);
		assert_eq!(Monitoring::on_chain_storage_version(), StorageVersion::new(4));
		assert_eq!(
			HourSli::<Test>::get(last_hour, relay_validator),
			Some(ByChannel::only(Channel::P2p, p2p_hour))
		);
		assert_eq!(
			DaySli::<Test>::get(days[1], relay_validator),
			Some(ByChannel::only(Channel::P2p, p2p_hour))
		);
		assert_eq!(
			InsufficientHours::<Test>::get(days[1], relay_validator),
			ByChannel { p2p: 2, http: 0 }
		);
		Discovery::<Test>::remove(relay_validator);
		HourSli::<Test>::remove(last_hour, relay_validator);
		DaySli::<Test>::remove(days[1], relay_validator);
		InsufficientHours::<Test>::remove(days[1], relay_validator);
		let migrated: Vec<_> =
			windows.iter().map(|w| Monitoring::sli(&stashes, *w).unwrap()).collect();
		assert_eq!(answers, migrated);
		assert_eq!(history, Monitoring::history(&BOB, Window::Week).unwrap());
		// Already at version 4: a second run does nothing.
		let mut meter = WeightMeter::new();
		assert_eq!(MigrateToV4::<Test>::step(None, &mut meter).unwrap(), None);
	});
}

#[test]
fn an_hour_of_many_targets_is_rolled_up_over_several_blocks_and_answers_the_same_meanwhile() {
	let mut t = three_probers_three_targets();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		RollUpChunk::set(2);
		let hour = sli::time::hour_of(DAY_START_MS);
		let day = sli::time::day_of(DAY_START_MS);
		let block = an_hour_of_reports(&probers, DAY_START_MS, 1);
		let stashes = [ALICE, BOB, CHARLIE];
		let windows = [Window::Day, Window::Week];
		let answers = || -> Vec<_> {
			windows.iter().map(|w| Monitoring::combined_sli(&stashes, *w).unwrap()).collect()
		};
		// The hour is over; nothing rolled up yet: answered from the probers' reports.
		set_now(DAY_START_MS + HOUR_MS);
		let before = answers();
		// The first block of the next hour starts it; the one after rolls up two of the
		// three targets.
		go_to(block, DAY_START_MS + HOUR_MS + 6_000);
		assert_eq!(PendingRollUps::<Test>::get().first(), Some(&hour));
		assert_eq!(RollUpFrom::<Test>::get(), None);
		go_to(block + 1, DAY_START_MS + HOUR_MS + 12_000);
		assert_eq!(RollUpFrom::<Test>::get(), Some(2));
		assert_eq!(DaySli::<Test>::iter_prefix(day).count(), 2);
		assert!(!events().iter().any(|e| matches!(e, Event::HourRolledUp { .. })));
		let midway = answers();
		// The next block rolls up the third and finishes the hour.
		go_to(block + 2, DAY_START_MS + HOUR_MS + 18_000);
		assert!(PendingRollUps::<Test>::get().is_empty());
		assert_eq!(RollUpFrom::<Test>::get(), None);
		assert!(events().contains(&Event::HourRolledUp { hour, targets: 3, probers: 3 }));
		assert_eq!(HourSli::<Test>::iter_prefix(hour).count(), 3);
		let after = answers();
		for (i, window) in windows.iter().enumerate() {
			assert_eq!(before[i].aggregate, midway[i].aggregate, "{window:?} midway");
			assert_eq!(before[i].aggregate, after[i].aggregate, "{window:?} after");
		}
		assert_eq!(after[1].aggregate.probes, 54);
		RollUpChunk::set(MAX_TARGETS);
	});
}

// --- Probers from the session keys ---------------------------------------------------------

#[test]
fn the_sessions_probe_keys_are_the_probers_sorted_and_bounded() {
	use polkadot_sdk::{frame_support::traits::OneSessionHandler, sp_core::sr25519};
	new_test_ext().execute_with(|| {
		let key = |i: u8| ProberId::from(sr25519::Public::from_raw([i; 32]));
		let accounts: Vec<AccountId> = (0..(MAX_PROBERS as u64 + 3)).collect();
		// Unsorted, one key twice, more than MaxProbers collators.
		let mut keys: Vec<ProberId> = (0..accounts.len() as u8).rev().map(|i| key(i + 1)).collect();
		keys[1] = keys[0].clone();
		let session = || accounts.iter().zip(keys.iter().cloned());
		<Monitoring as OneSessionHandler<AccountId>>::on_genesis_session(session());
		let probers = crate::SessionProberKeys::<Test>::sorted_members();
		assert_eq!(probers.len(), MAX_PROBERS as usize);
		assert!(probers.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
		assert_eq!(probers[0], key(1));
		assert!(crate::SessionProberKeys::<Test>::contains(&key(1)));
		// A new session replaces them.
		let next = vec![(&accounts[0], key(200))];
		<Monitoring as OneSessionHandler<AccountId>>::on_new_session(
			true,
			next.clone().into_iter(),
			next.into_iter(),
		);
		assert_eq!(crate::SessionProberKeys::<Test>::sorted_members(), vec![key(200)]);
		assert!(!crate::SessionProberKeys::<Test>::contains(&key(1)));
	});
}

// --- Discoverability: signed authority-discovery records -----------------------------------

/// A relay-chain validator's keys: its authority-discovery key and its node's network key.
struct Validator {
	authority: polkadot_sdk::sp_core::sr25519::Pair,
	network: polkadot_sdk::sp_core::ed25519::Pair,
}

use polkadot_sdk::sp_core::Pair as _;

impl Validator {
	fn new(name: &str) -> Self {
		use polkadot_sdk::sp_core::Pair;
		Validator {
			authority: Pair::from_string(&format!("//{name}"), None).unwrap(),
			network: Pair::from_string(&format!("//{name}//net"), None).unwrap(),
		}
	}

	fn key(&self) -> DiscoveryKey {
		self.authority.public().0
	}

	fn peer_id(&self) -> PeerIdBytes {
		dht_record::peer_id_of(&self.network.public().0)
	}

	/// Its record created at `created_ms`, as its node publishes it.
	fn record_at(&self, created_ms: u64) -> Vec<u8> {
		self.sign(&self.plain_record(created_ms), true)
	}

	fn plain_record(&self, created_ms: u64) -> Vec<u8> {
		let address = dht_record::build::tcp_address([203, 0, 113, 7], 30333, &self.peer_id());
		dht_record::build::authority_record(&[address], Some(u128::from(created_ms) * 1_000_000))
	}

	fn sign(&self, record: &[u8], with_peer: bool) -> Vec<u8> {
		let peer = (self.network.sign(record).0, self.network.public().0);
		dht_record::build::signed_record(
			record,
			&self.authority.sign(record).0,
			with_peer.then_some((&peer.0, &peer.1)),
		)
	}
}

/// Alice, Bob and Charlie are the relay chain's validators (targets 0, 1, 2) with real
/// discovery keys, and there are three probers.
fn relay_validators() -> (OffchainTest, Vec<Validator>) {
	let mut t = new_offchain_test(3);
	let validators =
		vec![Validator::new("Alice"), Validator::new("Bob"), Validator::new("Charlie")];
	t.ext.execute_with(|| {
		go_to(1, DAY_START_MS + 6_000);
		let set: Vec<_> = [ALICE, BOB, CHARLIE]
			.iter()
			.zip(&validators)
			.map(|(stash, v)| RelayValidator { stash: *stash, discovery: Some(v.key()) })
			.collect();
		Monitoring::note_relay_session(Some(1), || RelaySetProof::NotProven);
		Monitoring::note_relay_session(Some(1), || RelaySetProof::Set(set.try_into().unwrap()));
		assert_eq!(members(), vec![(ALICE, 0, 0), (BOB, 1, 1), (CHARLIE, 2, 2)]);
	});
	(t, validators)
}

fn records_checked() -> Vec<(u32, u32, u32)> {
	events()
		.into_iter()
		.filter_map(|e| match e {
			Event::RecordsChecked { accepted, stale, refused, .. } => {
				Some((accepted, stale, refused))
			},
			_ => None,
		})
		.collect()
}

fn discoverability(stash: AccountId) -> Option<Discoverability> {
	Monitoring::sli(&[stash], Window::Day).unwrap().members[0].discoverability
}

#[test]
fn a_verified_record_names_the_peer_id_and_vouches_for_its_hour_and_the_next() {
	let (mut t, validators) = relay_validators();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let hour = sli::time::hour_of(DAY_START_MS);
		let created_ms = DAY_START_MS + 1_000;
		let record = validators[0].record_at(created_ms);
		apply(sign_with_records(&probers[0], 0, vec![up(0, 10)], vec![(0, record)]));
		assert_eq!(records_checked(), vec![(1, 0, 0)]);
		let state = Discovery::<Test>::get(0).unwrap();
		assert_eq!(state.latest, Some(RecordSeen { peer_id: validators[0].peer_id(), created_ms }));
		assert_eq!(state.since_hour, hour);
		let day = sli::time::day_of(DAY_START_MS);
		assert_eq!(DiscoverableHours::<Test>::get(day, 0), 0b11, "hours 0 and 1 of the day");
		// The current hour, vouched for, counts; Bob's does not count yet.
		assert_eq!(
			discoverability(ALICE),
			Some(Discoverability { hours: 1, discoverable_hours: 1 })
		);
		assert_eq!(discoverability(BOB), Some(Discoverability::default()));
		// The pooled figure sums the hours; queries list the PeerId.
		let group = Monitoring::sli(&[ALICE, BOB], Window::Day).unwrap();
		assert_eq!(
			group.discoverability,
			Some(Discoverability { hours: 1, discoverable_hours: 1 })
		);
		let info = Monitoring::target_infos().into_iter().find(|i| i.id == 0).unwrap();
		assert_eq!(
			info.discovery.and_then(|d| d.latest).map(|l| l.peer_id),
			Some(validators[0].peer_id())
		);
	});
}

#[test]
fn forged_foreign_future_and_stale_records_change_nothing() {
	let (mut t, validators) = relay_validators();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let (alice, bob) = (&validators[0], &validators[1]);
		let now = DAY_START_MS + 6_000;
		let mut tampered = alice.record_at(now - 1_000);
		let at = tampered.windows(4).position(|w| w == [203, 0, 113, 7]).unwrap();
		tampered[at + 3] = 8;
		let forged = vec![
			(0, tampered),
			// Bob's record passed off as Alice's.
			(0, bob.record_at(now - 1_000)),
			// Without the network key's signature: it binds no PeerId.
			(0, alice.sign(&alice.plain_record(now - 1_000), false)),
			// Created ten minutes from now.
			(0, alice.record_at(now + 600_000)),
		];
		apply(sign_with_records(&probers[0], 0, vec![up(0, 10)], forged));
		assert_eq!(records_checked(), vec![(0, 0, 4)]);
		assert_eq!(Discovery::<Test>::get(0).unwrap().latest, None);
		assert_eq!(DiscoverableHours::<Test>::iter().count(), 0);

		// The genuine record, passed on by two probers, then an older one: verified once.
		let genuine = alice.record_at(now - 1_000);
		apply(sign_with_records(&probers[1], 0, vec![up(0, 10)], vec![(0, genuine.clone())]));
		let older = alice.record_at(now - 5_000);
		apply(sign_with_records(&probers[2], 0, vec![up(0, 10)], vec![(0, genuine), (0, older)]));
		assert_eq!(records_checked(), vec![(0, 0, 4), (1, 0, 0), (0, 2, 0)]);
		assert_eq!(Discovery::<Test>::get(0).unwrap().latest.unwrap().created_ms, now - 1_000);
		// A record for a target that is not a relay-set validator is not even verified.
		let registered = vec![(4, health(4))].try_into().unwrap();
		assert_ok!(Monitoring::force_register(RuntimeOrigin::root(), registered));
		assert!(Discovery::<Test>::get(3).is_none());
	});
}

#[test]
fn discoverability_counts_the_hours_since_joining_up_to_now() {
	let (mut t, validators) = relay_validators();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let alice = &validators[0];
		apply(sign_with_records(&probers[0], 0, vec![], vec![(0, alice.record_at(DAY_START_MS))]));
		// Three hours later, nothing since: hours 0 and 1 of the three over are vouched for;
		// the current one does not count yet.
		go_to(1_000, DAY_START_MS + 3 * HOUR_MS + 6_000);
		let three_hours = Discoverability { hours: 3, discoverable_hours: 2 };
		assert_eq!(discoverability(ALICE), Some(three_hours));
		assert_eq!(three_hours.ppm(), Some(666_666));
		// A fresh record counts the current hour.
		let fresh = alice.record_at(DAY_START_MS + 3 * HOUR_MS + 1_000);
		let period = Monitoring::period_of(1_000);
		apply(sign_with_records(&probers[0], period, vec![], vec![(0, fresh)]));
		assert_eq!(
			discoverability(ALICE),
			Some(Discoverability { hours: 4, discoverable_hours: 3 })
		);
		// Hour by hour in the history.
		let (_, buckets) = Monitoring::history(&ALICE, Window::Day).unwrap();
		let vouched: Vec<u32> = buckets
			.iter()
			.filter_map(|b| b.discoverability)
			.map(|d| d.discoverable_hours)
			.collect();
		assert_eq!(vouched.iter().sum::<u32>(), 3);
		// A target registered by URL only has no discoverability.
		let registered = vec![(4, health(4))].try_into().unwrap();
		assert_ok!(Monitoring::force_register(RuntimeOrigin::root(), registered));
		assert_eq!(discoverability(4), None);
	});
}

#[test]
fn leaving_the_set_ends_discovery_and_a_new_key_keeps_the_record() {
	let (mut t, validators) = relay_validators();
	let probers = t.probers.clone();
	t.ext.execute_with(|| {
		let now = DAY_START_MS + 6_000;
		apply(sign_with_records(&probers[0], 0, vec![], vec![(0, validators[0].record_at(now))]));
		let rotated = Validator::new("Alice//rotated");
		let set = vec![
			RelayValidator { stash: ALICE, discovery: Some(rotated.key()) },
			RelayValidator { stash: CHARLIE, discovery: Some(validators[2].key()) },
		];
		Monitoring::note_relay_session(Some(2), || RelaySetProof::NotProven);
		Monitoring::note_relay_session(Some(2), || RelaySetProof::Set(set.try_into().unwrap()));
		let alice = Discovery::<Test>::get(0).unwrap();
		assert_eq!(alice.key, rotated.key());
		assert_eq!(alice.latest.map(|l| l.created_ms), Some(now));
		assert!(Discovery::<Test>::get(1).is_none(), "Bob left the set");
		// Records are now checked against the new key.
		let old_key_record = validators[0].record_at(now + 1_000);
		let new_key_record = rotated.record_at(now + 2_000);
		apply(sign_with_records(
			&probers[1],
			0,
			vec![],
			vec![(0, old_key_record), (0, new_key_record)],
		));
		assert_eq!(records_checked().last(), Some(&(1, 0, 1)));
	});
}

#[test]
fn the_worker_asks_for_relay_validators_by_discovery_key_and_passes_on_records_in_turn() {
	let (mut t, validators) = relay_validators();
	let pool = t.pool.clone();
	let db = t.db.clone();
	let probers = t.probers.clone();
	let now = DAY_START_MS + 6_000;
	t.ext.execute_with(|| {
		// The chain has Bob's record of now already, and has not heard of Charlie for 3 hours.
		apply(sign_with_records(&probers[1], 0, vec![], vec![(1, validators[1].record_at(now))]));
		Discovery::<Test>::mutate(2, |state| {
			state.as_mut().unwrap().since_hour = sli::time::hour_of(now) - 3;
		});
		let period = Monitoring::period_of(1);
		let answer = NodeResults {
			period,
			p2p: vec![up(0, 4), up(1, 5), down(2)],
			http: vec![],
			records: vec![
				(0, validators[0].record_at(now - 1_000)),
				(1, validators[1].record_at(now - 60_000)),
				(2, validators[2].record_at(now - 2_000)),
			],
		};
		node_answers(&db, &answer);
		// This worker is prober 0; Alice's record is its to carry only in its turn.
		let carries_alice = Monitoring::assignment(period, 3).record_carrier(0, period) == Some(0);
		let report = run_worker(&pool, 1).expect("a report");
		assert_eq!(report.p2p.to_vec(), vec![up(0, 4), up(1, 5), down(2)]);
		assert!(report.http.is_empty());
		// Bob's is not newer than the chain's; Charlie's is overdue, whoever's turn it is.
		let expected = if carries_alice { vec![0, 2] } else { vec![2] };
		assert_eq!(report.records.iter().map(|r| r.target).collect::<Vec<_>>(), expected);
		assert!(Discovery::<Test>::get(2).unwrap().latest.is_some());
	});
	let order: NodeOrder = offchain_get(&t, ORDER_KEY).expect("an order for the prober");
	let keys: Vec<_> = order.p2p.iter().map(|t| (t.target, t.discovery)).collect();
	assert_eq!(
		keys,
		validators.iter().enumerate().map(|(i, v)| (i as u32, Some(v.key()))).collect::<Vec<_>>()
	);
	assert!(order.p2p.iter().all(|t| t.addresses.is_empty()));
}

#[test]
fn version_2_gives_the_relay_sets_validators_their_discovery_entries() {
	use crate::migrations::v3::MigrateToV3;
	use polkadot_sdk::frame_support::{
		migrations::SteppedMigration,
		traits::{GetStorageVersion, StorageVersion},
		weights::WeightMeter,
	};
	let (mut t, validators) = relay_validators();
	t.ext.execute_with(|| {
		let _ = Discovery::<Test>::clear(u32::MAX, None);
		StorageVersion::new(2).put::<Monitoring>();
		let mut meter = WeightMeter::new();
		assert_eq!(MigrateToV3::<Test>::step(None, &mut meter), Ok(None));
		assert_eq!(Monitoring::on_chain_storage_version(), StorageVersion::new(3));
		let keys: Vec<_> = (0..3).map(|t| Discovery::<Test>::get(t).map(|d| d.key)).collect();
		assert_eq!(keys, validators.iter().map(|v| Some(v.key())).collect::<Vec<_>>());
		// Twice is harmless.
		assert_eq!(MigrateToV3::<Test>::step(None, &mut meter), Ok(None));
	});
}

//! SLI queries over XCM on the real runtime: a sibling's request, as the reference consumer
//! (`pallet-sli-consumer`) builds it, executed by this runtime's XCM executor from the
//! sibling's origin; the answer read back from the XCMP queue and decoded as the sibling
//! would, compared with what `SliXcmApi` returns at that block; and what must be refused.

use codec::{Decode, Encode};
use pallet_sli_consumer::{request_message, RemotePallet};
use pallet_sli_xcm::Callback;
use polkadot_sdk::{
	cumulus_primitives_core::{ParaId, XcmpMessageSource},
	frame_support::{
		traits::fungible::Mutate,
		weights::{Weight, WeightToFee as _},
	},
	polkadot_parachain_primitives::primitives::Sibling,
	sp_io::TestExternalities,
	sp_keyring::Sr25519Keyring,
	sp_runtime::traits::AccountIdConversion,
	staging_xcm::{latest::prelude::*, VersionedXcm},
	staging_xcm_executor::XcmExecutor,
};
use sli_xcm::{Answer, Query, QueryId, VersionedAnswer, VersionedQuery, Window};
use stacktical_runtime::{
	configs::{sli_xcm::MaxAnswersPerBlock, xcm::XcmConfig},
	AccountId, Balances, ParachainSystem, Runtime, RuntimeCall, RuntimeEvent, RuntimeGenesisConfig,
	SliXcm, System, WeightToFee, XcmpQueue, UNIT,
};

/// The sibling that asks.
const SIBLING: u32 = 2_001;
/// A day of chain time, far from any real clock's edge.
const DAY_START_MS: u64 = 1_796_083_200_000;
const HOUR_MS: u64 = 3_600_000;

fn sibling() -> Location {
	Location::new(1, [Parachain(SIBLING)])
}

fn sovereign() -> AccountId {
	Sibling::from(SIBLING).into_account_truncating()
}

/// The runtime's own genesis (the dev preset's monitoring: Alice registered with a URL), at
/// 00:30 on a day whose first hour has a rolled-up record of Alice, with a channel open to
/// the sibling and its sovereign account funded.
fn chain() -> TestExternalities {
	let patch =
		stacktical_runtime::genesis_config_presets::get_preset(&"development".into()).unwrap();
	let mut ext =
		TestExternalities::new(test_utils::genesis_storage::<RuntimeGenesisConfig>(&patch));
	ext.execute_with(|| {
		System::set_block_number(2);
		let hour = sli::time::hour_of(DAY_START_MS);
		// Hour 0 rolled up with Alice's probes; hour 1 is the current one.
		pallet_monitoring::Hours::<Runtime>::insert(hour, (1, DAY_START_MS));
		pallet_monitoring::Hours::<Runtime>::insert(hour + 1, (2, DAY_START_MS + HOUR_MS));
		pallet_monitoring::Days::<Runtime>::insert(
			sli::time::day_of(DAY_START_MS),
			(1, DAY_START_MS),
		);
		pallet_monitoring::KeptDays::<Runtime>::put(
			polkadot_sdk::frame_support::BoundedVec::truncate_from(vec![sli::time::day_of(
				DAY_START_MS,
			)]),
		);
		let mut counts = sli::ProbeCounts::default();
		for ms in [30, 40, 50] {
			counts.record(true, ms);
		}
		counts.record(false, 0);
		let combined = sli::combine(&[counts, counts, counts]);
		let entry = pallet_monitoring::ByChannel::only(sli::Channel::Http, combined);
		pallet_monitoring::HourSli::<Runtime>::insert(hour, 0, entry);
		pallet_monitoring::DaySli::<Runtime>::insert(sli::time::day_of(DAY_START_MS), 0, entry);
		pallet_monitoring::KeptHours::<Runtime>::put(
			polkadot_sdk::frame_support::BoundedVec::truncate_from(vec![hour, hour + 1]),
		);
		pallet_monitoring::CurrentHour::<Runtime>::put(hour + 1);
		// The clock (set directly: no Aura slot in these tests).
		polkadot_sdk::pallet_timestamp::Now::<Runtime>::put(DAY_START_MS + HOUR_MS + 30 * 60_000);
		ParachainSystem::open_outbound_hrmp_channel_for_benchmarks_or_tests(SIBLING.into());
		Balances::set_balance(&sovereign(), 1_000 * UNIT);
	});
	ext
}

fn alice() -> AccountId {
	Sr25519Keyring::Alice.to_account_id()
}

/// Where the answering pallet is, as a consumer configures it.
fn remote(crate_major: u32) -> RemotePallet {
	RemotePallet {
		index: 44,
		name: b"SliXcm".to_vec(),
		module_name: b"pallet_sli_xcm".to_vec(),
		crate_major,
		min_crate_minor: 1,
	}
}

fn callback() -> Callback {
	Callback {
		pallet_index: 50,
		call_index: pallet_sli_consumer::ANSWER_CALL_INDEX,
		max_weight: Weight::from_parts(1_000_000_000, 16 * 1024),
		fee: None,
	}
}

/// The fee a request buys execution with: 1 STK, as this chain names its own token.
fn fee() -> Asset {
	(Here, UNIT).into()
}

/// The reference consumer's request message for `query`.
fn request(query_id: QueryId, query: &VersionedQuery<AccountId>, crate_major: u32) -> Xcm<()> {
	let weight = Weight::from_parts(5_000_000_000, 256 * 1024);
	request_message(&remote(crate_major), fee(), sibling(), weight, query_id, query, &callback())
}

/// Executes `message` as arriving from the sibling, with a generous weight limit.
fn execute(message: Xcm<()>) -> Outcome {
	let mut hash = message.using_encoded(polkadot_sdk::sp_io::hashing::blake2_256);
	XcmExecutor::<XcmConfig>::prepare_and_execute(
		sibling(),
		Xcm::<RuntimeCall>::from(message),
		&mut hash,
		Weight::from_parts(100_000_000_000, 10 * 1024 * 1024),
		Weight::zero(),
	)
}

/// The XCM messages queued for the sibling, decoded.
fn sent_to_sibling() -> Vec<Xcm<()>> {
	let mut out = Vec::new();
	for (para, blob) in XcmpQueue::take_outbound_messages(usize::MAX, &[]) {
		assert_eq!(para, ParaId::from(SIBLING));
		// The page's format byte, then versioned messages back to back.
		let mut rest = &blob[1..];
		while !rest.is_empty() {
			let message = VersionedXcm::<()>::decode(&mut rest).expect("a versioned message");
			out.push(message.try_into().expect("a current-version message"));
		}
	}
	out
}

/// The `(query_id, answer)` a sent answer carries into the callback.
fn answer_of(message: &Xcm<()>) -> (QueryId, VersionedAnswer<AccountId>) {
	let call = message
		.0
		.iter()
		.find_map(|i| match i {
			Transact { call, origin_kind, fallback_max_weight } => {
				assert_eq!(*origin_kind, OriginKind::Xcm);
				assert_eq!(*fallback_max_weight, Some(callback().max_weight));
				Some(call.encoded().to_vec())
			},
			_ => None,
		})
		.expect("the answer is a Transact");
	assert_eq!(call[..2], [callback().pallet_index, callback().call_index]);
	Decode::decode(&mut &call[2..]).expect("the callback's arguments decode")
}

fn answered() -> Vec<(QueryId, bool)> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::SliXcm(pallet_sli_xcm::Event::Answered { query_id, ok, to }) => {
				assert_eq!(to, sibling());
				Some((query_id, ok))
			},
			_ => None,
		})
		.collect()
}

#[test]
fn a_siblings_request_is_answered_with_what_the_runtime_api_gives_at_that_block() {
	chain().execute_with(|| {
		let query = VersionedQuery::V1(Query::Slis {
			stashes: vec![alice()].try_into().unwrap(),
			window: Window::Day,
		});
		let preview = SliXcm::answer(&query);
		let VersionedAnswer::V1(Ok(Answer::Slis(ref group))) = preview else {
			panic!("Alice's SLIs: {preview:?}")
		};
		assert_eq!((group.members[0].sli.probes_up, group.members[0].sli.probes), (9, 12));
		assert_eq!(group.members[0].channel, sli::Channel::Http);
		// Final evidence only: up to the start of the current hour.
		assert_eq!(group.window.to_ms, DAY_START_MS + HOUR_MS);

		let before = Balances::free_balance(sovereign());
		let message = request(7, &query, 0);
		let quote = {
			let versioned = VersionedXcm::from(message.clone());
			let weight = polkadot_sdk::pallet_xcm::Pallet::<Runtime>::query_xcm_weight(versioned)
				.expect("the message is weighed");
			WeightToFee::weight_to_fee(&weight)
		};
		let outcome = execute(message);
		let Outcome::Complete { used } = outcome else { panic!("{outcome:?}") };
		assert_eq!(answered(), vec![(7, true)]);
		let sent = sent_to_sibling();
		assert_eq!(sent.len(), 1, "one answer");
		assert_eq!(answer_of(&sent[0]), (7, preview));
		assert!(matches!(sent[0].0[0], UnpaidExecution { .. }), "an unpaid answer: {:?}", sent[0]);
		// The sibling paid for the weight its request used, no more: the quote, less what
		// the appendix refunded.
		let charged = before - Balances::free_balance(sovereign());
		assert_eq!(charged, WeightToFee::weight_to_fee(&used));
		assert!(charged > 0 && charged <= quote, "charged {charged}, quoted {quote}");
	});
}

#[test]
fn query_errors_travel_in_the_answer() {
	chain().execute_with(|| {
		let unknown = VersionedQuery::V1(Query::History {
			stash: Sr25519Keyring::Ferdie.to_account_id(),
			window: Window::Week,
		});
		assert!(matches!(execute(request(8, &unknown, 0)), Outcome::Complete { .. }));
		let sent = sent_to_sibling();
		assert_eq!(
			answer_of(&sent[0]),
			(8, VersionedAnswer::V1(Err(sli_xcm::QueryError::UnknownValidator)))
		);
		assert_eq!(answered(), vec![(8, false)]);
	});
}

#[test]
fn an_unpaid_request_is_stopped_by_the_barrier() {
	chain().execute_with(|| {
		let query = VersionedQuery::V1(Query::Slis {
			stashes: vec![alice()].try_into().unwrap(),
			window: Window::Day,
		});
		let paid = request(9, &query, 0);
		// The same request without paying: the pallet check and the Transact only.
		let unpaid = Xcm(paid.0.into_iter().skip(3).collect());
		let outcome = execute(unpaid);
		assert!(
			matches!(outcome, Outcome::Incomplete { ref error, .. } | Outcome::Error(ref error)
				if error.error == XcmError::Barrier),
			"{outcome:?}"
		);
		assert!(sent_to_sibling().is_empty());
		assert!(answered().is_empty());
	});
}

#[test]
fn a_pallet_of_another_version_stops_the_request_before_the_transact() {
	chain().execute_with(|| {
		let query = VersionedQuery::V1(Query::Slis {
			stashes: vec![alice()].try_into().unwrap(),
			window: Window::Day,
		});
		let before = Balances::free_balance(sovereign());
		// The consumer speaks version 9 of the pallet.
		let outcome = execute(request(10, &query, 9));
		assert!(
			matches!(outcome, Outcome::Incomplete { ref error, .. } if error.error == XcmError::VersionIncompatible),
			"{outcome:?}"
		);
		assert!(sent_to_sibling().is_empty(), "nothing answered");
		assert!(answered().is_empty());
		// The appendix still refunded what execution did not use.
		let charged = before - Balances::free_balance(sovereign());
		assert!(charged < UNIT, "charged {charged} of the 1 STK withdrawn");
	});
}

#[test]
fn answers_per_block_are_limited_and_the_rest_fail_in_the_transact() {
	chain().execute_with(|| {
		let query = VersionedQuery::V1(Query::Slis {
			stashes: vec![alice()].try_into().unwrap(),
			window: Window::Day,
		});
		let limit = MaxAnswersPerBlock::get();
		for id in 0..=u64::from(limit) {
			let _ = execute(request(id, &query, 0));
		}
		assert_eq!(answered().len() as u32, limit);
		assert_eq!(sent_to_sibling().len() as u32, limit, "the last one was not answered");
		// The next block answers again.
		System::set_block_number(System::block_number() + 1);
		let _ = execute(request(99, &query, 0));
		assert_eq!(sent_to_sibling().len(), 1);
	});
}

#[test]
fn only_sli_requests_may_be_transacted_from_other_chains() {
	chain().execute_with(|| {
		let transfer = RuntimeCall::Balances(polkadot_sdk::pallet_balances::Call::transfer_allow_death {
			dest: alice().into(),
			value: UNIT,
		});
		let alice_before = Balances::free_balance(alice());
		let message = Xcm(vec![
			WithdrawAsset(fee().into()),
			BuyExecution { fees: fee(), weight_limit: Unlimited },
			Transact {
				origin_kind: OriginKind::SovereignAccount,
				fallback_max_weight: Some(Weight::from_parts(1_000_000_000, 16 * 1024)),
				call: transfer.encode().into(),
			},
		]);
		let outcome = execute(message);
		assert!(
			matches!(outcome, Outcome::Incomplete { ref error, .. } if error.error == XcmError::NoPermission),
			"{outcome:?}"
		);
		assert_eq!(Balances::free_balance(alice()), alice_before);
		// A query naming more validators than the ABI allows does not even decode.
		let too_many = vec![alice(); sli_xcm::MAX_STASHES as usize + 1];
		let mut call = vec![44u8, pallet_sli_xcm::REQUEST_CALL_INDEX];
		(1u64, (1u8, 0u8, too_many, Window::Day), callback()).encode_to(&mut call);
		let oversized = Xcm(vec![
			WithdrawAsset(fee().into()),
			BuyExecution { fees: fee(), weight_limit: Unlimited },
			Transact {
				origin_kind: OriginKind::Xcm,
				fallback_max_weight: Some(Weight::from_parts(1_000_000_000, 16 * 1024)),
				call: call.into(),
			},
		]);
		let outcome = execute(oversized);
		assert!(
			// Refused when the message is weighed, before anything is withdrawn.
			matches!(outcome, Outcome::Error(ref error) if error.error == XcmError::FailedToDecode),
			"{outcome:?}"
		);
		assert!(answered().is_empty());
	});
}

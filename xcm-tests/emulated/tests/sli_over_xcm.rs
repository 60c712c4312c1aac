//! SLIs over XCM across chains, each running its own runtime: consumers ask Stacktical
//! through HRMP with `pallet-sli-consumer`, the relay chain asks through DMP, and every
//! answer is compared with what Stacktical's `SliXcmApi` returns at the block that answered.

use codec::Decode;
use polkadot_sdk::{
	frame_support::{assert_ok, traits::fungible::Inspect, weights::Weight},
	polkadot_runtime_parachains::inclusion::{AggregateMessageOrigin as RelayOrigin, UmpQueueId},
	sp_keyring::Sr25519Keyring,
	sp_runtime::{traits::AccountIdConversion, AccountId32},
	staging_xcm::{latest::prelude::*, VersionedLocation, VersionedXcm},
};
use sli_xcm::{Answer, Query, QueryId, VersionedAnswer, VersionedQuery, Window};
use stacktical_emulated_tests::*;

type StackticalNet = Stacktical<SliNetwork>;
type A = ConsumerA<SliNetwork>;
type B = ConsumerB<SliNetwork>;
type Relay = Rococo<SliNetwork>;

type AccountId = stacktical_runtime::AccountId;

/// One ROC, the relay chain's token, in plancks.
const ROC: u128 = 1_000_000_000_000;

fn alice() -> AccountId {
	Sr25519Keyring::Alice.to_account_id()
}

fn alices_day() -> VersionedQuery<AccountId> {
	VersionedQuery::V1(Query::Slis {
		stashes: vec![alice()].try_into().unwrap(),
		window: Window::Day,
	})
}

fn alices_history() -> VersionedQuery<AccountId> {
	VersionedQuery::V1(Query::History { stash: alice(), window: Window::Day })
}

/// What Stacktical's runtime API answers to `query` now.
fn api_answer(query: &VersionedQuery<AccountId>) -> VersionedAnswer<AccountId> {
	use pallet_sli_xcm_runtime_api::runtime_decl_for_sli_xcm_api::SliXcmApiV1;
	StackticalNet::ext_wrapper(|| {
		<stacktical_runtime::Runtime as SliXcmApiV1<stacktical_runtime::Block, AccountId>>::answer(
			query.clone(),
		)
	})
}

/// A consumer's root asks `query` in a block of its own; the request reaches Stacktical and
/// is executed there (the answer waits for Stacktical's next block).
fn ask<C: TestExt>(query: VersionedQuery<AccountId>) -> QueryId {
	C::execute_with(|| {
		let id = pallet_sli_consumer::NextQueryId::<consumer_runtime::Runtime>::get();
		assert_ok!(consumer_runtime::SliConsumer::ask(
			consumer_runtime::RuntimeOrigin::root(),
			query
		));
		id
	})
}

/// Stacktical's `Answered` events since its last block: `(query_id, to, ok)`.
fn answered_on_stacktical() -> Vec<(QueryId, Location, bool)> {
	StackticalNet::ext_wrapper(|| {
		stacktical_runtime::System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				stacktical_runtime::RuntimeEvent::SliXcm(pallet_sli_xcm::Event::Answered {
					query_id,
					to,
					ok,
				}) => Some((query_id, to, ok)),
				_ => None,
			})
			.collect()
	})
}

/// A Stacktical block: what it queued (answers) leaves for the other chains, which take it.
fn stacktical_block() {
	StackticalNet::execute_with(|| {});
}

/// The consumer pallet's events on `C` since they were last taken.
fn consumer_events<C: TestExt>() -> Vec<pallet_sli_consumer::Event<consumer_runtime::Runtime>> {
	C::ext_wrapper(|| {
		let events = consumer_runtime::System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				consumer_runtime::RuntimeEvent::SliConsumer(e) => Some(e),
				_ => None,
			})
			.collect();
		consumer_runtime::System::reset_events();
		events
	})
}

/// Whether consumer `C`'s message queue executed each message from Stacktical since the
/// events were last taken to its end (`true`) or stopped it (`false`).
fn verdicts_on<C: TestExt>() -> Vec<bool> {
	let stacktical = AggregateMessageOrigin::Sibling(ParaId::from(STACKTICAL));
	C::ext_wrapper(|| {
		consumer_runtime::System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				consumer_runtime::RuntimeEvent::MessageQueue(
					polkadot_sdk::pallet_message_queue::Event::Processed {
						origin, success, ..
					},
				) if origin == stacktical => Some(success),
				_ => None,
			})
			.collect()
	})
}

/// Whether consumer `C`'s barrier lets `origin` execute `message` without paying.
fn admitted_unpaid<C: TestExt>(origin: Location) -> bool {
	use polkadot_sdk::staging_xcm_executor::traits::{Properties, ShouldExecute};
	let mut message: Xcm<consumer_runtime::RuntimeCall> =
		Xcm(vec![UnpaidExecution { weight_limit: Unlimited, check_origin: None }, ClearOrigin]);
	let mut properties = Properties { weight_credit: Weight::zero(), message_id: None };
	C::ext_wrapper(|| {
		consumer_runtime::xcm_config::Barrier::should_execute(
			&origin,
			message.inner_mut(),
			Weight::from_parts(1_000_000_000, 64 * 1024),
			&mut properties,
		)
		.is_ok()
	})
}

/// A fresh network, its chains initialised (so that changes to their state last).
fn fresh_network() {
	SliNetwork::reset();
	SliNetwork::init();
}

fn kept_answer<C: TestExt>(query_id: QueryId) -> Option<VersionedAnswer<AccountId>> {
	C::ext_wrapper(|| pallet_sli_consumer::Answers::<consumer_runtime::Runtime>::get(query_id))
}

fn pending<C: TestExt>(query_id: QueryId) -> bool {
	C::ext_wrapper(|| {
		pallet_sli_consumer::Pending::<consumer_runtime::Runtime>::contains_key(query_id)
	})
}

fn stk_of(who: &AccountId) -> u128 {
	StackticalNet::ext_wrapper(|| {
		<stacktical_runtime::Balances as Inspect<AccountId>>::balance(who)
	})
}

/// Whether the relay chain processed a message from Stacktical's upward queue since its last
/// block.
fn relay_took_a_message_from_stacktical() -> bool {
	Relay::ext_wrapper(|| {
		rococo_runtime::System::events().into_iter().any(|r| {
			matches!(r.event, rococo_runtime::RuntimeEvent::MessageQueue(
				polkadot_sdk::pallet_message_queue::Event::Processed { ref origin, .. }
			) if *origin == RelayOrigin::Ump(UmpQueueId::Para(ParaId::from(STACKTICAL))))
		})
	})
}

fn sovereign_on_stacktical(para: u32) -> AccountId {
	polkadot_sdk::polkadot_parachain_primitives::primitives::Sibling::from(para)
		.into_account_truncating()
}

#[test]
fn both_consumers_get_their_own_answers_equal_to_the_runtime_api() {
	fresh_network();
	let a_paid_before = stk_of(&sovereign_on_stacktical(CONSUMER_A));

	let a = ask::<A>(alices_day());
	let b = ask::<B>(alices_history());
	// Both requests were executed on Stacktical, each answered to its own chain.
	assert_eq!(
		answered_on_stacktical(),
		vec![
			(a, Location::new(1, [Parachain(CONSUMER_A)]), true),
			(b, Location::new(1, [Parachain(CONSUMER_B)]), true),
		]
	);
	let expected_a = api_answer(&alices_day());
	let expected_b = api_answer(&alices_history());
	let VersionedAnswer::V1(Ok(Answer::Slis(ref group))) = expected_a else {
		panic!("Alice's SLIs: {expected_a:?}")
	};
	assert_eq!((group.members[0].sli.probes_up, group.members[0].sli.probes), (9, 12));
	assert!(matches!(expected_b, VersionedAnswer::V1(Ok(Answer::History(_)))), "{expected_b:?}");
	assert!(pending::<A>(a) && pending::<B>(b), "waiting for Stacktical's next block");

	stacktical_block();

	assert_eq!(kept_answer::<A>(a), Some(expected_a));
	assert_eq!(kept_answer::<B>(b), Some(expected_b));
	assert!(!pending::<A>(a) && !pending::<B>(b));
	assert_eq!(
		consumer_events::<A>(),
		vec![pallet_sli_consumer::Event::Answered { query_id: a, ok: true }]
	);
	assert_eq!(
		consumer_events::<B>(),
		vec![pallet_sli_consumer::Event::Answered { query_id: b, ok: true }]
	);
	// Consumer A paid for its request's execution on Stacktical, and less than the 1 STK it
	// withdrew: the surplus came back.
	let paid = a_paid_before - stk_of(&sovereign_on_stacktical(CONSUMER_A));
	assert!(paid > 0 && paid < stacktical_runtime::UNIT, "paid {paid}");
}

/// Alice, a Stacktical user, sends consumer A `answer(query_id, forged)`: unpaid, then paid
/// from her account there.
fn forge_answer(query_id: QueryId, paid: bool) {
	let forged: VersionedAnswer<AccountId> =
		VersionedAnswer::V1(Err(sli_xcm::QueryError::UnknownValidator));
	let call = consumer_runtime::RuntimeCall::SliConsumer(pallet_sli_consumer::Call::answer {
		query_id,
		answer: forged,
	});
	let transact = Transact {
		origin_kind: OriginKind::Xcm,
		fallback_max_weight: Some(Weight::from_parts(1_000_000_000, 64 * 1024)),
		call: codec::Encode::encode(&call).into(),
	};
	let fee: Asset = (Here, consumer_runtime::UNIT).into();
	let message = if paid {
		Xcm(vec![
			WithdrawAsset(fee.clone().into()),
			BuyExecution { fees: fee, weight_limit: Unlimited },
			transact,
		])
	} else {
		Xcm(vec![UnpaidExecution { weight_limit: Unlimited, check_origin: None }, transact])
	};
	StackticalNet::execute_with(|| {
		assert_ok!(stacktical_runtime::PolkadotXcm::send(
			stacktical_runtime::RuntimeOrigin::signed(alice()),
			Box::new(VersionedLocation::from(Location::new(1, [Parachain(CONSUMER_A)]))),
			Box::new(VersionedXcm::from(message)),
		));
	});
}

#[test]
fn a_forged_callback_from_a_stacktical_user_is_refused() {
	fresh_network();
	// Consumer A cannot pay on Stacktical: its query stays pending, unanswered.
	StackticalNet::ext_wrapper(|| {
		use polkadot_sdk::frame_support::traits::fungible::Mutate;
		stacktical_runtime::Balances::set_balance(&sovereign_on_stacktical(CONSUMER_A), 0);
	});
	let a = ask::<A>(alices_day());
	assert!(answered_on_stacktical().is_empty());

	// Unpaid: the barrier admits unpaid execution from Stacktical's chain root only.
	assert!(admitted_unpaid::<A>(Location::new(1, [Parachain(STACKTICAL)])));
	assert!(!admitted_unpaid::<A>(stacktical_user()));
	forge_answer(a, false);
	assert_eq!(verdicts_on::<A>(), vec![false], "stopped");
	assert!(pending::<A>(a) && kept_answer::<A>(a).is_none());
	assert!(consumer_events::<A>().is_empty());
	let user = stacktical_user_on_consumer();
	let funds = A::ext_wrapper(|| consumer_runtime::Balances::free_balance(&user));

	// Paid: past the barrier, the consumer pallet refuses an origin that is not Stacktical's
	// root. (The message itself runs to its end: XCM keeps a `Transact`'s dispatch error in
	// its transact status.)
	forge_answer(a, true);
	assert!(pending::<A>(a) && kept_answer::<A>(a).is_none());
	assert!(consumer_events::<A>().is_empty());
	let spent = funds - A::ext_wrapper(|| consumer_runtime::Balances::free_balance(&user));
	assert!(
		spent > 0,
		"the forged message passed the barrier and paid; the pallet refused its call"
	);
}

#[test]
fn a_duplicate_or_late_answer_is_ignored() {
	fresh_network();
	let first = ask::<A>(alices_day());
	stacktical_block();
	let kept = kept_answer::<A>(first).expect("answered");
	assert_eq!(
		consumer_events::<A>(),
		vec![pallet_sli_consumer::Event::Answered { query_id: first, ok: true }]
	);

	// Stacktical's root sends the same answer again.
	StackticalNet::execute_with(|| {
		let callback = pallet_sli_xcm::Callback {
			pallet_index: 50,
			call_index: pallet_sli_consumer::ANSWER_CALL_INDEX,
			max_weight: pallet_sli_consumer::Pallet::<consumer_runtime::Runtime>::answer_weight(),
			fee: None,
		};
		let to = Location::new(1, [Parachain(CONSUMER_A)]);
		let here = stacktical_runtime::configs::xcm::UniversalLocation::get();
		let message =
			pallet_sli_xcm::reply::answer_message(&to, &here, &callback, first, &kept).unwrap();
		assert_ok!(polkadot_sdk::staging_xcm::prelude::send_xcm::<
			stacktical_runtime::configs::xcm::XcmRouter,
		>(to, message));
	});
	assert_eq!(
		consumer_events::<A>(),
		vec![pallet_sli_consumer::Event::Ignored { query_id: first }]
	);
	assert_eq!(kept_answer::<A>(first), Some(kept.clone()));

	// A query whose answer arrives after the consumer's timeout.
	let late = ask::<A>(alices_day());
	let timeout = consumer_runtime::configs::AnswerTimeout::get();
	for _ in 0..=timeout {
		A::execute_with(|| {});
	}
	stacktical_block();
	assert_eq!(
		consumer_events::<A>(),
		vec![pallet_sli_consumer::Event::Ignored { query_id: late }]
	);
	assert_eq!(kept_answer::<A>(late), None);
	assert!(!pending::<A>(late));
}

/// The relay chain asks through DMP and is answered through UMP, paying for the answer's
/// execution there in ROC.
///
/// `rococo-runtime` has no SLI consumer, so its callback is `System::remark(Vec<u8>)`: a call
/// the relay chain can decode. (A destination decodes every `Transact`'s call when the message
/// arrives and refuses the whole message as corrupt if one does not decode: a callback must
/// take `(u64, VersionedAnswer)`.) The query asks about an unmonitored validator, whose short
/// error answer, after a query id chosen as its compact length prefix, is exactly one
/// remark's bytes.
#[test]
fn the_relay_chains_request_is_answered() {
	fresh_network();
	let stacktical_on_relay: AccountId32 = ParaId::from(STACKTICAL).into_account_truncating();
	let roc =
		|who: &AccountId32| Relay::ext_wrapper(|| rococo_runtime::Balances::free_balance(who));
	let funds = roc(&stacktical_on_relay);
	let query = VersionedQuery::V1(Query::History {
		stash: Sr25519Keyring::Ferdie.to_account_id(),
		window: Window::Week,
	});
	let expected = api_answer(&query);
	assert_eq!(expected, VersionedAnswer::V1(Err(sli_xcm::QueryError::UnknownValidator)));
	// `remark`'s length prefix is the id's first byte; the id's other 7 bytes and the answer
	// are the remark.
	let remark_len = 7 + codec::Encode::encoded_size(&expected) as u64;
	let query_id = remark_len << 2;
	let callback = pallet_sli_xcm::Callback {
		pallet_index: 0,
		call_index: 0,
		max_weight: Weight::from_parts(1_000_000_000, 64 * 1024),
		fee: Some(Asset::from((Here, ROC)).into()),
	};
	let request = pallet_sli_consumer::request_message(
		&consumer_runtime::configs::StackticalSliXcm::get(),
		(Here, stacktical_runtime::UNIT).into(),
		Location::parent(),
		consumer_runtime::configs::RequestWeight::get(),
		query_id,
		&query,
		&callback,
	);
	// The relay chain's root sends it (governance would, through `XcmPallet::send`).
	Relay::execute_with(|| {
		assert_ok!(polkadot_sdk::staging_xcm::prelude::send_xcm::<
			rococo_runtime::xcm_config::XcmRouter,
		>(Location::new(0, [Parachain(STACKTICAL)]), request));
	});

	// Stacktical took the downward message and answered the relay chain (a query error is an
	// answer too); the answer waits in its upward queue for its next block.
	assert_eq!(answered_on_stacktical(), vec![(query_id, Location::parent(), false)]);
	let sent: Xcm<()> = StackticalNet::ext_wrapper(|| {
		let upward = polkadot_sdk::cumulus_pallet_parachain_system::PendingUpwardMessages::<
			stacktical_runtime::Runtime,
		>::get();
		assert_eq!(upward.len(), 1, "one answer to the relay chain");
		VersionedXcm::<()>::decode(&mut &upward[0][..])
			.expect("a versioned message")
			.try_into()
			.expect("a current-version message")
	});
	// Paid from Stacktical's sovereign account on the relay chain, the surplus deposited back.
	assert!(matches!(sent.0[0], WithdrawAsset(_)), "{sent:?}");
	let call = sent
		.0
		.iter()
		.find_map(|i| match i {
			Transact { call, .. } => Some(call.encoded().to_vec()),
			_ => None,
		})
		.expect("the answer is a Transact");
	assert_eq!(call[..2], [0, 0]);
	let (id, answer): (QueryId, VersionedAnswer<AccountId>) =
		Decode::decode(&mut &call[2..]).expect("the callback's arguments decode");
	assert_eq!((id, answer), (query_id, expected));

	// The relay chain takes the message from Stacktical's upward queue with Stacktical's next
	// block and executes it: the fee is withdrawn, the rest comes back.
	assert!(!relay_took_a_message_from_stacktical(), "not before Stacktical's next block");
	stacktical_block();
	assert!(relay_took_a_message_from_stacktical());
	let spent = funds - roc(&stacktical_on_relay);
	assert!(spent > 0 && spent < ROC, "spent {spent}");
}

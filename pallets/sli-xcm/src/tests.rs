use crate::{mock::*, reply, AnswersInBlock, Callback, Error, Event};
use codec::{Decode, Encode};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, weights::Weight},
	sp_runtime::{DispatchError, DispatchResult},
	staging_xcm::{latest::prelude::*, v3, VersionedAsset},
};
use sli_xcm::{Answer, Query, QueryError, VersionedAnswer, VersionedQuery, Window};
use test_utils::xcm::{set_send_fails, take_sent};

const WEIGHT: Weight = Weight::from_parts(200_000_000, 4_096);

/// `request`, its arguments boxed as the call takes them.
fn request(
	origin: RuntimeOrigin,
	query_id: u64,
	query: VersionedQuery<AccountId>,
	callback: Callback,
) -> DispatchResult {
	SliXcm::request(origin, query_id, Box::new(query), Box::new(callback))
}

fn callback(fee: Option<VersionedAsset>) -> Callback {
	Callback { pallet_index: 42, call_index: 3, max_weight: WEIGHT, fee }
}

fn slis(stashes: Vec<AccountId>, window: Window) -> VersionedQuery<AccountId> {
	VersionedQuery::V1(Query::Slis { stashes: stashes.try_into().unwrap(), window })
}

/// A callback call decoded: pallet index, call index, query id, answer.
type CallbackCall = (u8, u8, u64, VersionedAnswer<AccountId>);

/// The one message sent: its destination, and the callback call it `Transact`s, decoded.
fn sent_answer() -> (Location, Xcm<()>, CallbackCall) {
	let sent = take_sent();
	assert_eq!(sent.len(), 1, "one message sent: {sent:?}");
	let (dest, message) = sent.into_iter().next().unwrap();
	let call = message
		.0
		.iter()
		.find_map(|i| match i {
			Transact { call, .. } => Some(call.encoded().to_vec()),
			_ => None,
		})
		.expect("the answer transacts");
	let decoded = CallbackCall::decode(&mut &call[..]).unwrap();
	(dest, message, decoded)
}

#[test]
fn a_siblings_request_is_answered_at_its_root_into_its_callback() {
	new_test_ext().execute_with(|| {
		let query = slis(vec![ALICE, BOB], Window::Week);
		let expected = SliXcm::answer(&query);
		assert!(matches!(expected, VersionedAnswer::V1(Ok(Answer::Slis(_)))));
		assert_ok!(request(RuntimeOrigin::signed(FROM_SIBLING), 77, query, callback(None)));

		let (dest, message, (pallet, call, query_id, answer)) = sent_answer();
		assert_eq!(dest, Location::new(1, [Parachain(SIBLING)]));
		assert_eq!((pallet, call, query_id), (42, 3, 77));
		assert_eq!(answer, expected, "the answer is what the runtime API previews");
		let transact = reply::callback_call(&callback(None), 77, &expected);
		assert_eq!(
			message,
			Xcm(vec![
				UnpaidExecution { weight_limit: Unlimited, check_origin: None },
				Transact {
					origin_kind: OriginKind::Xcm,
					fallback_max_weight: Some(WEIGHT),
					call: transact.into(),
				},
			])
		);
		System::assert_last_event(
			Event::Answered { query_id: 77, to: Location::new(1, [Parachain(SIBLING)]), ok: true }
				.into(),
		);
	});
}

#[test]
fn a_history_is_answered_too() {
	new_test_ext().execute_with(|| {
		let query = VersionedQuery::V1(Query::History { stash: ALICE, window: Window::Day });
		assert_ok!(request(RuntimeOrigin::signed(FROM_RELAY), 1, query, callback(None)));
		let (dest, _, (.., answer)) = sent_answer();
		assert_eq!(dest, Location::parent());
		let VersionedAnswer::V1(Ok(Answer::History(history))) = answer else {
			panic!("a history: {answer:?}")
		};
		assert_eq!(history.buckets[0].sli, hour_sli());
	});
}

#[test]
fn users_of_a_chain_are_answered_at_that_chains_root() {
	new_test_ext().execute_with(|| {
		for (who, root) in [
			(FROM_SIBLING_USER, Location::new(1, [Parachain(SIBLING)])),
			(FROM_RELAY, Location::parent()),
			(FROM_RELAY_USER, Location::parent()),
		] {
			let query = slis(vec![ALICE], Window::Day);
			assert_ok!(request(RuntimeOrigin::signed(who), 5, query, callback(None)));
			let (dest, ..) = sent_answer();
			assert_eq!(dest, root, "the answer to {who} goes to its chain's root");
			System::set_block_number(System::block_number() + 1);
		}
	});
}

#[test]
fn query_errors_travel_in_the_answer_so_the_callback_fires() {
	new_test_ext().execute_with(|| {
		let unknown = slis(vec![ALICE, 999], Window::Day);
		assert_ok!(request(RuntimeOrigin::signed(FROM_SIBLING), 8, unknown, callback(None)));
		let (.., (_, _, query_id, answer)) = sent_answer();
		assert_eq!((query_id, answer), (8, VersionedAnswer::V1(Err(QueryError::UnknownValidator))));
		System::assert_last_event(
			Event::Answered { query_id: 8, to: Location::new(1, [Parachain(SIBLING)]), ok: false }
				.into(),
		);

		let empty = slis(vec![ALICE], Window::Custom { from_ms: 5, to_ms: 5 });
		assert_ok!(request(RuntimeOrigin::signed(FROM_SIBLING), 9, empty, callback(None)));
		let (.., (_, _, _, answer)) = sent_answer();
		assert_eq!(
			answer,
			VersionedAnswer::V1(Err(QueryError::BadWindow(sli_xcm::WindowError::EmptyRange)))
		);
	});
}

#[test]
fn this_chains_own_and_other_consensus_origins_are_refused() {
	new_test_ext().execute_with(|| {
		let query = || slis(vec![ALICE], Window::Day);
		for who in [FROM_HERE, FROM_OTHER_CONSENSUS] {
			assert_noop!(
				request(RuntimeOrigin::signed(who), 1, query(), callback(None)),
				Error::<Test>::NotAChain
			);
		}
		// Not an XCM origin at all.
		assert_noop!(
			request(RuntimeOrigin::signed(ALICE), 1, query(), callback(None)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			request(RuntimeOrigin::root(), 1, query(), callback(None)),
			DispatchError::BadOrigin
		);
		assert!(take_sent().is_empty());
	});
}

#[test]
fn answers_per_block_are_limited_and_the_count_starts_again_next_block() {
	new_test_ext().execute_with(|| {
		let ask = |id| {
			request(
				RuntimeOrigin::signed(FROM_SIBLING),
				id,
				slis(vec![ALICE], Window::Day),
				callback(None),
			)
		};
		assert_ok!(ask(1));
		assert_ok!(ask(2));
		assert_noop!(ask(3), Error::<Test>::TooManyAnswers);
		assert_eq!(take_sent().len(), 2);
		System::set_block_number(2);
		assert_ok!(ask(3));
		assert_eq!(AnswersInBlock::<Test>::get(), (2, 1));
	});
}

#[test]
fn a_callback_heavier_than_allowed_is_refused() {
	new_test_ext().execute_with(|| {
		let heavy =
			Callback { max_weight: MaxCallbackWeight::get().add_ref_time(1), ..callback(None) };
		assert_noop!(
			request(RuntimeOrigin::signed(FROM_SIBLING), 1, slis(vec![ALICE], Window::Day), heavy),
			Error::<Test>::CallbackTooHeavy
		);
	});
}

#[test]
fn a_request_whose_answer_cannot_be_sent_fails_and_counts_nothing() {
	new_test_ext().execute_with(|| {
		set_send_fails(true);
		assert_noop!(
			request(
				RuntimeOrigin::signed(FROM_SIBLING),
				1,
				slis(vec![ALICE], Window::Day),
				callback(None)
			),
			Error::<Test>::SendFailed
		);
		assert_eq!(AnswersInBlock::<Test>::get(), (0, 0));
		set_send_fails(false);
	});
}

#[test]
fn a_paid_answer_buys_its_execution_with_the_named_fee_and_returns_the_rest() {
	new_test_ext().execute_with(|| {
		// The sibling charges in its own token; the relay chain in DOT.
		let token: Asset = (Location::here(), 5_000_000u128).into();
		let dot: Asset = (Location::here(), 10_000_000_000u128).into();
		for (who, fee, us) in [
			(FROM_SIBLING, token, Location::new(1, [Parachain(OUR_PARA)])),
			(FROM_RELAY, dot, Location::new(0, [Parachain(OUR_PARA)])),
		] {
			let query = slis(vec![ALICE], Window::Day);
			let paid = callback(Some(fee.clone().into()));
			assert_ok!(request(RuntimeOrigin::signed(who), 4, query, paid.clone()));
			let (_, message, (.., answer)) = sent_answer();
			assert_eq!(
				message,
				Xcm(vec![
					WithdrawAsset(fee.clone().into()),
					BuyExecution { fees: fee, weight_limit: Unlimited },
					SetAppendix(Xcm(vec![
						RefundSurplus,
						DepositAsset { assets: AllCounted(1).into(), beneficiary: us },
					])),
					Transact {
						origin_kind: OriginKind::Xcm,
						fallback_max_weight: Some(WEIGHT),
						call: reply::callback_call(&paid, 4, &answer).into(),
					},
				])
			);
			System::set_block_number(System::block_number() + 1);
		}
	});
}

#[test]
fn a_fee_this_chain_cannot_read_is_refused() {
	new_test_ext().execute_with(|| {
		// XCM v3's abstract asset ids have no later form.
		let abstract_fee = VersionedAsset::V3(v3::MultiAsset {
			id: v3::AssetId::Abstract([1; 32]),
			fun: v3::Fungibility::Fungible(1),
		});
		assert_noop!(
			request(
				RuntimeOrigin::signed(FROM_SIBLING),
				1,
				slis(vec![ALICE], Window::Day),
				callback(Some(abstract_fee))
			),
			Error::<Test>::BadFee
		);
	});
}

/// Requesters build the call and read the callback from these bytes: the layout must not
/// change.
#[test]
fn the_request_and_callback_layouts_are_the_documented_ones() {
	new_test_ext().execute_with(|| {
		let call = crate::Call::<Test>::request {
			query_id: 0x0102,
			query: Box::new(slis(vec![ALICE], Window::Day)),
			callback: Box::new(callback(None)),
		};
		// Call index 0; query id as u64 LE; V1, Slis, one stash (u64 here), day; the callback:
		// pallet 42, call 3, weight as two compact u64, no fee.
		let mut expected = vec![0u8];
		expected.extend(0x0102u64.encode());
		expected.extend([1, 0, 4]);
		expected.extend(ALICE.encode());
		expected.push(0);
		expected.extend([42, 3]);
		expected.extend(WEIGHT.encode());
		expected.push(0);
		assert_eq!(call.encode(), expected);

		let answer = VersionedAnswer::<AccountId>::V1(Err(QueryError::NoClock));
		assert_eq!(
			reply::callback_call(&callback(None), 0x0102, &answer),
			[vec![42, 3], 0x0102u64.encode(), vec![1, 1, 2]].concat()
		);
	});
}

use crate::{
	mock::*, request_message, Answers, Error, Event, NextQueryId, Pending, ANSWER_CALL_INDEX,
};
use codec::Decode;
use pallet_sli_xcm::Callback;
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok},
	sp_runtime::DispatchError,
	staging_xcm::latest::prelude::*,
};
use sli_xcm::{Query, QueryError, VersionedAnswer, VersionedQuery, Window};
use test_utils::xcm::{set_send_fails, take_sent};

fn week_of(stashes: Vec<AccountId>) -> VersionedQuery<AccountId> {
	VersionedQuery::V1(Query::Slis { stashes: stashes.try_into().unwrap(), window: Window::Week })
}

fn no_clock() -> VersionedAnswer<AccountId> {
	VersionedAnswer::V1(Err(QueryError::NoClock))
}

#[test]
fn asking_sends_stacktical_a_paid_checked_request_naming_this_pallet_as_callback() {
	new_test_ext().execute_with(|| {
		assert_ok!(SliConsumer::ask(RuntimeOrigin::root(), week_of(vec![7, 8])));
		let sent = take_sent();
		assert_eq!(sent.len(), 1);
		let (dest, message) = &sent[0];
		assert_eq!(*dest, Location::new(1, [Parachain(STACKTICAL)]));

		let callback = Callback {
			pallet_index: 1,
			call_index: ANSWER_CALL_INDEX,
			max_weight: SliConsumer::answer_weight(),
			fee: None,
		};
		let us = Location::new(1, [Parachain(OURS)]);
		let expected = request_message(
			&Remote::get(),
			RequestFee::get(),
			us.clone(),
			RequestWeight::get(),
			0,
			&week_of(vec![7, 8]),
			&callback,
		);
		assert_eq!(*message, expected);
		// Paid from our sovereign account there, the rest back to it, the pallet checked
		// before the call.
		assert!(matches!(message.0[0], WithdrawAsset(_)));
		assert!(matches!(&message.0[2], SetAppendix(x) if matches!(&x.0[1], DepositAsset { beneficiary, .. } if *beneficiary == us)));
		assert!(matches!(message.0[3], ExpectPallet { index: 60, .. }));
		let Transact { call, origin_kind: OriginKind::Xcm, .. } = &message.0[4] else {
			panic!("the request transacts last: {message:?}")
		};
		let bytes = call.encoded();
		assert_eq!(bytes[..2], [60, pallet_sli_xcm::REQUEST_CALL_INDEX]);
		let args = <(u64, VersionedQuery<AccountId>, Callback)>::decode(&mut &bytes[2..]).unwrap();
		assert_eq!(args, (0, week_of(vec![7, 8]), callback));

		assert_eq!(Pending::<Test>::get(0), Some(1 + AnswerTimeout::get()));
		assert_eq!(NextQueryId::<Test>::get(), 1);
		System::assert_last_event(Event::Asked { query_id: 0 }.into());
	});
}

#[test]
fn stackticals_answer_to_a_pending_query_is_kept() {
	new_test_ext().execute_with(|| {
		assert_ok!(SliConsumer::ask(RuntimeOrigin::root(), week_of(vec![7])));
		assert_ok!(SliConsumer::answer(RuntimeOrigin::signed(FROM_STACKTICAL), 0, no_clock()));
		assert_eq!(Answers::<Test>::get(0), Some(no_clock()));
		assert_eq!(Pending::<Test>::get(0), None);
		System::assert_last_event(Event::Answered { query_id: 0, ok: false }.into());
	});
}

#[test]
fn only_stackticals_chain_root_may_answer() {
	new_test_ext().execute_with(|| {
		assert_ok!(SliConsumer::ask(RuntimeOrigin::root(), week_of(vec![7])));
		// A user of Stacktical (`PolkadotXcm::send`), or another parachain: forged answers.
		for who in [FROM_STACKTICAL_USER, FROM_OTHER_PARA] {
			assert_noop!(
				SliConsumer::answer(RuntimeOrigin::signed(who), 0, no_clock()),
				Error::<Test>::NotStacktical
			);
		}
		// Not an XCM origin at all.
		assert_noop!(
			SliConsumer::answer(RuntimeOrigin::signed(99), 0, no_clock()),
			DispatchError::BadOrigin
		);
		assert_eq!(Answers::<Test>::get(0), None);
		assert!(Pending::<Test>::get(0).is_some(), "still waiting for the real answer");
	});
}

#[test]
fn a_duplicate_or_late_answer_is_ignored() {
	new_test_ext().execute_with(|| {
		assert_ok!(SliConsumer::ask(RuntimeOrigin::root(), week_of(vec![7])));
		assert_ok!(SliConsumer::answer(RuntimeOrigin::signed(FROM_STACKTICAL), 0, no_clock()));
		let other = VersionedAnswer::V1(Err(QueryError::UnknownValidator));
		assert_ok!(SliConsumer::answer(RuntimeOrigin::signed(FROM_STACKTICAL), 0, other.clone()));
		System::assert_last_event(Event::Ignored { query_id: 0 }.into());
		assert_eq!(Answers::<Test>::get(0), Some(no_clock()), "the first answer stands");

		assert_ok!(SliConsumer::ask(RuntimeOrigin::root(), week_of(vec![7])));
		System::set_block_number(1 + AnswerTimeout::get() + 1);
		assert_ok!(SliConsumer::answer(RuntimeOrigin::signed(FROM_STACKTICAL), 1, other));
		System::assert_last_event(Event::Ignored { query_id: 1 }.into());
		assert_eq!(Answers::<Test>::get(1), None);
		assert_eq!(Pending::<Test>::get(1), None);
	});
}

#[test]
fn queries_are_bounded_and_forgetting_makes_room() {
	new_test_ext().execute_with(|| {
		for _ in 0..MaxQueries::get() {
			assert_ok!(SliConsumer::ask(RuntimeOrigin::root(), week_of(vec![7])));
		}
		assert_noop!(
			SliConsumer::ask(RuntimeOrigin::root(), week_of(vec![7])),
			Error::<Test>::TooManyQueries
		);
		assert_ok!(SliConsumer::answer(RuntimeOrigin::signed(FROM_STACKTICAL), 0, no_clock()));
		assert_noop!(
			SliConsumer::ask(RuntimeOrigin::root(), week_of(vec![7])),
			Error::<Test>::TooManyQueries
		);
		assert_ok!(SliConsumer::forget(RuntimeOrigin::root(), 0));
		assert_ok!(SliConsumer::ask(RuntimeOrigin::root(), week_of(vec![7])));
		assert_noop!(
			SliConsumer::ask(RuntimeOrigin::signed(FROM_STACKTICAL), week_of(vec![7])),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_request_that_cannot_be_sent_is_not_pending() {
	new_test_ext().execute_with(|| {
		set_send_fails(true);
		assert_noop!(
			SliConsumer::ask(RuntimeOrigin::root(), week_of(vec![7])),
			Error::<Test>::SendFailed
		);
		set_send_fails(false);
		assert_eq!(Pending::<Test>::count(), 0);
	});
}

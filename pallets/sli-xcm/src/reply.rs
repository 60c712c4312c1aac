//! Where an answer goes and what its message says: pure functions of the request's origin,
//! the callback and the answer.

use crate::{Callback, QueryId, VersionedAnswer};
use alloc::vec;
use codec::Encode;
use polkadot_sdk::staging_xcm::latest::prelude::*;

/// The root of the chain a request came from: the relay chain for itself and its users or
/// bodies (`(1, [])`, `(1, [AccountId32 { .. }])`, …), a parachain for itself and its users
/// (`(1, [Parachain(id), …])`). `None` for this chain's own origins (they read the runtime
/// API) and for other consensus systems.
pub fn requester_chain(origin: &Location) -> Option<Location> {
	match origin.unpack() {
		(1, [Parachain(id), ..]) => Some(Location::new(1, [Parachain(*id)])),
		(1, [GlobalConsensus(_), ..]) => None,
		(1, _) => Some(Location::parent()),
		_ => None,
	}
}

/// The fee named for an answer cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub struct BadFee;

/// The callback's call: `[pallet_index, call_index] ++ (query_id, answer).encode()`, the
/// layout pallet-xcm's notifications use.
pub fn callback_call<AccountId: Encode>(
	callback: &Callback,
	query_id: QueryId,
	answer: &VersionedAnswer<AccountId>,
) -> alloc::vec::Vec<u8> {
	let mut call = vec![callback.pallet_index, callback.call_index];
	(query_id, answer).encode_to(&mut call);
	call
}

/// The message that answers to `to` (a chain's root, from [`requester_chain`]), sent from
/// `here` (this chain's universal location).
///
/// It `Transact`s [`callback_call`] with this chain as the XCM origin (`OriginKind::Xcm`),
/// at most `callback.max_weight`. Its execution is unpaid, or, with `callback.fee`, bought
/// with that fee withdrawn from this chain's sovereign account there, whatever is left
/// deposited back (`SetAppendix`, so also when the callback fails).
pub fn answer_message<AccountId: Encode>(
	to: &Location,
	here: &InteriorLocation,
	callback: &Callback,
	query_id: QueryId,
	answer: &VersionedAnswer<AccountId>,
) -> Result<Xcm<()>, BadFee> {
	let transact = Transact {
		origin_kind: OriginKind::Xcm,
		fallback_max_weight: Some(callback.max_weight),
		call: callback_call(callback, query_id, answer).into(),
	};
	let Some(fee) = &callback.fee else {
		return Ok(Xcm(vec![
			UnpaidExecution { weight_limit: Unlimited, check_origin: None },
			transact,
		]));
	};
	let fee = Asset::try_from(fee.clone()).map_err(|_| BadFee)?;
	let us = Location::here().reanchored(to, here).map_err(|_| BadFee)?;
	Ok(Xcm(vec![
		WithdrawAsset(fee.clone().into()),
		BuyExecution { fees: fee, weight_limit: Unlimited },
		SetAppendix(Xcm(vec![
			RefundSurplus,
			DepositAsset { assets: AllCounted(1).into(), beneficiary: us },
		])),
		transact,
	]))
}

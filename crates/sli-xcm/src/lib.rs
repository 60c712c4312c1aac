//! # SLI queries over XCM: the public ABI
//!
//! Other chains (the relay chain, sibling parachains) ask Stacktical for validators' SLIs by
//! sending an XCM `Transact` of Stacktical's `request(query_id, query, callback)` call; the
//! answer comes back as Stacktical's own XCM message, a `Transact` of the requester's callback
//! call with `(query_id, answer)`, in pallet-xcm's notify layout. `docs/xcm.md` shows the
//! messages.
//!
//! This crate holds the types both sides encode and decode — [`VersionedQuery`] and
//! [`VersionedAnswer`] — so that a consumer chain depends on them alone (no FRAME, no XCM):
//! their SCALE encoding is a public ABI, frozen by the golden vectors in the tests. A new
//! version adds a variant (`V2`) and keeps `V1` as it is. The runtime API that previews an
//! answer returns the same type.
//!
//! Answers are small by construction: at most [`MAX_STASHES`] validators per query and
//! [`MAX_BUCKETS`] buckets per history, so an answer's encoding never exceeds
//! [`MAX_ANSWER_LEN`] bytes, far below an XCMP page. Query errors are answers too, so the
//! requester's callback always fires.
#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

use bounded_collections::{BoundedVec, ConstU32};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
pub use sli::{
	time::{Resolution, Window, WindowError},
	Channel, Discoverability, LatencyStats, Sli,
};

/// The requester's own identifier of a query, echoed in the answer.
pub type QueryId = u64;

/// Most validators one query may name.
pub const MAX_STASHES: u32 = 16;

/// Most buckets a history answer holds (a month of days, a day of hours, or a custom window
/// of at most 64 buckets).
pub const MAX_BUCKETS: u32 = 64;

/// Most bytes of an encoded `(QueryId, VersionedAnswer)` with 32-byte account ids (checked by
/// the tests against `MaxEncodedLen`).
pub const MAX_ANSWER_LEN: usize = 8_192;

/// The validators of a query (stash accounts).
pub type Stashes<AccountId> = BoundedVec<AccountId, ConstU32<MAX_STASHES>>;

/// A query, by ABI version.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum VersionedQuery<AccountId> {
	/// Version 1.
	#[codec(index = 1)]
	V1(Query<AccountId>),
}

/// What can be asked (version 1).
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum Query<AccountId> {
	/// The SLIs of validators over a window: pooled, and per member.
	#[codec(index = 0)]
	Slis {
		/// Their stash accounts.
		stashes: Stashes<AccountId>,
		/// The window.
		window: Window,
	},
	/// A validator's SLIs bucket by bucket (hours for a day, days beyond).
	#[codec(index = 1)]
	History {
		/// Its stash account.
		stash: AccountId,
		/// The window.
		window: Window,
	},
}

/// An answer, by ABI version: the version of the query it answers.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum VersionedAnswer<AccountId> {
	/// Version 1.
	#[codec(index = 1)]
	V1(Result<Answer<AccountId>, QueryError>),
}

/// What a version-1 query gets.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum Answer<AccountId> {
	/// The answer to [`Query::Slis`].
	#[codec(index = 0)]
	Slis(GroupSlis<AccountId>),
	/// The answer to [`Query::History`].
	#[codec(index = 1)]
	History(History),
}

/// The buckets an answer covers.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Span {
	/// Hourly or daily buckets.
	pub resolution: Resolution,
	/// Start of the first bucket (Unix ms).
	pub from_ms: u64,
	/// End of the last bucket (Unix ms, exclusive), at most the answering block's time.
	pub to_ms: u64,
}

/// One validator's SLIs over the window.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct MemberSlis<AccountId> {
	/// Its stash account.
	pub stash: AccountId,
	/// How `sli` was measured: over p2p (every validator of the relay chain's set), or at the
	/// HTTP URLs of a validator probed only there.
	pub channel: Channel,
	/// Uptime (ppm) and latency (µs), combined over probers.
	pub sli: Sli,
	/// Hours too few probers reported on: insufficient evidence, left out of `sli`.
	pub insufficient_hours: u32,
	/// For a validator of the relay chain's set: the hours its signed records vouch for.
	pub discoverability: Option<Discoverability>,
	/// Its SLIs at its HTTP URLs, where `channel` is p2p and it registered URLs too.
	pub http: Option<Sli>,
}

/// The answer to [`Query::Slis`].
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct GroupSlis<AccountId> {
	/// The buckets answered.
	pub window: Span,
	/// All members' probes pooled, each over its `channel`.
	pub aggregate: Sli,
	/// The members' discoverability pooled, where they have one.
	pub discoverability: Option<Discoverability>,
	/// Per member, in the order asked.
	pub members: BoundedVec<MemberSlis<AccountId>, ConstU32<MAX_STASHES>>,
}

/// One bucket of a history.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Bucket {
	/// Start (Unix ms).
	pub from_ms: u64,
	/// End (Unix ms, exclusive).
	pub to_ms: u64,
	/// How `sli` was measured (as [`MemberSlis::channel`]).
	pub channel: Channel,
	/// Combined over probers.
	pub sli: Sli,
	/// Hours of the bucket too few probers reported on, left out of `sli`.
	pub insufficient_hours: u32,
	/// Its discoverability, for a validator of the relay chain's set.
	pub discoverability: Option<Discoverability>,
	/// Its SLIs at its HTTP URLs in the bucket, where `channel` is p2p and it registered URLs
	/// too.
	pub http: Option<Sli>,
}

/// The answer to [`Query::History`].
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct History {
	/// The buckets answered.
	pub window: Span,
	/// Bucket by bucket, oldest first (only buckets whose records are kept).
	pub buckets: BoundedVec<Bucket, ConstU32<MAX_BUCKETS>>,
}

/// Why a query has no answer; it travels in the answer.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum QueryError {
	/// A stash named is not monitored.
	#[codec(index = 0)]
	UnknownValidator,
	/// The window is malformed or lies in the future.
	#[codec(index = 1)]
	BadWindow(WindowError),
	/// The chain has no clock yet.
	#[codec(index = 2)]
	NoClock,
	/// More validators than the chain answers in one query.
	#[codec(index = 3)]
	TooManyValidators,
	/// A history longer than [`MAX_BUCKETS`] buckets: ask for a shorter window.
	#[codec(index = 4)]
	TooManyBuckets,
}

#[cfg(test)]
mod tests {
	use super::*;

	type AccountId = [u8; 32];

	fn hex(bytes: &[u8]) -> String {
		bytes.iter().map(|b| format!("{b:02x}")).collect()
	}

	fn sli() -> Sli {
		Sli {
			uptime_ppm: Some(999_000),
			probes_up: 999,
			probes: 1_000,
			latency: Some(LatencyStats { mean_us: 1, p50_us: 2, p95_us: 3, p99_us: 4 }),
		}
	}

	fn span() -> Span {
		Span { resolution: Resolution::Hour, from_ms: 1, to_ms: 2 }
	}

	/// Another chain encodes this query and decodes these answers: their bytes must never
	/// change (a change is a new ABI version).
	#[test]
	fn golden_query_encodings() {
		let query: VersionedQuery<AccountId> = VersionedQuery::V1(Query::Slis {
			stashes: BoundedVec::truncate_from(vec![[0xaa; 32]]),
			window: Window::Week,
		});
		assert_eq!(hex(&query.encode()), format!("010004{}01", "aa".repeat(32)));
		let history: VersionedQuery<AccountId> = VersionedQuery::V1(Query::History {
			stash: [0xbb; 32],
			window: Window::Custom { from_ms: 1, to_ms: 2 },
		});
		assert_eq!(
			hex(&history.encode()),
			format!("0101{}0501000000000000000200000000000000", "bb".repeat(32))
		);
	}

	#[test]
	fn golden_answer_encodings() {
		let group: VersionedAnswer<AccountId> = VersionedAnswer::V1(Ok(Answer::Slis(GroupSlis {
			window: span(),
			aggregate: sli(),
			discoverability: None,
			members: BoundedVec::truncate_from(vec![MemberSlis {
				stash: [0xaa; 32],
				channel: Channel::P2p,
				sli: sli(),
				insufficient_hours: 5,
				discoverability: Some(Discoverability { hours: 24, discoverable_hours: 23 }),
				http: Some(Sli::default()),
			}]),
		})));
		// Sli: Some(999_000) 999 1_000 Some(1, 2, 3, 4 µs).
		let s = "01583e0f00e7030000e80300000101000000020000000300000004000000";
		let hour_1_2 = "0001000000000000000200000000000000";
		// No probe: no uptime, 0 of 0, no latency.
		let empty = "00000000000000000000";
		// V1, Ok, Slis; the span; the aggregate; no pooled discoverability; one member: its
		// stash, over p2p (0), SLIs, 5 insufficient hours, 23 of 24 hours discoverable, and
		// HTTP SLIs (Some) of no probe.
		let member =
			format!("{}00{s}{}{}01{empty}", "aa".repeat(32), "05000000", "011800000017000000");
		assert_eq!(hex(&group.encode()), format!("010000{hour_1_2}{s}0004{member}"));
		let refused: VersionedAnswer<AccountId> =
			VersionedAnswer::V1(Err(QueryError::BadWindow(WindowError::InTheFuture)));
		assert_eq!(hex(&refused.encode()), "01010101");
		let history: VersionedAnswer<AccountId> =
			VersionedAnswer::V1(Ok(Answer::History(History {
				window: span(),
				buckets: BoundedVec::truncate_from(vec![Bucket {
					from_ms: 1,
					to_ms: 2,
					channel: Channel::Http,
					sli: Sli::default(),
					insufficient_hours: 0,
					discoverability: None,
					http: None,
				}]),
			})));
		// One bucket: from, to, at HTTP URLs (1), no probe, 0 hours, no discoverability, no
		// HTTP SLIs beside.
		assert_eq!(
			hex(&history.encode()),
			format!(
				"010001{hour_1_2}04{}{}01{empty}{}{}{}",
				"0100000000000000", "0200000000000000", "00000000", "00", "00"
			)
		);
	}

	/// Every answer, with the query id before it, fits in [`MAX_ANSWER_LEN`] bytes.
	#[test]
	fn answers_are_bounded() {
		let most = <(QueryId, VersionedAnswer<AccountId>)>::max_encoded_len();
		assert!(most <= MAX_ANSWER_LEN, "{most} bytes");
		let query = <VersionedQuery<AccountId>>::max_encoded_len();
		assert!(query < 1_024, "{query} bytes");
	}

	/// A query naming more validators than allowed does not even decode.
	#[test]
	fn an_oversized_query_does_not_decode() {
		let too_many = vec![[0u8; 32]; MAX_STASHES as usize + 1];
		let bytes = (1u8, 0u8, too_many, Window::Day).encode();
		assert!(VersionedQuery::<AccountId>::decode(&mut &bytes[..]).is_err());
		let enough = vec![[0u8; 32]; MAX_STASHES as usize];
		let bytes = (1u8, 0u8, enough, Window::Day).encode();
		assert!(VersionedQuery::<AccountId>::decode(&mut &bytes[..]).is_ok());
	}
}

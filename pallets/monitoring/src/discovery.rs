//! Discoverability: validators' signed authority-discovery records, verified on-chain.
//!
//! Every validator of the relay chain's set publishes its p2p addresses in the relay
//! network's DHT as a record signed by its authority-discovery key (which the relay chain
//! proves, [`crate::relay_set`]) and by its network key (whose hash is its PeerId); it
//! republishes with a fresh creation time at least hourly. The node's prober collects these
//! records, and a prober's report carries the ones newer than the chain's
//! ([`crate::ProbeReport::records`]). Here each is checked with the `dht-record` crate: the
//! discovery key's sr25519 signature, the network key's ed25519 signature, one PeerId in
//! every address, a creation time not after the chain's clock (beyond [`RECORD_SKEW_MS`]).
//!
//! A validator of the set with a discovery key has a [`Discovery`] entry: the key, the hour
//! it joined, and its newest verified record's PeerId and creation time. Each verified record
//! vouches for the hour it was created in and the next ([`sli::discoverability`]), kept per
//! day and target as a mask ([`DiscoverableHours`], forgotten with the day), and
//! [`Pallet::discoverability`] counts them over a window. No prober can forge a record, so
//! this SLI does not rest on the probers' word; a prober can only withhold records, which
//! another prober of the same validator passes on.

use crate::{
	pallet::*, Discoverability, DiscoveryKey, DiscoveryState, RecordSeen, SignedRecord, TargetId,
};
use polkadot_sdk::{
	frame_support::{pallet_prelude::*, traits::Time},
	sp_core::{ed25519, sr25519},
	sp_io,
	sp_runtime::traits::Saturating,
};
use sli::{discoverability as hours, time};

/// How far after the chain's clock a record's creation time may be, in ms (the validators'
/// clocks and the relay chain's block time differ a little).
pub const RECORD_SKEW_MS: u64 = 120_000;

/// Signatures verified with the runtime's host functions.
struct HostVerifier;

impl dht_record::Verifier for HostVerifier {
	fn sr25519(&self, signature: &[u8; 64], message: &[u8], key: &[u8; 32]) -> bool {
		sp_io::crypto::sr25519_verify(
			&sr25519::Signature::from_raw(*signature),
			message,
			&sr25519::Public::from_raw(*key),
		)
	}

	fn ed25519(&self, signature: &[u8; 64], message: &[u8], key: &[u8; 32]) -> bool {
		sp_io::crypto::ed25519_verify(
			&ed25519::Signature::from_raw(*signature),
			message,
			&ed25519::Public::from_raw(*key),
		)
	}
}

/// What a report's records came to.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct RecordsChecked {
	/// Verified and newer than the target's newest: kept.
	pub accepted: u32,
	/// Not newer than the target's newest, or for a target without a discovery key: left
	/// unverified.
	pub stale: u32,
	/// Signatures, PeerIds or creation time wrong.
	pub refused: u32,
}

impl RecordsChecked {
	/// Records whose signatures were verified (for the weight).
	pub fn verified(&self) -> u32 {
		self.accepted.saturating_add(self.refused)
	}
}

impl<T: Config> Pallet<T> {
	/// Checks a report's records, keeps each target's newest and marks the hours they vouch
	/// for. A record is parsed first and verified only if it is newer than the target's
	/// newest (several probers pass on the same record: only the first costs a verification).
	pub(crate) fn note_records<Bytes: AsRef<[u8]>>(
		records: impl IntoIterator<Item = SignedRecord<Bytes>>,
	) -> RecordsChecked {
		let mut checked = RecordsChecked::default();
		let now_ms = T::Time::now();
		let now_ns = u128::from(now_ms).saturating_mul(1_000_000);
		let skew_ns = u128::from(RECORD_SKEW_MS).saturating_mul(1_000_000);
		let current = CurrentHour::<T>::get().unwrap_or_else(|| time::hour_of(now_ms));
		for SignedRecord { target, record } in records {
			let record = record.as_ref();
			let Some(mut state) = Discovery::<T>::get(target) else {
				checked.stale.saturating_inc();
				continue;
			};
			let newer = dht_record::created_ns(record).is_ok_and(|created| {
				state
					.latest
					.is_none_or(|latest| created / 1_000_000 > u128::from(latest.created_ms))
			});
			if !newer {
				checked.stale.saturating_inc();
				continue;
			}
			let verified =
				match dht_record::verify(record, &state.key, now_ns, skew_ns, &HostVerifier) {
					Ok(verified) => verified,
					Err(_) => {
						checked.refused.saturating_inc();
						continue;
					},
				};
			let created_ms = u64::try_from(verified.created_ns / 1_000_000).unwrap_or(u64::MAX);
			state.latest = Some(RecordSeen { peer_id: verified.peer_id, created_ms });
			Discovery::<T>::insert(target, state);
			for hour in hours::hours_vouched(created_ms, current) {
				Self::mark_discoverable(target, hour);
			}
			checked.accepted.saturating_inc();
		}
		checked
	}

	/// Marks `hour` as vouched for in its day's mask, if the day is kept (a day not started
	/// yet gets its own marks from records created in it).
	fn mark_discoverable(target: TargetId, hour: u32) {
		let day = time::day_of_hour(hour);
		if Days::<T>::contains_key(day) {
			DiscoverableHours::<T>::mutate(day, target, |bits| *bits = hours::mark(*bits, hour));
		}
	}

	/// A relay-set member's discovery key, as the relay chain now proves it: a member gets a
	/// [`Discovery`] entry counted from the current hour, keeps it (and its newest record)
	/// when its key changes, and loses it without a key.
	pub(crate) fn track_discovery(target: TargetId, key: Option<DiscoveryKey>) {
		match key {
			None => Discovery::<T>::remove(target),
			Some(key) => Discovery::<T>::mutate(target, |state| match state {
				Some(state) => state.key = key,
				None => {
					let since_hour = Self::hour_now();
					*state = Some(DiscoveryState { key, since_hour, latest: None });
				},
			}),
		}
	}

	/// The hour now: the clock's, or the timestamp's before the clock's first tick.
	pub(crate) fn hour_now() -> u32 {
		CurrentHour::<T>::get().unwrap_or_else(|| time::hour_of(T::Time::now()))
	}

	/// A target's discoverability over the hours `[first, end)` (`None` for a target without
	/// a discovery key): the hours since it has one, within the kept days, up to now.
	pub fn discoverability(target: TargetId, first: u32, end: u32) -> Option<Discoverability> {
		let state = Discovery::<T>::get(target)?;
		let current = Self::hour_now();
		let oldest_kept =
			KeptDays::<T>::get().first().map_or(u32::MAX, |day| day.saturating_mul(24));
		let first = first.max(state.since_hour).max(oldest_kept);
		let end = end.min(current.saturating_add(1));
		let mut counts = Discoverability::default();
		if first >= end {
			return Some(counts);
		}
		for day in time::day_of_hour(first)..=time::day_of_hour(end.saturating_sub(1)) {
			let bits = DiscoverableHours::<T>::get(day, target);
			counts.merge(&hours::count_day(bits, day, first, end, current));
		}
		Some(counts)
	}
}

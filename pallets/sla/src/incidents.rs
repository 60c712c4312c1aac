//! What the monitoring pallet tells this pallet about members: pauses, endpoint changes and
//! departures, kept per validator while it is a member of an SLA not yet ended.
//!
//! The runtime forwards the monitoring pallet's target events here (`note_*`). A pause is
//! recorded as a span; a span still open counts up to the period's end. Endpoint changes and
//! departures are instants: a period that contains one is breached at the largest credit, and
//! every period ending after a departure is too. Entries older than every unsettled period of
//! the validator's SLAs are dropped; when the log is still full, the two oldest pauses merge
//! into one covering both (more paused time, never less) and the oldest change gives way.

use crate::{Config, Incidents, Pallet, Slas, SlasOf, SliSource};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::frame_support::{
	pallet_prelude::*, BoundedVec, CloneNoBound, DebugNoBound, DefaultNoBound, EqNoBound,
	PartialEqNoBound,
};
use scale_info::TypeInfo;

/// A validator's incidents.
#[derive(
	CloneNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
	DefaultNoBound,
)]
#[scale_info(skip_type_params(Max))]
pub struct IncidentLog<Max: Get<u32>> {
	/// Paused since then (Unix ms), if paused now.
	pub paused_since: Option<u64>,
	/// Finished pauses `[from, to)`, oldest first.
	pub pauses: BoundedVec<(u64, u64), Max>,
	/// Endpoint changes, oldest first.
	pub changes: BoundedVec<u64, Max>,
	/// When it left monitoring, if it did.
	pub left_ms: Option<u64>,
}

/// Overlap of `[a, b)` and `[c, d)` in ms.
fn overlap(a: u64, b: u64, c: u64, d: u64) -> u64 {
	b.min(d).saturating_sub(a.max(c))
}

impl<Max: Get<u32>> IncidentLog<Max> {
	/// Time paused within `[start, end)`, an open pause counting until `now`.
	pub fn paused_within(&self, start: u64, end: u64, now: u64) -> u64 {
		let open = self.paused_since.map_or(0, |since| overlap(since, now, start, end));
		self.pauses
			.iter()
			.fold(open, |sum, (from, to)| sum.saturating_add(overlap(*from, *to, start, end)))
	}

	/// Whether it changed endpoints within `[start, end)` or left before `end`.
	pub fn tampered_within(&self, start: u64, end: u64) -> bool {
		self.left_ms.is_some_and(|left| left < end)
			|| self.changes.iter().any(|at| (start..end).contains(at))
	}

	/// Drops what ended before `keep_from`; then makes room for one more of each kind.
	fn prune(&mut self, keep_from: u64) {
		self.pauses.retain(|(_, to)| *to > keep_from);
		self.changes.retain(|at| *at >= keep_from);
		if self.pauses.is_full() && self.pauses.len() >= 2 {
			let (from, _) = self.pauses.remove(0);
			if let Some((next_from, _)) = self.pauses.get_mut(0) {
				*next_from = from;
			}
		}
		if self.changes.is_full() && !self.changes.is_empty() {
			self.changes.remove(0);
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The start of the oldest unsettled period of the validator's SLAs: incidents before it
	/// can no longer matter.
	fn keep_from(stash: &T::AccountId) -> u64 {
		SlasOf::<T>::get(stash)
			.iter()
			.filter_map(Slas::<T>::get)
			.map(|sla| sla.period_range(sla.next_settle).0)
			.min()
			.unwrap_or(u64::MAX)
	}

	/// Applies `f` to the log of a validator that is a member of an SLA not yet ended.
	fn note(stash: &T::AccountId, f: impl FnOnce(&mut IncidentLog<T::MaxIncidents>, u64)) {
		if !SlasOf::<T>::contains_key(stash) {
			return;
		}
		let now = T::Sli::now_ms();
		let keep_from = Self::keep_from(stash);
		Incidents::<T>::mutate(stash, |log| {
			log.prune(keep_from);
			f(log, now);
		});
	}

	/// The validator's probing was paused.
	pub fn note_paused(stash: &T::AccountId) {
		Self::note(stash, |log, now| {
			log.paused_since.get_or_insert(now);
		});
	}

	/// The validator's probing was resumed.
	pub fn note_resumed(stash: &T::AccountId) {
		Self::note(stash, |log, now| {
			if let Some(since) = log.paused_since.take() {
				let _ = log.pauses.try_push((since, now));
			}
		});
	}

	/// The validator's probe endpoints changed.
	pub fn note_endpoints_changed(stash: &T::AccountId) {
		Self::note(stash, |log, now| {
			let _ = log.changes.try_push(now);
		});
	}

	/// The validator left monitoring (deregistered, or removed by governance).
	pub fn note_left(stash: &T::AccountId) {
		Self::note(stash, |log, now| {
			log.left_ms.get_or_insert(now);
		});
	}

	/// Most weight one `note_*` takes (its validator in the most SLAs).
	pub fn note_weight() -> Weight {
		let reads = u64::from(T::MaxSlasPerValidator::get()).saturating_add(2);
		T::DbWeight::get().reads_writes(reads, 1)
	}
}

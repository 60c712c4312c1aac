//! Discoverability: whether a relay-chain validator keeps publishing its signed p2p
//! addresses (its authority-discovery record), hour by hour.
//!
//! A validator's node republishes its record with a fresh creation time at least hourly. A
//! verified record created in hour `h` vouches for `h` and `h + 1` ([`hours_vouched`]), so a
//! validator that keeps publishing has every hour vouched for, and one that stops loses the
//! hours after the next. Each day keeps one 24-bit mask per validator ([`mark`]); a window
//! counts, of the hours the validator was expected to publish, those vouched for
//! ([`count_day`]). The current hour counts only once vouched for: it is not over yet.

use crate::time::{hour_of, HOURS_PER_DAY};

/// Discoverability over a window: of the hours counted, how many a verified record vouches
/// for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
	feature = "codec",
	derive(
		codec::Encode,
		codec::Decode,
		codec::DecodeWithMemTracking,
		codec::MaxEncodedLen,
		scale_info::TypeInfo
	)
)]
pub struct Discoverability {
	/// Hours counted.
	pub hours: u32,
	/// Of those, hours with a verified record.
	pub discoverable_hours: u32,
}

impl Discoverability {
	/// Share of the hours discoverable, in ppm (`None` without any hour).
	pub fn ppm(&self) -> Option<u32> {
		(self.hours > 0).then(|| {
			let share = u64::from(self.discoverable_hours.min(self.hours)) * u64::from(crate::PPM)
				/ u64::from(self.hours);
			share as u32
		})
	}

	/// Both counts added.
	pub fn merge(&mut self, other: &Discoverability) {
		self.hours = self.hours.saturating_add(other.hours);
		self.discoverable_hours = self.discoverable_hours.saturating_add(other.discoverable_hours);
	}
}

/// How far back a record may vouch for an hour, in hours before the current one: a record
/// passed on late still counts for the last day, not for older, settled history.
pub const MAX_AGE_HOURS: u32 = HOURS_PER_DAY;

/// The hours a record created at `created_ms` vouches for, seen in hour `current`: its own
/// hour and the next, neither after the next hour nor more than [`MAX_AGE_HOURS`] ago.
pub fn hours_vouched(created_ms: u64, current: u32) -> impl Iterator<Item = u32> {
	let first = hour_of(created_ms);
	let oldest = current.saturating_sub(MAX_AGE_HOURS);
	let newest = current.saturating_add(1);
	[Some(first), first.checked_add(1)]
		.into_iter()
		.flatten()
		.filter(move |hour| (oldest..=newest).contains(hour))
}

/// A day's mask with `hour` (an hour of that day) vouched for.
pub fn mark(bits: u32, hour: u32) -> u32 {
	bits | 1 << (hour % HOURS_PER_DAY)
}

/// The counts of day `day` (its mask `bits`) over the hours `[first, end)`, in hour `current`:
/// the hours of the range in that day that are over, plus the current one if vouched for.
/// Hours after the current one count for nothing.
pub fn count_day(bits: u32, day: u32, first: u32, end: u32, current: u32) -> Discoverability {
	let day_start = day.saturating_mul(HOURS_PER_DAY);
	let from = first.max(day_start);
	let to = end.min(day_start.saturating_add(HOURS_PER_DAY)).min(current.saturating_add(1));
	let mut counts = Discoverability::default();
	for hour in from..to {
		let vouched = bits & 1 << (hour - day_start) != 0;
		if hour < current || vouched {
			counts.hours += 1;
			counts.discoverable_hours += u32::from(vouched);
		}
	}
	counts
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::time::HOUR_MS;
	use proptest::prelude::*;

	#[test]
	fn a_record_vouches_for_its_hour_and_the_next() {
		let at = |hour: u32, minute: u64| u64::from(hour) * HOUR_MS + minute * 60_000;
		assert_eq!(hours_vouched(at(100, 50), 100).collect::<Vec<_>>(), vec![100, 101]);
		// Passed on late: still its own hours, within the last day.
		assert_eq!(hours_vouched(at(100, 5), 110).collect::<Vec<_>>(), vec![100, 101]);
		assert_eq!(hours_vouched(at(100, 5), 124).collect::<Vec<_>>(), vec![100, 101]);
		assert_eq!(hours_vouched(at(100, 5), 125).collect::<Vec<_>>(), vec![101]);
		assert_eq!(hours_vouched(at(100, 5), 200).count(), 0);
	}

	#[test]
	fn hourly_republishing_leaves_no_hour_out() {
		// Records 61 minutes apart, for a day: every hour but the current is vouched for.
		let mut bits = [0u32; 2];
		let (start, current) = (24 * 10, 24 * 10 + 23);
		let mut created = u64::from(start) * HOUR_MS;
		while hour_of(created) <= current {
			for hour in hours_vouched(created, current) {
				let day = (hour / 24 - 10) as usize;
				bits[day] = mark(bits[day], hour);
			}
			created += 61 * 60_000;
		}
		let day = count_day(bits[0], 10, start, start + 24, current);
		assert_eq!(day, Discoverability { hours: 24, discoverable_hours: 24 });
		assert_eq!(day.ppm(), Some(1_000_000));
	}

	#[test]
	fn the_current_hour_counts_once_vouched_for() {
		let current = 24 * 3 + 5;
		let bits = mark(mark(0, 24 * 3 + 1), 24 * 3 + 2);
		// Hours 0..5 are over (2 vouched), hour 5 is not vouched: it does not count yet.
		let counts = count_day(bits, 3, 24 * 3, 24 * 4, current);
		assert_eq!(counts, Discoverability { hours: 5, discoverable_hours: 2 });
		let counts = count_day(mark(bits, current), 3, 24 * 3, 24 * 4, current);
		assert_eq!(counts, Discoverability { hours: 6, discoverable_hours: 3 });
		assert_eq!(Discoverability::default().ppm(), None);
	}

	proptest! {
		#[test]
		fn a_range_split_in_two_counts_the_same(
			bits in any::<u32>(), first in 0u32..24, len in 0u32..25, cut in 0u32..25, current in 0u32..30,
		) {
			let bits = bits & 0x00ff_ffff;
			let (day, base) = (7u32, 7 * 24);
			let (first, end) = (base + first, (base + first + len).min(base + 24));
			let cut = (base + cut).clamp(first, end);
			let current = base + current;
			let whole = count_day(bits, day, first, end, current);
			let mut parts = count_day(bits, day, first, cut, current);
			parts.merge(&count_day(bits, day, cut, end, current));
			prop_assert_eq!(whole, parts);
			prop_assert!(whole.discoverable_hours <= whole.hours);
			prop_assert!(whole.hours <= end - first);
			prop_assert!(whole.ppm().is_none_or(|ppm| ppm <= 1_000_000));
		}
	}
}

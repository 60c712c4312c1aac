//! Time buckets and the windows SLIs are asked for.
//!
//! Time is Unix time in milliseconds (the chain's timestamp). Probe results are kept per hour
//! `⌊t / 3,600,000⌋` for a short time and per day `⌊t / 86,400,000⌋` (UTC days) for long.
//! A window is answered with whole buckets: hourly when all its hours are still kept,
//! daily otherwise, and the answer names the range it really covers.

/// One hour in ms.
pub const HOUR_MS: u64 = 3_600_000;
/// One day in ms.
pub const DAY_MS: u64 = 86_400_000;
/// Hours per day.
pub const HOURS_PER_DAY: u32 = 24;

/// The hour bucket of a time.
pub fn hour_of(ms: u64) -> u32 {
	u32::try_from(ms / HOUR_MS).unwrap_or(u32::MAX)
}

/// The day bucket of a time.
pub fn day_of(ms: u64) -> u32 {
	u32::try_from(ms / DAY_MS).unwrap_or(u32::MAX)
}

/// The day an hour bucket belongs to.
pub fn day_of_hour(hour: u32) -> u32 {
	hour / HOURS_PER_DAY
}

/// When a bucket starts, in ms.
pub fn bucket_start_ms(resolution: Resolution, index: u32) -> u64 {
	u64::from(index).saturating_mul(resolution.length_ms())
}

/// How long a bucket is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
pub enum Resolution {
	/// One-hour buckets.
	Hour,
	/// One-day (UTC) buckets.
	Day,
}

impl Resolution {
	/// Length of one bucket in ms.
	pub fn length_ms(self) -> u64 {
		match self {
			Resolution::Hour => HOUR_MS,
			Resolution::Day => DAY_MS,
		}
	}

	/// The bucket of a time.
	pub fn bucket_of(self, ms: u64) -> u32 {
		match self {
			Resolution::Hour => hour_of(ms),
			Resolution::Day => day_of(ms),
		}
	}
}

/// The relay chain's eras as seen by this chain's clock: era `e` starts at
/// `offset_ms + e·length_ms`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
pub struct EraClock {
	/// Length of an era in ms (24 h on Polkadot, 6 h on Kusama).
	pub length_ms: u64,
	/// Start of era 0 in Unix ms.
	pub offset_ms: u64,
}

impl EraClock {
	/// The era a time falls in; `None` before era 0 or with a zero length.
	pub fn era_of(&self, ms: u64) -> Option<u32> {
		if self.length_ms == 0 || ms < self.offset_ms {
			return None;
		}
		u32::try_from((ms - self.offset_ms) / self.length_ms).ok()
	}

	/// `[start, end)` of an era in ms.
	pub fn range(&self, era: u32) -> (u64, u64) {
		let start = self.offset_ms.saturating_add(u64::from(era).saturating_mul(self.length_ms));
		(start, start.saturating_add(self.length_ms))
	}
}

/// A window SLIs are asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
pub enum Window {
	/// The last 24 hour buckets (the current one included).
	Day,
	/// The last 7 day buckets (today included).
	Week,
	/// The last 30 day buckets (today included).
	Month,
	/// The last 365 day buckets (today included).
	Year,
	/// A relay-chain era: the current one with `None`.
	Era(Option<u32>),
	/// `[from_ms, to_ms)` in Unix ms.
	Custom {
		/// Start, inclusive.
		from_ms: u64,
		/// End, exclusive.
		to_ms: u64,
	},
}

/// Why a window cannot be answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
pub enum WindowError {
	/// A custom window must start before it ends.
	EmptyRange,
	/// The window lies entirely in the future.
	InTheFuture,
	/// Eras are not configured, or the era asked for has not started.
	NoSuchEra,
}

/// The time range `[from, to)` of a window at time `now_ms` (never past `now_ms`).
pub fn window_range(window: Window, now_ms: u64, era: EraClock) -> Result<(u64, u64), WindowError> {
	let end = now_ms;
	let days_back = |days: u32| {
		let first = day_of(now_ms).saturating_sub(days.saturating_sub(1));
		bucket_start_ms(Resolution::Day, first)
	};
	let (from, to) = match window {
		Window::Day => {
			let first = hour_of(now_ms).saturating_sub(HOURS_PER_DAY - 1);
			(bucket_start_ms(Resolution::Hour, first), end)
		},
		Window::Week => (days_back(7), end),
		Window::Month => (days_back(30), end),
		Window::Year => (days_back(365), end),
		Window::Era(index) => {
			let current = era.era_of(now_ms).ok_or(WindowError::NoSuchEra)?;
			let index = index.unwrap_or(current);
			if index > current {
				return Err(WindowError::NoSuchEra);
			}
			let (start, stop) = era.range(index);
			(start, stop.min(end))
		},
		Window::Custom { from_ms, to_ms } => {
			if from_ms >= to_ms {
				return Err(WindowError::EmptyRange);
			}
			if from_ms >= now_ms {
				return Err(WindowError::InTheFuture);
			}
			(from_ms, to_ms.min(end))
		},
	};
	if from >= to {
		return Err(WindowError::InTheFuture);
	}
	Ok((from, to))
}

/// The whole buckets `first..=last` that answer a range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BucketSpan {
	/// Hourly or daily.
	pub resolution: Resolution,
	/// First bucket index.
	pub first: u32,
	/// Last bucket index (inclusive).
	pub last: u32,
}

impl BucketSpan {
	/// Start of the first bucket, in ms.
	pub fn start_ms(&self) -> u64 {
		bucket_start_ms(self.resolution, self.first)
	}

	/// End of the last bucket, in ms (exclusive).
	pub fn end_ms(&self) -> u64 {
		bucket_start_ms(self.resolution, self.last.saturating_add(1))
	}

	/// Number of buckets.
	pub fn len(&self) -> u32 {
		self.last.saturating_sub(self.first).saturating_add(1)
	}

	/// Never empty: a span has at least one bucket.
	pub fn is_empty(&self) -> bool {
		false
	}

	/// The buckets' indices.
	pub fn indices(&self) -> core::ops::RangeInclusive<u32> {
		self.first..=self.last
	}
}

/// The buckets that answer `[from, to)`: hours when `from` lies in an hour that is still
/// kept (`oldest_hour_kept` or later) and the range spans at most `hours_kept` hours, days
/// otherwise. `to > from` is assumed.
pub fn buckets_for(from_ms: u64, to_ms: u64, oldest_hour_kept: u32, hours_kept: u32) -> BucketSpan {
	let last_ms = to_ms.saturating_sub(1).max(from_ms);
	let hours = hour_of(last_ms).saturating_sub(hour_of(from_ms)).saturating_add(1);
	let resolution = if hour_of(from_ms) >= oldest_hour_kept && hours <= hours_kept {
		Resolution::Hour
	} else {
		Resolution::Day
	};
	BucketSpan {
		resolution,
		first: resolution.bucket_of(from_ms),
		last: resolution.bucket_of(last_ms),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const ERA: EraClock = EraClock { length_ms: DAY_MS, offset_ms: 3 * HOUR_MS };
	// 2026-11-26 15:30 UTC.
	const NOW: u64 = 1_795_707_000_000;

	#[test]
	fn day_is_the_last_24_hours() {
		let (from, to) = window_range(Window::Day, NOW, ERA).unwrap();
		assert_eq!(to, NOW);
		assert_eq!(hour_of(from), hour_of(NOW) - 23);
		let span = buckets_for(from, to, hour_of(NOW) - 25, 26);
		assert_eq!(span.resolution, Resolution::Hour);
		assert_eq!(span.len(), 24);
	}

	#[test]
	fn long_windows_use_days() {
		let (from, to) = window_range(Window::Week, NOW, ERA).unwrap();
		let span = buckets_for(from, to, hour_of(NOW) - 25, 26);
		assert_eq!(span.resolution, Resolution::Day);
		assert_eq!((span.first, span.last), (day_of(NOW) - 6, day_of(NOW)));
		let (from, _) = window_range(Window::Year, NOW, ERA).unwrap();
		assert_eq!(day_of(from), day_of(NOW) - 364);
	}

	#[test]
	fn eras_follow_the_clock() {
		let current = ERA.era_of(NOW).unwrap();
		let (from, to) = window_range(Window::Era(None), NOW, ERA).unwrap();
		assert_eq!((from, to), (ERA.range(current).0, NOW));
		assert_eq!(from % DAY_MS, 3 * HOUR_MS);
		let (from, to) = window_range(Window::Era(Some(current - 1)), NOW, ERA).unwrap();
		assert_eq!(to - from, DAY_MS);
		assert_eq!(
			window_range(Window::Era(Some(current + 1)), NOW, ERA),
			Err(WindowError::NoSuchEra)
		);
		let none = EraClock { length_ms: 0, offset_ms: 0 };
		assert_eq!(window_range(Window::Era(None), NOW, none), Err(WindowError::NoSuchEra));
	}

	#[test]
	fn custom_ranges_are_checked() {
		let custom = |from_ms, to_ms| window_range(Window::Custom { from_ms, to_ms }, NOW, ERA);
		assert_eq!(custom(NOW - 10, NOW - 10), Err(WindowError::EmptyRange));
		assert_eq!(custom(NOW + 1, NOW + 10), Err(WindowError::InTheFuture));
		assert_eq!(custom(NOW - 10, NOW + 10), Ok((NOW - 10, NOW)));
	}
}

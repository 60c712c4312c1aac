//! Read-only queries behind the `SliApi` runtime API: SLIs over windows, history, targets.
//!
//! Every answer is computed from whole buckets with the `sli` crate: each target's rolled-up
//! hours ([`HourSli`]) when the window's hours are all kept, its days ([`DaySli`]) otherwise;
//! hours not rolled up yet (the current one) are combined from the probers' reports. Hours
//! too few probers reported on are left out and counted as insufficient evidence.
//! Discoverability comes from the day masks of verified records
//! ([`Pallet::discoverability`]).
//!
//! A query names at most [`Config::MaxQueryTargets`] validators and reads only kept buckets
//! (a window reaching further back than [`Config::DaysKept`] days starts, in effect, at the
//! oldest kept day), so that its cost is bounded; targets are looked up in sorted lists.

use crate::{
	BucketChannelSli, BucketSli, ByChannel, Channel, ChannelSli, Combined, CombinedByChannel,
	Config, CurrentHour, DaySli, Days, Discoverability, Discovery, EraClockSetting, HourSli,
	HourlyReports, Hours, HoursForgottenBefore, InsufficientHours, KeptDays, KeptHours, LastProbe,
	Pallet, PendingRollUps, ProbeCounts, ProberSli, QueryError, RelayPosition, RelaySession,
	RelaySet, Resolution, RollUpFrom, SliReport, SliReportOf, TargetId, TargetInfo, TargetInfoOf,
	TargetOfStash, TargetSli, Targets, WindowBounds,
};
use alloc::{collections::BTreeMap, vec::Vec};
use polkadot_sdk::{
	frame_support::traits::{Get, Time},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_runtime::traits::{One, Saturating},
};
use sli::time::{self, BucketSpan, Window};

/// A target's evidence over one channel in a bucket (or over several): the probers
/// combined, and how many of its hours were insufficient evidence (left out of the counts).
/// Nothing (no prober) where it was not probed over the channel.
#[derive(Clone, Copy, Default)]
struct Evidence {
	combined: Combined,
	insufficient_hours: u32,
}

impl Evidence {
	/// One hour's combinations.
	fn hour(combined: CombinedByChannel) -> ByChannel<Self> {
		combined.map(|_, combined| {
			combined
				.map(|combined| Evidence {
					combined,
					insufficient_hours: u32::from(combined.is_insufficient()),
				})
				.unwrap_or_default()
		})
	}

	fn merge(&mut self, other: &Evidence) {
		self.combined.merge(&other.combined);
		self.insufficient_hours = self.insufficient_hours.saturating_add(other.insufficient_hours);
	}

	/// Whether any prober reported.
	fn probed(&self) -> bool {
		self.combined.probers > 0
	}

	/// As a history bucket over one channel.
	fn bucket(&self) -> BucketChannelSli {
		BucketChannelSli {
			sli: self.combined.counts.sli(),
			probers: self.combined.probers,
			max_deviation_ppm: self.combined.max_deviation_ppm,
			insufficient_hours: self.insufficient_hours,
		}
	}

	/// As SLIs over one channel, with the probers' own counts.
	fn sli<AuthorityId: Clone>(
		&self,
		probers: Option<&BTreeMap<AuthorityId, ProbeCounts>>,
	) -> ChannelSli<AuthorityId> {
		let combined_ppm = self.combined.counts.uptime_ppm().unwrap_or_default();
		let probers = probers
			.map(|probers| {
				probers
					.iter()
					.map(|(prober, counts)| ProberSli {
						prober: prober.clone(),
						sli: counts.sli(),
						deviation_ppm: sli::deviation_ppm(counts, combined_ppm),
					})
					.collect()
			})
			.unwrap_or_default();
		ChannelSli {
			sli: self.combined.counts.sli(),
			probers,
			max_deviation_ppm: self.combined.max_deviation_ppm,
			probers_seen: self.combined.probers,
			insufficient_hours: self.insufficient_hours,
		}
	}
}

/// Merges a bucket's evidence into a running total, channel by channel.
fn merge_into(total: &mut ByChannel<Evidence>, bucket: &ByChannel<Evidence>) {
	for (channel, evidence) in bucket.iter() {
		total.get_mut(channel).merge(evidence);
	}
}

/// Per channel, per prober: counts.
type ProberCounts<AuthorityId> = ByChannel<BTreeMap<AuthorityId, ProbeCounts>>;

impl<T: Config> Pallet<T> {
	/// SLIs of the validators with these stash accounts over a window: per member and pooled,
	/// with each member's probers one by one over the kept hours of the window.
	pub fn sli(stashes: &[T::AccountId], window: Window) -> Result<SliReportOf<T>, QueryError> {
		Self::sli_report(stashes, window, true, None)
	}

	/// As [`Pallet::sli`], without the per-prober breakdown: reads only the combined records
	/// of these targets (what an SLA settlement needs, at a cost that does not grow with the
	/// number of monitored validators).
	pub fn combined_sli(
		stashes: &[T::AccountId],
		window: Window,
	) -> Result<SliReportOf<T>, QueryError> {
		Self::sli_report(stashes, window, false, None)
	}

	/// Where final evidence ends (Unix ms): the start of the oldest hour not rolled up yet
	/// (the current one, or a finished one waiting). No probe result can still join an
	/// earlier hour, so SLIs before this time never change.
	pub fn final_until_ms() -> u64 {
		Self::unrolled_hours()
			.next()
			.map_or(0, |hour| time::bucket_start_ms(Resolution::Hour, hour))
	}

	/// As [`Pallet::combined_sli`], as of [`Pallet::final_until_ms`]: the window is placed as
	/// if that were now, so that it holds final evidence only and the answer never changes
	/// (what another chain is told over XCM). Reads rolled-up records only.
	pub fn final_sli(
		stashes: &[T::AccountId],
		window: Window,
	) -> Result<SliReportOf<T>, QueryError> {
		Self::sli_report(stashes, window, false, Some(Self::final_until_ms()))
	}

	/// How many buckets a query over a window reads at most per validator (the `d` of its
	/// benchmarked weight): the hours of a window short enough to be answered hourly (at most
	/// [`Config::HoursKept`]), else the UTC days it can touch (at most [`Config::DaysKept`]). The
	/// benchmark reads days, and an hour's bucket reads less than a day's (one record against
	/// a day's record, its insufficient hours and its discoverability), so this bounds the
	/// query either way.
	pub fn buckets_of_window(window: Window) -> u32 {
		let touched = |ms: u64, bucket: u64| ms.div_ceil(bucket).saturating_add(1);
		let days = match window {
			Window::Day => 2,
			Window::Week => 7,
			Window::Month => 30,
			Window::Year => 365,
			Window::Era(_) => touched(EraClockSetting::<T>::get().length_ms, time::DAY_MS),
			Window::Custom { from_ms, to_ms } => {
				touched(to_ms.saturating_sub(from_ms), time::DAY_MS)
			},
		};
		let length_ms = match window {
			Window::Day => Some(time::DAY_MS),
			Window::Era(_) => Some(EraClockSetting::<T>::get().length_ms),
			Window::Custom { from_ms, to_ms } => Some(to_ms.saturating_sub(from_ms)),
			Window::Week | Window::Month | Window::Year => None,
		};
		let hours = length_ms.map(|ms| touched(ms, time::HOUR_MS));
		let buckets = match hours {
			Some(hours) if hours <= u64::from(T::HoursKept::get()) => hours.max(days),
			_ => days.min(u64::from(T::DaysKept::get())),
		};
		u32::try_from(buckets).unwrap_or(u32::MAX)
	}

	fn sli_report(
		stashes: &[T::AccountId],
		window: Window,
		per_prober: bool,
		as_of: Option<u64>,
	) -> Result<SliReportOf<T>, QueryError> {
		if stashes.len() > T::MaxQueryTargets::get() as usize {
			return Err(QueryError::TooManyValidators);
		}
		let members = stashes
			.iter()
			.map(|stash| {
				TargetOfStash::<T>::get(stash)
					.map(|id| (id, stash.clone()))
					.ok_or(QueryError::UnknownValidator)
			})
			.collect::<Result<Vec<_>, _>>()?;
		let mut ids: Vec<TargetId> = members.iter().map(|(id, _)| *id).collect();
		ids.sort_unstable();
		ids.dedup();
		let (span, bounds) = Self::span_of(window, as_of)?;
		let mut totals: BTreeMap<TargetId, ByChannel<Evidence>> = BTreeMap::new();
		for index in Self::kept_indices(&span) {
			for (target, evidence) in Self::bucket(span.resolution, index, &ids, as_of.is_some()) {
				merge_into(totals.entry(target).or_default(), &evidence);
			}
		}
		let mut per_prober = if per_prober {
			Self::per_prober(bounds.from_ms, bounds.to_ms, &ids)
		} else {
			BTreeMap::new()
		};
		let mut aggregate = ProbeCounts::default();
		let mut discoverability: Option<Discoverability> = None;
		let hours = Self::hours_of(bounds.from_ms, bounds.to_ms);
		let members = members
			.into_iter()
			.map(|(id, stash)| {
				let channel = Self::channel_of(id);
				let evidence = totals.get(&id).copied().unwrap_or_default();
				let probers = per_prober.remove(&id).unwrap_or_default();
				let primary = evidence.get(channel).sli(Some(probers.get(channel)));
				aggregate.merge(&evidence.get(channel).combined.counts);
				let discovered = Self::discoverability(id, hours.0, hours.1);
				if let Some(member) = &discovered {
					discoverability.get_or_insert_default().merge(member);
				}
				let http = (channel == Channel::P2p && evidence.http.probed())
					.then(|| evidence.http.sli(Some(&probers.http)));
				TargetSli {
					target: id,
					stash,
					channel,
					sli: primary.sli,
					probers: primary.probers,
					max_deviation_ppm: primary.max_deviation_ppm,
					probers_seen: primary.probers_seen,
					insufficient_hours: primary.insufficient_hours,
					discoverability: discovered,
					http,
				}
			})
			.collect();
		Ok(SliReport { window: bounds, aggregate: aggregate.sli(), discoverability, members })
	}

	/// A validator's SLIs bucket by bucket over a window (from the oldest kept day on, for a
	/// window reaching further back).
	pub fn history(
		stash: &T::AccountId,
		window: Window,
	) -> Result<(WindowBounds<BlockNumberFor<T>>, Vec<BucketSli>), QueryError> {
		Self::history_report(stash, window, None, u32::MAX)
	}

	/// As [`Pallet::history`], as of [`Pallet::final_until_ms`] (see [`Pallet::final_sli`]),
	/// refused with [`QueryError::TooManyBuckets`] before any bucket is read if it would hold
	/// more than `max_buckets`.
	pub fn final_history(
		stash: &T::AccountId,
		window: Window,
		max_buckets: u32,
	) -> Result<(WindowBounds<BlockNumberFor<T>>, Vec<BucketSli>), QueryError> {
		Self::history_report(stash, window, Some(Self::final_until_ms()), max_buckets)
	}

	fn history_report(
		stash: &T::AccountId,
		window: Window,
		as_of: Option<u64>,
		max_buckets: u32,
	) -> Result<(WindowBounds<BlockNumberFor<T>>, Vec<BucketSli>), QueryError> {
		let id = TargetOfStash::<T>::get(stash).ok_or(QueryError::UnknownValidator)?;
		let (span, bounds) = Self::span_of(window, as_of)?;
		let kept = Self::kept_indices(&span);
		if kept.end().saturating_add(1).saturating_sub(*kept.start()) > max_buckets {
			return Err(QueryError::TooManyBuckets);
		}
		let channel = Self::channel_of(id);
		let buckets = kept
			.map(|index| {
				let evidence = Self::bucket(span.resolution, index, &[id], as_of.is_some())
					.remove(&id)
					.unwrap_or_default();
				let primary = evidence.get(channel).bucket();
				let from_ms = time::bucket_start_ms(span.resolution, index);
				let to_ms = from_ms.saturating_add(span.resolution.length_ms());
				let (first, end) = Self::hours_of(from_ms, to_ms);
				BucketSli {
					from_ms,
					to_ms,
					channel,
					sli: primary.sli,
					probers: primary.probers,
					max_deviation_ppm: primary.max_deviation_ppm,
					insufficient_hours: primary.insufficient_hours,
					discoverability: Self::discoverability(id, first, end),
					http: (channel == Channel::P2p && evidence.http.probed())
						.then(|| evidence.http.bucket()),
				}
			})
			.collect();
		Ok((bounds, buckets))
	}

	/// Every registered target with its assigned probers and their latest probes.
	pub fn target_infos() -> Vec<TargetInfoOf<T>> {
		let probers = Self::probers();
		// The latest probe per (target, prober, channel), from the two newest kept hours.
		let mut last: BTreeMap<TargetId, BTreeMap<(T::AuthorityId, Channel), LastProbe>> =
			BTreeMap::new();
		for hour in KeptHours::<T>::get().iter().rev().take(2) {
			for (prober, entries) in HourlyReports::<T>::iter_prefix(hour) {
				for (target, by_channel) in entries {
					for (channel, entry) in by_channel.iter() {
						let Some(probe) = entry.map(|entry| entry.last) else { continue };
						last.entry(target)
							.or_default()
							.entry((prober.clone(), channel))
							.and_modify(|seen| {
								if probe.period > seen.period {
									*seen = probe;
								}
							})
							.or_insert(probe);
					}
				}
			}
		}
		let session = RelaySession::<T>::get().unwrap_or_default();
		let relay: BTreeMap<TargetId, RelayPosition> = RelaySet::<T>::get()
			.into_iter()
			.map(|m| (m.target, RelayPosition { session, index: m.index, discovery: m.discovery }))
			.collect();
		let mut infos: Vec<_> = Targets::<T>::iter()
			.map(|(id, target)| {
				let last_probes = last
					.remove(&id)
					.unwrap_or_default()
					.into_iter()
					.map(|((prober, channel), probe)| (prober, channel, probe))
					.collect();
				TargetInfo {
					id,
					stash: target.stash,
					endpoints: target.endpoints.into_iter().map(|url| url.into_inner()).collect(),
					paused: target.paused,
					deposit: target.deposit,
					registered_at: target.registered_at,
					probers: Self::assigned_probers(id, &probers),
					channel: Self::channel_of(id),
					last_probes,
					relay: relay.get(&id).copied(),
					discovery: Discovery::<T>::get(id),
				}
			})
			.collect();
		infos.sort_by_key(|info| info.id);
		infos
	}

	/// The hours `[first, end)` that `[from_ms, to_ms)` touches.
	fn hours_of(from_ms: u64, to_ms: u64) -> (u32, u32) {
		let end = match to_ms > from_ms {
			true => time::hour_of(to_ms.saturating_sub(1)).saturating_add(1),
			false => time::hour_of(from_ms),
		};
		(time::hour_of(from_ms), end)
	}

	/// The buckets of a span that can hold records: all of an hourly span (it lies within the
	/// kept hours), the kept days of a daily one.
	fn kept_indices(span: &BucketSpan) -> core::ops::RangeInclusive<u32> {
		let indices = span.indices();
		match span.resolution {
			Resolution::Hour => indices,
			Resolution::Day => {
				let oldest = KeptDays::<T>::get().first().copied().unwrap_or(u32::MAX);
				(*indices.start()).max(oldest)..=*indices.end()
			},
		}
	}

	/// The buckets that answer a window placed at `as_of` (now without one), and their
	/// bounds in time and blocks.
	fn span_of(
		window: Window,
		as_of: Option<u64>,
	) -> Result<(BucketSpan, WindowBounds<BlockNumberFor<T>>), QueryError> {
		let clock_ms = T::Time::now();
		if clock_ms == 0 {
			return Err(QueryError::NoClock);
		}
		let now_ms = as_of.unwrap_or(clock_ms).min(clock_ms);
		// As of a time, a window ends just before it: a day is the 24 hours before.
		let place_ms = match as_of {
			Some(_) => now_ms.saturating_sub(1),
			None => now_ms,
		};
		let (from, to) = time::window_range(window, place_ms, EraClockSetting::<T>::get())
			.map_err(QueryError::BadWindow)?;
		let span =
			time::buckets_for(from, to, HoursForgottenBefore::<T>::get(), T::HoursKept::get());
		let start_block = |resolution, index| match resolution {
			Resolution::Hour => Hours::<T>::get(index).map(|(block, _)| block),
			Resolution::Day => Days::<T>::get(index).map(|(block, _)| block),
		};
		let to_ms = span.end_ms().min(now_ms);
		// A window reaching now ends with the current block. That includes a window whose last
		// bucket ends exactly now: the current block is stamped on the boundary, but the clock
		// (advanced before the timestamp is set) counted it in that bucket, and the next
		// bucket has no first block yet.
		let to_block = if as_of.is_some() {
			// Final evidence ends where the oldest hour not rolled up starts.
			Hours::<T>::get(time::hour_of(now_ms))
				.map(|(first, _)| first.saturating_sub(One::one()))
				.or_else(|| Some(frame_system::Pallet::<T>::block_number()))
		} else if span.end_ms() >= now_ms {
			Some(frame_system::Pallet::<T>::block_number())
		} else {
			start_block(span.resolution, span.last.saturating_add(1))
				.map(|next: BlockNumberFor<T>| next.saturating_sub(One::one()))
		};
		let bounds = WindowBounds {
			resolution: span.resolution,
			from_ms: span.start_ms(),
			to_ms,
			from_block: start_block(span.resolution, span.first),
			to_block,
		};
		Ok((span, bounds))
	}

	/// One bucket of these targets (sorted, distinct), combined over probers, per channel:
	/// with the hours not rolled up yet, unless `final_only`.
	fn bucket(
		resolution: Resolution,
		index: u32,
		ids: &[TargetId],
		final_only: bool,
	) -> BTreeMap<TargetId, ByChannel<Evidence>> {
		match resolution {
			Resolution::Hour => Self::hour_combined(index, ids)
				.into_iter()
				.map(|(target, combined)| (target, Evidence::hour(combined)))
				.collect(),
			Resolution::Day => {
				let mut day: BTreeMap<TargetId, ByChannel<Evidence>> = ids
					.iter()
					.filter_map(|id| {
						DaySli::<T>::get(index, id).map(|combined| {
							let insufficient = InsufficientHours::<T>::get(index, id);
							let evidence = combined.map(|channel, combined| Evidence {
								combined: combined.unwrap_or_default(),
								insufficient_hours: *insufficient.get(channel),
							});
							(*id, evidence)
						})
					})
					.collect();
				// Hours of this day that are not rolled up yet: the current one, and any
				// finished one still waiting (the oldest maybe partly: its targets before
				// `RollUpFrom` are in the day already).
				if final_only {
					return day;
				}
				let first_pending = PendingRollUps::<T>::get().first().copied();
				for hour in Self::unrolled_hours() {
					if time::day_of_hour(hour) != index {
						continue;
					}
					let rolled_before = match first_pending == Some(hour) {
						true => RollUpFrom::<T>::get().unwrap_or_default(),
						false => 0,
					};
					for (target, combined) in Self::raw_hour_combined(hour, ids) {
						if target >= rolled_before {
							merge_into(day.entry(target).or_default(), &Evidence::hour(combined));
						}
					}
				}
				day
			},
		}
	}

	/// The hours whose reports are not rolled up yet: pending ones and the current one.
	fn unrolled_hours() -> impl Iterator<Item = u32> {
		PendingRollUps::<T>::get().into_iter().chain(CurrentHour::<T>::get())
	}

	/// An hour of these targets (sorted, distinct), combined over probers: its
	/// [`HourSli`] entries once rolled up, its reports before.
	fn hour_combined(hour: u32, ids: &[TargetId]) -> BTreeMap<TargetId, CombinedByChannel> {
		if Self::unrolled_hours().any(|h| h == hour) {
			return Self::raw_hour_combined(hour, ids);
		}
		ids.iter().filter_map(|id| HourSli::<T>::get(hour, id).map(|entry| (*id, entry))).collect()
	}

	/// An hour not rolled up yet, combined from the probers' reports as its roll-up will.
	fn raw_hour_combined(hour: u32, ids: &[TargetId]) -> BTreeMap<TargetId, CombinedByChannel> {
		let mut reports: BTreeMap<TargetId, ByChannel<Vec<ProbeCounts>>> = BTreeMap::new();
		for (_, entries) in HourlyReports::<T>::iter_prefix(hour) {
			for (target, by_channel) in entries {
				if ids.binary_search(&target).is_ok() {
					let reports = reports.entry(target).or_default();
					for (channel, entry) in by_channel.iter() {
						if let Some(entry) = entry {
							reports.get_mut(channel).push(entry.counts);
						}
					}
				}
			}
		}
		let min_probers = Self::min_probers();
		reports
			.into_iter()
			.map(|(target, counts)| (target, Self::combine_channels(&counts, min_probers)))
			.collect()
	}

	/// Per target, channel and prober: its own counts over the kept hours within
	/// `[from, to)`.
	fn per_prober(
		from_ms: u64,
		to_ms: u64,
		ids: &[TargetId],
	) -> BTreeMap<TargetId, ProberCounts<T::AuthorityId>> {
		let mut result: BTreeMap<TargetId, ProberCounts<T::AuthorityId>> = BTreeMap::new();
		for hour in KeptHours::<T>::get() {
			let start = time::bucket_start_ms(Resolution::Hour, hour);
			if start < from_ms || start >= to_ms {
				continue;
			}
			for (prober, entries) in HourlyReports::<T>::iter_prefix(hour) {
				for (target, by_channel) in entries {
					if ids.binary_search(&target).is_err() {
						continue;
					}
					let counts = result.entry(target).or_default();
					for (channel, entry) in by_channel.iter() {
						if let Some(entry) = entry {
							counts
								.get_mut(channel)
								.entry(prober.clone())
								.or_default()
								.merge(&entry.counts);
						}
					}
				}
			}
		}
		result
	}
}

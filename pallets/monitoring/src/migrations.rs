//! Storage migrations.
//!
//! | version | what changed |
//! |---|---|
//! | 0 | the first release: one daily record per day holding every target (`DailySli`) |
//! | 1 | combined records per (hour, target) and (day, target): [`HourSli`], [`DaySli`], [`DayEntries`] |
//! | 2 | [`ProbeSettings`] gains `min_probers` and `allow_private_hosts`; [`ActiveTargets`] (new, from [`Targets`]); [`InsufficientHours`] (new, empty) |
//! | 3 | [`Discovery`] (new, one entry per relay-set member with a discovery key, counted from the upgrade's hour); [`DiscoverableHours`] (new, empty) |
//! | 4 | p2p and HTTP apart ([`Channel`]): [`HourlyReports`] entries, [`HourSli`], [`DaySli`] and [`InsufficientHours`] hold one value per channel |
//!
//! The migrations are stepped (`pallet-migrations`), so that each runs after the one
//! before (single-block migrations run before multi-block ones), and a large history is
//! migrated over several blocks.
//!
//! The migration from version 0 to 1 is retired: the runtime carries those from version 1
//! on. (It wrote the version-1 layout through the pallet's current storage items, which
//! version 4 changed.) A chain at version 0 upgrades through an earlier release first.
//!
//! [`v2::MigrateToV2`] rewrites the settings and lists the active targets (at most
//! `MaxTargets` reads), in one step. So does [`v3::MigrateToV3`], which writes at most
//! `MaxTargets` discovery entries. [`v4::MigrateToV4`] moves each kept hour and day into
//! the per-channel layout, one hour or day per step: before version 4 a target's records held
//! its p2p result where the node's prober measured one and its HTTP result otherwise, so they
//! go to the channel the target was mostly probed over — p2p for a validator of the relay
//! chain's set with a discovery key, HTTP for the others (a target registered with a p2p
//! address outside the relay set, a development-chain case, has its older history under
//! HTTP).

use crate::{
	pallet::*, weights::WeightInfo, ByChannel, Channel, Combined, DiscoveryState, HourEntry,
	ProbeSettings, TargetId, TargetOf,
};
use polkadot_sdk::frame_support::{
	migrations::{SteppedMigration, SteppedMigrationError},
	pallet_prelude::*,
	traits::{GetStorageVersion, StorageVersion},
	weights::WeightMeter,
};

/// Version 1 to 2.
pub mod v2 {
	use super::*;

	/// The version-1 probe settings.
	#[derive(Encode, Decode, MaxEncodedLen, Clone, Copy, PartialEq, Eq, Debug)]
	pub struct ProbeSettingsV1 {
		/// Blocks per probe period.
		pub period_blocks: u32,
		/// Probers per target.
		pub probers_per_target: u32,
		/// Probe timeout.
		pub timeout_ms: u32,
	}

	impl ProbeSettingsV1 {
		/// The same settings in version 2, within the runtime's limits (at least three
		/// probers per target, at most `max_per_target`): evidence from
		/// [`sli::MIN_PROBERS_FOR_MEDIAN`] probers, and no non-public probe hosts.
		pub fn upgrade(self, max_per_target: u32) -> ProbeSettings {
			let median = sli::MIN_PROBERS_FOR_MEDIAN as u32;
			let probers_per_target =
				self.probers_per_target.clamp(median, max_per_target.max(median));
			ProbeSettings {
				period_blocks: self.period_blocks,
				probers_per_target,
				timeout_ms: self.timeout_ms,
				min_probers: median.min(probers_per_target),
				allow_private_hosts: false,
			}
		}
	}

	/// The version-1 layout of [`crate::Settings`] (an alias's name is its storage name).
	#[polkadot_sdk::frame_support::storage_alias]
	pub type Settings<T: Config> = StorageValue<Pallet<T>, ProbeSettingsV1>;

	/// The migration from version 1 to 2.
	pub struct MigrateToV2<T>(PhantomData<T>);

	impl<T: Config> SteppedMigration for MigrateToV2<T> {
		type Cursor = ();
		type Identifier = [u8; 18];

		fn id() -> Self::Identifier {
			*b"pallet-monitor-v2\0"
		}

		fn step(
			_cursor: Option<Self::Cursor>,
			meter: &mut WeightMeter,
		) -> Result<Option<Self::Cursor>, SteppedMigrationError> {
			if Pallet::<T>::on_chain_storage_version() != StorageVersion::new(1) {
				return Ok(None);
			}
			let targets = u64::from(T::MaxTargets::get());
			let required = T::DbWeight::get()
				.reads_writes(targets.saturating_add(2), 3)
				.saturating_add(Weight::from_parts(
					0,
					targets.saturating_mul(TargetOf::<T>::max_encoded_len() as u64),
				));
			if meter.try_consume(required).is_err() {
				return Err(SteppedMigrationError::InsufficientWeight { required });
			}
			if let Some(old) = Settings::<T>::take() {
				crate::Settings::<T>::put(old.upgrade(T::MaxProbersPerTarget::get()));
			}
			let mut active: alloc::vec::Vec<TargetId> = Targets::<T>::iter()
				.filter(|(_, target)| !target.paused)
				.map(|(id, _)| id)
				.take(T::MaxTargets::get() as usize)
				.collect();
			active.sort_unstable();
			ActiveTargets::<T>::put(BoundedVec::truncate_from(active));
			StorageVersion::new(2).put::<Pallet<T>>();
			Ok(None)
		}
	}
}

/// Version 2 to 3.
pub mod v3 {
	use super::*;

	/// The migration from version 2 to 3: each member of the applied relay-chain set with a
	/// discovery key gets its [`Discovery`] entry, counted from the current hour.
	pub struct MigrateToV3<T>(PhantomData<T>);

	impl<T: Config> SteppedMigration for MigrateToV3<T> {
		type Cursor = ();
		type Identifier = [u8; 18];

		fn id() -> Self::Identifier {
			*b"pallet-monitor-v3\0"
		}

		fn step(
			_cursor: Option<Self::Cursor>,
			meter: &mut WeightMeter,
		) -> Result<Option<Self::Cursor>, SteppedMigrationError> {
			if Pallet::<T>::on_chain_storage_version() != StorageVersion::new(2) {
				return Ok(None);
			}
			let members = u64::from(T::MaxTargets::get());
			let required = T::DbWeight::get().reads_writes(3, members.saturating_add(1));
			if meter.try_consume(required).is_err() {
				return Err(SteppedMigrationError::InsufficientWeight { required });
			}
			let since_hour = Pallet::<T>::hour_now();
			for member in RelaySet::<T>::get() {
				if let Some(key) = member.discovery {
					Discovery::<T>::insert(
						member.target,
						DiscoveryState { key, since_hour, latest: None },
					);
				}
			}
			StorageVersion::new(3).put::<Pallet<T>>();
			Ok(None)
		}
	}
}

/// Version 3 to 4.
pub mod v4 {
	use super::*;
	use alloc::{collections::BTreeMap, vec::Vec};

	/// A version-3 prober's hour: one entry per target, one channel.
	pub type HourRecordV3<T> = BoundedVec<(TargetId, HourEntry), <T as Config>::MaxTargets>;

	/// The version-3 layout of [`crate::HourlyReports`].
	#[polkadot_sdk::frame_support::storage_alias]
	pub type HourlyReports<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Twox64Concat,
		u32,
		Twox64Concat,
		<T as Config>::AuthorityId,
		HourRecordV3<T>,
	>;

	/// The version-3 layout of [`crate::HourSli`].
	#[polkadot_sdk::frame_support::storage_alias]
	pub type HourSli<T: Config> =
		StorageDoubleMap<Pallet<T>, Twox64Concat, u32, Twox64Concat, TargetId, Combined>;

	/// The version-3 layout of [`crate::DaySli`].
	#[polkadot_sdk::frame_support::storage_alias]
	pub type DaySli<T: Config> =
		StorageDoubleMap<Pallet<T>, Twox64Concat, u32, Twox64Concat, TargetId, Combined>;

	/// The version-3 layout of [`crate::InsufficientHours`].
	#[polkadot_sdk::frame_support::storage_alias]
	pub type InsufficientHours<T: Config> =
		StorageDoubleMap<Pallet<T>, Twox64Concat, u32, Twox64Concat, TargetId, u32>;

	/// Where the migration is: the last kept hour or day moved.
	#[derive(Encode, Decode, MaxEncodedLen, Clone, PartialEq, Eq, Debug)]
	pub enum Progress {
		/// Kept hours are moved in order; the next is the first kept hour after this one
		/// (none yet: the first).
		Hours(Option<u32>),
		/// Kept days are moved in order; the next is the first kept day after this one.
		Days(Option<u32>),
	}

	/// The multi-block migration from version 3 to 4.
	pub struct MigrateToV4<T>(PhantomData<T>);

	impl<T: Config> MigrateToV4<T> {
		/// The most one step can cost: reading and writing back an hour's reports at the most
		/// probers and entries (twice an hour's roll-up), and looking up each target's
		/// discovery entry.
		pub fn step_weight() -> Weight {
			T::WeightInfo::on_initialize_roll_up(
				T::MaxProbers::get(),
				T::MaxTargets::get().saturating_mul(T::MaxProbersPerTarget::get()),
			)
			.saturating_mul(2)
			.saturating_add(T::DbWeight::get().reads(u64::from(T::MaxTargets::get())))
		}

		/// The channel a version-3 record of `target` goes to: p2p for a validator of the
		/// relay chain's set with a discovery key, HTTP otherwise.
		fn channel(cache: &mut BTreeMap<TargetId, Channel>, target: TargetId) -> Channel {
			*cache.entry(target).or_insert_with(|| match Discovery::<T>::contains_key(target) {
				true => Channel::P2p,
				false => Channel::Http,
			})
		}

		/// Moves one kept hour: its probers' records and its combined entries.
		fn hour_step(hour: u32, cache: &mut BTreeMap<TargetId, Channel>) {
			let records: Vec<_> = HourlyReports::<T>::iter_prefix(hour).collect();
			for (prober, record) in records {
				let entries = record
					.into_iter()
					.map(|(target, entry)| {
						(target, ByChannel::only(Self::channel(cache, target), entry))
					})
					.collect::<Vec<_>>();
				crate::HourlyReports::<T>::insert(
					hour,
					prober,
					crate::HourRecordOf::<T>::truncate_from(entries),
				);
			}
			let combined: Vec<_> = HourSli::<T>::iter_prefix(hour).collect();
			for (target, entry) in combined {
				let channel = Self::channel(cache, target);
				crate::HourSli::<T>::insert(hour, target, ByChannel::only(channel, entry));
			}
		}

		/// Moves one kept day: its combined entries and insufficient hours.
		fn day_step(day: u32, cache: &mut BTreeMap<TargetId, Channel>) {
			let combined: Vec<_> = DaySli::<T>::iter_prefix(day).collect();
			for (target, entry) in combined {
				let channel = Self::channel(cache, target);
				crate::DaySli::<T>::insert(day, target, ByChannel::only(channel, entry));
			}
			let insufficient: Vec<_> = InsufficientHours::<T>::iter_prefix(day).collect();
			for (target, hours) in insufficient {
				let mut by_channel = ByChannel::<u32>::default();
				*by_channel.get_mut(Self::channel(cache, target)) = hours;
				crate::InsufficientHours::<T>::insert(day, target, by_channel);
			}
		}

		/// The first of `kept` after `after` (the first of all without one).
		fn next(kept: &[u32], after: Option<u32>) -> Option<u32> {
			kept.iter().copied().find(|at| after.is_none_or(|after| *at > after))
		}
	}

	impl<T: Config> SteppedMigration for MigrateToV4<T> {
		type Cursor = Progress;
		type Identifier = [u8; 18];

		fn id() -> Self::Identifier {
			*b"pallet-monitor-v4\0"
		}

		fn step(
			mut cursor: Option<Self::Cursor>,
			meter: &mut WeightMeter,
		) -> Result<Option<Self::Cursor>, SteppedMigrationError> {
			if Pallet::<T>::on_chain_storage_version() != StorageVersion::new(3) {
				return Ok(None);
			}
			let required = Self::step_weight();
			if meter.remaining().any_lt(required) {
				return Err(SteppedMigrationError::InsufficientWeight { required });
			}
			let mut cache = BTreeMap::new();
			while meter.try_consume(required).is_ok() {
				let progress = cursor.unwrap_or(Progress::Hours(None));
				cursor = Some(match progress {
					Progress::Hours(after) => match Self::next(&KeptHours::<T>::get(), after) {
						Some(hour) => {
							Self::hour_step(hour, &mut cache);
							Progress::Hours(Some(hour))
						},
						None => Progress::Days(None),
					},
					Progress::Days(after) => match Self::next(&KeptDays::<T>::get(), after) {
						Some(day) => {
							Self::day_step(day, &mut cache);
							Progress::Days(Some(day))
						},
						None => {
							StorageVersion::new(4).put::<Pallet<T>>();
							return Ok(None);
						},
					},
				});
			}
			Ok(cursor)
		}
	}
}

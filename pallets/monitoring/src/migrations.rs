//! Storage migrations.
//!
//! | version | what changed |
//! |---|---|
//! | 0 | the first release: one daily record per day holding every target (`DailySli`) |
//! | 1 | combined records per (hour, target) and (day, target): [`HourSli`], [`DaySli`], [`DayEntries`] |
//! | 2 | [`ProbeSettings`] gains `min_probers` and `allow_private_hosts`; [`ActiveTargets`] (new, from [`Targets`]); [`InsufficientHours`] (new, empty) |
//! | 3 | [`Discovery`] (new, one entry per relay-set member with a discovery key, counted from the upgrade's hour); [`DiscoverableHours`] (new, empty) |
//!
//! Version 1 exists because a query or an SLA settlement about one validator read the whole
//! day's record of every validator (≈ 94 kB each with 1,024 targets): a 30-day period of one
//! validator proved ≈ 2.8 MB. Now it proves its own entries only.
//!
//! [`v1::MigrateToV1`] is a multi-block migration (`pallet-migrations`): a full year of
//! version-0 records (366 days × 1,024 targets) does not fit in one parachain block. Each step
//! migrates one kept hour or one day and costs at most one hourly roll-up.
//!
//! [`v2::MigrateToV2`] rewrites the settings and lists the active targets (at most
//! `MaxTargets` reads), in one step; it is a stepped migration too so that it runs after
//! [`v1::MigrateToV1`] (single-block migrations run before multi-block ones). So is
//! [`v3::MigrateToV3`], which writes at most `MaxTargets` discovery entries.

use crate::{
	pallet::*, weights::WeightInfo, Combined, DiscoveryState, ProbeSettings, TargetId, TargetOf,
};
use polkadot_sdk::frame_support::{
	migrations::{SteppedMigration, SteppedMigrationError},
	pallet_prelude::*,
	traits::{GetStorageVersion, StorageVersion},
	weights::WeightMeter,
};

/// Version 0 to 1.
pub mod v1 {
	use super::*;

	/// The version-0 daily record: every target's combined day, sorted by target.
	pub type DayRecordOf<T> = BoundedVec<(TargetId, Combined), <T as Config>::MaxTargets>;

	/// The version-0 layout: one record per day.
	#[polkadot_sdk::frame_support::storage_alias]
	pub type DailySli<T: Config> = StorageMap<Pallet<T>, Twox64Concat, u32, DayRecordOf<T>>;

	/// Where the migration is.
	#[derive(Encode, Decode, MaxEncodedLen, Clone, PartialEq, Eq, Debug)]
	pub enum Progress {
		/// Kept hours that were rolled up under version 0 get their [`HourSli`] entries, in
		/// order; the next one is the first kept hour after this one.
		Hours(u32),
		/// Version-0 days go into [`DaySli`], any order, each removed once moved.
		Days,
	}

	/// The multi-block migration from version 0 to 1.
	pub struct MigrateToV1<T>(PhantomData<T>);

	impl<T: Config> MigrateToV1<T> {
		/// The most one step can cost: an hour's roll-up at the most probers and entries
		/// (it reads more and writes as much as migrating an hour or a day does).
		pub fn step_weight() -> Weight {
			T::WeightInfo::on_initialize_roll_up(
				T::MaxProbers::get(),
				T::MaxTargets::get().saturating_mul(T::MaxProbersPerTarget::get()),
			)
		}

		/// Gives a kept hour, rolled up under version 0, its combined entries. Returns the
		/// next cursor.
		fn hour_step(after: Option<u32>) -> Progress {
			let unrolled: alloc::vec::Vec<u32> =
				PendingRollUps::<T>::get().into_iter().chain(CurrentHour::<T>::get()).collect();
			let next = KeptHours::<T>::get()
				.into_iter()
				.find(|hour| after.is_none_or(|after| *hour > after));
			match next {
				Some(hour) => {
					if !unrolled.contains(&hour) {
						let (combined, _, _) = Pallet::<T>::combine_hour(hour);
						for (target, entry) in combined {
							HourSli::<T>::insert(hour, target, entry);
						}
					}
					Progress::Hours(hour)
				},
				None => Progress::Days,
			}
		}

		/// Moves one version-0 day into [`DaySli`], adding to what hours rolled up since the
		/// upgrade put there (a day that expired meanwhile is dropped). `false` once none is
		/// left.
		fn day_step() -> bool {
			let Some((day, record)) = DailySli::<T>::iter().next() else { return false };
			if KeptDays::<T>::get().contains(&day) {
				Pallet::<T>::add_to_day(day, record);
			}
			DailySli::<T>::remove(day);
			true
		}
	}

	impl<T: Config> SteppedMigration for MigrateToV1<T> {
		type Cursor = Progress;
		type Identifier = [u8; 18];

		fn id() -> Self::Identifier {
			*b"pallet-monitor-v1\0"
		}

		fn step(
			mut cursor: Option<Self::Cursor>,
			meter: &mut WeightMeter,
		) -> Result<Option<Self::Cursor>, SteppedMigrationError> {
			if Pallet::<T>::on_chain_storage_version() != StorageVersion::new(0) {
				return Ok(None);
			}
			let required = Self::step_weight();
			if meter.remaining().any_lt(required) {
				return Err(SteppedMigrationError::InsufficientWeight { required });
			}
			while meter.try_consume(required).is_ok() {
				cursor = match cursor {
					None => Some(Self::hour_step(None)),
					Some(Progress::Hours(after)) => Some(Self::hour_step(Some(after))),
					Some(Progress::Days) => {
						if Self::day_step() {
							Some(Progress::Days)
						} else {
							StorageVersion::new(1).put::<Pallet<T>>();
							return Ok(None);
						}
					},
				};
			}
			Ok(cursor)
		}
	}
}

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

//! SLA contracts (`pallet-sla`) judged from the monitoring pallet's SLIs, and their money
//! (`pallet-compensation`). The monitoring pallet is the SLA pallet's SLI source and tells it
//! when a member pauses, re-points or leaves; the compensation pallet moves money when a
//! verdict is final.

use pallet_monitoring::{QueryError, Resolution, TargetObserver, Window};
use pallet_sla::{MemberStatus, PeriodSli, SliSource, SourceError};
use polkadot_sdk::{
	frame_support::{
		parameter_types,
		traits::{ConstU32, Time},
		weights::Weight,
		PalletId,
	},
	frame_system::EnsureRoot,
};

use super::super::{
	AccountId, Balance, Balances, Compensation, Monitoring, Runtime, RuntimeHoldReason, Sla,
	Timestamp, UNIT,
};

/// Most periods of one SLA: a year of days.
pub const MAX_PERIODS: u32 = 366;

parameter_types! {
	/// Held per stored SLA: its terms and up to 366 period records (≈ 120 B each).
	pub const OfferDeposit: Balance = UNIT;
	/// Held per dispute; lost when the verdict stands.
	pub const DisputeDeposit: Balance = 10 * UNIT;
	/// A period is settled at least a minute after it ended (its hour's records are final
	/// once the next hour began).
	pub const SettleDelay: u64 = 60_000;
	/// An SLA is offered at least 10 minutes before its first period, so cover can be bought.
	pub const MinLead: u64 = 10 * 60_000;
	/// How long a verdict can be disputed before its money moves: an hour, unless
	/// governance sets another (`system.set_storage`; test chains use less).
	pub storage DisputeWindow: u64 = 3_600_000;
	pub const CompensationPot: PalletId = PalletId(*b"stk/comp");
	/// Smallest cover or backing position: 0.1 STK.
	pub const MinPosition: Balance = UNIT / 10;
}

/// The monitoring pallet as the SLA pallet's SLI source.
pub struct MonitoringSli;

impl SliSource<AccountId> for MonitoringSli {
	fn status(stash: &AccountId) -> Option<MemberStatus> {
		let target = pallet_monitoring::TargetOfStash::<Runtime>::get(stash)?;
		pallet_monitoring::Targets::<Runtime>::get(target)
			.map(|t| MemberStatus { paused: t.paused })
	}

	fn now_ms() -> u64 {
		Timestamp::now()
	}

	/// Probe results go into the chain's current hour: every earlier hour is final once it
	/// is rolled up into per-validator records (normally in the hour's first block).
	fn final_until_ms() -> u64 {
		Monitoring::final_until_ms()
	}

	fn era_clock() -> pallet_sla::EraClock {
		pallet_monitoring::EraClockSetting::<Runtime>::get()
	}

	fn period_sli(
		stashes: &[AccountId],
		from_ms: u64,
		to_ms: u64,
	) -> Result<PeriodSli, SourceError> {
		let report =
			Monitoring::combined_sli(stashes, Window::Custom { from_ms, to_ms }).map_err(|e| {
				match e {
					QueryError::UnknownValidator => SourceError::NotMonitored,
					QueryError::BadWindow(_)
					| QueryError::NoClock
					| QueryError::TooManyValidators
					| QueryError::TooManyBuckets => SourceError::Unavailable,
				}
			})?;
		let probers = report.members.iter().map(|m| m.probers_seen).min().unwrap_or(0);
		Ok(PeriodSli {
			sli: report.aggregate,
			probers,
			daily: report.window.resolution == Resolution::Day,
		})
	}
}

/// Forwards the monitoring pallet's target changes to the SLA pallet.
pub struct SlaIncidents;

impl TargetObserver<AccountId> for SlaIncidents {
	fn paused(stash: &AccountId) {
		Sla::note_paused(stash);
	}
	fn resumed(stash: &AccountId) {
		Sla::note_resumed(stash);
	}
	fn endpoints_changed(stash: &AccountId) {
		Sla::note_endpoints_changed(stash);
	}
	fn left(stash: &AccountId) {
		Sla::note_left(stash);
	}
	fn weight() -> Weight {
		Sla::note_weight()
	}
}

impl pallet_sla::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Sli = MonitoringSli;
	type Hooks = Compensation;
	type DisputeOrigin = EnsureRoot<AccountId>;
	type OfferDeposit = OfferDeposit;
	type DisputeDeposit = DisputeDeposit;
	type SettleDelay = SettleDelay;
	type DisputeWindow = DisputeWindow;
	type MinLead = MinLead;
	type MaxSlas = ConstU32<1_024>;
	type MaxMembers = ConstU32<16>;
	type MaxClauses = ConstU32<4>;
	type MaxTiers = ConstU32<8>;
	type MaxPeriods = ConstU32<MAX_PERIODS>;
	// 30-day months; the monitoring pallet keeps daily records for 366 days.
	type MaxPeriodDays = ConstU32<30>;
	type MaxSlasPerValidator = ConstU32<8>;
	type MaxIncidents = ConstU32<16>;
	type WeightInfo = pallet_sla::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmarks::MonitoredValidators;
}

impl pallet_compensation::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Slas = Sla;
	type PalletId = CompensationPot;
	type MinPosition = MinPosition;
	type MaxLeverage = ConstU32<10>;
	type MaxPeriods = ConstU32<MAX_PERIODS>;
	type WeightInfo = pallet_compensation::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmarks::MonitoredValidators;
}

/// The SLA pallets' benchmarks on the real monitoring pallet: validators registered with
/// rolled-up hours and days of probes, and the timestamp pallet's clock.
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarks {
	use super::*;
	use polkadot_sdk::frame_support::BoundedVec;

	pub struct MonitoredValidators;

	impl pallet_sla::BenchmarkHelper<AccountId> for MonitoredValidators {
		fn monitor(stash: &AccountId) {
			if pallet_monitoring::TargetOfStash::<Runtime>::contains_key(stash) {
				return;
			}
			let id = pallet_monitoring::NextTargetId::<Runtime>::get();
			pallet_monitoring::NextTargetId::<Runtime>::put(id + 1);
			pallet_monitoring::TargetOfStash::<Runtime>::insert(stash, id);
			let url = BoundedVec::truncate_from(b"https://validator.example/health".to_vec());
			pallet_monitoring::Targets::<Runtime>::insert(
				id,
				pallet_monitoring::Target {
					stash: stash.clone(),
					endpoints: BoundedVec::truncate_from(alloc::vec![url]),
					paused: false,
					deposit: 0,
					registered_at: 0,
				},
			);
		}

		fn record(stashes: &[AccountId], from_ms: u64, to_ms: u64) {
			let ids: alloc::vec::Vec<u32> = stashes
				.iter()
				.filter_map(pallet_monitoring::TargetOfStash::<Runtime>::get)
				.collect();
			Monitoring::benchmark_history(&ids, from_ms, to_ms);
		}

		fn set_now(ms: u64) {
			polkadot_sdk::pallet_timestamp::Now::<Runtime>::put(ms);
			pallet_monitoring::CurrentHour::<Runtime>::put(sli::time::hour_of(ms));
		}
	}

	impl pallet_compensation::BenchmarkHelper<AccountId> for MonitoredValidators {
		fn create_sla(provider: &AccountId, periods: u32) -> pallet_compensation::SlaId {
			use pallet_sla::BenchmarkHelper as _;
			const T0: u64 = 1_796_083_200_000;
			Self::set_now(T0);
			Self::monitor(provider);
			let terms = pallet_sla::Terms {
				clauses: BoundedVec::truncate_from(alloc::vec![pallet_sla::Clause {
					objective: pallet_sla::Objective {
						metric: pallet_sla::Metric::Uptime,
						direction: pallet_sla::Direction::AtLeast,
						target: 990_000,
					},
					credit: pallet_sla::CreditRule::Deviation { cap_ppm: 250_000 },
				}]),
				cadence: pallet_sla::Cadence::Hours(1),
				first: T0 + sli::time::HOUR_MS,
				periods,
				gate: pallet_sla::Gate { min_probes: 1, min_probers: 1 },
				maintenance_ms: 0,
				notice_periods: 0,
			};
			use polkadot_sdk::frame_support::traits::fungible::Mutate;
			let _ = Balances::mint_into(provider, 1_000 * UNIT);
			Sla::do_offer(
				provider.clone(),
				BoundedVec::truncate_from(alloc::vec![provider.clone()]),
				terms,
			)
			.expect("the benchmark's SLA is valid")
		}

		fn finalise_until(
			sla: pallet_compensation::SlaId,
			period: pallet_compensation::PeriodIndex,
		) {
			pallet_sla::Slas::<Runtime>::mutate(sla, |s| {
				if let Some(s) = s {
					let (start, _) = s.period_range(period);
					<Self as pallet_sla::BenchmarkHelper<AccountId>>::set_now(start + 1);
					s.state = pallet_sla::SlaState::Active;
					s.next_settle = period;
					s.next_final = period;
				}
			});
		}
	}
}

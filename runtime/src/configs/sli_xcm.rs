//! SLI queries over XCM (`pallet-sli-xcm`): the relay chain and sibling parachains ask, the
//! monitoring pallet answers with final evidence only (`Monitoring::final_sli`,
//! `Monitoring::final_history`), in the public ABI of the `sli-xcm` crate. `docs/xcm.md` shows
//! the messages.

use pallet_monitoring::{QueryError as MonitoringError, WeightInfo as _};
use pallet_sli_xcm::SliSource;
use polkadot_sdk::{
	frame_support::{parameter_types, traits::Everything, weights::Weight, BoundedVec},
	pallet_xcm::EnsureXcm,
};
use sli_xcm::{
	Answer, Bucket, GroupSlis, History, MemberSlis, Query, QueryError, Span, MAX_BUCKETS,
};

use super::{
	super::{AccountId, Monitoring, Runtime},
	xcm::{UniversalLocation, XcmRouter},
};

parameter_types! {
	/// Most answers sent in one block: each is one XCM message of at most 8 KiB.
	pub const MaxAnswersPerBlock: u32 = 16;
	/// Most weight a requester's callback may ask for on its own chain (the answer's
	/// `fallback_max_weight`, and the execution it buys there).
	pub MaxCallbackWeight: Weight = Weight::from_parts(10_000_000_000, 256 * 1024);
}

impl pallet_sli_xcm::Config for Runtime {
	// Any XCM origin: the pallet answers only other chains and their users, at their
	// chain's root.
	type RequestOrigin = EnsureXcm<Everything>;
	type Source = MonitoringAnswers;
	type XcmSender = XcmRouter;
	type UniversalLocation = UniversalLocation;
	type MaxAnswersPerBlock = MaxAnswersPerBlock;
	type MaxCallbackWeight = MaxCallbackWeight;
	type WeightInfo = pallet_sli_xcm::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmarks::Requests;
}

/// The monitoring pallet, answering in the ABI's types.
pub struct MonitoringAnswers;

impl SliSource<AccountId> for MonitoringAnswers {
	fn answer(query: &Query<AccountId>) -> Result<Answer<AccountId>, QueryError> {
		match query {
			Query::Slis { stashes, window } => {
				let report = Monitoring::final_sli(stashes, *window).map_err(abi_error)?;
				let members = report
					.members
					.into_iter()
					.map(|m| MemberSlis {
						stash: m.stash,
						channel: m.channel,
						sli: m.sli,
						insufficient_hours: m.insufficient_hours,
						discoverability: m.discoverability,
						http: m.http.map(|http| http.sli),
					})
					.collect::<alloc::vec::Vec<_>>();
				Ok(Answer::Slis(GroupSlis {
					window: span(&report.window),
					aggregate: report.aggregate,
					discoverability: report.discoverability,
					members: BoundedVec::try_from(members)
						.map_err(|_| QueryError::TooManyValidators)?,
				}))
			},
			Query::History { stash, window } => {
				let (bounds, buckets) =
					Monitoring::final_history(stash, *window, MAX_BUCKETS).map_err(abi_error)?;
				let buckets = buckets
					.into_iter()
					.map(|b| Bucket {
						from_ms: b.from_ms,
						to_ms: b.to_ms,
						channel: b.channel,
						sli: b.sli,
						insufficient_hours: b.insufficient_hours,
						discoverability: b.discoverability,
						http: b.http.map(|http| http.sli),
					})
					.collect::<alloc::vec::Vec<_>>();
				Ok(Answer::History(History {
					window: span(&bounds),
					buckets: BoundedVec::try_from(buckets)
						.map_err(|_| QueryError::TooManyBuckets)?,
				}))
			},
		}
	}

	/// The monitoring pallet's benchmarked queries: a group's final records over the days its
	/// window can touch, or a history of the most buckets an answer holds.
	fn weight(query: &Query<AccountId>) -> Weight {
		type Weights = pallet_monitoring::weights::SubstrateWeight<Runtime>;
		match query {
			// Per validator (each read apart), so the fixed part is counted once per validator.
			Query::Slis { stashes, window } => {
				Weights::final_sli(Monitoring::buckets_of_window(*window))
					.saturating_mul(stashes.len() as u64)
			},
			Query::History { .. } => Weights::final_history(MAX_BUCKETS),
		}
	}
}

fn span<B>(window: &pallet_monitoring::WindowBounds<B>) -> Span {
	Span { resolution: window.resolution, from_ms: window.from_ms, to_ms: window.to_ms }
}

/// The monitoring pallet's query errors in the ABI's terms.
fn abi_error(e: MonitoringError) -> QueryError {
	match e {
		MonitoringError::UnknownValidator => QueryError::UnknownValidator,
		MonitoringError::BadWindow(w) => QueryError::BadWindow(w),
		MonitoringError::NoClock => QueryError::NoClock,
		MonitoringError::TooManyValidators => QueryError::TooManyValidators,
		MonitoringError::TooManyBuckets => QueryError::TooManyBuckets,
	}
}

/// The request's benchmark on the real monitoring pallet: the largest answer (16 validators,
/// each with a year of records on both channels and a discovery key), sent to a sibling over
/// an open channel.
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarks {
	use super::*;
	use crate::{ParachainSystem, RuntimeOrigin};
	use pallet_sla::BenchmarkHelper as _;
	use polkadot_sdk::{frame_benchmarking::account, staging_xcm::latest::prelude::*};
	use sli_xcm::{Window, MAX_STASHES};

	/// The sibling that asks.
	const SIBLING: u32 = 2_001;

	pub struct Requests;

	impl pallet_sli_xcm::BenchmarkHelper<AccountId, RuntimeOrigin> for Requests {
		fn origin() -> RuntimeOrigin {
			ParachainSystem::open_outbound_hrmp_channel_for_benchmarks_or_tests(SIBLING.into());
			// Benchmarks start from empty storage: the XCM version to speak to a chain whose
			// own version is unknown, as genesis sets it.
			let _ = crate::PolkadotXcm::force_default_xcm_version(
				RuntimeOrigin::root(),
				Some(polkadot_sdk::staging_xcm::latest::VERSION),
			);
			polkadot_sdk::pallet_xcm::Origin::Xcm(Location::new(1, [Parachain(SIBLING)])).into()
		}

		/// The largest answer (16 validators, each over p2p with its HTTP SLIs and its
		/// discoverability beside) at the least reading: an hour's window. The source's
		/// reading over longer windows is weighed apart ([`SliSource::weight`]).
		fn worst_case_query() -> Query<AccountId> {
			use super::super::sla::benchmarks::MonitoredValidators;
			const NOW: u64 = 1_796_083_200_000 + 60_000;
			let stashes: alloc::vec::Vec<AccountId> =
				(0..MAX_STASHES).map(|i| account("validator", i, 7)).collect();
			for stash in &stashes {
				MonitoredValidators::monitor(stash);
				if let Some(id) = pallet_monitoring::TargetOfStash::<Runtime>::get(stash) {
					pallet_monitoring::Discovery::<Runtime>::insert(
						id,
						pallet_monitoring::DiscoveryState {
							key: [7; 32],
							since_hour: 0,
							latest: None,
						},
					);
				}
			}
			MonitoredValidators::set_now(NOW);
			let final_until = Monitoring::final_until_ms();
			let from_ms = final_until.saturating_sub(sli::time::HOUR_MS);
			MonitoredValidators::record(&stashes, from_ms, final_until);
			Query::Slis {
				stashes: BoundedVec::truncate_from(stashes),
				window: Window::Custom { from_ms, to_ms: final_until },
			}
		}
	}
}

//! The pallets whose benchmarks `frame-omni-bencher` and `stacktical-node benchmark pallet`
//! run, with the glue some of them need.

use alloc::{string::String, vec::Vec};
use polkadot_sdk::{
	cumulus_pallet_session_benchmarking::Pallet as SessionBench,
	frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList},
	frame_support::traits::StorageInfo,
	frame_system_benchmarking::Pallet as SystemBench,
	pallet_xcm::benchmarking::Pallet as PalletXcmBenchmark,
	staging_xcm::latest::prelude::{Asset, AssetId, Assets, Fungible, Location, Parent, SendXcm},
	staging_xcm_executor::{traits::FeeReason, FeesMode},
	*,
};

use crate::*;

polkadot_sdk::frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[cumulus_pallet_parachain_system, ParachainSystem]
	[cumulus_pallet_weight_reclaim, WeightReclaim]
	[pallet_balances, Balances]
	[pallet_session, SessionBench::<Runtime>]
	[pallet_timestamp, Timestamp]
	[pallet_message_queue, MessageQueue]
	[pallet_migrations, MultiBlockMigrations]
	[pallet_sudo, Sudo]
	[pallet_utility, Utility]
	[pallet_collator_selection, CollatorSelection]
	[cumulus_pallet_xcmp_queue, XcmpQueue]
	[pallet_scalability, Scalability]
	[pallet_monitoring, Monitoring]
	[pallet_sla, Sla]
	[pallet_compensation, Compensation]
	[pallet_sli_xcm, SliXcm]
	[pallet_xcm, PalletXcmBenchmark::<Runtime>]
);

impl cumulus_pallet_session_benchmarking::Config for Runtime {
	fn generate_session_keys_and_proof(owner: AccountId) -> (SessionKeys, Vec<u8>) {
		use codec::Encode;
		let generated = SessionKeys::generate(&owner.encode(), None);
		(generated.keys, generated.proof.encode())
	}
}

impl frame_system_benchmarking::Config for Runtime {
	fn setup_set_code_requirements(
		code: &Vec<u8>,
	) -> Result<(), frame_benchmarking::BenchmarkError> {
		ParachainSystem::initialize_for_set_code_benchmark(code.len() as u32);
		Ok(())
	}

	fn verify_set_code() {
		System::assert_last_event(
			cumulus_pallet_parachain_system::Event::<Runtime>::ValidationFunctionStored.into(),
		);
	}
}

/// Makes messages to the relay chain deliverable in benchmarks: the router's UMP queue gets
/// the host configuration it needs. Messages there cost no delivery fee on this chain
/// (`ParentAsUmp` with no price), so no origin needs funds for them.
pub struct ToRelayDelivery;
impl staging_xcm_builder::EnsureDelivery for ToRelayDelivery {
	fn ensure_successful_delivery(
		_origin: &Location,
		dest: &Location,
		_fee_reason: FeeReason,
	) -> (Option<FeesMode>, Option<Assets>) {
		<configs::xcm::XcmRouter as SendXcm>::ensure_successful_delivery(Some(dest.clone()));
		(None, None)
	}
}

/// `pallet-xcm` is benchmarked for what this chain lets it do: send to the relay chain (the
/// one destination that needs no channel; messages to it cost no delivery fee), version
/// notifications, queries, claims of trapped STK. Teleports, reserve transfers and `execute`
/// are filtered out here, so their benchmarks report `Weight::MAX`: calls that cannot succeed.
impl pallet_xcm::benchmarking::Config for Runtime {
	type DeliveryHelper = ToRelayDelivery;

	fn reachable_dest() -> Option<Location> {
		Some(Parent.into())
	}

	fn get_asset() -> Asset {
		Asset { id: AssetId(Location::here()), fun: Fungible(EXISTENTIAL_DEPOSIT) }
	}

	fn batch_call(calls: Vec<RuntimeCall>) -> Option<RuntimeCall> {
		Some(RuntimeCall::Utility(pallet_utility::Call::batch_all { calls }))
	}
}

/// Lists the benchmarks and the storage they touch.
pub fn metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	use frame_support::traits::StorageInfoTrait;
	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	(list, AllPalletsWithSystem::storage_info())
}

/// Runs the benchmarks `config` selects.
pub fn dispatch(config: BenchmarkConfig) -> Result<Vec<BenchmarkBatch>, String> {
	use frame_support::traits::WhitelistedStorageKeys;

	let whitelist = AllPalletsWithSystem::whitelisted_storage_keys();
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}

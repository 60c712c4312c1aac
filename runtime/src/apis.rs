//! The runtime APIs: what the node, wallets and other tools may ask the runtime.

use alloc::vec::Vec;
use polkadot_sdk::{
	cumulus_pallet_parachain_system, cumulus_primitives_aura, cumulus_primitives_core,
	frame_support::{
		genesis_builder_helper::{build_state, get_preset},
		traits::Get,
		weights::Weight,
	},
	pallet_aura, pallet_transaction_payment, pallet_transaction_payment_rpc_runtime_api,
	sp_api::impl_runtime_apis,
	sp_consensus_aura::sr25519::AuthorityId as AuraId,
	sp_core::{crypto::KeyTypeId, OpaqueMetadata},
	sp_genesis_builder, sp_inherents, sp_offchain,
	sp_runtime::{
		traits::Block as BlockT,
		transaction_validity::{TransactionSource, TransactionValidity},
		ApplyExtrinsicResult,
	},
	sp_session, sp_transaction_pool,
	sp_version::RuntimeVersion,
	staging_xcm::{
		latest::prelude::AssetId, Version as XcmVersion, VersionedAssetId, VersionedAssets,
		VersionedLocation, VersionedXcm,
	},
	xcm_runtime_apis::{
		dry_run::{CallDryRunEffects, Error as XcmDryRunApiError, XcmDryRunEffects},
		fees::Error as XcmPaymentApiError,
	},
	*,
};

use crate::{
	configs::xcm::{HereLocation, XcmConfig},
	genesis_config_presets, AccountId, Balance, Block, BlockNumber, Executive, InherentDataExt,
	Monitoring, Nonce, OriginCaller, ParachainSystem, PolkadotXcm, ProberId, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeGenesisConfig, Scalability, SessionKeys, Sla, SliXcm, System,
	TransactionPayment, VERSION,
};

impl_runtime_apis! {
	impl cumulus_primitives_aura::AuraUnincludedSegmentApi<Block> for Runtime {
		fn can_build_upon(
			included_hash: <Block as BlockT>::Hash,
			slot: cumulus_primitives_aura::Slot,
		) -> bool {
			crate::ConsensusHook::can_build_upon(included_hash, slot)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(crate::SLOT_DURATION)
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl cumulus_primitives_core::RelayParentOffsetApi<Block> for Runtime {
		fn relay_parent_offset() -> u32 {
			<Runtime as cumulus_pallet_parachain_system::Config>::RelayParentOffset::get()
		}

		fn max_claim_queue_offset() -> u8 {
			ParachainSystem::max_claim_queue_offset()
		}
	}

	impl cumulus_primitives_core::KeyToIncludeInRelayProof<Block> for Runtime {
		fn keys_to_prove() -> cumulus_primitives_core::RelayProofRequest {
			// The monitoring pallet's relay session and, when it changes, validator set.
			cumulus_primitives_core::RelayProofRequest {
				keys: crate::configs::monitoring::RelayState::keys_to_prove(),
			}
		}
	}

	impl cumulus_primitives_core::GetParachainInfo<Block> for Runtime {
		fn parachain_id() -> cumulus_primitives_core::ParaId {
			crate::ParachainInfo::parachain_id()
		}
	}

	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block)
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl xcm_runtime_apis::fees::XcmPaymentApi<Block> for Runtime {
		fn query_acceptable_payment_assets(xcm_version: XcmVersion) -> Result<Vec<VersionedAssetId>, XcmPaymentApiError> {
			// Execution is paid in the native token only.
			let acceptable_assets = alloc::vec![AssetId(HereLocation::get())];
			PolkadotXcm::query_acceptable_payment_assets(xcm_version, acceptable_assets)
		}

		fn query_weight_to_asset_fee(weight: Weight, asset: VersionedAssetId) -> Result<u128, XcmPaymentApiError> {
			type Trader = <XcmConfig as staging_xcm_executor::Config>::Trader;
			PolkadotXcm::query_weight_to_asset_fee::<Trader>(weight, asset)
		}

		fn query_xcm_weight(message: VersionedXcm<()>) -> Result<Weight, XcmPaymentApiError> {
			PolkadotXcm::query_xcm_weight(message)
		}

		fn query_delivery_fees(
			destination: VersionedLocation,
			message: VersionedXcm<()>,
			asset_id: VersionedAssetId,
		) -> Result<VersionedAssets, XcmPaymentApiError> {
			type AssetExchanger = <XcmConfig as staging_xcm_executor::Config>::AssetExchanger;
			PolkadotXcm::query_delivery_fees::<AssetExchanger>(destination, message, asset_id)
		}
	}

	impl xcm_runtime_apis::dry_run::DryRunApi<Block, RuntimeCall, RuntimeEvent, OriginCaller> for Runtime {
		fn dry_run_call(
			origin: OriginCaller,
			call: RuntimeCall,
			result_xcms_version: XcmVersion,
		) -> Result<CallDryRunEffects<RuntimeEvent>, XcmDryRunApiError> {
			PolkadotXcm::dry_run_call::<Runtime, crate::configs::xcm::XcmRouter, OriginCaller, RuntimeCall>(
				origin,
				call,
				result_xcms_version,
			)
		}

		fn dry_run_xcm(
			origin_location: VersionedLocation,
			xcm: VersionedXcm<RuntimeCall>,
		) -> Result<XcmDryRunEffects<RuntimeEvent>, XcmDryRunApiError> {
			PolkadotXcm::dry_run_xcm::<crate::configs::xcm::XcmRouter>(origin_location, xcm)
		}
	}

	impl pallet_scalability_runtime_api::ScalabilityApi<Block, AccountId, Balance, BlockNumber, AuraId> for Runtime {
		fn campaign(
			id: pallet_scalability::CampaignId,
		) -> Option<pallet_scalability::CampaignDetails<AccountId, Balance, BlockNumber, AuraId>> {
			Scalability::campaign_details(id)
		}

		fn history(network: Vec<u8>) -> Vec<pallet_scalability::HistoryEntry<BlockNumber, AuraId>> {
			Scalability::history(network)
		}

		fn compare(
			candidate: pallet_scalability::CampaignId,
			baseline: pallet_scalability::CampaignId,
		) -> Option<pallet_scalability::Comparison> {
			Scalability::compare(candidate, baseline)
		}

		fn predict(
			campaign: pallet_scalability::CampaignId,
			sizes: Vec<sp_runtime::FixedU128>,
		) -> Vec<pallet_scalability::Prediction> {
			Scalability::predictions(campaign, sizes)
		}

		fn check_fit(
			campaign: pallet_scalability::CampaignId,
		) -> Option<Result<pallet_scalability::Insights, pallet_scalability::RejectReason>> {
			Scalability::check_campaign_fit(campaign)
		}

		fn network(network: Vec<u8>) -> Option<pallet_scalability::NetworkDetails<AccountId, Balance>> {
			Scalability::network(network)
		}
	}

	#[api_version(5)]
	impl pallet_monitoring_runtime_api::SliApi<Block, AccountId, ProberId, Balance, BlockNumber> for Runtime {
		fn sli(
			stashes: Vec<AccountId>,
			window: pallet_monitoring::Window,
		) -> Result<pallet_monitoring::SliReport<AccountId, ProberId, BlockNumber>, pallet_monitoring::QueryError> {
			Monitoring::sli(&stashes, window)
		}

		fn history(
			stash: AccountId,
			window: pallet_monitoring::Window,
		) -> Result<(pallet_monitoring::WindowBounds<BlockNumber>, Vec<pallet_monitoring::BucketSli>), pallet_monitoring::QueryError> {
			Monitoring::history(&stash, window)
		}

		fn targets() -> Vec<pallet_monitoring::TargetInfo<AccountId, ProberId, Balance, BlockNumber>> {
			Monitoring::target_infos()
		}
	}

	impl pallet_sla_runtime_api::SlaApi<Block, AccountId, Balance> for Runtime {
		fn sla(id: pallet_sla::SlaId) -> Result<pallet_sla_runtime_api::SlaDetails<AccountId, Balance>, pallet_sla_runtime_api::SlaQueryError> {
			pallet_sla_runtime_api::query::sla::<Runtime>(id)
		}

		fn periods(
			id: pallet_sla::SlaId,
			from: pallet_sla::PeriodIndex,
			count: u32,
		) -> Result<Vec<pallet_sla_runtime_api::PeriodDetails<AccountId, Balance>>, pallet_sla_runtime_api::SlaQueryError> {
			pallet_sla_runtime_api::query::periods::<Runtime>(id, from, count)
		}

		fn offers_of(stash: AccountId) -> Vec<pallet_sla::SlaId> {
			Sla::slas_of(&stash)
		}

		fn position(id: pallet_sla::SlaId, who: AccountId) -> Result<pallet_sla_runtime_api::PositionDetails<Balance>, pallet_sla_runtime_api::SlaQueryError> {
			pallet_sla_runtime_api::query::position::<Runtime>(id, &who)
		}
	}

	impl pallet_sli_xcm_runtime_api::SliXcmApi<Block, AccountId> for Runtime {
		fn answer(
			query: pallet_sli_xcm_runtime_api::VersionedQuery<AccountId>,
		) -> pallet_sli_xcm_runtime_api::VersionedAnswer<AccountId> {
			SliXcm::answer(&query)
		}
	}

	impl cumulus_primitives_core::CollectCollationInfo<Block> for Runtime {
		fn collect_collation_info(header: &<Block as BlockT>::Header) -> cumulus_primitives_core::CollationInfo {
			ParachainSystem::collect_collation_info(header)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select).unwrap()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<polkadot_sdk::frame_support::traits::StorageInfo>,
		) {
			crate::benchmarks::metadata(extra)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			crate::benchmarks::dispatch(config)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}
}

//! Pallet configuration: a plain Cumulus parachain (system, token, Aura, message queues) and
//! the SLI consumer, which asks Stacktical (parachain [`STACKTICAL_PARA_ID`]).

use polkadot_sdk::{
	cumulus_pallet_parachain_system::{self, RelayNumberMonotonicallyIncreases},
	cumulus_primitives_core::{AggregateMessageOrigin, ParaId},
	frame_support::{
		derive_impl,
		dispatch::DispatchClass,
		parameter_types,
		traits::{
			ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, Everything, TransformOrigin,
			VariantCountOf,
		},
		weights::{constants::RocksDbWeight, ConstantMultiplier, IdentityFee, Weight},
	},
	frame_system::{
		self,
		limits::{BlockLength, BlockWeights},
		EnsureRoot,
	},
	pallet_xcm::EnsureXcm,
	parachains_common::message_queue::{NarrowOriginToSibling, ParaIdToSibling},
	polkadot_runtime_common::{xcm_sender::NoPriceForMessageDelivery, BlockHashCount},
	sp_runtime::Perbill,
	sp_version::RuntimeVersion,
	staging_xcm::latest::prelude::*,
	*,
};

use crate::{
	xcm_config, AccountId, AuraId, Balance, Balances, Block, ConsensusHook, MessageQueue, Nonce,
	PalletInfo, ParachainSystem, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason,
	RuntimeHoldReason, RuntimeOrigin, RuntimeTask, System, XcmpQueue, EXISTENTIAL_DEPOSIT,
	MAXIMUM_BLOCK_WEIGHT, NORMAL_DISPATCH_RATIO, SLOT_DURATION, VERSION,
};

/// Stacktical's parachain id (its presets' id).
pub const STACKTICAL_PARA_ID: u32 = 2000;
/// One STK, Stacktical's token, in its plancks.
pub const STK: u128 = 1_000_000_000_000;

parameter_types! {
	pub const Version: RuntimeVersion = VERSION;
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
		.build();
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		MAXIMUM_BLOCK_WEIGHT,
		NORMAL_DISPATCH_RATIO,
	);
}

#[derive_impl(frame_system::config_preludes::ParaChainDefaultConfig)]
impl frame_system::Config for Runtime {
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Block = Block;
	type BlockHashCount = BlockHashCount;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type DbWeight = RocksDbWeight;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type OnSetCode = cumulus_pallet_parachain_system::ParachainSetCode<Self>;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = crate::Aura;
	type MinimumPeriod = ConstU64<0>;
	type WeightInfo = ();
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = ();
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = pallet_transaction_payment::FungibleAdapter<Balances, ()>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = ConstantMultiplier<Balance, ConstU128<1>>;
	type FeeMultiplierUpdate = ();
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = ();
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = ();
}

parameter_types! {
	pub const ReservedXcmpWeight: Weight = MAXIMUM_BLOCK_WEIGHT.saturating_div(4);
	pub const ReservedDmpWeight: Weight = MAXIMUM_BLOCK_WEIGHT.saturating_div(4);
	pub const RelayOrigin: AggregateMessageOrigin = AggregateMessageOrigin::Parent;
}

impl cumulus_pallet_parachain_system::Config for Runtime {
	type WeightInfo = ();
	type RuntimeEvent = RuntimeEvent;
	type OnSystemEvent = ();
	type SelfParaId = staging_parachain_info::Pallet<Runtime>;
	type OutboundXcmpMessageSource = XcmpQueue;
	type DmpQueue = frame_support::traits::EnqueueWithOrigin<MessageQueue, RelayOrigin>;
	type ReservedDmpWeight = ReservedDmpWeight;
	type XcmpMessageHandler = XcmpQueue;
	type ReservedXcmpWeight = ReservedXcmpWeight;
	type CheckAssociatedRelayNumber = RelayNumberMonotonicallyIncreases;
	type ConsensusHook = ConsensusHook;
	type RelayParentOffset = ConstU32<0>;
	type SchedulingSignatureVerifier = ();
}

impl staging_parachain_info::Config for Runtime {}

parameter_types! {
	pub MessageQueueServiceWeight: Weight =
		Perbill::from_percent(35) * RuntimeBlockWeights::get().max_block;
}

impl pallet_message_queue::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MessageProcessor = staging_xcm_builder::ProcessXcmMessage<
		AggregateMessageOrigin,
		staging_xcm_executor::XcmExecutor<xcm_config::XcmConfig>,
		RuntimeCall,
	>;
	type Size = u32;
	type QueueChangeHandler = NarrowOriginToSibling<XcmpQueue>;
	type QueuePausedQuery = NarrowOriginToSibling<XcmpQueue>;
	type HeapSize = ConstU32<{ 103 * 1024 }>;
	type MaxStale = ConstU32<8>;
	type ServiceWeight = MessageQueueServiceWeight;
	type IdleMaxServiceWeight = MessageQueueServiceWeight;
}

impl cumulus_pallet_aura_ext::Config for Runtime {}

impl cumulus_pallet_xcmp_queue::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ChannelInfo = ParachainSystem;
	type VersionWrapper = crate::PolkadotXcm;
	type XcmpQueue = TransformOrigin<MessageQueue, AggregateMessageOrigin, ParaId, ParaIdToSibling>;
	type MaxInboundSuspended = ConstU32<1_000>;
	type MaxActiveOutboundChannels = ConstU32<128>;
	type MaxPageSize = ConstU32<{ 1 << 16 }>;
	type ControllerOrigin = EnsureRoot<AccountId>;
	type ControllerOriginConverter = xcm_config::XcmOriginToTransactDispatchOrigin;
	type WeightInfo = ();
	type PriceForSiblingDelivery = NoPriceForMessageDelivery<ParaId>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<true>;
	type SlotDuration = ConstU64<SLOT_DURATION>;
}

parameter_types! {
	/// Stacktical's chain root: the only origin whose answers are taken.
	pub StackticalLocation: Location = Location::new(1, [Parachain(STACKTICAL_PARA_ID)]);
	/// Stacktical's answering pallet, as its runtime has it (index 44, crate 0.1).
	pub StackticalSliXcm: pallet_sli_consumer::RemotePallet = pallet_sli_consumer::RemotePallet {
		index: 44,
		name: b"SliXcm".to_vec(),
		module_name: b"pallet_sli_xcm".to_vec(),
		crate_major: 0,
		min_crate_minor: 1,
	};
	/// A request buys execution on Stacktical with 1 STK (the surplus comes back).
	pub RequestFee: Asset = (Location::here(), STK).into();
	/// What Stacktical's `request` may take there: more than 16 validators over a year.
	pub const RequestWeight: Weight = Weight::from_parts(500_000_000_000, 1024 * 1024);
	/// Stacktical's answers execute here unpaid (the barrier admits them).
	pub const AnswerFee: Option<Asset> = None;
	pub const MaxQueries: u32 = 64;
	/// An answer is waited for 20 blocks (two minutes); a later one is ignored.
	pub const AnswerTimeout: crate::BlockNumber = 20;
}

impl pallet_sli_consumer::Config for Runtime {
	type AskOrigin = EnsureRoot<AccountId>;
	type AnswerOrigin = EnsureXcm<Everything>;
	type Stacktical = StackticalLocation;
	type RemotePallet = StackticalSliXcm;
	type RequestFee = RequestFee;
	type RequestWeight = RequestWeight;
	type AnswerFee = AnswerFee;
	type UniversalLocation = xcm_config::UniversalLocation;
	type XcmSender = xcm_config::XcmRouter;
	type MaxQueries = MaxQueries;
	type AnswerTimeout = AnswerTimeout;
}

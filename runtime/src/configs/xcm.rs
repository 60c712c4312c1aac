//! Cross-consensus messaging: how this chain reads, pays for and answers XCM.
//!
//! The native token STK is this chain's own asset (`Here`); XCM execution is paid in it. The
//! barrier admits paid execution from anyone, free execution the relay chain asks for
//! explicitly, subscriptions, and responses to queries this chain made (`pallet-xcm` tracks
//! them), so that other chains' answers to our queries arrive.

use polkadot_sdk::{
	frame_support::{
		parameter_types,
		traits::{ConstU32, Contains, Disabled, Everything, Nothing},
		weights::Weight,
	},
	frame_system::EnsureRoot,
	pallet_xcm::XcmPassthrough,
	polkadot_parachain_primitives::primitives::Sibling,
	polkadot_runtime_common::impls::ToAuthor,
	staging_xcm::latest::prelude::*,
	staging_xcm_builder::{
		AccountId32Aliases, AllowExplicitUnpaidExecutionFrom, AllowKnownQueryResponses,
		AllowSubscriptionsFrom, AllowTopLevelPaidExecutionFrom, DenyRecursively,
		DenyReserveTransferToRelayChain, DenyThenTry, DescribeAllTerminal, DescribeFamily,
		EnsureXcmOrigin, FixedWeightBounds, FrameTransactionalProcessor, FungibleAdapter,
		HashedDescription, IsConcrete, NativeAsset, ParentIsPreset, RelayChainAsNative,
		SendXcmFeeToAccount, SiblingParachainAsNative, SiblingParachainConvertsVia,
		SignedAccountId32AsNative, SignedToAccountId32, SovereignSignedViaLocation,
		TakeWeightCredit, TrailingSetTopicAsId, UsingComponents, WithComputedOrigin,
		WithUniqueTopic, XcmFeeManagerFromComponents,
	},
	staging_xcm_executor::XcmExecutor,
	*,
};

use crate::{
	AccountId, AllPalletsWithSystem, Balances, ParachainInfo, ParachainSystem, PolkadotXcm,
	Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, WeightToFee, XcmpQueue,
};

parameter_types! {
	/// The relay chain, seen from here.
	pub const RelayLocation: Location = Location::parent();
	/// This chain's native token, seen from here.
	pub const HereLocation: Location = Location::here();
	pub const RelayNetwork: Option<NetworkId> = None;
	pub RelayChainOrigin: RuntimeOrigin = cumulus_pallet_xcm::Origin::Relay.into();
	/// Where this chain is in the consensus universe: a parachain with our id.
	pub UniversalLocation: InteriorLocation = Parachain(ParachainInfo::parachain_id().into()).into();
	/// Weight of one XCM instruction (a conservative constant until XCM is benchmarked).
	pub const UnitWeightCost: Weight = Weight::from_parts(1_000_000_000, 64 * 1024);
	pub const MaxInstructions: u32 = 100;
	pub const MaxAssetsIntoHolding: u32 = 64;
	/// Where XCM delivery fees go: nowhere (burned) until a treasury exists.
	pub TreasuryAccount: AccountId = AccountId::new([0u8; 32]);
}

/// How an XCM location maps to a local account: the relay chain and siblings to their
/// sovereign accounts, `AccountId32` junctions to the same account here, and any other
/// location (a user or body of another chain, arriving through `DescendOrigin`) to an account
/// hashed from its description, so that it can pay for what it asks.
pub type LocationToAccountId = (
	ParentIsPreset<AccountId>,
	SiblingParachainConvertsVia<Sibling, AccountId>,
	AccountId32Aliases<RelayNetwork, AccountId>,
	HashedDescription<AccountId, DescribeFamily<DescribeAllTerminal>>,
);

/// Moves the native token in and out of holding.
pub type LocalAssetTransactor = FungibleAdapter<
	Balances,
	IsConcrete<HereLocation>,
	LocationToAccountId,
	AccountId,
	// No teleports are tracked.
	(),
>;

/// How an XCM origin becomes a dispatch origin for `Transact`.
pub type XcmOriginToTransactDispatchOrigin = (
	SovereignSignedViaLocation<LocationToAccountId, RuntimeOrigin>,
	RelayChainAsNative<RelayChainOrigin, RuntimeOrigin>,
	SiblingParachainAsNative<cumulus_pallet_xcm::Origin, RuntimeOrigin>,
	SignedAccountId32AsNative<RelayNetwork, RuntimeOrigin>,
	XcmPassthrough<RuntimeOrigin>,
);

/// The relay chain, or a plurality (its governance) on it.
pub struct ParentOrParentsExecutivePlurality;
impl Contains<Location> for ParentOrParentsExecutivePlurality {
	fn contains(location: &Location) -> bool {
		matches!(location.unpack(), (1, []) | (1, [Plurality { id: BodyId::Executive, .. }]))
	}
}

/// What other chains may dispatch here with `Transact`: SLI requests, and nothing else. (A
/// sovereign or hashed account can still be paid into and pay fees through XCM's own
/// instructions.)
pub struct SafeCallFilter;
impl Contains<RuntimeCall> for SafeCallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(call, RuntimeCall::SliXcm(pallet_sli_xcm::Call::request { .. }))
	}
}

/// Which messages may execute at all.
pub type Barrier = TrailingSetTopicAsId<
	DenyThenTry<
		DenyRecursively<DenyReserveTransferToRelayChain>,
		(
			TakeWeightCredit,
			// Answers to queries this chain made (and only those).
			AllowKnownQueryResponses<PolkadotXcm>,
			WithComputedOrigin<
				(
					AllowTopLevelPaidExecutionFrom<Everything>,
					AllowExplicitUnpaidExecutionFrom<ParentOrParentsExecutivePlurality>,
					AllowSubscriptionsFrom<Everything>,
				),
				UniversalLocation,
				ConstU32<8>,
			>,
		),
	>,
>;

/// Weighs XCM messages, for execution and for `pallet-xcm` alike: a fixed weight per
/// instruction until XCM is benchmarked.
pub type XcmWeigher = FixedWeightBounds<UnitWeightCost, RuntimeCall, MaxInstructions>;

/// Executes XCM on this chain.
pub struct XcmConfig;
impl staging_xcm_executor::Config for XcmConfig {
	type RuntimeCall = RuntimeCall;
	type XcmSender = XcmRouter;
	type XcmEventEmitter = PolkadotXcm;
	type AssetTransactor = LocalAssetTransactor;
	type OriginConverter = XcmOriginToTransactDispatchOrigin;
	type IsReserve = NativeAsset;
	type IsTeleporter = ();
	type UniversalLocation = UniversalLocation;
	type Barrier = Barrier;
	type Weigher = XcmWeigher;
	type Trader =
		UsingComponents<WeightToFee, HereLocation, AccountId, Balances, ToAuthor<Runtime>>;
	type ResponseHandler = PolkadotXcm;
	type AssetTrap = PolkadotXcm;
	type SubscriptionService = PolkadotXcm;
	type PalletInstancesInfo = AllPalletsWithSystem;
	type MaxAssetsIntoHolding = MaxAssetsIntoHolding;
	type AssetLocker = ();
	type AssetExchanger = ();
	type FeeManager = XcmFeeManagerFromComponents<
		Nothing,
		SendXcmFeeToAccount<Self::AssetTransactor, TreasuryAccount>,
	>;
	type MessageExporter = ();
	type UniversalAliases = Nothing;
	type CallDispatcher = RuntimeCall;
	type SafeCallFilter = SafeCallFilter;
	type Aliasers = Nothing;
	type TransactionalProcessor = FrameTransactionalProcessor;
	type HrmpNewChannelOpenRequestHandler = ();
	type HrmpChannelAcceptedHandler = ();
	type HrmpChannelClosingHandler = ();
	type XcmRecorder = PolkadotXcm;
}

/// Local signed origins become `AccountId32` locations for sending and executing XCM.
pub type LocalOriginToLocation = SignedToAccountId32<RuntimeOrigin, AccountId, RelayNetwork>;

/// Sends XCM to the relay chain (UMP) and to sibling parachains (XCMP).
pub type XcmRouter =
	WithUniqueTopic<(cumulus_primitives_utility::ParentAsUmp<ParachainSystem, (), ()>, XcmpQueue)>;

impl pallet_xcm::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type SendXcmOrigin = EnsureXcmOrigin<RuntimeOrigin, LocalOriginToLocation>;
	type XcmRouter = XcmRouter;
	type ExecuteXcmOrigin = EnsureXcmOrigin<RuntimeOrigin, LocalOriginToLocation>;
	type XcmExecuteFilter = Nothing;
	type XcmExecutor = XcmExecutor<XcmConfig>;
	type XcmTeleportFilter = Nothing;
	type XcmReserveTransferFilter = Nothing;
	type Weigher = XcmWeigher;
	type UniversalLocation = UniversalLocation;
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	const VERSION_DISCOVERY_QUEUE_SIZE: u32 = 100;
	type AdvertisedXcmVersion = pallet_xcm::CurrentXcmVersion;
	type Currency = Balances;
	type CurrencyMatcher = ();
	type TrustedLockers = ();
	type SovereignAccountOf = LocationToAccountId;
	type MaxLockers = ConstU32<8>;
	type WeightInfo = crate::weights::pallet_xcm::WeightInfo<Runtime>;
	type AdminOrigin = EnsureRoot<AccountId>;
	type MaxRemoteLockConsumers = ConstU32<0>;
	type RemoteLockConsumerIdentifier = ();
	// Aliasing is disabled: no deposit to charge.
	type AuthorizedAliasConsideration = Disabled;
}

impl cumulus_pallet_xcm::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type XcmExecutor = XcmExecutor<XcmConfig>;
}

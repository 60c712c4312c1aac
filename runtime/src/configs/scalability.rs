//! The scalability pallet: performance campaigns fitted by the collators' off-chain workers,
//! and the plumbing that lets an off-chain worker submit an authorised unsigned transaction.

use polkadot_sdk::{
	frame_support::{parameter_types, traits::ConstU32},
	frame_system::{self, EnsureRoot},
	sp_runtime::{transaction_validity::TransactionPriority, Perbill},
};

use super::{
	super::{
		AccountId, AuraId, Balances, BlockNumber, Runtime, RuntimeCall, RuntimeHoldReason,
		TxExtension, UncheckedExtrinsic, MINUTES, UNIT,
	},
	collators::AuraCollators,
};

parameter_types! {
	/// Held per campaign: covers its largest storage (64 measurements, labels, a model:
	/// about 4.5 kB).
	pub const CampaignDeposit: u128 = UNIT;
	/// A model fits badly below this R².
	pub const MinRSquared: Perbill = Perbill::from_percent(50);
	/// A release regresses when its predicted peak drops (or latency at peak rises) by more.
	pub const DefaultRegressionThreshold: Perbill = Perbill::from_percent(5);
	/// Fits go before ordinary transactions.
	pub const FitPriority: TransactionPriority = TransactionPriority::MAX / 2;
	/// Better fits are taken for a minute after the first.
	pub const FitWindow: BlockNumber = MINUTES;
	/// A revision that got no acceptable model in half an hour stops being fitted (collators
	/// fit a new revision within a block or two).
	pub const FitDeadline: BlockNumber = 30 * MINUTES;
	/// Held from the owner of a network label: its record with 16 delegates (about 0.6 kB).
	pub const NetworkDeposit: u128 = UNIT;
}

impl pallet_scalability::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AuthorityId = AuraId;
	type Collators = AuraCollators;
	type AdminOrigin = EnsureRoot<AccountId>;
	type CampaignDeposit = CampaignDeposit;
	type NetworkDeposit = NetworkDeposit;
	type MaxDelegates = ConstU32<16>;
	type MaxLabelLen = ConstU32<64>;
	type MaxPoints = ConstU32<64>;
	type MinPoints = ConstU32<4>;
	type MaxCampaignsPerNetwork = ConstU32<256>;
	type MaxFitsPerBlock = ConstU32<4>;
	type MaxRevisionsPerBlock = ConstU32<32>;
	type FitWindow = FitWindow;
	type FitDeadline = FitDeadline;
	type MinRSquared = MinRSquared;
	type DefaultRegressionThreshold = DefaultRegressionThreshold;
	type UnsignedPriority = FitPriority;
	type WeightInfo = pallet_scalability::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = AuraCollators;
}

impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	type RuntimeCall = RuntimeCall;
	type Extrinsic = UncheckedExtrinsic;
}

impl<LocalCall> frame_system::offchain::CreateTransaction<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	type Extension = TxExtension;

	fn create_transaction(call: RuntimeCall, extension: TxExtension) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_transaction(call, extension)
	}
}

/// The extensions of an authorised (unsigned) transaction: `AuthorizeCall` authorises it;
/// the signed-only checks (nonce, fee) pass through for a non-signed origin.
impl<LocalCall> frame_system::offchain::CreateAuthorizedTransaction<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	fn create_extension() -> TxExtension {
		crate::tx_extension(0)
	}
}

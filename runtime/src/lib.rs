//! # The Stacktical parachain runtime
//!
//! Stacktical is performance governance for Polkadot: predictive scalability testing (the
//! Universal Scalability Law fitted to performance campaigns) and validator service-level
//! indicators measured by collators. This crate is the state-transition function that keeps
//! that evidence on-chain.
//!
//! It is a Cumulus parachain runtime (Aura collators chosen by `pallet-collator-selection`,
//! XCM through the XCMP and message queues) built on the `polkadot-sdk` umbrella crate. Its
//! configuration is split by concern under [`configs`]; its runtime APIs are in [`apis`]; the
//! genesis presets (`development`, `local_testnet`, `benchmark`) in
//! [`genesis_config_presets`].
//!
//! The runtime runs unmodified on `stacktical-node` and on the stock `polkadot-omni-node`.
#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime!` recurses deeply.
#![recursion_limit = "256"]

// The wasm blob, built by `build.rs`.
#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

/// The same runtime with the next spec version (feature `increment-spec-version`), built by
/// `build.rs` for tests that upgrade a chain with `set_code`.
#[cfg(feature = "std")]
pub mod upgrade {
	include!(concat!(env!("OUT_DIR"), "/wasm_binary_spec_version_incremented.rs"));
}

extern crate alloc;

use alloc::vec::Vec;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod migrations;
#[cfg(feature = "std")]
pub mod signing;
pub mod weights;

use polkadot_sdk::{
	cumulus_pallet_parachain_system, cumulus_pallet_weight_reclaim, frame_metadata_hash_extension,
	frame_support, frame_system, pallet_transaction_payment, sp_runtime, sp_version, *,
};

use frame_support::weights::{
	constants::WEIGHT_REF_TIME_PER_SECOND, Weight, WeightToFeeCoefficient, WeightToFeeCoefficients,
	WeightToFeePolynomial,
};
use smallvec::smallvec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiSignature, Perbill,
};
use sp_version::RuntimeVersion;

pub use pallet_monitoring::crypto::ProberId;
pub use polkadot_sdk::sp_consensus_aura::sr25519::AuthorityId as AuraId;
pub use sp_runtime::MultiAddress;

/// Signature of a transaction.
pub type Signature = MultiSignature;
/// An account: the public key of the signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account, in plancks (10⁻¹² STK).
pub type Balance = u128;
/// Transaction counter of an account.
pub type Nonce = u32;
/// Hash type of the chain.
pub type Hash = polkadot_sdk::sp_core::H256;
/// Block number. The omni-node requires `u32`.
pub type BlockNumber = u32;
/// Address format of transactions.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A signed block with justifications.
pub type SignedBlock = generic::SignedBlock<Block>;
/// Block identifier.
pub type BlockId = generic::BlockId<Block>;

/// Checks every transaction goes through, in order. `AuthorizeCall` comes first so that
/// calls using `#[pallet::authorize]` (off-chain workers' submissions) are authorised before
/// the signed checks; weight reclaim wraps everything to refund unused proof size.
pub type TxExtension = cumulus_pallet_weight_reclaim::StorageWeightReclaim<
	Runtime,
	(
		frame_system::AuthorizeCall<Runtime>,
		frame_system::CheckNonZeroSender<Runtime>,
		frame_system::CheckSpecVersion<Runtime>,
		frame_system::CheckTxVersion<Runtime>,
		frame_system::CheckGenesis<Runtime>,
		frame_system::CheckEra<Runtime>,
		frame_system::CheckNonce<Runtime>,
		frame_system::CheckWeight<Runtime>,
		pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
		frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	),
>;

/// The transaction extensions of an immortal transaction with `nonce` and no tip: what a
/// signer attaches, and (with nonce 0, ignored for unsigned origins) what an off-chain
/// worker's authorised transaction carries.
pub fn tx_extension(nonce: Nonce) -> TxExtension {
	cumulus_pallet_weight_reclaim::StorageWeightReclaim::new((
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(generic::Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
	))
}

/// A transaction as it comes over the wire.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// Storage migrations run on the next runtime upgrade. Each runs only from the storage
/// version it is for, so chains built from a newer genesis skip it.
pub type Migrations =
	(pallet_scalability::migrations::v1::MigrateToV1<Runtime>, migrations::AddProbeKey);

/// Multi-block migrations (`pallet-migrations`), stepped in the blocks after an upgrade, for
/// storage too large to migrate in one block. Transactions wait until they are done. They run
/// in this order, each only from the storage version it is for.
pub type MultiBlockMigrationSteps = (
	pallet_monitoring::migrations::v2::MigrateToV2<Runtime>,
	pallet_monitoring::migrations::v3::MigrateToV3<Runtime>,
	pallet_monitoring::migrations::v4::MigrateToV4<Runtime>,
);

/// Dispatches blocks and transactions to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// One STK, the chain's native token, in plancks.
pub const UNIT: Balance = 1_000_000_000_000;
/// A thousandth of a STK.
pub const MILLI_UNIT: Balance = 1_000_000_000;
/// A millionth of a STK.
pub const MICRO_UNIT: Balance = 1_000_000;
/// The smallest balance an account may hold.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Maps weight to fee: the base weight of a transaction costs a tenth of a milli-STK.
pub struct WeightToFee;
impl WeightToFeePolynomial for WeightToFee {
	type Balance = Balance;
	fn polynomial() -> WeightToFeeCoefficients<Self::Balance> {
		let p = MILLI_UNIT / 10;
		let q = 100 * Balance::from(configs::ExtrinsicBaseWeight::get().ref_time());
		smallvec![WeightToFeeCoefficient {
			degree: 1,
			negative: false,
			coeff_frac: Perbill::from_rational(p % q, q),
			coeff_integer: p / q,
		}]
	}
}

/// Types that the node needs without knowing the runtime's transaction format.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;
	/// Block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Block with opaque transactions.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Block identifier.
	pub type BlockId = generic::BlockId<Block>;
	/// Block hash.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The session keys of a collator.
	pub struct SessionKeys {
		/// Authors blocks.
		pub aura: Aura,
		/// Signs probe reports (`stmn`; [`pallet_monitoring::crypto`]).
		pub monitoring: Monitoring,
	}
}

/// The runtime's version, with spec version `$spec` (`runtime_version` needs a literal).
macro_rules! runtime_version {
	($spec:tt) => {
		/// The runtime's version.
		#[sp_version::runtime_version]
		pub const VERSION: RuntimeVersion = RuntimeVersion {
			spec_name: alloc::borrow::Cow::Borrowed("stacktical"),
			impl_name: alloc::borrow::Cow::Borrowed("stacktical"),
			authoring_version: 1,
			spec_version: $spec,
			impl_version: 0,
			apis: apis::RUNTIME_API_VERSIONS,
			// 2: probe reports carry signed authority-discovery records.
			transaction_version: 2,
			system_version: 1,
		};
	};
}

// The spec version: bump it on every change of behaviour (in both lines). One more with the
// `increment-spec-version` feature: the blob tests upgrade to.
#[cfg(not(feature = "increment-spec-version"))]
runtime_version!(4);
#[cfg(feature = "increment-spec-version")]
runtime_version!(5);

/// The spec version of this build.
pub const SPEC_VERSION: u32 = VERSION.spec_version;

/// Target block time. Blocks are produced at most this often.
pub const MILLI_SECS_PER_BLOCK: u64 = 6000;
/// Aura slot duration. It cannot change once the chain runs.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;
/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Share of block weight reserved for `on_initialize`.
pub const AVERAGE_ON_INITIALIZE_RATIO: Perbill = Perbill::from_percent(5);
/// Share of block weight that normal transactions may use; the rest is for operational ones.
pub const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
/// Two seconds of compute per block, and the relay chain's proof-size limit.
pub const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(
	WEIGHT_REF_TIME_PER_SECOND.saturating_mul(2),
	cumulus_primitives_core::relay_chain::MAX_POV_SIZE as u64,
);
/// Parachain blocks that may be built before the relay chain includes them.
pub const UNINCLUDED_SEGMENT_CAPACITY: u32 = 3;
/// Parachain blocks per relay-chain block.
pub const BLOCK_PROCESSING_VELOCITY: u32 = 1;
/// Relay-chain slot duration in milliseconds.
pub const RELAY_CHAIN_SLOT_DURATION_MILLIS: u32 = 6000;

/// Checks that collators respect the velocity and unincluded-segment limits.
pub type ConsensusHook = cumulus_pallet_aura_ext::FixedVelocityConsensusHook<
	Runtime,
	RELAY_CHAIN_SLOT_DURATION_MILLIS,
	BLOCK_PROCESSING_VELOCITY,
	UNINCLUDED_SEGMENT_CAPACITY,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// System.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type ParachainSystem = cumulus_pallet_parachain_system;
	#[runtime::pallet_index(2)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(3)]
	pub type ParachainInfo = staging_parachain_info;
	#[runtime::pallet_index(4)]
	pub type WeightReclaim = cumulus_pallet_weight_reclaim;
	#[runtime::pallet_index(5)]
	pub type MultiBlockMigrations = pallet_migrations;

	// Money.
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;

	// Governance and utilities.
	#[runtime::pallet_index(15)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(16)]
	pub type Utility = pallet_utility;

	// Collators. The order of these matters: authorship before session before Aura.
	#[runtime::pallet_index(20)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(21)]
	pub type CollatorSelection = pallet_collator_selection;
	#[runtime::pallet_index(22)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(23)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(24)]
	pub type AuraExt = cumulus_pallet_aura_ext;

	// XCM.
	#[runtime::pallet_index(30)]
	pub type XcmpQueue = cumulus_pallet_xcmp_queue;
	#[runtime::pallet_index(31)]
	pub type PolkadotXcm = pallet_xcm;
	#[runtime::pallet_index(32)]
	pub type CumulusXcm = cumulus_pallet_xcm;
	#[runtime::pallet_index(33)]
	pub type MessageQueue = pallet_message_queue;

	// Performance governance.
	#[runtime::pallet_index(40)]
	pub type Scalability = pallet_scalability;
	#[runtime::pallet_index(41)]
	pub type Monitoring = pallet_monitoring;
	#[runtime::pallet_index(42)]
	pub type Sla = pallet_sla;
	#[runtime::pallet_index(43)]
	pub type Compensation = pallet_compensation;
	#[runtime::pallet_index(44)]
	pub type SliXcm = pallet_sli_xcm;
}

cumulus_pallet_parachain_system::register_validate_block! {
	Runtime = Runtime,
	BlockExecutor = cumulus_pallet_aura_ext::BlockExecutor::<Runtime, Executive>,
}

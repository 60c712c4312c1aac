//! # A consumer parachain, for tests
//!
//! The smallest parachain that asks Stacktical for validators' SLIs over XCM as
//! `docs/xcm.md` tells other chains to: `pallet-sli-consumer` (index 50), its requests paid in STK from this chain's sovereign account on
//! Stacktical, Stacktical's answers admitted unpaid from Stacktical's chain root only (the
//! barrier, [`xcm_config::Barrier`]) and dispatched only into the consumer's `answer`
//! ([`xcm_config::SafeCallFilter`]).
//!
//! It exists for the emulated network tests (`xcm-tests/emulated`, run natively) and the
//! zombienet round trip over HRMP (`zombienet/tests/sli_over_hrmp.rs`, on
//! `polkadot-omni-node`). It is no product: one token ([`UNIT`]), Aura collators fixed at
//! genesis, sudo for asking.
#![cfg_attr(not(feature = "std"), no_std)]
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod xcm_config;

use polkadot_sdk::{
	cumulus_pallet_parachain_system, frame_support, frame_system, pallet_transaction_payment,
	sp_runtime, sp_version, *,
};

use frame_support::weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight};
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiSignature, Perbill,
};
use sp_version::RuntimeVersion;

pub use polkadot_sdk::sp_consensus_aura::sr25519::AuthorityId as AuraId;

/// Signature of a transaction.
pub type Signature = MultiSignature;
/// An account: the public key of the signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account.
pub type Balance = u128;
/// Transaction counter of an account.
pub type Nonce = u32;
/// Block number (the omni-node requires `u32`).
pub type BlockNumber = u32;
/// Address format of transactions.
pub type Address = sp_runtime::MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The checks every transaction goes through.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
);

/// A transaction as it comes over the wire.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// Dispatches blocks and transactions to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
>;

/// One unit of this chain's token.
pub const UNIT: Balance = 1_000_000_000_000;
/// The smallest balance an account may hold.
pub const EXISTENTIAL_DEPOSIT: Balance = UNIT / 1_000;

impl_opaque_keys! {
	/// The session keys of a collator.
	pub struct SessionKeys {
		/// Authors blocks.
		pub aura: Aura,
	}
}

/// The runtime's version.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("stacktical-consumer"),
	impl_name: alloc::borrow::Cow::Borrowed("stacktical-consumer"),
	authoring_version: 1,
	spec_version: 1,
	impl_version: 0,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Aura slot duration, and target block time.
pub const SLOT_DURATION: u64 = 6000;
/// Share of block weight that normal transactions may use.
pub const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
/// Half a second of compute per block, and the relay chain's proof-size limit.
pub const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(
	WEIGHT_REF_TIME_PER_SECOND.saturating_div(2),
	cumulus_primitives_core::relay_chain::MAX_POV_SIZE as u64,
);
/// Relay-chain slot duration in milliseconds.
pub const RELAY_CHAIN_SLOT_DURATION_MILLIS: u32 = 6000;

/// One block per relay-chain block, at most three not yet included.
pub type ConsensusHook = cumulus_pallet_aura_ext::FixedVelocityConsensusHook<
	Runtime,
	RELAY_CHAIN_SLOT_DURATION_MILLIS,
	1,
	3,
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

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type ParachainSystem = cumulus_pallet_parachain_system;
	#[runtime::pallet_index(2)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(3)]
	pub type ParachainInfo = staging_parachain_info;

	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(15)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(23)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(24)]
	pub type AuraExt = cumulus_pallet_aura_ext;

	#[runtime::pallet_index(30)]
	pub type XcmpQueue = cumulus_pallet_xcmp_queue;
	#[runtime::pallet_index(31)]
	pub type PolkadotXcm = pallet_xcm;
	#[runtime::pallet_index(32)]
	pub type CumulusXcm = cumulus_pallet_xcm;
	#[runtime::pallet_index(33)]
	pub type MessageQueue = pallet_message_queue;

	#[runtime::pallet_index(50)]
	pub type SliConsumer = pallet_sli_consumer;
}

cumulus_pallet_parachain_system::register_validate_block! {
	Runtime = Runtime,
	BlockExecutor = cumulus_pallet_aura_ext::BlockExecutor::<Runtime, Executive>,
}

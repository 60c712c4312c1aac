//! Building signed transactions natively (`std` only): for tests, tools and benchmarks that
//! talk to a Stacktical node over RPC with the runtime's own types.

use codec::Encode;
use polkadot_sdk::{
	cumulus_pallet_weight_reclaim::StorageWeightReclaim,
	frame_metadata_hash_extension::CheckMetadataHash,
	frame_system,
	pallet_transaction_payment::ChargeTransactionPayment,
	sp_core::{sr25519, Pair, H256},
	sp_runtime::{
		generic::{Era, SignedPayload},
		MultiSignature,
	},
};

use crate::{AccountId, Nonce, Runtime, RuntimeCall, TxExtension, UncheckedExtrinsic, VERSION};

/// The transaction extensions of an immortal transaction with `nonce` and no tip.
pub fn tx_extension(nonce: Nonce) -> TxExtension {
	StorageWeightReclaim::new((
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		ChargeTransactionPayment::<Runtime>::from(0),
		CheckMetadataHash::<Runtime>::new(false),
	))
}

/// `call` signed by `signer` with `nonce`, immortal, for the chain whose genesis hash is
/// `genesis` (and whose runtime is this crate's [`VERSION`]).
pub fn signed_extrinsic(
	call: RuntimeCall,
	signer: &sr25519::Pair,
	nonce: Nonce,
	genesis: H256,
) -> UncheckedExtrinsic {
	let extension = tx_extension(nonce);
	// What each extension adds to the signed payload without it being sent: spec and
	// transaction versions, and the genesis hash twice (genesis check, immortal era).
	let implicit = (
		(),
		(),
		VERSION.spec_version,
		VERSION.transaction_version,
		genesis,
		genesis,
		(),
		(),
		(),
		None,
	);
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	let who: AccountId = signer.public().into();
	UncheckedExtrinsic::new_signed(call, who.into(), MultiSignature::Sr25519(signature), extension)
}

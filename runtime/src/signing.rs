//! Building signed transactions natively (`std` only): for tests, tools and benchmarks that
//! talk to a Stacktical node over RPC with the runtime's own types.

use codec::Encode;
use polkadot_sdk::{
	sp_core::{sr25519, Pair, H256},
	sp_runtime::{generic::SignedPayload, MultiSignature},
};

use crate::{AccountId, Nonce, RuntimeCall, UncheckedExtrinsic, VERSION};

pub use crate::tx_extension;

/// `call` signed by `signer` with `nonce`, immortal, for the chain whose genesis hash is
/// `genesis` (and whose runtime is this crate's [`VERSION`]).
pub fn signed_extrinsic(
	call: RuntimeCall,
	signer: &sr25519::Pair,
	nonce: Nonce,
	genesis: H256,
) -> UncheckedExtrinsic {
	signed_extrinsic_at(call, signer, nonce, genesis, VERSION.spec_version)
}

/// The same for a chain whose runtime has spec version `spec_version` (after an upgrade: a
/// signature covers the spec version).
pub fn signed_extrinsic_at(
	call: RuntimeCall,
	signer: &sr25519::Pair,
	nonce: Nonce,
	genesis: H256,
	spec_version: u32,
) -> UncheckedExtrinsic {
	let extension = tx_extension(nonce);
	// What each extension adds to the signed payload without it being sent: spec and
	// transaction versions, and the genesis hash twice (genesis check, immortal era).
	let implicit =
		((), (), spec_version, VERSION.transaction_version, genesis, genesis, (), (), (), None);
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	let who: AccountId = signer.public().into();
	UncheckedExtrinsic::new_signed(call, who.into(), MultiSignature::Sr25519(signature), extension)
}

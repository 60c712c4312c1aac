//! What the JSON-RPC crates of Stacktical's pallets (`scalability_*`, `sli_*`) share, so that
//! every method answers the same way: the same error codes and messages for the same
//! failures, the best block when the caller names none, keys as `0x` hex.

use codec::Encode;
use jsonrpsee::types::{error::ErrorObject, ErrorObjectOwned};
use polkadot_sdk::{sp_blockchain::HeaderBackend, sp_runtime::traits::Block as BlockT};

/// Error codes every method may return. A pallet's own codes start at
/// [`FIRST_PALLET_CODE`](error::FIRST_PALLET_CODE).
pub mod error {
	/// The runtime API call failed (the runtime lacks the API, or it trapped).
	pub const RUNTIME: i32 = 1;
	/// A parameter is malformed.
	pub const INVALID_PARAMS: i32 = 2;
	/// The first code a pallet's RPC crate may give its own errors.
	pub const FIRST_PALLET_CODE: i32 = 3;
}

/// An error with `code` and `message`, and no data.
pub fn error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObject::owned(code, message.into(), None::<()>)
}

/// The runtime API `api` failed with `e` (code [`error::RUNTIME`]).
pub fn runtime_error(api: &str, e: impl ToString) -> ErrorObjectOwned {
	ErrorObject::owned(error::RUNTIME, format!("the {api} runtime API failed"), Some(e.to_string()))
}

/// A malformed parameter (code [`error::INVALID_PARAMS`]).
pub fn invalid_params(message: impl Into<String>) -> ErrorObjectOwned {
	error(error::INVALID_PARAMS, message)
}

/// The block a query reads: the one the caller named, or the best block.
pub fn at_or_best<Block: BlockT, C: HeaderBackend<Block>>(
	client: &C,
	at: Option<Block::Hash>,
) -> Block::Hash {
	at.unwrap_or_else(|| client.info().best_hash)
}

/// A key (or any encoded value) as `0x`-prefixed hex of its SCALE encoding.
pub fn key_hex(key: &impl Encode) -> String {
	format!("0x{}", hex::encode(key.encode()))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn errors_carry_the_shared_codes() {
		let e = runtime_error("SLI", "wasm trap");
		assert_eq!((e.code(), e.message()), (error::RUNTIME, "the SLI runtime API failed"));
		assert_eq!(e.data().map(|d| d.get()), Some("\"wasm trap\""));
		assert_eq!(invalid_params("bad window").code(), error::INVALID_PARAMS);
		assert_eq!(key_hex(&[0xabu8, 0x01]), "0xab01");
	}
}

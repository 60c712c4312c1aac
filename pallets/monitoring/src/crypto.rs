//! The probe key: what a collator signs its probe reports with, apart from its consensus key
//! (a leaked or rotated probe key then touches nothing but probing). Key type `stmn`, sr25519;
//! a session key of the runtime, beside Aura.

use polkadot_sdk::sp_core::crypto::KeyTypeId;

/// The probe key's type in keystores (`stacktical-node key insert --key-type stmn`).
pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"stmn");

mod app {
	use polkadot_sdk::sp_application_crypto::{app_crypto, sr25519};
	app_crypto!(sr25519, super::KEY_TYPE);
}

/// A prober's public probe key.
pub type ProberId = app::Public;

/// A probe report's signature.
pub type ProberSignature = app::Signature;

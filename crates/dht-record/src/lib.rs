//! Relay-chain validators publish their network addresses in the relay network's DHT as
//! *signed authority-discovery records* (`sc-authority-discovery`, schema v3): a protobuf
//! `SignedAuthorityRecord { record, auth_signature, peer_signature }` where `record` is an
//! `AuthorityRecord { addresses, creation_time }`, `auth_signature` the sr25519 signature of
//! `record` by the validator's authority-discovery key, and `peer_signature` the signature of
//! `record` by the node's network key (with that key's protobuf encoding).
//!
//! A record proves that the holder of the discovery key (which the relay chain binds to the
//! validator) announced these addresses, and that the holder of the network key (whose hash is
//! the PeerId) agreed: [`verify`] checks both signatures, that every address names that one
//! PeerId, and that the record was not created in the future. A prober cannot forge one, so
//! the latest verified record's time measures a validator's *discoverability* on its own.
//!
//! This crate is pure: it parses and checks, and the caller verifies signatures (in the
//! runtime, with its host functions), passed in as [`Verifier`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod build;
mod multiaddr;
mod protobuf;

use alloc::vec::Vec;

pub use multiaddr::peer_id_of;

/// Length of an ed25519 PeerId: the identity multihash (`0x00`, length `0x24`) of the key's
/// protobuf encoding (`08 01 12 20` and the 32-byte key).
pub const PEER_ID_LEN: usize = 38;

/// An ed25519 PeerId, as bytes (its base58 form is the familiar `12D3KooW…`).
pub type PeerId = [u8; PEER_ID_LEN];

/// Why a record is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordError {
	/// The bytes are not a `SignedAuthorityRecord` holding an `AuthorityRecord`.
	Malformed,
	/// The authority signature is not a valid signature of the record by the discovery key.
	BadAuthoritySignature,
	/// The record has no peer signature (old nodes): it binds no PeerId.
	MissingPeerSignature,
	/// The peer signature's key is not an ed25519 key, or the signature does not verify.
	BadPeerSignature,
	/// An address names another PeerId than the peer signature's key, or none names it.
	MixedPeerIds,
	/// The record has no creation time.
	NoCreationTime,
	/// The record was created after `now` (beyond the allowed skew).
	FromTheFuture,
}

/// A verified record: its PeerId, creation time and addresses (binary multiaddrs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified<'a> {
	/// The PeerId the record's addresses name and its network key signed.
	pub peer_id: PeerId,
	/// When the record was created, in ns since the Unix epoch.
	pub created_ns: u128,
	/// Its addresses, binary multiaddrs.
	pub addresses: Vec<&'a [u8]>,
}

/// Signature checks, done by the caller.
pub trait Verifier {
	/// Whether `signature` (64 bytes) is `key`'s sr25519 signature of `message`.
	fn sr25519(&self, signature: &[u8; 64], message: &[u8], key: &[u8; 32]) -> bool;
	/// Whether `signature` (64 bytes) is `key`'s ed25519 signature of `message`.
	fn ed25519(&self, signature: &[u8; 64], message: &[u8], key: &[u8; 32]) -> bool;
}

/// The protobuf encoding of an ed25519 public key in libp2p (`KeyType::Ed25519 = 1`).
const ED25519_KEY_PREFIX: [u8; 4] = [0x08, 0x01, 0x12, 0x20];

/// Checks a signed record against the validator's discovery key at time `now_ns` (ns since
/// the Unix epoch), allowing a creation time up to `skew_ns` after it.
pub fn verify<'a>(
	signed: &'a [u8],
	discovery_key: &[u8; 32],
	now_ns: u128,
	skew_ns: u128,
	verifier: &impl Verifier,
) -> Result<Verified<'a>, RecordError> {
	let parts = protobuf::signed_record(signed).ok_or(RecordError::Malformed)?;
	let record = protobuf::authority_record(parts.record).ok_or(RecordError::Malformed)?;

	let auth_signature: &[u8; 64] =
		parts.auth_signature.try_into().map_err(|_| RecordError::BadAuthoritySignature)?;
	if !verifier.sr25519(auth_signature, parts.record, discovery_key) {
		return Err(RecordError::BadAuthoritySignature);
	}

	let (peer_signature, peer_key) =
		parts.peer_signature.ok_or(RecordError::MissingPeerSignature)?;
	let peer_key: &[u8; 32] = peer_key
		.strip_prefix(&ED25519_KEY_PREFIX[..])
		.and_then(|key| key.try_into().ok())
		.ok_or(RecordError::BadPeerSignature)?;
	let peer_signature: &[u8; 64] =
		peer_signature.try_into().map_err(|_| RecordError::BadPeerSignature)?;
	if !verifier.ed25519(peer_signature, parts.record, peer_key) {
		return Err(RecordError::BadPeerSignature);
	}

	let peer_id = peer_id_of(peer_key);
	if record.addresses.is_empty()
		|| !record.addresses.iter().all(|a| multiaddr::p2p_component(a) == Some(Some(&peer_id[..])))
	{
		return Err(RecordError::MixedPeerIds);
	}

	let created_ns = record.created_ns.ok_or(RecordError::NoCreationTime)?;
	if created_ns > now_ns.saturating_add(skew_ns) {
		return Err(RecordError::FromTheFuture);
	}
	Ok(Verified { peer_id, created_ns, addresses: record.addresses })
}

/// A record's creation time (ns since the Unix epoch) without checking its signatures: to
/// tell cheaply whether a record is newer than one already verified, before verifying it.
pub fn created_ns(signed: &[u8]) -> Result<u128, RecordError> {
	let parts = protobuf::signed_record(signed).ok_or(RecordError::Malformed)?;
	let record = protobuf::authority_record(parts.record).ok_or(RecordError::Malformed)?;
	record.created_ns.ok_or(RecordError::NoCreationTime)
}

#[cfg(test)]
mod tests;

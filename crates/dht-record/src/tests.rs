//! Records built as `sc-authority-discovery` builds them (schema v3), signed with real keys.

use super::*;
use polkadot_sdk::sp_core::{ed25519, sr25519, Pair};
use proptest::prelude::*;

struct Host;
impl Verifier for Host {
	fn sr25519(&self, signature: &[u8; 64], message: &[u8], key: &[u8; 32]) -> bool {
		sr25519::Pair::verify(
			&sr25519::Signature::from_raw(*signature),
			message,
			&sr25519::Public::from_raw(*key),
		)
	}
	fn ed25519(&self, signature: &[u8; 64], message: &[u8], key: &[u8; 32]) -> bool {
		ed25519::Pair::verify(
			&ed25519::Signature::from_raw(*signature),
			message,
			&ed25519::Public::from_raw(*key),
		)
	}
}

const NOW: u128 = 1_780_000_000_000_000_000;
const SKEW: u128 = 60_000_000_000;

/// `/ip4/a.b.c.d/tcp/30333/p2p/<peer>` in binary form.
fn address(ip: [u8; 4], peer: &PeerId) -> Vec<u8> {
	build::tcp_address(ip, 30333, peer)
}

fn record(addresses: &[Vec<u8>], created: Option<u128>) -> Vec<u8> {
	build::authority_record(addresses, created)
}

struct Keys {
	authority: sr25519::Pair,
	network: ed25519::Pair,
}

impl Keys {
	fn new(seed: &str) -> Self {
		Keys {
			authority: sr25519::Pair::from_string(&format!("//{seed}"), None).unwrap(),
			network: ed25519::Pair::from_string(&format!("//{seed}//net"), None).unwrap(),
		}
	}
	fn discovery_key(&self) -> [u8; 32] {
		self.authority.public().0
	}
	fn peer_id(&self) -> PeerId {
		peer_id_of(&self.network.public().0)
	}
	/// A signed record of `record`, the peer signature by `network` if given.
	fn sign(&self, record: &[u8], network: Option<&ed25519::Pair>) -> Vec<u8> {
		let auth = self.authority.sign(record).0;
		let peer = network.map(|network| (network.sign(record).0, network.public().0));
		build::signed_record(record, &auth, peer.as_ref().map(|(s, k)| (s, k)))
	}
	fn valid(&self) -> Vec<u8> {
		let addresses =
			[address([203, 0, 113, 7], &self.peer_id()), address([10, 0, 0, 7], &self.peer_id())];
		self.sign(&record(&addresses, Some(NOW - 1_000)), Some(&self.network))
	}
}

fn check(keys: &Keys, signed: &[u8]) -> Result<(PeerId, u128, usize), RecordError> {
	verify(signed, &keys.discovery_key(), NOW, SKEW, &Host)
		.map(|v| (v.peer_id, v.created_ns, v.addresses.len()))
}

#[test]
fn a_valid_record_gives_its_peer_id_and_creation_time() {
	let keys = Keys::new("Alice");
	assert_eq!(check(&keys, &keys.valid()), Ok((keys.peer_id(), NOW - 1_000, 2)));
	// The PeerId is the one libp2p derives (base58 `12D3KooW…` starts with these bytes).
	assert_eq!(&keys.peer_id()[..6], &[0x00, 0x24, 0x08, 0x01, 0x12, 0x20]);
}

#[test]
fn a_tampered_address_breaks_both_signatures() {
	let keys = Keys::new("Alice");
	let good = record(&[address([203, 0, 113, 7], &keys.peer_id())], Some(NOW));
	let signed = keys.sign(&good, Some(&keys.network));
	// Change one byte of the address inside the signed message.
	let at = signed.windows(4).position(|w| w == [203, 0, 113, 7]).unwrap();
	let mut tampered = signed.clone();
	tampered[at + 3] = 8;
	assert_eq!(check(&keys, &tampered), Err(RecordError::BadAuthoritySignature));
}

#[test]
fn another_validators_key_is_refused() {
	let (alice, bob) = (Keys::new("Alice"), Keys::new("Bob"));
	assert_eq!(check(&bob, &alice.valid()), Err(RecordError::BadAuthoritySignature));
}

#[test]
fn the_peer_signature_must_be_there_and_be_the_addresses_peers() {
	let (alice, mallory) = (Keys::new("Alice"), Keys::new("Mallory"));
	let plain = record(&[address([203, 0, 113, 7], &alice.peer_id())], Some(NOW));
	assert_eq!(check(&alice, &alice.sign(&plain, None)), Err(RecordError::MissingPeerSignature));
	// Signed by another network key: the addresses name Alice's PeerId, not Mallory's.
	assert_eq!(
		check(&alice, &alice.sign(&plain, Some(&mallory.network))),
		Err(RecordError::MixedPeerIds)
	);
	// A peer signature of something else.
	let mut signed = alice.sign(&plain, Some(&alice.network));
	let sig_at = signed.len() - (2 + 36) - 64;
	signed[sig_at] ^= 1;
	assert_eq!(check(&alice, &signed), Err(RecordError::BadPeerSignature));
}

#[test]
fn addresses_must_all_name_one_peer_id() {
	let (alice, bob) = (Keys::new("Alice"), Keys::new("Bob"));
	let mixed =
		[address([203, 0, 113, 7], &alice.peer_id()), address([203, 0, 113, 8], &bob.peer_id())];
	let signed = alice.sign(&record(&mixed, Some(NOW)), Some(&alice.network));
	assert_eq!(check(&alice, &signed), Err(RecordError::MixedPeerIds));
	let none = alice.sign(&record(&[], Some(NOW)), Some(&alice.network));
	assert_eq!(check(&alice, &none), Err(RecordError::MixedPeerIds));
}

#[test]
fn creation_time_must_be_there_and_not_in_the_future() {
	let alice = Keys::new("Alice");
	let at = |created| {
		alice.sign(
			&record(&[address([203, 0, 113, 7], &alice.peer_id())], created),
			Some(&alice.network),
		)
	};
	assert_eq!(check(&alice, &at(None)), Err(RecordError::NoCreationTime));
	assert_eq!(check(&alice, &at(Some(NOW + SKEW + 1))), Err(RecordError::FromTheFuture));
	assert!(check(&alice, &at(Some(NOW + SKEW))).is_ok(), "within the skew");
}

#[test]
fn the_creation_time_reads_without_the_signatures() {
	let alice = Keys::new("Alice");
	assert_eq!(created_ns(&alice.valid()), Ok(NOW - 1_000));
	let plain = record(&[address([203, 0, 113, 7], &alice.peer_id())], None);
	assert_eq!(created_ns(&alice.sign(&plain, None)), Err(RecordError::NoCreationTime));
	assert_eq!(created_ns(b"not a record"), Err(RecordError::Malformed));
}

proptest! {
	#[test]
	fn no_bytes_panic_and_only_the_signed_record_passes(noise in proptest::collection::vec(any::<u8>(), 0..300), cut in 0usize..400) {
		let alice = Keys::new("Alice");
		let _ = check(&alice, &noise);
		let valid = alice.valid();
		let cut = cut.min(valid.len());
		if cut < valid.len() {
			prop_assert!(check(&alice, &valid[..cut]).is_err());
		}
	}
}

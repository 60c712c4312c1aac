//! Building records as `sc-authority-discovery` does (schema v3), from signatures the caller
//! made: for tests and benchmarks of code that consumes records, and for tools that replay
//! them. Parsing is in [`crate::verify`]; these are its inverse.

use crate::{PeerId, ED25519_KEY_PREFIX, PEER_ID_LEN};
use alloc::vec::Vec;

/// Appends protobuf field `number` (wire type 2, length-delimited) holding `value`.
fn field(out: &mut Vec<u8>, number: u8, value: &[u8]) {
	out.push(number << 3 | 2);
	let mut len = value.len();
	loop {
		let byte = (len & 0x7f) as u8;
		len >>= 7;
		if len == 0 {
			out.push(byte);
			break;
		}
		out.push(byte | 0x80);
	}
	out.extend_from_slice(value);
}

/// `/ip4/<ip>/tcp/<port>/p2p/<peer>` as a binary multiaddr.
pub fn tcp_address(ip: [u8; 4], port: u16, peer: &PeerId) -> Vec<u8> {
	let mut address = Vec::with_capacity(4 + 1 + 3 + 2 + PEER_ID_LEN + 4);
	address.push(4); // ip4
	address.extend_from_slice(&ip);
	address.push(6); // tcp
	address.extend_from_slice(&port.to_be_bytes());
	address.extend_from_slice(&[0xa5, 0x03, PEER_ID_LEN as u8]); // p2p (421), length
	address.extend_from_slice(peer);
	address
}

/// An `AuthorityRecord { addresses, creation_time }`: what both keys sign.
pub fn authority_record(addresses: &[Vec<u8>], created_ns: Option<u128>) -> Vec<u8> {
	let mut record = Vec::new();
	for address in addresses {
		field(&mut record, 1, address);
	}
	if let Some(created) = created_ns {
		let mut info = Vec::new();
		field(&mut info, 1, &created.to_le_bytes());
		field(&mut record, 2, &info);
	}
	record
}

/// A `SignedAuthorityRecord` of `record` with the discovery key's signature and, if given,
/// the network key's signature and its public key.
pub fn signed_record(
	record: &[u8],
	auth_signature: &[u8; 64],
	peer: Option<(&[u8; 64], &[u8; 32])>,
) -> Vec<u8> {
	let mut signed = Vec::new();
	field(&mut signed, 1, record);
	field(&mut signed, 2, auth_signature);
	if let Some((signature, key)) = peer {
		let mut peer = Vec::new();
		field(&mut peer, 1, signature);
		let mut encoded_key = ED25519_KEY_PREFIX.to_vec();
		encoded_key.extend_from_slice(key);
		field(&mut peer, 2, &encoded_key);
		field(&mut signed, 3, &peer);
	}
	signed
}

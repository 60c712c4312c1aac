//! Binary multiaddrs: just enough to find the `/p2p/` component of an address.

use crate::{protobuf::varint, PeerId, ED25519_KEY_PREFIX, PEER_ID_LEN};

/// The PeerId of an ed25519 network key: the identity multihash of its protobuf encoding.
pub fn peer_id_of(key: &[u8; 32]) -> PeerId {
	let mut id = [0u8; PEER_ID_LEN];
	id[0] = 0x00; // identity
	id[1] = 0x24; // 36 bytes follow
	id[2..6].copy_from_slice(&ED25519_KEY_PREFIX);
	id[6..].copy_from_slice(key);
	id
}

/// Multiaddr protocol codes and the size of their value: fixed, or length-prefixed.
enum Size {
	Fixed(usize),
	Prefixed,
}

fn size(code: u64) -> Option<Size> {
	Some(match code {
		4 => Size::Fixed(4),                        // ip4
		41 => Size::Fixed(16),                      // ip6
		6 | 273 | 33 | 132 => Size::Fixed(2),       // tcp, udp, dccp, sctp
		53..=56 | 421 | 466 | 42 => Size::Prefixed, // dns*, p2p, certhash, ip6zone
		280 | 281 | 290 | 443 | 448 | 460 | 461 | 477 | 478 | 480 => Size::Fixed(0),
		_ => return None,
	})
}

/// The `/p2p/` component's multihash of a binary multiaddr: `None` if the address does not
/// parse, `Some(None)` if it has no such component.
pub fn p2p_component(mut address: &[u8]) -> Option<Option<&[u8]>> {
	let mut found = None;
	while !address.is_empty() {
		let code = varint(&mut address)?;
		let len = match size(code)? {
			Size::Fixed(len) => len,
			Size::Prefixed => usize::try_from(varint(&mut address)?).ok()?,
		};
		if len > address.len() {
			return None;
		}
		let (value, rest) = address.split_at(len);
		if code == 421 {
			found = Some(value);
		}
		address = rest;
	}
	Some(found)
}

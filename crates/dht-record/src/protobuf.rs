//! The little of protobuf the records need: varints and length-delimited fields, read
//! without allocating (unknown fields are skipped, as protobuf readers do).

use alloc::vec::Vec;

/// Reads a varint from the front of `bytes`.
pub fn varint(bytes: &mut &[u8]) -> Option<u64> {
	let mut value: u64 = 0;
	for shift in (0..64).step_by(7) {
		let (&byte, rest) = bytes.split_first()?;
		*bytes = rest;
		value |= u64::from(byte & 0x7f).checked_shl(shift)?;
		if byte & 0x80 == 0 {
			return Some(value);
		}
	}
	None
}

/// The fields of a message: (field number, length-delimited bytes) for each field of wire
/// type 2; varint fields are skipped; other wire types are refused (the schema has none).
fn fields(mut bytes: &[u8]) -> Option<Vec<(u64, &[u8])>> {
	let mut out = Vec::new();
	while !bytes.is_empty() {
		let key = varint(&mut bytes)?;
		match key & 7 {
			0 => {
				varint(&mut bytes)?;
			},
			2 => {
				let len = usize::try_from(varint(&mut bytes)?).ok()?;
				if len > bytes.len() {
					return None;
				}
				let (field, rest) = bytes.split_at(len);
				out.push((key >> 3, field));
				bytes = rest;
			},
			_ => return None,
		}
	}
	Some(out)
}

/// The last value of field `number` (protobuf's rule for a repeated singular field).
fn last<'a>(fields: &[(u64, &'a [u8])], number: u64) -> Option<&'a [u8]> {
	fields.iter().rev().find(|(n, _)| *n == number).map(|(_, v)| *v)
}

/// `SignedAuthorityRecord`'s parts.
pub struct SignedRecord<'a> {
	pub record: &'a [u8],
	pub auth_signature: &'a [u8],
	/// The peer signature and the protobuf-encoded public key.
	pub peer_signature: Option<(&'a [u8], &'a [u8])>,
}

/// Reads a `SignedAuthorityRecord { record = 1, auth_signature = 2, peer_signature = 3 }`.
pub fn signed_record(bytes: &[u8]) -> Option<SignedRecord<'_>> {
	let fields = fields(bytes)?;
	let peer_signature = match last(&fields, 3) {
		None => None,
		Some(message) => {
			let inner = self::fields(message)?;
			Some((last(&inner, 1).unwrap_or_default(), last(&inner, 2).unwrap_or_default()))
		},
	};
	Some(SignedRecord {
		record: last(&fields, 1)?,
		auth_signature: last(&fields, 2).unwrap_or_default(),
		peer_signature,
	})
}

/// `AuthorityRecord`'s parts.
pub struct AuthorityRecord<'a> {
	pub addresses: Vec<&'a [u8]>,
	/// `creation_time.timestamp`: ns since the Unix epoch, a SCALE `u128` (16 bytes, LE).
	pub created_ns: Option<u128>,
}

/// Reads an `AuthorityRecord { repeated addresses = 1, creation_time = 2 }` where
/// `TimestampInfo { timestamp = 1 }`.
pub fn authority_record(bytes: &[u8]) -> Option<AuthorityRecord<'_>> {
	let fields = fields(bytes)?;
	let addresses = fields.iter().filter(|(n, _)| *n == 1).map(|(_, v)| *v).collect();
	let created_ns = match last(&fields, 2) {
		None => None,
		Some(info) => {
			let timestamp = last(&self::fields(info)?, 1)?;
			Some(u128::from_le_bytes(timestamp.try_into().ok()?))
		},
	};
	Some(AuthorityRecord { addresses, created_ns })
}

//! The validators' signed authority-discovery records, as this node collects them.
//!
//! Every validator of the relay chain publishes its p2p addresses in the relay network's DHT,
//! under the SHA-256 of its authority-discovery key, as a record signed by that key and by its
//! network key ([`dht_record`]). The relay node's own authority-discovery worker fetches them
//! about every ten minutes, and every value it finds reaches this node's event streams; the
//! node hands each one to [`Records::offer`], and asks the DHT for the ones still missing
//! ([`Records::missing`]). A record is kept only if it verifies against a discovery key the
//! chain named in an order (both signatures, one PeerId, a creation time not in the future)
//! and is newer than the one held.
//!
//! The prober dials a validator at its record's addresses, and passes the record on to the
//! off-chain worker, which puts the ones newer than the chain's into its report.

use dht_record::{RecordError, Verifier};
use litep2p::types::multiaddr::Multiaddr;
use polkadot_sdk::{
	sp_core::{ed25519, sr25519, Pair},
	sp_io::hashing::sha2_256,
};
use std::{
	collections::HashMap,
	sync::{Arc, Mutex},
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

/// An authority-discovery key (sr25519 public key).
pub type DiscoveryKey = [u8; 32];

/// How far in the future a record's creation time may be (clock differences).
pub const SKEW: Duration = Duration::from_secs(120);

/// How long a discovery key stays wanted after the last order that named it (a collator's
/// share changes every period: a validator is named again within hours).
pub const WANTED_FOR: Duration = Duration::from_secs(24 * 3_600);

/// How long a validator may be wanted without a record before it counts as down for having
/// none: the relay node's discovery fetches every record about every ten minutes, and a
/// lookup goes out within a minute.
pub const PATIENCE: Duration = Duration::from_secs(15 * 60);

/// A record older than this is looked up again (validators republish at least hourly).
pub const REFRESH_AFTER: Duration = Duration::from_secs(70 * 60);

/// What became of a DHT value offered to the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offer {
	/// Verified and newer than the record held: kept.
	Kept,
	/// Not newer than the record held (left unverified).
	Stale,
	/// Under a key no order named (another chain's validator, or not in this node's share).
	Unwanted,
	/// It does not verify against the discovery key.
	Refused(RecordError),
}

impl Offer {
	/// How metrics name it.
	pub fn label(self) -> &'static str {
		match self {
			Offer::Kept => "kept",
			Offer::Stale => "stale",
			Offer::Unwanted => "unwanted",
			Offer::Refused(_) => "refused",
		}
	}
}

/// A verified record.
#[derive(Clone, Debug)]
pub struct Held {
	/// The signed record, as published.
	pub bytes: Vec<u8>,
	/// Its creation time, ns since the Unix epoch.
	pub created_ns: u128,
	/// Its addresses.
	pub addresses: Vec<Multiaddr>,
}

/// A validator whose record is wanted.
#[derive(Clone, Copy)]
struct Wanted {
	key: DiscoveryKey,
	/// When an order first named it (since it was last forgotten).
	since: Instant,
	/// When an order last named it.
	last: Instant,
}

struct Inner {
	/// DHT key → the validator.
	wanted: HashMap<[u8; 32], Wanted>,
	/// Discovery key → its newest verified record.
	held: HashMap<DiscoveryKey, Held>,
	/// See [`PATIENCE`].
	patience: Duration,
}

/// The records this node holds, shared between the DHT listener and the prober.
#[derive(Clone)]
pub struct Records(Arc<Mutex<Inner>>);

impl Default for Records {
	fn default() -> Self {
		Self::with_patience(PATIENCE)
	}
}

/// Signatures checked natively.
struct Native;

impl Verifier for Native {
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

/// The DHT key a validator's record is published under.
pub fn dht_key(discovery: &DiscoveryKey) -> [u8; 32] {
	sha2_256(discovery)
}

fn now_ns() -> u128 {
	SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

impl Records {
	/// A store that counts a validator without a record as down after `patience`.
	pub fn with_patience(patience: Duration) -> Self {
		Records(Arc::new(Mutex::new(Inner {
			wanted: HashMap::new(),
			held: HashMap::new(),
			patience,
		})))
	}

	fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
		// A panic while holding the lock leaves plain data behind: keep using it.
		self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
	}

	/// Notes the discovery keys an order named: their records are wanted (for
	/// [`WANTED_FOR`]); keys not named for longer are forgotten with their records.
	pub fn want(&self, keys: impl IntoIterator<Item = DiscoveryKey>) {
		let now = Instant::now();
		let mut inner = self.inner();
		for key in keys {
			inner
				.wanted
				.entry(dht_key(&key))
				.and_modify(|wanted| wanted.last = now)
				.or_insert(Wanted { key, since: now, last: now });
		}
		inner.wanted.retain(|_, wanted| now.duration_since(wanted.last) < WANTED_FOR);
		let still: std::collections::HashSet<DiscoveryKey> =
			inner.wanted.values().map(|wanted| wanted.key).collect();
		inner.held.retain(|key, _| still.contains(key));
	}

	/// Whether a validator has been wanted for longer than the patience without a record:
	/// it then counts as down (`no record`); before, as not measured.
	pub fn overdue(&self, discovery: &DiscoveryKey) -> bool {
		let inner = self.inner();
		!inner.held.contains_key(discovery)
			&& inner
				.wanted
				.get(&dht_key(discovery))
				.is_some_and(|wanted| wanted.since.elapsed() >= inner.patience)
	}

	/// A value found in the DHT under `key`: kept if it is a wanted validator's record that
	/// verifies and is newer than the one held.
	pub fn offer(&self, key: &[u8], value: &[u8]) -> Offer {
		let mut inner = self.inner();
		let Some(discovery) =
			<[u8; 32]>::try_from(key).ok().and_then(|k| inner.wanted.get(&k)).map(|w| w.key)
		else {
			return Offer::Unwanted;
		};
		// Verified only if newer: the worker finds the same records again every round.
		let held_ns = inner.held.get(&discovery).map(|held| held.created_ns);
		if let (Ok(created), Some(held)) = (dht_record::created_ns(value), held_ns) {
			if created <= held {
				return Offer::Stale;
			}
		}
		let verified =
			match dht_record::verify(value, &discovery, now_ns(), SKEW.as_nanos(), &Native) {
				Ok(verified) => verified,
				Err(e) => return Offer::Refused(e),
			};
		let addresses = verified
			.addresses
			.iter()
			.filter_map(|a| Multiaddr::try_from(a.to_vec()).ok())
			.collect();
		let held = Held { bytes: value.to_vec(), created_ns: verified.created_ns, addresses };
		inner.held.insert(discovery, held);
		Offer::Kept
	}

	/// The newest verified record of a validator.
	pub fn get(&self, discovery: &DiscoveryKey) -> Option<Held> {
		self.inner().held.get(discovery).cloned()
	}

	/// The DHT keys of wanted validators without a record, or with one older than
	/// [`REFRESH_AFTER`], at most `max`: what to look up.
	pub fn missing(&self, max: usize) -> Vec<[u8; 32]> {
		let inner = self.inner();
		let fresh_after = now_ns().saturating_sub(REFRESH_AFTER.as_nanos());
		inner
			.wanted
			.iter()
			.filter(|(_, wanted)| {
				inner.held.get(&wanted.key).is_none_or(|held| held.created_ns < fresh_after)
			})
			.map(|(dht_key, _)| *dht_key)
			.take(max)
			.collect()
	}

	/// How many records are held.
	pub fn len(&self) -> usize {
		self.inner().held.len()
	}

	/// Whether none is held.
	pub fn is_empty(&self) -> bool {
		self.len() == 0
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::testing::Validator;

	#[test]
	fn only_wanted_verified_newer_records_are_kept() {
		let (alice, bob) = (Validator::new([1; 32], [11; 32]), Validator::new([2; 32], [12; 32]));
		let records = Records::default();
		let now = now_ns();
		let record = alice.record(&["/ip4/203.0.113.7/tcp/30333"], now - 1_000_000);
		// Nobody asked for Alice yet.
		assert_eq!(records.offer(&dht_key(&alice.discovery_key()), &record), Offer::Unwanted);
		records.want([alice.discovery_key(), bob.discovery_key()]);
		assert_eq!(records.missing(10).len(), 2);
		assert_eq!(records.offer(&dht_key(&alice.discovery_key()), &record), Offer::Kept);
		assert_eq!(records.missing(10), vec![dht_key(&bob.discovery_key())]);
		let held = records.get(&alice.discovery_key()).unwrap();
		assert_eq!(held.addresses.len(), 1);
		assert_eq!(
			held.addresses[0].to_string(),
			format!("/ip4/203.0.113.7/tcp/30333/p2p/{}", alice.peer_id())
		);
		// The same again, or an older one: stale.
		assert_eq!(records.offer(&dht_key(&alice.discovery_key()), &record), Offer::Stale);
		let older = alice.record(&["/ip4/203.0.113.7/tcp/30333"], now - 9_000_000);
		assert_eq!(records.offer(&dht_key(&alice.discovery_key()), &older), Offer::Stale);
		// Alice's record under Bob's key, and one from the future.
		assert_eq!(
			records.offer(&dht_key(&bob.discovery_key()), &record),
			Offer::Refused(RecordError::BadAuthoritySignature)
		);
		let future = bob.record(&["/ip4/203.0.113.8/tcp/30333"], now + 600_000_000_000);
		assert_eq!(
			records.offer(&dht_key(&bob.discovery_key()), &future),
			Offer::Refused(RecordError::FromTheFuture)
		);
		assert_eq!(records.len(), 1);
	}

	#[test]
	fn a_validator_without_a_record_is_overdue_only_after_the_patience() {
		let (alice, bob) = (Validator::new([1; 32], [11; 32]), Validator::new([2; 32], [12; 32]));
		let patient = Records::default();
		patient.want([alice.discovery_key()]);
		assert!(!patient.overdue(&alice.discovery_key()), "just named: not yet");
		let impatient = Records::with_patience(Duration::ZERO);
		impatient.want([alice.discovery_key(), bob.discovery_key()]);
		assert!(impatient.overdue(&alice.discovery_key()));
		let record = alice.record(&["/ip4/203.0.113.7/tcp/30333"], now_ns() - 1_000);
		assert_eq!(impatient.offer(&dht_key(&alice.discovery_key()), &record), Offer::Kept);
		assert!(!impatient.overdue(&alice.discovery_key()), "it has a record");
		assert!(impatient.overdue(&bob.discovery_key()));
		assert!(!impatient.overdue(&[9; 32]), "never named");
	}
}

//! Validator-like peers and their signed records, for the prober's tests and benchmark.

use crate::probe::hex;
use futures::StreamExt;
use litep2p::{
	config::ConfigBuilder,
	crypto::ed25519::{Keypair, SecretKey},
	protocol::{
		libp2p::{identify, ping},
		request_response,
	},
	transport::{tcp::config::Config as TcpConfig, websocket::config::Config as WebSocketConfig},
	types::multiaddr::{Multiaddr, Protocol},
	Litep2p, PeerId, ProtocolName,
};
use polkadot_sdk::sp_core::{ed25519, sr25519, Pair};

/// Starts a peer on 127.0.0.1 that answers ping and identify and speaks the sync protocol of
/// the chain with genesis hash `chain` (as a Substrate node does); returns its address (a
/// text multiaddr with its PeerId) and the task that drives it (abort it to stop the peer).
pub fn peer(chain: [u8; 32]) -> (String, tokio::task::JoinHandle<()>) {
	peer_with(chain, Keypair::generate())
}

/// The same, with the network key `keypair`.
pub fn peer_with(chain: [u8; 32], keypair: Keypair) -> (String, tokio::task::JoinHandle<()>) {
	peer_on(chain, keypair, false)
}

/// The same, listening on WebSocket (`/ws`), as nodes zombienet starts do.
pub fn websocket_peer(chain: [u8; 32]) -> (String, tokio::task::JoinHandle<()>) {
	peer_on(chain, Keypair::generate(), true)
}

fn peer_on(
	chain: [u8; 32],
	keypair: Keypair,
	websocket: bool,
) -> (String, tokio::task::JoinHandle<()>) {
	let (ping_config, mut pings) = ping::Config::default();
	let (identify_config, identities) =
		identify::Config::new("/substrate/1.0".into(), Some("test-validator".into()));
	let (sync_config, sync_handle) = request_response::ConfigBuilder::new(ProtocolName::from(
		format!("/{}/sync/2", hex(&chain)),
	))
	.with_max_size(1024)
	.build();
	let builder = ConfigBuilder::new().with_keypair(keypair);
	// `nodelay` as Substrate's litep2p backend sets it (no Nagle delay on small frames).
	let builder = if websocket {
		builder.with_websocket(WebSocketConfig {
			listen_addresses: vec!["/ip4/127.0.0.1/tcp/0/ws".parse().expect("a valid multiaddr")],
			nodelay: true,
			..Default::default()
		})
	} else {
		builder.with_tcp(TcpConfig {
			listen_addresses: vec!["/ip4/127.0.0.1/tcp/0".parse().expect("a valid multiaddr")],
			nodelay: true,
			..Default::default()
		})
	};
	let config = builder
		.with_libp2p_ping(ping_config)
		.with_libp2p_identify(identify_config)
		.with_request_response_protocol(sync_config)
		.build();
	let mut litep2p = Litep2p::new(config).expect("a local peer starts");
	let address = litep2p.listen_addresses().next().expect("it listens").clone();
	let address = format!("{address}/p2p/{}", litep2p.local_peer_id());
	let task = tokio::spawn(async move {
		let _kept = (sync_handle, identities);
		loop {
			tokio::select! {
				_ = litep2p.next_event() => {},
				_ = pings.next() => {},
			}
		}
	});
	(address, task)
}

/// A relay-chain validator's keys: its authority-discovery key and its node's network key.
pub struct Validator {
	discovery: sr25519::Pair,
	network_seed: [u8; 32],
}

impl Validator {
	/// A validator from two seeds.
	pub fn new(discovery_seed: [u8; 32], network_seed: [u8; 32]) -> Self {
		Validator { discovery: sr25519::Pair::from_seed(&discovery_seed), network_seed }
	}

	/// Its authority-discovery key.
	pub fn discovery_key(&self) -> [u8; 32] {
		self.discovery.public().0
	}

	fn network(&self) -> ed25519::Pair {
		ed25519::Pair::from_seed(&self.network_seed)
	}

	/// Its node's network key, for a litep2p peer.
	pub fn keypair(&self) -> Keypair {
		let secret = SecretKey::try_from_bytes(self.network_seed).expect("32 bytes");
		Keypair::from(secret)
	}

	/// Its node's PeerId.
	pub fn peer_id(&self) -> PeerId {
		PeerId::from_bytes(&dht_record::peer_id_of(&self.network().public().0))
			.expect("an ed25519 PeerId")
	}

	/// Its signed record of `addresses` (text multiaddrs without `/p2p/`, which is added),
	/// created at `created_ns`, as its node publishes it.
	pub fn record(&self, addresses: &[&str], created_ns: u128) -> Vec<u8> {
		let addresses: Vec<Vec<u8>> = addresses
			.iter()
			.map(|a| {
				let address: Multiaddr = a.parse().expect("a valid multiaddr");
				address.with(Protocol::P2p(self.peer_id().into())).to_vec()
			})
			.collect();
		let record = dht_record::build::authority_record(&addresses, Some(created_ns));
		let network = self.network();
		dht_record::build::signed_record(
			&record,
			&self.discovery.sign(&record).0,
			Some((&network.sign(&record).0, &network.public().0)),
		)
	}
}

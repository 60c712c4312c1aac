//! A validator-like peer for the prober's tests and benchmark.

use crate::probe::hex;
use futures::StreamExt;
use litep2p::{
	config::ConfigBuilder,
	crypto::ed25519::Keypair,
	protocol::{
		libp2p::{identify, ping},
		request_response,
	},
	transport::tcp::config::Config as TcpConfig,
	Litep2p, ProtocolName,
};

/// Starts a peer on 127.0.0.1 that answers ping and identify and speaks the sync protocol of
/// the chain with genesis hash `chain` (as a Substrate node does); returns its address (a
/// text multiaddr with its PeerId) and the task that drives it (abort it to stop the peer).
pub fn peer(chain: [u8; 32]) -> (String, tokio::task::JoinHandle<()>) {
	let (ping_config, mut pings) = ping::Config::default();
	let (identify_config, identities) =
		identify::Config::new("/substrate/1.0".into(), Some("test-validator".into()));
	let (sync_config, sync_handle) = request_response::ConfigBuilder::new(ProtocolName::from(
		format!("/{}/sync/2", hex(&chain)),
	))
	.with_max_size(1024)
	.build();
	let config = ConfigBuilder::new()
		.with_keypair(Keypair::generate())
		.with_tcp(TcpConfig {
			listen_addresses: vec!["/ip4/127.0.0.1/tcp/0".parse().expect("a valid multiaddr")],
			// As Substrate's litep2p backend sets it (no Nagle delay on small frames).
			nodelay: true,
			..Default::default()
		})
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

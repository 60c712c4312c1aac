//! One probe of a p2p endpoint: TCP connect, Noise handshake with the expected PeerId, ping
//! and identify, each within one deadline.

use litep2p::{
	config::ConfigBuilder,
	crypto::ed25519::Keypair,
	error::{DialError, NegotiationError},
	protocol::libp2p::{identify, ping},
	transport::{tcp::config::Config as TcpConfig, websocket::config::Config as WebSocketConfig},
	types::multiaddr::{Multiaddr, Protocol},
	Litep2p, Litep2pEvent, PeerId,
};
use pallet_monitoring::{
	url::{is_public_ipv4, is_public_ipv6},
	DownReason, Outcome,
};
use std::{
	io::ErrorKind,
	net::{IpAddr, SocketAddr},
	time::Duration,
};
use tokio::time::{timeout_at, Instant};

use futures::StreamExt;

/// How the node probes.
#[derive(Clone, Debug)]
pub struct ProbeConfig {
	/// Whether loopback, private and link-local addresses may be dialled (a development or
	/// local relay chain only: elsewhere the results would map the collator's own network).
	pub allow_private: bool,
	/// The genesis hash of the chain whose nodes are probed: a peer that speaks none of its
	/// protocols (`/<hex genesis hash>/…`) is on the wrong chain. `None` skips the check.
	pub chain: Option<[u8; 32]>,
}

/// What one probe found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
	/// Up with the ping round-trip time in ms (rounded up), or why not.
	pub outcome: Outcome,
	/// The TCP connect time, if the connection was made.
	pub connect: Option<Duration>,
	/// The ping round-trip time, if a ping was answered.
	pub rtt: Option<Duration>,
	/// Over p2p: bytes sent and received by the handshake, ping and identify (the TCP connect
	/// aside). Over HTTP: the bytes of the answer's body read.
	pub bytes: u64,
}

impl Probe {
	fn down(reason: DownReason) -> Self {
		Probe { outcome: Outcome::Down(reason), connect: None, rtt: None, bytes: 0 }
	}
}

/// Where to dial: a socket address, the expected peer, and whether the node speaks
/// WebSocket there.
struct Target {
	socket: SocketAddr,
	peer: PeerId,
	websocket: bool,
}

/// Whether the node may connect to `ip`: a public address, or any where non-public ones are
/// allowed (a local relay chain).
pub fn ip_allowed(ip: &IpAddr, allow_private: bool) -> bool {
	allow_private
		|| match ip {
			IpAddr::V4(v4) => is_public_ipv4(v4),
			IpAddr::V6(v6) => is_public_ipv6(v6),
		}
}

/// The address to dial, from a text multiaddr
/// `/ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>[/ws]/p2p/<peer id>`. A name is resolved; the
/// first address of the right family that may be dialled is taken. Nodes listen on plain TCP
/// (Polkadot's usual `30333`) or on WebSocket (`/ws`, as zombienet starts them); TLS
/// WebSocket (`/wss`) is not dialled.
async fn resolve(
	address: &[u8],
	allow_private: bool,
	deadline: Instant,
) -> Result<Target, DownReason> {
	let text = std::str::from_utf8(address).map_err(|_| DownReason::Unreachable)?;
	let multiaddr: Multiaddr = text.parse().map_err(|_| DownReason::Unreachable)?;
	let peer = PeerId::try_from_multiaddr(&multiaddr).ok_or(DownReason::Unreachable)?;
	let mut parts = multiaddr.iter();
	let host = parts.next();
	let Some(Protocol::Tcp(port)) = parts.next() else {
		return Err(DownReason::Unreachable);
	};
	let websocket = match parts.next() {
		Some(Protocol::Ws(_)) => true,
		Some(Protocol::P2p(_)) | None => false,
		Some(_) => return Err(DownReason::Unreachable),
	};
	let target = |socket| Target { socket, peer, websocket };
	let allowed = |ip: &IpAddr| ip_allowed(ip, allow_private);
	let (name, want_v4, want_v6) = match host {
		Some(Protocol::Ip4(ip)) => {
			let ip = IpAddr::V4(ip);
			return if allowed(&ip) {
				Ok(target(SocketAddr::new(ip, port)))
			} else {
				Err(DownReason::NoPublicAddress)
			};
		},
		Some(Protocol::Ip6(ip)) => {
			let ip = IpAddr::V6(ip);
			return if allowed(&ip) {
				Ok(target(SocketAddr::new(ip, port)))
			} else {
				Err(DownReason::NoPublicAddress)
			};
		},
		Some(Protocol::Dns(name)) => (name, true, true),
		Some(Protocol::Dns4(name)) => (name, true, false),
		Some(Protocol::Dns6(name)) => (name, false, true),
		_ => return Err(DownReason::Unreachable),
	};
	let name = name.to_string();
	let resolved = timeout_at(deadline, tokio::net::lookup_host((name.as_str(), port)))
		.await
		.map_err(|_| DownReason::Timeout)?
		.map_err(|_| DownReason::Unreachable)?;
	let chosen = resolved
		.filter(|a| (a.is_ipv4() && want_v4) || (a.is_ipv6() && want_v6))
		.find(|a| allowed(&a.ip()));
	chosen.map(target).ok_or(DownReason::NoPublicAddress)
}

/// Probes one p2p endpoint (a text multiaddr with a PeerId) within `timeout`.
pub async fn probe(address: &[u8], config: &ProbeConfig, timeout: Duration) -> Probe {
	let deadline = Instant::now() + timeout;
	let target = match resolve(address, config.allow_private, deadline).await {
		Ok(found) => found,
		Err(reason) => return Probe::down(reason),
	};
	let socket = target.socket;

	// The TCP connect, on its own: its time, and a refusal told apart from a timeout.
	let started = Instant::now();
	let connect = match timeout_at(deadline, tokio::net::TcpStream::connect(socket)).await {
		Err(_) => return Probe::down(DownReason::Timeout),
		Ok(Err(e)) if e.kind() == ErrorKind::ConnectionRefused => {
			return Probe::down(DownReason::Refused)
		},
		Ok(Err(_)) => return Probe::down(DownReason::Unreachable),
		Ok(Ok(stream)) => {
			drop(stream);
			started.elapsed()
		},
	};

	let mut found = handshake(&target, config, deadline).await;
	found.connect = Some(connect);
	found
}

/// A fresh dial-only litep2p client: Noise with the target's peer (over TCP or WebSocket),
/// then ping and identify.
async fn handshake(target: &Target, config: &ProbeConfig, deadline: Instant) -> Probe {
	let (socket, peer) = (target.socket, target.peer);
	let remaining = deadline.saturating_duration_since(Instant::now());
	let (ping_config, mut pings) = ping::Config::default();
	let (identify_config, mut identities) =
		identify::Config::new("/stacktical-prober/1".into(), Some("stacktical-prober".into()));
	let builder = ConfigBuilder::new().with_keypair(Keypair::generate());
	let builder = if target.websocket {
		builder.with_websocket(WebSocketConfig {
			listen_addresses: Vec::new(),
			connection_open_timeout: remaining,
			nodelay: true,
			..Default::default()
		})
	} else {
		builder.with_tcp(TcpConfig {
			listen_addresses: Vec::new(),
			connection_open_timeout: remaining,
			nodelay: true,
			..Default::default()
		})
	};
	let litep2p_config =
		builder.with_libp2p_ping(ping_config).with_libp2p_identify(identify_config).build();
	let mut litep2p = match Litep2p::new(litep2p_config) {
		Ok(litep2p) => litep2p,
		Err(e) => {
			log::warn!(target: crate::LOG_TARGET, "cannot start a p2p client: {e}");
			return Probe::down(DownReason::Unreachable);
		},
	};
	let address = Multiaddr::from(socket.ip()).with(Protocol::Tcp(socket.port()));
	let address = if target.websocket { address.with(Protocol::Ws("/".into())) } else { address };
	let address = address.with(Protocol::P2p(peer.into()));
	if litep2p.dial_address(address).await.is_err() {
		return Probe::down(DownReason::Unreachable);
	}

	let mut established = false;
	let mut rtt: Option<Duration> = None;
	let mut on_chain: Option<bool> = None;
	let reason = loop {
		if let (Some(_), Some(on_chain)) = (rtt, on_chain) {
			break if on_chain { None } else { Some(DownReason::WrongChain) };
		}
		let step = timeout_at(deadline, async {
			tokio::select! {
				event = litep2p.next_event() => Step::Network(event),
				Some(ping::PingEvent::Ping { peer: from, ping }) = pings.next() =>
					Step::Ping(from, ping),
				Some(identify::IdentifyEvent::PeerIdentified { peer: from, supported_protocols, .. }) =
					identities.next() => Step::Identified(
						from,
						config.chain.is_none_or(|chain| speaks(&chain, supported_protocols.iter().map(|p| &**p))),
					),
			}
		})
		.await;
		match step {
			Err(_) => break Some(DownReason::Timeout),
			Ok(Step::Network(Some(Litep2pEvent::ConnectionEstablished { peer: from, .. }))) => {
				if from != peer {
					break Some(DownReason::WrongPeer);
				}
				established = true;
			},
			Ok(Step::Network(Some(Litep2pEvent::DialFailure { error, .. }))) => {
				break Some(dial_failure(&error))
			},
			Ok(Step::Network(Some(Litep2pEvent::ListDialFailures { errors }))) => {
				break Some(
					errors.first().map_or(DownReason::Unreachable, |(_, e)| dial_failure(e)),
				)
			},
			Ok(Step::Network(Some(Litep2pEvent::ConnectionClosed { .. }) | None)) => {
				break Some(if established {
					DownReason::Unreachable
				} else {
					DownReason::HandshakeFailed
				})
			},
			Ok(Step::Ping(from, ping)) if from == peer => rtt = Some(ping),
			Ok(Step::Identified(from, speaks)) if from == peer => on_chain = Some(speaks),
			Ok(Step::Ping(..) | Step::Identified(..)) => {},
		}
	};
	let sink = litep2p.bandwidth_sink();
	let bytes = (sink.inbound() + sink.outbound()) as u64;
	let outcome = match (reason, rtt) {
		(None, Some(rtt)) => Outcome::Up(rtt_ms(rtt)),
		(Some(reason), _) => Outcome::Down(reason),
		(None, None) => Outcome::Down(DownReason::Timeout),
	};
	Probe { outcome, connect: None, rtt, bytes }
}

/// One step of the handshake's event loop.
enum Step {
	Network(Option<Litep2pEvent>),
	Ping(PeerId, Duration),
	Identified(PeerId, bool),
}

/// Why a dial failed, as the chain records it.
fn dial_failure(error: &DialError) -> DownReason {
	match error {
		DialError::Timeout | DialError::NegotiationError(NegotiationError::Timeout) => {
			DownReason::Timeout
		},
		DialError::NegotiationError(
			NegotiationError::PeerIdMismatch(..)
			| NegotiationError::PeerIdMissing
			| NegotiationError::BadSignature,
		) => DownReason::WrongPeer,
		DialError::NegotiationError(NegotiationError::IoError(ErrorKind::ConnectionRefused)) => {
			DownReason::Refused
		},
		DialError::NegotiationError(_) => DownReason::HandshakeFailed,
		DialError::AddressError(_) | DialError::DnsError(_) => DownReason::Unreachable,
	}
}

/// Whether a peer's protocols include one of the chain with genesis hash `chain`
/// (`/<hex genesis hash>/…`, as Substrate names its protocols).
pub fn speaks<'a>(chain: &[u8; 32], mut protocols: impl Iterator<Item = &'a str>) -> bool {
	let prefix = format!("/{}/", hex(chain));
	protocols.any(|p| p.starts_with(&prefix))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A round-trip time in whole ms, rounded up: any answer takes at least 1 ms.
pub fn rtt_ms(rtt: Duration) -> u32 {
	u32::try_from(rtt.as_micros().div_ceil(1_000)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::testing::peer;

	const CHAIN: [u8; 32] = [0xab; 32];
	const OTHER_CHAIN: [u8; 32] = [0xcd; 32];
	const TIMEOUT: Duration = Duration::from_secs(2);

	fn local() -> ProbeConfig {
		ProbeConfig { allow_private: true, chain: Some(CHAIN) }
	}

	#[tokio::test]
	async fn a_peer_on_websocket_is_dialled_over_websocket() {
		let (address, _peer) = crate::testing::websocket_peer(CHAIN);
		assert!(address.contains("/ws/p2p/"), "{address}");
		let found = probe(address.as_bytes(), &local(), TIMEOUT).await;
		assert!(found.outcome.is_up(), "{found:?}");
		// The same node dialled as plain TCP fails its handshake (what a prober that did not
		// speak WebSocket saw of zombienet's validators).
		let plain = address.replace("/ws/", "/");
		let found = probe(plain.as_bytes(), &local(), TIMEOUT).await;
		assert!(!found.outcome.is_up(), "{found:?}");
		// TLS WebSocket is not dialled.
		let tls = address.replace("/ws/", "/wss/");
		let found = probe(tls.as_bytes(), &local(), TIMEOUT).await;
		assert_eq!(found.outcome, Outcome::Down(DownReason::Unreachable));
	}

	#[tokio::test]
	async fn a_peer_of_the_chain_is_up_with_its_rtt() {
		let (address, _peer) = peer(CHAIN);
		let found = probe(address.as_bytes(), &local(), TIMEOUT).await;
		assert!(found.outcome.is_up(), "{found:?}");
		assert_eq!(found.outcome, Outcome::Up(rtt_ms(found.rtt.unwrap())));
		assert!(found.connect.is_some());
		assert!(found.bytes > 0);
	}

	#[tokio::test]
	async fn a_peer_of_another_chain_is_on_the_wrong_chain() {
		let (address, _peer) = peer(OTHER_CHAIN);
		let found = probe(address.as_bytes(), &local(), TIMEOUT).await;
		assert_eq!(found.outcome, Outcome::Down(DownReason::WrongChain));
		// Without a chain to check, the same peer is up.
		let any_chain = ProbeConfig { chain: None, ..local() };
		assert!(probe(address.as_bytes(), &any_chain, TIMEOUT).await.outcome.is_up());
	}

	#[tokio::test]
	async fn another_peer_behind_the_address_is_the_wrong_peer() {
		let (address, _peer) = peer(CHAIN);
		let (at, _) = address.rsplit_once("/p2p/").unwrap();
		let impostor = format!("{at}/p2p/{}", PeerId::random());
		let found = probe(impostor.as_bytes(), &local(), TIMEOUT).await;
		assert_eq!(found.outcome, Outcome::Down(DownReason::WrongPeer));
	}

	#[tokio::test]
	async fn a_closed_port_is_refused() {
		let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
		let port = listener.local_addr().unwrap().port();
		drop(listener);
		let address = format!("/ip4/127.0.0.1/tcp/{port}/p2p/{}", PeerId::random());
		let found = probe(address.as_bytes(), &local(), TIMEOUT).await;
		assert_eq!(found.outcome, Outcome::Down(DownReason::Refused));
	}

	#[tokio::test]
	async fn a_listener_that_never_answers_times_out() {
		// The kernel accepts the connection; nothing ever reads or writes it (a stopped node).
		let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
		let port = listener.local_addr().unwrap().port();
		let address = format!("/ip4/127.0.0.1/tcp/{port}/p2p/{}", PeerId::random());
		let started = Instant::now();
		let found = probe(address.as_bytes(), &local(), Duration::from_millis(500)).await;
		assert_eq!(found.outcome, Outcome::Down(DownReason::Timeout));
		assert!(found.connect.is_some(), "the TCP connect itself succeeded");
		assert!(started.elapsed() < Duration::from_millis(1_500), "the deadline holds");
		drop(listener);
	}

	#[tokio::test]
	async fn private_addresses_are_dialled_only_where_allowed() {
		let (address, _peer) = peer(CHAIN);
		let public_only = ProbeConfig { allow_private: false, ..local() };
		let found = probe(address.as_bytes(), &public_only, TIMEOUT).await;
		assert_eq!(found.outcome, Outcome::Down(DownReason::NoPublicAddress));
		let named = address.replace("/ip4/127.0.0.1/", "/dns4/localhost/");
		let found = probe(named.as_bytes(), &public_only, TIMEOUT).await;
		assert_eq!(found.outcome, Outcome::Down(DownReason::NoPublicAddress));
		assert!(probe(named.as_bytes(), &local(), TIMEOUT).await.outcome.is_up());
	}

	#[test]
	fn protocols_name_their_chain() {
		let sync = format!("/{}/sync/2", hex(&CHAIN));
		assert!(speaks(&CHAIN, ["/ipfs/ping/1.0.0", sync.as_str()].into_iter()));
		assert!(!speaks(&OTHER_CHAIN, ["/ipfs/ping/1.0.0", sync.as_str()].into_iter()));
		assert_eq!(rtt_ms(Duration::from_micros(1)), 1);
		assert_eq!(rtt_ms(Duration::from_micros(2_000)), 2);
		assert_eq!(rtt_ms(Duration::from_micros(2_001)), 3);
	}
}

//! One probe of an HTTP URL that names its host, by the node.
//!
//! The chain checks the IP addresses in URLs, but only the node that resolves a name can tell
//! where it leads: a validator could register `http://intranet.example/` resolving to a
//! collator's private network and read, from the published results, what answers there. So
//! the off-chain worker leaves such URLs to this prober, which resolves the name itself and
//! connects only to a public address (any address where the relay chain is a local one), so
//! that the connection goes exactly where the check looked. Each probe is one fresh
//! connection (TLS for `https`, with the system's roots), one `GET` with `Connection: close`,
//! and the same verdict as the worker's ([`pallet_monitoring::probe::verdict`]); failures are
//! published coarsely (`unreachable`, `timeout`, `no public address`, a status class).

use crate::{probe::ip_allowed, Probe, ProbeConfig};
use futures::future::join_all;
use http_body_util::{BodyExt, Empty};
use hyper::{body::Bytes, header, Request, Uri};
use hyper_util::rt::TokioIo;
use pallet_monitoring::{
	probe::{verdict, MAX_BODY},
	DownReason, Outcome,
};
use std::{
	net::{IpAddr, SocketAddr},
	sync::Arc,
	time::Duration,
};
use tokio::{
	io::{AsyncRead, AsyncWrite},
	net::TcpStream,
	time::{timeout_at, Instant},
};
use tokio_rustls::{
	rustls::{self, pki_types::ServerName},
	TlsConnector,
};

/// The TLS client of `https` probes, with the system's root certificates (an `https` probe
/// fails as unreachable where none can be read; the node warns at start).
pub fn tls_connector() -> Result<TlsConnector, rustls::Error> {
	let mut roots = rustls::RootCertStore::empty();
	let native = rustls_native_certs::load_native_certs();
	for error in &native.errors {
		log::warn!(target: crate::LOG_TARGET, "system root certificates: {error}");
	}
	let (added, _) = roots.add_parsable_certificates(native.certs);
	if added == 0 {
		log::warn!(target: crate::LOG_TARGET, "no system root certificates: https probes will fail");
	}
	let provider = Arc::new(rustls::crypto::ring::default_provider());
	let config = rustls::ClientConfig::builder_with_provider(provider)
		.with_safe_default_protocol_versions()?
		.with_root_certificates(roots)
		.with_no_client_auth();
	Ok(TlsConnector::from(Arc::new(config)))
}

/// A target's URLs, probed at once: up with the first healthy URL's round-trip time (in the
/// target's order), or down for the first URL's reason (the worker decides the same way).
pub async fn probe_urls(
	urls: &[Vec<u8>],
	config: &ProbeConfig,
	tls: Option<&TlsConnector>,
	timeout: Duration,
) -> Vec<Probe> {
	join_all(urls.iter().map(|url| probe_url(url, config, tls, timeout))).await
}

/// The outcome of a target from its URLs' probes, in order.
pub fn outcome_of(probes: &[Probe]) -> Outcome {
	probes
		.iter()
		.find(|p| p.outcome.is_up())
		.or_else(|| probes.first())
		.map(|p| p.outcome)
		.unwrap_or(Outcome::Down(DownReason::Unreachable))
}

/// Probes one URL within `timeout`: resolve, connect, (TLS,) `GET`, read at most
/// [`MAX_BODY`] bytes. The round-trip time counts from the connect to the answer's end (the
/// name's resolution aside), as the worker's probes count theirs.
pub async fn probe_url(
	url: &[u8],
	config: &ProbeConfig,
	tls: Option<&TlsConnector>,
	timeout: Duration,
) -> Probe {
	let deadline = Instant::now() + timeout;
	let down =
		|reason| Probe { outcome: Outcome::Down(reason), connect: None, rtt: None, bytes: 0 };
	let Some(target) = parse(url) else { return down(DownReason::Unreachable) };
	let sockets = match resolve(&target, config.allow_private, deadline).await {
		Ok(sockets) => sockets,
		Err(reason) => return down(reason),
	};
	let start = Instant::now();
	let answer = timeout_at(deadline, async {
		// `&[SocketAddr]` is tried in order (a name may resolve to `::1` first on a host
		// where only `127.0.0.1` listens).
		let tcp = TcpStream::connect(&sockets[..]).await.map_err(|_| DownReason::Unreachable)?;
		let connect = start.elapsed();
		let (status, body) = if target.tls {
			let tls = tls.ok_or(DownReason::Unreachable)?;
			let name =
				ServerName::try_from(target.host.clone()).map_err(|_| DownReason::Unreachable)?;
			let stream = tls.connect(name, tcp).await.map_err(|_| DownReason::Unreachable)?;
			get(stream, &target).await?
		} else {
			get(tcp, &target).await?
		};
		Ok::<_, DownReason>((connect, status, body))
	})
	.await;
	match answer {
		Err(_) => down(DownReason::Timeout),
		Ok(Err(reason)) => down(reason),
		Ok(Ok((connect, status, body))) => {
			let rtt = start.elapsed();
			let outcome = match verdict(url, status, &body) {
				Ok(()) => Outcome::Up(crate::probe::rtt_ms(rtt)),
				Err(reason) => Outcome::Down(reason),
			};
			Probe { outcome, connect: Some(connect), rtt: Some(rtt), bytes: body.len() as u64 }
		},
	}
}

/// What a probe needs of a URL.
struct Target {
	/// `https`.
	tls: bool,
	/// The host without brackets (a name, or an IP address).
	host: String,
	port: u16,
	/// `host[:port]`, as the `Host` header gives it.
	authority: String,
	/// The path and query (`/` if none).
	path: String,
}

fn parse(url: &[u8]) -> Option<Target> {
	let uri: Uri = std::str::from_utf8(url).ok()?.parse().ok()?;
	let tls = match uri.scheme_str()? {
		"https" => true,
		"http" => false,
		_ => return None,
	};
	let authority = uri.authority()?;
	let host = authority.host().trim_start_matches('[').trim_end_matches(']').to_string();
	let port = authority.port_u16().unwrap_or(if tls { 443 } else { 80 });
	let path = uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
	Some(Target { tls, host, port, authority: authority.as_str().to_string(), path })
}

/// The addresses to connect to (never empty): an IP address as given, or those the host's
/// name resolves to that may be dialled.
async fn resolve(
	target: &Target,
	allow_private: bool,
	deadline: Instant,
) -> Result<Vec<SocketAddr>, DownReason> {
	if let Ok(ip) = target.host.parse::<IpAddr>() {
		return ip_allowed(&ip, allow_private)
			.then(|| vec![SocketAddr::new(ip, target.port)])
			.ok_or(DownReason::NoPublicAddress);
	}
	let resolved =
		timeout_at(deadline, tokio::net::lookup_host((target.host.as_str(), target.port)))
			.await
			.map_err(|_| DownReason::Timeout)?
			.map_err(|_| DownReason::Unreachable)?;
	let resolved: Vec<SocketAddr> = resolved.collect();
	if resolved.is_empty() {
		return Err(DownReason::Unreachable);
	}
	let allowed: Vec<SocketAddr> =
		resolved.into_iter().filter(|a| ip_allowed(&a.ip(), allow_private)).collect();
	if allowed.is_empty() {
		return Err(DownReason::NoPublicAddress);
	}
	Ok(allowed)
}

/// One `GET` over an open connection: the status and at most [`MAX_BODY`] bytes of the body.
async fn get<S>(stream: S, target: &Target) -> Result<(u16, Vec<u8>), DownReason>
where
	S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
	let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
		.await
		.map_err(|_| DownReason::Unreachable)?;
	let request = Request::get(target.path.as_str())
		.header(header::HOST, target.authority.as_str())
		.header(header::USER_AGENT, "stacktical-prober")
		.header(header::CONNECTION, "close")
		.body(Empty::<Bytes>::new())
		.map_err(|_| DownReason::Unreachable)?;
	let exchange = async {
		let response = sender.send_request(request).await.map_err(|_| DownReason::Unreachable)?;
		let status = response.status().as_u16();
		let mut incoming = response.into_body();
		let mut body = Vec::new();
		while body.len() < MAX_BODY {
			match incoming.frame().await {
				Some(Ok(frame)) => {
					if let Some(data) = frame.data_ref() {
						body.extend_from_slice(data);
					}
				},
				Some(Err(_)) => return Err(DownReason::Unreachable),
				None => break,
			}
		}
		body.truncate(MAX_BODY);
		Ok((status, body))
	};
	let mut exchange = std::pin::pin!(exchange);
	let mut connection = std::pin::pin!(connection);
	// The connection is driven here, so that the probe's deadline ends it too.
	tokio::select! {
		biased;
		answer = &mut exchange => answer,
		closed = &mut connection => match closed {
			Ok(()) => exchange.await,
			Err(_) => Err(DownReason::Unreachable),
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use tokio::io::{AsyncReadExt, AsyncWriteExt};

	/// An HTTP server on 127.0.0.1 that answers every connection with `response` after
	/// `delay` (or never, if `None`); returns its port.
	async fn server(response: &'static str, delay: Option<Duration>) -> u16 {
		let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
		let port = listener.local_addr().unwrap().port();
		tokio::spawn(async move {
			loop {
				let Ok((mut socket, _)) = listener.accept().await else { return };
				tokio::spawn(async move {
					let mut request = [0u8; 1024];
					let _ = socket.read(&mut request).await;
					let Some(delay) = delay else {
						tokio::time::sleep(Duration::from_secs(3_600)).await;
						return;
					};
					tokio::time::sleep(delay).await;
					let _ = socket.write_all(response.as_bytes()).await;
					let _ = socket.shutdown().await;
				});
			}
		});
		port
	}

	const HEALTHY: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 52\r\n\r\n{\"peers\":3,\"isSyncing\":false,\"shouldHavePeers\":true}";
	const SYNCING: &str = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n33\r\n{\"peers\":3,\"isSyncing\":true,\"shouldHavePeers\":true}\r\n0\r\n\r\n";
	const MISSING: &str = "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";

	fn local() -> ProbeConfig {
		ProbeConfig { allow_private: true, chain: None }
	}

	async fn probe(url: String, config: &ProbeConfig, timeout_ms: u64) -> Outcome {
		let tls = tls_connector().unwrap();
		probe_url(url.as_bytes(), config, Some(&tls), Duration::from_millis(timeout_ms))
			.await
			.outcome
	}

	#[tokio::test]
	async fn a_named_host_is_resolved_and_probed_like_the_workers_probes() {
		let healthy = server(HEALTHY, Some(Duration::ZERO)).await;
		let syncing = server(SYNCING, Some(Duration::ZERO)).await;
		let missing = server(MISSING, Some(Duration::ZERO)).await;
		let hangs = server(HEALTHY, None).await;
		let url = |port: u16| format!("http://localhost:{port}/health");
		let local = local();
		let up = probe(url(healthy), &local, 2_000).await;
		assert!(up.is_up(), "{up:?}");
		// A chunked answer is read whole.
		assert_eq!(probe(url(syncing), &local, 2_000).await, Outcome::Down(DownReason::Syncing));
		assert_eq!(
			probe(url(missing), &local, 2_000).await,
			Outcome::Down(DownReason::HttpStatus(404))
		);
		assert_eq!(probe(url(hangs), &local, 300).await, Outcome::Down(DownReason::Timeout));
		let closed = {
			let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
			listener.local_addr().unwrap().port()
		};
		assert_eq!(probe(url(closed), &local, 2_000).await, Outcome::Down(DownReason::Unreachable));
		// A TLS handshake with a server that speaks plain HTTP fails.
		let https = format!("https://localhost:{healthy}/health");
		assert_eq!(probe(https, &local, 2_000).await, Outcome::Down(DownReason::Unreachable));
	}

	#[tokio::test]
	async fn a_name_that_resolves_to_a_private_address_is_never_connected_to() {
		let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
		let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
		let port = listener.local_addr().unwrap().port();
		tokio::spawn(async move {
			while let Ok((socket, _)) = listener.accept().await {
				let _ = tx.send(socket.peer_addr().ok());
			}
		});
		let public_only = ProbeConfig { allow_private: false, chain: None };
		for url in [
			format!("http://localhost:{port}/health"),
			format!("http://127.0.0.1:{port}/health"),
			format!("http://[::1]:{port}/health"),
		] {
			assert_eq!(
				probe(url.clone(), &public_only, 2_000).await,
				Outcome::Down(DownReason::NoPublicAddress),
				"{url}"
			);
		}
		tokio::time::sleep(Duration::from_millis(100)).await;
		assert!(rx.try_recv().is_err(), "nothing connected to the private listener");
	}

	#[tokio::test]
	async fn a_target_is_up_at_its_first_healthy_url_or_down_for_its_first_urls_reason() {
		let healthy = server(HEALTHY, Some(Duration::ZERO)).await;
		let missing = server(MISSING, Some(Duration::ZERO)).await;
		let url = |port: u16| format!("http://localhost:{port}/health").into_bytes();
		let tls = tls_connector().unwrap();
		let tls = Some(&tls);
		let timeout = Duration::from_secs(2);
		let probes = probe_urls(&[url(missing), url(healthy)], &local(), tls, timeout).await;
		assert!(outcome_of(&probes).is_up());
		let closed = {
			let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
			listener.local_addr().unwrap().port()
		};
		let probes = probe_urls(&[url(missing), url(closed)], &local(), tls, timeout).await;
		assert_eq!(outcome_of(&probes), Outcome::Down(DownReason::HttpStatus(404)));
	}
}

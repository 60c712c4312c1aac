//! Probe endpoints (HTTP URLs and p2p addresses): what the chain accepts, and which hosts
//! count as non-public.
//!
//! Probe results are published on-chain. A URL naming a loopback, private or link-local
//! address would let anyone who registers one learn, from the results, what the collators
//! can reach inside their own networks. Unless [`ProbeSettings::allow_private_hosts`] is set
//! (development chains, whose validators run beside the collators), such URLs are refused:
//! IP literals by their address, `localhost` by name, and numeric hosts that resolvers read
//! as IPv4 addresses in other notations (`2130706433`, `0x7f.1`, `127.1`) always, as they
//! are never a domain name. A domain name that resolves to such an address can only be
//! caught by the node that resolves it: URLs that name their host ([`names_its_host`]) are
//! probed by the node's prober, which resolves the name and dials only public addresses.
//!
//! [`ProbeSettings::allow_private_hosts`]: crate::ProbeSettings::allow_private_hosts

use core::net::{Ipv4Addr, Ipv6Addr};

/// Why a probe URL is refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UrlError {
	/// Not `http://` or `https://`.
	Scheme,
	/// Contains `user:password@`.
	Credentials,
	/// No host, or a malformed one (a numeric host that is not a dotted-quad IPv4 address,
	/// a bracketed host that is not an IPv6 address).
	Host,
	/// Spaces, control characters or non-ASCII bytes.
	NotPrintable,
	/// The host is a loopback, private, link-local or otherwise non-public address, or
	/// `localhost`, and the chain does not allow those.
	PrivateHost,
	/// A p2p address (it starts with `/`) that is not `/ip4|ip6|dns|dns4|dns6/<host>/tcp/
	/// <port>/p2p/<peer id>`.
	P2pAddress,
}

/// How an endpoint is probed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum EndpointKind {
	/// An HTTP `GET`: by the off-chain worker if the URL gives an IP address, by the node's
	/// prober if it names its host ([`names_its_host`]).
	Http,
	/// A p2p handshake, ping and identify, by the node's prober (a multiaddr with a PeerId).
	P2p,
}

/// An endpoint is a p2p address if it starts with `/` (a multiaddr), a URL otherwise.
pub fn endpoint_kind(endpoint: &[u8]) -> EndpointKind {
	if endpoint.starts_with(b"/") {
		EndpointKind::P2p
	} else {
		EndpointKind::Http
	}
}

/// Checks a probe endpoint: a URL ([`check_url`]) or a p2p address ([`check_p2p_address`]).
pub fn check_endpoint(endpoint: &[u8], allow_private: bool) -> Result<(), UrlError> {
	match endpoint_kind(endpoint) {
		EndpointKind::Http => check_url(endpoint, allow_private),
		EndpointKind::P2p => check_p2p_address(endpoint, allow_private),
	}
}

/// Checks a p2p address, a multiaddr in its text form: `/ip4/<dotted quad>`, `/ip6/<address>`
/// or `/dns|dns4|dns6/<name>`, then `/tcp/<port>/p2p/<peer id>`. The host follows the rules
/// of a URL's (unless `allow_private`, no non-public address or `localhost`); the PeerId must
/// look like one (46 to 60 characters of the base58 alphabet): the node's prober decodes it
/// and completes a handshake only with that peer.
pub fn check_p2p_address(address: &[u8], allow_private: bool) -> Result<(), UrlError> {
	if address.iter().any(|b| !b.is_ascii_graphic()) {
		return Err(UrlError::NotPrintable);
	}
	let mut parts = address.split(|b| *b == b'/');
	let (Some(b""), Some(protocol), Some(host), Some(b"tcp"), Some(port), Some(b"p2p"), Some(peer)) = (
		parts.next(),
		parts.next(),
		parts.next(),
		parts.next(),
		parts.next(),
		parts.next(),
		parts.next(),
	) else {
		return Err(UrlError::P2pAddress);
	};
	if parts.next().is_some() {
		return Err(UrlError::P2pAddress);
	}
	let public = match protocol {
		b"ip4" => core::str::from_utf8(host)
			.ok()
			.and_then(|h| h.parse::<Ipv4Addr>().ok())
			.map(|a| is_public_ipv4(&a))
			.ok_or(UrlError::P2pAddress)?,
		b"ip6" => core::str::from_utf8(host)
			.ok()
			.and_then(|h| h.parse::<Ipv6Addr>().ok())
			.map(|a| is_public_ipv6(&a))
			.ok_or(UrlError::P2pAddress)?,
		b"dns" | b"dns4" | b"dns6" => {
			classify_host(host).map_err(|_| UrlError::P2pAddress)?.is_public()
		},
		_ => return Err(UrlError::P2pAddress),
	};
	let port_ok = !port.is_empty()
		&& port.len() <= 5
		&& port.iter().all(u8::is_ascii_digit)
		&& core::str::from_utf8(port)
			.ok()
			.and_then(|p| p.parse::<u16>().ok())
			.is_some_and(|p| p > 0);
	let base58 = |b: &u8| b.is_ascii_alphanumeric() && !matches!(b, b'0' | b'O' | b'I' | b'l');
	if !port_ok || !(46..=60).contains(&peer.len()) || !peer.iter().all(base58) {
		return Err(UrlError::P2pAddress);
	}
	if !public && !allow_private {
		return Err(UrlError::PrivateHost);
	}
	Ok(())
}

/// Checks a probe URL: printable ASCII without spaces, `http` or `https`, a well-formed host
/// (a domain name, a dotted-quad IPv4 address or a bracketed IPv6 address, optionally with a
/// port), no credentials; and, unless `allow_private`, a host that is not a non-public
/// address ([`is_public_ipv4`], [`is_public_ipv6`]) or `localhost`.
pub fn check_url(url: &[u8], allow_private: bool) -> Result<(), UrlError> {
	if !classify_host(url_host(url)?)?.is_public() && !allow_private {
		return Err(UrlError::PrivateHost);
	}
	Ok(())
}

/// Whether a well-formed URL names its host (a domain name, `localhost` included) rather
/// than giving an IP address. Only the node that resolves such a name can tell where it
/// leads, so the node's prober probes these URLs ([`crate::probe`]); URLs with an IP
/// address, which the chain has checked, the off-chain worker probes itself.
pub fn names_its_host(url: &[u8]) -> bool {
	url_host(url)
		.and_then(classify_host)
		.is_ok_and(|kind| matches!(kind, HostKind::Name | HostKind::Localhost))
}

/// The host of a URL (a bracketed IPv6 address keeps its brackets), checked for what any
/// URL must be: printable ASCII, `http` or `https`, no credentials, a numeric port if any.
fn url_host(url: &[u8]) -> Result<&[u8], UrlError> {
	if url.iter().any(|b| !b.is_ascii_graphic()) {
		return Err(UrlError::NotPrintable);
	}
	let rest = url
		.strip_prefix(b"https://")
		.or_else(|| url.strip_prefix(b"http://"))
		.ok_or(UrlError::Scheme)?;
	let authority_end =
		rest.iter().position(|b| matches!(b, b'/' | b'?' | b'#')).unwrap_or(rest.len());
	let authority = &rest[..authority_end];
	if authority.contains(&b'@') {
		return Err(UrlError::Credentials);
	}
	match authority.iter().rposition(|b| *b == b':') {
		// `[::1]:9944` or `host:9944`; a bare IPv6 literal ends with `]`.
		Some(colon) if !authority.ends_with(b"]") => {
			let port = &authority[colon + 1..];
			if port.is_empty() || port.len() > 5 || !port.iter().all(u8::is_ascii_digit) {
				return Err(UrlError::Host);
			}
			Ok(&authority[..colon])
		},
		_ => Ok(authority),
	}
}

/// What a well-formed host is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum HostKind {
	/// A domain name other than `localhost`.
	Name,
	/// `localhost`, or a name under it.
	Localhost,
	/// An IP address, public or not.
	Ip { public: bool },
}

impl HostKind {
	/// Whether the chain may accept it without allowing non-public hosts (where a name
	/// leads is for the node that resolves it to check).
	fn is_public(self) -> bool {
		matches!(self, HostKind::Name | HostKind::Ip { public: true })
	}
}

fn classify_host(host: &[u8]) -> Result<HostKind, UrlError> {
	if let Some(inner) = host.strip_prefix(b"[").and_then(|h| h.strip_suffix(b"]")) {
		let address = core::str::from_utf8(inner)
			.ok()
			.and_then(|a| a.parse::<Ipv6Addr>().ok())
			.ok_or(UrlError::Host)?;
		return Ok(HostKind::Ip { public: is_public_ipv6(&address) });
	}
	let valid_name_byte = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_');
	if host.is_empty() || !host.iter().all(valid_name_byte) {
		return Err(UrlError::Host);
	}
	// A fully qualified name may end with a dot.
	let name = host.strip_suffix(b".").unwrap_or(host);
	let last_label = name.rsplit(|b| *b == b'.').next().unwrap_or(name);
	let numeric = !last_label.is_empty()
		&& (last_label.iter().all(u8::is_ascii_digit)
			|| last_label.get(..2).is_some_and(|p| p.eq_ignore_ascii_case(b"0x")));
	if numeric {
		// No top-level domain is numeric: resolvers read this as an IPv4 address, which
		// must then be written as a plain dotted quad.
		let address = core::str::from_utf8(name)
			.ok()
			.and_then(|a| a.parse::<Ipv4Addr>().ok())
			.ok_or(UrlError::Host)?;
		return Ok(HostKind::Ip { public: is_public_ipv4(&address) });
	}
	if last_label.eq_ignore_ascii_case(b"localhost") {
		return Ok(HostKind::Localhost);
	}
	Ok(HostKind::Name)
}

/// Whether an IPv4 address is globally reachable: not "this network" (`0/8`), private
/// (`10/8`, `172.16/12`, `192.168/16`), shared (`100.64/10`), loopback (`127/8`), link-local
/// (`169.254/16`), IETF protocol assignments (`192.0.0/24`), documentation, benchmarking
/// (`198.18/15`), multicast, reserved (`240/4`) or broadcast.
pub fn is_public_ipv4(address: &Ipv4Addr) -> bool {
	let [a, b, c, _] = address.octets();
	let non_public = a == 0
		|| a == 10
		|| a == 127
		|| (a == 100 && (64..128).contains(&b))
		|| (a == 169 && b == 254)
		|| (a == 172 && (16..32).contains(&b))
		|| (a == 192 && b == 0 && c == 0)
		|| (a == 192 && b == 0 && c == 2)
		|| (a == 192 && b == 168)
		|| (a == 198 && (b == 18 || b == 19))
		|| (a == 198 && b == 51 && c == 100)
		|| (a == 203 && b == 0 && c == 113)
		|| a >= 224;
	!non_public
}

/// Whether an IPv6 address is globally reachable: not unspecified, loopback, unique local
/// (`fc00::/7`), link-local (`fe80::/10`), multicast, documentation (`2001:db8::/32`), or an
/// IPv4-mapped, IPv4-compatible or NAT64 (`64:ff9b::/96`) form of a non-public IPv4 address.
pub fn is_public_ipv6(address: &Ipv6Addr) -> bool {
	if let Some(v4) = address.to_ipv4_mapped() {
		return is_public_ipv4(&v4);
	}
	let segments = address.segments();
	if segments[..6] == [0; 6] || segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
		// `::` and `::1` (as `0.0.0.0` and `0.0.0.1`), `::a.b.c.d` and NAT64: judged by the
		// IPv4 address in the last 32 bits.
		let [.., a, b, c, d] = address.octets();
		return is_public_ipv4(&Ipv4Addr::new(a, b, c, d));
	}
	let first = segments[0];
	let non_public = (first & 0xfe00) == 0xfc00
		|| (first & 0xffc0) == 0xfe80
		|| (first & 0xff00) == 0xff00
		|| (first == 0x2001 && segments[1] == 0x0db8);
	!non_public
}

#[cfg(test)]
mod tests {
	use super::*;

	fn check(url: &str, allow_private: bool) -> Result<(), UrlError> {
		check_url(url.as_bytes(), allow_private)
	}

	const PEER: &str = "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";

	#[test]
	fn urls_that_name_their_host_are_told_from_ip_literals() {
		for named in [
			"http://validator-1.example:9944/health",
			"https://rpc.example./health",
			"http://localhost:9944/health",
			"http://node.localhost/health",
		] {
			assert!(names_its_host(named.as_bytes()), "{named}");
		}
		for literal in [
			"http://8.8.8.8:9944/health",
			"http://127.0.0.1:9944/health",
			"https://[2606:4700::1111]/health",
			"http://[::1]:9944",
			// Malformed or numeric hosts name nothing (and the chain refuses them).
			"http://127.1/health",
			"ftp://validator.example/",
			"http://user@validator.example/",
		] {
			assert!(!names_its_host(literal.as_bytes()), "{literal}");
		}
	}

	#[test]
	fn p2p_addresses_are_checked_like_urls() {
		let p2p = |host: &str, allow| {
			check_endpoint(format!("{host}/tcp/30333/p2p/{PEER}").as_bytes(), allow)
		};
		assert_eq!(p2p("/ip4/8.8.8.8", false), Ok(()));
		assert_eq!(p2p("/ip6/2606:4700::1111", false), Ok(()));
		assert_eq!(p2p("/dns/validator-1.example", false), Ok(()));
		assert_eq!(p2p("/dns4/validator-1.example.", false), Ok(()));
		for private in
			["/ip4/127.0.0.1", "/ip4/10.0.0.1", "/ip6/::1", "/dns/localhost", "/ip6/fe80::1"]
		{
			assert_eq!(p2p(private, false), Err(UrlError::PrivateHost), "{private}");
			assert_eq!(p2p(private, true), Ok(()), "{private} on a dev chain");
		}
		assert_eq!(endpoint_kind(b"/ip4/8.8.8.8/tcp/1/p2p/x"), EndpointKind::P2p);
		assert_eq!(endpoint_kind(b"http://host/health"), EndpointKind::Http);
	}

	#[test]
	fn malformed_p2p_addresses_are_refused() {
		for address in [
			"/ip4/8.8.8.8/tcp/30333".to_string(),
			format!("/ip4/8.8.8.8/udp/30333/p2p/{PEER}"),
			format!("/ip4/8.8.8.8/tcp/0/p2p/{PEER}"),
			format!("/ip4/8.8.8.8/tcp/65536/p2p/{PEER}"),
			format!("/ip4/127.1/tcp/30333/p2p/{PEER}"),
			format!("/ip4/8.8.8.8.8/tcp/30333/p2p/{PEER}"),
			format!("/ip6/[::1]/tcp/30333/p2p/{PEER}"),
			format!("/dns/0x7f.1/tcp/30333/p2p/{PEER}"),
			format!("/quic/8.8.8.8/tcp/30333/p2p/{PEER}"),
			format!("/ip4/8.8.8.8/tcp/30333/p2p/{PEER}/extra"),
			"/ip4/8.8.8.8/tcp/30333/p2p/12D3KooW0Il".into(),
			format!("/ip4/8.8.8.8/tcp/30333/p2p/{}", PEER.replace('E', "0")),
		] {
			assert_eq!(
				check_endpoint(address.as_bytes(), true),
				Err(UrlError::P2pAddress),
				"{address}"
			);
		}
		assert_eq!(
			check_endpoint(format!("/ip4/8.8.8.8/tcp/1/p2p/{PEER} ").as_bytes(), true),
			Err(UrlError::NotPrintable)
		);
	}

	#[test]
	fn well_formed_public_urls_are_accepted() {
		for url in [
			"https://rpc.validator.example/health/readiness",
			"http://node-1.example",
			"http://node-1.example.:9944/health",
			"http://8.8.8.8:9944/health",
			"http://[2606:4700::1111]:9944/health",
			"http://[::ffff:8.8.8.8]/health",
			"http://1password.example/health",
		] {
			assert_eq!(check(url, false), Ok(()), "{url}");
		}
	}

	#[test]
	fn malformed_urls_are_refused() {
		assert_eq!(check("ftp://host/health", false), Err(UrlError::Scheme));
		assert_eq!(check("host:9944/health", false), Err(UrlError::Scheme));
		assert_eq!(check("http://user:pw@host/health", false), Err(UrlError::Credentials));
		assert_eq!(check("http:///health", false), Err(UrlError::Host));
		assert_eq!(check("http://host:99x/health", false), Err(UrlError::Host));
		assert_eq!(check("http://[not-v6]/health", false), Err(UrlError::Host));
		assert_eq!(check("http://ho[st/health", false), Err(UrlError::Host));
		assert_eq!(check("http://ho st/health", false), Err(UrlError::NotPrintable));
		assert_eq!(check("http://hóst/", false), Err(UrlError::NotPrintable));
	}

	#[test]
	fn non_public_hosts_are_refused_unless_allowed() {
		for url in [
			"http://127.0.0.1:9944/health",
			"http://10.1.2.3/health",
			"http://172.16.0.1/health",
			"http://192.168.1.1/health",
			"http://169.254.169.254/latest/meta-data",
			"http://100.64.0.1/health",
			"http://0.0.0.0:9944/health",
			"http://localhost:9944/health",
			"http://LOCALHOST./health",
			"http://rpc.localhost/health",
			"http://[::1]:9944/health",
			"http://[::]/health",
			"http://[fd00::1]/health",
			"http://[fe80::1]/health",
			"http://[::ffff:127.0.0.1]/health",
			"http://[::ffff:10.0.0.1]/health",
			"http://[64:ff9b::a00:1]/health",
			"http://[::127.0.0.1]/health",
			"http://224.0.0.1/health",
		] {
			assert_eq!(check(url, false), Err(UrlError::PrivateHost), "{url}");
			assert_eq!(check(url, true), Ok(()), "{url} on a dev chain");
		}
	}

	#[test]
	fn other_notations_of_ipv4_addresses_are_refused_everywhere() {
		for url in [
			"http://2130706433/health",
			"http://0x7f000001/health",
			"http://0x7f.1/health",
			"http://127.1/health",
			"http://0177.0.0.1/health",
			"http://127.0.0.01/health",
			"http://8.8.8.8.8/health",
		] {
			assert_eq!(check(url, false), Err(UrlError::Host), "{url}");
			assert_eq!(check(url, true), Err(UrlError::Host), "{url}");
		}
	}
}

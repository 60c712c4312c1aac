//! How a validator is probed: each channel has its own SLIs.

/// How a target is probed. Each has its own SLIs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
	feature = "codec",
	derive(
		codec::Encode,
		codec::Decode,
		codec::DecodeWithMemTracking,
		codec::MaxEncodedLen,
		scale_info::TypeInfo
	)
)]
pub enum Channel {
	/// The validator's p2p endpoint: TCP connect, Noise handshake with the PeerId it signed,
	/// ping, identify. Needs no cooperation: the default for validators of the relay chain's
	/// set, and for targets registered with a p2p address.
	#[cfg_attr(feature = "codec", codec(index = 0))]
	P2p,
	/// HTTP URLs the validator's stash registered (typically `/health` on the RPC port): an
	/// optional second source.
	#[cfg_attr(feature = "codec", codec(index = 1))]
	Http,
}

impl Channel {
	/// Both channels, p2p first.
	pub const ALL: [Channel; 2] = [Channel::P2p, Channel::Http];

	/// How queries and metrics name it.
	pub fn label(self) -> &'static str {
		match self {
			Channel::P2p => "p2p",
			Channel::Http => "http",
		}
	}
}

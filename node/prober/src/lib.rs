//! The collator's prober.
//!
//! A runtime cannot open a TCP connection nor resolve a name, so the monitoring pallet's
//! off-chain worker leaves the p2p endpoints of its share of each period, and the HTTP URLs
//! that name their host, in the node's off-chain storage (a [`NodeOrder`]), and this task,
//! run by `stacktical-node`, answers it there (a [`NodeResults`]) within the probe timeout;
//! the worker puts the results in its signed report. A node without this task never answers,
//! and the worker then leaves those targets out of its report: not measured, never down.
//!
//! Each probe ([`probe::probe`]) is one fresh, dial-only litep2p client: a TCP connect (its
//! time, and `refused` when nothing listens), then a Noise handshake that succeeds only with
//! the PeerId in the address, then a ping (the round-trip time reported) and identify (the
//! peer must speak one of the chain's protocols, `/<genesis hash>/…`). Non-public addresses
//! are dialled only where the node allows them (a development or local relay chain).
//!
//! The chain's order names, for each validator of the relay chain's set, its
//! authority-discovery key: the node collects the validators' signed records from the relay
//! network's DHT ([`records`]), dials each validator at its record's addresses, and passes
//! the records on with the results, for the chain to verify (discoverability).
//!
//! - [`probe`]: one p2p probe, and how its failures map to [`DownReason`]s.
//! - [`http`]: one probe of a URL that names its host: the name resolved here, only public
//!   addresses connected to (where the relay chain is not a local one).
//! - [`records`]: the validators' verified records, from the relay network's DHT.
//! - [`task`]: the order/results hand-off through off-chain storage.
//! - [`metrics`]: what the prober shows on the node's Prometheus endpoint.
//! - `testing`: validator-like local peers and signed records, for tests and the benchmark (`cargo bench -p
//!   stacktical-prober`: CPU and bytes per probe).
//!
//! [`NodeOrder`]: pallet_monitoring::NodeOrder
//! [`NodeResults`]: pallet_monitoring::NodeResults
//! [`DownReason`]: pallet_monitoring::DownReason

pub mod http;
pub mod metrics;
pub mod probe;
pub mod records;
pub mod task;
#[doc(hidden)]
pub mod testing;

pub use metrics::Metrics;
pub use probe::{probe, Probe, ProbeConfig};
pub use records::{Offer, Records};
pub use task::run;

/// Log target of the prober.
pub const LOG_TARGET: &str = "stacktical::prober";

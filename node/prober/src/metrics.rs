//! The prober's Prometheus metrics, on the node's endpoint beside Substrate's own.

use pallet_monitoring::Outcome;
use polkadot_sdk::substrate_prometheus_endpoint::{
	register, Counter, CounterVec, Gauge, Histogram, HistogramOpts, Opts, PrometheusError,
	Registry, U64,
};

/// Round-trip and connect time buckets, in seconds (1 ms to 5 s).
const TIME_BUCKETS: &[f64] = &[0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0];

/// What the prober did.
#[derive(Clone)]
pub struct Metrics {
	/// `stacktical_prober_probes_total{outcome}`: probes by outcome (`up` or the reason).
	pub probes: CounterVec<U64>,
	/// `stacktical_prober_http_probes_total{outcome}`: probes of URLs that name their host, by
	/// outcome.
	pub http_probes: CounterVec<U64>,
	/// `stacktical_prober_rtt_seconds`: ping round-trip times of the probes that were up.
	pub rtt: Histogram,
	/// `stacktical_prober_connect_seconds`: TCP connect times.
	pub connect: Histogram,
	/// `stacktical_prober_bytes_total`: bytes sent and received by the probes.
	pub bytes: Counter<U64>,
	/// `stacktical_prober_orders_total`: the off-chain worker's orders answered.
	pub orders: Counter<U64>,
	/// `stacktical_prober_records_total{outcome}`: signed records seen in the relay
	/// network's DHT, by what became of them (`kept`, `stale`, `unwanted`, `refused`).
	pub records: CounterVec<U64>,
	/// `stacktical_prober_records_held`: validators whose verified record the node holds.
	pub records_held: Gauge<U64>,
	/// `stacktical_prober_lookups_total`: DHT lookups of missing or old records.
	pub lookups: Counter<U64>,
}

impl Metrics {
	/// Registers the metrics in `registry`.
	pub fn register(registry: &Registry) -> Result<Self, PrometheusError> {
		let histogram = |name: &str, help: &str| -> Result<Histogram, PrometheusError> {
			register(
				Histogram::with_opts(
					HistogramOpts::new(name, help).buckets(TIME_BUCKETS.to_vec()),
				)?,
				registry,
			)
		};
		Ok(Self {
			probes: register(
				CounterVec::new(
					Opts::new(
						"stacktical_prober_probes_total",
						"p2p probes of validators, by outcome (up, or why not)",
					),
					&["outcome"],
				)?,
				registry,
			)?,
			http_probes: register(
				CounterVec::new(
					Opts::new(
						"stacktical_prober_http_probes_total",
						"HTTP probes of URLs that name their host, by outcome (up, or why not)",
					),
					&["outcome"],
				)?,
				registry,
			)?,
			rtt: histogram("stacktical_prober_rtt_seconds", "Ping round-trip times of p2p probes")?,
			connect: histogram(
				"stacktical_prober_connect_seconds",
				"TCP connect times of p2p probes",
			)?,
			bytes: register(
				Counter::new(
					"stacktical_prober_bytes_total",
					"Bytes sent and received by p2p probes (handshake, ping, identify)",
				)?,
				registry,
			)?,
			orders: register(
				Counter::new(
					"stacktical_prober_orders_total",
					"The monitoring off-chain worker's p2p orders answered",
				)?,
				registry,
			)?,
			records: register(
				CounterVec::new(
					Opts::new(
						"stacktical_prober_records_total",
						"Validators' signed authority-discovery records seen, by outcome",
					),
					&["outcome"],
				)?,
				registry,
			)?,
			records_held: register(
				Gauge::new(
					"stacktical_prober_records_held",
					"Validators whose verified authority-discovery record this node holds",
				)?,
				registry,
			)?,
			lookups: register(
				Counter::new(
					"stacktical_prober_lookups_total",
					"DHT lookups of validators' missing or old records",
				)?,
				registry,
			)?,
		})
	}

	/// Counts one p2p probe.
	pub fn observe(&self, probe: &crate::Probe) {
		self.probes.with_label_values(&[label(probe.outcome)]).inc();
		if let (Outcome::Up(_), Some(rtt)) = (probe.outcome, probe.rtt) {
			self.rtt.observe(rtt.as_secs_f64());
		}
		if let Some(connect) = probe.connect {
			self.connect.observe(connect.as_secs_f64());
		}
		self.bytes.inc_by(probe.bytes);
	}

	/// Counts one HTTP probe.
	pub fn observe_http(&self, probe: &crate::Probe) {
		self.http_probes.with_label_values(&[label(probe.outcome)]).inc();
	}
}

/// How the metrics name an outcome.
fn label(outcome: Outcome) -> &'static str {
	match outcome {
		Outcome::Up(_) => "up",
		Outcome::Down(reason) => reason.label(),
	}
}

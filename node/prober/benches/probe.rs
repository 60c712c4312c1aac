//! What one p2p probe costs the collator: wall time, CPU time of the prober's thread and bytes
//! on the wire, against a validator-like peer on 127.0.0.1 driven by another thread (so that
//! its CPU is not counted); and what checking one validator's signed record costs (both
//! signatures, natively). `cargo bench -p stacktical-prober` prints the figures.

use stacktical_prober::{
	probe,
	records::{dht_key, Offer, Records},
	testing::{peer, Validator},
	ProbeConfig,
};
use std::time::{Duration, Instant};

const CHAIN: [u8; 32] = [0xab; 32];
const PROBES: u32 = 200;

/// CPU time consumed by the calling thread.
fn thread_cpu() -> Duration {
	let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
	// SAFETY: `ts` is a valid, writable timespec.
	unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
	Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn main() {
	// The peer on its own runtime and thread.
	let peer_runtime = tokio::runtime::Runtime::new().expect("a runtime");
	let (address, _peer) = peer_runtime.block_on(async { peer(CHAIN) });

	// The prober on a current-thread runtime: every task it spawns runs on this thread.
	let prober =
		tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
	let config = ProbeConfig { allow_private: true, chain: Some(CHAIN) };
	let timeout = Duration::from_secs(2);
	// Warm up.
	let first = prober.block_on(probe(address.as_bytes(), &config, timeout));
	assert!(first.outcome.is_up(), "the local peer is up: {first:?}");

	let (wall, cpu) = (Instant::now(), thread_cpu());
	let mut bytes = 0u64;
	let mut rtt = Duration::ZERO;
	for _ in 0..PROBES {
		let found = prober.block_on(probe(address.as_bytes(), &config, timeout));
		assert!(found.outcome.is_up(), "{found:?}");
		bytes += found.bytes;
		rtt += found.rtt.unwrap_or_default();
	}
	let (wall, cpu) = (wall.elapsed() / PROBES, (thread_cpu() - cpu) / PROBES);
	println!("p2p probe of a local peer ({PROBES} probes, one at a time):");
	println!("  wall time per probe:       {:>8.2} ms", wall.as_secs_f64() * 1e3);
	println!("  prober CPU per probe:      {:>8.2} ms", cpu.as_secs_f64() * 1e3);
	println!("  bytes per probe (both ways, TCP/IP headers aside): {}", bytes / u64::from(PROBES));
	println!("  mean ping RTT on loopback: {:>8.3} ms", (rtt / PROBES).as_secs_f64() * 1e3);

	records();
}

/// Verifying signed records as they arrive from the DHT: a record of eight addresses per
/// validator, each offered once (verified and kept) and once more (stale: parsed only).
fn records() {
	const VALIDATORS: u8 = 200;
	let validators: Vec<Validator> =
		(0..VALIDATORS).map(|i| Validator::new([i; 32], [i.wrapping_add(100); 32])).collect();
	let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
	let addresses: Vec<String> = (0..8).map(|i| format!("/ip4/203.0.113.{i}/tcp/30333")).collect();
	let addresses: Vec<&str> = addresses.iter().map(String::as_str).collect();
	let signed: Vec<Vec<u8>> =
		validators.iter().map(|v| v.record(&addresses, now.as_nanos() - 1_000)).collect();
	let store = Records::default();
	store.want(validators.iter().map(Validator::discovery_key));
	println!(
		"signed records ({VALIDATORS} validators, {} B records of 8 addresses):",
		signed[0].len()
	);
	for round in [Offer::Kept, Offer::Stale] {
		let cpu = thread_cpu();
		for (v, record) in validators.iter().zip(&signed) {
			assert_eq!(store.offer(&dht_key(&v.discovery_key()), record), round);
		}
		let cpu = (thread_cpu() - cpu) / u32::from(VALIDATORS);
		let what =
			if round == Offer::Kept { "new record (verified)" } else { "known record (parsed)" };
		println!("  CPU per {what}: {:>8.3} ms", cpu.as_secs_f64() * 1e3);
	}
}

//! The arithmetic of a measurement, as pure functions of what was recorded: when each
//! transaction was submitted, included in a best block and finalized, and when each block
//! was seen and what its timestamp says. Times are seconds since the start of the step.

use serde::{Deserialize, Serialize};

/// One transaction of a step.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TxRecord {
	/// When it was handed to the node.
	pub submitted: f64,
	/// When a best block containing it was seen.
	pub included: Option<f64>,
	/// When a finalized block containing it was seen.
	pub finalized: Option<f64>,
	/// Number of the block that included it.
	pub block: Option<u64>,
	/// Why the node refused it, if it did.
	pub error: Option<String>,
}

/// One block seen during a step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockRecord {
	/// Block number.
	pub number: u64,
	/// When it was seen as the best block.
	pub seen: f64,
	/// Its on-chain timestamp (`Timestamp::Now`), milliseconds since the epoch.
	pub timestamp_ms: Option<u64>,
	/// How many of this step's transactions it contains.
	pub transactions: u32,
	/// How many extrinsics it has in total (inherents included).
	pub extrinsics: u32,
}

/// The part of a step that counts: warm-up and cool-down cut off.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Window {
	/// Start, seconds since the start of the step.
	pub start: f64,
	/// End, seconds since the start of the step.
	pub end: f64,
}

impl Window {
	/// The window of a step of `duration` seconds without its first `warmup` and last
	/// `cooldown` seconds; `None` if nothing is left.
	pub fn new(duration: f64, warmup: f64, cooldown: f64) -> Option<Window> {
		let (start, end) = (warmup, duration - cooldown);
		(end > start).then_some(Window { start, end })
	}

	/// Length in seconds.
	pub fn len(&self) -> f64 {
		self.end - self.start
	}

	/// Whether `t` lies in `[start, end)`.
	pub fn contains(&self, t: f64) -> bool {
		t >= self.start && t < self.end
	}
}

/// p50, p95, p99 and the mean of a set of latencies, milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Latency {
	/// How many latencies.
	pub count: usize,
	/// Mean.
	pub mean_ms: f64,
	/// Median.
	pub p50_ms: f64,
	/// 95th percentile.
	pub p95_ms: f64,
	/// 99th percentile.
	pub p99_ms: f64,
	/// Largest.
	pub max_ms: f64,
}

/// Nearest-rank percentile `p` (0–100) of ascending `sorted` values; `None` if empty.
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
	if sorted.is_empty() {
		return None;
	}
	let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
	Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// Summary of latencies given in seconds.
pub fn latency(mut seconds: Vec<f64>) -> Option<Latency> {
	seconds.retain(|s| s.is_finite());
	seconds.sort_by(f64::total_cmp);
	let ms = |p| percentile(&seconds, p).map(|s| s * 1000.0);
	Some(Latency {
		count: seconds.len(),
		mean_ms: 1000.0 * seconds.iter().sum::<f64>() / seconds.len().max(1) as f64,
		p50_ms: ms(50.0)?,
		p95_ms: ms(95.0)?,
		p99_ms: ms(99.0)?,
		max_ms: ms(100.0)?,
	})
}

/// Throughput per block: this step's transactions in a block over the time since the
/// previous block by on-chain timestamps. Blocks without a timestamp or a positive interval
/// are skipped.
pub fn per_block_tps(blocks: &[BlockRecord]) -> Vec<(u64, f64)> {
	blocks
		.windows(2)
		.filter_map(|pair| {
			let (prev, block) = (&pair[0], &pair[1]);
			let dt = block.timestamp_ms?.checked_sub(prev.timestamp_ms?)?;
			(dt > 0).then(|| (block.number, f64::from(block.transactions) * 1000.0 / dt as f64))
		})
		.collect()
}

/// What a step measured.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StepSummary {
	/// Transactions handed to the node.
	pub submitted: usize,
	/// Refused by the node (invalid, pool full, …).
	pub errors: usize,
	/// Included in a best block.
	pub included: usize,
	/// Included in a finalized block.
	pub finalized: usize,
	/// Accepted by the node but never included by the end of the step.
	pub dropped: usize,
	/// Included within the window.
	pub included_in_window: usize,
	/// Throughput over the window: inclusions in the window per second.
	pub tps: f64,
	/// Mean and largest per-block throughput over the blocks of the window.
	pub block_tps_mean: Option<f64>,
	/// Largest per-block throughput.
	pub block_tps_max: Option<f64>,
	/// Submission to best-block inclusion, for transactions submitted in the window.
	pub inclusion_latency: Option<Latency>,
	/// Submission to finality, for transactions submitted in the window.
	pub finality_latency: Option<Latency>,
}

/// Summarises a step's records over `window`.
pub fn summarize(txs: &[TxRecord], blocks: &[BlockRecord], window: Window) -> StepSummary {
	let accepted = txs.iter().filter(|t| t.error.is_none());
	let in_window: Vec<&TxRecord> = txs.iter().filter(|t| window.contains(t.submitted)).collect();
	let included_in_window =
		txs.iter().filter(|t| t.included.is_some_and(|i| window.contains(i))).count();
	let window_blocks: Vec<BlockRecord> =
		blocks.iter().filter(|b| window.contains(b.seen)).cloned().collect();
	let block_tps: Vec<f64> =
		per_block_tps(&window_blocks).into_iter().map(|(_, tps)| tps).collect();
	StepSummary {
		submitted: txs.len(),
		errors: txs.iter().filter(|t| t.error.is_some()).count(),
		included: txs.iter().filter(|t| t.included.is_some()).count(),
		finalized: txs.iter().filter(|t| t.finalized.is_some()).count(),
		dropped: accepted.filter(|t| t.included.is_none()).count(),
		included_in_window,
		tps: included_in_window as f64 / window.len(),
		block_tps_mean: (!block_tps.is_empty())
			.then(|| block_tps.iter().sum::<f64>() / block_tps.len() as f64),
		block_tps_max: block_tps.iter().copied().reduce(f64::max),
		inclusion_latency: latency(
			in_window.iter().filter_map(|t| Some(t.included? - t.submitted)).collect(),
		),
		finality_latency: latency(
			in_window.iter().filter_map(|t| Some(t.finalized? - t.submitted)).collect(),
		),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn tx(submitted: f64, included: Option<f64>, finalized: Option<f64>) -> TxRecord {
		TxRecord { submitted, included, finalized, block: None, error: None }
	}

	#[test]
	fn percentiles_use_the_nearest_rank() {
		let v: Vec<f64> = (1..=100).map(f64::from).collect();
		assert_eq!(percentile(&v, 50.0), Some(50.0));
		assert_eq!(percentile(&v, 95.0), Some(95.0));
		assert_eq!(percentile(&v, 99.0), Some(99.0));
		assert_eq!(percentile(&v, 100.0), Some(100.0));
		assert_eq!(percentile(&[7.0], 50.0), Some(7.0));
		assert_eq!(percentile(&[], 50.0), None);
		// Nearest rank of 10 values: p95 is the 10th, p50 the 5th.
		let ten: Vec<f64> = (1..=10).map(f64::from).collect();
		assert_eq!(percentile(&ten, 95.0), Some(10.0));
		assert_eq!(percentile(&ten, 50.0), Some(5.0));
	}

	#[test]
	fn window_cuts_warmup_and_cooldown() {
		let w = Window::new(30.0, 5.0, 5.0).unwrap();
		assert_eq!(w.len(), 20.0);
		assert!(!w.contains(4.9) && w.contains(5.0) && w.contains(24.9) && !w.contains(25.0));
		assert_eq!(Window::new(10.0, 5.0, 5.0), None);
	}

	#[test]
	fn per_block_tps_uses_on_chain_timestamps() {
		let block = |number, ts, transactions| BlockRecord {
			number,
			seen: number as f64,
			timestamp_ms: ts,
			transactions,
			extrinsics: transactions + 2,
		};
		// Blocks 6 s apart with 120 transfers: 20 TPS; a block without a timestamp is skipped,
		// and so is the one after it (no interval).
		let blocks = [
			block(1, Some(0), 0),
			block(2, Some(6000), 120),
			block(3, Some(12000), 60),
			block(4, None, 9),
			block(5, Some(20000), 10),
		];
		assert_eq!(per_block_tps(&blocks), vec![(2, 20.0), (3, 10.0)]);
	}

	#[test]
	fn a_recorded_step_summarises_as_expected() {
		// 10 s step, 2 s warm-up, 2 s cool-down. One transaction per 0.5 s, each included
		// 0.25 s later and finalized 1 s later; one refused, one never included.
		let mut txs: Vec<TxRecord> = (0..20)
			.map(|i| {
				let s = f64::from(i) * 0.5;
				tx(s, Some(s + 0.25), Some(s + 1.0))
			})
			.collect();
		txs[7].error = Some("pool full".into());
		txs[7].included = None;
		txs[7].finalized = None;
		txs[9].included = None;
		txs[9].finalized = None;
		let blocks: Vec<BlockRecord> = (0..10)
			.map(|i| BlockRecord {
				number: i,
				seen: i as f64,
				timestamp_ms: Some(i * 1000),
				transactions: 2,
				extrinsics: 4,
			})
			.collect();
		let s = summarize(&txs, &blocks, Window::new(10.0, 2.0, 2.0).unwrap());
		assert_eq!((s.submitted, s.errors, s.included, s.finalized, s.dropped), (20, 1, 18, 18, 1));
		// Inclusions at 2.25, 2.75, …, 7.75 lie in [2, 8): 12, less txs 7 and 9 (3.75, 4.75).
		assert_eq!(s.included_in_window, 10);
		assert!((s.tps - 10.0 / 6.0).abs() < 1e-12);
		let inclusion = s.inclusion_latency.unwrap();
		assert_eq!(inclusion.count, 10);
		assert!((inclusion.p50_ms - 250.0).abs() < 1e-9 && (inclusion.p99_ms - 250.0).abs() < 1e-9);
		assert!((s.finality_latency.unwrap().p95_ms - 1000.0).abs() < 1e-9);
		assert_eq!(s.block_tps_mean, Some(2.0));
	}
}

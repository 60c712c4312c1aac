//! `stacktical bench`: drive a standard transaction load against a network, measure
//! throughput and per-transaction latency at each step of a sweep, fit the USL across the
//! sweep, and write `report.json`, `summary.md` and the scalability chart.
//!
//! The load is `Balances::transfer_keep_alive` from accounts `{seed}/{i}` (the runtime's
//! `benchmark` preset funds `//Sender/0` … `//Sender/9999`): senders use the first half of
//! the accounts, each sending to its partner in the second half, so no account is touched
//! by two senders. Every transaction is signed before the measured window starts.
//!
//! - **Closed loop** (`--senders 1,2,4,8`, the classic USL experiment): at step `N`, `N`
//!   senders each submit a transaction, wait until a best block includes it, and submit the
//!   next, so each sender account is used at most once per block.
//! - **Open loop** (`--tps R`): transactions are submitted at `R` per second, spread over the
//!   sender accounts; at most `--max-in-flight` wait for inclusion (back-pressure), and a
//!   full pool delays submission rather than failing it.
//! - **Networks of several sizes** (`--zombienet CONFIG --sizes 2,3,4`): one network per
//!   size spawned with zombienet-sdk, its relay chain set to that many validators, the same
//!   load (`--senders S` or `--tps R`) at each, each network torn down after its step
//!   ([`zombienet`]).

pub mod measure;
pub mod report;
pub mod zombienet;

use crate::chain::{self, ChainEvent, Node, Signed};
use measure::{BlockRecord, StepSummary, TxRecord, Window};
use report::{BenchReport, GeneratorStats, StepReport};
use std::{
	collections::HashMap,
	io::IsTerminal,
	path::PathBuf,
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc, Mutex,
	},
	time::{Duration, Instant},
};
use subxt::utils::H256;
use tokio::sync::{mpsc, watch};

/// Settings of a run.
#[derive(Clone, Debug, clap::Args)]
pub struct BenchArgs {
	/// WebSocket URL of a node to load (repeat for several nodes of one network:
	/// transactions are spread over them; blocks are watched on the first).
	#[arg(long, value_name = "URL", required_unless_present = "zombienet")]
	pub ws: Vec<String>,
	/// Spawn the network of this zombienet config (TOML) once per size of --sizes instead
	/// of attaching to one (needs a build with the `zombienet` feature and the relay-chain
	/// binaries on PATH; see zombienet/README.md).
	#[arg(long, value_name = "CONFIG", conflicts_with = "ws", requires = "sizes")]
	pub zombienet: Option<PathBuf>,
	/// With --zombienet: the relay-chain validator counts, one network each (e.g. 2,3,4,5).
	#[arg(long, value_name = "N,N,...", requires = "zombienet")]
	pub sizes: Option<String>,
	/// With --zombienet: the node to load and watch (default: the first collator of the
	/// first parachain).
	#[arg(long, value_name = "NAME", requires = "zombienet")]
	pub load_node: Option<String>,
	/// With --zombienet: where the networks run: processes on this machine (`native`) or a
	/// Kubernetes cluster from the current kube context (`k8s`, for networks larger than one
	/// machine).
	#[arg(long, value_enum, default_value = "native", requires = "zombienet")]
	pub provider: zombienet::Provider,
	/// Closed-loop sweep: numbers of concurrent senders, one step each (e.g. 1,2,4,8,16).
	/// With --zombienet: one number, the senders at every size.
	#[arg(long, value_name = "N,N,...", conflicts_with = "tps")]
	pub senders: Option<String>,
	/// Open loop: one step at this many transactions per second.
	#[arg(long, value_name = "TPS")]
	pub tps: Option<f64>,
	/// Length of each step, seconds.
	#[arg(long, default_value_t = 30.0)]
	pub duration: f64,
	/// Seconds at the start of each step left out of the figures.
	#[arg(long, default_value_t = 5.0)]
	pub warmup: f64,
	/// Seconds at the end of each step left out of the figures.
	#[arg(long, default_value_t = 5.0)]
	pub cooldown: f64,
	/// After each step, wait up to this many seconds for late inclusions and finality (it
	/// ends as soon as every transaction is finalized or refused). Default 15, or 90 with
	/// --zombienet: a parachain block is final only once the relay chain finalizes it.
	#[arg(long, value_name = "SECS")]
	pub settle: Option<f64>,
	/// Seed of the pre-funded accounts; account `i` is `{seed}/{i}`.
	#[arg(long, default_value = "//Sender")]
	pub sender_seed: String,
	/// How many `{seed}/{i}` accounts the chain funds (half send, half receive).
	#[arg(long, default_value_t = 10_000)]
	pub accounts: u32,
	/// Most transactions a closed-loop sender can get through per second (sizes the
	/// pre-signed batch; a sender that runs out stops early and the report says so).
	#[arg(long, default_value_t = 50.0)]
	pub max_rate_per_sender: f64,
	/// Open loop: most transactions waiting for inclusion before submission pauses.
	#[arg(long, default_value_t = 4_000)]
	pub max_in_flight: usize,
	/// Where to write report.json, summary.md and scalability.svg.
	#[arg(long, value_name = "DIR", default_value = "stacktical-bench")]
	pub out: PathBuf,
	/// Also draw the chart as PNG.
	#[arg(long)]
	pub png: bool,
	/// Label of the network under test (kept in the report, used by `publish`).
	#[arg(long, default_value = "dev")]
	pub network: String,
	/// Label of the release under test (kept in the report, used by `publish`).
	#[arg(long, default_value = "unreleased")]
	pub release: String,
}

impl BenchArgs {
	/// `--settle`, or its default for the kind of target.
	pub(crate) fn settle_seconds(&self) -> f64 {
		self.settle.unwrap_or(if self.zombienet.is_some() { 90.0 } else { 15.0 })
	}
}

/// What can go wrong; the message is one line for the user.
pub type Result<T> = std::result::Result<T, String>;

/// Progress output: a redrawn line on a terminal, plain log lines otherwise.
struct Progress {
	tty: bool,
}

impl Progress {
	fn new() -> Self {
		Progress { tty: std::io::stderr().is_terminal() }
	}

	fn step(&self, label: &str, elapsed: f64, total: f64, included: usize, errors: usize) {
		if self.tty {
			let width = 30;
			let done = ((elapsed / total).clamp(0.0, 1.0) * width as f64) as usize;
			eprint!(
				"\r{label} [{}{}] {elapsed:>5.1}/{total:.0} s  included {included}  errors {errors}   ",
				"#".repeat(done),
				"-".repeat(width - done)
			);
		} else {
			eprintln!("{label}: {elapsed:.1}/{total:.0} s, included {included}, errors {errors}");
		}
	}

	fn line(&self, text: &str) {
		if self.tty {
			eprintln!("\r{text}{}", " ".repeat(20));
		} else {
			eprintln!("{text}");
		}
	}
}

/// One step: `n` is the size the report and the fit use; `senders` the closed-loop senders
/// (0 for an open-loop step).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Step {
	n: u32,
	senders: u32,
}

/// A comma-separated list of positive whole numbers.
fn numbers(flag: &str, list: &str) -> Result<Vec<u32>> {
	let mut out = Vec::new();
	for part in list.split(',') {
		let n: u32 =
			part.trim().parse().map_err(|_| format!("{flag}: `{part}` is not a whole number"))?;
		if n == 0 {
			return Err(format!("{flag}: a step needs at least one"));
		}
		out.push(n);
	}
	Ok(out)
}

/// The steps of a run.
fn plan(args: &BenchArgs) -> Result<Vec<Step>> {
	let load = load_plan(args)?;
	let Some(sizes) = &args.sizes else {
		return Ok(load.into_iter().map(|senders| Step { n: senders.max(1), senders }).collect());
	};
	let [senders] = load[..] else {
		return Err("--zombienet: give one load for every size: --senders S or --tps R".into());
	};
	let sizes = numbers("--sizes", sizes)?;
	if sizes.iter().any(|&n| n < 2) {
		return Err("--sizes: a relay chain needs at least 2 validators".into());
	}
	Ok(sizes.into_iter().map(|n| Step { n, senders }).collect())
}

/// The load of each step: closed-loop sender counts, or `[0]` for one open-loop step.
fn load_plan(args: &BenchArgs) -> Result<Vec<u32>> {
	match (&args.senders, args.tps) {
		(Some(list), _) => {
			let sizes = numbers("--senders", list)?;
			if sizes.iter().any(|&n| n > args.accounts / 2) {
				return Err(format!(
					"--senders: at most {} senders with --accounts {}",
					args.accounts / 2,
					args.accounts
				));
			}
			Ok(sizes)
		},
		(None, Some(tps)) if tps.is_finite() && tps > 0.0 => Ok(vec![0]),
		(None, Some(tps)) => Err(format!("--tps {tps}: must be a positive number")),
		(None, None) => {
			Err("say what to run: --senders 1,2,4,8 (closed loop) or --tps 500 (open loop)".into())
		},
	}
}

/// Runs the whole benchmark and writes its outputs; returns the report.
pub async fn run(args: BenchArgs) -> Result<BenchReport> {
	let steps = plan(&args)?;
	if Window::new(args.duration, args.warmup, args.cooldown).is_none() {
		return Err("--duration must exceed --warmup + --cooldown".into());
	}
	let config = match &args.zombienet {
		Some(path) => {
			let text =
				std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
			let dir = path.parent().unwrap_or(std::path::Path::new("."));
			Some(zombienet::with_paths_from(&text, dir)?)
		},
		None => None,
	};
	std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
	let progress = Progress::new();
	let mut shared = Vec::new();
	for url in &args.ws {
		shared.push(chain::connect(url).await?);
	}

	let stop = Arc::new(AtomicBool::new(false));
	{
		let stop = stop.clone();
		tokio::spawn(async move {
			if tokio::signal::ctrl_c().await.is_ok() {
				stop.store(true, Ordering::SeqCst);
			}
		});
	}

	let half = args.accounts / 2;
	let started = std::time::SystemTime::now();
	let cpu_start = cpu_seconds();
	let wall_start = Instant::now();
	let mut report: Option<BenchReport> = None;
	let mut generator = GeneratorStats::default();

	for &Step { n: size, senders: n } in &steps {
		if stop.load(Ordering::SeqCst) {
			break;
		}
		// The network of this step: the one attached to, or one spawned for this size.
		let (nodes, network) = match &config {
			None => (shared.clone(), None),
			Some(config) => {
				progress.line(&format!("{size} validators: spawning the network…"));
				let network = zombienet::Spawned::start(
					config,
					size,
					args.load_node.as_deref(),
					args.provider,
				)
				.await?;
				progress.line(&format!("{size} validators: loading {}", network.ws));
				(vec![chain::connect(&network.ws).await?], Some(network))
			},
		};
		let report = match &mut report {
			Some(report) => report,
			None => {
				let (chain_name, spec_version) = chain::describe(&nodes[0]).await;
				let urls = if args.ws.is_empty() {
					"the spawned network".into()
				} else {
					args.ws.join(", ")
				};
				progress.line(&format!("connected to {urls} ({chain_name}, spec {spec_version})"));
				let mut new = BenchReport::new(&args, chain_name, spec_version, started);
				if config.is_some() {
					new.sweep_kind = "validators".into();
				}
				report.insert(new)
			},
		};
		let amount = chain::existential_deposit(&nodes[0])?;
		let senders = if n == 0 {
			half.min(((args.tps.unwrap_or(1.0)) * 12.0).ceil() as u32).max(1)
		} else {
			n
		};
		let load = if n == 0 {
			format!("open loop {} TPS", args.tps.unwrap_or(0.0))
		} else {
			format!("{n} senders")
		};
		let label = if config.is_some() { format!("{size} validators, {load}") } else { load };
		progress.line(&format!("{label}: signing…"));
		let keys = chain::derive_accounts(&args.sender_seed, 0..senders)?;
		let receivers: Vec<_> = chain::derive_accounts(&args.sender_seed, half..half + senders)?
			.iter()
			.map(chain::account)
			.collect();
		let per_sender = if n == 0 {
			((args.tps.unwrap_or(0.0) * args.duration) / f64::from(senders)).ceil() as usize + 1
		} else {
			(args.max_rate_per_sender * args.duration).ceil() as usize
		};
		let sign_start = Instant::now();
		let sign_cpu = cpu_seconds();
		let mut queues: Vec<Vec<Signed>> = Vec::with_capacity(keys.len());
		for (key, dest) in keys.iter().zip(&receivers) {
			let nonce = chain::next_nonce(&nodes[0], &chain::account(key)).await?;
			let call = chain::transfer(dest, amount);
			let queue = (0..per_sender as u64)
				.map(|k| chain::sign_offline(&nodes[0], &call, key, nonce + k))
				.collect::<Result<Vec<_>>>()?;
			queues.push(queue);
		}
		let signed = queues.iter().map(Vec::len).sum::<usize>();
		let sign_cpu = (cpu_seconds() - sign_cpu).max(1e-9);
		generator.record_signing(signed, sign_cpu, sign_start.elapsed().as_secs_f64());
		let result = if n == 0 {
			open_loop(&nodes, queues, args.tps.unwrap_or(1.0), &args, &label, &progress, &stop)
				.await
		} else {
			closed_loop(&nodes, queues, &args, &label, &progress, &stop).await
		};
		if let Some(network) = network {
			network.stop().await;
			progress.line(&format!("{size} validators: network torn down"));
		}
		let result = result?;
		let partial = stop.load(Ordering::SeqCst);
		let window = Window::new(
			result.elapsed.max(args.warmup + args.cooldown + 1e-3),
			args.warmup,
			args.cooldown,
		)
		.unwrap_or(Window { start: 0.0, end: result.elapsed.max(1e-3) });
		let summary = measure::summarize(&result.txs, &result.blocks, window);
		generator.record_submissions(&result.txs);
		progress.line(&describe_step(&label, &summary));
		report.steps.push(StepReport {
			n: if config.is_some() {
				size
			} else if n == 0 {
				senders
			} else {
				n
			},
			label,
			duration: result.elapsed,
			window,
			senders,
			presigned_per_sender: per_sender,
			exhausted_senders: result.exhausted,
			summary,
			blocks: result.blocks,
			partial,
		});
	}
	let Some(mut report) = report else {
		return Err("interrupted before the first step".into());
	};
	generator.finish(cpu_seconds() - cpu_start, wall_start.elapsed().as_secs_f64());
	report.generator = generator;
	report.partial = stop.load(Ordering::SeqCst);
	report.fit(steps.len() > 1);
	report.write(&args.out, args.png)?;
	Ok(report)
}

fn describe_step(label: &str, s: &StepSummary) -> String {
	let p = |l: &Option<measure::Latency>| {
		l.map_or("–".to_string(), |l| {
			format!("{:.0}/{:.0}/{:.0} ms", l.p50_ms, l.p95_ms, l.p99_ms)
		})
	};
	format!(
		"{label}: {:.1} TPS, inclusion p50/p95/p99 {}, finality {}, {} included, {} errors, {} dropped",
		s.tps,
		p(&s.inclusion_latency),
		p(&s.finality_latency),
		s.included,
		s.errors,
		s.dropped
	)
}

/// What one step recorded.
struct StepResult {
	txs: Vec<TxRecord>,
	blocks: Vec<BlockRecord>,
	elapsed: f64,
	exhausted: u32,
}

/// Shared state of a running step: the records, and who waits for which transaction.
struct Tracker {
	start: Instant,
	txs: Vec<TxRecord>,
	blocks: Vec<BlockRecord>,
	by_hash: HashMap<H256, usize>,
	waiting: HashMap<H256, tokio::sync::oneshot::Sender<()>>,
	in_flight: usize,
	failure: Option<String>,
}

impl Tracker {
	fn new(start: Instant) -> Self {
		Tracker {
			start,
			txs: Vec::new(),
			blocks: Vec::new(),
			by_hash: HashMap::new(),
			waiting: HashMap::new(),
			in_flight: 0,
			failure: None,
		}
	}

	fn t(&self, at: Instant) -> f64 {
		at.saturating_duration_since(self.start).as_secs_f64()
	}

	fn apply(&mut self, event: ChainEvent) {
		match event {
			ChainEvent::Best { number, seen, timestamp_ms, extrinsics } => {
				let t = self.t(seen);
				let mut ours = 0;
				let count = extrinsics.len() as u32;
				for hash in extrinsics {
					if let Some(&i) = self.by_hash.get(&hash) {
						if self.txs[i].included.is_none() {
							self.txs[i].included = Some(t);
							self.txs[i].block = Some(number);
							self.in_flight = self.in_flight.saturating_sub(1);
							ours += 1;
						}
						if let Some(wake) = self.waiting.remove(&hash) {
							let _ = wake.send(());
						}
					}
				}
				let record = BlockRecord {
					number,
					seen: t,
					timestamp_ms,
					transactions: ours,
					extrinsics: count,
				};
				self.blocks.push(record);
			},
			ChainEvent::Finalized { number, seen } => {
				let t = self.t(seen);
				// No forks on the networks this runs against: every inclusion at or below the
				// finalized number is final.
				for tx in &mut self.txs {
					if tx.finalized.is_none() && tx.block.is_some_and(|b| b <= number) {
						tx.finalized = Some(t);
					}
				}
			},
			ChainEvent::Failed(e) => self.failure = Some(e),
		}
	}
}

async fn start_tracking(node: &Node) -> Result<(Arc<Mutex<Tracker>>, watch::Sender<bool>)> {
	let (events_tx, mut events_rx) = mpsc::unbounded_channel();
	chain::watch(node.clone(), events_tx).await.map_err(|e| format!("watching blocks: {e}"))?;
	let tracker = Arc::new(Mutex::new(Tracker::new(Instant::now())));
	let (done_tx, mut done_rx) = watch::channel(false);
	let t = tracker.clone();
	tokio::spawn(async move {
		loop {
			tokio::select! {
				event = events_rx.recv() => match event {
					Some(event) => t.lock().expect("tracker").apply(event),
					None => break,
				},
				_ = done_rx.changed() => break,
			}
		}
	});
	Ok((tracker, done_tx))
}

/// Redraws the progress of a running step.
fn report_progress(tracker: &Arc<Mutex<Tracker>>, progress: &Progress, label: &str, duration: f64) {
	let (elapsed, included, errors) = {
		let t = tracker.lock().expect("tracker");
		let count = |f: fn(&TxRecord) -> bool| t.txs.iter().filter(|x| f(x)).count();
		(t.t(Instant::now()), count(|x| x.included.is_some()), count(|x| x.error.is_some()))
	};
	progress.step(label, elapsed, duration, included, errors);
}

/// Registers a submission; returns its index and a receiver woken at inclusion.
fn register(
	tracker: &Arc<Mutex<Tracker>>,
	tx: &Signed,
) -> (usize, tokio::sync::oneshot::Receiver<()>) {
	let (wake, included) = tokio::sync::oneshot::channel();
	let mut t = tracker.lock().expect("tracker");
	let submitted = t.t(Instant::now());
	t.txs.push(TxRecord { submitted, ..Default::default() });
	let i = t.txs.len() - 1;
	t.by_hash.insert(tx.hash, i);
	t.waiting.insert(tx.hash, wake);
	t.in_flight += 1;
	(i, included)
}

fn refused(tracker: &Arc<Mutex<Tracker>>, i: usize, tx: &Signed, error: String) {
	let mut t = tracker.lock().expect("tracker");
	t.txs[i].error = Some(error);
	t.waiting.remove(&tx.hash);
	t.in_flight = t.in_flight.saturating_sub(1);
}

/// Waits after the step for late inclusions and finality, then takes the records.
async fn finish(
	tracker: Arc<Mutex<Tracker>>,
	done: watch::Sender<bool>,
	exhausted: u32,
	settle: f64,
) -> Result<StepResult> {
	let elapsed = tracker.lock().expect("tracker").t(Instant::now());
	let grace = Instant::now() + Duration::from_secs_f64(settle);
	while Instant::now() < grace {
		let pending = {
			let t = tracker.lock().expect("tracker");
			t.txs
				.iter()
				.any(|x| x.error.is_none() && (x.included.is_none() || x.finalized.is_none()))
		};
		if !pending {
			break;
		}
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
	let _ = done.send(true);
	let mut t = tracker.lock().expect("tracker");
	if let Some(e) = t.failure.take() {
		return Err(format!("watching blocks: {e}"));
	}
	Ok(StepResult {
		txs: std::mem::take(&mut t.txs),
		blocks: std::mem::take(&mut t.blocks),
		elapsed,
		exhausted,
	})
}

async fn closed_loop(
	nodes: &[Node],
	queues: Vec<Vec<Signed>>,
	args: &BenchArgs,
	label: &str,
	progress: &Progress,
	stop: &Arc<AtomicBool>,
) -> Result<StepResult> {
	let (tracker, done) = start_tracking(&nodes[0]).await?;
	let deadline = Instant::now() + Duration::from_secs_f64(args.duration);
	let exhausted = Arc::new(std::sync::atomic::AtomicU32::new(0));
	let mut tasks = Vec::new();
	for (s, queue) in queues.into_iter().enumerate() {
		let node = nodes[s % nodes.len()].clone();
		let tracker = tracker.clone();
		let stop = stop.clone();
		let exhausted = exhausted.clone();
		tasks.push(tokio::spawn(async move {
			let mut queue = queue.into_iter();
			while Instant::now() < deadline && !stop.load(Ordering::SeqCst) {
				let Some(tx) = queue.next() else {
					exhausted.fetch_add(1, Ordering::SeqCst);
					return;
				};
				let (i, included) = register(&tracker, &tx);
				if let Err(e) = chain::submit(&node, &tx).await {
					refused(&tracker, i, &tx, e);
					// A refused transaction leaves a nonce gap: this sender cannot go on.
					return;
				}
				let left =
					deadline.saturating_duration_since(Instant::now()) + Duration::from_secs(30);
				if tokio::time::timeout(left, included).await.is_err() {
					return;
				}
			}
		}));
	}
	while Instant::now() < deadline && !stop.load(Ordering::SeqCst) {
		tokio::time::sleep(Duration::from_millis(500)).await;
		report_progress(&tracker, progress, label, args.duration);
	}
	for task in tasks {
		let _ = task.await;
	}
	finish(tracker, done, exhausted.load(Ordering::SeqCst), args.settle_seconds()).await
}

async fn open_loop(
	nodes: &[Node],
	queues: Vec<Vec<Signed>>,
	tps: f64,
	args: &BenchArgs,
	label: &str,
	progress: &Progress,
	stop: &Arc<AtomicBool>,
) -> Result<StepResult> {
	// Round-robin over senders so that each account is used as rarely as possible.
	let mut order = Vec::new();
	let longest = queues.iter().map(Vec::len).max().unwrap_or(0);
	for k in 0..longest {
		for q in &queues {
			if let Some(tx) = q.get(k) {
				order.push(tx.clone());
			}
		}
	}
	let (tracker, done) = start_tracking(&nodes[0]).await?;
	let start = Instant::now();
	let deadline = start + Duration::from_secs_f64(args.duration);
	let interval = Duration::from_secs_f64(1.0 / tps);
	let mut last_report = Instant::now();
	for (k, tx) in order.into_iter().enumerate() {
		if Instant::now() >= deadline || stop.load(Ordering::SeqCst) {
			break;
		}
		let due = start + interval.mul_f64(k as f64);
		tokio::time::sleep_until(due.into()).await;
		// Back-pressure: wait while too many are in flight.
		while tracker.lock().expect("tracker").in_flight >= args.max_in_flight
			&& Instant::now() < deadline
		{
			tokio::time::sleep(Duration::from_millis(20)).await;
		}
		let (i, _included) = register(&tracker, &tx);
		let node = nodes[k % nodes.len()].clone();
		let submitter = tracker.clone();
		tokio::spawn(async move {
			// A full pool is back-pressure, not failure: retry for a while.
			let mut tries = 0;
			loop {
				match chain::submit(&node, &tx).await {
					Ok(()) => break,
					Err(e) if e.contains("pool") && e.contains("full") && tries < 50 => {
						tries += 1;
						tokio::time::sleep(Duration::from_millis(100)).await;
					},
					Err(e) => {
						refused(&submitter, i, &tx, e);
						break;
					},
				}
			}
		});
		if last_report.elapsed() > Duration::from_millis(500) {
			last_report = Instant::now();
			report_progress(&tracker, progress, label, args.duration);
		}
	}
	finish(tracker, done, 0, args.settle_seconds()).await
}

/// CPU time this process has used (user + system), seconds; 0 where unknown.
pub fn cpu_seconds() -> f64 {
	let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
	// Fields after the parenthesised command name; utime and stime are the 12th and 13th.
	let Some(rest) = stat.rsplit(')').next() else { return 0.0 };
	let fields: Vec<&str> = rest.split_whitespace().collect();
	let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
	(ticks(11) + ticks(12)) / 100.0
}

//! The outputs of a run: `report.json` (every step, every setting, the fitted model and its
//! insights), `summary.md`, and the scalability chart.

use super::{
	measure::{BlockRecord, StepSummary, TxRecord, Window},
	BenchArgs,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::Path;

/// One step of the sweep.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StepReport {
	/// The size `N` of the step (concurrent senders, or nodes).
	pub n: u32,
	/// A readable name.
	pub label: String,
	/// How long the load ran, seconds.
	pub duration: f64,
	/// The part of the step the figures cover.
	pub window: Window,
	/// Sender accounts used.
	pub senders: u32,
	/// Transactions signed per sender before the step.
	pub presigned_per_sender: usize,
	/// Senders that ran out of pre-signed transactions (raise --max-rate-per-sender).
	pub exhausted_senders: u32,
	/// The figures.
	pub summary: StepSummary,
	/// Every block seen during the step.
	pub blocks: Vec<BlockRecord>,
	/// Interrupted (Ctrl-C).
	pub partial: bool,
}

/// How hard the load generator itself worked.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct GeneratorStats {
	/// Transactions signed before the steps.
	pub signed: usize,
	/// CPU seconds spent signing them (one core).
	pub signing_cpu_seconds: f64,
	/// Signing throughput per core: transactions per CPU second.
	pub signing_tps_per_core: f64,
	/// Highest number of submissions within any one second of a step.
	pub peak_submission_rate: f64,
	/// CPU seconds the whole run used (user + system).
	pub cpu_seconds: f64,
	/// Wall-clock seconds of the whole run.
	pub wall_seconds: f64,
	/// Cores of this machine.
	pub cores: usize,
	/// Share of the machine's CPU capacity during the run that this tool used.
	pub cpu_fraction: f64,
}

impl GeneratorStats {
	pub(super) fn record_signing(&mut self, count: usize, cpu: f64, _wall: f64) {
		self.signed += count;
		self.signing_cpu_seconds += cpu;
		self.signing_tps_per_core = self.signed as f64 / self.signing_cpu_seconds.max(1e-9);
	}

	pub(super) fn record_submissions(&mut self, txs: &[TxRecord]) {
		let mut per_second = std::collections::HashMap::<u64, u32>::new();
		for tx in txs {
			*per_second.entry(tx.submitted.max(0.0) as u64).or_default() += 1;
		}
		let peak = per_second.values().copied().max().unwrap_or(0);
		self.peak_submission_rate = self.peak_submission_rate.max(f64::from(peak));
	}

	pub(super) fn finish(&mut self, cpu: f64, wall: f64) {
		self.cpu_seconds = cpu;
		self.wall_seconds = wall;
		self.cores = std::thread::available_parallelism().map_or(1, |n| n.get());
		self.cpu_fraction = cpu / (wall * self.cores as f64).max(1e-9);
	}
}

/// Everything a run produced.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BenchReport {
	/// `stacktical` version.
	pub tool_version: String,
	/// When the run started, seconds since the Unix epoch.
	pub started_at: u64,
	/// The chain's name (`system_chain`).
	pub chain: String,
	/// Its runtime's spec version.
	pub spec_version: u32,
	/// Network label.
	pub network: String,
	/// Release label.
	pub release: String,
	/// What N counts: `senders` or `validators`.
	pub sweep_kind: String,
	/// The settings of the run.
	pub settings: Value,
	/// The steps.
	pub steps: Vec<StepReport>,
	/// The load generator's own figures.
	pub generator: GeneratorStats,
	/// The USL fit across steps (the `stacktical fit --format json` object), if it ran.
	pub model: Option<Value>,
	/// Why there is no model.
	pub fit_error: Option<String>,
	/// Interrupted (Ctrl-C): the report covers the steps that ran.
	pub partial: bool,
}

impl BenchReport {
	pub(super) fn new(
		args: &BenchArgs,
		chain: String,
		spec_version: u32,
		started: std::time::SystemTime,
	) -> Self {
		BenchReport {
			tool_version: env!("CARGO_PKG_VERSION").into(),
			started_at: started.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()),
			chain,
			spec_version,
			network: args.network.clone(),
			release: args.release.clone(),
			sweep_kind: "senders".into(),
			settings: serde_json::json!({
				"ws": args.ws,
				"zombienet": args.zombienet,
				"sizes": args.sizes,
				"load_node": args.load_node,
				"provider": args.zombienet.as_ref().map(|_| args.provider),
				"senders": args.senders,
				"tps": args.tps,
				"duration": args.duration,
				"warmup": args.warmup,
				"cooldown": args.cooldown,
				"settle": args.settle_seconds(),
				"sender_seed": args.sender_seed,
				"accounts": args.accounts,
				"max_rate_per_sender": args.max_rate_per_sender,
				"max_in_flight": args.max_in_flight,
				"transaction": "Balances::transfer_keep_alive (existential deposit)",
			}),
			steps: Vec::new(),
			generator: GeneratorStats::default(),
			model: None,
			fit_error: None,
			partial: false,
		}
	}

	/// The points a fit uses: `(n, tps, mean inclusion latency in seconds)` of steps with
	/// throughput.
	pub fn points(&self) -> Vec<usl::Point> {
		self.steps
			.iter()
			.filter(|s| s.summary.tps > 0.0)
			.map(|s| {
				let mut p = usl::Point::new(f64::from(s.n), s.summary.tps);
				p.r = s.summary.inclusion_latency.map(|l| l.mean_ms / 1000.0);
				p
			})
			.collect()
	}

	/// Fits the USL across the steps (a sweep of at least 3 sizes).
	pub(super) fn fit(&mut self, sweep: bool) {
		if !sweep {
			self.fit_error = Some("a run of one step has nothing to fit".into());
			return;
		}
		let points = self.points();
		match usl::fit(&points) {
			Ok(model) => self.model = Some(crate::report::to_json(&model, &points, &[])),
			Err(e) => self.fit_error = Some(e.to_string()),
		}
	}

	/// Writes `report.json`, `summary.md` and the chart(s) into `dir`.
	pub(super) fn write(&self, dir: &Path, png: bool) -> Result<(), String> {
		let write = |name: &str, text: String| {
			let path = dir.join(name);
			std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
		};
		write(
			"report.json",
			serde_json::to_string_pretty(self).map_err(|e| e.to_string())? + "\n",
		)?;
		write("summary.md", self.markdown())?;
		let points = self.points();
		if let Ok(model) = usl::fit(&points) {
			if self.model.is_some() {
				crate::chart::draw(&model, &points, &dir.join("scalability.svg"))?;
				if png {
					crate::chart::draw(&model, &points, &dir.join("scalability.png"))?;
				}
			}
		}
		Ok(())
	}

	/// The Markdown summary.
	pub fn markdown(&self) -> String {
		let mut md = format!(
			"# Scalability of {} ({}), release {}\n\nChain `{}` (spec {}), load: `Balances::transfer_keep_alive`, \
			 N = concurrent {}.{}\n\n| N | TPS | inclusion p50 / p95 / p99 (ms) | finality p50 / p95 (ms) | included | errors | dropped |\n|---:|---:|---|---|---:|---:|---:|\n",
			self.network,
			self.chain,
			self.release,
			self.chain,
			self.spec_version,
			self.sweep_kind,
			if self.partial { " **Interrupted: partial results.**" } else { "" },
		);
		for s in &self.steps {
			let inc = s.summary.inclusion_latency.map_or("–".into(), |l| {
				format!("{:.0} / {:.0} / {:.0}", l.p50_ms, l.p95_ms, l.p99_ms)
			});
			let fin = s
				.summary
				.finality_latency
				.map_or("–".into(), |l| format!("{:.0} / {:.0}", l.p50_ms, l.p95_ms));
			md += &format!(
				"| {} | {:.1} | {inc} | {fin} | {} | {} | {} |\n",
				s.n, s.summary.tps, s.summary.included, s.summary.errors, s.summary.dropped
			);
		}
		for s in self.steps.iter().filter(|s| s.exhausted_senders > 0) {
			md += &format!(
				"\n**N = {}: {} senders ran out of pre-signed transactions; its throughput is a lower bound \
				 (raise --max-rate-per-sender).**\n",
				s.n, s.exhausted_senders
			);
		}
		match &self.model {
			Some(m) => {
				let f = |k: &str, scale: f64| {
					m[k].as_f64().map_or("none".to_string(), |v| format!("{:.4}", v * scale))
				};
				md += "\n## Prediction (Universal Scalability Law)\n\n";
				md += &match (m["peak_x"].as_f64(), m["peak_n"].as_f64()) {
					(Some(_), Some(_)) => format!(
						"- predicted peak throughput: **{} TPS** at N = {} (ideal N before diminishing \
						 returns: {})\n- latency at the peak: {} ms\n",
						f("peak_x", 1.0),
						f("peak_n", 1.0),
						m["peak_n_floor"],
						f("latency_at_peak", 1000.0),
					),
					_ => "- no finite peak: the fit found no coherence penalty (κ = 0), so throughput \
					      keeps rising towards the Amdahl ceiling over the measured range\n"
						.to_string(),
				};
				md +=
					&format!(
					"- contention σ = {}, coherence κ = {}, single-sender throughput λ = {} TPS\n\
					 - Amdahl ceiling λ/σ: {}; R² = {}\n",
					f("sigma", 1.0),
					f("kappa", 1.0),
					f("lambda", 1.0),
					m["x_roof"].as_f64().map_or("none (σ = 0)".to_string(), |v| format!("{v:.4} TPS")),
					f("r_squared", 1.0),
				);
				if let Some(w) = m["warnings"].as_array().filter(|w| !w.is_empty()) {
					md += "\nWarnings:\n";
					for warning in w {
						md += &format!("- {}\n", warning.as_str().unwrap_or_default());
					}
				}
				md += "\n![scalability chart](scalability.svg)\n";
			},
			None => {
				md +=
					&format!("\nNo prediction: {}\n", self.fit_error.as_deref().unwrap_or("no fit"))
			},
		}
		let g = &self.generator;
		md += &format!(
			"\n## Load generator\n\n{} transactions pre-signed at {:.0} per CPU-second; peak submission rate {:.0}/s; \
			 the tool used {:.1} % of the machine's CPU ({:.1} CPU-s over {:.1} s on {} cores).\n",
			g.signed,
			g.signing_tps_per_core,
			g.peak_submission_rate,
			100.0 * g.cpu_fraction,
			g.cpu_seconds,
			g.wall_seconds,
			g.cores
		);
		md
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn report_with_model(law: impl Fn(f64) -> f64) -> BenchReport {
		let points: Vec<usl::Point> =
			[1.0, 2.0, 4.0, 8.0, 16.0, 32.0].iter().map(|&n| usl::Point::new(n, law(n))).collect();
		let model = usl::fit(&points).unwrap();
		BenchReport {
			tool_version: "test".into(),
			started_at: 0,
			chain: "dev".into(),
			spec_version: 1,
			network: "dev".into(),
			release: "unreleased".into(),
			sweep_kind: "senders".into(),
			settings: Value::Null,
			steps: Vec::new(),
			generator: GeneratorStats::default(),
			model: Some(crate::report::to_json(&model, &points, &[])),
			fit_error: None,
			partial: false,
		}
	}

	#[test]
	fn summary_names_the_peak_or_says_there_is_none() {
		// X(N) = 100N / (1 + 0.05(N−1) + 0.002N(N−1)): a peak near N = 21.8.
		let peaked =
			report_with_model(|n| 100.0 * n / (1.0 + 0.05 * (n - 1.0) + 0.002 * n * (n - 1.0)));
		let md = peaked.markdown();
		assert!(md.contains("predicted peak throughput: **"), "{md}");
		assert!(md.contains("at N = 21."), "{md}");
		// Amdahl's law (κ = 0): no finite peak, said in words rather than "none TPS".
		let amdahl = report_with_model(|n| 100.0 * n / (1.0 + 0.1 * (n - 1.0)));
		let md = amdahl.markdown();
		assert!(md.contains("no finite peak"), "{md}");
		assert!(!md.contains("none TPS") && !md.contains("null"), "{md}");
		assert!(md.contains("Amdahl ceiling λ/σ: 1000.0"), "{md}");
	}
}

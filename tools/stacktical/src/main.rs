//! `stacktical`: performance governance for Polkadot from the command line.
//!
//! A thin shell around the `usl` library: it parses flags, reads files, calls the library and
//! formats what it returns. Exit status: 0 on success, 2 on bad input (one line on stderr
//! naming the problem), 1 on any other failure.

mod bench;
mod campaigns;
mod chain;
mod chart;
mod gate;
mod input;
mod publish;
mod report;
mod sla;

use clap::{Parser, Subcommand, ValueEnum};
use std::{
	io::{Read, Write},
	path::PathBuf,
	process::ExitCode,
};

#[derive(Parser)]
#[command(
	name = "stacktical",
	version,
	about = "Predict how a network scales: measure it, fit the Universal Scalability Law, gate releases on the prediction.",
	long_about = None
)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Fit X(N) = λN / (1 + σ(N−1) + κN(N−1)) to measured throughput and report the
	/// coefficients, their uncertainty, the peak and the bounds.
	#[command(
		after_help = "Input: CSV with a header naming columns `n` (size or concurrency) and `x` \
		(throughput), and optionally `r` (measured latency). Lines starting with # are comments.\n\n\
		Reported numbers: sigma (contention penalty), kappa (coherence penalty), lambda \
		(throughput of one unit), peak_n (N* = sqrt((1-sigma)/kappa), where throughput peaks; \
		peak_n_floor rounds it down), peak_x (X at N*), latency_at_peak (N*/X(N*), Little's law), \
		x_roof (Amdahl ceiling lambda/sigma), n_opt (1/sigma, where linear scaling meets the \
		ceiling). Confidence intervals are two-sided 95 % with n-3 degrees of freedom. \
		See docs/usl.md for every definition.\n\n\
		Examples:\n  stacktical fit --input sweep.csv\n  stacktical fit --input - --format json < sweep.csv\n  \
		stacktical fit --input sweep.csv --chart scalability.svg --predict 50,100,200"
	)]
	Fit(FitArgs),
	/// Measure throughput and latency of a Substrate network across a sweep and predict its
	/// scalability: writes report.json, summary.md and scalability.svg.
	#[command(
		after_help = "Load: Balances::transfer_keep_alive from pre-funded accounts {seed}/{i} \
		(the Stacktical runtime's `benchmark` preset funds //Sender/0 … //Sender/9999), every \
		transaction pre-signed before the measured window. Figures leave out --warmup and \
		--cooldown seconds of each step. Ctrl-C stops cleanly and writes a partial report.\n\n\
		Examples:\n  stacktical bench --ws ws://127.0.0.1:9944 --senders 1,2,4,8,16 --duration 30\n  \
		stacktical bench --ws ws://a:9944 --ws ws://b:9944 --tps 500 --duration 60"
	)]
	Bench(bench::BenchArgs),
	/// Refuse a release candidate whose predicted scalability misses the requirements, from
	/// its report or from the chain's own model and verdict (--chain): exit 0 when it meets
	/// them, 1 with one line per failed requirement, 2 on bad input or when no model comes.
	#[command(
		after_help = "Examples:\n  stacktical gate --report rc/report.json --min-peak-tps 100\n  \
		stacktical gate --report rc/report.json --baseline last/report.json --max-peak-drop 5% \
		--max-latency-at-peak-ms 2000\n  \
		stacktical gate --chain ws://127.0.0.1:9944 --network polkadot-local --release v1.3.0 \
		--max-peak-drop 5%"
	)]
	Gate(GateArgs),
	/// Record a bench report as a campaign on a Stacktical chain, where collators fit it and
	/// the runtime verifies the model.
	#[command(
		after_help = "Example:\n  stacktical publish --report out/report.json --ws ws://127.0.0.1:9944 \
		--suri //Alice --release v1.2.0 --wait 60"
	)]
	Publish(PublishArgs),
	/// SLAs on validators' SLIs: offer one (and open its market), buy cover, back it, settle
	/// a period, claim, withdraw, and show an SLA with its periods and a position.
	#[command(subcommand)]
	Sla(SlaCommand),
}

#[derive(clap::Args)]
struct GateArgs {
	/// The candidate's report (from `stacktical bench`).
	#[arg(long, value_name = "FILE", required_unless_present = "chain", conflicts_with = "chain")]
	report: Option<PathBuf>,
	/// The last release's report, for --max-peak-drop.
	#[arg(long, value_name = "FILE", requires = "report")]
	baseline: Option<PathBuf>,
	/// Judge the campaign on this Stacktical chain (WebSocket URL): wait for the collators'
	/// final model, refuse a release the chain judged regressed against its baseline, and
	/// check the thresholds against the chain's numbers.
	#[arg(long, value_name = "URL")]
	chain: Option<String>,
	/// With --chain: the campaign to judge.
	#[arg(long, value_name = "ID", requires = "chain", conflicts_with_all = ["network", "release"])]
	campaign: Option<u32>,
	/// With --chain: the network label of the campaign to judge (with --release).
	#[arg(long, requires_all = ["chain", "release"])]
	network: Option<String>,
	/// With --chain: the release label of the campaign to judge (its latest campaign).
	#[arg(long, requires_all = ["chain", "network"])]
	release: Option<String>,
	/// With --chain: how long to wait for the final model, seconds.
	#[arg(long, value_name = "SECONDS", default_value_t = 300, requires = "chain")]
	wait: u64,
	/// Least acceptable predicted peak throughput, TPS.
	#[arg(long, value_name = "TPS")]
	min_peak_tps: Option<f64>,
	/// Largest acceptable drop of the predicted peak from the baseline's (e.g. 5% or 0.05).
	#[arg(long, value_name = "FRACTION")]
	max_peak_drop: Option<String>,
	/// Largest acceptable predicted latency at the peak, milliseconds.
	#[arg(long, value_name = "MS")]
	max_latency_at_peak_ms: Option<f64>,
}

#[derive(clap::Args)]
struct PublishArgs {
	/// The report to publish (from `stacktical bench`).
	#[arg(long, value_name = "FILE")]
	report: PathBuf,
	/// WebSocket URL of a Stacktical node.
	#[arg(long, value_name = "URL")]
	ws: String,
	/// Secret URI of the account that creates the campaign and pays its deposit (e.g. //Alice).
	#[arg(long, value_name = "SECRET")]
	suri: String,
	/// Network label (default: the report's).
	#[arg(long)]
	network: Option<String>,
	/// Release label (default: the report's).
	#[arg(long)]
	release: Option<String>,
	/// An earlier campaign to compare with.
	#[arg(long, value_name = "ID", conflicts_with = "baseline_release")]
	baseline: Option<u32>,
	/// Compare with the latest campaign of this release on the same network (e.g. the last
	/// release's tag).
	#[arg(long, value_name = "LABEL")]
	baseline_release: Option<String>,
	/// Freeze the campaign after submitting the measurements.
	#[arg(long)]
	close: bool,
	/// Wait up to this many seconds for the collators' model and print it. Fails at once when
	/// the chain says it will refuse the collators' model (its dry run of their fit), or when
	/// fitting ends without a model.
	#[arg(long, value_name = "SECONDS")]
	wait: Option<u64>,
}

/// Where and as whom.
#[derive(clap::Args)]
struct SlaTarget {
	/// WebSocket URL of a Stacktical node.
	#[arg(long, value_name = "URL")]
	chain: String,
	/// Secret URI of the account that signs (e.g. //Charlie, or a mnemonic).
	#[arg(long, value_name = "SECRET")]
	suri: String,
	/// The SLA.
	#[arg(long, value_name = "ID")]
	sla: u32,
}

#[derive(Subcommand)]
enum SlaCommand {
	/// Offer an SLA on validators you are the stash (or named operator) of; with --bond, open
	/// its market too.
	#[command(
		after_help = "Examples:\n  stacktical sla offer --chain ws://127.0.0.1:9944 --suri //Charlie \\\n    		--member 5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y --objective 'uptime>=99.5' \\\n    		--credit tiers:0.5=5,4.5=50 --cadence days:1 --periods 30 \\\n    		--premium 0.5 --leverage 2 --period-cap 25 --bond 1000"
	)]
	Offer(OfferArgs),
	/// Buy cover for AMOUNT over PERIODS periods from the next period start (premium paid now).
	Cover {
		#[command(flatten)]
		target: SlaTarget,
		/// Cover, in whole tokens.
		#[arg(long)]
		amount: String,
		/// Periods covered.
		#[arg(long)]
		periods: u32,
	},
	/// Add collateral to the SLA's backers' pool for a share of its premiums.
	Back {
		#[command(flatten)]
		target: SlaTarget,
		/// Collateral, in whole tokens.
		#[arg(long)]
		amount: String,
	},
	/// Settle the SLA's next due period (or --period): the chain judges it from its SLIs.
	Settle {
		#[command(flatten)]
		target: SlaTarget,
		#[arg(long)]
		period: Option<u32>,
	},
	/// Take what you are owed: compensation and refunds as a holder, premiums as a backer.
	Claim {
		#[command(flatten)]
		target: SlaTarget,
	},
	/// Release collateral asked back once what it covered is final.
	Withdraw {
		#[command(flatten)]
		target: SlaTarget,
	},
	/// Print an SLA, its settled periods and (with --account) that account's position as JSON.
	Show {
		/// WebSocket URL of a node hosting the Stacktical runtime (a stock omni-node will do).
		#[arg(long, value_name = "URL")]
		chain: String,
		#[arg(long, value_name = "ID")]
		sla: u32,
		/// An account (SS58) whose cover and backing to show.
		#[arg(long)]
		account: Option<String>,
	},
}

#[derive(clap::Args)]
struct OfferArgs {
	/// WebSocket URL of a Stacktical node.
	#[arg(long, value_name = "URL")]
	chain: String,
	/// Secret URI of the provider (a member's stash or its named operator).
	#[arg(long, value_name = "SECRET")]
	suri: String,
	/// A validator (stash, SS58) of the SLA; repeat for a group whose SLIs are pooled.
	#[arg(long = "member", required = true)]
	members: Vec<String>,
	/// An objective: uptime>=PERCENT, or mean|p50|p95|p99<=MS; repeat for up to four.
	#[arg(long = "objective", required = true)]
	objectives: Vec<String>,
	/// The credit of a miss: deviation:CAP% or tiers:SHORTFALL=CREDIT%,...
	#[arg(long, default_value = "deviation:25")]
	credit: String,
	/// hours:N, days:N, weeks:N, months:N (30 days) or eras:N.
	#[arg(long, default_value = "days:1")]
	cadence: String,
	/// Start of period 0 in Unix ms (for eras: the era index); default: the next whole hour
	/// after the chain's minimum lead.
	#[arg(long)]
	first: Option<u64>,
	/// Number of periods.
	#[arg(long)]
	periods: u32,
	/// Fewest combined probes for an unpaused period; fewer make it void.
	#[arg(long, default_value_t = 10)]
	min_probes: u32,
	/// Fewest probers that must have reported on every member.
	#[arg(long, default_value_t = 1)]
	min_probers: u32,
	/// Pause time allowed per validator and period, minutes.
	#[arg(long, default_value_t = 0)]
	maintenance_minutes: u64,
	/// Periods of notice before the SLA can end early.
	#[arg(long, default_value_t = 0)]
	notice: u32,
	/// Premium per period, percent of the cover.
	#[arg(long, requires = "bond")]
	premium: Option<String>,
	/// Cover may be at most the collateral times this.
	#[arg(long, default_value_t = 1)]
	leverage: u32,
	/// A breached period pays at most this percent of the collateral.
	#[arg(long, default_value = "25")]
	period_cap: String,
	/// Open the market with this bond, in whole tokens.
	#[arg(long, requires = "premium")]
	bond: Option<String>,
}

fn sla_command(command: SlaCommand) -> Result<(), Failure> {
	let rt = runtime()?;
	let failed = |message| Failure { status: 1, message };
	match command {
		SlaCommand::Offer(a) => {
			let objectives = a
				.objectives
				.iter()
				.map(|o| sla::parse_objective(o))
				.collect::<Result<Vec<_>, _>>()
				.map_err(bad_input)?;
			let offer = sla::Offer {
				members: a.members,
				objectives,
				credit: sla::parse_credit(&a.credit).map_err(bad_input)?,
				cadence: sla::parse_cadence(&a.cadence).map_err(bad_input)?,
				first: a.first,
				periods: a.periods,
				min_probes: a.min_probes,
				min_probers: a.min_probers,
				maintenance_ms: a.maintenance_minutes.saturating_mul(60_000),
				notice_periods: a.notice,
			};
			let market = match (a.premium, a.bond) {
				(Some(premium), Some(bond)) => Some(sla::MarketArgs {
					premium_ppm: sla::parse_percent(&premium).map_err(bad_input)?,
					leverage: a.leverage,
					period_cap_ppm: sla::parse_percent(&a.period_cap).map_err(bad_input)?,
					bond,
				}),
				_ => None,
			};
			let id = rt.block_on(sla::offer(&a.chain, &a.suri, offer, market)).map_err(failed)?;
			println!(
				"offered SLA {id}; show it with: stacktical sla show --chain {} --sla {id}",
				a.chain
			);
		},
		SlaCommand::Show { chain, sla: id, account } => {
			let shown = rt.block_on(sla::show(&chain, id, account.as_deref())).map_err(failed)?;
			println!("{}", serde_json::to_string_pretty(&shown).unwrap_or_default());
		},
		SlaCommand::Cover { target, amount, periods } => {
			act(&rt, target, sla::Action::Cover { amount, periods })?
		},
		SlaCommand::Back { target, amount } => act(&rt, target, sla::Action::Back { amount })?,
		SlaCommand::Settle { target, period } => act(&rt, target, sla::Action::Settle { period })?,
		SlaCommand::Claim { target } => act(&rt, target, sla::Action::Claim)?,
		SlaCommand::Withdraw { target } => act(&rt, target, sla::Action::Withdraw)?,
	}
	Ok(())
}

fn act(rt: &tokio::runtime::Runtime, t: SlaTarget, action: sla::Action) -> Result<(), Failure> {
	let done = rt
		.block_on(sla::act(&t.chain, &t.suri, t.sla, action))
		.map_err(|message| Failure { status: 1, message })?;
	println!("{done}");
	Ok(())
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
	/// A readable table.
	Table,
	/// One JSON object.
	Json,
}

#[derive(clap::Args)]
struct FitArgs {
	/// CSV file of measurements, or `-` for standard input.
	#[arg(long, short, value_name = "FILE")]
	input: String,
	/// Output format.
	#[arg(long, value_enum, default_value = "table")]
	format: Format,
	/// Draw the scalability chart to this file (.svg or .png).
	#[arg(long, value_name = "FILE")]
	chart: Option<PathBuf>,
	/// Also predict throughput and latency, with 95 % bands, at these sizes (e.g. 10,20,50).
	#[arg(long, value_name = "N,N,...")]
	predict: Option<String>,
}

/// A failure and the exit status it deserves.
struct Failure {
	status: u8,
	message: String,
}

fn bad_input(message: impl Into<String>) -> Failure {
	Failure { status: 2, message: message.into() }
}

fn fit(args: FitArgs) -> Result<(), Failure> {
	let text = if args.input == "-" {
		let mut s = String::new();
		std::io::stdin()
			.read_to_string(&mut s)
			.map_err(|e| bad_input(format!("reading standard input: {e}")))?;
		s
	} else {
		std::fs::read_to_string(&args.input)
			.map_err(|e| bad_input(format!("{}: {e}", args.input)))?
	};
	let sizes = match &args.predict {
		Some(list) => input::parse_sizes(list).map_err(|e| bad_input(format!("--predict: {e}")))?,
		None => Vec::new(),
	};
	let measurements =
		input::parse_csv(&text).map_err(|e| bad_input(format!("{}: {e}", args.input)))?;
	let model = usl::fit(&measurements.points).map_err(|e| {
		// Point errors are reported by the file's line number, not the point's index.
		let line = match e {
			usl::FitError::NotFinite { index, .. } | usl::FitError::NotPositive { index, .. } => {
				measurements.lines.get(index).copied()
			},
			_ => None,
		};
		let message = e.to_string();
		let message = match (line, message.split_once(": ")) {
			(Some(line), Some((_, rest))) => format!("line {line}: {rest}"),
			_ => message,
		};
		let status = if matches!(e, usl::FitError::NotConverged { .. }) { 1 } else { 2 };
		Failure { status, message: format!("{}: {message}", args.input) }
	})?;
	let predictions: Vec<_> = sizes.iter().map(|&n| model.predict(n)).collect();
	if let Some(path) = &args.chart {
		chart::draw(&model, &measurements.points, path)
			.map_err(|message| Failure { status: 1, message })?;
	}
	let text = match args.format {
		Format::Table => report::to_table(&model, &measurements.points, &predictions),
		Format::Json => {
			format!("{}\n", report::to_json(&model, &measurements.points, &predictions))
		},
	};
	// A closed pipe (`| head`) is not an error worth a panic.
	let mut stdout = std::io::stdout().lock();
	match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
		Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
			Err(Failure { status: 1, message: format!("writing the report: {e}") })
		},
		_ => Ok(()),
	}
}

fn read_report(path: &PathBuf) -> Result<serde_json::Value, Failure> {
	let text =
		std::fs::read_to_string(path).map_err(|e| bad_input(format!("{}: {e}", path.display())))?;
	serde_json::from_str(&text)
		.map_err(|e| bad_input(format!("{}: not a report: {e}", path.display())))
}

fn gate(args: GateArgs) -> Result<(), Failure> {
	let max_peak_drop = args
		.max_peak_drop
		.as_deref()
		.map(gate::parse_fraction)
		.transpose()
		.map_err(|e| bad_input(format!("--max-peak-drop: {e}")))?;
	let req = gate::Requirements {
		min_peak_tps: args.min_peak_tps,
		max_peak_drop,
		max_latency_at_peak_ms: args.max_latency_at_peak_ms,
	};
	let (judged, failures) = match (&args.chain, &args.report) {
		(Some(url), _) => {
			let (name, failures) = runtime()?.block_on(gate_on_chain(url, &args, &req))?;
			(name, failures)
		},
		(None, Some(report)) => {
			if req == gate::Requirements::default() {
				return Err(bad_input(
					"nothing to check: give --min-peak-tps, --max-peak-drop or \
					 --max-latency-at-peak-ms",
				));
			}
			let candidate = read_report(report)?;
			let baseline = args.baseline.as_ref().map(read_report).transpose()?;
			(report.display().to_string(), gate::check(&candidate, baseline.as_ref(), &req))
		},
		(None, None) => return Err(bad_input("give --report FILE or --chain URL")),
	};
	if failures.is_empty() {
		println!("QA passed: {judged}");
		Ok(())
	} else {
		for failure in &failures {
			println!("QA refused: {failure}");
		}
		Err(Failure { status: 1, message: format!("{} requirement(s) failed", failures.len()) })
	}
}

/// `gate --chain`: the campaign's final model and the chain's comparison, judged.
async fn gate_on_chain(
	url: &str,
	args: &GateArgs,
	req: &gate::Requirements,
) -> Result<(String, Vec<String>), Failure> {
	let client = subxt::backend::rpc::RpcClient::from_insecure_url(url)
		.await
		.map_err(|e| bad_input(format!("--chain {url}: {e}")))?;
	let id = match (args.campaign, &args.network, &args.release) {
		(Some(id), _, _) => id,
		(None, Some(network), Some(release)) => {
			campaigns::find(&client, network, release).await.map_err(bad_input)?
		},
		_ => return Err(bad_input("with --chain, give --campaign ID or --network and --release")),
	};
	let wait = std::time::Duration::from_secs(args.wait);
	let campaign =
		campaigns::wait_for(&client, id, campaigns::Until::Final, wait).await.map_err(bad_input)?;
	let baseline = match campaign["baseline"].as_u64().and_then(|b| u32::try_from(b).ok()) {
		Some(base) => Some(campaigns::campaign(&client, base).await.map_err(bad_input)?),
		None => None,
	};
	let name = gate::from_chain(&campaign).map(|p| p.name).unwrap_or_else(|e| e);
	Ok((name, gate::check_chain(&campaign, baseline.as_ref(), req)))
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
	tokio::runtime::Builder::new_multi_thread()
		.enable_all()
		.build()
		.map_err(|e| Failure { status: 1, message: format!("starting the async runtime: {e}") })
}

fn bench(args: bench::BenchArgs) -> Result<(), Failure> {
	let out = args.out.clone();
	let report = runtime()?.block_on(bench::run(args)).map_err(|message| {
		let status =
			if message.starts_with("--") || message.starts_with("say what") { 2 } else { 1 };
		Failure { status, message }
	})?;
	println!("{}", report.markdown());
	eprintln!(
		"wrote {}/report.json, summary.md{}",
		out.display(),
		if report.model.is_some() { ", scalability.svg" } else { "" }
	);
	if report.partial {
		eprintln!("interrupted: the report covers the steps that ran");
	}
	Ok(())
}

fn publish(args: PublishArgs) -> Result<(), Failure> {
	let report = read_report(&args.report)?;
	let rt = runtime()?;
	let published = rt
		.block_on(publish::publish(
			&report,
			&args.ws,
			&args.suri,
			args.network,
			args.release,
			match (args.baseline, args.baseline_release) {
				(Some(id), _) => Some(publish::Baseline::Campaign(id)),
				(None, Some(release)) => Some(publish::Baseline::Release(release)),
				(None, None) => None,
			},
			args.close,
		))
		.map_err(|message| Failure { status: 1, message })?;
	let id = published.id;
	println!("published campaign {id}; query it with scalability_campaign [{id}]");
	if let Some(refusal) = published.refusal {
		// Waiting for a model that cannot come would only time out.
		if args.wait.is_some() {
			return Err(Failure { status: 1, message: format!("campaign {id}: {refusal}") });
		}
		eprintln!("warning: {refusal}");
	}
	if let Some(seconds) = args.wait {
		let campaign = rt
			.block_on(async {
				let client = subxt::backend::rpc::RpcClient::from_insecure_url(&args.ws)
					.await
					.map_err(|e| format!("{}: {e}", args.ws))?;
				let timeout = std::time::Duration::from_secs(seconds);
				campaigns::wait_for(&client, id, campaigns::Until::Model, timeout).await
			})
			.map_err(|message| Failure { status: 1, message })?;
		println!("{}", serde_json::to_string_pretty(&campaign["model"]).unwrap_or_default());
	}
	Ok(())
}

fn main() -> ExitCode {
	let cli = Cli::parse();
	let result = match cli.command {
		Command::Fit(args) => fit(args),
		Command::Bench(args) => bench(args),
		Command::Gate(args) => gate(args),
		Command::Publish(args) => publish(args),
		Command::Sla(command) => sla_command(command),
	};
	match result {
		Ok(()) => ExitCode::SUCCESS,
		Err(Failure { status, message }) => {
			eprintln!("error: {message}");
			ExitCode::from(status)
		},
	}
}

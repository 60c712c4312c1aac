//! `stacktical`: performance governance for Polkadot from the command line.
//!
//! A thin shell around the `usl` library: it parses flags, reads files, calls the library and
//! formats what it returns. Exit status: 0 on success, 2 on bad input (one line on stderr
//! naming the problem), 1 on any other failure.

mod chart;
mod input;
mod report;

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
	about = "Predict how a network scales: fit the Universal Scalability Law to performance measurements.",
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
		chart::draw(&model, path).map_err(|message| Failure { status: 1, message })?;
	}
	let text = match args.format {
		Format::Table => report::to_table(&model, &predictions),
		Format::Json => format!("{}\n", report::to_json(&model, &predictions)),
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

fn main() -> ExitCode {
	let cli = Cli::parse();
	let result = match cli.command {
		Command::Fit(args) => fit(args),
	};
	match result {
		Ok(()) => ExitCode::SUCCESS,
		Err(Failure { status, message }) => {
			eprintln!("error: {message}");
			ExitCode::from(status)
		},
	}
}

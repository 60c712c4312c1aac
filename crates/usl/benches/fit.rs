//! `cargo bench -p stacktical-usl`: fits every bundled data set with this crate and with the
//! archived `usl` crate 0.3.0 from crates.io, in one run, and prints the time per fit and the
//! residual sum of squares of both.

use criterion::{black_box, Criterion};
use usl::{fit, Point};

const DATASETS: [&str; 4] = ["specsdm91.csv", "synthetic.csv", "raytracer.csv", "raytracer-6.csv"];

fn dataset(name: &str) -> Vec<Point> {
	// From cargo at run time: the shared target directory may hold this bench as compiled
	// from another checkout.
	let crate_dir = std::env::var("CARGO_MANIFEST_DIR").expect("run with cargo bench");
	let path = format!("{crate_dir}/tests/data/{name}");
	std::fs::read_to_string(path)
		.unwrap()
		.lines()
		.skip(1)
		.map(|l| {
			let (n, x) = l.split_once(',').unwrap();
			Point::new(n.parse().unwrap(), x.parse().unwrap())
		})
		.collect()
}

fn rss(points: &[Point], sigma: f64, kappa: f64, lambda: f64) -> f64 {
	let c = usl::Coefficients::new(sigma, kappa, lambda);
	points.iter().map(|p| (p.x - c.throughput(p.n)).powi(2)).sum()
}

/// The data in the archived crate's own type, made once: its fit is timed alone.
fn their_measurements(points: &[Point]) -> Vec<usl_crate::Measurement> {
	points
		.iter()
		.map(|p| usl_crate::Measurement::concurrency_and_throughput(p.n as u32, p.x))
		.collect()
}

fn main() {
	let mut criterion = Criterion::default().configure_from_args();
	let mut summary = Vec::new();
	for name in DATASETS {
		let points = dataset(name);
		let ours = fit(&points).unwrap();
		let measurements = their_measurements(&points);
		let theirs = usl_crate::Model::build(&measurements);
		let mut group = criterion.benchmark_group(name);
		group.bench_function("stacktical-usl", |b| b.iter(|| fit(black_box(&points)).unwrap()));
		group.bench_function("usl 0.3.0", |b| {
			b.iter(|| usl_crate::Model::build(black_box(&measurements)))
		});
		group.finish();
		summary.push((
			name,
			ours.residual_sum_of_squares,
			rss(&points, theirs.sigma, theirs.kappa, theirs.lambda),
			(ours.coefficients.sigma, ours.coefficients.kappa, ours.coefficients.lambda),
			(theirs.sigma, theirs.kappa, theirs.lambda),
		));
	}
	criterion.final_summary();
	println!("\nresidual sum of squares (lower is better; usl 0.3.0 is unbounded):");
	println!(
		"{:<16} {:>16} {:>16}   coefficients (sigma, kappa, lambda): ours | usl 0.3.0",
		"data set", "stacktical-usl", "usl 0.3.0"
	);
	for (name, ours, theirs, c_ours, c_theirs) in summary {
		println!(
			"{name:<16} {ours:>16.6} {theirs:>16.6}   ({:.6}, {:.3e}, {:.4}) | ({:.6}, {:.3e}, {:.4})",
			c_ours.0, c_ours.1, c_ours.2, c_theirs.0, c_theirs.1, c_theirs.2
		);
	}
}

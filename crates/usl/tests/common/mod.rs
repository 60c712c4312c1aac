//! Helpers shared by the integration tests: the bundled data sets and an independent
//! brute-force solver of the bounded least-squares problem.
#![allow(dead_code)]

use usl::{Coefficients, Point};

/// A bundled data file. Cargo gives the directory when it runs the test, not when it
/// compiles it: the shared target directory may hold this binary as compiled from another
/// checkout, whose files may differ.
pub fn data_file(name: &str) -> String {
	let crate_dir = std::env::var("CARGO_MANIFEST_DIR").expect("tests run through cargo");
	format!("{crate_dir}/tests/data/{name}")
}

/// Reads one of the bundled CSV data sets (`n,x` header).
pub fn dataset(name: &str) -> Vec<Point> {
	let path = data_file(name);
	let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
	text.lines()
		.skip(1)
		.filter(|l| !l.trim().is_empty())
		.map(|l| {
			let mut cols = l.split(',').map(|c| c.trim().parse::<f64>().unwrap());
			Point::new(cols.next().unwrap(), cols.next().unwrap())
		})
		.collect()
}

pub fn expected() -> serde_json::Value {
	let path = data_file("expected.json");
	serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

pub fn rss(points: &[Point], c: &Coefficients) -> f64 {
	points.iter().map(|p| (p.x - c.throughput(p.n)).powi(2)).sum()
}

fn optimal_lambda(points: &[Point], sigma: f64, kappa: f64) -> f64 {
	let g = Coefficients::new(sigma, kappa, 1.0);
	let xg: f64 = points.iter().map(|p| p.x * g.throughput(p.n)).sum();
	let gg: f64 = points.iter().map(|p| g.throughput(p.n).powi(2)).sum();
	(xg / gg).max(0.0)
}

fn profile(points: &[Point], sigma: f64, kappa: f64) -> (f64, Coefficients) {
	let c = Coefficients::new(sigma, kappa, optimal_lambda(points, sigma, kappa));
	(rss(points, &c), c)
}

/// The bounded optimum found the slow, obvious way: λ in closed form for every (σ, κ) on a
/// log-spaced grid, then a shrinking pattern search around the best grid point.
pub fn brute_force(points: &[Point]) -> (f64, Coefficients) {
	let mut axis = vec![0.0];
	for i in 0..=120 {
		axis.push(10f64.powf(-9.0 + 9.0 * i as f64 / 120.0));
	}
	let mut best = (f64::INFINITY, Coefficients::new(0.0, 0.0, 0.0));
	for &s in &axis {
		for &k in &axis {
			let cand = profile(points, s, k);
			if cand.0 < best.0 {
				best = cand;
			}
		}
	}
	let (mut s, mut k) = (best.1.sigma, best.1.kappa);
	let mut step_s = (s * 0.5).max(1e-4);
	let mut step_k = (k * 0.5).max(1e-7);
	for _ in 0..20_000 {
		let mut improved = false;
		for (ds, dk) in [
			(1.0, 0.0),
			(-1.0, 0.0),
			(0.0, 1.0),
			(0.0, -1.0),
			(1.0, 1.0),
			(-1.0, -1.0),
			(1.0, -1.0),
			(-1.0, 1.0),
		] {
			let ns = (s + ds * step_s).clamp(0.0, 1.0);
			let nk = (k + dk * step_k).clamp(0.0, 1.0);
			let cand = profile(points, ns, nk);
			if cand.0 < best.0 {
				best = cand;
				s = ns;
				k = nk;
				improved = true;
			}
		}
		if !improved {
			step_s *= 0.5;
			step_k *= 0.5;
			if step_s < 1e-15 && step_k < 1e-18 {
				break;
			}
		}
	}
	best
}

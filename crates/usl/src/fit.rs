//! Fitting the Universal Scalability Law to measurements by bounded nonlinear least squares.
//!
//! The problem: find σ, κ ∈ [0, 1] and λ ≥ 0 minimising `Σ (xᵢ − X(nᵢ))²`, the same
//! objective and bounds as R's `usl` package. How:
//!
//! 1. **Starting points.** The USL is linear after a change of variables:
//!    `N/X = a + b(N−1) + cN(N−1)` with `a = 1/λ`, `b = σ/λ`, `c = κ/λ`. A weighted linear
//!    regression of `N/X` (weights chosen so residuals are on the throughput scale) gives a
//!    start close to the optimum; its Amdahl (`c = 0`) and `σ = 0` variants, and R's default
//!    start (σ = 0.01, κ = 0.0001), give further starts so that an optimum on a bound is found
//!    too. For every start λ is set to its optimum for the start's σ and κ (closed form).
//! 2. **Levenberg–Marquardt** from each start, with the analytic Jacobian, parameters scaled by
//!    the Jacobian's column norms (so λ ~ 10³ and κ ~ 10⁻⁴ are treated alike), bounds enforced
//!    by projection with an active set (a parameter at a bound whose gradient points outwards
//!    is held there), and a convergence test on the scaled gradient.
//! 3. The best converged run wins. A fit in which no run converged is an error, never a result.
//!
//! Standard errors are `sqrt(diag((JᵀJ)⁻¹) · RSS/(n−3))` at the optimum and confidence
//! intervals are two-sided with `n − 3` degrees of freedom.

use alloc::vec::Vec;
use core::fmt;

use crate::{
	math::sqrt,
	model::{Coefficients, Peak},
	stats::t95 as t_critical,
};

/// The fewest points a fit accepts: three coefficients need three equations.
pub const MIN_POINTS: usize = 3;
/// Below this many points a fit works but carries [`Warning::FewPoints`] (Gunther recommends at
/// least 6 sizes).
pub const RECOMMENDED_POINTS: usize = 6;
/// Iterations allowed per Levenberg–Marquardt run.
pub const MAX_ITERATIONS: u32 = 500;

/// One measurement: throughput `x` at size or concurrency `n`, with an optional measured
/// latency `r`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
	/// Size or concurrency (validator count, concurrent senders, …). Real-valued, `> 0`.
	pub n: f64,
	/// Measured throughput at `n` (e.g. transactions per second). `> 0`.
	pub x: f64,
	/// Measured latency at `n`, if known. `> 0`. Not used by the fit; reported and charted.
	pub r: Option<f64>,
}

impl Point {
	/// A point without latency.
	pub const fn new(n: f64, x: f64) -> Self {
		Self { n, x, r: None }
	}
}

/// Which column of a point is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
	/// The size or concurrency.
	N,
	/// The throughput.
	X,
	/// The latency.
	R,
}

impl fmt::Display for Field {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			Field::N => "n",
			Field::X => "x",
			Field::R => "r",
		})
	}
}

/// Why a fit could not be made. `index` counts points from 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FitError {
	/// Fewer than [`MIN_POINTS`] points.
	TooFewPoints {
		/// How many points were given.
		got: usize,
	},
	/// A value is NaN or infinite.
	NotFinite {
		/// The point.
		index: usize,
		/// The column.
		field: Field,
	},
	/// A value is zero or negative.
	NotPositive {
		/// The point.
		index: usize,
		/// The column.
		field: Field,
		/// The value given.
		value: f64,
	},
	/// Fewer than three different sizes: the three coefficients cannot be told apart.
	TooFewDistinctSizes {
		/// How many different `n` values there are.
		distinct: usize,
	},
	/// No optimisation run met the convergence test.
	NotConverged {
		/// Iterations spent by the best run.
		iterations: u32,
	},
}

impl fmt::Display for FitError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			FitError::TooFewPoints { got } => {
				write!(f, "too few points: {got} given, at least {MIN_POINTS} needed")
			},
			FitError::NotFinite { index, field } => {
				write!(f, "point {}: {field} is not a finite number", index + 1)
			},
			FitError::NotPositive { index, field, value } => {
				write!(f, "point {}: {field} must be greater than 0, got {value}", index + 1)
			},
			FitError::TooFewDistinctSizes { distinct } => write!(
				f,
				"only {distinct} distinct value(s) of n: at least 3 different sizes are needed"
			),
			FitError::NotConverged { iterations } => write!(
				f,
				"the fit did not converge (best run stopped after {iterations} iterations)"
			),
		}
	}
}

#[cfg(feature = "std")]
impl std::error::Error for FitError {}

/// A coefficient of the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parameter {
	/// σ, the contention penalty.
	Sigma,
	/// κ, the coherence penalty.
	Kappa,
	/// λ, single-unit throughput.
	Lambda,
}

impl fmt::Display for Parameter {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			Parameter::Sigma => "sigma",
			Parameter::Kappa => "kappa",
			Parameter::Lambda => "lambda",
		})
	}
}

/// Something a user should know before trusting a fit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Warning {
	/// Fewer than [`RECOMMENDED_POINTS`] points: the fit works but is fragile.
	FewPoints {
		/// How many points were given.
		count: usize,
	},
	/// Exactly three points: no residual degrees of freedom, so no standard errors,
	/// confidence intervals or residual standard error.
	NoDegreesOfFreedom,
	/// The optimum sits on a bound of a coefficient.
	AtBound {
		/// Which coefficient.
		parameter: Parameter,
		/// The bound it sits on.
		value: f64,
	},
	/// κ = 0: no coherence penalty detected, so throughput has no finite peak.
	NoFinitePeak,
	/// σ = 0: no contention detected, so there is no Amdahl ceiling and no `N_opt`.
	NoContention,
	/// The peak lies far beyond the largest measured size: an extrapolation.
	PeakBeyondMeasurements {
		/// The continuous peak.
		peak_n: f64,
		/// The largest measured size.
		max_n: f64,
	},
	/// `JᵀJ` could not be inverted: standard errors are not available.
	SingularCovariance,
}

impl fmt::Display for Warning {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Warning::FewPoints { count } => write!(
				f,
				"only {count} points: measure at least {RECOMMENDED_POINTS} sizes before trusting this fit"
			),
			Warning::NoDegreesOfFreedom => f.write_str(
				"3 points for 3 coefficients: no standard errors or confidence intervals",
			),
			Warning::AtBound { parameter, value } =>
				write!(f, "{parameter} sits on its bound {value}"),
			Warning::NoFinitePeak => f.write_str(
				"no coherence penalty detected (kappa = 0): throughput has no finite peak",
			),
			Warning::NoContention => f.write_str(
				"no contention detected (sigma = 0): no Amdahl ceiling and no n_opt",
			),
			Warning::PeakBeyondMeasurements { peak_n, max_n } => write!(
				f,
				"the peak (n = {peak_n:.1}) lies far beyond the largest measured size (n = {max_n}): it is an extrapolation"
			),
			Warning::SingularCovariance =>
				f.write_str("the coefficients are not identifiable from these points: no standard errors"),
		}
	}
}

/// A fitted coefficient with its uncertainty.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
	/// The fitted value.
	pub value: f64,
	/// Its standard error, when there are residual degrees of freedom.
	pub std_error: Option<f64>,
	/// Two-sided 95 % confidence interval `value ± t(0.975, n−3) · std_error`, clipped to the
	/// coefficient's bounds.
	pub ci95: Option<(f64, f64)>,
}

/// A measured point with what the model says of it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FittedPoint {
	/// Size or concurrency.
	pub n: f64,
	/// Measured throughput.
	pub x: f64,
	/// Measured latency, if given.
	pub r: Option<f64>,
	/// Fitted throughput `X(n)`.
	pub fitted: f64,
	/// Measured minus fitted throughput.
	pub residual: f64,
	/// Measured throughput as a share of linear scaling, `x / (λn)`.
	pub efficiency: f64,
}

/// A prediction at one size, with 95 % confidence bands (delta method) when available.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prediction {
	/// The size or concurrency predicted for.
	pub n: f64,
	/// Predicted throughput `X(n)`.
	pub throughput: f64,
	/// 95 % confidence band of the mean throughput at `n`.
	pub throughput_ci95: Option<(f64, f64)>,
	/// Predicted latency `R(n) = n / X(n)`.
	pub latency: f64,
	/// 95 % confidence band of the latency at `n`.
	pub latency_ci95: Option<(f64, f64)>,
}

/// A fitted Universal Scalability Law model and everything derived from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
	/// The fitted coefficients.
	pub coefficients: Coefficients,
	/// σ with its uncertainty.
	pub sigma: Estimate,
	/// κ with its uncertainty.
	pub kappa: Estimate,
	/// λ with its uncertainty.
	pub lambda: Estimate,
	/// Residual sum of squares `Σ (xᵢ − X(nᵢ))²`: what the fit minimises.
	pub residual_sum_of_squares: f64,
	/// `sqrt(RSS / (n − 3))`: the typical distance of a measurement from the curve.
	pub residual_standard_error: Option<f64>,
	/// Residual degrees of freedom, `n − 3`.
	pub degrees_of_freedom: usize,
	/// Coefficient of determination `1 − RSS / Σ (xᵢ − x̄)²`.
	pub r_squared: f64,
	/// Every measured point with its fitted value, residual and efficiency, in input order.
	pub points: Vec<FittedPoint>,
	/// The throughput peak, `None` when κ = 0.
	pub peak: Option<Peak>,
	/// The Amdahl ceiling `λ/σ`, `None` when σ = 0.
	pub amdahl_ceiling: Option<f64>,
	/// R's `N_opt = 1/σ`, `None` when σ = 0.
	pub n_opt: Option<f64>,
	/// Levenberg–Marquardt iterations of the winning run.
	pub iterations: u32,
	/// What a user should know before trusting the fit.
	pub warnings: Vec<Warning>,
	/// `s² (JᵀJ)⁻¹`, the covariance of (σ, κ, λ).
	covariance: Option<[[f64; 3]; 3]>,
	/// `t(0.975, n−3)`.
	t95: Option<f64>,
}

impl Model {
	/// Predicted throughput `X(n)`.
	pub fn throughput(&self, n: f64) -> f64 {
		self.coefficients.throughput(n)
	}

	/// Predicted latency `R(n)` by Little's law.
	pub fn latency(&self, n: f64) -> f64 {
		self.coefficients.latency(n)
	}

	/// The covariance matrix of (σ, κ, λ), when available.
	pub fn covariance(&self) -> Option<[[f64; 3]; 3]> {
		self.covariance
	}

	/// Prediction at `n` with 95 % confidence bands for the mean (delta method).
	pub fn predict(&self, n: f64) -> Prediction {
		let c = &self.coefficients;
		let throughput = c.throughput(n);
		let latency = c.latency(n);
		let (mut throughput_ci95, mut latency_ci95) = (None, None);
		if let (Some(cov), Some(t)) = (self.covariance, self.t95) {
			let grad = c.throughput_gradient(n);
			let mut var = 0.0;
			for i in 0..3 {
				for j in 0..3 {
					var += grad[i] * cov[i][j] * grad[j];
				}
			}
			if var.is_finite() && var >= 0.0 {
				let half = t * sqrt(var);
				throughput_ci95 = Some(((throughput - half).max(0.0), throughput + half));
				// R = n / X, so dR = −n/X² dX.
				let half_r = half * n / (throughput * throughput);
				latency_ci95 = Some(((latency - half_r).max(0.0), latency + half_r));
			}
		}
		Prediction { n, throughput, throughput_ci95, latency, latency_ci95 }
	}
}

const LOWER: [f64; 3] = [0.0, 0.0, 0.0];
const UPPER: [f64; 3] = [1.0, 1.0, f64::INFINITY];

fn project(p: [f64; 3]) -> [f64; 3] {
	let mut q = p;
	for k in 0..3 {
		q[k] = q[k].max(LOWER[k]).min(UPPER[k]);
	}
	q
}

fn coefficients(p: &[f64; 3]) -> Coefficients {
	Coefficients::new(p[0], p[1], p[2])
}

/// Residual sum of squares at `p` (cheaper than [`normal_equations`]: for trial steps).
fn sum_of_squares(points: &[Point], p: &[f64; 3]) -> f64 {
	let (sigma, kappa, lambda) = (p[0], p[1], p[2]);
	let mut f = 0.0;
	for pt in points {
		let r = lambda * pt.n / (1.0 + (pt.n - 1.0) * (sigma + kappa * pt.n)) - pt.x;
		f += r * r;
	}
	f
}

/// `JᵀJ`, `Jᵀr` and `Σr²` at `p`, with `r = X(n) − x`, in one pass.
fn normal_equations(points: &[Point], p: &[f64; 3]) -> ([[f64; 3]; 3], [f64; 3], f64) {
	let (sigma, kappa, lambda) = (p[0], p[1], p[2]);
	let mut a = [[0.0; 3]; 3];
	let mut g = [0.0; 3];
	let mut f = 0.0;
	for pt in points {
		let n = pt.n;
		let nm1 = n - 1.0;
		let inv_d = 1.0 / (1.0 + sigma * nm1 + kappa * n * nm1);
		let dl = n * inv_d;
		let x = lambda * dl;
		let ds = -x * nm1 * inv_d;
		let j = [ds, ds * n, dl];
		let r = x - pt.x;
		f += r * r;
		for i in 0..3 {
			g[i] += j[i] * r;
			for k in i..3 {
				a[i][k] += j[i] * j[k];
			}
		}
	}
	a[1][0] = a[0][1];
	a[2][0] = a[0][2];
	a[2][1] = a[1][2];
	(a, g, f)
}

/// Cholesky factor `L` of `S M S + mu·I` over the coordinates `idx`, where `S` scales `M` to
/// unit diagonal (so damping by `mu` is Marquardt's `mu·diag(M)`). Returns `L` and `S`'s
/// diagonal; `None` when the matrix is not positive definite.
fn scaled_cholesky(m: &[[f64; 3]; 3], idx: &[usize], mu: f64) -> Option<([[f64; 3]; 3], [f64; 3])> {
	let k = idx.len();
	let mut scale = [0.0; 3];
	for a in 0..k {
		let d = m[idx[a]][idx[a]];
		if !(d > 0.0) || !d.is_finite() {
			return None;
		}
		scale[a] = 1.0 / sqrt(d);
	}
	let mut l = [[0.0; 3]; 3];
	for a in 0..k {
		for c in 0..=a {
			let mut v = m[idx[a]][idx[c]] * scale[a] * scale[c];
			if a == c {
				v += mu;
			}
			for e in 0..c {
				v -= l[a][e] * l[c][e];
			}
			if a == c {
				if !(v > 0.0) {
					return None;
				}
				l[a][a] = sqrt(v);
			} else {
				l[a][c] = v / l[c][c];
			}
		}
	}
	Some((l, scale))
}

/// Solves `L Lᵀ y = rhs` for the first `k` coordinates.
fn cholesky_solve(l: &[[f64; 3]; 3], k: usize, rhs: [f64; 3]) -> [f64; 3] {
	let mut y = rhs;
	for a in 0..k {
		for e in 0..a {
			y[a] -= l[a][e] * y[e];
		}
		y[a] /= l[a][a];
	}
	for a in (0..k).rev() {
		for e in a + 1..k {
			y[a] -= l[e][a] * y[e];
		}
		y[a] /= l[a][a];
	}
	y
}

/// Solves `(M + mu·diag(M)) y = b` restricted to the `free` coordinates (others get 0).
/// `None` when the system is not positive definite.
fn solve_damped(m: &[[f64; 3]; 3], b: &[f64; 3], free: &[bool; 3], mu: f64) -> Option<[f64; 3]> {
	let mut idx = [0usize; 3];
	let mut k = 0;
	for i in 0..3 {
		if free[i] {
			idx[k] = i;
			k += 1;
		}
	}
	let mut out = [0.0; 3];
	if k == 0 {
		return Some(out);
	}
	let (l, scale) = scaled_cholesky(m, &idx[..k], mu)?;
	let mut rhs = [0.0; 3];
	for a in 0..k {
		rhs[a] = b[idx[a]] * scale[a];
	}
	let y = cholesky_solve(&l, k, rhs);
	for a in 0..k {
		out[idx[a]] = y[a] * scale[a];
	}
	out.iter().all(|v| v.is_finite()).then_some(out)
}

/// Inverse of a symmetric positive definite 3×3 matrix, with one factorisation:
/// `M⁻¹ = S (S M S)⁻¹ S`.
fn invert_spd(m: &[[f64; 3]; 3]) -> Option<[[f64; 3]; 3]> {
	let (l, scale) = scaled_cholesky(m, &[0, 1, 2], 0.0)?;
	let mut inv = [[0.0; 3]; 3];
	for col in 0..3 {
		let mut unit = [0.0; 3];
		unit[col] = 1.0;
		let y = cholesky_solve(&l, 3, unit);
		for r in 0..3 {
			inv[r][col] = y[r] * scale[r] * scale[col];
		}
	}
	inv.iter().flatten().all(|v| v.is_finite()).then_some(inv)
}

/// A start at σ, κ with the λ that minimises the residual sum of squares there (the model is
/// linear in λ), and that sum of squares: `Σx² − (Σxg)²/Σg²` with `g = X(n)/λ`.
fn profiled_start(points: &[Point], sigma: f64, kappa: f64) -> (f64, [f64; 3]) {
	let (mut xg, mut gg, mut xx) = (0.0, 0.0, 0.0);
	for pt in points {
		let g = pt.n / (1.0 + (pt.n - 1.0) * (sigma + kappa * pt.n));
		xg += pt.x * g;
		gg += g * g;
		xx += pt.x * pt.x;
	}
	if gg > 0.0 && xg > 0.0 {
		((xx - xg * xg / gg).max(0.0), [sigma, kappa, xg / gg])
	} else {
		(xx, [sigma, kappa, 0.0])
	}
}

/// Starting points from the linearised model `N/X = a + b(N−1) + cN(N−1)`, solved by weighted
/// least squares with the given basis functions switched on, plus R's default start.
fn starting_points(points: &[Point]) -> [(f64, [f64; 3]); 4] {
	// Weighted normal equations of the linearised problem. A residual e in N/X is a residual
	// of about e·X²/N in X, so weight each equation by (X²/N)².
	let mut a = [[0.0; 3]; 3];
	let mut b = [0.0; 3];
	for pt in points {
		let w = pt.x * pt.x / pt.n;
		let w = w * w;
		let basis = [1.0, pt.n - 1.0, pt.n * (pt.n - 1.0)];
		let y = pt.n / pt.x;
		for i in 0..3 {
			b[i] += w * basis[i] * y;
			for k in 0..3 {
				a[i][k] += w * basis[i] * basis[k];
			}
		}
	}
	let linearised = |free: [bool; 3]| match solve_damped(&a, &b, &free, 0.0) {
		Some(sol) if sol[0] > 0.0 => profiled_start(
			points,
			(sol[1] / sol[0]).max(0.0).min(1.0),
			(sol[2] / sol[0]).max(0.0).min(1.0),
		),
		_ => profiled_start(points, 0.0, 0.0),
	};
	[
		linearised([true, true, true]),
		linearised([true, true, false]),
		linearised([true, false, true]),
		profiled_start(points, 0.01, 0.0001),
	]
}

struct Run {
	p: [f64; 3],
	/// `JᵀJ` at `p`.
	a: [[f64; 3]; 3],
	sse: f64,
	converged: bool,
	iterations: u32,
}

/// The largest cosine between the residual vector and a free Jacobian column: 0 at a
/// stationary point of the bounded problem, and independent of how parameters are scaled.
fn gradient_cosine(a: &[[f64; 3]; 3], g: &[f64; 3], f: f64, free: &[bool; 3]) -> f64 {
	let mut worst: f64 = 0.0;
	for k in 0..3 {
		if free[k] && a[k][k] > 0.0 && f > 0.0 {
			worst = worst.max(g[k].abs() / sqrt(a[k][k] * f));
		}
	}
	worst
}

fn free_set(p: &[f64; 3], g: &[f64; 3]) -> [bool; 3] {
	let mut free = [true; 3];
	for k in 0..3 {
		// Descent moves against the gradient: hold a coefficient on a bound it would cross.
		if (p[k] <= LOWER[k] && g[k] > 0.0) || (p[k] >= UPPER[k] && g[k] < 0.0) {
			free[k] = false;
		}
	}
	free
}

/// Convergence tolerances (as MINPACK's `lmder`): relative reduction of the sum of squares,
/// relative step, and gradient cosine.
const FTOL: f64 = 1e-12;
const XTOL: f64 = 1e-10;
const GTOL: f64 = 1e-10;
/// Relative reduction accepted together with a negligible step (√FTOL).
const FTOL_LOOSE: f64 = 1e-6;
/// Below these a coefficient counts as zero when judging relative steps.
const XTINY: [f64; 3] = [1e-12, 1e-14, 0.0];

fn levenberg_marquardt(points: &[Point], start: [f64; 3]) -> Run {
	let mut p = project(start);
	// A sum of squares this small relative to Σx² is a perfect fit to working precision:
	// there the other tests are meaningless (0/0), so it counts as converged.
	let perfect = 1e-24 * points.iter().map(|pt| pt.x * pt.x).sum::<f64>();
	let (mut a, mut g, mut f) = normal_equations(points, &p);
	let mut mu = 1e-3;
	let mut nu = 2.0;
	let mut iterations = 0;
	let done = |p, a, f, iterations| Run { p, a, sse: f, converged: true, iterations };
	while iterations < MAX_ITERATIONS {
		if !f.is_finite() {
			break;
		}
		if f <= perfect {
			return done(p, a, f, iterations);
		}
		let free = free_set(&p, &g);
		if gradient_cosine(&a, &g, f, &free) <= GTOL {
			return done(p, a, f, iterations);
		}
		iterations += 1;
		let neg_g = [-g[0], -g[1], -g[2]];
		let Some(delta) = solve_damped(&a, &neg_g, &free, mu) else {
			mu *= nu;
			nu *= 2.0;
			if mu > 1e20 {
				break;
			}
			continue;
		};
		let trial = project([p[0] + delta[0], p[1] + delta[1], p[2] + delta[2]]);
		let step = [trial[0] - p[0], trial[1] - p[1], trial[2] - p[2]];
		let f_trial = sum_of_squares(points, &trial);
		// Reduction of Σr² predicted by the linear model J·step.
		let mut predicted = 0.0;
		for i in 0..3 {
			predicted -= 2.0 * g[i] * step[i];
			for k in 0..3 {
				predicted -= step[i] * a[i][k] * step[k];
			}
		}
		let actual = f - f_trial;
		let small_step =
			(0..3).all(|k| step[k].abs() <= XTOL * (p[k].abs() + XTINY[k] * p[2].max(1.0)));
		// Nothing left to gain by the linear model's own account, and the function agrees.
		let flat = predicted >= 0.0 && predicted <= FTOL * f && actual.abs() <= FTOL * f;
		if actual > 0.0 && f_trial.is_finite() {
			let rho = if predicted > 0.0 { actual / predicted } else { 1.0 };
			p = trial;
			(a, g, f) = normal_equations(points, &p);
			let factor = 1.0 - (2.0 * rho - 1.0) * (2.0 * rho - 1.0) * (2.0 * rho - 1.0);
			mu *= factor.max(1.0 / 3.0);
			nu = 2.0;
		} else {
			mu *= nu;
			nu *= 2.0;
		}
		if flat || (small_step && actual.abs() <= FTOL_LOOSE * f) {
			return done(p, a, f, iterations);
		}
		if mu > 1e20 {
			break;
		}
	}
	Run { p, a, sse: f, converged: false, iterations }
}

fn validate(points: &[Point]) -> Result<(), FitError> {
	if points.len() < MIN_POINTS {
		return Err(FitError::TooFewPoints { got: points.len() });
	}
	for (index, pt) in points.iter().enumerate() {
		let fields = [(Field::N, Some(pt.n)), (Field::X, Some(pt.x)), (Field::R, pt.r)];
		for (field, value) in fields {
			let Some(value) = value else { continue };
			if !value.is_finite() {
				return Err(FitError::NotFinite { index, field });
			}
			if !(value > 0.0) {
				return Err(FitError::NotPositive { index, field, value });
			}
		}
	}
	let mut distinct = 0;
	for (i, pt) in points.iter().enumerate() {
		if points[..i].iter().all(|q| q.n != pt.n) {
			distinct += 1;
			if distinct >= 3 {
				return Ok(());
			}
		}
	}
	Err(FitError::TooFewDistinctSizes { distinct })
}

/// Fits the Universal Scalability Law to `points` (see the module documentation).
///
/// Points may come in any order and may repeat a size (replicated measurements).
pub fn fit(points: &[Point]) -> Result<Model, FitError> {
	validate(points)?;
	// Try the starts from the best (lowest sum of squares) to the worst and keep the first
	// converged run; the starts cover the interior and both bounds that optima sit on.
	let mut starts = starting_points(points);
	starts.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
	let mut most_iterations = 0;
	for (_, start) in starts {
		let run = levenberg_marquardt(points, start);
		most_iterations = most_iterations.max(run.iterations);
		if run.converged {
			return Ok(summarise(points, run));
		}
	}
	Err(FitError::NotConverged { iterations: most_iterations })
}

fn summarise(points: &[Point], run: Run) -> Model {
	let p = run.p;
	let coefficients = coefficients(&p);
	let count = points.len();
	let dof = count - 3;
	let mut warnings = Vec::new();
	if count < RECOMMENDED_POINTS {
		warnings.push(Warning::FewPoints { count });
	}

	let (a, sse) = (run.a, run.sse);
	let mut covariance = None;
	let mut t95 = None;
	let mut residual_standard_error = None;
	if dof == 0 {
		warnings.push(Warning::NoDegreesOfFreedom);
	} else {
		let s2 = sse / dof as f64;
		residual_standard_error = Some(sqrt(s2));
		t95 = Some(t_critical(dof));
		match invert_spd(&a) {
			Some(inv) => {
				let mut cov = inv;
				for row in cov.iter_mut() {
					for v in row.iter_mut() {
						*v *= s2;
					}
				}
				covariance = Some(cov);
			},
			None => warnings.push(Warning::SingularCovariance),
		}
	}
	let estimate = |k: usize| {
		let value = p[k];
		let std_error = covariance.map(|c| sqrt(c[k][k].max(0.0)));
		let ci95 = match (std_error, t95) {
			(Some(se), Some(t)) => {
				Some(((value - t * se).max(LOWER[k]), (value + t * se).min(UPPER[k])))
			},
			_ => None,
		};
		Estimate { value, std_error, ci95 }
	};

	for (k, parameter) in
		[Parameter::Sigma, Parameter::Kappa, Parameter::Lambda].into_iter().enumerate()
	{
		if p[k] <= LOWER[k] {
			warnings.push(Warning::AtBound { parameter, value: LOWER[k] });
		} else if p[k] >= UPPER[k] {
			warnings.push(Warning::AtBound { parameter, value: UPPER[k] });
		}
	}
	let peak = coefficients.peak();
	let max_n = points.iter().map(|pt| pt.n).fold(0.0, f64::max);
	match peak {
		None => warnings.push(Warning::NoFinitePeak),
		Some(peak) if peak.n > 4.0 * max_n => {
			warnings.push(Warning::PeakBeyondMeasurements { peak_n: peak.n, max_n })
		},
		Some(_) => {},
	}
	if coefficients.sigma <= 0.0 {
		warnings.push(Warning::NoContention);
	}

	let mean = points.iter().map(|pt| pt.x).sum::<f64>() / count as f64;
	let total: f64 = points.iter().map(|pt| (pt.x - mean) * (pt.x - mean)).sum();
	let r_squared = if total > 0.0 { 1.0 - sse / total } else { 1.0 };

	let fitted_points = points
		.iter()
		.map(|pt| {
			let fitted = coefficients.throughput(pt.n);
			FittedPoint {
				n: pt.n,
				x: pt.x,
				r: pt.r,
				fitted,
				residual: pt.x - fitted,
				efficiency: coefficients.efficiency(pt.n, pt.x),
			}
		})
		.collect();

	Model {
		coefficients,
		sigma: estimate(0),
		kappa: estimate(1),
		lambda: estimate(2),
		residual_sum_of_squares: sse,
		residual_standard_error,
		degrees_of_freedom: dof,
		r_squared,
		points: fitted_points,
		peak,
		amdahl_ceiling: coefficients.amdahl_ceiling(),
		n_opt: coefficients.n_opt(),
		iterations: run.iterations,
		warnings,
		covariance,
		t95,
	}
}

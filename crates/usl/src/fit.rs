//! Fitting the Universal Scalability Law to measurements by bounded nonlinear least squares.
//!
//! The problem: find σ, κ ∈ [0, 1] and λ ≥ 0 minimising `Σ (xᵢ − X(nᵢ))²`, the same
//! objective and bounds as R's `usl` package. How:
//!
//! 1. **Starting points.** The USL is linear after a change of variables:
//!    `N/X = a + b(N−1) + cN(N−1)` with `a = 1/λ`, `b = σ/λ`, `c = κ/λ`. A weighted linear
//!    regression of `N/X` (weights chosen so residuals are on the throughput scale) gives a
//!    start close to the optimum, and R's default start (σ = 0.01, κ = 0.0001) a second one.
//!    When the regression's σ or κ falls outside `[0, 1]` (the optimum then usually sits on a
//!    bound) its Amdahl (`c = 0`) and `σ = 0` variants are two more. For every start λ is set
//!    to its optimum for the start's σ and κ (closed form), and starts are tried from the one
//!    with the lowest sum of squares.
//! 2. **Levenberg–Marquardt** from each start, with analytic first and second derivatives:
//!    each step is Newton's on the exact Hessian `JᵀJ + Σ rᵢ∇²Xᵢ` (quadratic convergence
//!    even on real data, whose residuals are not small), or Gauss–Newton's `JᵀJ` where that
//!    Hessian is not positive definite, damped by `mu·diag(JᵀJ)` (so λ ~ 10³ and κ ~ 10⁻⁴ are
//!    treated alike). Bounds are enforced by projection with an active set (a parameter at a
//!    bound whose gradient points outwards is held there). Converged: the gradient is
//!    orthogonal to the residuals (cosine ≤ 1e-10), or a step changes the sum of squares by
//!    less than 1e-10 of itself, as R's `nls(algorithm = "port")` stops.
//! 3. The first converged run wins. A fit in which no run converged is an error, never a
//!    result.
//!
//! The 3×3 systems are solved by hand-written `LDLᵀ` factorisations (module `linalg`), and
//! each trial point costs one pass over the points, which also gives everything the next
//! iteration needs if the step is accepted.
//!
//! Standard errors are `sqrt(diag((JᵀJ)⁻¹) · RSS/(n−3))` at the optimum and confidence
//! intervals are two-sided with `n − 3` degrees of freedom.

use alloc::vec::Vec;
use core::fmt;

use crate::{
	linalg::{invert_spd, solve_damped, Matrix},
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

/// What one pass over the points gives at a parameter vector `p`, with residuals
/// `r = X(n) − x` and Jacobian `J = ∂X/∂(σ, κ, λ)`.
struct Local {
	/// `JᵀJ`: half the Gauss–Newton Hessian of `Σr²`, and what the covariance is made of.
	a: Matrix,
	/// `Σ rᵢ ∇²X(nᵢ)`: the second-order term, so that `a + s` is half the exact Hessian.
	s: Matrix,
	/// `Jᵀr`: half the gradient of `Σr²`.
	g: [f64; 3],
	/// `Σr²`.
	f: f64,
}

/// Everything the iteration needs at `p`, in one pass.
///
/// With `u = n − 1`, `q = u/D` and `x = X(n)`: `∂x/∂σ = −xq`, `∂x/∂κ = −xqn`, `∂x/∂λ = x/λ`,
/// and the second derivatives `∂²x/∂σ² = 2xq²` (times `n`, `n²` for the κ rows),
/// `∂²x/∂σ∂λ = −(x/λ)q` (times `n` for κ), `∂²x/∂λ² = 0`.
fn local(points: &[Point], p: &[f64; 3]) -> Local {
	let (sigma, kappa, lambda) = (p[0], p[1], p[2]);
	let (mut a00, mut a01, mut a11, mut a02, mut a12, mut a22) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
	let (mut s00, mut s01, mut s11, mut s02, mut s12) = (0.0, 0.0, 0.0, 0.0, 0.0);
	let (mut g0, mut g1, mut g2, mut f) = (0.0, 0.0, 0.0, 0.0);
	for pt in points {
		let n = pt.n;
		let nm1 = n - 1.0;
		let inv_d = 1.0 / (1.0 + nm1 * (sigma + kappa * n));
		let dl = n * inv_d;
		let x = lambda * dl;
		let q = nm1 * inv_d;
		let ds = -x * q;
		let r = x - pt.x;
		f += r * r;
		// Jacobian row (ds, ds·n, dl).
		let ds2 = ds * ds;
		a00 += ds2;
		a01 += ds2 * n;
		a11 += ds2 * n * n;
		let sl = ds * dl;
		a02 += sl;
		a12 += sl * n;
		a22 += dl * dl;
		g0 += ds * r;
		g1 += ds * r * n;
		g2 += dl * r;
		let t = 2.0 * r * x * q * q;
		s00 += t;
		s01 += t * n;
		s11 += t * n * n;
		let w = -r * dl * q;
		s02 += w;
		s12 += w * n;
	}
	Local {
		a: [[a00, a01, a02], [a01, a11, a12], [a02, a12, a22]],
		s: [[s00, s01, s02], [s01, s11, s12], [s02, s12, 0.0]],
		g: [g0, g1, g2],
		f,
	}
}

/// Starts at the given (σ, κ) with, for each, the λ that minimises the residual sum of
/// squares there (the model is linear in λ) and that sum of squares: `Σx² − (Σxg)²/Σg²` with
/// `g = X(n)/λ`. One pass over the points for all starts.
fn profiled_starts<const K: usize>(points: &[Point], at: [(f64, f64); K]) -> [(f64, [f64; 3]); K] {
	let (mut xg, mut gg, mut xx) = ([0.0; K], [0.0; K], 0.0);
	for pt in points {
		let nm1 = pt.n - 1.0;
		xx += pt.x * pt.x;
		for k in 0..K {
			let g = pt.n / (1.0 + nm1 * (at[k].0 + at[k].1 * pt.n));
			xg[k] += pt.x * g;
			gg[k] += g * g;
		}
	}
	core::array::from_fn(|k| {
		let (sigma, kappa) = at[k];
		if gg[k] > 0.0 && xg[k] > 0.0 {
			((xx - xg[k] * xg[k] / gg[k]).max(0.0), [sigma, kappa, xg[k] / gg[k]])
		} else {
			(xx, [sigma, kappa, 0.0])
		}
	})
}

/// Starting points from the linearised model `N/X = a + b(N−1) + cN(N−1)` (`a = 1/λ`,
/// `b = σ/λ`, `c = κ/λ`), solved by weighted least squares, plus R's default start
/// (σ = 0.01, κ = 0.0001), each with its profiled λ and sum of squares.
///
/// When the linearised solution has σ or κ outside `[0, 1]`, the optimum probably sits on a
/// bound, and two more starts are made: the linearised model without its quadratic term
/// (Amdahl, κ = 0) and without its linear term (σ = 0). Returns the starts and how many
/// there are (2 or 4).
fn starting_points(points: &[Point]) -> ([(f64, [f64; 3]); 4], usize) {
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
			for k in i..3 {
				a[i][k] += w * basis[i] * basis[k];
			}
		}
	}
	a[1][0] = a[0][1];
	a[2][0] = a[0][2];
	a[2][1] = a[1][2];
	// (σ, κ) = (b/a, c/a) of the solution, and whether it was inside the bounds.
	let linearised = |free: [bool; 3]| match solve_damped(&a, &b, &free, 0.0, &[0.0; 3]) {
		Some(sol) if sol[0] > 0.0 => {
			let (sigma, kappa) = (sol[1] / sol[0], sol[2] / sol[0]);
			let inside = (0.0..=1.0).contains(&sigma) && (0.0..=1.0).contains(&kappa);
			((sigma.max(0.0).min(1.0), kappa.max(0.0).min(1.0)), inside)
		},
		_ => ((0.0, 0.0), false),
	};
	let (full, inside) = linearised([true, true, true]);
	const R_DEFAULT: (f64, f64) = (0.01, 0.0001);
	if inside {
		let [s0, s1] = profiled_starts(points, [full, R_DEFAULT]);
		([s0, s1, s0, s1], 2)
	} else {
		let amdahl = linearised([true, true, false]).0;
		let no_contention = linearised([true, false, true]).0;
		(profiled_starts(points, [full, amdahl, no_contention, R_DEFAULT]), 4)
	}
}

struct Run {
	p: [f64; 3],
	/// `JᵀJ` at `p`.
	a: [[f64; 3]; 3],
	sse: f64,
	converged: bool,
	iterations: u32,
}

/// Whether the cosine between the residual vector and every free Jacobian column is at most
/// `tol`: 0 at a stationary point of the bounded problem, and independent of how parameters
/// are scaled. Compared squared, so without square roots.
fn stationary(a: &[[f64; 3]; 3], g: &[f64; 3], f: f64, free: &[bool; 3], tol: f64) -> bool {
	(0..3)
		.all(|k| !free[k] || !(a[k][k] > 0.0 && f > 0.0) || g[k] * g[k] <= tol * tol * a[k][k] * f)
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

/// Convergence tolerances: relative reduction of the sum of squares (R's `nls(algorithm =
/// "port")`, which R's `usl` uses, stops at 1e-10 too: PORT's default relative function
/// convergence tolerance `max(1e-10, ε^(2/3))`), relative step, and gradient cosine.
const FTOL: f64 = 1e-10;
const XTOL: f64 = 1e-10;
const GTOL: f64 = 1e-10;
/// Relative reduction accepted together with a negligible step.
const FTOL_LOOSE: f64 = 1e-6;
/// Below these a coefficient counts as zero when judging relative steps.
const XTINY: [f64; 3] = [1e-12, 1e-14, 0.0];

fn levenberg_marquardt(points: &[Point], start: [f64; 3]) -> Run {
	let mut p = project(start);
	// A sum of squares this small relative to Σx² is a perfect fit to working precision:
	// there the other tests are meaningless (0/0), so it counts as converged.
	let perfect = 1e-24 * points.iter().map(|pt| pt.x * pt.x).sum::<f64>();
	let mut at = local(points, &p);
	let mut mu = 1e-5;
	let mut nu = 2.0;
	let mut iterations = 0;
	let done =
		|p, at: Local, iterations| Run { p, a: at.a, sse: at.f, converged: true, iterations };
	while iterations < MAX_ITERATIONS {
		let (a, g, f) = (&at.a, &at.g, at.f);
		if !f.is_finite() {
			break;
		}
		if f <= perfect {
			return done(p, at, iterations);
		}
		let free = free_set(&p, g);
		if stationary(a, g, f, &free, GTOL) {
			return done(p, at, iterations);
		}
		iterations += 1;
		let neg_g = [-g[0], -g[1], -g[2]];
		// Newton's step on the exact Hessian `a + s` converges quadratically even where the
		// residuals are large (real measurements); where that Hessian is not positive definite
		// (far from the optimum), Gauss–Newton's `a` is. Both damped by `mu·diag(a)`.
		let mut hessian = *a;
		for i in 0..3 {
			for k in 0..3 {
				hessian[i][k] += at.s[i][k];
			}
		}
		let diag = [a[0][0], a[1][1], a[2][2]];
		let (model, delta) = match solve_damped(&hessian, &neg_g, &free, mu, &diag) {
			Some(delta) => (hessian, delta),
			None => match solve_damped(a, &neg_g, &free, mu, &diag) {
				Some(delta) => (*a, delta),
				None => {
					mu *= nu;
					nu *= 2.0;
					if mu > 1e20 {
						break;
					}
					continue;
				},
			},
		};
		let trial = project([p[0] + delta[0], p[1] + delta[1], p[2] + delta[2]]);
		let step = [trial[0] - p[0], trial[1] - p[1], trial[2] - p[2]];
		// Everything at the trial point in one pass: kept if the step is accepted.
		let next = local(points, &trial);
		// Reduction of Σr² predicted by the quadratic model the step came from.
		let mut predicted = 0.0;
		for i in 0..3 {
			predicted -= 2.0 * g[i] * step[i];
			for k in 0..3 {
				predicted -= step[i] * model[i][k] * step[k];
			}
		}
		let actual = f - next.f;
		let small_step =
			(0..3).all(|k| step[k].abs() <= XTOL * (p[k].abs() + XTINY[k] * p[2].max(1.0)));
		// Nothing left to gain by the quadratic model's own account, and the function agrees.
		let flat = predicted >= 0.0 && predicted <= FTOL * f && actual.abs() <= FTOL * f;
		let accepted = actual > 0.0 && next.f.is_finite();
		if accepted {
			let rho = if predicted > 0.0 { actual / predicted } else { 1.0 };
			p = trial;
			at = next;
			let factor = 1.0 - (2.0 * rho - 1.0) * (2.0 * rho - 1.0) * (2.0 * rho - 1.0);
			mu *= factor.max(1.0 / 10.0);
			nu = 2.0;
		} else {
			mu *= nu;
			nu *= 2.0;
		}
		if flat || (small_step && actual.abs() <= FTOL_LOOSE * f) {
			return done(p, at, iterations);
		}
		if mu > 1e20 {
			break;
		}
	}
	Run { p, a: at.a, sse: at.f, converged: false, iterations }
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
	let (mut starts, count) = starting_points(points);
	let starts = &mut starts[..count];
	starts.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
	let mut most_iterations = 0;
	for &(_, start) in starts.iter() {
		let run = levenberg_marquardt(points, start);
		most_iterations = most_iterations.max(run.iterations);
		if run.converged {
			return Ok(summarise(points, onto_bounds(points, run)));
		}
	}
	Err(FitError::NotConverged { iterations: most_iterations })
}

/// σ or κ so small that they change no fitted value beyond rounding are set to their bound 0,
/// when the sum of squares (with λ re-optimised) stays the same to working precision: exact
/// Amdahl data then reports κ = 0 and no peak, rather than κ = 10⁻¹¹ and a peak at N = 10⁸.
fn onto_bounds(points: &[Point], run: Run) -> Run {
	let max_n = points.iter().fold(0.0f64, |m, pt| m.max(pt.n));
	// The largest share of the denominator `1 + σ(N−1) + κN(N−1)` each term takes.
	let effect = [run.p[0] * max_n, run.p[1] * max_n * max_n];
	let mut best = run;
	for k in 0..2 {
		if !(best.p[k] > 0.0 && effect[k] <= 1e-8) {
			continue;
		}
		let (sigma, kappa) = if k == 0 { (0.0, best.p[1]) } else { (best.p[0], 0.0) };
		// λ from the profile; the sum of squares summed directly (the profile's closed form
		// cancels catastrophically on near-perfect fits).
		let [(_, p)] = profiled_starts(points, [(sigma, kappa)]);
		let at = local(points, &p);
		let sum_x2: f64 = points.iter().map(|pt| pt.x * pt.x).sum();
		if at.f <= best.sse * (1.0 + FTOL) + 1e-24 * sum_x2 {
			best = Run { p, a: at.a, sse: at.f, ..best };
		}
	}
	best
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

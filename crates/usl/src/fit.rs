//! Fitting the Universal Scalability Law to measurements by bounded nonlinear least squares.
//!
//! The problem: find σ, κ ∈ [0, 1] and λ ≥ 0 minimising `Σ (xᵢ − X(nᵢ))²`, the same
//! objective and bounds as R's `usl` package. How:
//!
//! 1. **Starting points.** The USL is linear after a change of variables:
//!    `N/X = a + b(N−1) + cN(N−1)` with `a = 1/λ`, `b = σ/λ`, `c = κ/λ`. A weighted linear
//!    regression of `N/X` (weights chosen so residuals are on the throughput scale, normal
//!    equations summed in the same pass that validates the points) gives a start close to the
//!    optimum. When its σ and κ lie inside `[0, 1]`, the first pass of the optimisation moves
//!    λ to its optimum for that σ and κ (the model is linear in λ) and the run starts there,
//!    with R's default start (σ = 0.01, κ = 0.0001) as the fallback. When they do not (the
//!    optimum then usually sits on a bound), the clamped regression, its Amdahl (`c = 0`) and
//!    `σ = 0` variants and R's default are each given their optimal λ and tried from the one
//!    with the lowest sum of squares.
//! 2. **Levenberg–Marquardt** from a start, with analytic first and second derivatives: each
//!    step is Newton's on the exact Hessian `JᵀJ + Σ rᵢ∇²Xᵢ` (quadratic convergence even on
//!    real data, whose residuals are not small), or Gauss–Newton's `JᵀJ` where that Hessian is
//!    not positive definite, damped by `mu·diag(JᵀJ)` (so λ ~ 10³ and κ ~ 10⁻⁴ are treated
//!    alike). Bounds are enforced by projection with an active set (a parameter at a bound
//!    whose gradient points outwards is held there). Converged, as R's `nls(algorithm =
//!    "port")` stops: the gradient is orthogonal to the residuals (cosine ≤ 1e-10), or the
//!    quadratic model predicts that no step can reduce the sum of squares by more than 1e-10
//!    of itself (then the step is not even tried), or a negligible step changes it by less than
//!    1e-6 of itself.
//! 3. The first converged run wins. A fit in which no run converged is an error, never a
//!    result.
//!
//! A fit is a handful of passes over the points, each computing everything the next step
//! needs (two points at a time, module `lanes`), and 3×3 solves written out by hand (module
//! `linalg`). It allocates nothing: a [`Model`] holds the coefficients and `JᵀJ`, and derives
//! standard errors, intervals, the peak and warnings when asked.
//!
//! Standard errors are `sqrt(diag((JᵀJ)⁻¹) · RSS/(n−3))` at the optimum and confidence
//! intervals are two-sided with `n − 3` degrees of freedom.

use alloc::vec::Vec;
use core::fmt;

use crate::{
	lanes::{sum_pairs, F64x2},
	linalg::{invert_spd, solve3_unscaled, solve_damped, Matrix},
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
///
/// A fit finds the coefficients and what it needs to judge them (the sum of squares, `JᵀJ`
/// at the optimum); everything else (standard errors, confidence intervals, the peak,
/// warnings) is derived by the methods when asked. The off-chain workers, which want the
/// coefficients alone, pay for nothing else, and no two fields can disagree.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
	/// The fitted coefficients.
	pub coefficients: Coefficients,
	/// Residual sum of squares `Σ (xᵢ − X(nᵢ))²`: what the fit minimises.
	pub residual_sum_of_squares: f64,
	/// Residual degrees of freedom, `n − 3`.
	pub degrees_of_freedom: usize,
	/// Coefficient of determination `1 − RSS / Σ (xᵢ − x̄)²`.
	pub r_squared: f64,
	/// How many points were fitted.
	pub point_count: usize,
	/// The largest size among them.
	pub max_n: f64,
	/// Levenberg–Marquardt iterations of the winning run.
	pub iterations: u32,
	/// `JᵀJ` at the optimum, `J = ∂X/∂(σ, κ, λ)`: the covariance is `s²(JᵀJ)⁻¹`.
	normal: Matrix,
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

	/// σ with its uncertainty.
	pub fn sigma(&self) -> Estimate {
		self.estimate(0)
	}

	/// κ with its uncertainty.
	pub fn kappa(&self) -> Estimate {
		self.estimate(1)
	}

	/// λ with its uncertainty.
	pub fn lambda(&self) -> Estimate {
		self.estimate(2)
	}

	fn estimate(&self, k: usize) -> Estimate {
		let value = [self.coefficients.sigma, self.coefficients.kappa, self.coefficients.lambda][k];
		let std_error = self.covariance().map(|c| sqrt(c[k][k].max(0.0)));
		let ci95 = match (std_error, self.t95()) {
			(Some(se), Some(t)) => {
				Some(((value - t * se).max(LOWER[k]), (value + t * se).min(UPPER[k])))
			},
			_ => None,
		};
		Estimate { value, std_error, ci95 }
	}

	/// `s² = RSS / (n − 3)`, when there are residual degrees of freedom.
	fn residual_variance(&self) -> Option<f64> {
		(self.degrees_of_freedom > 0)
			.then(|| self.residual_sum_of_squares / self.degrees_of_freedom as f64)
	}

	/// `sqrt(RSS / (n − 3))`: the typical distance of a measurement from the curve. `None`
	/// with 3 points.
	pub fn residual_standard_error(&self) -> Option<f64> {
		self.residual_variance().map(sqrt)
	}

	/// `t(0.975, n − 3)`.
	fn t95(&self) -> Option<f64> {
		(self.degrees_of_freedom > 0).then(|| t_critical(self.degrees_of_freedom))
	}

	/// The covariance matrix `s²(JᵀJ)⁻¹` of (σ, κ, λ). `None` with 3 points, or when `JᵀJ` is
	/// singular (the coefficients are not identifiable from the points).
	pub fn covariance(&self) -> Option<[[f64; 3]; 3]> {
		let s2 = self.residual_variance()?;
		invert_spd(&self.normal).map(|inv| inv.map(|row| row.map(|v| v * s2)))
	}

	/// The throughput peak, `None` when κ = 0.
	pub fn peak(&self) -> Option<Peak> {
		self.coefficients.peak()
	}

	/// The Amdahl ceiling `λ/σ`, `None` when σ = 0.
	pub fn amdahl_ceiling(&self) -> Option<f64> {
		self.coefficients.amdahl_ceiling()
	}

	/// R's `N_opt = 1/σ`, `None` when σ = 0.
	pub fn n_opt(&self) -> Option<f64> {
		self.coefficients.n_opt()
	}

	/// What a user should know before trusting the fit, derived from the model (so a fit,
	/// which the off-chain workers run for its coefficients alone, allocates nothing).
	pub fn warnings(&self) -> Vec<Warning> {
		let mut warnings = Vec::new();
		let count = self.point_count;
		if count < RECOMMENDED_POINTS {
			warnings.push(Warning::FewPoints { count });
		}
		if self.degrees_of_freedom == 0 {
			warnings.push(Warning::NoDegreesOfFreedom);
		} else if self.covariance().is_none() {
			warnings.push(Warning::SingularCovariance);
		}
		let c = self.coefficients;
		let p = [c.sigma, c.kappa, c.lambda];
		let parameters = [Parameter::Sigma, Parameter::Kappa, Parameter::Lambda];
		for (k, parameter) in parameters.into_iter().enumerate() {
			if p[k] <= LOWER[k] {
				warnings.push(Warning::AtBound { parameter, value: LOWER[k] });
			} else if p[k] >= UPPER[k] {
				warnings.push(Warning::AtBound { parameter, value: UPPER[k] });
			}
		}
		match self.peak() {
			None => warnings.push(Warning::NoFinitePeak),
			Some(peak) if peak.n > 4.0 * self.max_n => {
				warnings.push(Warning::PeakBeyondMeasurements { peak_n: peak.n, max_n: self.max_n })
			},
			Some(_) => {},
		}
		if self.coefficients.sigma <= 0.0 {
			warnings.push(Warning::NoContention);
		}
		warnings
	}

	/// `points` (the ones fitted, or others) with what the model says of each: fitted value,
	/// residual and efficiency, in their order.
	pub fn fitted_points<'a>(
		&'a self,
		points: &'a [Point],
	) -> impl ExactSizeIterator<Item = FittedPoint> + 'a {
		let c = self.coefficients;
		points.iter().map(move |pt| {
			let fitted = c.throughput(pt.n);
			FittedPoint {
				n: pt.n,
				x: pt.x,
				r: pt.r,
				fitted,
				residual: pt.x - fitted,
				efficiency: c.efficiency(pt.n, pt.x),
			}
		})
	}

	/// Prediction at `n` with 95 % confidence bands for the mean (delta method).
	pub fn predict(&self, n: f64) -> Prediction {
		let c = &self.coefficients;
		let throughput = c.throughput(n);
		let latency = c.latency(n);
		let (mut throughput_ci95, mut latency_ci95) = (None, None);
		if let (Some(cov), Some(t)) = (self.covariance(), self.t95()) {
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

/// For two sizes `n`: `g = X(n)/λ = n/D` and `q = (n−1)/D`, with the USL's denominator
/// `D = 1 + σ(n−1) + κn(n−1)`. Every derivative of the model is made of these.
#[inline(always)]
fn shape(n: F64x2, sigma: F64x2, kappa: F64x2) -> (F64x2, F64x2) {
	let one = F64x2::splat(1.0);
	let nm1 = n - one;
	let inv_d = one / (one + nm1 * (sigma + kappa * n));
	(n * inv_d, nm1 * inv_d)
}

/// Everything the iteration needs at `p`, in one pass.
///
/// With `u = n − 1`, `q = u/D` and `x = X(n)`: `∂x/∂σ = −xq`, `∂x/∂κ = −xqn`, `∂x/∂λ = x/λ`,
/// and the second derivatives `∂²x/∂σ² = 2xq²` (times `n`, `n²` for the κ rows),
/// `∂²x/∂σ∂λ = −(x/λ)q` (times `n` for κ), `∂²x/∂λ² = 0`.
fn local(points: &[Point], p: &[f64; 3]) -> Local {
	let (sigma, kappa, lambda) = (F64x2::splat(p[0]), F64x2::splat(p[1]), F64x2::splat(p[2]));
	let (zero, two) = (F64x2::splat(0.0), F64x2::splat(2.0));
	let sums = sum_pairs(
		points,
		|pt| (pt.n, pt.x),
		|n, measured| {
			let (dl, q) = shape(n, sigma, kappa);
			let x = lambda * dl;
			let ds = zero - x * q;
			let r = x - measured;
			// Jacobian row (ds, ds·n, dl); second-order terms t (σσ) and w (σλ).
			let (ds2, sl, dsr) = (ds * ds, ds * dl, ds * r);
			let t = two * r * x * (q * q);
			let w = zero - r * dl * q;
			[
				r * r,
				ds2,
				ds2 * n,
				ds2 * n * n,
				sl,
				sl * n,
				dl * dl,
				dsr,
				dsr * n,
				dl * r,
				t,
				t * n,
				t * n * n,
				w,
				w * n,
			]
		},
	);
	let [f, a00, a01, a11, a02, a12, a22, g0, g1, g2, s00, s01, s11, s02, s12] = sums;
	Local {
		a: [[a00, a01, a02], [a01, a11, a12], [a02, a12, a22]],
		s: [[s00, s01, s02], [s01, s11, s12], [s02, s12, 0.0]],
		g: [g0, g1, g2],
		f,
	}
}

/// [`local`] at `(σ, κ, λ*)`, where `λ*` minimises the sum of squares for the given σ and κ
/// (the model is linear in λ), from the same single pass.
///
/// The pass sums residuals `r₀ = λ₀g − x` at the given `λ₀` (`g = X(n)/λ`, `e = ∂g/∂σ`); every
/// sum at `λ* = λ₀ + δ`, `δ = −Σgr₀/Σg²`, follows from them, since `r = r₀ + δg`,
/// `∂X/∂σ = λe` and `∂X/∂κ = λen`. With `λ₀` close to `λ*` (the linearised fit's) `r₀` is
/// close to `r`, so no sum cancels.
fn local_profiled(points: &[Point], p: [f64; 3]) -> ([f64; 3], Local) {
	let (sigma, kappa, lambda0) = (F64x2::splat(p[0]), F64x2::splat(p[1]), F64x2::splat(p[2]));
	let zero = F64x2::splat(0.0);
	let sums = sum_pairs(
		points,
		|pt| (pt.n, pt.x),
		|n, measured| {
			let (g, q) = shape(n, sigma, kappa);
			let e = zero - g * q;
			let r0 = lambda0 * g - measured;
			let (ee, eg, er) = (e * e, e * g, e * r0);
			let t = r0 * g * (q * q);
			[
				g * g,
				g * r0,
				r0 * r0,
				ee,
				ee * n,
				ee * n * n,
				eg,
				eg * n,
				er,
				er * n,
				t,
				t * n,
				t * n * n,
			]
		},
	);
	let [gg, gr, rr, e0, e1, e2, g0, g1, r0, r1, t0, t1, t2] = sums;
	let delta = if gg > 0.0 { -gr / gg } else { 0.0 };
	let lambda = (p[2] + delta).max(0.0);
	let l2 = lambda * lambda;
	let (s02, s12) = (r0 + delta * g0, r1 + delta * g1);
	let at = Local {
		a: [
			[l2 * e0, l2 * e1, lambda * g0],
			[l2 * e1, l2 * e2, lambda * g1],
			[lambda * g0, lambda * g1, gg],
		],
		s: [
			[2.0 * lambda * (t0 + delta * e0), 2.0 * lambda * (t1 + delta * e1), s02],
			[2.0 * lambda * (t1 + delta * e1), 2.0 * lambda * (t2 + delta * e2), s12],
			[s02, s12, 0.0],
		],
		g: [lambda * s02, lambda * s12, gr + delta * gg],
		f: (rr + delta * gr).max(0.0),
	};
	([p[0], p[1], lambda], at)
}

/// A start at (σ, κ) with the λ that minimises the residual sum of squares there (the model
/// is linear in λ), and that sum of squares: `Σx² − (Σxg)²/Σg²` with `g = X(n)/λ`.
fn profiled_start(
	points: &[Point],
	totals: &Totals,
	(sigma, kappa): (f64, f64),
) -> (f64, [f64; 3]) {
	let (s, k) = (F64x2::splat(sigma), F64x2::splat(kappa));
	let [xg, gg] = sum_pairs(
		points,
		|pt| (pt.n, pt.x),
		|n, x| {
			let (g, _) = shape(n, s, k);
			[x * g, g * g]
		},
	);
	if gg > 0.0 && xg > 0.0 {
		((totals.sum_x2 - xg * xg / gg).max(0.0), [sigma, kappa, xg / gg])
	} else {
		(totals.sum_x2, [sigma, kappa, 0.0])
	}
}

/// [`profiled_start`] for each of `K` starts.
fn profiled_starts<const K: usize>(
	points: &[Point],
	totals: &Totals,
	at: [(f64, f64); K],
) -> [(f64, [f64; 3]); K] {
	at.map(|start| profiled_start(points, totals, start))
}

/// R's default start (σ = 0.01, κ = 0.0001).
const R_DEFAULT: (f64, f64) = (0.01, 0.0001);

/// Where to start the optimisation: (σ, κ), with λ profiled for each.
enum Starts {
	/// The linearised fit lies inside the bounds: start there (σ, κ and the linearised λ,
	/// which [`local_profiled`] improves on), with R's default as a fallback.
	Inside([f64; 3]),
	/// It does not: the optimum probably sits on a bound. The linearised fit (clamped), its
	/// Amdahl (κ = 0) and σ = 0 variants, and R's default, tried from the lowest sum of squares.
	Outside([(f64, f64); 4]),
}

/// Starting points from the linearised model `N/X = a + b(N−1) + cN(N−1)` (`a = 1/λ`,
/// `b = σ/λ`, `c = κ/λ`), solved by weighted least squares (the normal equations are summed by
/// [`validate`]).
fn starting_points(totals: &Totals) -> Starts {
	let (a, b) = &totals.linear;
	// (σ, κ, λ) = (b/a, c/a, 1/a) of a solution given as `(a, b, c)·scale`, and whether σ and
	// κ lie inside the bounds.
	let coefficients = |solution: Option<([f64; 3], f64)>| match solution {
		Some((y, scale)) if y[0] > 0.0 => {
			let inv = 1.0 / y[0];
			let (sigma, kappa, lambda) = (y[1] * inv, y[2] * inv, scale * inv);
			let inside = (0.0..=1.0).contains(&sigma) && (0.0..=1.0).contains(&kappa);
			// `max` then `min` (not `clamp`): a NaN coefficient lands on 0, not NaN.
			#[allow(clippy::manual_clamp)]
			let bounded = [sigma.max(0.0).min(1.0), kappa.max(0.0).min(1.0), lambda];
			(bounded, inside)
		},
		_ => ([0.0, 0.0, 0.0], false),
	};
	let linearised =
		|free| coefficients(solve_damped(a, b, &free, 0.0, &[0.0; 3]).map(|y| (y, 1.0)));
	let sigma_kappa = |p: [f64; 3]| (p[0], p[1]);
	// The full system as the adjugate times b over the determinant: σ, κ and λ are ratios of
	// its components, so one division gives all three.
	match coefficients(solve3_unscaled(a, b)) {
		(full, true) => Starts::Inside(full),
		(full, false) => Starts::Outside([
			sigma_kappa(full),
			sigma_kappa(linearised([true, true, false]).0),
			sigma_kappa(linearised([true, false, true]).0),
			R_DEFAULT,
		]),
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
	(0..3).all(|k| !(free[k] && a[k][k] > 0.0 && f > 0.0) || g[k] * g[k] <= tol * tol * a[k][k] * f)
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
/// A sum of squares this small relative to `Σx²` is a perfect fit to working precision: there
/// the other convergence tests are meaningless (0/0), so it counts as converged.
const PERFECT: f64 = 1e-24;
/// Below these a coefficient counts as zero when judging relative steps.
const XTINY: [f64; 3] = [1e-12, 1e-14, 0.0];

/// Levenberg–Marquardt from `p` (inside the bounds), where the pass over the points gave `at`.
fn levenberg_marquardt(points: &[Point], totals: &Totals, mut p: [f64; 3], mut at: Local) -> Run {
	let perfect = PERFECT * totals.sum_x2;
	let (mut mu, mut nu) = (1e-5, 2.0);
	let mut iterations = 0;
	let converged = loop {
		let f = at.f;
		if iterations >= MAX_ITERATIONS || mu > 1e20 || !f.is_finite() {
			break false;
		}
		if f <= perfect {
			break true;
		}
		let free = free_set(&p, &at.g);
		if stationary(&at.a, &at.g, f, &free, GTOL) {
			break true;
		}
		iterations += 1;
		let neg_g = at.g.map(|v| -v);
		let diag = [at.a[0][0], at.a[1][1], at.a[2][2]];
		// Newton's step on the exact Hessian `a + s` converges quadratically even where the
		// residuals are large (real measurements); where that Hessian is not positive definite
		// (far from the optimum), Gauss–Newton's `a` is. Both damped by `mu·diag(a)`.
		let hessian: Matrix =
			core::array::from_fn(|i| core::array::from_fn(|k| at.a[i][k] + at.s[i][k]));
		let solved = match solve_damped(&hessian, &neg_g, &free, mu, &diag) {
			Some(delta) => Some((&hessian, delta)),
			None => solve_damped(&at.a, &neg_g, &free, mu, &diag).map(|delta| (&at.a, delta)),
		};
		let Some((model, delta)) = solved else {
			mu *= nu;
			nu *= 2.0;
			continue;
		};
		let trial = project([p[0] + delta[0], p[1] + delta[1], p[2] + delta[2]]);
		let step = [trial[0] - p[0], trial[1] - p[1], trial[2] - p[2]];
		// Reduction of Σr² predicted by the quadratic model the step came from.
		let mut predicted = 0.0;
		for i in 0..3 {
			let model_step = model[i][0] * step[0] + model[i][1] * step[1] + model[i][2] * step[2];
			predicted -= step[i] * (2.0 * at.g[i] + model_step);
		}
		// PORT's relative function convergence: the model, exact to second order, says no
		// step can gain more than FTOL of the sum of squares. No need to try it.
		if predicted >= 0.0 && predicted <= FTOL * f {
			break true;
		}
		// Everything at the trial point in one pass: kept if the step is accepted.
		let next = local(points, &trial);
		let actual = f - next.f;
		let small_step =
			(0..3).all(|k| step[k].abs() <= XTOL * (p[k].abs() + XTINY[k] * p[2].max(1.0)));
		if actual > 0.0 && next.f.is_finite() {
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
		if small_step && actual.abs() <= FTOL_LOOSE * f {
			break true;
		}
	};
	Run { p, a: at.a, sse: at.f, converged, iterations }
}

/// What a fit needs to know about the points as a whole, gathered in the one pass that
/// validates them.
struct Totals {
	/// `Σx²`.
	sum_x2: f64,
	/// `Σ(x − x̄)²`, for R².
	spread: f64,
	/// The largest size.
	max_n: f64,
	/// Normal equations of the linearised model (see [`starting_points`]): matrix and
	/// right-hand side.
	linear: (Matrix, [f64; 3]),
}

/// Whether `v` is finite and greater than 0: the bit patterns of exactly those numbers are
/// `1..=f64::MAX.to_bits()` (NaN, infinities, zeros and negatives all fall outside).
#[inline(always)]
fn usable(v: f64) -> bool {
	v.to_bits().wrapping_sub(1) < f64::MAX.to_bits()
}

/// Checks that `points` can be fitted and sums what the fit needs of them.
fn validate(points: &[Point]) -> Result<Totals, FitError> {
	if points.len() < MIN_POINTS {
		return Err(FitError::TooFewPoints { got: points.len() });
	}
	let (mut all_usable, mut max_n) = (true, 0.0f64);
	for pt in points {
		all_usable &= usable(pt.n) & usable(pt.x) & pt.r.is_none_or(usable);
		max_n = if pt.n > max_n { pt.n } else { max_n };
	}
	if !all_usable {
		if let Some(err) = first_unusable(points) {
			return Err(err);
		}
	}
	// Three distinct sizes: the first, the first that differs from it, and one more.
	let first = points[0].n;
	let Some(second) = points.iter().map(|pt| pt.n).find(|&n| n != first) else {
		return Err(FitError::TooFewDistinctSizes { distinct: 1 });
	};
	if !points.iter().any(|pt| pt.n != first && pt.n != second) {
		return Err(FitError::TooFewDistinctSizes { distinct: 2 });
	}

	// The linearised model's weighted normal equations. A residual e in N/X is a residual of
	// about e·X²/N in X, so each equation is weighted by w = v² with v = X²/N; its right-hand
	// side is w·N/X = v·X. The spread of x is summed about the first x (shifted data), which
	// keeps it accurate without a second pass for the mean.
	let (one, shift) = (F64x2::splat(1.0), F64x2::splat(points[0].x));
	let [w, wu, wnu, wuu, wnuu, wnnuu, wy, wuy, wnuy, xx, dx, dxx] = sum_pairs(
		points,
		|pt| (pt.n, pt.x),
		|n, x| {
			let u = n - one;
			let v = x * x / n;
			let (w, wy) = (v * v, v * x);
			let (wu, nu) = (w * u, n * u);
			let wuu = wu * u;
			let d = x - shift;
			[w, wu, wu * n, wuu, wuu * n, wuu * n * n, wy, wy * u, wy * nu, x * x, d, d * d]
		},
	);
	let spread = (dxx - dx * dx / points.len() as f64).max(0.0);
	let linear = ([[w, wu, wnu], [wu, wuu, wnuu], [wnu, wnuu, wnnuu]], [wy, wuy, wnuy]);
	Ok(Totals { sum_x2: xx, spread, max_n, linear })
}

/// The error for the first value that is not finite and positive, if any.
#[cold]
fn first_unusable(points: &[Point]) -> Option<FitError> {
	for (index, pt) in points.iter().enumerate() {
		let fields = [(Field::N, Some(pt.n)), (Field::X, Some(pt.x)), (Field::R, pt.r)];
		for (field, value) in fields {
			let Some(value) = value else { continue };
			if !value.is_finite() {
				return Some(FitError::NotFinite { index, field });
			}
			if !(value > 0.0) {
				return Some(FitError::NotPositive { index, field, value });
			}
		}
	}
	None
}

/// Fits the Universal Scalability Law to `points` (see the module documentation).
///
/// Points may come in any order and may repeat a size (replicated measurements).
pub fn fit(points: &[Point]) -> Result<Model, FitError> {
	let totals = validate(points)?;
	let mut most_iterations = 0;
	let mut run_from = |p: [f64; 3], at: Local| {
		let run = levenberg_marquardt(points, &totals, p, at);
		most_iterations = most_iterations.max(run.iterations);
		run.converged.then_some(run)
	};
	let run = match starting_points(&totals) {
		Starts::Inside(linearised) => {
			let (p, at) = local_profiled(points, linearised);
			run_from(p, at).or_else(|| {
				let (_, p) = profiled_start(points, &totals, R_DEFAULT);
				run_from(p, local(points, &p))
			})
		},
		Starts::Outside(starts) => {
			// From the best start (lowest sum of squares) to the worst: the first that converges.
			let mut starts = profiled_starts(points, &totals, starts);
			starts.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
			starts.iter().find_map(|&(_, p)| run_from(p, local(points, &p)))
		},
	};
	match run {
		Some(run) => Ok(summarise(points.len(), &totals, onto_bounds(points, &totals, run))),
		None => Err(FitError::NotConverged { iterations: most_iterations }),
	}
}

/// σ or κ so small that they change no fitted value beyond rounding are set to their bound 0,
/// when the sum of squares (with λ re-optimised) stays the same to working precision: exact
/// Amdahl data then reports κ = 0 and no peak, rather than κ = 10⁻¹¹ and a peak at N = 10⁸.
fn onto_bounds(points: &[Point], totals: &Totals, run: Run) -> Run {
	let max_n = totals.max_n;
	// The largest share of the denominator `1 + σ(N−1) + κN(N−1)` each term takes.
	let effect = [run.p[0] * max_n, run.p[1] * max_n * max_n];
	let mut best = run;
	for (k, effect) in effect.into_iter().enumerate() {
		if !(best.p[k] > 0.0 && effect <= 1e-8) {
			continue;
		}
		let (sigma, kappa) = if k == 0 { (0.0, best.p[1]) } else { (best.p[0], 0.0) };
		// λ from the profile; the sum of squares summed directly (the profile's closed form
		// cancels catastrophically on near-perfect fits).
		let (_, p) = profiled_start(points, totals, (sigma, kappa));
		let at = local(points, &p);
		if at.f <= best.sse * (1.0 + FTOL) + PERFECT * totals.sum_x2 {
			best = Run { p, a: at.a, sse: at.f, ..best };
		}
	}
	best
}

fn summarise(count: usize, totals: &Totals, run: Run) -> Model {
	let sse = run.sse;
	Model {
		coefficients: coefficients(&run.p),
		residual_sum_of_squares: sse,
		degrees_of_freedom: count - 3,
		r_squared: if totals.spread > 0.0 { 1.0 - sse / totals.spread } else { 1.0 },
		point_count: count,
		max_n: totals.max_n,
		iterations: run.iterations,
		normal: run.a,
	}
}

//! The Universal Scalability Law itself: throughput and latency for given coefficients, their
//! inverses, and the derived insights (peak, Amdahl ceiling, `N_opt`).
//!
//! Everything here is a pure function of [`Coefficients`]; fitting lives in [`crate::fit`].

use crate::math::sqrt;

/// The three coefficients of the Universal Scalability Law
/// `X(N) = λN / (1 + σ(N−1) + κN(N−1))`.
///
/// The R package `usl` calls them α (σ), β (κ) and γ (λ).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Coefficients {
	/// Contention penalty σ: the share of work that is serialised (queueing on a shared
	/// resource). 0 means none; with σ alone throughput levels off at `λ/σ` (Amdahl's law).
	pub sigma: f64,
	/// Coherence penalty κ: the cost every unit pays for every other unit (crosstalk, gossip,
	/// consensus rounds). Any κ > 0 makes throughput peak and then fall.
	pub kappa: f64,
	/// Throughput of a single unit (`X(1) = λ`), in the unit of the measured throughput.
	pub lambda: f64,
}

/// Where throughput peaks: beyond `n` adding units lowers throughput (retrograde scaling).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Peak {
	/// `N* = sqrt((1−σ)/κ)`, continuous (as R's `peak.scalability` reports it).
	pub n: f64,
	/// `N*` rounded down to a whole number of units, at least 1 (as Gunther's books and the
	/// Java/Go ports report it).
	pub n_floor: u64,
	/// Predicted throughput at the continuous peak, `X(N*)`.
	pub throughput: f64,
	/// Predicted latency at the continuous peak by Little's law, `R(N*) = N*/X(N*)`, in the
	/// reciprocal of the throughput's time unit (seconds when throughput is per second).
	pub latency: f64,
}

impl Coefficients {
	/// Creates coefficients from σ, κ and λ.
	pub const fn new(sigma: f64, kappa: f64, lambda: f64) -> Self {
		Self { sigma, kappa, lambda }
	}

	/// The denominator `1 + σ(N−1) + κN(N−1)`: how much slower than linear the system is at `n`.
	pub fn retrogression(&self, n: f64) -> f64 {
		1.0 + self.sigma * (n - 1.0) + self.kappa * n * (n - 1.0)
	}

	/// Predicted throughput `X(N)` at size or concurrency `n`.
	pub fn throughput(&self, n: f64) -> f64 {
		self.lambda * n / self.retrogression(n)
	}

	/// Predicted latency `R(N) = N / X(N) = (1 + σ(N−1) + κN(N−1)) / λ` by Little's law
	/// (closed system with `n` requests in flight), in the reciprocal of the throughput's
	/// time unit.
	pub fn latency(&self, n: f64) -> f64 {
		self.retrogression(n) / self.lambda
	}

	/// Efficiency of a measured point: `x / (λ·n)`, the share of linear scaling achieved.
	/// It can exceed 1 for superlinear data.
	pub fn efficiency(&self, n: f64, x: f64) -> f64 {
		x / (self.lambda * n)
	}

	/// The peak of the throughput curve, or `None` when κ = 0: without a coherence penalty
	/// throughput rises for ever towards the Amdahl ceiling and has no finite peak.
	pub fn peak(&self) -> Option<Peak> {
		if !(self.kappa > 0.0) || !(self.lambda > 0.0) {
			return None;
		}
		let n = sqrt(((1.0 - self.sigma) / self.kappa).max(0.0));
		if !n.is_finite() {
			return None;
		}
		let n_floor = if n < 1.0 { 1 } else { n as u64 };
		Some(Peak { n, n_floor, throughput: self.throughput(n), latency: self.latency(n) })
	}

	/// The Amdahl ceiling `λ/σ`: the throughput that contention alone would never let the
	/// system exceed (R's `limit.scalability`). `None` when σ = 0.
	pub fn amdahl_ceiling(&self) -> Option<f64> {
		(self.sigma > 0.0).then(|| self.lambda / self.sigma)
	}

	/// R's `optimal.scalability`, `N_opt = 1/σ`: the size where the linear bound `λN` meets
	/// the Amdahl ceiling `λ/σ`. It can lie beyond the peak when κ is large. `None` when σ = 0.
	pub fn n_opt(&self) -> Option<f64> {
		(self.sigma > 0.0).then(|| 1.0 / self.sigma)
	}

	/// The size or concurrency at which latency reaches `r` (inverse of [`Self::latency`]):
	/// the positive root of `κN² + (σ−κ)N + (1−σ−λR) = 0`. `None` when no positive size has
	/// that latency (for instance `r` below the latency of an idle system), or when σ = κ = 0
	/// (latency is then the same at every size).
	pub fn concurrency_at_latency(&self, r: f64) -> Option<f64> {
		let Coefficients { sigma, kappa, lambda } = *self;
		if !(r > 0.0) || !(lambda > 0.0) {
			return None;
		}
		let n = if kappa > 0.0 {
			let disc =
				sigma * sigma + kappa * kappa + 2.0 * kappa * (2.0 * lambda * r + sigma - 2.0);
			if disc < 0.0 {
				return None;
			}
			(kappa - sigma + sqrt(disc)) / (2.0 * kappa)
		} else if sigma > 0.0 {
			(lambda * r - 1.0 + sigma) / sigma
		} else {
			// Linear scaling: latency is 1/λ at every size, so it determines no size.
			return None;
		};
		(n.is_finite() && n > 0.0).then_some(n)
	}

	/// The throughput at which latency reaches `r`: `X(R) = N(R) / R`.
	pub fn throughput_at_latency(&self, r: f64) -> Option<f64> {
		self.concurrency_at_latency(r).map(|n| n / r)
	}

	/// Partial derivatives of `X(n)` with respect to (σ, κ, λ).
	pub fn throughput_gradient(&self, n: f64) -> [f64; 3] {
		let d = self.retrogression(n);
		let x = self.throughput(n);
		[-x * (n - 1.0) / d, -x * n * (n - 1.0) / d, n / d]
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const SPEC: Coefficients = Coefficients::new(0.0277285, 1.044e-4, 89.9952330);

	#[test]
	fn throughput_at_one_is_lambda() {
		assert!((SPEC.throughput(1.0) - SPEC.lambda).abs() < 1e-12);
	}

	#[test]
	fn peak_matches_r_usl_on_specsdm91() {
		let peak = SPEC.peak().unwrap();
		assert!((peak.n - 96.51956).abs() < 0.05, "{}", peak.n);
		assert_eq!(peak.n_floor, 96);
		assert!((peak.throughput - 1884.0).abs() < 1.0);
		assert!((peak.latency - peak.n / peak.throughput).abs() < 1e-12);
		assert!((SPEC.amdahl_ceiling().unwrap() - 3245.589).abs() < 0.1);
		assert!((SPEC.n_opt().unwrap() - 36.06401).abs() < 1e-3);
	}

	#[test]
	fn no_peak_without_coherence_penalty() {
		let amdahl = Coefficients::new(0.05, 0.0, 10.0);
		assert_eq!(amdahl.peak(), None);
		assert_eq!(Coefficients::new(0.0, 0.0, 10.0).amdahl_ceiling(), None);
		assert_eq!(Coefficients::new(0.0, 0.0, 10.0).n_opt(), None);
	}

	#[test]
	fn inverse_latency_round_trips_in_every_regime() {
		for c in [SPEC, Coefficients::new(0.05, 0.0, 10.0), Coefficients::new(0.0, 0.01, 2.0)] {
			for n in [1.0, 2.5, 10.0, 96.0, 500.0] {
				let r = c.latency(n);
				let back = c.concurrency_at_latency(r).unwrap();
				assert!((back - n).abs() < 1e-6 * n, "{c:?} n={n} back={back}");
				let x = c.throughput_at_latency(r).unwrap();
				assert!((x - c.throughput(n)).abs() < 1e-6 * x);
			}
		}
	}

	#[test]
	fn latency_of_linear_scaling_determines_no_size() {
		assert_eq!(Coefficients::new(0.0, 0.0, 3.0).concurrency_at_latency(1.0 / 3.0), None);
	}

	#[test]
	fn latency_below_idle_has_no_concurrency() {
		assert_eq!(SPEC.concurrency_at_latency(1e-9), None);
		assert_eq!(SPEC.concurrency_at_latency(-1.0), None);
	}
}

//! Student's t distribution, for two-sided confidence intervals of fitted coefficients.
// The tables keep their coefficients to the digits published (Acklam; t quantiles to 16).
#![allow(clippy::excessive_precision)]

use crate::math::{exp, ln, ln_gamma, sqrt};

/// Regularised incomplete beta function `I_x(a, b)` (continued fraction, Lentz's method).
pub(crate) fn incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
	if x <= 0.0 {
		return 0.0;
	}
	if x >= 1.0 {
		return 1.0;
	}
	let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * ln(x) + b * ln(1.0 - x);
	let front = exp(ln_front);
	// The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
	if x < (a + 1.0) / (a + b + 2.0) {
		front * beta_continued_fraction(a, b, x) / a
	} else {
		1.0 - front * beta_continued_fraction(b, a, 1.0 - x) / b
	}
}

fn beta_continued_fraction(a: f64, b: f64, x: f64) -> f64 {
	const TINY: f64 = 1e-300;
	// Keeps Lentz's running terms away from zero.
	let away_from_zero = |v: f64| if v.abs() < TINY { TINY } else { v };
	let mut c = 1.0;
	let mut d = 1.0 / away_from_zero(1.0 - (a + b) * x / (a + 1.0));
	let mut h = d;
	for m in 1..300 {
		let m = m as f64;
		let m2 = 2.0 * m;
		// Each iteration applies an even and an odd term of the continued fraction.
		let even = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
		let odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
		let mut delta = 1.0;
		for aa in [even, odd] {
			d = 1.0 / away_from_zero(1.0 + aa * d);
			c = away_from_zero(1.0 + aa / c);
			delta = d * c;
			h *= delta;
		}
		if (delta - 1.0).abs() < 1e-15 {
			break;
		}
	}
	h
}

/// Cumulative distribution function of Student's t with `dof` degrees of freedom.
pub fn student_t_cdf(t: f64, dof: f64) -> f64 {
	let tail = 0.5 * incomplete_beta(dof / 2.0, 0.5, dof / (dof + t * t));
	if t >= 0.0 {
		1.0 - tail
	} else {
		tail
	}
}

fn student_t_pdf(t: f64, dof: f64) -> f64 {
	let ln_norm =
		ln_gamma((dof + 1.0) / 2.0) - ln_gamma(dof / 2.0) - 0.5 * ln(dof * core::f64::consts::PI);
	exp(ln_norm - (dof + 1.0) / 2.0 * ln(1.0 + t * t / dof))
}

/// Quantile of the standard normal distribution (Acklam's rational approximation, refined
/// by the t iteration below when used as a start).
fn normal_quantile(p: f64) -> f64 {
	const A: [f64; 6] = [
		-3.969683028665376e+01,
		2.209460984245205e+02,
		-2.759285104469687e+02,
		1.383577518672690e+02,
		-3.066479806614716e+01,
		2.506628277459239e+00,
	];
	const B: [f64; 5] = [
		-5.447609879822406e+01,
		1.615858368580409e+02,
		-1.556989798598866e+02,
		6.680131188771972e+01,
		-1.328068155288572e+01,
	];
	const C: [f64; 6] = [
		-7.784894002430293e-03,
		-3.223964580411365e-01,
		-2.400758277161838e+00,
		-2.549732539343734e+00,
		4.374664141464968e+00,
		2.938163982698783e+00,
	];
	const D: [f64; 4] = [
		7.784695709041462e-03,
		3.224671290700398e-01,
		2.445134137142996e+00,
		3.754408661907416e+00,
	];
	let p_low = 0.02425;
	if p < p_low {
		let q = sqrt(-2.0 * ln(p));
		(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
			/ ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
	} else if p <= 1.0 - p_low {
		let q = p - 0.5;
		let r = q * q;
		(((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
			/ (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
	} else {
		-normal_quantile(1.0 - p)
	}
}

/// Quantile `t` with `P(T ≤ t) = p` of Student's t with `dof ≥ 1` degrees of freedom,
/// accurate to about 1e-12 (Cornish–Fisher start, then Newton on the exact distribution).
pub fn student_t_quantile(p: f64, dof: f64) -> f64 {
	if !(p > 0.0 && p < 1.0 && dof > 0.0) {
		return f64::NAN;
	}
	if p < 0.5 {
		return -student_t_quantile(1.0 - p, dof);
	}
	if dof == 1.0 {
		return libm::tan(core::f64::consts::PI * (p - 0.5));
	}
	if dof == 2.0 {
		return (2.0 * p - 1.0) / sqrt(2.0 * p * (1.0 - p));
	}
	let z = normal_quantile(p);
	let z2 = z * z;
	let g1 = (z2 + 1.0) * z / 4.0;
	let g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
	let g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
	let mut t = z + g1 / dof + g2 / (dof * dof) + g3 / (dof * dof * dof);
	for _ in 0..50 {
		let step = (student_t_cdf(t, dof) - p) / student_t_pdf(t, dof);
		t -= step;
		if step.abs() <= 1e-13 * t.abs().max(1.0) {
			break;
		}
	}
	t
}

/// `t(0.975, dof)` for `dof` = 1..=30, computed by [`student_t_quantile`] (a test checks they
/// agree), so that a fit does not pay for the iteration on small samples.
const T975: [f64; 30] = [
	1.270620473617470e1,
	4.302652729749462e0,
	3.182446305283706e0,
	2.776445105197795e0,
	2.570581835636314e0,
	2.446911851144970e0,
	2.364624251592784e0,
	2.306004135204167e0,
	2.262157162798205e0,
	2.228138851986273e0,
	2.200985160091640e0,
	2.178812829667229e0,
	2.160368656462793e0,
	2.144786687917802e0,
	2.131449545559774e0,
	2.119905299221256e0,
	2.109815577833318e0,
	2.100922040241038e0,
	2.093024054408309e0,
	2.085963447265864e0,
	2.079613844727682e0,
	2.073873067904024e0,
	2.068657610419049e0,
	2.063898561628027e0,
	2.059538552753297e0,
	2.055529438642870e0,
	2.051830516480289e0,
	2.048407141795243e0,
	2.045229642132704e0,
	2.042272456301238e0,
];

/// The two-sided 95 % critical value `t(0.975, dof)`.
pub fn t95(dof: usize) -> f64 {
	match dof {
		1..=30 => T975[dof - 1],
		_ => student_t_quantile(0.975, dof as f64),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn two_sided_95_percent_quantiles_match_tables() {
		// Values from standard t tables (and R's qt(0.975, df)).
		for (dof, expected) in [
			(1.0, 12.706204736),
			(2.0, 4.302652730),
			(3.0, 3.182446305),
			(4.0, 2.776445105),
			(5.0, 2.570581836),
			(10.0, 2.228138852),
			(30.0, 2.042272456),
			(100.0, 1.983971519),
		] {
			let t = student_t_quantile(0.975, dof);
			assert!((t - expected).abs() < 1e-8, "dof {dof}: {t} vs {expected}");
		}
	}

	#[test]
	fn t95_table_is_the_quantile_function() {
		for dof in 1..=30 {
			assert!((t95(dof) - student_t_quantile(0.975, dof as f64)).abs() < 1e-13);
		}
		assert!((t95(31) - 2.039513446).abs() < 1e-8);
	}

	#[test]
	fn quantile_inverts_cdf() {
		for dof in [3.0, 7.0, 25.0] {
			for p in [0.6, 0.9, 0.975, 0.999] {
				let t = student_t_quantile(p, dof);
				assert!((student_t_cdf(t, dof) - p).abs() < 1e-12);
				assert!((student_t_quantile(1.0 - p, dof) + t).abs() < 1e-12);
			}
		}
	}
}

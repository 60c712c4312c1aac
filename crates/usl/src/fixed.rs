//! Deterministic fixed-point evaluation of the USL, for a runtime that must verify a fit that
//! an off-chain worker found, without floating point.
//!
//! Numbers are [`Fixed`]: unsigned, 18 decimal places (the representation of
//! `sp_arithmetic::FixedU128`, so a pallet can convert with `FixedU128::from_inner`). Every
//! operation rounds down and every function returns `None` instead of overflowing.
//!
//! **Agreement with the float path** (checked by property tests): for coefficients and
//! points within the documented domain (σ, κ ∈ [0, 1], λ ≤ 10⁹, n ≤ 10⁶, x ≤ 10⁹),
//! [`throughput`] and [`peak_n`] agree with [`crate::Coefficients`] to a relative 1e-9, and
//! [`residual_sum_of_squares`] agrees with the float residual sum of squares to a relative
//! 1e-9 of `Σ xᵢ²` (the float sum itself is only that accurate where the fit is close).

/// `1.0` in [`Fixed`]'s representation.
pub const ONE: u128 = 1_000_000_000_000_000_000;

/// An unsigned fixed-point number with 18 decimal places: `Fixed(v)` is `v / 10¹⁸`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fixed(pub u128);

impl Fixed {
	/// Zero.
	pub const ZERO: Fixed = Fixed(0);
	/// One.
	pub const ONE: Fixed = Fixed(ONE);

	/// A whole number.
	pub const fn from_integer(v: u64) -> Fixed {
		Fixed(v as u128 * ONE)
	}

	/// `numerator / denominator`, rounded down; `None` when the denominator is 0.
	pub fn from_rational(numerator: u128, denominator: u128) -> Option<Fixed> {
		mul_div_floor(numerator, ONE, denominator).map(Fixed)
	}

	/// The nearest fixed-point number to a finite non-negative float; `None` otherwise or when
	/// it does not fit. For off-chain code that turns a float fit into a transaction.
	pub fn from_f64(v: f64) -> Option<Fixed> {
		if !v.is_finite() || v < 0.0 {
			return None;
		}
		// Split into integer and fractional parts so that large values keep their precision.
		let int = libm::floor(v);
		if int >= (u128::MAX / ONE) as f64 {
			return None;
		}
		let frac = libm::round((v - int) * 1e18) as u128;
		(int as u128).checked_mul(ONE)?.checked_add(frac).map(Fixed)
	}

	/// The float nearest to this number (for display and tests, not for consensus).
	pub fn to_f64(self) -> f64 {
		(self.0 / ONE) as f64 + (self.0 % ONE) as f64 / ONE as f64
	}

	/// `self + other`, `None` on overflow.
	pub fn checked_add(self, other: Fixed) -> Option<Fixed> {
		self.0.checked_add(other.0).map(Fixed)
	}

	/// `self − other`, `None` when negative.
	pub fn checked_sub(self, other: Fixed) -> Option<Fixed> {
		self.0.checked_sub(other.0).map(Fixed)
	}

	/// `|self − other|`.
	pub fn abs_diff(self, other: Fixed) -> Fixed {
		Fixed(self.0.abs_diff(other.0))
	}

	/// `self × other`, rounded down, `None` on overflow.
	pub fn checked_mul(self, other: Fixed) -> Option<Fixed> {
		// (ai + af)(bi + bf) with integer parts ai, bi and fractions af, bf < 1: every
		// partial product fits whenever the result does.
		let (ai, af) = (self.0 / ONE, self.0 % ONE);
		let (bi, bf) = (other.0 / ONE, other.0 % ONE);
		ai.checked_mul(bi)?
			.checked_mul(ONE)?
			.checked_add(ai.checked_mul(bf)?)?
			.checked_add(af.checked_mul(bi)?)?
			.checked_add(af * bf / ONE)
			.map(Fixed)
	}

	/// `self / other`, rounded down, `None` when `other` is 0 or on overflow.
	pub fn checked_div(self, other: Fixed) -> Option<Fixed> {
		mul_div_floor(self.0, ONE, other.0).map(Fixed)
	}

	/// Square root, rounded down.
	pub fn sqrt(self) -> Fixed {
		match self.0.checked_mul(ONE) {
			Some(scaled) => Fixed(isqrt(scaled)),
			// Large values: sqrt(v·10¹⁸) = sqrt(v)·10⁹, with v ≥ 3.4·10²⁰ keeping ≥ 10
			// significant digits.
			None => Fixed(isqrt(self.0) * 1_000_000_000),
		}
	}
}

/// Integer square root, rounded down (Newton's method).
pub fn isqrt(v: u128) -> u128 {
	if v < 2 {
		return v;
	}
	// Start above the root: 2^ceil(bits/2).
	let bits = 128 - v.leading_zeros();
	let mut x = 1u128 << bits.div_ceil(2);
	loop {
		let y = (x + v / x) >> 1;
		if y >= x {
			return x;
		}
		x = y;
	}
}

/// `floor(a × b / c)` with a 256-bit intermediate product; `None` when `c` is 0 or the
/// quotient does not fit in 128 bits.
pub fn mul_div_floor(a: u128, b: u128, c: u128) -> Option<u128> {
	if c == 0 {
		return None;
	}
	if let Some(product) = a.checked_mul(b) {
		return Some(product / c);
	}
	let (hi, lo) = mul_wide(a, b);
	if hi >= c {
		return None;
	}
	// Long division of the 256-bit (hi, lo) by c, one bit at a time; rem < c throughout.
	let mut rem = hi;
	let mut quotient = 0u128;
	for bit in (0..128).rev() {
		let carry = rem >> 127;
		rem = (rem << 1) | ((lo >> bit) & 1);
		if carry == 1 || rem >= c {
			rem = rem.wrapping_sub(c);
			quotient |= 1 << bit;
		}
	}
	Some(quotient)
}

/// Full 256-bit product of two u128 as (high, low).
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
	const MASK: u128 = u64::MAX as u128;
	let (a1, a0) = (a >> 64, a & MASK);
	let (b1, b0) = (b >> 64, b & MASK);
	let p00 = a0 * b0;
	let p01 = a0 * b1;
	let p10 = a1 * b0;
	let p11 = a1 * b1;
	let middle = (p00 >> 64) + (p01 & MASK) + (p10 & MASK);
	let lo = (p00 & MASK) | (middle << 64);
	let hi = p11 + (p01 >> 64) + (p10 >> 64) + (middle >> 64);
	(hi, lo)
}

/// USL coefficients in fixed point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FixedCoefficients {
	/// Contention penalty σ.
	pub sigma: Fixed,
	/// Coherence penalty κ.
	pub kappa: Fixed,
	/// Single-unit throughput λ.
	pub lambda: Fixed,
}

impl FixedCoefficients {
	/// Fixed-point coefficients nearest to float ones.
	pub fn from_f64(c: &crate::Coefficients) -> Option<FixedCoefficients> {
		Some(FixedCoefficients {
			sigma: Fixed::from_f64(c.sigma)?,
			kappa: Fixed::from_f64(c.kappa)?,
			lambda: Fixed::from_f64(c.lambda)?,
		})
	}

	/// Float coefficients (for display, not consensus).
	pub fn to_f64(&self) -> crate::Coefficients {
		crate::Coefficients::new(self.sigma.to_f64(), self.kappa.to_f64(), self.lambda.to_f64())
	}

	/// Whether σ and κ lie in [0, 1] (λ is unsigned, so always ≥ 0).
	pub fn within_bounds(&self) -> bool {
		self.sigma <= Fixed::ONE && self.kappa <= Fixed::ONE
	}
}

/// `1 + σ(n−1) + κn(n−1)`, written `1 ± |n−1|(σ + κn)` so that it stays unsigned for
/// `0 < n < 1` too (where it is still positive for σ, κ ≤ 1).
pub fn retrogression(c: &FixedCoefficients, n: Fixed) -> Option<Fixed> {
	let per_unit = c.sigma.checked_add(c.kappa.checked_mul(n)?)?;
	if n >= Fixed::ONE {
		Fixed::ONE.checked_add(n.checked_sub(Fixed::ONE)?.checked_mul(per_unit)?)
	} else {
		Fixed::ONE.checked_sub(Fixed::ONE.checked_sub(n)?.checked_mul(per_unit)?)
	}
}

/// Throughput `X(n) = λn / (1 + σ(n−1) + κn(n−1))`.
pub fn throughput(c: &FixedCoefficients, n: Fixed) -> Option<Fixed> {
	let d = retrogression(c, n)?;
	// λ·n/d with one rounding: floor(λ·n_raw / d_raw) in raw units.
	mul_div_floor(c.lambda.0, n.0, d.0).map(Fixed)
}

/// Latency `R(n) = (1 + σ(n−1) + κn(n−1)) / λ` (Little's law).
pub fn latency(c: &FixedCoefficients, n: Fixed) -> Option<Fixed> {
	retrogression(c, n)?.checked_div(c.lambda)
}

/// Residual sum of squares `Σ (xᵢ − X(nᵢ))²` of `points` given as `(n, x)` pairs.
pub fn residual_sum_of_squares(c: &FixedCoefficients, points: &[(Fixed, Fixed)]) -> Option<Fixed> {
	let mut sum = Fixed::ZERO;
	for &(n, x) in points {
		let residual = x.abs_diff(throughput(c, n)?);
		sum = sum.checked_add(residual.checked_mul(residual)?)?;
	}
	Some(sum)
}

/// Total sum of squares `Σ (xᵢ − x̄)²` of the measured throughputs (x̄ their mean, rounded
/// down); `None` for no points or on overflow.
pub fn total_sum_of_squares(points: &[(Fixed, Fixed)]) -> Option<Fixed> {
	let count = u128::try_from(points.len()).ok().filter(|&c| c > 0)?;
	let mut total = Fixed::ZERO;
	for &(_, x) in points {
		total = total.checked_add(x)?;
	}
	let mean = Fixed(total.0 / count);
	let mut sum = Fixed::ZERO;
	for &(_, x) in points {
		let deviation = x.abs_diff(mean);
		sum = sum.checked_add(deviation.checked_mul(deviation)?)?;
	}
	Some(sum)
}

/// Coefficient of determination `R² = 1 − RSS/TSS`, as the float path defines it (1 when
/// every measurement is equal). `None` when the model explains less than the mean does
/// (`RSS > TSS`, a negative R²), which no acceptable fit does.
pub fn r_squared(rss: Fixed, tss: Fixed) -> Option<Fixed> {
	if tss == Fixed::ZERO {
		return (rss == Fixed::ZERO).then_some(Fixed::ONE);
	}
	Fixed::ONE.checked_sub(rss.checked_div(tss)?)
}

/// Continuous peak `N* = sqrt((1−σ)/κ)`; `None` when κ = 0 (no finite peak) or σ > 1.
pub fn peak_n(c: &FixedCoefficients) -> Option<Fixed> {
	if c.kappa == Fixed::ZERO {
		return None;
	}
	Some(Fixed::ONE.checked_sub(c.sigma)?.checked_div(c.kappa)?.sqrt())
}

/// Amdahl ceiling `λ/σ`; `None` when σ = 0.
pub fn amdahl_ceiling(c: &FixedCoefficients) -> Option<Fixed> {
	c.lambda.checked_div(c.sigma)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn mul_div_handles_256_bit_intermediates() {
		assert_eq!(mul_div_floor(u128::MAX, u128::MAX, u128::MAX), Some(u128::MAX));
		assert_eq!(mul_div_floor(u128::MAX, 2, 4), Some(u128::MAX / 2));
		assert_eq!(mul_div_floor(1 << 100, 1 << 100, 1 << 90), Some(1 << 110));
		assert_eq!(mul_div_floor(u128::MAX, u128::MAX, 1), None);
		assert_eq!(mul_div_floor(1, 1, 0), None);
		assert_eq!(mul_div_floor(7, 3, 2), Some(10));
	}

	#[test]
	fn isqrt_is_exact_floor() {
		for v in [0u128, 1, 2, 3, 4, 15, 16, 17, 1 << 64, u128::MAX] {
			let r = isqrt(v);
			assert!(r * r <= v, "{v}");
			assert!((r + 1).checked_mul(r + 1).is_none_or(|s| s > v), "{v}");
		}
	}

	#[test]
	fn fixed_arithmetic_matches_decimal_expectations() {
		let half = Fixed::from_rational(1, 2).unwrap();
		assert_eq!(half.checked_mul(half), Fixed::from_rational(1, 4));
		assert_eq!(Fixed::from_integer(9).sqrt(), Fixed::from_integer(3));
		assert_eq!(Fixed::from_integer(1).checked_div(Fixed::ZERO), None);
		assert_eq!(Fixed::from_f64(2.5), Some(Fixed(2_500_000_000_000_000_000)));
		assert_eq!(Fixed::from_f64(-1.0), None);
		assert_eq!(Fixed::from_f64(f64::NAN), None);
		let big = Fixed::from_integer(1_000_000_000_000);
		assert_eq!(big.sqrt(), Fixed::from_integer(1_000_000));
	}

	#[test]
	fn throughput_of_known_coefficients() {
		let c = FixedCoefficients {
			sigma: Fixed::from_rational(2, 100).unwrap(),
			kappa: Fixed::from_rational(2, 100).unwrap(),
			lambda: Fixed::ONE,
		};
		// X(2) = 2 / (1 + 0.02 + 0.04) = 1.886792452830188679
		assert_eq!(throughput(&c, Fixed::from_integer(2)), Some(Fixed(1_886_792_452_830_188_679)));
		// N* = sqrt(0.98 / 0.02) = 7
		assert_eq!(peak_n(&c), Some(Fixed::from_integer(7)));
		assert_eq!(amdahl_ceiling(&c), Some(Fixed::from_integer(50)));
		let no_kappa = FixedCoefficients { kappa: Fixed::ZERO, ..c };
		assert_eq!(peak_n(&no_kappa), None);
	}
}

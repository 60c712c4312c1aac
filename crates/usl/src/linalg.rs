//! The 3×3 symmetric linear algebra a USL fit needs, written out by hand.
//!
//! A fit solves a few 3×3 (or smaller, when a coefficient is held on a bound) symmetric
//! positive definite systems. They are solved by Cramer's rule, the adjugate over the
//! determinant: every cofactor is independent of the others, so the processor computes them
//! side by side and a solve costs one division, where a factorisation is a chain of three.
//! Positive definiteness is checked by Sylvester's criterion, each leading minor relative to
//! the product of its diagonal, so the test does not depend on the columns' scales (λ ~ 10³
//! next to κ ~ 10⁻⁴) and a minor lost to rounding counts as singular. For 3×3 systems the
//! accuracy matches a factorisation's (the property tests compare fits with a brute-force
//! search).

/// A symmetric 3×3 matrix (both triangles stored).
pub(crate) type Matrix = [[f64; 3]; 3];

/// Solves `(M + mu·diag(D)) y = b` over the coordinates marked `free`; the others get 0.
/// `mu = 0` solves `M y = b`. `None` when the system is not positive definite or the solution
/// is not finite.
pub(crate) fn solve_damped(
	m: &Matrix,
	b: &[f64; 3],
	free: &[bool; 3],
	mu: f64,
	d: &[f64; 3],
) -> Option<[f64; 3]> {
	let damped = |i: usize| m[i][i] + mu * d[i];
	let mut out = [0.0; 3];
	match *free {
		[true, true, true] => {
			let a = [
				[damped(0), m[0][1], m[0][2]],
				[m[1][0], damped(1), m[1][2]],
				[m[2][0], m[2][1], damped(2)],
			];
			out = solve3(&a, b)?;
		},
		[false, false, false] => {},
		_ => {
			let mut idx = [0usize; 2];
			let mut k = 0;
			for (i, is_free) in free.iter().enumerate() {
				if *is_free {
					idx[k] = i;
					k += 1;
				}
			}
			if k == 1 {
				let i = idx[0];
				let pivot = damped(i);
				if !(pivot > 0.0) {
					return None;
				}
				out[i] = b[i] / pivot;
			} else {
				let (i, j) = (idx[0], idx[1]);
				let (a00, a01, a11) = (damped(i), m[i][j], damped(j));
				let (y0, y1) = solve2(a00, a01, a11, b[i], b[j])?;
				out[i] = y0;
				out[j] = y1;
			}
		},
	}
	(out[0].is_finite() && out[1].is_finite() && out[2].is_finite()).then_some(out)
}

/// `[[a00, a01], [a01, a11]] y = b` by Cramer's rule.
#[inline]
fn solve2(a00: f64, a01: f64, a11: f64, b0: f64, b1: f64) -> Option<(f64, f64)> {
	let det = a00 * a11 - a01 * a01;
	// Relative test: a determinant lost to rounding is a singular matrix, not a tiny positive one.
	if !(a00 > 0.0 && det > 1e-15 * a00 * a11) {
		return None;
	}
	let inv = 1.0 / det;
	Some(((a11 * b0 - a01 * b1) * inv, (a00 * b1 - a01 * b0) * inv))
}

/// The adjugate of a symmetric positive definite 3×3 matrix and its determinant. `None` when
/// it is not positive definite to working precision (Sylvester's criterion on the leading
/// minors, each relative to the product of its diagonal).
#[inline]
fn adjugate3(a: &Matrix) -> Option<(Matrix, f64)> {
	let [[a00, a01, a02], [_, a11, a12], [_, _, a22]] = *a;
	let c00 = a11 * a22 - a12 * a12;
	let c01 = a02 * a12 - a01 * a22;
	let c02 = a01 * a12 - a02 * a11;
	let c11 = a00 * a22 - a02 * a02;
	let c12 = a01 * a02 - a00 * a12;
	let c22 = a00 * a11 - a01 * a01;
	let det = a00 * c00 + a01 * c01 + a02 * c02;
	if !(a00 > 0.0 && c22 > 1e-15 * a00 * a11 && det > 1e-15 * a22 * c22) {
		return None;
	}
	Some(([[c00, c01, c02], [c01, c11, c12], [c02, c12, c22]], det))
}

/// `a y = b` for a symmetric positive definite `a`.
#[inline]
pub(crate) fn solve3(a: &Matrix, b: &[f64; 3]) -> Option<[f64; 3]> {
	let (y, det) = solve3_unscaled(a, b)?;
	let inv_det = 1.0 / det;
	Some(y.map(|v| v * inv_det))
}

/// `a y = b` for a symmetric positive definite `a`, as `(det(a)·y, det(a))`: for a caller that
/// only needs ratios of the solution's components, no division at all.
#[inline]
pub(crate) fn solve3_unscaled(a: &Matrix, b: &[f64; 3]) -> Option<([f64; 3], f64)> {
	let (c, det) = adjugate3(a)?;
	Some((core::array::from_fn(|i| c[i][0] * b[0] + c[i][1] * b[1] + c[i][2] * b[2]), det))
}

/// Inverse of a symmetric positive definite 3×3 matrix: its adjugate over its determinant.
pub(crate) fn invert_spd(m: &Matrix) -> Option<Matrix> {
	let (c, det) = adjugate3(m)?;
	let inv_det = 1.0 / det;
	let inv = c.map(|row| row.map(|v| v * inv_det));
	inv.iter().flatten().all(|v| v.is_finite()).then_some(inv)
}

#[cfg(test)]
// Matrices are checked entry by entry, by index.
#[allow(clippy::needless_range_loop)]
mod tests {
	use super::*;

	fn mul(m: &Matrix, y: &[f64; 3]) -> [f64; 3] {
		let mut out = [0.0; 3];
		for i in 0..3 {
			for k in 0..3 {
				out[i] += m[i][k] * y[k];
			}
		}
		out
	}

	/// A USL-like normal matrix: columns of very different scales, well conditioned once scaled.
	const M: Matrix = [[4.0e6, 3.0e8, -2.0e3], [3.0e8, 9.0e10, -1.0e5], [-2.0e3, -1.0e5, 5.0]];
	const DIAG: [f64; 3] = [M[0][0], M[1][1], M[2][2]];

	#[test]
	fn solves_full_and_reduced_systems() {
		let b = [1.0, -2.0, 0.5];
		let y = solve_damped(&M, &b, &[true; 3], 0.0, &DIAG).unwrap();
		let back = mul(&M, &y);
		for i in 0..3 {
			assert!((back[i] - b[i]).abs() <= 1e-9 * b[i].abs().max(1.0), "{back:?}");
		}
		// Holding κ (index 1): the 2×2 system over σ and λ.
		let y = solve_damped(&M, &b, &[true, false, true], 0.0, &DIAG).unwrap();
		assert_eq!(y[1], 0.0);
		assert!((M[0][0] * y[0] + M[0][2] * y[2] - b[0]).abs() < 1e-12);
		assert!((M[2][0] * y[0] + M[2][2] * y[2] - b[2]).abs() < 1e-12);
		let y = solve_damped(&M, &b, &[false, false, true], 0.0, &DIAG).unwrap();
		assert_eq!(y, [0.0, 0.0, 0.1]);
		assert_eq!(solve_damped(&M, &b, &[false; 3], 0.0, &DIAG).unwrap(), [0.0; 3]);
	}

	#[test]
	fn damping_scales_the_diagonal() {
		let b = [1.0, 0.0, 0.0];
		let mu = 0.5;
		let y = solve_damped(&M, &b, &[true; 3], mu, &DIAG).unwrap();
		let mut damped = M;
		for i in 0..3 {
			damped[i][i] *= 1.0 + mu;
		}
		let back = mul(&damped, &y);
		for i in 0..3 {
			assert!((back[i] - b[i]).abs() < 1e-9);
		}
	}

	#[test]
	fn refuses_singular_and_indefinite_matrices() {
		let singular = [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [3.0, 6.0, 9.0]];
		assert!(solve_damped(&singular, &[1.0; 3], &[true; 3], 0.0, &[1.0; 3]).is_none());
		assert!(invert_spd(&singular).is_none());
		let indefinite = [[1.0, 0.0, 0.0], [0.0, -1.0, 0.0], [0.0, 0.0, 1.0]];
		assert!(solve_damped(&indefinite, &[1.0; 3], &[true; 3], 0.0, &[1.0; 3]).is_none());
		assert!(
			solve_damped(&indefinite, &[1.0; 3], &[false, true, false], 0.0, &[1.0; 3]).is_none()
		);
		// Damping makes a singular (but non-negative diagonal) system solvable.
		assert!(solve_damped(&singular, &[1.0; 3], &[true; 3], 1e-3, &[1.0; 3]).is_some());
	}

	#[test]
	fn inverse_times_matrix_is_identity() {
		let inv = invert_spd(&M).unwrap();
		for col in 0..3 {
			let mut unit = [0.0; 3];
			unit[col] = 1.0;
			let e = mul(&M, &[inv[0][col], inv[1][col], inv[2][col]]);
			for row in 0..3 {
				assert!((e[row] - unit[row]).abs() < 1e-9, "{e:?}");
			}
		}
		for i in 0..3 {
			for k in 0..3 {
				assert_eq!(inv[i][k], inv[k][i]);
			}
		}
	}
}

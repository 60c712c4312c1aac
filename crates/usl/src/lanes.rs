//! Two `f64` lanes, so that a fit's passes over the points handle two points per step.
//!
//! A fit spends most of its time in one kind of loop: for every point, a division and some
//! forty multiplications and additions into fifteen sums. Compilers do not vectorise that
//! loop on their own (the sums are separate variables, not an array), so it is written over
//! [`F64x2`]: on x86-64 one SSE2 register (SSE2 is part of every x86-64 processor), elsewhere
//! (the runtime's wasm) a pair of scalars.
//!
//! Every operation is lane-wise IEEE-754 arithmetic, rounded once, on both paths, so results
//! are bit-for-bit the same on every target: a fit does not depend on where it runs.

#[cfg(target_arch = "x86_64")]
mod imp {
	use core::arch::x86_64::{
		__m128d, _mm_add_pd, _mm_add_sd, _mm_cvtsd_f64, _mm_div_pd, _mm_mul_pd, _mm_set1_pd,
		_mm_set_pd, _mm_sub_pd, _mm_unpackhi_pd,
	};

	/// Two `f64` lanes in one SSE2 register.
	#[derive(Clone, Copy, Debug)]
	pub(crate) struct F64x2(__m128d);

	// SAFETY (every `unsafe` below): these SSE2 intrinsics are only `unsafe` because they
	// require the `sse2` target feature, which every x86-64 target enables; they touch no
	// memory.
	impl F64x2 {
		#[inline(always)]
		pub(crate) fn new(first: f64, second: f64) -> Self {
			Self(unsafe { _mm_set_pd(second, first) })
		}
		#[inline(always)]
		pub(crate) fn splat(v: f64) -> Self {
			Self(unsafe { _mm_set1_pd(v) })
		}
		/// `first + second`.
		#[inline(always)]
		pub(crate) fn sum(self) -> f64 {
			unsafe { _mm_cvtsd_f64(_mm_add_sd(self.0, _mm_unpackhi_pd(self.0, self.0))) }
		}
	}

	macro_rules! lane_op {
		($trait:ident, $method:ident, $intrinsic:ident) => {
			impl core::ops::$trait for F64x2 {
				type Output = F64x2;
				#[inline(always)]
				fn $method(self, other: F64x2) -> F64x2 {
					F64x2(unsafe { $intrinsic(self.0, other.0) })
				}
			}
		};
	}
	lane_op!(Add, add, _mm_add_pd);
	lane_op!(Sub, sub, _mm_sub_pd);
	lane_op!(Mul, mul, _mm_mul_pd);
	lane_op!(Div, div, _mm_div_pd);
}

#[cfg(not(target_arch = "x86_64"))]
mod imp {
	/// Two `f64` lanes as a pair of scalars.
	#[derive(Clone, Copy, Debug)]
	pub(crate) struct F64x2([f64; 2]);

	impl F64x2 {
		#[inline(always)]
		pub(crate) fn new(first: f64, second: f64) -> Self {
			Self([first, second])
		}
		#[inline(always)]
		pub(crate) fn splat(v: f64) -> Self {
			Self([v, v])
		}
		/// `first + second`.
		#[inline(always)]
		pub(crate) fn sum(self) -> f64 {
			self.0[0] + self.0[1]
		}
	}

	macro_rules! lane_op {
		($trait:ident, $method:ident, $op:tt) => {
			impl core::ops::$trait for F64x2 {
				type Output = F64x2;
				#[inline(always)]
				fn $method(self, other: F64x2) -> F64x2 {
					F64x2([self.0[0] $op other.0[0], self.0[1] $op other.0[1]])
				}
			}
		};
	}
	lane_op!(Add, add, +);
	lane_op!(Sub, sub, -);
	lane_op!(Mul, mul, *);
	lane_op!(Div, div, /);
}

pub(crate) use imp::F64x2;

impl core::ops::AddAssign for F64x2 {
	#[inline(always)]
	fn add_assign(&mut self, other: F64x2) {
		*self = *self + other;
	}
}

/// `Σ terms(item)` over `items`, each of the `K` sums kept separately, computed two items at
/// a time: `terms` gets the values `value` picks from two items, one per lane, and returns
/// their `K` terms per lane. An odd last item shares its step with a copy of itself whose
/// terms are dropped.
#[inline(always)]
pub(crate) fn sum_pairs<T, const K: usize>(
	items: &[T],
	value: impl Fn(&T) -> (f64, f64),
	terms: impl Fn(F64x2, F64x2) -> [F64x2; K],
) -> [f64; K] {
	let mut sums = [F64x2::splat(0.0); K];
	let mut pairs = items.chunks_exact(2);
	for pair in &mut pairs {
		let (a, b) = (value(&pair[0]), value(&pair[1]));
		let t = terms(F64x2::new(a.0, b.0), F64x2::new(a.1, b.1));
		for k in 0..K {
			sums[k] += t[k];
		}
	}
	if let [last] = pairs.remainder() {
		let a = value(last);
		let t = terms(F64x2::new(a.0, a.0), F64x2::new(a.1, a.1));
		for k in 0..K {
			sums[k] += t[k] * F64x2::new(1.0, 0.0);
		}
	}
	core::array::from_fn(|k| sums[k].sum())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn lanes_are_independent_ieee_operations() {
		let (a, b) = (F64x2::new(1.5, -2.0), F64x2::new(0.25, 3.0));
		assert_eq!((a + b).sum(), 1.75 + 1.0);
		assert_eq!((a - b).sum(), 1.25 + -5.0);
		assert_eq!((a * b).sum(), 0.375 + -6.0);
		assert_eq!((a / b).sum(), 6.0 + -2.0 / 3.0);
		assert_eq!(F64x2::splat(0.1).sum(), 0.2);
	}

	#[test]
	fn pair_sums_count_every_item_once() {
		for len in 0..6 {
			let items: Vec<f64> = (1..=len).map(f64::from).collect();
			let [sum, count, squares] = sum_pairs(&items, |v| (*v, 1.0), |v, one| [v, one, v * v]);
			assert_eq!(sum, items.iter().sum::<f64>(), "{len} items");
			assert_eq!(count, len as f64);
			assert_eq!(squares, items.iter().map(|v| v * v).sum::<f64>());
		}
	}
}

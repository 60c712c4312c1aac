//! Floating-point functions that `core` lacks without `std`, from `libm` so that results are
//! the same on every target (native, wasm).

#[inline]
pub(crate) fn sqrt(x: f64) -> f64 {
	libm::sqrt(x)
}

#[inline]
pub(crate) fn ln_gamma(x: f64) -> f64 {
	libm::lgamma(x)
}

#[inline]
pub(crate) fn ln(x: f64) -> f64 {
	libm::log(x)
}

#[inline]
pub(crate) fn exp(x: f64) -> f64 {
	libm::exp(x)
}

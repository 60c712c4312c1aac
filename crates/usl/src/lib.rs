//! # The Universal Scalability Law, fitted as accurately as R's `usl` and fast enough for a
//! blockchain's off-chain workers
//!
//! Stacktical predicts how a network scales from a small performance test: measure throughput
//! `X` at a handful of sizes `N` (validator counts, concurrent senders), fit
//!
//! ```text
//! X(N) = λN / (1 + σ(N−1) + κN(N−1))
//! ```
//!
//! and read off the peak, the contention (σ) and coherence (κ) penalties, the single-unit
//! throughput (λ) and the latency to expect at any size.
//!
//! The same code runs in three places, so it is one `no_std` crate (with `alloc`) and has no
//! dependency but `libm`:
//! - the command-line tool `stacktical fit` ([`fit()`] and [`Model`]);
//! - collators' off-chain workers, which fit campaigns stored on-chain;
//! - the runtime, which must check a submitted fit deterministically: the [`fixed`] module
//!   evaluates the model and its residual sum of squares in integer fixed point.
//!
//! ```
//! use usl::{fit, Point};
//! // SPEC SDM91 (Gunther), as in R's `usl` package.
//! let points: Vec<Point> = [(1.0, 64.9), (18.0, 995.9), (36.0, 1652.4), (72.0, 1853.2),
//!     (108.0, 1828.9), (144.0, 1775.0), (216.0, 1702.2)]
//!     .into_iter().map(|(n, x)| Point::new(n, x)).collect();
//! let model = fit(&points).unwrap();
//! let peak = model.peak().unwrap();
//! assert!((peak.n - 96.5).abs() < 0.1);
//! ```
//!
//! Every reported number is defined in `docs/usl.md`.
#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]
// Range guards are written `!(x > 0.0)` on purpose: unlike `x <= 0.0`, they also reject NaN.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

extern crate alloc;

pub mod fit;
pub mod fixed;
mod lanes;
mod linalg;
mod math;
pub mod model;
pub mod stats;

pub use fit::{
	fit, Estimate, Field, FitError, FittedPoint, Model, Parameter, Point, Prediction, Warning,
	MIN_POINTS, RECOMMENDED_POINTS,
};
pub use model::{Coefficients, Peak};

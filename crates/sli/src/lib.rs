//! # Service-level indicators from probe results
//!
//! Stacktical's collators probe relay-chain validators (their p2p endpoints, and HTTP URLs
//! where their operators registered some) and record, per validator, prober and hour, how many probes succeeded
//! and how long the successful ones took. This crate holds the arithmetic that turns those
//! records into the service-level indicators nominators read, so that the runtime, its
//! runtime API and any off-chain tool compute them identically:
//!
//! - [`LatencyHistogram`]: a log₂-spaced latency histogram (16 buckets, 1 ms … > 16 s) that
//!   merges by addition and estimates percentiles by interpolation within a bucket;
//! - [`ProbeCounts`]: up/total counts, the exact latency sum (for the mean) and the histogram
//!   of one prober (or of a combination) over one time bucket;
//! - [`combine`]: the robust combination of several probers' counts for one bucket, so one
//!   lying or broken prober cannot move the result much (median uptime ratio, trimmed latency),
//!   and [`combine_at_least`], which leaves out a bucket too few probers reported on;
//! - [`Sli`]: uptime in parts per million and latency mean/p50/p95/p99 in microseconds;
//! - [`Channel`]: how a validator is probed (p2p or HTTP), each with its own SLIs;
//! - [`discoverability`]: which hours a validator's signed p2p records vouch for;
//! - [`time`]: hour and day bucket indices, and the windows (day, week, month, year, era,
//!   custom) over which SLIs are asked for.
//!
//! Everything is integer arithmetic: no floating point, no panics, saturating where a sum
//! could overflow. `docs/monitoring.md` gives the formulas.
#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

extern crate alloc;

mod channel;
mod combine;
mod counts;
pub mod discoverability;
mod histogram;
pub mod time;

pub use channel::Channel;
pub use combine::{combine, combine_at_least, deviation_ppm, Combined, MIN_PROBERS_FOR_MEDIAN};
pub use counts::{LatencyStats, ProbeCounts, Sli, PPM};
pub use discoverability::Discoverability;
pub use histogram::{bucket_of, bucket_range_ms, LatencyHistogram, BUCKETS};

//! # SLA arithmetic
//!
//! The maths of Stacktical's service-level agreements, kept apart from the pallets that store
//! contracts (`pallet-sla`) and move money (`pallet-compensation`) so that the runtime, its
//! runtime API and off-chain tools compute the same numbers, and so that it can be tested by
//! properties:
//!
//! - [`objective`]: what an SLA promises — an SLI ([`Metric`]), a [`Direction`] (at least, at
//!   most) and a target — and how far a measured SLI misses it. Both directions are exact
//!   integer comparisons: a latency objective that is *met* never underflows (DSLA v1's defect).
//! - [`credit`]: how much a miss is worth, as a share of the cover (ppm): DSLA v2's deviation
//!   `|sli − slo|·2/(sli + slo)` with a cap, or a tier table from shortfall to credit, which
//!   reads the same way for "uptime fell below" and "latency rose above" (v2's table worked one
//!   way only).
//! - [`verdict`]: the verdict of one period from its evidence — void when the evidence is too
//!   thin, breached at the largest credit when the provider tampered with monitoring, and
//!   otherwise met or breached by the worst objective; maintenance beyond an allowance counts as
//!   downtime.
//! - [`money`]: premiums, the capped compensation of a period, how it is split between the
//!   provider's bond and the backers, and per-unit counters that let any number of holders
//!   claim their share in O(1), rounding down so that dust stays in the pot.
//!
//! Integer arithmetic only; no panics; every product that could overflow goes through a
//! 256-bit intermediate ([`money::mul_div`]). `docs/sla.md` gives the formulas with a worked
//! example.
#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

pub mod credit;
pub mod money;
pub mod objective;
pub mod verdict;

pub use credit::{CreditRule, RuleError, Tier};
pub use objective::{Direction, Metric, Objective};
pub use verdict::{effective_uptime_ppm, judge, Clause, Evidence, Gate, Verdict, VoidReason};

/// One million: shares, credits and uptime are in parts per million.
pub const PPM: u32 = 1_000_000;

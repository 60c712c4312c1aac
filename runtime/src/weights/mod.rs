//! Weights of upstream pallets, generated for this runtime by `scripts/benchmark.sh` (this
//! project's own pallets keep theirs in `pallets/<name>/src/weights.rs`).

pub mod pallet_xcm;

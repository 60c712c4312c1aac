//! Only a carrier of the `rococo-runtime` dependency: see `Cargo.toml`.

//! Builds the runtime's wasm blob with `substrate-wasm-builder` when the crate is compiled with
//! `std` (for the node and tests). The wasm build itself compiles this crate without `std`.
//!
//! A second blob is built with the `increment-spec-version` feature: the same runtime with
//! the next spec version, which the runtime-upgrade test sets with `set_code` (only this
//! crate is compiled again for it; its dependencies are shared with the first build).

fn main() {
	#[cfg(feature = "std")]
	{
		polkadot_sdk::substrate_wasm_builder::WasmBuilder::build_using_defaults();
		polkadot_sdk::substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.enable_feature("increment-spec-version")
			.set_file_name("wasm_binary_spec_version_incremented.rs")
			.build();
	}
}

//! Builds the runtime's wasm blob with `substrate-wasm-builder` when the crate is compiled with
//! `std` (for the node and tests). The wasm build itself compiles this crate without `std`.

fn main() {
	#[cfg(feature = "std")]
	polkadot_sdk::substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

//! Builds the consumer runtime's wasm blob (for the zombienet round trip, where
//! `polkadot-omni-node` runs it). The emulated network tests run it natively and build with
//! `SKIP_WASM_BUILD=1`.

fn main() {
	#[cfg(feature = "std")]
	polkadot_sdk::substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

use polkadot_sdk::substrate_build_script_utils::{generate_cargo_keys, rerun_if_git_head_changed};

// `SUBSTRATE_CLI_COMMIT_HASH`: the relay node refuses PVF workers whose version differs from its
// own, so the three binaries must carry the same one.
fn main() {
	generate_cargo_keys();
	rerun_if_git_head_changed();
}

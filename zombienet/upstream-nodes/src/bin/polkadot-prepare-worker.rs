//! The relay node's PVF preparation worker (compiles parachain validation code).

polkadot_node_core_pvf_common::decl_worker_main!(
	"prepare-worker",
	polkadot_node_core_pvf_prepare_worker::worker_entrypoint,
	polkadot_cli::NODE_VERSION,
	env!("SUBSTRATE_CLI_COMMIT_HASH"),
);

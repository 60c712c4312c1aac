//! Dispatches the command line to the node or a subcommand.

use polkadot_sdk::{
	frame_benchmarking_cli::{BenchmarkCmd, SUBSTRATE_REFERENCE_HARDWARE},
	sc_cli::{self, SubstrateCli},
	sc_service::PartialComponents,
};

use crate::{
	cli::{Cli, RelayChainCli, Subcommand},
	service::new_partial,
};

macro_rules! construct_async_run {
	(|$components:ident, $cli:ident, $cmd:ident, $config:ident| $( $code:tt )* ) => {{
		let runner = $cli.create_runner($cmd)?;
		runner.async_run(|$config| {
			let $components = new_partial(&$config)?;
			let task_manager = $components.task_manager;
			{ $( $code )* }.map(|v| (v, task_manager))
		})
	}}
}

/// Parses the command line and runs what it asks for.
pub fn run() -> sc_cli::Result<()> {
	let cli = Cli::from_args();

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			construct_async_run!(|components, cli, cmd, config| {
				Ok(cmd.run(components.client, components.import_queue))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			construct_async_run!(|components, cli, cmd, config| {
				Ok(cmd.run(components.client, config.database))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			construct_async_run!(|components, cli, cmd, config| {
				Ok(cmd.run(components.client, config.chain_spec))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			construct_async_run!(|components, cli, cmd, config| {
				Ok(cmd.run(components.client, components.import_queue))
			})
		},
		Some(Subcommand::Revert(cmd)) => {
			construct_async_run!(|components, cli, cmd, config| {
				Ok(cmd.run(components.client, components.backend, None))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| {
				let polkadot_cli = RelayChainCli::new(&config, cli.relay_chain_args.iter());
				let polkadot_config = SubstrateCli::create_configuration(
					&polkadot_cli,
					&polkadot_cli,
					config.tokio_handle.clone(),
				)
				.map_err(|err| format!("Relay chain argument error: {err}"))?;
				cmd.run(config, polkadot_config)
			})
		},
		Some(Subcommand::ExportGenesisHead(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| {
				let PartialComponents { client, .. } = new_partial(&config)?;
				cmd.run(client)
			})
		},
		Some(Subcommand::ExportGenesisWasm(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|_config| {
				let spec = cli.load_spec(&cmd.shared_params.chain.clone().unwrap_or_default())?;
				cmd.run(&*spec)
			})
		},
		Some(Subcommand::Benchmark(cmd)) => match cmd {
			// Runs the benchmarks of a runtime built with `--features runtime-benchmarks`, given
			// with `--runtime <wasm>` (see `scripts/benchmark.sh`); the node itself needs no
			// special build for that.
			BenchmarkCmd::Pallet(cmd) => {
				let chain = cmd
					.shared_params
					.chain
					.as_ref()
					.map(|chain| cli.load_spec(chain))
					.transpose()?;
				cmd.run_with_spec::<polkadot_sdk::sp_runtime::traits::HashingFor<stacktical_runtime::opaque::Block>, crate::service::BenchmarkHostFunctions>(chain)
			},
			BenchmarkCmd::Block(cmd) => {
				let runner = cli.create_runner(cmd)?;
				runner.sync_run(|config| {
					let partials = new_partial(&config)?;
					cmd.run(partials.client)
				})
			},
			#[cfg(feature = "runtime-benchmarks")]
			BenchmarkCmd::Storage(cmd) => {
				let runner = cli.create_runner(cmd)?;
				runner.sync_run(|config| {
					let partials = new_partial(&config)?;
					let db = partials.backend.expose_db();
					let storage = partials.backend.expose_storage();
					let shared_trie_cache = partials.backend.expose_shared_trie_cache();
					cmd.run(config, partials.client.clone(), db, storage, shared_trie_cache)
				})
			},
			BenchmarkCmd::Machine(cmd) => {
				let runner = cli.create_runner(cmd)?;
				runner.sync_run(|config| cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()))
			},
			#[allow(unreachable_patterns)]
			_ => {
				Err("this benchmark needs a node built with `--features runtime-benchmarks`".into())
			},
		},
		None => {
			let runner = cli.create_runner(&cli.run.normalize())?;
			let collator_options = cli.run.collator_options();
			let dev_mode = cli.dev_mode();
			let p2p_prober = !cli.no_p2p_prober;

			runner.run_node_until_exit(|config| async move {
				if let Some(mode) = dev_mode {
					log::info!("🛠  Dev mode ({mode:?}): no relay chain");
					return crate::dev::start_dev_node(config, mode, p2p_prober)
						.map_err(Into::into);
				}

				let polkadot_cli = RelayChainCli::new(&config, cli.relay_chain_args.iter());
				let hwbench = (!cli.no_hardware_benchmarks)
					.then(|| {
						config.database.path().map(|database_path| {
							let _ = std::fs::create_dir_all(database_path);
							polkadot_sdk::sc_sysinfo::gather_hwbench(
								Some(database_path),
								&SUBSTRATE_REFERENCE_HARDWARE,
							)
						})
					})
					.flatten();

				let polkadot_config = SubstrateCli::create_configuration(
					&polkadot_cli,
					&polkadot_cli,
					config.tokio_handle.clone(),
				)
				.map_err(|err| format!("Relay chain argument error: {err}"))?;

				log::info!(
					"✍️ Is collating: {}",
					if config.role.is_authority() { "yes" } else { "no" }
				);

				match config.network.network_backend {
					polkadot_sdk::sc_network::config::NetworkBackendType::Libp2p => {
						crate::service::start_parachain_node::<
							polkadot_sdk::sc_network::NetworkWorker<_, _>,
						>(config, polkadot_config, collator_options, hwbench, p2p_prober)
						.await
					},
					polkadot_sdk::sc_network::config::NetworkBackendType::Litep2p => {
						crate::service::start_parachain_node::<
							polkadot_sdk::sc_network::Litep2pNetworkBackend,
						>(config, polkadot_config, collator_options, hwbench, p2p_prober)
						.await
					},
				}
				.map_err(Into::into)
			})
		},
	}
}

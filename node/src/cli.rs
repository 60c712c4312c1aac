//! Command-line flags of `stacktical-node`.

use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches};
use polkadot_sdk::{
	cumulus_client_cli, frame_benchmarking_cli,
	sc_cli::{
		self, CliConfiguration, DefaultConfigurationValues, ImportParams, KeystoreParams,
		NetworkParams, RpcEndpoint, SharedParams, SubstrateCli,
	},
	sc_service::{self, config::PrometheusConfig, BasePath},
};

/// Block time of `--dev` when `--dev-block-time` is not given.
pub const DEFAULT_DEV_BLOCK_TIME_MS: u64 = 3000;

/// Subcommands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management utilities.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Write a chain spec (`--chain dev|local|benchmark|FILE`, `--raw` for raw storage).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Remove the whole chain (parachain and embedded relay chain).
	PurgeChain(cumulus_client_cli::PurgeChainCmd),

	/// Export the genesis head data of the parachain (to register it on a relay chain).
	#[command(alias = "export-genesis-state")]
	ExportGenesisHead(cumulus_client_cli::ExportGenesisHeadCommand),

	/// Export the genesis wasm of the parachain (to register it on a relay chain).
	ExportGenesisWasm(cumulus_client_cli::ExportGenesisWasmCommand),

	/// Benchmarks: `pallet` (needs `--features runtime-benchmarks`), `block`, `machine`, ….
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}

/// `stacktical-node [parachain-args] -- [relay-chain-args]`
#[derive(Debug, clap::Parser)]
#[command(
	propagate_version = true,
	args_conflicts_with_subcommands = true,
	subcommand_negates_reqs = true
)]
pub struct Cli {
	/// Subcommand; none runs the node.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Parameters shared by Cumulus nodes.
	#[command(flatten)]
	pub run: cumulus_client_cli::RunCmd,

	/// In dev mode, seal a block every this many milliseconds (implies `--dev` behaviour
	/// when given with `--dev`; default 3000).
	#[arg(long, value_name = "MS", conflicts_with = "instant_seal")]
	pub dev_block_time: Option<u64>,

	/// In dev mode, seal a block as soon as a transaction arrives (and an empty one after 6 s
	/// without any, so that off-chain workers keep running).
	#[arg(long)]
	pub instant_seal: bool,

	/// Skip the hardware benchmark at start-up.
	#[arg(long)]
	pub no_hardware_benchmarks: bool,

	/// Do not run the p2p prober. Without it, this collator's off-chain worker probes only
	/// HTTP endpoints, and the targets it would probe over p2p are left out of its reports
	/// (not measured, never down).
	#[arg(long)]
	pub no_p2p_prober: bool,

	/// Relay-chain arguments, after `--`.
	#[arg(raw = true)]
	pub relay_chain_args: Vec<String>,
}

/// How a dev node seals blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevSealMode {
	/// A block as soon as there is a transaction, and an empty one when idle for
	/// [`crate::dev::IDLE_SEAL`].
	Instant,
	/// A block every so many milliseconds, empty or not.
	Interval(u64),
}

impl Cli {
	/// The dev sealing mode, if the node runs without a relay chain.
	pub fn dev_mode(&self) -> Option<DevSealMode> {
		if !self.run.base.is_dev().unwrap_or(false) {
			return None;
		}
		Some(if self.instant_seal {
			DevSealMode::Instant
		} else {
			DevSealMode::Interval(self.dev_block_time.unwrap_or(DEFAULT_DEV_BLOCK_TIME_MS))
		})
	}
}

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"Stacktical Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		"The Stacktical collator: performance governance for Polkadot.\n\n\
		 Run `stacktical-node --dev` for a single-node chain without a relay chain, or\n\
		 `stacktical-node [parachain-args] -- [relay-chain-args]` as a collator."
			.into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://github.com/stacktical/stacktical-parachain/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		crate::chain_spec::load_spec(id)
	}
}

/// Relay-chain flags, given after `--`.
#[derive(Debug)]
pub struct RelayChainCli {
	/// The relay node's flags.
	pub base: polkadot_cli::RunCmd,
	/// The relay chain from the parachain's chain spec, used when no relay `--chain` is given.
	pub chain_id: Option<String>,
	/// Where the embedded relay node keeps its data.
	pub base_path: Option<PathBuf>,
}

impl RelayChainCli {
	/// Parses the relay-chain flags for a parachain node configured by `para_config`.
	pub fn new<'a>(
		para_config: &sc_service::Configuration,
		relay_chain_args: impl Iterator<Item = &'a String>,
	) -> Self {
		let command = polkadot_cli::RunCmd::command().no_binary_name(true);
		let matches = command.get_matches_from(relay_chain_args);
		let base = FromArgMatches::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
		let chain_id = crate::chain_spec::Extensions::try_get(&*para_config.chain_spec)
			.map(|e| e.relay_chain.clone());
		let base_path = Some(para_config.base_path.path().join("polkadot"));
		Self { base, chain_id, base_path }
	}
}

impl SubstrateCli for RelayChainCli {
	fn impl_name() -> String {
		Cli::impl_name()
	}

	fn impl_version() -> String {
		Cli::impl_version()
	}

	fn description() -> String {
		Cli::description()
	}

	fn author() -> String {
		Cli::author()
	}

	fn support_url() -> String {
		Cli::support_url()
	}

	fn copyright_start_year() -> i32 {
		Cli::copyright_start_year()
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		polkadot_cli::Cli::from_iter([Self::executable_name()].iter()).load_spec(id)
	}
}

impl DefaultConfigurationValues for RelayChainCli {
	fn p2p_listen_port() -> u16 {
		30334
	}

	fn rpc_listen_port() -> u16 {
		9945
	}

	fn prometheus_listen_port() -> u16 {
		9616
	}
}

impl CliConfiguration<Self> for RelayChainCli {
	fn shared_params(&self) -> &SharedParams {
		self.base.base.shared_params()
	}

	fn import_params(&self) -> Option<&ImportParams> {
		self.base.base.import_params()
	}

	fn network_params(&self) -> Option<&NetworkParams> {
		self.base.base.network_params()
	}

	fn keystore_params(&self) -> Option<&KeystoreParams> {
		self.base.base.keystore_params()
	}

	fn base_path(&self) -> sc_cli::Result<Option<BasePath>> {
		Ok(self.shared_params().base_path()?.or_else(|| self.base_path.clone().map(Into::into)))
	}

	fn rpc_addr(&self, default_listen_port: u16) -> sc_cli::Result<Option<Vec<RpcEndpoint>>> {
		self.base.base.rpc_addr(default_listen_port)
	}

	fn prometheus_config(
		&self,
		default_listen_port: u16,
		chain_spec: &Box<dyn sc_service::ChainSpec>,
	) -> sc_cli::Result<Option<PrometheusConfig>> {
		self.base.base.prometheus_config(default_listen_port, chain_spec)
	}

	fn init<F>(&self, _: &String, _: &String, _: F) -> sc_cli::Result<()>
	where
		F: FnOnce(&mut sc_cli::LoggerBuilder),
	{
		// The parachain's CLI initialises logging for both.
		Ok(())
	}

	fn chain_id(&self, is_dev: bool) -> sc_cli::Result<String> {
		let chain_id = self.base.base.chain_id(is_dev)?;
		Ok(if chain_id.is_empty() { self.chain_id.clone().unwrap_or_default() } else { chain_id })
	}

	fn role(&self, is_dev: bool) -> sc_cli::Result<sc_service::Role> {
		self.base.base.role(is_dev)
	}

	fn transaction_pool(
		&self,
		is_dev: bool,
	) -> sc_cli::Result<sc_service::config::TransactionPoolOptions> {
		self.base.base.transaction_pool(is_dev)
	}

	fn trie_cache_maximum_size(&self) -> sc_cli::Result<Option<usize>> {
		self.base.base.trie_cache_maximum_size()
	}

	fn rpc_methods(&self) -> sc_cli::Result<sc_service::config::RpcMethods> {
		self.base.base.rpc_methods()
	}

	fn rpc_max_connections(&self) -> sc_cli::Result<u32> {
		self.base.base.rpc_max_connections()
	}

	fn rpc_cors(&self, is_dev: bool) -> sc_cli::Result<Option<Vec<String>>> {
		self.base.base.rpc_cors(is_dev)
	}

	fn default_heap_pages(&self) -> sc_cli::Result<Option<u64>> {
		self.base.base.default_heap_pages()
	}

	fn force_authoring(&self) -> sc_cli::Result<bool> {
		self.base.base.force_authoring()
	}

	fn disable_grandpa(&self) -> sc_cli::Result<bool> {
		self.base.base.disable_grandpa()
	}

	fn max_runtime_instances(&self) -> sc_cli::Result<Option<usize>> {
		self.base.base.max_runtime_instances()
	}

	fn announce_block(&self) -> sc_cli::Result<bool> {
		self.base.base.announce_block()
	}

	fn telemetry_endpoints(
		&self,
		chain_spec: &Box<dyn sc_service::ChainSpec>,
	) -> sc_cli::Result<Option<polkadot_sdk::sc_telemetry::TelemetryEndpoints>> {
		self.base.base.telemetry_endpoints(chain_spec)
	}

	fn node_name(&self) -> sc_cli::Result<String> {
		self.base.base.node_name()
	}
}

//! The node's services: the client and its parts, and the collator that follows a relay chain.

use std::{sync::Arc, time::Duration};

use futures::FutureExt;
use polkadot_sdk::{
	cumulus_client_cli::CollatorOptions,
	cumulus_client_collator::service::CollatorService,
	cumulus_client_consensus_aura::collators::lookahead::{self as aura, Params as AuraParams},
	cumulus_client_consensus_common::ParachainBlockImport as TParachainBlockImport,
	cumulus_client_service::{
		build_network, build_relay_chain_interface, prepare_node_config, start_relay_chain_tasks,
		BuildNetworkParams, DARecoveryProfile, ParachainHostFunctions, StartRelayChainTasksParams,
	},
	cumulus_primitives_core::{relay_chain::ValidationCode, ParaId},
	frame_benchmarking_cli::SUBSTRATE_REFERENCE_HARDWARE,
	sc_client_api::Backend as _,
	sc_consensus::ImportQueue,
	sc_executor::{HeapAllocStrategy, WasmExecutor, DEFAULT_HEAP_ALLOC_STRATEGY},
	sc_network::{config::FullNetworkConfiguration, NetworkBackend, NetworkBlock},
	sc_service::{Configuration, PartialComponents, TFullBackend, TFullClient, TaskManager},
	sc_telemetry::{Telemetry, TelemetryHandle, TelemetryWorker, TelemetryWorkerHandle},
	sc_transaction_pool::TransactionPoolHandle,
	sc_transaction_pool_api::OffchainTransactionPoolFactory,
	sp_consensus_aura::sr25519::AuthorityPair as AuraPair,
};
use stacktical_runtime::{
	apis::RuntimeApi,
	opaque::{Block, Hash},
};

/// Host functions the runtime may call; benchmarks add their own.
#[cfg(not(feature = "runtime-benchmarks"))]
pub type HostFunctions = ParachainHostFunctions;
/// Host functions the runtime may call; benchmarks add their own.
#[cfg(feature = "runtime-benchmarks")]
pub type HostFunctions =
	(ParachainHostFunctions, polkadot_sdk::frame_benchmarking::benchmarking::HostFunctions);

/// Host functions of `benchmark pallet`, which runs a benchmarking build of the runtime.
pub type BenchmarkHostFunctions =
	(ParachainHostFunctions, polkadot_sdk::frame_benchmarking::benchmarking::HostFunctions);

/// Executes the runtime's wasm.
pub type Executor = WasmExecutor<HostFunctions>;
/// The client of this node.
pub type Client = TFullClient<Block, RuntimeApi, Executor>;
/// The database backend.
pub type Backend = TFullBackend<Block>;
/// Block import that knows about the parachain's unincluded segment.
pub type BlockImport = TParachainBlockImport<Block, Arc<Client>, Backend>;
/// The transaction pool.
pub type Pool = TransactionPoolHandle<Block, Client>;

/// The parts of a node that chain operations (import, export, revert, …) need.
pub type Service = PartialComponents<
	Client,
	Backend,
	(),
	polkadot_sdk::sc_consensus::DefaultImportQueue<Block>,
	Pool,
	(BlockImport, Option<Telemetry>, Option<TelemetryWorkerHandle>),
>;

/// Builds the client, database, keystore, pool and an import queue that verifies Aura blocks.
pub fn new_partial(config: &Configuration) -> Result<Service, polkadot_sdk::sc_service::Error> {
	let telemetry = config
		.telemetry_endpoints
		.clone()
		.filter(|x| !x.is_empty())
		.map(|endpoints| -> Result<_, polkadot_sdk::sc_telemetry::Error> {
			let worker = TelemetryWorker::new(16)?;
			let telemetry = worker.handle().new_telemetry(endpoints);
			Ok((worker, telemetry))
		})
		.transpose()?;

	let heap_pages = config
		.executor
		.default_heap_pages
		.map_or(DEFAULT_HEAP_ALLOC_STRATEGY, |h| HeapAllocStrategy::Static { extra_pages: h as _ });
	let executor = Executor::builder()
		.with_execution_method(config.executor.wasm_method)
		.with_onchain_heap_alloc_strategy(heap_pages)
		.with_offchain_heap_alloc_strategy(heap_pages)
		.with_max_runtime_instances(config.executor.max_runtime_instances)
		.with_runtime_cache_size(config.executor.runtime_cache_size)
		.build();

	let (client, backend, keystore_container, task_manager) =
		polkadot_sdk::sc_service::new_full_parts_record_import::<Block, RuntimeApi, _>(
			config,
			telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
			executor,
			true,
			Default::default(),
		)?;
	let client = Arc::new(client);
	let telemetry_worker_handle = telemetry.as_ref().map(|(worker, _)| worker.handle());
	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let transaction_pool = Arc::from(
		polkadot_sdk::sc_transaction_pool::Builder::new(
			task_manager.spawn_essential_handle(),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	);

	let block_import = BlockImport::new(client.clone(), backend.clone());
	let import_queue = build_import_queue(
		client.clone(),
		block_import.clone(),
		config,
		telemetry.as_ref().map(|telemetry| telemetry.handle()),
		&task_manager,
	);

	Ok(PartialComponents {
		backend,
		client,
		import_queue,
		keystore_container,
		task_manager,
		transaction_pool,
		select_chain: (),
		other: (block_import, telemetry, telemetry_worker_handle),
	})
}

fn build_import_queue(
	client: Arc<Client>,
	block_import: BlockImport,
	config: &Configuration,
	telemetry: Option<TelemetryHandle>,
	task_manager: &TaskManager,
) -> polkadot_sdk::sc_consensus::DefaultImportQueue<Block> {
	polkadot_sdk::cumulus_client_consensus_aura::equivocation_import_queue::fully_verifying_import_queue::<
		AuraPair,
		_,
		_,
		_,
		_,
	>(
		client,
		block_import,
		move |_, _| async move {
			Ok(polkadot_sdk::sp_timestamp::InherentDataProvider::from_system_time())
		},
		&task_manager.spawn_essential_handle(),
		config.prometheus_registry(),
		telemetry,
	)
}

/// Starts off-chain workers, with HTTP enabled (the monitoring pallet probes validators).
pub fn start_offchain_workers(
	config: &Configuration,
	client: &Arc<Client>,
	backend: &Arc<Backend>,
	keystore: polkadot_sdk::sp_keystore::KeystorePtr,
	pool: &Arc<Pool>,
	network: Arc<dyn polkadot_sdk::sc_network::service::traits::NetworkService>,
	task_manager: &TaskManager,
) -> Result<(), polkadot_sdk::sc_service::Error> {
	if !config.offchain_worker.enabled {
		return Ok(());
	}
	let workers = polkadot_sdk::sc_offchain::OffchainWorkers::new(
		polkadot_sdk::sc_offchain::OffchainWorkerOptions {
			runtime_api_provider: client.clone(),
			keystore: Some(keystore),
			offchain_db: backend.offchain_storage(),
			transaction_pool: Some(OffchainTransactionPoolFactory::new(pool.clone())),
			network_provider: Arc::new(network),
			is_validator: config.role.is_authority(),
			enable_http_requests: true,
			custom_extensions: move |_| vec![],
		},
	)?;
	task_manager.spawn_handle().spawn(
		"offchain-workers-runner",
		"offchain-work",
		workers.run(client.clone(), task_manager.spawn_handle()).boxed(),
	);
	Ok(())
}

/// How often the prober looks up validators' missing or old records in the relay DHT.
const LOOKUP_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Most records looked up per round.
const LOOKUPS_PER_ROUND: usize = 32;

/// Starts the p2p prober beside the off-chain workers of an authority (the worker hands it
/// the p2p endpoints of its share; see `stacktical-prober`), with its metrics on the node's
/// Prometheus endpoint. With the relay chain's network (a collator), it also collects the
/// validators' signed records from the relay network's DHT ([`collect_records`]).
pub fn start_prober(
	config: &Configuration,
	backend: &Arc<Backend>,
	probe: stacktical_prober::ProbeConfig,
	relay_network: Option<Arc<dyn polkadot_sdk::sc_network::service::traits::NetworkService>>,
	task_manager: &TaskManager,
) {
	use polkadot_sdk::sc_client_api::Backend as _;
	if !config.offchain_worker.enabled || !config.role.is_authority() {
		return;
	}
	let Some(storage) = backend.offchain_storage() else {
		log::warn!("No off-chain storage: the p2p prober does not run");
		return;
	};
	let metrics = config.prometheus_registry().and_then(|registry| {
		stacktical_prober::Metrics::register(registry)
			.map_err(|e| log::warn!("The p2p prober's metrics are not registered: {e}"))
			.ok()
	});
	let records = stacktical_prober::Records::default();
	if let Some(network) = relay_network {
		task_manager.spawn_handle().spawn(
			"p2p-prober-records",
			"monitoring",
			collect_records(network, records.clone(), metrics.clone()),
		);
	}
	task_manager.spawn_handle().spawn(
		"p2p-prober",
		"monitoring",
		stacktical_prober::run(storage, probe, metrics, records),
	);
}

/// Collects validators' signed authority-discovery records from the relay network: every DHT
/// value the relay node finds (its authority-discovery worker fetches all validators' about
/// every ten minutes) is offered to `records`, and every [`LOOKUP_EVERY`] the records still
/// wanted (missing, or older than an hour) are looked up.
async fn collect_records(
	network: Arc<dyn polkadot_sdk::sc_network::service::traits::NetworkService>,
	records: stacktical_prober::Records,
	metrics: Option<stacktical_prober::Metrics>,
) {
	use futures::{future::Either, stream, StreamExt};
	use polkadot_sdk::sc_network::{DhtEvent, Event, KademliaKey};
	let ticks = Box::pin(stream::unfold((), |()| async {
		futures_timer::Delay::new(LOOKUP_EVERY).await;
		Some(((), ()))
	}));
	let mut events = stream::select(
		network.event_stream("stacktical-prober").map(Either::Left),
		ticks.map(Either::Right),
	);
	while let Some(event) = events.next().await {
		match event {
			Either::Left(Event::Dht(DhtEvent::ValueFound(found))) => {
				let offer = records.offer(found.record.key.as_ref(), &found.record.value);
				if let stacktical_prober::Offer::Refused(e) = offer {
					log::debug!(
						target: stacktical_prober::LOG_TARGET,
						"a validator's record refused: {e:?}",
					);
				}
				if let Some(metrics) = &metrics {
					metrics.records.with_label_values(&[offer.label()]).inc();
					metrics.records_held.set(records.len() as u64);
				}
			},
			Either::Left(_) => {},
			Either::Right(()) => {
				for key in records.missing(LOOKUPS_PER_ROUND) {
					network.get_value(&KademliaKey::new(&key));
					if let Some(metrics) = &metrics {
						metrics.lookups.inc();
					}
				}
			},
		}
	}
}

/// The RPC builder shared by collator and dev nodes.
pub fn rpc_builder(
	client: Arc<Client>,
	pool: Arc<Pool>,
) -> Box<
	dyn Fn(
		polkadot_sdk::sc_rpc::SubscriptionTaskExecutor,
	) -> Result<jsonrpsee::RpcModule<()>, polkadot_sdk::sc_service::Error>,
> {
	Box::new(move |_| {
		crate::rpc::create_full(crate::rpc::FullDeps { client: client.clone(), pool: pool.clone() })
			.map_err(polkadot_sdk::sc_service::Error::Application)
	})
}

/// The parachain id: the runtime's, or else the chain spec's.
pub fn para_id(
	client: &Client,
	config: &polkadot_sdk::sc_service::Configuration,
) -> Result<ParaId, String> {
	use polkadot_sdk::{
		cumulus_primitives_core::GetParachainInfo, sp_api::ProvideRuntimeApi,
		sp_blockchain::HeaderBackend,
	};
	let best = client.info().best_hash;
	let id = client
		.runtime_api()
		.parachain_id(best)
		.ok()
		.or_else(|| {
			crate::chain_spec::Extensions::try_get(&*config.chain_spec)
				.and_then(|e| e.para_id)
				.map(ParaId::from)
		})
		.ok_or_else(|| {
			"cannot tell the parachain id from the runtime or the chain spec".to_string()
		})?;
	log::info!("🪪 Parachain id: {id}");
	Ok(id)
}

/// Starts a collator (or full node) of the parachain, following the relay chain.
pub async fn start_parachain_node<Net: NetworkBackend<Block, Hash>>(
	parachain_config: Configuration,
	polkadot_config: Configuration,
	collator_options: CollatorOptions,
	hwbench: Option<polkadot_sdk::sc_sysinfo::HwBench>,
	p2p_prober: bool,
) -> polkadot_sdk::sc_service::error::Result<TaskManager> {
	let parachain_config = prepare_node_config(parachain_config);
	let params = new_partial(&parachain_config)?;
	let (block_import, mut telemetry, telemetry_worker_handle) = params.other;
	let client = params.client.clone();
	let backend = params.backend.clone();
	let mut task_manager = params.task_manager;
	let para_id = para_id(&client, &parachain_config)?;
	let prometheus_registry = parachain_config.prometheus_registry().cloned();
	let net_config = FullNetworkConfiguration::<_, _, Net>::new(
		&parachain_config.network,
		prometheus_registry.clone(),
	);

	// Validators' private addresses are dialled only on a development or local relay chain.
	let relay_is_local = matches!(
		polkadot_config.chain_spec.chain_type(),
		polkadot_sdk::sc_chain_spec::ChainType::Local
			| polkadot_sdk::sc_chain_spec::ChainType::Development
	);
	let (relay_chain_interface, collator_key, relay_chain_network, _paranode_rx) =
		build_relay_chain_interface(
			polkadot_config,
			&parachain_config,
			telemetry_worker_handle,
			&mut task_manager,
			collator_options.clone(),
			hwbench.clone(),
		)
		.await
		.map_err(|e| polkadot_sdk::sc_service::Error::Application(Box::new(e) as Box<_>))?;

	let validator = parachain_config.role.is_authority();
	let transaction_pool = params.transaction_pool.clone();
	let import_queue_service = params.import_queue.service();
	let metrics = Net::register_notification_metrics(
		parachain_config.prometheus_config.as_ref().map(|config| &config.registry),
	);

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		build_network(BuildNetworkParams {
			parachain_config: &parachain_config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			para_id,
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			relay_chain_interface: relay_chain_interface.clone(),
			import_queue: params.import_queue,
			metrics,
			gap_sync_body_policy: None,
		})
		.await?;

	start_offchain_workers(
		&parachain_config,
		&client,
		&backend,
		params.keystore_container.keystore(),
		&transaction_pool,
		network.clone(),
		&task_manager,
	)?;

	if p2p_prober {
		// Validators are checked to speak the relay chain's protocols.
		let relay_genesis = relay_chain_interface
			.header(polkadot_sdk::sp_runtime::generic::BlockId::Number(0))
			.await
			.ok()
			.flatten()
			.map(|header| polkadot_sdk::sp_runtime::traits::Header::hash(&header).into());
		let probe =
			stacktical_prober::ProbeConfig { allow_private: relay_is_local, chain: relay_genesis };
		let relay_network = Some(relay_chain_network.clone());
		start_prober(&parachain_config, &backend, probe, relay_network, &task_manager);
	}

	polkadot_sdk::sc_service::spawn_tasks(polkadot_sdk::sc_service::SpawnTasksParams {
		rpc_builder: rpc_builder(client.clone(), transaction_pool.clone()),
		client: client.clone(),
		transaction_pool: transaction_pool.clone(),
		task_manager: &mut task_manager,
		config: parachain_config,
		keystore: params.keystore_container.keystore(),
		backend: backend.clone(),
		network: network.clone(),
		sync_service: sync_service.clone(),
		system_rpc_tx,
		tx_handler_controller,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	if let Some(hwbench) = hwbench {
		polkadot_sdk::sc_sysinfo::print_hwbench(&hwbench);
		if validator {
			if let Err(err) = SUBSTRATE_REFERENCE_HARDWARE.check_hardware(&hwbench, false) {
				log::warn!(
					"⚠️  The hardware does not meet the minimal requirements {err} for a collator."
				);
			}
		}
	}

	let announce_block = {
		let sync_service = sync_service.clone();
		Arc::new(move |hash, data| sync_service.announce_block(hash, data))
	};
	let relay_chain_slot_duration = Duration::from_secs(6);
	let overseer_handle = relay_chain_interface
		.overseer_handle()
		.map_err(|e| polkadot_sdk::sc_service::Error::Application(Box::new(e)))?;

	start_relay_chain_tasks(StartRelayChainTasksParams {
		client: client.clone(),
		announce_block: announce_block.clone(),
		para_id,
		relay_chain_interface: relay_chain_interface.clone(),
		task_manager: &mut task_manager,
		da_recovery_profile: if validator {
			DARecoveryProfile::Collator
		} else {
			DARecoveryProfile::FullNode
		},
		import_queue: import_queue_service,
		relay_chain_slot_duration,
		recovery_handle: Box::new(overseer_handle.clone()),
		sync_service: sync_service.clone(),
		prometheus_registry: prometheus_registry.as_ref(),
	})?;

	if validator {
		let collator_key = collator_key
			.ok_or_else(|| "a collator needs a relay-chain collator key".to_string())?;
		let proposer = polkadot_sdk::sc_basic_authorship::ProposerFactory::new(
			task_manager.spawn_handle(),
			client.clone(),
			transaction_pool,
			prometheus_registry.as_ref(),
			telemetry.as_ref().map(|t| t.handle()),
		);
		let collator_service = CollatorService::new(client.clone(), announce_block, client.clone());
		let code_client = client.clone();
		let params = AuraParams {
			create_inherent_data_providers: move |_, ()| async move { Ok(()) },
			block_import,
			para_client: client.clone(),
			para_backend: backend,
			relay_client: relay_chain_interface,
			code_hash_provider: move |block_hash| {
				code_client.code_at(block_hash).ok().map(|c| ValidationCode::from(c).hash())
			},
			keystore: params.keystore_container.keystore(),
			collator_key,
			collator_peer_id: relay_chain_network.local_peer_id(),
			para_id,
			overseer_handle,
			relay_chain_slot_duration,
			proposer,
			collator_service,
			authoring_duration: Duration::from_millis(2000),
			reinitialize: false,
			max_pov_percentage: None,
		};
		let fut = aura::run::<Block, AuraPair, _, _, _, _, _, _, _, _>(params);
		task_manager.spawn_essential_handle().spawn("aura", None, fut);
	}

	Ok(task_manager)
}

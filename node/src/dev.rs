//! `--dev`: the same runtime with no relay chain. Blocks are sealed by a timer (or as soon as
//! a transaction arrives, and after [`IDLE_SEAL`] without one) and the relay chain's inherent
//! data is mocked, so everything but cross-chain messaging behaves as on a real parachain.

use std::{sync::Arc, time::Duration};

use codec::Encode;
use futures::future;
use polkadot_sdk::{
	cumulus_client_parachain_inherent::MockValidationDataInherentDataProvider,
	cumulus_primitives_core::{CollectCollationInfo, ParaId, RelayParentOffsetApi},
	polkadot_primitives::{HeadData, UpgradeGoAhead},
	sc_consensus::LongestChain,
	sc_consensus_manual_seal::{
		self, consensus::aura::AuraConsensusDataProvider, EngineCommand, ManualSealParams,
	},
	sc_network::{config::FullNetworkConfiguration, NotificationMetrics},
	sc_service::{Configuration, TaskManager},
	sp_api::ProvideRuntimeApi,
	sp_runtime::traits::Header as _,
};
use stacktical_runtime::opaque::{Block, Hash};

use crate::{cli::DevSealMode, service};

/// Relay-chain slot duration the mocked relay chain pretends to have.
const RELAY_CHAIN_SLOT_DURATION_MILLIS: u64 = 6000;

/// With `--instant-seal`, an empty block is sealed after this long without one. Off-chain
/// workers run on new blocks: without it an idle chain would never retry a collator's fit the
/// transaction pool refused (the fork-aware pool validates a submission against the views it
/// has, which can still lack the block the worker ran on), nor probe validators again.
pub const IDLE_SEAL: Duration = Duration::from_secs(6);

/// Inherent data for a dev block on top of `parent`: a timestamp on the Aura slot grid and
/// mocked relay-chain validation data that advances one relay slot group per block.
#[allow(clippy::type_complexity)] // The inherent data providers' type, as the seal asks for it.
fn inherent_data_providers(
	client: Arc<service::Client>,
	para_id: ParaId,
	slot_duration: polkadot_sdk::sp_consensus_aura::SlotDuration,
) -> impl Fn(
	Hash,
	(),
) -> future::Ready<
	Result<
		(
			polkadot_sdk::sp_timestamp::InherentDataProvider,
			MockValidationDataInherentDataProvider<()>,
		),
		Box<dyn std::error::Error + Send + Sync>,
	>,
> + Send
       + Sync {
	// Start two hours in the past so that timestamps do not run into the future.
	let initial_relay_slot = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.saturating_sub(Duration::from_secs(2 * 60 * 60)).as_millis() as u64)
		.unwrap_or_default()
		/ RELAY_CHAIN_SLOT_DURATION_MILLIS;

	move |parent: Hash, ()| {
		let result = (|| {
			let head = client.header(parent)?.ok_or("the parent block is unknown")?;
			// Signal the go-ahead when the runtime scheduled a code upgrade.
			let upgrade_pending = client
				.runtime_api()
				.collect_collation_info(parent, &head)
				.map(|info| info.new_validation_code.is_some())
				.unwrap_or_default();
			let block_number = *head.number() + 1;
			let relay_parent_offset =
				client.runtime_api().relay_parent_offset(parent).unwrap_or_default();
			let relay_blocks_per_para_block =
				(slot_duration.as_millis() / RELAY_CHAIN_SLOT_DURATION_MILLIS).max(1) as u32;
			let target_relay_slot = initial_relay_slot
				+ u64::from(block_number) * u64::from(relay_blocks_per_para_block);
			let relay_offset = (target_relay_slot as u32)
				.saturating_sub(relay_blocks_per_para_block * block_number);
			let mocked = MockValidationDataInherentDataProvider::<()> {
				current_para_block: block_number,
				para_id,
				current_para_block_head: Some(HeadData(head.encode())),
				relay_blocks_per_para_block,
				relay_offset,
				relay_parent_offset,
				para_blocks_per_relay_epoch: 10,
				upgrade_go_ahead: upgrade_pending.then_some(UpgradeGoAhead::GoAhead),
				..Default::default()
			};
			let timestamp = polkadot_sdk::sp_timestamp::InherentDataProvider::new(
				(target_relay_slot * RELAY_CHAIN_SLOT_DURATION_MILLIS).into(),
			);
			Ok::<_, Box<dyn std::error::Error + Send + Sync>>((timestamp, mocked))
		})();
		future::ready(result)
	}
}

/// Starts a dev node sealing blocks by `mode`.
pub fn start_dev_node(
	mut config: Configuration,
	mode: DevSealMode,
	p2p_prober: bool,
) -> Result<TaskManager, polkadot_sdk::sc_service::Error> {
	let polkadot_sdk::sc_service::PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		select_chain: _,
		transaction_pool,
		other: (_, mut telemetry, _),
	} = service::new_partial(&config)?;
	let para_id = service::para_id(&client, &config)?;

	// A dev node talks to nobody.
	config.network.default_peers_set.in_peers = 0;
	config.network.default_peers_set.out_peers = 0;
	let net_config = FullNetworkConfiguration::<
		_,
		_,
		polkadot_sdk::sc_network::Litep2pNetworkBackend,
	>::new(&config.network, None);
	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		polkadot_sdk::sc_service::build_network(polkadot_sdk::sc_service::BuildNetworkParams {
			config: &config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			import_queue,
			net_config,
			block_announce_validator_builder: None,
			warp_sync_config: None,
			block_relay: None,
			metrics: NotificationMetrics::new(None),
			gap_sync_body_policy: None,
		})?;

	service::start_offchain_workers(
		&config,
		&client,
		&backend,
		keystore_container.keystore(),
		&transaction_pool,
		network.clone(),
		&task_manager,
	)?;
	if p2p_prober {
		// The dev chain's targets are other dev nodes, on this machine or its network, of
		// this same chain.
		let chain = client.chain_info().genesis_hash.into();
		let probe = stacktical_prober::ProbeConfig { allow_private: true, chain: Some(chain) };
		// The dev chain has no relay network: p2p targets come from registration.
		service::start_prober(&config, &backend, probe, None, &task_manager);
	}

	let proposer = polkadot_sdk::sc_basic_authorship::ProposerFactory::new(
		task_manager.spawn_handle(),
		client.clone(),
		transaction_pool.clone(),
		None,
		None,
	);
	let slot_duration = polkadot_sdk::sc_consensus_aura::slot_duration(&*client)?;
	// Aura digests matching the mocked timestamps, or the runtime rejects the slot.
	let aura_digest = AuraConsensusDataProvider::<Block>::new_with_slot_duration(slot_duration);
	let create_inherent_data_providers =
		inherent_data_providers(client.clone(), para_id, slot_duration);

	// Seal commands: on a timer, or (instant seal) whenever a transaction arrives. Every
	// block is finalized as sealed, so clients can measure finality in both modes.
	let (mut sink, commands) = futures::channel::mpsc::channel(1024);
	let seal = |create_empty| EngineCommand::SealNewBlock {
		create_empty,
		finalize: true,
		parent_hash: None,
		sender: None,
	};
	match mode {
		DevSealMode::Instant => {
			let pool = transaction_pool.clone();
			task_manager.spawn_essential_handle().spawn("instant-seal", None, async move {
				use futures::{FutureExt, StreamExt};
				use polkadot_sdk::sc_transaction_pool_api::TransactionPool;
				let mut imports = pool.import_notification_stream().fuse();
				// One empty block first: the pool only includes transactions on top of a block
				// it has seen imported, and an instant-seal chain would otherwise wait at genesis.
				let _ = sink.try_send(seal(true));
				let mut last_seal = std::time::Instant::now();
				loop {
					// A transaction that becomes ready only once its predecessor is in a block
					// sends no import notification: look at the pool every 100 ms as well.
					let mut tick = futures_timer::Delay::new(Duration::from_millis(100)).fuse();
					futures::select! {
						imported = imports.next() => if imported.is_none() { break },
						_ = tick => if pool.status().ready == 0 && last_seal.elapsed() < IDLE_SEAL {
							continue
						},
					}
					last_seal = std::time::Instant::now();
					// `create_empty: true` although there is a transaction: manual seal counts a
					// parachain's inherent data (two relay-chain entries, one extrinsic) as two
					// inherents and would drop every block holding exactly one transaction.
					// A full queue already holds a seal command: nothing is lost.
					let _ = sink.try_send(seal(true));
				}
			});
		},
		DevSealMode::Interval(block_time) => {
			task_manager.spawn_essential_handle().spawn("block-timer", None, async move {
				loop {
					futures_timer::Delay::new(Duration::from_millis(block_time)).await;
					if sink.try_send(seal(true)).is_err() {
						log::warn!("block sealing is behind: skipped a tick");
					}
				}
			});
		},
	}
	let authorship = sc_consensus_manual_seal::run_manual_seal(ManualSealParams {
		block_import: client.clone(),
		env: proposer,
		client: client.clone(),
		pool: transaction_pool.clone(),
		select_chain: LongestChain::new(backend.clone()),
		commands_stream: Box::pin(commands),
		consensus_data_provider: Some(Box::new(aura_digest)),
		create_inherent_data_providers,
	});
	task_manager.spawn_essential_handle().spawn_blocking("manual-seal", None, authorship);

	polkadot_sdk::sc_service::spawn_tasks(polkadot_sdk::sc_service::SpawnTasksParams {
		network,
		client: client.clone(),
		keystore: keystore_container.keystore(),
		task_manager: &mut task_manager,
		transaction_pool: transaction_pool.clone(),
		rpc_builder: service::rpc_builder(client, transaction_pool),
		backend,
		system_rpc_tx,
		tx_handler_controller,
		sync_service,
		config,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	Ok(task_manager)
}

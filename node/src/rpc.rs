//! The node's JSON-RPC API beyond Substrate's defaults.
//!
//! Every module is merged in [`create_full`]; adding a pallet's RPC (e.g. `scalability_*`,
//! `sli_*`, `sla_*`) is one `module.merge(...)` line there.

use std::sync::Arc;

use jsonrpsee::RpcModule;
use pallet_monitoring_rpc::{Monitoring, SliApiServer, SliRuntimeApi};
use pallet_scalability_rpc::{Scalability, ScalabilityApiServer, ScalabilityRuntimeApi};
use pallet_sla_rpc::{SlaApiServer, SlaRuntimeApi, Slas};
use polkadot_sdk::{
	pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer},
	sc_transaction_pool_api::TransactionPool,
	sp_api::ProvideRuntimeApi,
	sp_block_builder::BlockBuilder,
	sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata},
	substrate_frame_rpc_system::{System, SystemApiServer},
};
use stacktical_runtime::{opaque::Block, AccountId, AuraId, Balance, BlockNumber, Nonce, ProberId};

/// What the RPC modules need.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
}

/// Builds the RPC modules of a full node.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: polkadot_sdk::substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ polkadot_sdk::pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ ScalabilityRuntimeApi<Block, AccountId, Balance, BlockNumber, AuraId>
		+ SliRuntimeApi<Block, AccountId, ProberId, Balance, BlockNumber>
		+ SlaRuntimeApi<Block, AccountId, Balance>
		+ BlockBuilder<Block>,
	P: TransactionPool<
			Block = Block,
			Hash = <Block as polkadot_sdk::sp_runtime::traits::Block>::Hash,
		> + 'static,
{
	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(
		Scalability::<_, Block, AccountId, Balance, BlockNumber, AuraId>::new(client.clone())
			.into_rpc(),
	)?;
	module.merge(
		Monitoring::<_, Block, AccountId, ProberId, Balance, BlockNumber>::new(client.clone())
			.into_rpc(),
	)?;
	module.merge(Slas::<_, Block, AccountId, Balance>::new(client).into_rpc())?;
	Ok(module)
}

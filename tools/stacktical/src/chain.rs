//! Talking to a Substrate node: connect, derive the pre-funded sender accounts, pre-sign
//! `Balances::transfer_keep_alive` transactions, submit them, and watch best and finalized
//! blocks. Works with any chain that has `pallet-balances`: calls and transaction extensions
//! are encoded from the chain's own metadata (with `subxt`), not from compiled-in types.

use std::time::Instant;
use subxt::{
	backend::{legacy::LegacyRpcMethods, rpc::RpcClient},
	config::{polkadot::PolkadotExtrinsicParamsBuilder, Hasher},
	dynamic::Value,
	utils::{AccountId32, H256},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, DeriveJunction, SecretUri};
use tokio::sync::mpsc;

/// A connection to one node.
#[derive(Clone)]
pub struct Node {
	/// High-level client (metadata, blocks, storage).
	pub api: OnlineClient<PolkadotConfig>,
	/// Raw JSON-RPC methods (submission, nonces).
	pub rpc: LegacyRpcMethods<PolkadotConfig>,
	/// The connection itself, for the chain's own methods (`scalability_*`).
	pub rpc_client: RpcClient,
}

/// Connects to `url` (`ws://` or `wss://`).
pub async fn connect(url: &str) -> Result<Node, String> {
	let client = RpcClient::from_insecure_url(url).await.map_err(|e| format!("{url}: {e}"))?;
	let api = OnlineClient::<PolkadotConfig>::from_rpc_client(client.clone())
		.await
		.map_err(|e| format!("{url}: {e}"))?;
	Ok(Node { api, rpc: LegacyRpcMethods::new(client.clone()), rpc_client: client })
}

/// Keypairs `{seed}/{i}` for `i` in `range`, derived as the runtime's `benchmark` preset
/// funds them (`//Sender/{i}`: a soft junction with the integer `i`).
pub fn derive_accounts(seed: &str, range: std::ops::Range<u32>) -> Result<Vec<Keypair>, String> {
	let uri: SecretUri = seed.parse().map_err(|e| format!("--sender-seed {seed}: {e}"))?;
	let base = Keypair::from_uri(&uri).map_err(|e| format!("--sender-seed {seed}: {e}"))?;
	Ok(range.map(|i| base.derive([DeriveJunction::soft(u64::from(i))])).collect())
}

/// The account of a keypair.
pub fn account(key: &Keypair) -> AccountId32 {
	key.public_key().to_account_id()
}

/// A pallet constant that is a plain number (`Balances.ExistentialDeposit`,
/// `Scalability.MaxLabelLen`).
pub fn constant_u128(node: &Node, pallet: &str, name: &str) -> Result<u128, String> {
	let query = subxt::dynamic::constant(pallet, name);
	let value = node.api.constants().at(&query).map_err(|e| format!("{pallet}.{name}: {e}"))?;
	value
		.to_value()
		.map_err(|e| e.to_string())?
		.as_u128()
		.ok_or_else(|| format!("{pallet}.{name} is not a number"))
}

/// The chain's existential deposit (the smallest transfer to a new account).
pub fn existential_deposit(node: &Node) -> Result<u128, String> {
	constant_u128(node, "Balances", "ExistentialDeposit")
}

/// The least R² the chain accepts of a campaign's model (`Scalability.MinRSquared`), as a
/// fraction.
pub fn min_r_squared(node: &Node) -> Result<f64, String> {
	let query = subxt::dynamic::constant("Scalability", "MinRSquared");
	let value = node
		.api
		.constants()
		.at(&query)
		.map_err(|e| format!("Scalability.MinRSquared: {e}"))?
		.to_value()
		.map_err(|e| e.to_string())?;
	// A `Perbill`: parts per billion, as a number or a one-field composite.
	let parts = value.as_u128().or_else(|| match &value.value {
		subxt::ext::scale_value::ValueDef::Composite(fields) => {
			fields.values().next().and_then(|v| v.as_u128())
		},
		_ => None,
	});
	parts.map(|p| p as f64 / 1e9).ok_or_else(|| "MinRSquared is not a Perbill".into())
}

/// Calls the runtime API function `name` (e.g. `SlaApi_sla`) with `state_call` at the best
/// block and decodes its answer: works on any node hosting the runtime.
pub async fn runtime_call<R: codec::Decode>(
	client: &RpcClient,
	name: &str,
	args: impl codec::Encode,
) -> Result<R, String> {
	use subxt::ext::subxt_rpcs::rpc_params;
	let data = format!("0x{}", hex::encode(args.encode()));
	let answer: String = client
		.request("state_call", rpc_params![name, data])
		.await
		.map_err(|e| format!("{name}: {e} (is this a Stacktical chain?)"))?;
	let bytes = hex::decode(answer.trim_start_matches("0x")).map_err(|e| format!("{name}: {e}"))?;
	R::decode(&mut &bytes[..]).map_err(|e| format!("{name}: an answer this tool cannot read: {e}"))
}

/// Signs `call` by `signer`, submits it and waits until a finalized block includes it
/// successfully; returns its events. The error names the call and the chain's reason.
pub async fn submit_and_wait(
	node: &Node,
	call: &subxt::tx::DynamicPayload,
	signer: &Keypair,
) -> Result<subxt::blocks::ExtrinsicEvents<PolkadotConfig>, String> {
	let progress = node
		.api
		.tx()
		.sign_and_submit_then_watch_default(call, signer)
		.await
		.map_err(|e| format!("submitting {}.{}: {e}", call.pallet_name(), call.call_name()))?;
	progress
		.wait_for_finalized_success()
		.await
		.map_err(|e| format!("{}.{}: {e}", call.pallet_name(), call.call_name()))
}

/// The next nonce of `who`.
pub async fn next_nonce(node: &Node, who: &AccountId32) -> Result<u64, String> {
	node.rpc.system_account_next_index(who).await.map_err(|e| format!("nonce of {who}: {e}"))
}

/// A transaction ready to submit.
#[derive(Clone)]
pub struct Signed {
	/// Its hash, as blocks will list it.
	pub hash: H256,
	/// Its SCALE encoding.
	pub bytes: Vec<u8>,
}

/// The call `Balances::transfer_keep_alive(dest, amount)`.
pub fn transfer(dest: &AccountId32, amount: u128) -> subxt::tx::DynamicPayload {
	let dest = Value::unnamed_variant("Id", [Value::from_bytes(dest.0)]);
	subxt::dynamic::tx("Balances", "transfer_keep_alive", vec![dest, Value::u128(amount)])
}

/// Signs `call` by `signer` with `nonce`, immortal, without a round trip to the node.
pub fn sign_offline(
	node: &Node,
	call: &subxt::tx::DynamicPayload,
	signer: &Keypair,
	nonce: u64,
) -> Result<Signed, String> {
	let params =
		PolkadotExtrinsicParamsBuilder::<PolkadotConfig>::new().nonce(nonce).immortal().build();
	let mut partial =
		node.api.tx().create_partial_offline(call, params).map_err(|e| e.to_string())?;
	let tx = partial.sign(signer);
	Ok(Signed { hash: tx.hash(), bytes: tx.into_encoded() })
}

/// Submits a transaction; the error is the node's reason for refusing it.
pub async fn submit(node: &Node, tx: &Signed) -> Result<(), String> {
	node.rpc.author_submit_extrinsic(&tx.bytes).await.map(|_| ()).map_err(|e| e.to_string())
}

/// A block as the watcher reports it.
#[derive(Debug)]
pub enum ChainEvent {
	/// A new best block.
	Best {
		/// Block number.
		number: u64,
		/// When it was seen.
		seen: Instant,
		/// `Timestamp::Now` of the block, milliseconds.
		timestamp_ms: Option<u64>,
		/// Hashes of its extrinsics.
		extrinsics: Vec<H256>,
	},
	/// A new finalized block.
	Finalized {
		/// Block number.
		number: u64,
		/// When it was seen.
		seen: Instant,
	},
	/// The subscription failed.
	Failed(String),
}

/// Watches best and finalized blocks of `node` and sends them to `events`, in order and
/// without gaps, until the receiver is dropped. One subscription per kind (whatever the
/// number of transactions in flight) tells when to look; every block from the last one seen
/// up to the current best is then fetched, so a notification the node coalesced or dropped
/// under load, or a block sealed before the subscription started, is never missed. A
/// 200 ms tick covers a node that stops notifying.
pub async fn watch(node: Node, events: mpsc::UnboundedSender<ChainEvent>) -> Result<(), String> {
	fn number_of<H: subxt::config::Header>(header: Option<H>) -> Option<u64> {
		header.map(|h| h.number().into())
	}
	let mut last_best =
		number_of(node.rpc.chain_get_header(None).await.map_err(|e| e.to_string())?).unwrap_or(0);
	let mut last_finalized = last_best;
	let mut best_sub = node.api.blocks().subscribe_best().await.map_err(|e| e.to_string())?;
	let mut finalized_sub =
		node.api.blocks().subscribe_finalized().await.map_err(|e| e.to_string())?;
	tokio::spawn(async move {
		let result: Result<(), String> = async {
			loop {
				tokio::select! {
					_ = best_sub.next() => {},
					_ = finalized_sub.next() => {},
					_ = tokio::time::sleep(std::time::Duration::from_millis(200)) => {},
				}
				let seen = Instant::now();
				let best =
					number_of(node.rpc.chain_get_header(None).await.map_err(|e| e.to_string())?)
						.unwrap_or(0);
				while last_best < best {
					let number = last_best + 1;
					let event = best_block(&node, number, seen).await?;
					if events.send(event).is_err() {
						return Ok(());
					}
					last_best = number;
				}
				let head = node.rpc.chain_get_finalized_head().await.map_err(|e| e.to_string())?;
				let finalized = number_of(
					node.rpc.chain_get_header(Some(head)).await.map_err(|e| e.to_string())?,
				)
				.unwrap_or(0);
				if finalized > last_finalized {
					last_finalized = finalized;
					if events.send(ChainEvent::Finalized { number: finalized, seen }).is_err() {
						return Ok(());
					}
				}
			}
		}
		.await;
		if let Err(e) = result {
			let _ = events.send(ChainEvent::Failed(e));
		}
	});
	Ok(())
}

/// Block `number` of the best chain: its extrinsics' hashes and its timestamp.
async fn best_block(node: &Node, number: u64, seen: Instant) -> Result<ChainEvent, String> {
	let hash = node
		.rpc
		.chain_get_block_hash(Some(number.into()))
		.await
		.map_err(|e| e.to_string())?
		.ok_or_else(|| format!("block {number} vanished"))?;
	let block = node.api.blocks().at(hash).await.map_err(|e| e.to_string())?;
	let extrinsics = block.extrinsics().await.map_err(|e| e.to_string())?;
	let hasher = node.api.hasher();
	let hashes = extrinsics.iter().map(|x| hasher.hash(x.bytes())).collect();
	let now = subxt::dynamic::storage("Timestamp", "Now", ());
	let timestamp_ms = match block.storage().fetch(&now).await {
		Ok(Some(v)) => {
			v.to_value().ok().and_then(|v| v.as_u128()).and_then(|v| u64::try_from(v).ok())
		},
		_ => None,
	};
	Ok(ChainEvent::Best { number, seen, timestamp_ms, extrinsics: hashes })
}

/// Name and runtime version of the chain, for the report.
pub async fn describe(node: &Node) -> (String, u32) {
	let name = node.rpc.system_chain().await.unwrap_or_else(|_| "unknown".into());
	(name, node.api.runtime_version().spec_version)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn sender_accounts_match_the_benchmark_preset() {
		// `//Sender/{i}` as the runtime derives it from a URI (sp-core's DeriveJunction for a
		// numeric soft junction) equals the batch derivation.
		let derived = derive_accounts("//Sender", 0..3).unwrap();
		for (i, key) in derived.iter().enumerate() {
			let uri: SecretUri = format!("//Sender/{i}").parse().unwrap();
			assert_eq!(account(key), account(&Keypair::from_uri(&uri).unwrap()));
		}
		assert!(derive_accounts("not a uri with spaces //x", 0..1).is_err());
	}
}

//! End to end: `stacktical-node --dev` produces blocks, accepts a signed transfer over RPC,
//! includes it, and shuts down cleanly.

mod common;

use common::{best_number, free_port, start_node, wait_for_rpc};
use std::time::{Duration, Instant};

use codec::{Decode, Encode};
use jsonrpsee::{core::client::ClientT, http_client::HttpClientBuilder, rpc_params};
use polkadot_sdk::{frame_system, sp_core::H256, sp_keyring::Sr25519Keyring};
use stacktical_runtime::{
	signing, AccountId, Balance, Nonce, Runtime, RuntimeCall, UncheckedExtrinsic,
};

fn signed_transfer(
	nonce: Nonce,
	genesis: H256,
	dest: AccountId,
	value: Balance,
) -> UncheckedExtrinsic {
	let call = RuntimeCall::Balances(polkadot_sdk::pallet_balances::Call::transfer_keep_alive {
		dest: dest.into(),
		value,
	});
	signing::signed_extrinsic(call, &Sr25519Keyring::Alice.pair(), nonce, genesis)
}

async fn free_balance(client: &impl ClientT, who: &AccountId) -> Balance {
	let key = frame_system::Account::<Runtime>::hashed_key_for(who);
	let raw: Option<String> = client
		.request("state_getStorage", rpc_params![format!("0x{}", hex::encode(key))])
		.await
		.unwrap();
	let bytes = hex::decode(raw.expect("the account exists").trim_start_matches("0x")).unwrap();
	let info = frame_system::AccountInfo::<
		Nonce,
		polkadot_sdk::pallet_balances::AccountData<Balance>,
	>::decode(&mut &bytes[..])
	.unwrap();
	info.data.free
}

#[tokio::test(flavor = "multi_thread")]
async fn dev_chain_produces_blocks_and_includes_a_transfer() {
	let rpc_port = free_port();
	let mut node = start_node(rpc_port, &["--dev-block-time", "1000"]);
	let client =
		HttpClientBuilder::default().build(format!("http://127.0.0.1:{rpc_port}")).unwrap();

	// The node answers RPC and seals at least 3 new blocks.
	let first = wait_for_rpc(&client).await;
	let deadline = Instant::now() + Duration::from_secs(60);
	while best_number(&client).await.unwrap_or(0) < first + 3 {
		assert!(Instant::now() < deadline, "fewer than 3 blocks in 60 s");
		tokio::time::sleep(Duration::from_millis(250)).await;
	}

	// A signed transfer from Alice to Bob is included.
	let genesis: String = client.request("chain_getBlockHash", rpc_params![0]).await.unwrap();
	let genesis = H256::from_slice(&hex::decode(genesis.trim_start_matches("0x")).unwrap());
	let bob = Sr25519Keyring::Bob.to_account_id();
	let before = free_balance(&client, &bob).await;
	let nonce: Nonce = client
		.request(
			"system_accountNextIndex",
			rpc_params![Sr25519Keyring::Alice.to_account_id().to_string()],
		)
		.await
		.unwrap();
	let amount: Balance = 1_234_567_890;
	let xt =
		format!("0x{}", hex::encode(signed_transfer(nonce, genesis, bob.clone(), amount).encode()));
	let _hash: String =
		client.request("author_submitExtrinsic", rpc_params![xt.clone()]).await.unwrap();

	let deadline = Instant::now() + Duration::from_secs(60);
	loop {
		if free_balance(&client, &bob).await == before + amount {
			break;
		}
		assert!(Instant::now() < deadline, "the transfer was not included within 60 s");
		tokio::time::sleep(Duration::from_millis(250)).await;
	}

	// The node stops cleanly on SIGINT.
	common::stop(&mut node).await;
}

//! Slow tier: monitoring sees every validator of a real relay chain, with nothing registered.
//!
//! A `rococo-local` relay chain with four validators (alice, bob, charlie, dave) and the
//! Stacktical parachain (`local` chain) with two collators on `stacktical-node` (eve, ferdie).
//! Read from the collators' `sli_targets` and `sli_validator`:
//! - a target appears for each of the four validators, from the relay chain's state proof
//!   (validator index, discovery key), and its signed record, collected from the relay
//!   network's DHT and verified on-chain, names the PeerId its node really has;
//! - both collators probe each of them over p2p at its record's addresses: up, with an RTT;
//! - `SIGSTOP` dave: both probers report him down (`timeout`) within two periods, while the
//!   other three stay up;
//! - `SIGCONT`: up again;
//! - killed: down, `refused`, and his SLIs over the day show the missed probes.
//!
//! It prints what it measured (RTTs, periods and seconds to each verdict) for
//! docs/monitoring.md. Needs what `local_network.rs` needs (zombienet/README.md).

use std::{
	collections::{BTreeMap, BTreeSet},
	time::{Duration, Instant},
};

use serde_json::Value;
use stacktical_zombienet::{network, network_prerequisites};
use zombienet_sdk::{
	subxt::{backend::rpc::RpcClient, ext::subxt_rpcs::client::RpcParams},
	NetworkConfigExt, NetworkNode,
};

const VALIDATORS: [&str; 4] = ["alice", "bob", "charlie", "dave"];
const COLLATORS: [&str; 2] = ["eve", "ferdie"];
/// The validator the test stops, resumes and kills.
const VICTIM: &str = "dave";
/// How often the collator's RPC is read.
const POLL: Duration = Duration::from_secs(5);

#[tokio::test(flavor = "multi_thread")]
async fn every_relay_validator_is_probed_over_p2p_and_seen_down_and_up() -> anyhow::Result<()> {
	let Some((node, spec)) = network_prerequisites() else { return Ok(()) };
	let collators: Vec<(&str, &str)> = COLLATORS.iter().map(|c| (*c, node.as_str())).collect();
	// The test kills a validator itself: no teardown when a node stops answering.
	let network = network(&spec, &VALIDATORS, &collators, false)?.spawn_native().await?;
	let started = Instant::now();

	// Each relay validator's PeerId, as its node was started with.
	let mut peers = BTreeMap::new();
	for name in VALIDATORS {
		let multiaddr = network.get_node(name)?.multiaddr();
		let peer = multiaddr.rsplit("/p2p/").next().unwrap_or_default().to_string();
		peers.insert(peer, name);
	}
	let rpc = network.get_node(COLLATORS[0])?.rpc().await?;

	// 1. A target per validator, from the relay chain, each with its verified record.
	let targets = wait_for(&rpc, "a target with a verified record for each validator", |all| {
		let found: BTreeMap<String, Value> = all
			.iter()
			.filter(|t| !t["relay"].is_null())
			.filter_map(|t| Some((t["discovery"]["peer_id"].as_str()?.to_string(), t.clone())))
			.collect();
		let named: BTreeSet<&String> = found.keys().collect();
		(named == peers.keys().collect::<BTreeSet<_>>()).then_some(found)
	})
	.await?;
	for (peer, target) in &targets {
		assert_eq!(target["endpoints"], Value::Array(vec![]), "registered nothing: {target}");
		assert!(target["relay"]["discovery_key"].is_string(), "{target}");
		println!(
			"{}: target {}, validator index {}, PeerId {peer} (record seen after {} s)",
			peers[peer],
			target["target"],
			target["relay"]["validator_index"],
			started.elapsed().as_secs()
		);
	}
	let victim = targets
		.iter()
		.find(|(peer, _)| peers[*peer] == VICTIM)
		.map(|(_, t)| t["target"].clone())
		.expect("the victim has a target");
	let ids: Vec<Value> = targets.values().map(|t| t["target"].clone()).collect();

	// 2. All up, with an RTT, from both collators.
	let all_up = wait_for(&rpc, "every validator up from both probers", |all| {
		let latest: Vec<_> = ids.iter().map(|id| latest_probes(all, id)).collect();
		latest
			.iter()
			.all(|probes| probes.len() == COLLATORS.len() && probes.values().all(is_up))
			.then_some(latest)
	})
	.await?;
	let rtts: Vec<u64> =
		all_up.iter().flat_map(|p| p.values()).filter_map(|p| p["latency_ms"].as_u64()).collect();
	println!(
		"all {} validators up from {} probers after {} s; RTT {} – {} ms",
		ids.len(),
		COLLATORS.len(),
		started.elapsed().as_secs(),
		rtts.iter().min().unwrap_or(&0),
		rtts.iter().max().unwrap_or(&0)
	);

	// 3. SIGSTOP: down (timeout) from every prober within two periods; the others stay up.
	let dave = network.get_node(VICTIM)?;
	let stopped_at = current_period(&targets_now(&rpc).await?);
	let since = Instant::now();
	dave.pause().await?;
	let period = wait_for_verdict(&rpc, &victim, stopped_at, Some("timeout")).await?;
	assert!(period <= stopped_at + 2, "seen down in period {period}, stopped in {stopped_at}");
	let others = targets_now(&rpc).await?;
	for id in ids.iter().filter(|id| **id != victim) {
		for probe in latest_probes(&others, id).values() {
			assert!(is_up(probe), "target {id} stayed up while {VICTIM} was stopped: {probe}");
		}
	}
	println!(
		"{VICTIM} stopped in period {stopped_at}: down (timeout) from every prober in period \
		 {period}, {} s later",
		since.elapsed().as_secs()
	);

	// 4. SIGCONT: up again.
	let resumed_at = current_period(&targets_now(&rpc).await?);
	let since = Instant::now();
	dave.resume().await?;
	let period = wait_for_verdict(&rpc, &victim, resumed_at, None).await?;
	println!(
		"{VICTIM} resumed in period {resumed_at}: up in period {period}, {} s later",
		since.elapsed().as_secs()
	);

	// 5. Killed: refused.
	let killed_at = current_period(&targets_now(&rpc).await?);
	let since = Instant::now();
	kill(dave).await?;
	let period = wait_for_verdict(&rpc, &victim, killed_at, Some("refused")).await?;
	println!(
		"{VICTIM} killed in period {killed_at}: down (refused) in period {period}, {} s later",
		since.elapsed().as_secs()
	);

	// The SLIs say so: probes missed over the day, with the uptime below 100 %.
	let stash = targets[targets.keys().find(|p| peers[*p] == VICTIM).expect("victim")]["stash"]
		.as_str()
		.expect("a stash")
		.to_string();
	let mut params = RpcParams::new();
	params.push(stash)?;
	params.push("day")?;
	let sli: Value = rpc.request("sli_validator", params).await?;
	println!("{VICTIM} over the day: {sli}");
	let (up, probes) = (sli["probes_up"].as_u64(), sli["probes"].as_u64());
	// Hours with one prober's word only are left out (the local chain wants both), so the
	// probes counted may lag the latest; the current hour holds both collators' reports.
	assert!(matches!((up, probes), (Some(up), Some(all)) if up < all), "{sli}");

	network.destroy().await?;
	Ok(())
}

/// `sli_targets` now.
async fn targets_now(rpc: &RpcClient) -> anyhow::Result<Vec<Value>> {
	Ok(rpc.request("sli_targets", RpcParams::new()).await?)
}

/// Reads `sli_targets` every [`POLL`] until `ready` finds what it wants, for up to 20 min.
async fn wait_for<T>(
	rpc: &RpcClient,
	what: &str,
	mut ready: impl FnMut(&[Value]) -> Option<T>,
) -> anyhow::Result<T> {
	let deadline = Instant::now() + Duration::from_secs(20 * 60);
	let mut last = Vec::new();
	while Instant::now() < deadline {
		// A collator busy importing may miss one answer: read again.
		if let Ok(all) = targets_now(rpc).await {
			if let Some(found) = ready(&all) {
				return Ok(found);
			}
			last = all;
		}
		tokio::time::sleep(POLL).await;
	}
	anyhow::bail!("no {what} within 20 min; sli_targets: {}", Value::Array(last))
}

/// Waits until every prober's latest probe of `target` is from a period after `after` and
/// says `down` for `reason` (or up, for `None`); the period all of them first did so.
async fn wait_for_verdict(
	rpc: &RpcClient,
	target: &Value,
	after: u64,
	reason: Option<&str>,
) -> anyhow::Result<u64> {
	let wanted = |p: &Value| match reason {
		None => is_up(p),
		Some(why) => p["up"] == false && p["reason"] == why,
	};
	wait_for(rpc, &format!("verdict {reason:?} on target {target}"), |all| {
		let latest = latest_probes(all, target);
		let fresh = latest.len() == COLLATORS.len()
			&& latest.values().all(|p| p["period"].as_u64().unwrap_or(0) > after);
		(fresh && latest.values().all(&wanted))
			.then(|| latest.values().filter_map(|p| p["period"].as_u64()).max().unwrap_or(0))
	})
	.await
}

/// Each prober's latest probe of the target with id `target`.
fn latest_probes(all: &[Value], target: &Value) -> BTreeMap<String, Value> {
	let mut latest: BTreeMap<String, Value> = BTreeMap::new();
	let probes = all
		.iter()
		.filter(|t| t["target"] == *target)
		.flat_map(|t| t["last_probes"].as_array().cloned().unwrap_or_default());
	for probe in probes {
		let prober = probe["prober"].as_str().unwrap_or_default().to_string();
		let newer =
			latest.get(&prober).is_none_or(|p| p["period"].as_u64() < probe["period"].as_u64());
		if newer {
			latest.insert(prober, probe);
		}
	}
	latest
}

/// The latest period any probe was reported for.
fn current_period(all: &[Value]) -> u64 {
	all.iter()
		.flat_map(|t| t["last_probes"].as_array().cloned().unwrap_or_default())
		.filter_map(|p| p["period"].as_u64())
		.max()
		.unwrap_or(0)
}

fn is_up(probe: &Value) -> bool {
	probe["up"] == true && probe["latency_ms"].is_u64()
}

/// Kills the node's process (SIGKILL): paused first, so that zombienet-sdk takes it as
/// stopped on purpose; found by its working directory, the node's own base directory.
async fn kill(node: &NetworkNode) -> anyhow::Result<()> {
	node.pause().await?;
	let dir = std::fs::canonicalize(node.base_dir())?;
	let mut killed = 0;
	for entry in std::fs::read_dir("/proc")?.flatten() {
		let Some(pid) = entry.file_name().to_str().and_then(|p| p.parse::<i32>().ok()) else {
			continue;
		};
		if std::fs::read_link(entry.path().join("cwd")).is_ok_and(|cwd| cwd == dir) {
			let status =
				std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status()?;
			anyhow::ensure!(status.success(), "kill -KILL {pid} failed");
			killed += 1;
		}
	}
	anyhow::ensure!(killed > 0, "no process runs in {}", dir.display());
	Ok(())
}

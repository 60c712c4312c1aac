//! Networks of several sizes for one sweep: `stacktical bench --zombienet CONFIG --sizes
//! 2,3,4`. For each size the zombienet config's relay chain is given that many validators
//! ([`with_validators`]), the network is spawned with zombienet-sdk's native provider, the
//! load node's RPC is measured like any `--ws` node, and the network is torn down.
//!
//! Spawning needs the `zombienet` cargo feature (it brings zombienet-sdk) and the binaries the
//! config names on PATH; the config rewriting is plain TOML and always built.

use super::Result;
use toml::{Table, Value};

/// Names of the relay-chain validators of a network of `count`: the config's own first, then
/// `validator-{i}`.
fn validator_names(existing: &[String], count: u32) -> Vec<String> {
	(0..count as usize)
		.map(|i| existing.get(i).cloned().unwrap_or_else(|| format!("validator-{i}")))
		.collect()
}

/// The config with exactly `count` relay-chain validators: the first node's settings are
/// copied for every validator, the existing names kept and new ones `validator-{i}`.
pub fn with_validators(config: &str, count: u32) -> Result<String> {
	let mut root: Table = config.parse().map_err(|e| format!("zombienet config: {e}"))?;
	let relay = root
		.get_mut("relaychain")
		.and_then(Value::as_table_mut)
		.ok_or("zombienet config: no [relaychain] section")?;
	let nodes = relay
		.get("nodes")
		.and_then(Value::as_array)
		.filter(|nodes| !nodes.is_empty())
		.ok_or("zombienet config: [[relaychain.nodes]] lists no node to copy")?;
	let template =
		nodes[0].as_table().cloned().ok_or("zombienet config: a relay node is not a table")?;
	let existing: Vec<String> = nodes
		.iter()
		.filter_map(|n| n.get("name").and_then(Value::as_str).map(str::to_string))
		.collect();
	let validators = validator_names(&existing, count)
		.into_iter()
		.map(|name| {
			let mut node = template.clone();
			node.insert("name".into(), Value::String(name));
			node.insert("validator".into(), Value::Boolean(true));
			Value::Table(node)
		})
		.collect();
	relay.insert("nodes".into(), Value::Array(validators));
	toml::to_string(&root).map_err(|e| e.to_string())
}

/// The config with every relative `chain_spec_path` (of the relay chain and of each
/// parachain) made relative to `dir`, the config file's folder, as a reader of the file
/// expects; zombienet itself would take them relative to the working directory.
pub fn with_paths_from(config: &str, dir: &std::path::Path) -> Result<String> {
	let mut root: Table = config.parse().map_err(|e| format!("zombienet config: {e}"))?;
	let resolve = |table: &mut Table| {
		if let Some(Value::String(path)) = table.get_mut("chain_spec_path") {
			let is_url = path.contains("://");
			if !is_url && std::path::Path::new(path.as_str()).is_relative() {
				*path = dir.join(path.as_str()).to_string_lossy().into_owned();
			}
		}
	};
	if let Some(relay) = root.get_mut("relaychain").and_then(Value::as_table_mut) {
		resolve(relay);
	}
	if let Some(chains) = root.get_mut("parachains").and_then(Value::as_array_mut) {
		chains.iter_mut().filter_map(Value::as_table_mut).for_each(resolve);
	}
	toml::to_string(&root).map_err(|e| e.to_string())
}

/// The node to load by default: the first collator of the first parachain.
pub fn first_collator(config: &str) -> Result<String> {
	let root: Table = config.parse().map_err(|e| format!("zombienet config: {e}"))?;
	root.get("parachains")
		.and_then(Value::as_array)
		.and_then(|chains| chains.first())
		.and_then(|chain| chain.get("collators").or_else(|| chain.get("collator")))
		.and_then(|collators| match collators {
			Value::Array(list) => list.first().cloned(),
			table @ Value::Table(_) => Some(table.clone()),
			_ => None,
		})
		.and_then(|collator| collator.get("name").and_then(Value::as_str).map(str::to_string))
		.ok_or_else(|| {
			"zombienet config: no parachain collator to load; name one with --load-node".into()
		})
}

/// Where zombienet runs the networks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
	/// Processes on this machine.
	Native,
	/// Pods in the Kubernetes cluster of the current kube context.
	K8s,
}

/// A network spawned for one step.
pub struct Spawned {
	/// WebSocket URL of the node to load.
	pub ws: String,
	#[cfg(feature = "zombienet")]
	network: zombienet_sdk::Network<zombienet_sdk::LocalFileSystem>,
}

/// Seconds to wait for the load node's first blocks.
#[cfg(feature = "zombienet")]
const READY_TIMEOUT: u64 = 900;

/// The config for `validators` validators and the name of the node to load.
fn prepare(config: &str, validators: u32, node: Option<&str>) -> Result<(String, String)> {
	let config = with_validators(config, validators)?;
	let name = match node {
		Some(name) => name.to_string(),
		None => first_collator(&config)?,
	};
	Ok((config, name))
}

impl Spawned {
	/// Spawns `config` with `validators` relay-chain validators and waits until the load
	/// node (`node`, or the first collator) has imported two blocks.
	#[cfg(feature = "zombienet")]
	pub async fn start(
		config: &str,
		validators: u32,
		node: Option<&str>,
		provider: Provider,
	) -> Result<Self> {
		use zombienet_sdk::{NetworkConfig, NetworkConfigExt};
		let (config, name) = prepare(config, validators, node)?;
		let config = NetworkConfig::load_from_toml_string(&config)
			.map_err(|e| format!("zombienet config: {e}"))?;
		let network = match provider {
			Provider::Native => config.spawn_native().await,
			Provider::K8s => config.spawn_k8s().await,
		}
		.map_err(|e| format!("zombienet could not spawn the network: {e}"))?;
		let load = network.get_node(&name).map_err(|e| format!("--load-node {name}: {e}"))?;
		load.wait_metric_with_timeout("block_height{status=\"best\"}", |b| b >= 2.0, READY_TIMEOUT)
			.await
			.map_err(|e| format!("{name} produced no blocks within {READY_TIMEOUT} s: {e}"))?;
		let ws = load.ws_uri().to_string();
		Ok(Spawned { ws, network })
	}

	/// Without the `zombienet` feature: checks the config, then says how to get the feature.
	#[cfg(not(feature = "zombienet"))]
	pub async fn start(
		config: &str,
		validators: u32,
		node: Option<&str>,
		_provider: Provider,
	) -> Result<Self> {
		prepare(config, validators, node)?;
		Err("this stacktical was built without zombienet support: build it with \
		     `cargo build -p stacktical --features zombienet`"
			.into())
	}

	/// Tears the network down (its processes and files).
	pub async fn stop(self) {
		#[cfg(feature = "zombienet")]
		{
			// zombienet-sdk 0.7's crash watcher outlives `destroy()` and exits the whole
			// process when it finds the destroyed nodes gone, so the next step never runs.
			// It skips paused nodes: pause them all first.
			for node in self.network.nodes() {
				if let Err(e) = node.pause().await {
					eprintln!("pausing {} before teardown: {e}", node.name());
				}
			}
			if let Err(e) = self.network.destroy().await {
				eprintln!("tearing the network down: {e}");
			}
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const CONFIG: &str = include_str!("../../../../zombienet/stacktical-local.toml");

	#[test]
	fn the_relay_chain_gets_the_asked_validators() {
		for count in [2u32, 3, 5, 8] {
			let config: Table = with_validators(CONFIG, count).unwrap().parse().unwrap();
			let nodes = config["relaychain"]["nodes"].as_array().unwrap();
			assert_eq!(nodes.len(), count as usize);
			let names: Vec<&str> = nodes.iter().map(|n| n["name"].as_str().unwrap()).collect();
			assert_eq!(&names[..2], ["alice", "bob"]);
			if count > 2 {
				assert_eq!(names[2], "validator-2");
			}
			assert!(nodes.iter().all(|n| n["validator"].as_bool() == Some(true)));
			// The rest of the config is kept.
			assert_eq!(config["relaychain"]["chain"].as_str(), Some("rococo-local"));
			assert_eq!(config["parachains"][0]["id"].as_integer(), Some(2000));
		}
	}

	#[test]
	fn relative_chain_spec_paths_follow_the_config_file() {
		let config =
			"[relaychain]\nchain = \"rococo-local\"\nchain_spec_path = \"rococo-local.json\"\n\
		              [[parachains]]\nid = 2000\nchain_spec_path = \"/abs/para.json\"\n\
		              [[parachains]]\nid = 2001\nchain_spec_path = \"https://example.com/spec.json\"\n";
		let out: Table = with_paths_from(config, std::path::Path::new("/repo/zombienet"))
			.unwrap()
			.parse()
			.unwrap();
		assert_eq!(
			out["relaychain"]["chain_spec_path"].as_str(),
			Some("/repo/zombienet/rococo-local.json")
		);
		assert_eq!(out["parachains"][0]["chain_spec_path"].as_str(), Some("/abs/para.json"));
		assert_eq!(
			out["parachains"][1]["chain_spec_path"].as_str(),
			Some("https://example.com/spec.json")
		);
		// The shipped configs name the spec scripts/relay-binaries.sh writes beside them.
		let shipped: Table =
			with_paths_from(CONFIG, std::path::Path::new("/z")).unwrap().parse().unwrap();
		assert_eq!(shipped["relaychain"]["chain_spec_path"].as_str(), Some("/z/rococo-local.json"));
	}

	#[test]
	fn the_load_node_is_the_first_collator() {
		assert_eq!(first_collator(CONFIG).unwrap(), "charlie");
		assert!(first_collator("[relaychain]\nchain = \"x\"\n")
			.unwrap_err()
			.contains("--load-node"));
	}

	#[test]
	fn bad_configs_are_refused_clearly() {
		assert!(with_validators("not toml [", 3).unwrap_err().starts_with("zombienet config:"));
		assert!(with_validators("[settings]\n", 3).unwrap_err().contains("[relaychain]"));
		assert!(with_validators("[relaychain]\nchain = \"x\"\n", 3)
			.unwrap_err()
			.contains("lists no node"));
	}
}

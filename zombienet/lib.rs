//! Holds the slow-tier network tests in `tests/` (see `README.md`) and what they share:
//! finding the binaries they need. A test whose binaries are missing fails and says what to
//! build, so that a run without them can never pass as green; with `STACKTICAL_SKIP_MISSING=1`
//! it is skipped instead, with the same message.

use std::path::Path;

use zombienet_sdk::{NetworkConfig, NetworkConfigBuilder};

/// Whether `binary` is an executable file in a directory of `PATH`.
pub fn on_path(binary: &str) -> bool {
	std::env::var_os("PATH")
		.map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(binary).is_file()))
		.unwrap_or(false)
}

/// The relay-chain binaries zombienet's native provider needs that are not on `PATH`.
pub fn missing_relay_binaries() -> Vec<&'static str> {
	["polkadot", "polkadot-prepare-worker", "polkadot-execute-worker"]
		.into_iter()
		.filter(|b| !on_path(b))
		.collect()
}

/// A file of the `zombienet/` folder of this checkout. Cargo gives the directory when it runs
/// the test, not when it compiles it: the shared target directory may hold the tests as
/// compiled from another checkout, whose files may differ.
pub fn zombienet_file(relative: &str) -> String {
	let dir = std::env::var("CARGO_MANIFEST_DIR").expect("tests run through cargo");
	format!("{dir}/{relative}")
}

/// The `rococo-local` relay chain spec the networks start from: `$RELAY_CHAIN_SPEC`, or
/// `zombienet/rococo-local.json` as `scripts/relay-binaries.sh` writes it. The relay node is
/// built without native runtimes, so it cannot make this spec itself.
pub fn relay_chain_spec() -> Option<String> {
	let path =
		std::env::var("RELAY_CHAIN_SPEC").unwrap_or_else(|_| zombienet_file("rococo-local.json"));
	Path::new(&path).is_file().then_some(path)
}

/// Why a relay chain cannot be started here (missing binaries or spec), if it cannot.
pub fn relay_chain_missing() -> Option<String> {
	let missing = missing_relay_binaries();
	if !missing.is_empty() {
		return Some(format!(
			"{} not on PATH; scripts/relay-binaries.sh builds them (zombienet/README.md)",
			missing.join(", ")
		));
	}
	relay_chain_spec().is_none().then(|| {
		"no relay chain spec (zombienet/rococo-local.json or $RELAY_CHAIN_SPEC); \
		 scripts/relay-binaries.sh makes it"
			.to_string()
	})
}

/// What a network test needs: the `stacktical-node` to run (`$STACKTICAL_NODE` or PATH) and
/// the relay chain spec. `None`, after saying why with [`skip`], when something is missing.
pub fn network_prerequisites() -> Option<(String, String)> {
	let Some(node) = binary("STACKTICAL_NODE", "stacktical-node") else {
		skip("stacktical-node is neither in $STACKTICAL_NODE nor on PATH (scripts/test-slow.sh sets it)");
		return None;
	};
	if let Some(why) = relay_chain_missing() {
		skip(&why);
		return None;
	}
	Some((node, relay_chain_spec()?))
}

/// A binary given by environment variable `var` (a file path), or found on `PATH` as `name`.
pub fn binary(var: &str, name: &str) -> Option<String> {
	match std::env::var(var) {
		Ok(path) if Path::new(&path).is_file() => Some(path),
		_ => on_path(name).then(|| name.to_string()),
	}
}

/// Environment variable that turns a missing binary from a failure into a skip.
pub const SKIP_MISSING: &str = "STACKTICAL_SKIP_MISSING";

/// A test cannot run here because of `why`: fails with that message, or, when
/// [`SKIP_MISSING`] is set to `1`, prints it as a skip (visible with `--nocapture`, as
/// `scripts/test-slow.sh` runs the tests) and lets the test return.
pub fn skip(why: &str) {
	if std::env::var(SKIP_MISSING).as_deref() == Ok("1") {
		eprintln!("skipped: {why}");
	} else {
		panic!("cannot run: {why}. Set {SKIP_MISSING}=1 to skip such tests instead.");
	}
}

/// A collator's keystore keys: Aura and the probe key (`stmn`), both sr25519.
pub const SESSION_KEY_TYPES: [&str; 2] = ["aura", "stmn_sr"];

/// A collator's session keys in the chain spec, by the runtime's names for them.
pub const CHAIN_SPEC_KEY_TYPES: [&str; 2] = ["aura", "monitoring_sr"];

/// A Stacktical collator `$name` run by `$command`, with both session keys; a macro, as the
/// builder's node type is private.
macro_rules! collator {
	($n:expr, $name:expr, $command:expr) => {
		$n.with_name($name)
			.with_command($command)
			.with_args(vec!["--no-hardware-benchmarks".into()])
			.with_keystore_key_types(SESSION_KEY_TYPES.to_vec())
			.with_chain_spec_key_types(CHAIN_SPEC_KEY_TYPES.to_vec())
	};
}

/// The network of `stacktical-local.toml`: a `rococo-local` relay chain (spec `relay_spec`)
/// with validators alice and bob, and the Stacktical parachain 2000 (`local` chain) with
/// collators charlie, run by `node`, and dave, run by `second` (the same node, or another
/// client of the same runtime).
pub fn local_network(relay_spec: &str, node: &str, second: &str) -> anyhow::Result<NetworkConfig> {
	network(relay_spec, &["alice", "bob"], &[("charlie", node), ("dave", second)], true)
}

/// A `rococo-local` relay chain (spec `relay_spec`) with `validators`, and the Stacktical
/// parachain 2000 (`local` chain) with `collators`, each a (name, command) pair. Node names
/// give their dev keys (`dave` is `//Dave`), so the two lists must not share a name. With
/// `tear_down_on_failure` false, a node that stops answering (one a test kills) does not make
/// zombienet-sdk tear the network down and end the process.
pub fn network(
	relay_spec: &str,
	validators: &[&str],
	collators: &[(&str, &str)],
	tear_down_on_failure: bool,
) -> anyhow::Result<NetworkConfig> {
	anyhow::ensure!(
		!validators.is_empty() && !collators.is_empty(),
		"a network needs a relay-chain validator and a collator"
	);
	NetworkConfigBuilder::new()
		.with_relaychain(|r| {
			let r = r
				.with_chain("rococo-local")
				.with_chain_spec_path(relay_spec)
				.with_default_command("polkadot")
				.with_validator(|n| n.with_name(validators[0]));
			validators[1..].iter().fold(r, |r, name| r.with_validator(|n| n.with_name(*name)))
		})
		.with_parachain(|p| {
			let (first, command) = collators[0];
			let p = p
				.with_id(2000)
				.with_chain("local")
				.cumulus_based(true)
				.with_default_command(command)
				.with_collator(|n| collator!(n, first, command));
			collators[1..]
				.iter()
				.fold(p, |p, (name, command)| p.with_collator(|n| collator!(n, *name, *command)))
		})
		.with_global_settings(|s| s.with_tear_down_on_failure(tear_down_on_failure))
		.build()
		.map_err(|errors| anyhow::anyhow!("bad network config: {errors:?}"))
}

/// The parachain id of the consumer chain in [`sli_over_hrmp_network`].
pub const CONSUMER_PARA_ID: u32 = 2001;

/// A `rococo-local` relay chain (spec `relay_spec`) with validators alice and bob; Stacktical
/// (parachain 2000, `local` chain) with collator charlie on `node`; and a consumer parachain
/// ([`CONSUMER_PARA_ID`]) made from the test consumer runtime's wasm (`consumer_wasm`, its
/// `local_testnet` preset) with collator ferdie on `polkadot-omni-node`. No HRMP channel is
/// opened in genesis: cumulus then fails its first block (`DMQ head mismatch`, polkadot-sdk
/// #1616), so the test opens them with the relay chain's sudo once the chains run.
pub fn sli_over_hrmp_network(
	relay_spec: &str,
	node: &str,
	consumer_wasm: &str,
) -> anyhow::Result<NetworkConfig> {
	NetworkConfigBuilder::new()
		.with_relaychain(|r| {
			r.with_chain("rococo-local")
				.with_chain_spec_path(relay_spec)
				.with_default_command("polkadot")
				.with_validator(|n| n.with_name("alice"))
				.with_validator(|n| n.with_name("bob"))
		})
		.with_parachain(|p| {
			p.with_id(2000)
				.with_chain("local")
				.cumulus_based(true)
				.with_default_command(node)
				.with_collator(|n| collator!(n, "charlie", node))
		})
		.with_parachain(|p| {
			p.with_id(CONSUMER_PARA_ID)
				.with_chain_spec_runtime(consumer_wasm, Some("local_testnet"))
				.cumulus_based(true)
				.with_default_command("polkadot-omni-node")
				.with_collator(|n| {
					n.with_name("ferdie").with_args(vec!["--no-hardware-benchmarks".into()])
				})
		})
		.build()
		.map_err(|errors| anyhow::anyhow!("bad network config: {errors:?}"))
}

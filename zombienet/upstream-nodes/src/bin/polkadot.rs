//! The Polkadot relay-chain node, as the `polkadot` crate builds it, minus the native relay
//! runtimes: start it with `--chain rococo-local.json` (a spec file) rather than a built-in name.

fn main() -> color_eyre::eyre::Result<()> {
	color_eyre::install()?;
	polkadot_cli::run()?;
	Ok(())
}

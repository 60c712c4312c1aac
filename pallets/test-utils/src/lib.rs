//! What the mock runtimes of Stacktical's pallets share, so that each `mock.rs` holds only
//! what is particular to its pallet:
//! - [`test_key`]: the sr25519 application key type that stands for a collator's key;
//! - [`keys`]: collator keys generated into a test keystore from seeds;
//! - [`authorized_transactions!`]: the extrinsic type and `CreateTransaction*` impls that let
//!   an off-chain worker submit authorised unsigned transactions to a mock runtime;
//! - [`CheckedExt`]: test externalities that check the pallet's invariants (`try_state`)
//!   after every closure they run;
//! - [`xcm`]: signed test accounts that stand for XCM locations, and an XCM sender that keeps
//!   what it sends, for the pallets that speak XCM;
//! - [`genesis_storage`]: a real runtime's genesis from one of its presets, as a chain-spec
//!   builder makes it (for tests of whole runtimes).

pub use polkadot_sdk;
use polkadot_sdk::{
	sp_core::sr25519,
	sp_io::TestExternalities,
	sp_keystore::{testing::MemoryKeystore, Keystore},
	sp_runtime::TryRuntimeError,
};

/// The key type of collator (prober) keys in the mock runtimes.
pub mod test_key {
	use polkadot_sdk::sp_application_crypto::{app_crypto, sr25519, KeyTypeId};
	/// Key type of test collator keys.
	pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"test");
	app_crypto!(sr25519, KEY_TYPE);
}

/// Generates one [`test_key`] key per seed (`//Collator1`, …) in `keystore`.
pub fn keys<'a>(
	keystore: &MemoryKeystore,
	seeds: impl IntoIterator<Item = &'a str>,
) -> Vec<test_key::Public> {
	seeds
		.into_iter()
		.map(|seed| {
			let public: sr25519::Public = keystore
				.sr25519_generate_new(test_key::KEY_TYPE, Some(seed))
				.expect("the memory keystore generates keys");
			test_key::Public::from(public)
		})
		.collect()
}

/// Declares `TxExtension` (`frame_system::AuthorizeCall`) and `Extrinsic` for the mock
/// runtime `$runtime` (whose `RuntimeCall` is in scope), and implements the
/// `CreateTransactionBase`, `CreateTransaction` and `CreateAuthorizedTransaction` traits an
/// off-chain worker needs to submit authorised unsigned transactions.
#[macro_export]
macro_rules! authorized_transactions {
	($runtime:ident) => {
		/// The transaction extensions of the mock runtime: authorisation only.
		pub type TxExtension = $crate::polkadot_sdk::frame_system::AuthorizeCall<$runtime>;
		/// A transaction of the mock runtime.
		pub type Extrinsic = $crate::polkadot_sdk::sp_runtime::generic::UncheckedExtrinsic<
			u64,
			RuntimeCall,
			$crate::polkadot_sdk::sp_runtime::testing::TestSignature,
			TxExtension,
		>;

		impl<LocalCall>
			$crate::polkadot_sdk::frame_system::offchain::CreateTransactionBase<LocalCall> for $runtime
		where
			RuntimeCall: From<LocalCall>,
		{
			type RuntimeCall = RuntimeCall;
			type Extrinsic = Extrinsic;
		}

		impl<LocalCall> $crate::polkadot_sdk::frame_system::offchain::CreateTransaction<LocalCall>
			for $runtime
		where
			RuntimeCall: From<LocalCall>,
		{
			type Extension = TxExtension;
			fn create_transaction(call: RuntimeCall, extension: TxExtension) -> Extrinsic {
				Extrinsic::new_transaction(call, extension)
			}
		}

		impl<LocalCall>
			$crate::polkadot_sdk::frame_system::offchain::CreateAuthorizedTransaction<LocalCall>
			for $runtime
		where
			RuntimeCall: From<LocalCall>,
		{
			fn create_extension() -> TxExtension {
				TxExtension::new()
			}
		}
	};
}

/// Test externalities that run the pallet's invariant check after every closure, so that no
/// test can leave the storage in a state `try_state` would refuse.
pub struct CheckedExt {
	/// The externalities themselves (register extensions on them).
	pub ext: TestExternalities,
	check: fn() -> Result<(), TryRuntimeError>,
}

impl CheckedExt {
	/// Wraps `ext`; `check` is the pallet's `do_try_state`.
	pub fn new(ext: TestExternalities, check: fn() -> Result<(), TryRuntimeError>) -> Self {
		Self { ext, check }
	}

	/// Runs `f`, then checks the invariants; panics, naming the broken one, if one fails.
	pub fn execute_with<R>(&mut self, f: impl FnOnce() -> R) -> R {
		let check = self.check;
		self.ext.execute_with(|| {
			let result = f();
			if let Err(e) = check() {
				panic!("try_state after the test: {e:?}");
			}
			result
		})
	}
}

/// XCM test doubles: origins that stand for XCM locations, and a sender that keeps what it
/// sends instead of routing it.
pub mod xcm {
	use core::marker::PhantomData;
	use polkadot_sdk::{
		frame_support::traits::{EnsureOrigin, Get},
		frame_system::RawOrigin,
		staging_xcm::latest::prelude::*,
	};
	use std::{cell::RefCell, collections::BTreeMap};

	/// Signed test accounts as the XCM locations `M` maps them to, as `pallet_xcm::EnsureXcm`
	/// gives a `Transact`'s XCM origin in a real runtime. Any other origin is refused.
	pub struct SignedAsLocation<M>(PhantomData<M>);

	impl<O, M> EnsureOrigin<O> for SignedAsLocation<M>
	where
		O: Clone + Into<Result<RawOrigin<u64>, O>> + From<RawOrigin<u64>>,
		M: Get<BTreeMap<u64, Location>>,
	{
		type Success = Location;
		fn try_origin(o: O) -> Result<Location, O> {
			match o.clone().into() {
				Ok(RawOrigin::Signed(who)) => M::get().get(&who).cloned().ok_or(o),
				_ => Err(o),
			}
		}
		#[cfg(feature = "runtime-benchmarks")]
		fn try_successful_origin() -> Result<O, ()> {
			M::get().keys().next().map(|who| O::from(RawOrigin::Signed(*who))).ok_or(())
		}
	}

	thread_local! {
		static SENT: RefCell<Vec<(Location, Xcm<()>)>> = const { RefCell::new(Vec::new()) };
		static FAILS: RefCell<bool> = const { RefCell::new(false) };
	}

	/// An XCM sender that keeps what it sends ([`take_sent`]), or fails as a missing channel
	/// does ([`set_send_fails`]).
	pub struct KeepingSender;

	impl SendXcm for KeepingSender {
		type Ticket = (Location, Xcm<()>);
		fn validate(
			dest: &mut Option<Location>,
			msg: &mut Option<Xcm<()>>,
		) -> SendResult<Self::Ticket> {
			if FAILS.with(|f| *f.borrow()) {
				return Err(SendError::Transport("no channel"));
			}
			let dest = dest.take().ok_or(SendError::MissingArgument)?;
			let msg = msg.take().ok_or(SendError::MissingArgument)?;
			Ok(((dest, msg), Assets::new()))
		}
		fn deliver(ticket: Self::Ticket) -> Result<XcmHash, SendError> {
			SENT.with(|sent| sent.borrow_mut().push(ticket));
			Ok([0; 32])
		}
	}

	/// What [`KeepingSender`] sent since the last call: destinations and messages.
	pub fn take_sent() -> Vec<(Location, Xcm<()>)> {
		SENT.with(|sent| sent.take())
	}

	/// Makes [`KeepingSender`] fail (`true`) or send again (`false`).
	pub fn set_send_fails(fails: bool) {
		FAILS.with(|f| *f.borrow_mut() = fails);
	}
}

/// The genesis storage of a runtime whose genesis config is `Config`, from the JSON `patch` of
/// one of its presets merged into the default config, as the chain-spec builder does (objects
/// merged key by key, anything else replaced). Panics, naming what failed, on a patch the
/// config does not accept.
pub fn genesis_storage<Config>(patch: &[u8]) -> polkadot_sdk::sp_runtime::Storage
where
	Config: Default
		+ serde::Serialize
		+ serde::de::DeserializeOwned
		+ polkadot_sdk::sp_runtime::BuildStorage,
{
	use serde_json::Value;
	fn merge(base: &mut Value, patch: Value) {
		match (base, patch) {
			(Value::Object(base), Value::Object(patch)) => {
				for (key, value) in patch {
					merge(base.entry(key).or_insert(Value::Null), value);
				}
			},
			(base, patch) => *base = patch,
		}
	}
	let patch: Value = serde_json::from_slice(patch).expect("the preset is JSON");
	let mut config = serde_json::to_value(Config::default()).expect("the default config encodes");
	merge(&mut config, patch);
	let config: Config = serde_json::from_value(config).expect("the preset fits the config");
	config.build_storage().expect("the genesis builds")
}

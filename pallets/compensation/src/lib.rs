//! # Compensation pallet
//!
//! The money of Stacktical's SLAs (DSLA on the parachain). `pallet-sla` judges each period from
//! the chain's own SLIs; when a verdict is final it calls this pallet ([`pallet_sla::SlaHooks`]),
//! which moves the money in O(1) whatever the number of holders:
//!
//! - **Collateral.** The provider opens the SLA's market ([`Pallet::open`]) with its terms
//!   ([`MarketTerms`]: premium per period, leverage, per-period cap) and a **bond**, held on its
//!   own account, that takes the first loss. **Backers** add collateral to a pool in the pallet's
//!   pot for a pro-rata share of premiums ([`Pallet::back`]).
//! - **Cover.** A nominator buys cover for an amount and a number of periods
//!   ([`Pallet::buy_cover`]) and pays the premium up front, known from the terms. Cover starts at
//!   the next period start, so nobody buys a period whose outcome is known (DSLA's sniping);
//!   positions are not transferable, and a position cannot be left early. Cover outstanding is
//!   capped by the collateral times the leverage.
//! - **Each final period** (see [`settlement`]): *breached* → compensation `credit · cover`, at
//!   most `period_cap` of the collateral, taken from the bond first, then the backing, and
//!   credited to holders per unit of cover, with the period's premium refunded; *met* → the
//!   premium to the provider and backers pro rata to their collateral; *void* → the premium
//!   refunded. No fee is taken on anything.
//! - **Claims and withdrawals** ([`accounts`]): holders claim what they are owed in O(1) from
//!   per-unit counters ([`Pallet::claim`]); bond and backing asked back ([`Pallet::unbond`],
//!   [`Pallet::unback`]) keep covering, and taking losses, until the periods running when they
//!   were asked for are final ([`Pallet::withdraw`]).
//!
//! Rounding is always down, towards the pot: the invariants (`try_state`) check that the pot
//! holds at least everything owed, and that held bonds are what the markets record.
//! `docs/sla.md` gives the formulas and the trust model.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod accounts;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(any(test, feature = "try-runtime"))]
mod invariants;
#[cfg(test)]
mod mock;
pub mod settlement;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use pallet_sla::SlaInfo;
use polkadot_sdk::{
	frame_support::{
		self,
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::Preservation,
		},
		PalletId,
	},
	frame_system::{self, pallet_prelude::*},
	sp_runtime::{
		traits::{AccountIdConversion, Saturating, Zero},
		SaturatedConversion,
	},
};

/// Balance type of the currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// A market as stored.
pub type MarketOf<T> = Market<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// Version 0: the first layout.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The currency: bonds are held, backing and premiums sit in the pot.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The SLAs: providers, periods and finality.
		type Slas: SlaInfo<Self::AccountId>;

		/// The pot's identifier: backing, premiums and what is owed sit in its account.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Smallest cover a position may buy, and smallest backing.
		#[pallet::constant]
		type MinPosition: Get<BalanceOf<Self>>;

		/// Largest leverage a market may offer.
		#[pallet::constant]
		type MaxLeverage: Get<u32>;

		/// Most periods of an SLA (the SLA pallet's bound): bounds the per-period records.
		#[pallet::constant]
		type MaxPeriods: Get<u32>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;

		/// Sets up SLAs for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A provider's bond.
		Bond,
	}

	/// Each SLA's market.
	#[pallet::storage]
	pub type Markets<T: Config> = StorageMap<_, Twox64Concat, SlaId, MarketOf<T>>;

	/// Cover positions, one per SLA and account.
	#[pallet::storage]
	pub type Covers<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		SlaId,
		Blake2_128Concat,
		T::AccountId,
		Cover<BalanceOf<T>>,
	>;

	/// Backer positions, one per SLA and account.
	#[pallet::storage]
	pub type Backers<T: Config> =
		StorageDoubleMap<_, Twox64Concat, SlaId, Blake2_128Concat, T::AccountId, Backing>;

	/// Per SLA and period: the cover starting and ending there.
	#[pallet::storage]
	pub type CoverChanges<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		SlaId,
		Twox64Concat,
		PeriodIndex,
		CoverChange<BalanceOf<T>>,
		ValueQuery,
	>;

	/// Per SLA and period: the counters when the period started (written when the period
	/// before it became final).
	#[pallet::storage]
	pub type Checkpoints<T: Config> =
		StorageDoubleMap<_, Twox64Concat, SlaId, Twox64Concat, PeriodIndex, Checkpoint, ValueQuery>;

	/// Per SLA and final period: the money it moved.
	#[pallet::storage]
	pub type Settlements<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		SlaId,
		Twox64Concat,
		PeriodIndex,
		PeriodMoney<BalanceOf<T>>,
	>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		/// Gives the pot its existential deposit, so that it never has to be created by a
		/// payment too small to create it.
		fn build(&self) {
			let pot = Pallet::<T>::pot();
			if T::Currency::balance(&pot) < T::Currency::minimum_balance() {
				T::Currency::set_balance(&pot, T::Currency::minimum_balance());
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A market opened with its terms and the provider's bond.
		Opened { sla: SlaId, terms: MarketTerms, bond: BalanceOf<T> },
		/// The provider added to its bond.
		Bonded { sla: SlaId, amount: BalanceOf<T> },
		/// A backer added collateral.
		Backed { sla: SlaId, backer: T::AccountId, amount: BalanceOf<T>, shares: u128 },
		/// Cover was bought for periods `[from, to)`.
		CoverBought {
			sla: SlaId,
			holder: T::AccountId,
			amount: BalanceOf<T>,
			from: PeriodIndex,
			to: PeriodIndex,
			premium: BalanceOf<T>,
		},
		/// Collateral was asked back; it is released once `unlock_at` periods are final.
		Unbonding { sla: SlaId, who: T::AccountId, amount: BalanceOf<T>, unlock_at: PeriodIndex },
		/// Collateral was released.
		Withdrawn { sla: SlaId, who: T::AccountId, amount: BalanceOf<T> },
		/// A holder or backer took what it was owed.
		Claimed { sla: SlaId, who: T::AccountId, amount: BalanceOf<T> },
		/// A breached period's compensation: from the bond and the backing.
		Compensated {
			sla: SlaId,
			period: PeriodIndex,
			from_bond: BalanceOf<T>,
			from_backing: BalanceOf<T>,
			refunded: BalanceOf<T>,
		},
		/// A met period's premium went to the provider and the backers.
		PremiumPaid {
			sla: SlaId,
			period: PeriodIndex,
			to_provider: BalanceOf<T>,
			to_backers: BalanceOf<T>,
		},
		/// A void period's premium was refunded.
		Refunded { sla: SlaId, period: PeriodIndex, amount: BalanceOf<T> },
		/// The SLA was cancelled: bond released, premiums refundable.
		MarketCancelled { sla: SlaId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such SLA, or it takes no more cover.
		UnknownSla,
		/// Only the SLA's provider may do this.
		NotProvider,
		/// The SLA's market is open already.
		AlreadyOpen,
		/// The SLA has no market.
		NoMarket,
		/// Leverage must be 1 to the maximum; premium and cap at most 100 %, the cap above 0.
		BadTerms,
		/// Below the smallest position.
		TooSmall,
		/// The SLA takes no cover or collateral now (its last period has started, it ended or
		/// it was cancelled).
		Closed,
		/// The account has a position on this SLA already (claim it when it ends).
		AlreadyCovered,
		/// Periods must be at least one and end by the SLA's last period.
		BadPeriods,
		/// The collateral does not support that much more cover.
		NotEnoughCollateral,
		/// No such position.
		NoPosition,
		/// The periods this collateral covers are not final yet.
		StillCovering,
		/// Asked back more than there is, or than the cover outstanding allows.
		TooMuch,
		/// The backers' pool was wiped out by compensation: it takes no new money.
		PoolWiped,
		/// Nothing to claim.
		NothingToClaim,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxLeverage::get() >= 1, "MaxLeverage must allow 1");
			assert!(!T::MinPosition::get().is_zero(), "MinPosition must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(
			_now: BlockNumberFor<T>,
		) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Opens the market of the caller's SLA with its terms, holding `bond` from the caller.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::open())]
		pub fn open(
			origin: OriginFor<T>,
			sla: SlaId,
			terms: MarketTerms,
			bond: BalanceOf<T>,
		) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_open(provider, sla, terms, bond)
		}

		/// Adds to the caller's bond (the caller is the provider).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::bond())]
		pub fn bond(origin: OriginFor<T>, sla: SlaId, amount: BalanceOf<T>) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_bond(provider, sla, amount)
		}

		/// Adds collateral to the SLA's backers' pool for a share of its premiums.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::back())]
		pub fn back(origin: OriginFor<T>, sla: SlaId, amount: BalanceOf<T>) -> DispatchResult {
			let backer = ensure_signed(origin)?;
			Self::do_back(backer, sla, amount)
		}

		/// Buys `amount` of cover for `periods` periods from the next period start, paying the
		/// premium (`premium_ppm · amount` per period) now.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::buy_cover())]
		pub fn buy_cover(
			origin: OriginFor<T>,
			sla: SlaId,
			amount: BalanceOf<T>,
			periods: u32,
		) -> DispatchResult {
			let holder = ensure_signed(origin)?;
			Self::do_buy_cover(holder, sla, amount, periods)
		}

		/// Takes what the caller is owed on an SLA: compensation and refunds as a holder,
		/// premiums as a backer. An ended position is closed.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::claim())]
		pub fn claim(origin: OriginFor<T>, sla: SlaId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(who, sla)
		}

		/// Asks back `amount` of the provider's bond; it keeps covering until the periods
		/// running now are final.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::unbond())]
		pub fn unbond(origin: OriginFor<T>, sla: SlaId, amount: BalanceOf<T>) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_unbond(provider, sla, amount)
		}

		/// Asks back `shares` of the caller's backing; they keep covering (and earning) until
		/// the periods running now are final.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::unback())]
		pub fn unback(origin: OriginFor<T>, sla: SlaId, shares: u128) -> DispatchResult {
			let backer = ensure_signed(origin)?;
			Self::do_unback(backer, sla, shares)
		}

		/// Releases the caller's collateral asked back, once what it covered is final.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::withdraw())]
		pub fn withdraw(origin: OriginFor<T>, sla: SlaId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, sla)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The pot's account.
	pub fn pot() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Collateral counting towards cover: the bond and the backing, unbonding parts included
	/// until they are released.
	pub fn collateral(market: &MarketOf<T>) -> BalanceOf<T> {
		market.bond.saturating_add(market.backing)
	}

	/// Collateral that new cover can be sold against: without the parts asked back.
	pub fn committed_collateral(market: &MarketOf<T>) -> BalanceOf<T> {
		let backing_unbonding = Self::shares_value(market, market.shares_unbonding);
		Self::collateral(market)
			.saturating_sub(market.bond_unbonding)
			.saturating_sub(backing_unbonding)
	}

	/// What `shares` of the backers' pool are worth now.
	pub fn shares_value(market: &MarketOf<T>, shares: u128) -> BalanceOf<T> {
		narrow::<T>(sla_math::money::value_of(shares, wide::<T>(market.backing), market.shares))
	}

	/// Pays `amount` out of the pot (which keeps its existential deposit).
	fn pay(to: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer(&Self::pot(), to, amount, Preservation::Preserve)?;
		Ok(())
	}
}

/// A balance as `u128`, for the `sla-math` arithmetic.
pub fn wide<T: Config>(b: BalanceOf<T>) -> u128 {
	b.saturated_into()
}

/// A `u128` result as a balance (saturating; results never exceed the inputs they came from).
pub fn narrow<T: Config>(v: u128) -> BalanceOf<T> {
	v.saturated_into()
}

/// What the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// An SLA of `provider` that takes cover from its next period; `periods` periods long.
	fn create_sla(provider: &AccountId, periods: u32) -> SlaId;
	/// Makes periods before `period` of the SLA final (as its verdicts would).
	fn finalise_until(sla: SlaId, period: PeriodIndex);
}

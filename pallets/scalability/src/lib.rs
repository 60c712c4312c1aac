//! # Scalability pallet
//!
//! Performance campaigns on-chain: researchers and release engineers record the throughput
//! and latency their performance tests measured across a sweep of sizes; collators'
//! off-chain workers fit the Universal Scalability Law
//! `X(N) = λN / (1 + σ(N−1) + κN(N−1))` to them; the runtime verifies every submitted fit
//! in fixed point before accepting it; and a campaign that names a baseline is compared with
//! it, so a release whose predicted scalability regressed is visible to anyone (and fails the
//! chain gate, `stacktical gate --chain`, that reads the chain's own verdict).
//!
//! ## Lifecycle of a campaign
//! 1. [`Pallet::create_campaign`]: a signed account, against a deposit
//!    ([`Config::CampaignDeposit`]) held until the campaign is removed. It names the network
//!    and the release under test, what `N` counts, and optionally a baseline campaign. The
//!    first campaign on a network label claims the label for its creator
//!    ([`Config::NetworkDeposit`]); later ones must come from the label's owner or one of its
//!    delegates ([`Pallet::add_network_delegate`]), so nobody can fill another team's history.
//! 2. [`Pallet::submit_measurements`]: the owner adds bounded batches of
//!    `(n, tps, latency p50/p95, samples)`. Every value is checked; sizes are kept sorted and
//!    unique. Each batch starts a new *revision* of the measurements and discards a model
//!    fitted to an earlier one.
//! 3. Off-chain workers of collators see campaigns with at least [`Config::MinPoints`] points
//!    and fit them with the shared engine (`usl` crate), visiting open campaigns round-robin.
//!    Each submits its model in an authorised unsigned transaction carrying a payload signed
//!    by its collator key ([`Pallet::submit_fit`]).
//! 4. The runtime recomputes the model's residual sum of squares from the stored points with
//!    integer arithmetic and accepts the model only if σ and κ lie in [0, 1], λ > 0, the
//!    claimed sum is exactly the recomputed one, R² reaches [`Config::MinRSquared`], and it
//!    fits strictly better than the model already accepted. After the first acceptance,
//!    better models are still taken for [`Config::FitWindow`] blocks, then the model is final
//!    for that revision ([`Event::ModelFinal`]). A revision that gets no acceptable model
//!    within [`Config::FitDeadline`] blocks stops being fitted ([`Event::NoModel`],
//!    [`FitStatus::NoModel`]): a campaign the runtime refuses for good never occupies the
//!    collators for ever.
//! 5. [`Pallet::close_campaign`] freezes the measurements; [`Pallet::remove_campaign`]
//!    deletes everything and releases the deposit.
//!
//! ## Trust model
//! A collator cannot get a model accepted that does not fit the stored data: the runtime
//! recomputes its error. It cannot replace a better model with a worse one, nor replay a
//! payload (a payload names the revision it fitted and must beat the current model). A
//! collator that submits a poor model first is overruled by any honest collator during the
//! fit window, because honest off-chain workers run the same deterministic engine and submit
//! whenever they fit better than what is on-chain. Submissions are only taken from current
//! collators ([`Config::Collators`]) and at most [`Config::MaxFitsPerBlock`] per block.
//!
//! ## Regression tracking
//! When a campaign with a baseline gets a model and the baseline has one, the pallet compares
//! the maximum predicted throughput (peak, or Amdahl ceiling when there is no peak) and the
//! latency at the peak, and emits [`Event::ScalabilityRegressed`],
//! [`Event::ScalabilityImproved`] or [`Event::ScalabilityUnchanged`] with the relative
//! changes. The threshold is [`RegressionThreshold`], set by [`Config::AdminOrigin`].
//!
//! ## Where things are
//! - [`types`]: the records and query results; [`verify`]: the fixed-point checks.
//! - `fitting`: checking, authorising and accepting fits, and the phases of a revision.
//! - `networks`: label ownership and delegates.
//! - `offchain`: the collators' off-chain worker.
//! - `queries`: what the [`ScalabilityApi`](../pallet_scalability_runtime_api) runtime API
//!   and the node's `scalability_*` JSON-RPC methods return.
//! - `invariants`: the `try_state` checks; [`migrations`]: storage migrations.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod fitting;
#[cfg(any(test, feature = "try-runtime"))]
mod invariants;
pub mod migrations;
#[cfg(test)]
mod mock;
mod networks;
mod offchain;
mod queries;
#[cfg(test)]
mod tests;
pub mod types;
pub mod verify;
pub mod weights;

pub use offchain::fit_measurements;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use polkadot_sdk::{
	frame_support::{
		self,
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::Precision,
			Contains,
		},
	},
	frame_system::{self, pallet_prelude::*},
	sp_runtime::{
		traits::{Saturating, Zero},
		Perbill, RuntimeAppPublic,
	},
};

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::scalability";

/// Domain separator of signed fit payloads: a signature made for this pallet cannot be
/// replayed as anything else, and no other signature can pass as a fit.
pub const FIT_SIGNING_CONTEXT: &[u8] = b"stacktical/scalability/fit";

/// Balance type of the deposit currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// A bounded label (network or release).
pub type LabelOf<T> = BoundedVec<u8, <T as Config>::MaxLabelLen>;
/// A campaign as stored.
pub type CampaignOf<T> =
	Campaign<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>, LabelOf<T>>;
/// A network label's owner and delegates as stored.
pub type NetworkOf<T> = Network<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxDelegates>,
>;
/// Everything about a campaign, as the runtime API returns it.
pub type CampaignDetailsOf<T> = CampaignDetails<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	<T as Config>::AuthorityId,
>;
/// A model as stored.
pub type AcceptedModelOf<T> = AcceptedModel<<T as Config>::AuthorityId, BlockNumberFor<T>>;
/// The signed payload of a fit.
pub type FitSubmissionOf<T> = FitSubmission<<T as Config>::AuthorityId>;
/// Signature of a collator key.
pub type SignatureOf<T> = <<T as Config>::AuthorityId as RuntimeAppPublic>::Signature;
/// A batch of measurements.
pub type BatchOf<T> = BoundedVec<Measurement, <T as Config>::MaxPoints>;

/// What the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AuthorityId> {
	/// Makes `key` count as a current collator's.
	fn make_collator(key: AuthorityId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_system::offchain::CreateAuthorizedTransaction;

	/// Version 1: fit phases with a deadline ([`OpenForFits`], [`FitDeadlines`],
	/// [`NoModel`]) and owned network labels ([`Networks`]); see [`crate::migrations`].
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	/// The runtime must include `frame_system::AuthorizeCall` in its transaction extensions:
	/// fits arrive as authorised unsigned transactions.
	pub trait Config:
		CreateAuthorizedTransaction<Call<Self>>
		+ polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>>
	{
		/// Currency of the deposits.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Key a collator signs its fits with (the runtime uses the Aura key, so a collator
		/// needs no extra key).
		type AuthorityId: Member + Parameter + RuntimeAppPublic + Ord + MaxEncodedLen;

		/// Which keys currently belong to collators.
		type Collators: Contains<Self::AuthorityId>;

		/// Origin that may set the regression threshold.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Deposit held per campaign; covers its largest possible storage.
		#[pallet::constant]
		type CampaignDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from the owner of a network label; covers its record and delegates.
		#[pallet::constant]
		type NetworkDeposit: Get<BalanceOf<Self>>;

		/// Most delegates of a network label.
		#[pallet::constant]
		type MaxDelegates: Get<u32>;

		/// Longest network or release label, in bytes.
		#[pallet::constant]
		type MaxLabelLen: Get<u32>;

		/// Most measurements a campaign holds (and a batch carries).
		#[pallet::constant]
		type MaxPoints: Get<u32>;

		/// Fewest measurements before off-chain workers fit a campaign (at least 3).
		#[pallet::constant]
		type MinPoints: Get<u32>;

		/// Most campaigns kept per network label.
		#[pallet::constant]
		type MaxCampaignsPerNetwork: Get<u32>;

		/// Most fits included per block (and submitted per off-chain worker run).
		#[pallet::constant]
		type MaxFitsPerBlock: Get<u32>;

		/// Most campaigns that may start a revision to be fitted in one block.
		#[pallet::constant]
		type MaxRevisionsPerBlock: Get<u32>;

		/// Blocks after a revision's first accepted model during which better ones are taken.
		#[pallet::constant]
		type FitWindow: Get<BlockNumberFor<Self>>;

		/// Blocks a revision is fitted for before fitting ends without a model.
		#[pallet::constant]
		type FitDeadline: Get<BlockNumberFor<Self>>;

		/// Least R² of an acceptable model.
		#[pallet::constant]
		type MinRSquared: Get<Perbill>;

		/// Regression threshold until governance sets one.
		#[pallet::constant]
		type DefaultRegressionThreshold: Get<Perbill>;

		/// Priority of fit transactions in the pool.
		#[pallet::constant]
		type UnsignedPriority: Get<TransactionPriority>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Makes a key a collator's for the benchmarks of `submit_fit`.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AuthorityId>;
	}

	/// Reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a campaign.
		CampaignDeposit,
		/// The deposit of a network label's owner.
		NetworkDeposit,
	}

	/// The identifier the next campaign gets.
	#[pallet::storage]
	pub type NextCampaignId<T> = StorageValue<_, CampaignId, ValueQuery>;

	/// Campaigns by identifier.
	#[pallet::storage]
	pub type Campaigns<T: Config> = StorageMap<_, Twox64Concat, CampaignId, CampaignOf<T>>;

	/// Measurements of a campaign, sorted by `n`, unique in `n`.
	#[pallet::storage]
	pub type Measurements<T: Config> =
		StorageMap<_, Twox64Concat, CampaignId, BoundedVec<Measurement, T::MaxPoints>, ValueQuery>;

	/// The accepted model of a campaign's current revision.
	#[pallet::storage]
	pub type Models<T: Config> = StorageMap<_, Twox64Concat, CampaignId, AcceptedModelOf<T>>;

	/// Campaigns taking fits, and until when.
	#[pallet::storage]
	pub type OpenForFits<T: Config> =
		StorageMap<_, Twox64Concat, CampaignId, FitPhase<BlockNumberFor<T>>, OptionQuery>;

	/// Campaigns whose fit window closes at a block.
	#[pallet::storage]
	pub type FitWindowsClosing<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<CampaignId, T::MaxFitsPerBlock>,
		ValueQuery,
	>;

	/// Campaigns whose revision stops being fitted at a block unless it got a model.
	#[pallet::storage]
	pub type FitDeadlines<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<CampaignId, T::MaxRevisionsPerBlock>,
		ValueQuery,
	>;

	/// Campaigns whose current revision's fitting ended without a model, and when.
	#[pallet::storage]
	pub type NoModel<T: Config> = StorageMap<_, Twox64Concat, CampaignId, BlockNumberFor<T>>;

	/// Owners and delegates of network labels.
	#[pallet::storage]
	pub type Networks<T: Config> = StorageMap<_, Blake2_128Concat, LabelOf<T>, NetworkOf<T>>;

	/// Campaigns of each network label, in creation (release) order.
	#[pallet::storage]
	pub type NetworkHistory<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		LabelOf<T>,
		BoundedVec<CampaignId, T::MaxCampaignsPerNetwork>,
		ValueQuery,
	>;

	/// Relative change beyond which a release counts as regressed or improved.
	#[pallet::storage]
	pub type RegressionThreshold<T: Config> =
		StorageValue<_, Perbill, ValueQuery, T::DefaultRegressionThreshold>;

	/// Fits included in the current block: `(block, count)`.
	#[pallet::storage]
	pub type FitsInBlock<T: Config> = StorageValue<_, (BlockNumberFor<T>, u32), ValueQuery>;

	/// Campaigns that started a revision to be fitted in the current block: `(block, count)`.
	#[pallet::storage]
	pub type RevisionsInBlock<T: Config> = StorageValue<_, (BlockNumberFor<T>, u32), ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A campaign was created.
		CampaignCreated {
			campaign: CampaignId,
			owner: T::AccountId,
			network: LabelOf<T>,
			release: LabelOf<T>,
		},
		/// Measurements were added; `revision` is the campaign's new revision.
		MeasurementsSubmitted { campaign: CampaignId, added: u32, total: u32, revision: u32 },
		/// A campaign was frozen.
		CampaignClosed { campaign: CampaignId },
		/// A campaign was removed and its deposit released.
		CampaignRemoved { campaign: CampaignId },
		/// A model was verified and accepted.
		ModelAccepted {
			campaign: CampaignId,
			revision: u32,
			collator: T::AuthorityId,
			coefficients: Coefficients,
			insights: Insights,
		},
		/// The fit window closed: the accepted model is final for this revision.
		ModelFinal { campaign: CampaignId, revision: u32 },
		/// Fitting of a revision ended at its deadline without an acceptable model.
		NoModel { campaign: CampaignId, revision: u32 },
		/// The owner asked for the current revision to be fitted again.
		FittingReopened { campaign: CampaignId, revision: u32 },
		/// The candidate's predicted scalability is worse than its baseline's.
		ScalabilityRegressed { campaign: CampaignId, comparison: Comparison },
		/// The candidate's predicted scalability is better than its baseline's.
		ScalabilityImproved { campaign: CampaignId, comparison: Comparison },
		/// The candidate's predicted scalability is within the threshold of its baseline's.
		ScalabilityUnchanged { campaign: CampaignId, comparison: Comparison },
		/// The regression threshold changed.
		RegressionThresholdSet { threshold: Perbill },
		/// A network label was claimed by its first campaign's creator.
		NetworkClaimed { network: LabelOf<T>, owner: T::AccountId },
		/// The owner of a network label let another account add campaigns to it.
		NetworkDelegateAdded { network: LabelOf<T>, delegate: T::AccountId },
		/// A delegate of a network label may no longer add campaigns to it.
		NetworkDelegateRemoved { network: LabelOf<T>, delegate: T::AccountId },
		/// A network label without campaigns was released; anyone may claim it again.
		NetworkReleased { network: LabelOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A label is empty or has bytes other than printable ASCII.
		InvalidLabel,
		/// The baseline campaign does not exist.
		UnknownBaseline,
		/// The baseline campaign sweeps a different kind of size.
		BaselineKindMismatch,
		/// The network already has `MaxCampaignsPerNetwork` campaigns; remove old ones.
		TooManyCampaigns,
		/// No such campaign.
		UnknownCampaign,
		/// Only the campaign's owner (or its network's owner, to remove it) may do this.
		NotOwner,
		/// The campaign is closed.
		CampaignClosed,
		/// A batch has no measurements.
		EmptyBatch,
		/// The campaign would hold more than `MaxPoints` measurements.
		TooManyPoints,
		/// A measurement's size is 0 or above 1,000,000.
		SizeOutOfRange,
		/// A throughput is 0 or above 10⁹ TPS.
		ThroughputOutOfRange,
		/// A latency is 0 or above 10⁹ ms, or p95 is below p50.
		LatencyOutOfRange,
		/// A measurement has no samples.
		NoSamples,
		/// Two measurements have the same size.
		DuplicateSize,
		/// The identifier space is exhausted.
		Overflow,
		/// The network label belongs to another account: only its owner and delegates may
		/// add campaigns to its history.
		NotNetworkMember,
		/// No one owns this network label.
		UnknownNetwork,
		/// Only the owner of the network label may do this.
		NotNetworkOwner,
		/// The network label has `MaxDelegates` delegates already.
		TooManyDelegates,
		/// The account is the label's owner or already one of its delegates.
		AlreadyDelegate,
		/// The account is not a delegate of the label.
		NotDelegate,
		/// The network label still has campaigns; remove them first.
		NetworkInUse,
		/// `MaxRevisionsPerBlock` campaigns already started a revision in this block; submit
		/// again in the next one.
		TooManyRevisionsInBlock,
		/// The fit does not pass the runtime's check. Authorisation runs the same check on the
		/// same state just before dispatch, so no block can contain such a fit.
		FitRefused,
		/// Fitting of the campaign's current revision has not ended without a model.
		FittingNotEnded,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let (windows, deadlines) = Self::end_phases(now);
			T::WeightInfo::on_initialize(windows, deadlines)
		}

		fn offchain_worker(now: BlockNumberFor<T>) {
			Self::fit_campaigns(now);
		}

		fn integrity_test() {
			assert!(
				T::MinPoints::get() as usize >= usl::MIN_POINTS,
				"MinPoints below the engine's minimum"
			);
			assert!(T::MinPoints::get() <= T::MaxPoints::get(), "MinPoints above MaxPoints");
			assert!(T::MaxFitsPerBlock::get() > 0, "MaxFitsPerBlock must allow a fit");
			assert!(T::MaxRevisionsPerBlock::get() > 0, "MaxRevisionsPerBlock must allow one");
			assert!(!T::FitDeadline::get().is_zero(), "FitDeadline must give collators a block");
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
		/// Creates a campaign owned by the caller and holds [`Config::CampaignDeposit`].
		///
		/// `network` and `release` are printable-ASCII labels; `baseline`, when given, must be
		/// an existing campaign with the same `sweep_kind`. An unclaimed `network` label is
		/// claimed for the caller (holding [`Config::NetworkDeposit`]); a claimed one takes
		/// campaigns from its owner and delegates only.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_campaign())]
		pub fn create_campaign(
			origin: OriginFor<T>,
			network: BoundedVec<u8, T::MaxLabelLen>,
			release: BoundedVec<u8, T::MaxLabelLen>,
			sweep_kind: SweepKind,
			baseline: Option<CampaignId>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let network = Self::label(network)?;
			let release = Self::label(release)?;
			if let Some(base) = baseline {
				let base = Campaigns::<T>::get(base).ok_or(Error::<T>::UnknownBaseline)?;
				ensure!(base.sweep_kind == sweep_kind, Error::<T>::BaselineKindMismatch);
			}
			let campaign = NextCampaignId::<T>::get();
			let next = campaign.checked_add(1).ok_or(Error::<T>::Overflow)?;
			Self::admit_to_network(&network, &owner)?;
			NetworkHistory::<T>::try_mutate(&network, |list| list.try_push(campaign))
				.map_err(|_| Error::<T>::TooManyCampaigns)?;
			let deposit = T::CampaignDeposit::get();
			T::Currency::hold(&HoldReason::CampaignDeposit.into(), &owner, deposit)?;
			NextCampaignId::<T>::put(next);
			Campaigns::<T>::insert(
				campaign,
				Campaign {
					owner: owner.clone(),
					network: network.clone(),
					release: release.clone(),
					sweep_kind,
					baseline,
					state: CampaignState::Open,
					deposit,
					created: frame_system::Pallet::<T>::block_number(),
					revision: 0,
				},
			);
			Self::deposit_event(Event::CampaignCreated { campaign, owner, network, release });
			Ok(())
		}

		/// Adds a batch of measurements to an open campaign of the caller.
		///
		/// Every value must be in range and every size new (within the batch and the
		/// campaign); the stored list stays sorted by size. Starts a new revision: a model
		/// fitted to the previous one is discarded and, with at least [`Config::MinPoints`]
		/// points, the campaign is fitted again until [`Config::FitDeadline`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::submit_measurements(points.len() as u32))]
		pub fn submit_measurements(
			origin: OriginFor<T>,
			campaign: CampaignId,
			points: BatchOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Campaigns::<T>::get(campaign).ok_or(Error::<T>::UnknownCampaign)?;
			ensure!(info.owner == who, Error::<T>::NotOwner);
			ensure!(info.state == CampaignState::Open, Error::<T>::CampaignClosed);
			ensure!(!points.is_empty(), Error::<T>::EmptyBatch);
			for point in &points {
				verify::check_measurement(point).map_err(Error::<T>::from)?;
			}
			let mut stored = Measurements::<T>::get(campaign);
			ensure!(
				stored.len().saturating_add(points.len()) <= T::MaxPoints::get() as usize,
				Error::<T>::TooManyPoints
			);
			for point in points.iter() {
				let at = stored
					.binary_search_by_key(&point.n, |m| m.n)
					.err()
					.ok_or(Error::<T>::DuplicateSize)?;
				stored.try_insert(at, *point).map_err(|_| Error::<T>::TooManyPoints)?;
			}
			let total = stored.len() as u32;
			info.revision = info.revision.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let revision = info.revision;
			if total >= T::MinPoints::get() {
				Self::open_revision(campaign)?;
			} else {
				OpenForFits::<T>::remove(campaign);
			}
			Measurements::<T>::insert(campaign, stored);
			Campaigns::<T>::insert(campaign, info);
			Models::<T>::remove(campaign);
			NoModel::<T>::remove(campaign);
			Self::deposit_event(Event::MeasurementsSubmitted {
				campaign,
				added: points.len() as u32,
				total,
				revision,
			});
			Ok(())
		}

		/// Freezes a campaign of the caller: no more measurements. Fitting goes on.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::close_campaign())]
		pub fn close_campaign(origin: OriginFor<T>, campaign: CampaignId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Campaigns::<T>::try_mutate(campaign, |info| {
				let info = info.as_mut().ok_or(Error::<T>::UnknownCampaign)?;
				ensure!(info.owner == who, Error::<T>::NotOwner);
				ensure!(info.state == CampaignState::Open, Error::<T>::CampaignClosed);
				info.state = CampaignState::Closed;
				Ok::<_, DispatchError>(())
			})?;
			Self::deposit_event(Event::CampaignClosed { campaign });
			Ok(())
		}

		/// Removes a campaign with its measurements and model, and releases its deposit to its
		/// owner. Its owner may remove it, and so may the owner of its network label (to clear
		/// a delegate's campaigns). Campaigns that named it as their baseline are no longer
		/// compared.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::remove_campaign())]
		pub fn remove_campaign(origin: OriginFor<T>, campaign: CampaignId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Campaigns::<T>::get(campaign).ok_or(Error::<T>::UnknownCampaign)?;
			let network_owner = Networks::<T>::get(&info.network).map(|n| n.owner);
			ensure!(
				info.owner == who || network_owner.as_ref() == Some(&who),
				Error::<T>::NotOwner
			);
			T::Currency::release(
				&HoldReason::CampaignDeposit.into(),
				&info.owner,
				info.deposit,
				Precision::BestEffort,
			)?;
			NetworkHistory::<T>::mutate_exists(&info.network, |list| {
				if let Some(ids) = list {
					ids.retain(|id| *id != campaign);
					if ids.is_empty() {
						*list = None;
					}
				}
			});
			Campaigns::<T>::remove(campaign);
			Measurements::<T>::remove(campaign);
			Models::<T>::remove(campaign);
			OpenForFits::<T>::remove(campaign);
			NoModel::<T>::remove(campaign);
			Self::deposit_event(Event::CampaignRemoved { campaign });
			Ok(())
		}

		/// A model fitted by a collator's off-chain worker.
		///
		/// Authorised before it enters the pool and again when a block applies it
		/// ([`Pallet::authorize_fit`]): the key must be a current collator's and the signature
		/// valid, the block's fit cap not reached, and the model must pass
		/// [`Pallet::check_fit`]. Charged for the campaign's actual number of points.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::submit_fit(T::MaxPoints::get()))]
		#[pallet::weight_of_authorize(T::WeightInfo::authorize_submit_fit(T::MaxPoints::get()))]
		#[pallet::authorize(Self::authorize_fit)]
		pub fn submit_fit(
			origin: OriginFor<T>,
			submission: FitSubmissionOf<T>,
			// Verified in `authorize_fit`.
			_signature: SignatureOf<T>,
		) -> DispatchResultWithPostInfo {
			ensure_authorized(origin)?;
			let points = Measurements::<T>::decode_len(submission.campaign).unwrap_or(0) as u32;
			// `AuthorizeCall` ran this check on this very state when the block applied the
			// transaction, so it passes here; a direct dispatch that skips authorisation is
			// refused the same way.
			let insights = Self::check_fit(&submission).map_err(|_| Error::<T>::FitRefused)?;
			let now = frame_system::Pallet::<T>::block_number();
			FitsInBlock::<T>::mutate(|(block, count)| {
				if *block != now {
					*block = now;
					*count = 0;
				}
				count.saturating_inc();
			});
			Self::accept(submission, insights, now);
			Ok(Some(T::WeightInfo::submit_fit(points)).into())
		}

		/// Sets the relative change beyond which a release counts as regressed or improved.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_regression_threshold())]
		pub fn set_regression_threshold(
			origin: OriginFor<T>,
			threshold: Perbill,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			RegressionThreshold::<T>::put(threshold);
			Self::deposit_event(Event::RegressionThresholdSet { threshold });
			Ok(())
		}

		/// Lets `delegate` add campaigns to a network label the caller owns.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::add_network_delegate())]
		pub fn add_network_delegate(
			origin: OriginFor<T>,
			network: BoundedVec<u8, T::MaxLabelLen>,
			delegate: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::change_delegates(&who, network, delegate, true)
		}

		/// Stops `delegate` from adding campaigns to a network label the caller owns. Its
		/// campaigns stay; the owner may remove them.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::remove_network_delegate())]
		pub fn remove_network_delegate(
			origin: OriginFor<T>,
			network: BoundedVec<u8, T::MaxLabelLen>,
			delegate: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::change_delegates(&who, network, delegate, false)
		}

		/// Gives up a network label the caller owns and that has no campaigns left, and
		/// releases its deposit.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::release_network())]
		pub fn release_network(
			origin: OriginFor<T>,
			network: BoundedVec<u8, T::MaxLabelLen>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::release_label(&who, network)
		}

		/// Fits the current revision of a campaign of the caller again after its fitting
		/// ended without a model (collators were offline, say), until a new deadline.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::reopen_fitting())]
		pub fn reopen_fitting(origin: OriginFor<T>, campaign: CampaignId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Campaigns::<T>::get(campaign).ok_or(Error::<T>::UnknownCampaign)?;
			ensure!(info.owner == who, Error::<T>::NotOwner);
			ensure!(NoModel::<T>::contains_key(campaign), Error::<T>::FittingNotEnded);
			Self::open_revision(campaign)?;
			NoModel::<T>::remove(campaign);
			Self::deposit_event(Event::FittingReopened { campaign, revision: info.revision });
			Ok(())
		}
	}

	impl<T: Config> From<verify::MeasurementError> for Error<T> {
		fn from(e: verify::MeasurementError) -> Self {
			use verify::MeasurementError::*;
			match e {
				SizeOutOfRange => Error::SizeOutOfRange,
				ThroughputOutOfRange => Error::ThroughputOutOfRange,
				LatencyOutOfRange => Error::LatencyOutOfRange,
				NoSamples => Error::NoSamples,
			}
		}
	}
}

//! # Scalability pallet
//!
//! Performance campaigns on-chain: researchers and release engineers record the throughput
//! and latency their performance tests measured across a sweep of sizes; collators'
//! off-chain workers fit the Universal Scalability Law
//! `X(N) = λN / (1 + σ(N−1) + κN(N−1))` to them; the runtime verifies every submitted fit
//! in fixed point before accepting it; and a campaign that names a baseline is compared with
//! it, so a release whose predicted scalability regressed is visible to anyone (and fails a
//! CI gate that reads the chain).
//!
//! ## Lifecycle of a campaign
//! 1. [`Pallet::create_campaign`]: any signed account, against a deposit
//!    ([`Config::CampaignDeposit`]) held until the campaign is removed. It names the network
//!    and the release under test, what `N` counts, and optionally a baseline campaign.
//! 2. [`Pallet::submit_measurements`]: the owner adds bounded batches of
//!    `(n, tps, latency p50/p95, samples)`. Every value is checked; sizes are kept sorted and
//!    unique. Each batch starts a new *revision* of the measurements and discards a model
//!    fitted to an earlier one.
//! 3. Off-chain workers of collators see campaigns with at least [`Config::MinPoints`] points
//!    and fit them with the shared engine (`usl` crate). Each submits its model in an unsigned
//!    transaction carrying a payload signed by its collator key ([`Pallet::submit_fit`]).
//! 4. The runtime recomputes the model's residual sum of squares from the stored points with
//!    integer arithmetic and accepts the model only if σ and κ lie in [0, 1], λ > 0, the
//!    claimed sum is exactly the recomputed one, R² reaches [`Config::MinRSquared`], and it
//!    fits strictly better than the model already accepted. After the first acceptance,
//!    better models are still taken for [`Config::FitWindow`] blocks, then the model is final
//!    for that revision.
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
//! Campaigns of a network are listed in creation (release) order in [`NetworkHistory`].
//! Queries go through the [`ScalabilityApi`](../pallet_scalability_runtime_api) runtime API and
//! the node's `scalability_*` JSON-RPC methods.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
mod offchain;
#[cfg(test)]
mod tests;
pub mod types;
pub mod verify;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
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
		FixedU128, Perbill, RuntimeAppPublic,
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
/// A model as stored.
pub type AcceptedModelOf<T> = AcceptedModel<<T as Config>::AuthorityId, BlockNumberFor<T>>;
/// The signed payload of a fit.
pub type FitSubmissionOf<T> = FitSubmission<<T as Config>::AuthorityId>;
/// Signature of a collator key.
pub type SignatureOf<T> = <<T as Config>::AuthorityId as RuntimeAppPublic>::Signature;

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

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	/// The runtime must include `frame_system::AuthorizeCall` in its transaction extensions:
	/// fits arrive as authorised unsigned transactions.
	pub trait Config:
		CreateAuthorizedTransaction<Call<Self>>
		+ polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>>
	{
		/// Currency of the campaign deposit.
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

		/// Blocks after a revision's first accepted model during which better ones are taken.
		#[pallet::constant]
		type FitWindow: Get<BlockNumberFor<Self>>;

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

	/// Campaigns taking fits: with enough points, and either no model yet (`None`) or within
	/// the fit window that closes at the given block.
	#[pallet::storage]
	pub type OpenForFits<T: Config> =
		StorageMap<_, Twox64Concat, CampaignId, Option<BlockNumberFor<T>>, OptionQuery>;

	/// Campaigns whose fit window closes at a block.
	#[pallet::storage]
	pub type FitWindowsClosing<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<CampaignId, T::MaxFitsPerBlock>,
		ValueQuery,
	>;

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
		/// A submitted model was refused when its transaction was applied.
		ModelRejected { campaign: CampaignId, collator: T::AuthorityId, reason: RejectReason },
		/// The candidate's predicted scalability is worse than its baseline's.
		ScalabilityRegressed { campaign: CampaignId, comparison: Comparison },
		/// The candidate's predicted scalability is better than its baseline's.
		ScalabilityImproved { campaign: CampaignId, comparison: Comparison },
		/// The candidate's predicted scalability is within the threshold of its baseline's.
		ScalabilityUnchanged { campaign: CampaignId, comparison: Comparison },
		/// The regression threshold changed.
		RegressionThresholdSet { threshold: Perbill },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A label is longer than `MaxLabelLen`.
		LabelTooLong,
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
		/// Only the campaign's owner may do this.
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
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let closing = FitWindowsClosing::<T>::take(now);
			let count = closing.len() as u32;
			for campaign in closing {
				// Only if this window is still the campaign's: new measurements since then
				// reopened it for a new revision.
				if OpenForFits::<T>::get(campaign) == Some(Some(now)) {
					OpenForFits::<T>::remove(campaign);
				}
			}
			T::WeightInfo::on_initialize(count)
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
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Creates a campaign owned by the caller and holds [`Config::CampaignDeposit`].
		///
		/// `network` and `release` are printable-ASCII labels; `baseline`, when given, must be
		/// an existing campaign with the same `sweep_kind`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_campaign())]
		pub fn create_campaign(
			origin: OriginFor<T>,
			network: Vec<u8>,
			release: Vec<u8>,
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
		/// fitted to the previous one is discarded and the campaign is fitted again.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::submit_measurements(points.len() as u32))]
		pub fn submit_measurements(
			origin: OriginFor<T>,
			campaign: CampaignId,
			points: Vec<Measurement>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Campaigns::<T>::get(campaign).ok_or(Error::<T>::UnknownCampaign)?;
			ensure!(info.owner == who, Error::<T>::NotOwner);
			ensure!(info.state == CampaignState::Open, Error::<T>::CampaignClosed);
			ensure!(!points.is_empty(), Error::<T>::EmptyBatch);
			ensure!(points.len() <= T::MaxPoints::get() as usize, Error::<T>::TooManyPoints);
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
			Measurements::<T>::insert(campaign, stored);
			Campaigns::<T>::insert(campaign, info);
			Models::<T>::remove(campaign);
			if total >= T::MinPoints::get() {
				OpenForFits::<T>::insert(campaign, None::<BlockNumberFor<T>>);
			}
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

		/// Removes a campaign of the caller with its measurements and model, and releases the
		/// deposit. Campaigns that named it as their baseline are no longer compared.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::remove_campaign())]
		pub fn remove_campaign(origin: OriginFor<T>, campaign: CampaignId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Campaigns::<T>::get(campaign).ok_or(Error::<T>::UnknownCampaign)?;
			ensure!(info.owner == who, Error::<T>::NotOwner);
			T::Currency::release(
				&HoldReason::CampaignDeposit.into(),
				&who,
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
			Self::deposit_event(Event::CampaignRemoved { campaign });
			Ok(())
		}

		/// A model fitted by a collator's off-chain worker.
		///
		/// Validated before it enters the pool or a block ([`Pallet::authorize_fit`]): the key
		/// must be a current collator's and the signature valid, the block's fit cap not
		/// reached, and the model must pass [`Pallet::check_fit`]. The check is repeated when
		/// applied, because another fit may have been accepted since; a model that no longer
		/// passes is reported with [`Event::ModelRejected`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::submit_fit(T::MaxPoints::get()))]
		#[pallet::weight_of_authorize(T::WeightInfo::authorize_submit_fit(T::MaxPoints::get()))]
		#[pallet::authorize(Self::authorize_fit)]
		pub fn submit_fit(
			origin: OriginFor<T>,
			submission: FitSubmissionOf<T>,
			// Verified in `authorize_fit`.
			_signature: SignatureOf<T>,
		) -> DispatchResult {
			ensure_authorized(origin)?;
			let now = frame_system::Pallet::<T>::block_number();
			FitsInBlock::<T>::mutate(|(block, count)| {
				if *block != now {
					*block = now;
					*count = 0;
				}
				count.saturating_inc();
			});
			match Self::check_fit(&submission) {
				Ok(insights) => Self::accept(submission, insights, now),
				Err(reason) => Self::deposit_event(Event::ModelRejected {
					campaign: submission.campaign,
					collator: submission.collator,
					reason,
				}),
			}
			Ok(())
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

impl<T: Config> Pallet<T> {
	fn label(raw: Vec<u8>) -> Result<LabelOf<T>, Error<T>> {
		let label = LabelOf::<T>::try_from(raw).map_err(|_| Error::<T>::LabelTooLong)?;
		ensure!(
			!label.is_empty() && label.iter().all(|b| (0x21..=0x7e).contains(b)),
			Error::<T>::InvalidLabel
		);
		Ok(label)
	}

	/// Whether a submitted model would be accepted now, and what follows from it.
	pub fn check_fit(submission: &FitSubmissionOf<T>) -> Result<Insights, RejectReason> {
		let campaign =
			Campaigns::<T>::get(submission.campaign).ok_or(RejectReason::UnknownCampaign)?;
		if submission.revision != campaign.revision
			|| !OpenForFits::<T>::contains_key(submission.campaign)
		{
			return Err(RejectReason::StaleRevision);
		}
		let points = Measurements::<T>::get(submission.campaign);
		if (points.len() as u32) < T::MinPoints::get() {
			return Err(RejectReason::TooFewPoints);
		}
		let insights = verify::evaluate(&submission.coefficients, &points)?;
		if insights.rss != submission.rss {
			return Err(RejectReason::RssMismatch);
		}
		if !verify::fits_well_enough(&insights, T::MinRSquared::get()) {
			return Err(RejectReason::PoorFit);
		}
		if let Some(current) = Models::<T>::get(submission.campaign) {
			if current.revision == submission.revision && current.insights.rss <= insights.rss {
				return Err(RejectReason::NotBetter);
			}
		}
		Ok(insights)
	}

	/// Authorises a [`Pallet::submit_fit`] transaction: current collator, valid signature,
	/// room in the block, and a model that [`Pallet::check_fit`] accepts.
	pub fn authorize_fit(
		_source: TransactionSource,
		submission: &FitSubmissionOf<T>,
		signature: &SignatureOf<T>,
	) -> TransactionValidityWithRefund {
		if !T::Collators::contains(&submission.collator) {
			return Err(InvalidTransaction::BadSigner.into());
		}
		let (block, count) = FitsInBlock::<T>::get();
		if block == frame_system::Pallet::<T>::block_number() && count >= T::MaxFitsPerBlock::get()
		{
			return Err(InvalidTransaction::ExhaustsResources.into());
		}
		let signed = (FIT_SIGNING_CONTEXT, submission).encode();
		if !submission.collator.verify(&signed, signature) {
			return Err(InvalidTransaction::BadProof.into());
		}
		match Self::check_fit(submission) {
			Ok(_) => {},
			Err(RejectReason::NotBetter | RejectReason::StaleRevision) => {
				return Err(InvalidTransaction::Stale.into())
			},
			Err(reason) => return Err(InvalidTransaction::Custom(reason.code()).into()),
		}
		ValidTransaction::with_tag_prefix("ScalabilityFit")
			.priority(T::UnsignedPriority::get())
			.and_provides((submission.campaign, submission.revision, submission.collator.clone()))
			.longevity(Self::fit_longevity())
			.propagate(true)
			.build()
			.map(|validity| (validity, Weight::zero()))
	}

	fn fit_longevity() -> u64 {
		TryInto::<u64>::try_into(T::FitWindow::get()).unwrap_or(16).max(4)
	}

	fn accept(submission: FitSubmissionOf<T>, insights: Insights, now: BlockNumberFor<T>) {
		let campaign = submission.campaign;
		// The first model of a revision opens the window in which better ones are taken.
		if OpenForFits::<T>::get(campaign).flatten().is_none() {
			let closes =
				now.saturating_add(T::FitWindow::get()).max(now.saturating_add(1u32.into()));
			let scheduled =
				FitWindowsClosing::<T>::mutate(closes, |ids| ids.try_push(campaign)).is_ok();
			// With the window list full (more first fits than the block cap, impossible while
			// the cap holds) the campaign simply stays open for fits.
			if scheduled {
				OpenForFits::<T>::insert(campaign, Some(closes));
			}
		}
		Models::<T>::insert(
			campaign,
			AcceptedModel {
				coefficients: submission.coefficients,
				insights,
				revision: submission.revision,
				collator: submission.collator.clone(),
				accepted_at: now,
			},
		);
		Self::deposit_event(Event::ModelAccepted {
			campaign,
			revision: submission.revision,
			collator: submission.collator,
			coefficients: submission.coefficients,
			insights,
		});
		if let Some(comparison) = Self::compare_with_baseline(campaign) {
			let event = match comparison.verdict {
				Verdict::Regressed => Event::ScalabilityRegressed { campaign, comparison },
				Verdict::Improved => Event::ScalabilityImproved { campaign, comparison },
				Verdict::Unchanged => Event::ScalabilityUnchanged { campaign, comparison },
				Verdict::Undefined => return,
			};
			Self::deposit_event(event);
		}
	}

	/// Compares a campaign with the baseline it names, when both have a model.
	pub fn compare_with_baseline(campaign: CampaignId) -> Option<Comparison> {
		let baseline = Campaigns::<T>::get(campaign)?.baseline?;
		Self::compare(campaign, baseline)
	}

	/// Compares any two campaigns' models; `None` unless both have one.
	pub fn compare(candidate: CampaignId, baseline: CampaignId) -> Option<Comparison> {
		let new = Models::<T>::get(candidate)?;
		let old = Models::<T>::get(baseline)?;
		Some(verify::compare(
			(candidate, &new.insights),
			(baseline, &old.insights),
			RegressionThreshold::<T>::get(),
		))
	}

	/// The accepted model's prediction at size `n`.
	pub fn predict(campaign: CampaignId, n: FixedU128) -> Option<Prediction> {
		if n.is_zero() {
			return None;
		}
		verify::predict(&Models::<T>::get(campaign)?.coefficients, n)
	}
}

/// Queries behind the runtime API.
impl<T: Config> Pallet<T> {
	/// Everything about a campaign.
	pub fn campaign_details(
		id: CampaignId,
	) -> Option<CampaignDetails<T::AccountId, BalanceOf<T>, BlockNumberFor<T>, T::AuthorityId>> {
		let c = Campaigns::<T>::get(id)?;
		let campaign = Campaign {
			owner: c.owner,
			network: c.network.into_inner(),
			release: c.release.into_inner(),
			sweep_kind: c.sweep_kind,
			baseline: c.baseline,
			state: c.state,
			deposit: c.deposit,
			created: c.created,
			revision: c.revision,
		};
		Some(CampaignDetails {
			id,
			campaign,
			measurements: Measurements::<T>::get(id).into_inner(),
			model: Models::<T>::get(id),
			open_for_fits: Self::open_for_fits(id),
			comparison: Self::compare_with_baseline(id),
		})
	}

	/// Whether fits are taken for a campaign now.
	pub fn open_for_fits(id: CampaignId) -> bool {
		match OpenForFits::<T>::get(id) {
			None => false,
			Some(None) => true,
			Some(Some(closes)) => frame_system::Pallet::<T>::block_number() < closes,
		}
	}

	/// The campaigns of a network label, in release order; empty for an unknown or invalid
	/// label.
	pub fn history(network: Vec<u8>) -> Vec<HistoryEntry<BlockNumberFor<T>, T::AuthorityId>> {
		let Ok(label) = LabelOf::<T>::try_from(network) else { return Vec::new() };
		NetworkHistory::<T>::get(label)
			.into_iter()
			.filter_map(|id| {
				let c = Campaigns::<T>::get(id)?;
				Some(HistoryEntry {
					id,
					release: c.release.into_inner(),
					sweep_kind: c.sweep_kind,
					state: c.state,
					created: c.created,
					model: Models::<T>::get(id),
					comparison: Self::compare_with_baseline(id),
				})
			})
			.collect()
	}

	/// Predictions of a campaign's model at several sizes (at most [`Config::MaxPoints`]
	/// sizes are evaluated); empty without a model.
	pub fn predictions(campaign: CampaignId, sizes: Vec<FixedU128>) -> Vec<Prediction> {
		sizes
			.into_iter()
			.take(T::MaxPoints::get() as usize)
			.filter_map(|n| Self::predict(campaign, n))
			.collect()
	}
}

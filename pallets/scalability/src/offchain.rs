//! The off-chain worker: collators fit campaigns that take fits and submit their models.
//!
//! Each run visits a bounded number of campaigns open for fits, round-robin: it goes on from
//! where the previous run stopped (a cursor in the node's off-chain storage), so every open
//! campaign is reached however many others are open. A campaign's revision is fitted once
//! per node (the result is cached in the node's off-chain storage); the model is submitted
//! when it fits better than the one on-chain, and submitted again only if it has not been
//! included after [`RESUBMIT_AFTER`] blocks. Before submitting, the worker asks the runtime's
//! own check ([`Pallet::check_fit`]) whether the model would be accepted: a model it refuses
//! for good (for example a poor fit, R² below the minimum) is remembered and never sent, so
//! collators do not fill the pool and their logs with it block after block. Such a revision
//! leaves the open set at its deadline ([`Config::FitDeadline`]).

use crate::{
	types::{Coefficients, FitPhase, FitSubmission, RejectReason},
	verify, Call, Campaigns, Config, Measurement, Measurements, Models, OpenForFits, Pallet,
	FIT_SIGNING_CONTEXT, LOG_TARGET,
};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use polkadot_sdk::{
	frame_support::traits::{Contains, Get},
	frame_system::{offchain::SubmitTransaction, pallet_prelude::BlockNumberFor},
	sp_io,
	sp_runtime::{
		offchain::storage::StorageValueRef, traits::Saturating, FixedU128, RuntimeAppPublic,
	},
};

/// Blocks to wait for a submitted fit to be included before submitting it again.
pub const RESUBMIT_AFTER: u32 = 5;

/// Off-chain storage key of the scan cursor: the storage key of the last campaign visited.
const CURSOR_KEY: &[u8] = b"stacktical/scalability/cursor";

/// What a node remembers about one revision of a campaign.
#[derive(Encode, Decode, Default)]
struct Attempt<BlockNumber> {
	/// The local fit: coefficients and their residual sum of squares; `None` when the
	/// engine could not fit the points.
	fit: Option<(Coefficients, FixedU128)>,
	/// When it was last submitted.
	submitted_at: Option<BlockNumber>,
	/// Why the runtime refuses this fit for this revision, once known: it is not submitted.
	refused: Option<RejectReason>,
}

/// Fits measurements with the USL engine and rounds the model to fixed point; returns the
/// coefficients and their residual sum of squares as the runtime will compute it.
pub fn fit_measurements(points: &[Measurement]) -> Option<(Coefficients, FixedU128)> {
	let float_points: Vec<usl::Point> = points
		.iter()
		.map(|m| usl::Point::new(f64::from(m.n), usl::fixed::Fixed(m.tps.into_inner()).to_f64()))
		.collect();
	let model = usl::fit(&float_points).ok()?;
	let coefficients =
		Coefficients::from_engine(&usl::fixed::FixedCoefficients::from_f64(&model.coefficients)?);
	let insights = verify::evaluate(&coefficients, points).ok()?;
	Some((coefficients, insights.rss))
}

impl<T: Config> Pallet<T> {
	/// The collator key of this node, if it has one in its keystore.
	fn local_collator_key() -> Option<T::AuthorityId> {
		let mut keys = T::AuthorityId::all();
		keys.sort();
		keys.into_iter().find(T::Collators::contains)
	}

	/// One off-chain worker run.
	pub(crate) fn fit_campaigns(now: BlockNumberFor<T>) {
		// Cheapest check first: most blocks have nothing to fit.
		if OpenForFits::<T>::iter_keys().next().is_none() || !sp_io::offchain::is_validator() {
			return;
		}
		let Some(key) = Self::local_collator_key() else {
			log::trace!(target: LOG_TARGET, "no collator key in the keystore: not fitting");
			return;
		};
		let mut submitted = 0u32;
		let scan = T::MaxFitsPerBlock::get().saturating_mul(4) as usize;
		let cursor = StorageValueRef::persistent(CURSOR_KEY);
		let after: Option<Vec<u8>> = cursor.get().ok().flatten();
		// From just after the cursor to the end, then from the start: round-robin.
		let tail = match after {
			Some(key) => OpenForFits::<T>::iter_from(key),
			None => OpenForFits::<T>::iter(),
		};
		let mut first = None;
		let mut last = None;
		for (campaign, phase) in tail.chain(OpenForFits::<T>::iter()).take(scan) {
			if first == Some(campaign) || submitted >= T::MaxFitsPerBlock::get() {
				break;
			}
			first.get_or_insert(campaign);
			last = Some(campaign);
			let ends = match phase {
				FitPhase::AwaitingModel { deadline } => deadline,
				FitPhase::Improving { closes } => closes,
			};
			if now >= ends {
				continue;
			}
			match Self::fit_and_submit(campaign, &key, now) {
				Ok(true) => submitted.saturating_inc(),
				Ok(false) => {},
				Err(e) => log::warn!(target: LOG_TARGET, "campaign {campaign}: {e}"),
			}
		}
		if let Some(campaign) = last {
			cursor.set(&OpenForFits::<T>::hashed_key_for(campaign));
		}
	}

	/// Fits one campaign (or takes the cached fit) and submits it if it beats the model
	/// on-chain. `Ok(true)` when a transaction was submitted.
	fn fit_and_submit(
		campaign: crate::CampaignId,
		key: &T::AuthorityId,
		now: BlockNumberFor<T>,
	) -> Result<bool, &'static str> {
		let Some(info) = Campaigns::<T>::get(campaign) else { return Ok(false) };
		let storage_key = (b"stacktical/scalability/attempt", campaign, info.revision).encode();
		let store = StorageValueRef::persistent(&storage_key);
		// An attempt that cannot be read (none yet, or stored by an older runtime) is redone.
		let stored: Option<Attempt<BlockNumberFor<T>>> = store.get().ok().flatten();
		let fresh = stored.is_none();
		let mut attempt = stored.unwrap_or_else(|| Attempt {
			fit: fit_measurements(&Measurements::<T>::get(campaign)),
			submitted_at: None,
			refused: None,
		});
		// What cannot change for this revision is said once, when first found.
		let Some((coefficients, rss)) = attempt.fit else {
			if fresh {
				store.set(&attempt);
				return Err("the USL engine could not fit its measurements");
			}
			return Ok(false);
		};
		if attempt.refused.is_some() {
			return Ok(false);
		}
		let beaten = Models::<T>::get(campaign)
			.is_some_and(|model| model.revision == info.revision && model.insights.rss <= rss);
		let pending =
			attempt.submitted_at.is_some_and(|at| now < at.saturating_add(RESUBMIT_AFTER.into()));
		if beaten || pending {
			store.set(&attempt);
			return Ok(false);
		}
		let submission = FitSubmission {
			campaign,
			revision: info.revision,
			coefficients,
			rss,
			collator: key.clone(),
		};
		match Self::check_fit(&submission) {
			Ok(_) => {},
			// Nothing this node can add now (another model is as good, or the campaign moved on).
			Err(
				RejectReason::NotBetter
				| RejectReason::StaleRevision
				| RejectReason::FittingEnded
				| RejectReason::UnknownCampaign,
			) => {
				store.set(&attempt);
				return Ok(false);
			},
			Err(reason) => {
				log::info!(
					target: LOG_TARGET,
					"campaign {campaign} revision {}: the runtime refuses this node's model ({reason:?}); not submitting it",
					info.revision,
				);
				attempt.refused = Some(reason);
				store.set(&attempt);
				return Ok(false);
			},
		}
		let signature = key
			.sign(&(FIT_SIGNING_CONTEXT, &submission).encode())
			.ok_or("the keystore could not sign")?;
		let call = Call::submit_fit { submission, signature };
		SubmitTransaction::<T, Call<T>>::submit_transaction(T::create_authorized_transaction(
			call.into(),
		))
		.map_err(|()| "the transaction pool refused the fit")?;
		log::info!(
			target: LOG_TARGET,
			"campaign {campaign} revision {}: submitted σ={:?} κ={:?} λ={:?} rss={:?}",
			info.revision,
			coefficients.sigma,
			coefficients.kappa,
			coefficients.lambda,
			rss,
		);
		attempt.submitted_at = Some(now);
		store.set(&attempt);
		Ok(true)
	}
}

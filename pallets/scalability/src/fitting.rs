//! Fitting a revision: the runtime's check of a model, the authorisation of a collator's fit,
//! accepting it, and the phases a revision goes through.
//!
//! A revision with enough points is *awaiting a model* until [`Config::FitDeadline`] blocks
//! have passed; its first accepted model opens a *fit window* of [`Config::FitWindow`] blocks
//! in which strictly better models replace it; then the model is *final*. A revision that
//! reaches its deadline without a model has *no model* and is no longer fitted, so that
//! campaigns the runtime refuses for good (a sweep that follows no scaling law) do not stay in
//! [`OpenForFits`] for ever. Both ends are scheduled by block ([`FitDeadlines`],
//! [`FitWindowsClosing`]) and handled in `on_initialize`, a bounded number per block.

use crate::weights::WeightInfo;
use crate::{
	pallet::*, verify, AcceptedModel, CampaignId, Coefficients, FitPhase, FitSubmissionOf,
	Insights, RejectReason, SignatureOf, Verdict, FIT_SIGNING_CONTEXT,
};
use codec::Encode;
use polkadot_sdk::{
	frame_support::{pallet_prelude::*, traits::Contains},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_runtime::{traits::Saturating, FixedU128, RuntimeAppPublic},
};

impl<T: Config> Pallet<T> {
	/// Whether a submitted model would be accepted now, and what follows from it.
	pub fn check_fit(submission: &FitSubmissionOf<T>) -> Result<Insights, RejectReason> {
		Self::check_model(
			submission.campaign,
			submission.revision,
			&submission.coefficients,
			submission.rss,
		)
	}

	/// Whether a model of revision `revision` of `campaign`, claiming the residual sum of
	/// squares `rss`, would be accepted now.
	pub fn check_model(
		campaign: CampaignId,
		revision: u32,
		coefficients: &Coefficients,
		rss: FixedU128,
	) -> Result<Insights, RejectReason> {
		let info = Campaigns::<T>::get(campaign).ok_or(RejectReason::UnknownCampaign)?;
		if revision != info.revision {
			return Err(RejectReason::StaleRevision);
		}
		let points = Measurements::<T>::get(campaign);
		if (points.len() as u32) < T::MinPoints::get() {
			return Err(RejectReason::TooFewPoints);
		}
		if !OpenForFits::<T>::contains_key(campaign) {
			return Err(RejectReason::FittingEnded);
		}
		let insights = verify::evaluate(coefficients, &points)?;
		if insights.rss != rss {
			return Err(RejectReason::RssMismatch);
		}
		if !verify::fits_well_enough(&insights, T::MinRSquared::get()) {
			return Err(RejectReason::PoorFit);
		}
		if let Some(current) = Models::<T>::get(campaign) {
			if current.revision == revision && current.insights.rss <= insights.rss {
				return Err(RejectReason::NotBetter);
			}
		}
		Ok(insights)
	}

	/// Authorises a [`Pallet::submit_fit`] transaction: current collator, valid signature,
	/// room in the block, and a model that [`Pallet::check_fit`] accepts. The weight charged
	/// for authorisation is refunded down to the campaign's actual number of points.
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
			Err(
				RejectReason::NotBetter | RejectReason::StaleRevision | RejectReason::FittingEnded,
			) => return Err(InvalidTransaction::Stale.into()),
			Err(reason) => return Err(InvalidTransaction::Custom(reason.code()).into()),
		}
		let points = Measurements::<T>::decode_len(submission.campaign).unwrap_or(0) as u32;
		let refund = T::WeightInfo::authorize_submit_fit(T::MaxPoints::get())
			.saturating_sub(T::WeightInfo::authorize_submit_fit(points));
		ValidTransaction::with_tag_prefix("ScalabilityFit")
			.priority(T::UnsignedPriority::get())
			.and_provides((submission.campaign, submission.revision, submission.collator.clone()))
			.longevity(Self::fit_longevity())
			.propagate(true)
			.build()
			.map(|validity| (validity, refund))
	}

	fn fit_longevity() -> u64 {
		TryInto::<u64>::try_into(T::FitWindow::get()).unwrap_or(16).max(4)
	}

	/// Starts fitting the current revision of `campaign`: it awaits a model until
	/// [`Config::FitDeadline`] blocks from now. At most [`Config::MaxRevisionsPerBlock`]
	/// campaigns start a revision per block, so that every deadline can be handled in its
	/// block.
	pub(crate) fn open_revision(campaign: CampaignId) -> DispatchResult {
		let now = frame_system::Pallet::<T>::block_number();
		let (block, count) = RevisionsInBlock::<T>::get();
		let count = if block == now { count } else { 0 };
		ensure!(count < T::MaxRevisionsPerBlock::get(), Error::<T>::TooManyRevisionsInBlock);
		let deadline = now.saturating_add(T::FitDeadline::get());
		FitDeadlines::<T>::try_mutate(deadline, |ids| ids.try_push(campaign))
			.map_err(|_| Error::<T>::TooManyRevisionsInBlock)?;
		RevisionsInBlock::<T>::put((now, count.saturating_add(1)));
		OpenForFits::<T>::insert(campaign, FitPhase::AwaitingModel { deadline });
		Ok(())
	}

	/// Ends the fit windows and deadlines due at `now`; returns how many of each were due.
	pub(crate) fn end_phases(now: BlockNumberFor<T>) -> (u32, u32) {
		let closing = FitWindowsClosing::<T>::take(now);
		let windows = closing.len() as u32;
		for campaign in closing {
			// Only if this window is still the campaign's: new measurements since then
			// reopened it for a new revision.
			if OpenForFits::<T>::get(campaign) == Some(FitPhase::Improving { closes: now }) {
				OpenForFits::<T>::remove(campaign);
				let revision = Campaigns::<T>::get(campaign).map(|c| c.revision).unwrap_or(0);
				Self::deposit_event(Event::ModelFinal { campaign, revision });
			}
		}
		let due = FitDeadlines::<T>::take(now);
		let deadlines = due.len() as u32;
		for campaign in due {
			if OpenForFits::<T>::get(campaign) != Some(FitPhase::AwaitingModel { deadline: now }) {
				// A model came (the revision is in its window), or a new revision has a later
				// deadline.
				continue;
			}
			OpenForFits::<T>::remove(campaign);
			let revision = Campaigns::<T>::get(campaign).map(|c| c.revision).unwrap_or(0);
			if Models::<T>::get(campaign).is_some_and(|m| m.revision == revision) {
				// Accepted without a window (see `accept`): final at the deadline.
				Self::deposit_event(Event::ModelFinal { campaign, revision });
			} else {
				NoModel::<T>::insert(campaign, now);
				Self::deposit_event(Event::NoModel { campaign, revision });
			}
		}
		(windows, deadlines)
	}

	/// Stores an accepted model; the first of a revision opens its fit window.
	pub(crate) fn accept(
		submission: FitSubmissionOf<T>,
		insights: Insights,
		now: BlockNumberFor<T>,
	) {
		let campaign = submission.campaign;
		if let Some(FitPhase::AwaitingModel { .. }) = OpenForFits::<T>::get(campaign) {
			let closes =
				now.saturating_add(T::FitWindow::get()).max(now.saturating_add(1u32.into()));
			// At most `MaxFitsPerBlock` fits, and so first models, are accepted per block, and
			// every one of them schedules its window `FitWindow` blocks ahead: the list of
			// that block has room. Were it full, the revision would keep awaiting better
			// models until its deadline, which is just as safe.
			if FitWindowsClosing::<T>::mutate(closes, |ids| ids.try_push(campaign)).is_ok() {
				OpenForFits::<T>::insert(campaign, FitPhase::Improving { closes });
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
}

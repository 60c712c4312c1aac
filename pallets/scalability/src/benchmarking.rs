//! Benchmarks of every call at its worst-case size.

use super::*;
use crate::Pallet as Scalability;
use polkadot_sdk::{
	frame_benchmarking::v2::*,
	frame_support::traits::{fungible::Mutate, Authorize, Hooks},
	frame_system::RawOrigin,
	sp_runtime::FixedPointNumber,
};
use usl::fixed::{self, Fixed};

const LABEL_BYTE: u8 = b'x';

fn funded<T: Config>() -> T::AccountId {
	let who: T::AccountId = whitelisted_caller();
	let amount = T::Currency::minimum_balance()
		.saturating_add(T::CampaignDeposit::get().saturating_mul(1_000u32.into()));
	T::Currency::set_balance(&who, amount);
	who
}

fn max_label<T: Config>(tag: u8) -> Vec<u8> {
	let mut label = alloc::vec![LABEL_BYTE; T::MaxLabelLen::get() as usize];
	label[0] = tag;
	label
}

/// σ = 0.02, κ = 0.0001, λ = 100: a peak at N ≈ 99.
fn truth() -> Coefficients {
	Coefficients {
		sigma: FixedU128::saturating_from_rational(2u32, 100u32),
		kappa: FixedU128::saturating_from_rational(1u32, 10_000u32),
		lambda: FixedU128::saturating_from_integer(100u32),
	}
}

/// `count` measurements of `coefficients` at sizes `first, first + step, …`.
fn exact_points(
	coefficients: &Coefficients,
	count: u32,
	first: u32,
	step: u32,
) -> Vec<Measurement> {
	let c = coefficients.to_engine();
	(0..count)
		.map(|i| {
			let n = first + i * step;
			let x = fixed::throughput(&c, Fixed::from_integer(u64::from(n))).unwrap_or(Fixed::ONE);
			Measurement {
				n,
				tps: FixedU128::from_inner(x.0.max(1)),
				latency_p50_ms: FixedU128::saturating_from_integer(10u32),
				latency_p95_ms: FixedU128::saturating_from_integer(25u32),
				samples: 1_000,
			}
		})
		.collect()
}

/// A campaign on a full network history, with `points` stored.
fn campaign<T: Config>(
	owner: &T::AccountId,
	tag: u8,
	baseline: Option<CampaignId>,
	points: Vec<Measurement>,
) -> CampaignId {
	let id = NextCampaignId::<T>::get();
	Scalability::<T>::create_campaign(
		RawOrigin::Signed(owner.clone()).into(),
		max_label::<T>(tag),
		max_label::<T>(b'r'),
		SweepKind::Validators,
		baseline,
	)
	.expect("campaign created");
	if !points.is_empty() {
		Scalability::<T>::submit_measurements(RawOrigin::Signed(owner.clone()).into(), id, points)
			.expect("measurements stored");
	}
	id
}

/// Fills a network's history up to one below its bound.
fn crowd_history<T: Config>(tag: u8) {
	let label = LabelOf::<T>::truncate_from(max_label::<T>(tag));
	let ids: Vec<CampaignId> =
		(0..T::MaxCampaignsPerNetwork::get().saturating_sub(1)).map(|i| 1_000_000 + i).collect();
	NetworkHistory::<T>::insert(label, BoundedVec::truncate_from(ids));
}

/// A campaign of `p` points with a baseline that has a model, and a signed fit for it from
/// a collator: the worst case of `submit_fit` (first model, window scheduled, comparison).
fn fit_setup<T: Config>(p: u32) -> (FitSubmissionOf<T>, SignatureOf<T>) {
	let owner = funded::<T>();
	let base = campaign::<T>(&owner, b'b', None, exact_points(&truth(), T::MinPoints::get(), 1, 3));
	let base_points = Measurements::<T>::get(base);
	let base_insights = verify::evaluate(&truth(), &base_points).expect("evaluates");
	Models::<T>::insert(
		base,
		AcceptedModel {
			coefficients: truth(),
			insights: base_insights,
			revision: 1,
			collator: T::AuthorityId::generate_pair(None),
			accepted_at: 0u32.into(),
		},
	);
	let id = campaign::<T>(&owner, b'c', Some(base), exact_points(&truth(), p, 1, 2));
	let key = T::AuthorityId::generate_pair(None);
	T::BenchmarkHelper::make_collator(key.clone());
	let points = Measurements::<T>::get(id);
	let rss = verify::evaluate(&truth(), &points).expect("evaluates").rss;
	let submission = FitSubmission {
		campaign: id,
		revision: 1,
		coefficients: truth(),
		rss,
		collator: key.clone(),
	};
	let signature = key.sign(&(FIT_SIGNING_CONTEXT, &submission).encode()).expect("signs");
	(submission, signature)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_campaign() {
		let owner = funded::<T>();
		let base = campaign::<T>(&owner, b'b', None, Vec::new());
		crowd_history::<T>(b'n');

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			max_label::<T>(b'n'),
			max_label::<T>(b'r'),
			SweepKind::Validators,
			Some(base),
		);

		assert!(Campaigns::<T>::contains_key(base + 1));
	}

	#[benchmark]
	fn submit_measurements(p: Linear<1, { T::MaxPoints::get() }>) {
		let owner = funded::<T>();
		let stored = T::MaxPoints::get() - p;
		// Stored sizes even, new ones odd and interleaved: every insertion shifts the list.
		let id = campaign::<T>(&owner, b'n', None, exact_points(&truth(), stored, 2, 2));
		let batch = exact_points(&truth(), p, 1, 2);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, batch);

		assert_eq!(Measurements::<T>::get(id).len() as u32, T::MaxPoints::get());
	}

	#[benchmark]
	fn close_campaign() {
		let owner = funded::<T>();
		let id = campaign::<T>(&owner, b'n', None, Vec::new());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert_eq!(Campaigns::<T>::get(id).map(|c| c.state), Some(CampaignState::Closed));
	}

	#[benchmark]
	fn remove_campaign() {
		let owner = funded::<T>();
		crowd_history::<T>(b'n');
		let id =
			campaign::<T>(&owner, b'n', None, exact_points(&truth(), T::MaxPoints::get(), 1, 1));

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert!(!Campaigns::<T>::contains_key(id));
	}

	#[benchmark]
	fn submit_fit(p: Linear<{ T::MinPoints::get() }, { T::MaxPoints::get() }>) {
		let (submission, signature) = fit_setup::<T>(p);
		let id = submission.campaign;

		#[extrinsic_call]
		_(RawOrigin::Authorized, submission, signature);

		assert!(Models::<T>::contains_key(id));
	}

	#[benchmark]
	fn authorize_submit_fit(
		p: Linear<{ T::MinPoints::get() }, { T::MaxPoints::get() }>,
	) -> Result<(), BenchmarkError> {
		let (submission, signature) = fit_setup::<T>(p);
		let call = Call::<T>::submit_fit { submission, signature };

		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("submit_fit has authorize logic")?
				.map_err(|_| "the fit is authorised")?;
		}

		Ok(())
	}

	#[benchmark]
	fn set_regression_threshold() {
		#[extrinsic_call]
		_(RawOrigin::Root, Perbill::from_percent(10));

		assert_eq!(RegressionThreshold::<T>::get(), Perbill::from_percent(10));
	}

	#[benchmark]
	fn on_initialize(c: Linear<0, { T::MaxFitsPerBlock::get() }>) {
		let at: BlockNumberFor<T> = 10u32.into();
		let ids: Vec<CampaignId> = (0..c).collect();
		for id in &ids {
			OpenForFits::<T>::insert(id, Some(at));
		}
		FitWindowsClosing::<T>::insert(at, BoundedVec::truncate_from(ids));

		#[block]
		{
			Scalability::<T>::on_initialize(at);
		}

		assert_eq!(OpenForFits::<T>::iter().count(), 0);
	}

	impl_benchmark_test_suite!(Scalability, crate::mock::new_test_ext(), crate::mock::Test);
}

//! Benchmarks of every call at its worst-case size.

use super::*;
use crate::Pallet as Scalability;
use alloc::vec::Vec;
use polkadot_sdk::{
	frame_benchmarking::v2::*,
	frame_support::traits::{
		fungible::{Mutate, MutateHold},
		Authorize, Hooks,
	},
	frame_system::RawOrigin,
	sp_runtime::{FixedPointNumber, FixedU128},
};
use usl::fixed::{self, Fixed};

const LABEL_BYTE: u8 = b'x';

fn funded<T: Config>() -> T::AccountId {
	let who: T::AccountId = whitelisted_caller();
	let amount = T::Currency::minimum_balance().saturating_add(
		T::CampaignDeposit::get()
			.saturating_add(T::NetworkDeposit::get())
			.saturating_mul(1_000u32.into()),
	);
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

/// A campaign with `points` stored, on the network labelled `tag…`.
fn campaign<T: Config>(
	owner: &T::AccountId,
	tag: u8,
	baseline: Option<CampaignId>,
	points: Vec<Measurement>,
) -> CampaignId {
	campaign_on::<T>(owner, max_label::<T>(tag), baseline, points)
}

fn campaign_on<T: Config>(
	owner: &T::AccountId,
	network: Vec<u8>,
	baseline: Option<CampaignId>,
	points: Vec<Measurement>,
) -> CampaignId {
	let id = NextCampaignId::<T>::get();
	Scalability::<T>::create_campaign(
		RawOrigin::Signed(owner.clone()).into(),
		bounded(network),
		bounded(max_label::<T>(b'r')),
		SweepKind::Validators,
		baseline,
	)
	.expect("campaign created");
	if !points.is_empty() {
		Scalability::<T>::submit_measurements(
			RawOrigin::Signed(owner.clone()).into(),
			id,
			bounded(points),
		)
		.expect("measurements stored");
	}
	id
}

fn bounded<V, S: Get<u32>>(items: Vec<V>) -> BoundedVec<V, S> {
	BoundedVec::truncate_from(items)
}

/// A distinct printable label of the longest length for each `i`.
fn numbered_label<T: Config>(i: u32) -> Vec<u8> {
	let mut label = max_label::<T>(b'#');
	for (slot, digit) in label.iter_mut().skip(1).zip([i % 94, (i / 94) % 94, i / (94 * 94)]) {
		*slot = b'!' + digit as u8;
	}
	label
}

/// Fills a network's history up to one below its bound.
fn crowd_history<T: Config>(tag: u8) {
	let label = LabelOf::<T>::truncate_from(max_label::<T>(tag));
	let ids: Vec<CampaignId> =
		(0..T::MaxCampaignsPerNetwork::get().saturating_sub(1)).map(|i| 1_000_000 + i).collect();
	NetworkHistory::<T>::insert(label, BoundedVec::truncate_from(ids));
}

/// A network label owned by `owner` with `delegates` delegates.
fn network_with<T: Config>(
	owner: &T::AccountId,
	tag: u8,
	delegates: u32,
) -> BoundedVec<u8, T::MaxLabelLen> {
	let label = bounded::<u8, T::MaxLabelLen>(max_label::<T>(tag));
	T::Currency::hold(&HoldReason::NetworkDeposit.into(), owner, T::NetworkDeposit::get())
		.expect("funded");
	let delegates: Vec<T::AccountId> = (0..delegates).map(|i| account("delegate", i, 0)).collect();
	Networks::<T>::insert(
		&label,
		Network {
			owner: owner.clone(),
			deposit: T::NetworkDeposit::get(),
			delegates: BoundedVec::truncate_from(delegates),
		},
	);
	label
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

	/// Worst case: the label is claimed (a deposit held, a record written), the history
	/// almost full, a baseline read.
	#[benchmark]
	fn create_campaign() {
		let owner = funded::<T>();
		let base = campaign::<T>(&owner, b'b', None, Vec::new());
		crowd_history::<T>(b'n');

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			bounded(max_label::<T>(b'n')),
			bounded(max_label::<T>(b'r')),
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
		let batch = bounded(exact_points(&truth(), p, 1, 2));
		frame_system::Pallet::<T>::set_block_number(2u32.into());

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
	fn add_network_delegate() {
		let owner = funded::<T>();
		let network = network_with::<T>(&owner, b'n', T::MaxDelegates::get().saturating_sub(1));
		let delegate: T::AccountId = account("delegate", u32::MAX, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), network.clone(), delegate.clone());

		assert!(Networks::<T>::get(&network).is_some_and(|n| n.delegates.contains(&delegate)));
	}

	#[benchmark]
	fn remove_network_delegate() {
		let owner = funded::<T>();
		let count = T::MaxDelegates::get();
		let network = network_with::<T>(&owner, b'n', count);
		let delegate: T::AccountId = account("delegate", count.saturating_sub(1), 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), network.clone(), delegate.clone());

		assert!(Networks::<T>::get(&network).is_some_and(|n| !n.delegates.contains(&delegate)));
	}

	#[benchmark]
	fn release_network() {
		let owner = funded::<T>();
		let network = network_with::<T>(&owner, b'n', T::MaxDelegates::get());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), network.clone());

		assert!(!Networks::<T>::contains_key(&network));
	}

	#[benchmark]
	fn reopen_fitting() {
		let owner = funded::<T>();
		let id =
			campaign::<T>(&owner, b'n', None, exact_points(&truth(), T::MaxPoints::get(), 1, 1));
		let deadline =
			frame_system::Pallet::<T>::block_number().saturating_add(T::FitDeadline::get());
		frame_system::Pallet::<T>::set_block_number(deadline);
		Scalability::<T>::on_initialize(deadline);
		assert!(NoModel::<T>::contains_key(id));

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert!(OpenForFits::<T>::contains_key(id));
	}

	/// `c` fit windows close and `d` revisions reach their deadline without a model in the
	/// same block.
	#[benchmark]
	fn on_initialize(
		c: Linear<0, { T::MaxFitsPerBlock::get() }>,
		d: Linear<0, { T::MaxRevisionsPerBlock::get() }>,
	) {
		let owner = funded::<T>();
		let at = frame_system::Pallet::<T>::block_number().saturating_add(T::FitDeadline::get());
		let points = exact_points(&truth(), T::MinPoints::get(), 1, 1);
		let mut windows = Vec::new();
		for i in 0..c {
			RevisionsInBlock::<T>::kill();
			FitDeadlines::<T>::remove(at);
			let id = campaign_on::<T>(&owner, numbered_label::<T>(i), None, points.clone());
			let insights = verify::evaluate(&truth(), &Measurements::<T>::get(id)).expect("fits");
			Models::<T>::insert(
				id,
				AcceptedModel {
					coefficients: truth(),
					insights,
					revision: 1,
					collator: T::AuthorityId::generate_pair(None),
					accepted_at: 0u32.into(),
				},
			);
			OpenForFits::<T>::insert(id, FitPhase::Improving { closes: at });
			windows.push(id);
		}
		FitWindowsClosing::<T>::insert(at, BoundedVec::truncate_from(windows));
		FitDeadlines::<T>::remove(at);
		let mut due = Vec::new();
		for i in 0..d {
			RevisionsInBlock::<T>::kill();
			let id = campaign_on::<T>(&owner, numbered_label::<T>(c + i), None, points.clone());
			OpenForFits::<T>::insert(id, FitPhase::AwaitingModel { deadline: at });
			due.push(id);
		}
		FitDeadlines::<T>::insert(at, BoundedVec::truncate_from(due));
		frame_system::Pallet::<T>::set_block_number(at);

		#[block]
		{
			Scalability::<T>::on_initialize(at);
		}

		assert_eq!(OpenForFits::<T>::iter().count(), 0);
		assert_eq!(NoModel::<T>::iter().count() as u32, d);
	}

	impl_benchmark_test_suite!(Scalability, crate::mock::new_bench_ext(), crate::mock::Test);
}

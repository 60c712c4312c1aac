//! Unit tests: every call and error, the off-chain worker end to end through the transaction
//! pool, forged submissions, regression events.

use crate::{mock::*, offchain::fit_measurements, verify, *};
use codec::Decode;
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		dispatch::GetDispatchInfo,
		pallet_prelude::{InvalidTransaction, TransactionSource, TransactionValidityError},
		traits::{fungible::InspectHold, Authorize, Hooks},
	},
	frame_system::{self, RawOrigin},
	sp_runtime::{
		traits::{Applyable, Checkable},
		FixedPointNumber, FixedU128, Perbill,
	},
};

/// SPEC SDM91 (Gunther), the R `usl` package's reference data, with made-up latencies.
const SPECSDM91: [(u32, f64); 7] = [
	(1, 64.9),
	(18, 995.9),
	(36, 1652.4),
	(72, 1853.2),
	(108, 1828.9),
	(144, 1775.0),
	(216, 1702.2),
];

fn fx(v: f64) -> FixedU128 {
	FixedU128::from_inner(usl::fixed::Fixed::from_f64(v).unwrap().0)
}

fn point(n: u32, tps: f64) -> Measurement {
	Measurement {
		n,
		tps: fx(tps),
		latency_p50_ms: fx(12.5),
		latency_p95_ms: fx(30.0),
		samples: 1_000,
	}
}

fn specsdm91() -> Vec<Measurement> {
	SPECSDM91.iter().map(|&(n, x)| point(n, x)).collect()
}

fn exact_points(c: &Coefficients, sizes: &[u32]) -> Vec<Measurement> {
	let float = c.to_engine().to_f64();
	sizes.iter().map(|&n| point(n, float.throughput(f64::from(n)))).collect()
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Scalability(e) = r.event { Some(e) } else { None })
		.collect()
}

fn create(owner: AccountId, network: &str) -> CampaignId {
	let id = NextCampaignId::<Test>::get();
	assert_ok!(Scalability::create_campaign(
		RuntimeOrigin::signed(owner),
		network.into(),
		b"v1.0.0".to_vec(),
		SweepKind::Validators,
		None,
	));
	id
}

fn campaign_with(points: Vec<Measurement>) -> CampaignId {
	let id = create(ALICE, &format!("polkadot-local-{}", NextCampaignId::<Test>::get()));
	assert_ok!(Scalability::submit_measurements(RuntimeOrigin::signed(ALICE), id, points));
	id
}

/// A submission signed by `key`, claiming the residual sum of squares the runtime computes.
fn signed(
	key: &CollatorId,
	campaign: CampaignId,
	coefficients: Coefficients,
) -> (FitSubmissionOf<Test>, SignatureOf<Test>) {
	let points = Measurements::<Test>::get(campaign);
	let rss = verify::evaluate(&coefficients, &points).map(|i| i.rss).unwrap_or_default();
	let revision = Campaigns::<Test>::get(campaign).map(|c| c.revision).unwrap_or_default();
	let submission = FitSubmission { campaign, revision, coefficients, rss, collator: key.clone() };
	sign(key, submission)
}

fn sign(
	key: &CollatorId,
	submission: FitSubmissionOf<Test>,
) -> (FitSubmissionOf<Test>, SignatureOf<Test>) {
	use polkadot_sdk::sp_runtime::RuntimeAppPublic;
	let signature = key.sign(&(FIT_SIGNING_CONTEXT, &submission).encode()).unwrap();
	(submission, signature)
}

fn authorize(
	(submission, signature): &(FitSubmissionOf<Test>, SignatureOf<Test>),
) -> Result<(), TransactionValidityError> {
	let call = RuntimeCall::Scalability(Call::submit_fit {
		submission: submission.clone(),
		signature: signature.clone(),
	});
	call.authorize(TransactionSource::External).expect("submit_fit has authorize logic").map(|_| ())
}

/// Validates like the pool would, then dispatches like a block would.
fn apply(fit: (FitSubmissionOf<Test>, SignatureOf<Test>)) {
	authorize(&fit).expect("the fit is authorised");
	assert_ok!(Scalability::submit_fit(RawOrigin::Authorized.into(), fit.0, fit.1));
}

fn run_to(block: u64) {
	while System::block_number() < block {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Scalability::on_initialize(next);
	}
}

// ---- campaigns ----------------------------------------------------------------------------

#[test]
fn create_campaign_holds_the_deposit_and_records_history() {
	new_test_ext().execute_with(|| {
		let first = create(ALICE, "polkadot-local-8");
		assert_ok!(Scalability::create_campaign(
			RuntimeOrigin::signed(BOB),
			b"polkadot-local-8".to_vec(),
			b"v1.1.0".to_vec(),
			SweepKind::Validators,
			Some(first),
		));
		assert_eq!(Balances::balance_on_hold(&HoldReason::CampaignDeposit.into(), &ALICE), DEPOSIT);
		assert_eq!(
			NetworkHistory::<Test>::get(BoundedVec::truncate_from(b"polkadot-local-8".to_vec()))
				.into_inner(),
			vec![0, 1]
		);
		let second = Campaigns::<Test>::get(1).unwrap();
		assert_eq!(
			(second.owner, second.baseline, second.state, second.revision),
			(BOB, Some(0), CampaignState::Open, 0)
		);
		assert!(matches!(events()[0], Event::CampaignCreated { campaign: 0, owner: ALICE, .. }));
	});
}

#[test]
fn create_campaign_errors() {
	new_test_ext().execute_with(|| {
		let signed = || RuntimeOrigin::signed(ALICE);
		let v = || b"v1".to_vec();
		assert_noop!(
			Scalability::create_campaign(signed(), vec![b'a'; 33], v(), SweepKind::Senders, None),
			Error::<Test>::LabelTooLong
		);
		assert_noop!(
			Scalability::create_campaign(
				signed(),
				b"two words".to_vec(),
				v(),
				SweepKind::Senders,
				None
			),
			Error::<Test>::InvalidLabel
		);
		assert_noop!(
			Scalability::create_campaign(
				signed(),
				b"net".to_vec(),
				vec![],
				SweepKind::Senders,
				None
			),
			Error::<Test>::InvalidLabel
		);
		assert_noop!(
			Scalability::create_campaign(
				signed(),
				b"net".to_vec(),
				v(),
				SweepKind::Senders,
				Some(7)
			),
			Error::<Test>::UnknownBaseline
		);
		let base = create(ALICE, "net");
		assert_noop!(
			Scalability::create_campaign(
				signed(),
				b"net".to_vec(),
				v(),
				SweepKind::Senders,
				Some(base)
			),
			Error::<Test>::BaselineKindMismatch
		);
		assert!(Scalability::create_campaign(
			RuntimeOrigin::signed(POOR),
			b"net".to_vec(),
			v(),
			SweepKind::Senders,
			None
		)
		.is_err());
		for _ in 0..3 {
			create(ALICE, "net");
		}
		assert_noop!(
			Scalability::create_campaign(
				signed(),
				b"net".to_vec(),
				v(),
				SweepKind::Validators,
				None
			),
			Error::<Test>::TooManyCampaigns
		);
	});
}

#[test]
fn measurements_are_merged_sorted_and_start_a_revision() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, "net");
		assert_ok!(Scalability::submit_measurements(
			RuntimeOrigin::signed(ALICE),
			id,
			vec![point(8, 80.0), point(2, 20.0)]
		));
		assert_ok!(Scalability::submit_measurements(
			RuntimeOrigin::signed(ALICE),
			id,
			vec![point(4, 40.0)]
		));
		let sizes: Vec<u32> = Measurements::<Test>::get(id).iter().map(|m| m.n).collect();
		assert_eq!(sizes, vec![2, 4, 8]);
		assert_eq!(Campaigns::<Test>::get(id).unwrap().revision, 2);
		// Three points: below MinPoints, so not open for fits yet.
		assert!(!OpenForFits::<Test>::contains_key(id));
		assert_ok!(Scalability::submit_measurements(
			RuntimeOrigin::signed(ALICE),
			id,
			vec![point(16, 150.0)]
		));
		assert_eq!(OpenForFits::<Test>::get(id), Some(None));
		assert!(matches!(
			events().last(),
			Some(Event::MeasurementsSubmitted { campaign: 0, added: 1, total: 4, revision: 3 })
		));
	});
}

#[test]
fn bad_measurements_are_refused_and_nothing_is_lost() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, "net");
		assert_ok!(Scalability::submit_measurements(
			RuntimeOrigin::signed(ALICE),
			id,
			vec![point(2, 20.0)]
		));
		let before = Measurements::<Test>::get(id);
		let submit =
			|who, points| Scalability::submit_measurements(RuntimeOrigin::signed(who), id, points);
		let good = point(4, 40.0);
		assert_noop!(submit(BOB, vec![good]), Error::<Test>::NotOwner);
		assert_noop!(submit(ALICE, vec![]), Error::<Test>::EmptyBatch);
		assert_noop!(
			submit(ALICE, vec![good, Measurement { n: 0, ..good }]),
			Error::<Test>::SizeOutOfRange
		);
		assert_noop!(
			submit(ALICE, vec![Measurement { tps: FixedU128::from_inner(0), ..good }]),
			Error::<Test>::ThroughputOutOfRange
		);
		assert_noop!(
			submit(
				ALICE,
				vec![Measurement {
					tps: FixedU128::saturating_from_integer(2_000_000_000u64),
					..good
				}]
			),
			Error::<Test>::ThroughputOutOfRange
		);
		assert_noop!(
			submit(ALICE, vec![Measurement { latency_p95_ms: fx(1.0), ..good }]),
			Error::<Test>::LatencyOutOfRange
		);
		assert_noop!(
			submit(ALICE, vec![Measurement { samples: 0, ..good }]),
			Error::<Test>::NoSamples
		);
		assert_noop!(submit(ALICE, vec![good, good]), Error::<Test>::DuplicateSize);
		assert_noop!(submit(ALICE, vec![point(2, 21.0)]), Error::<Test>::DuplicateSize);
		let too_many: Vec<_> = (10..10 + MAX_POINTS).map(|n| point(n, 10.0)).collect();
		assert_noop!(submit(ALICE, too_many), Error::<Test>::TooManyPoints);
		assert_noop!(
			Scalability::submit_measurements(RuntimeOrigin::signed(ALICE), 9, vec![good]),
			Error::<Test>::UnknownCampaign
		);
		assert_eq!(Measurements::<Test>::get(id), before);
		assert_ok!(Scalability::close_campaign(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(submit(ALICE, vec![good]), Error::<Test>::CampaignClosed);
	});
}

#[test]
fn close_and_remove() {
	new_test_ext().execute_with(|| {
		let id = campaign_with(specsdm91());
		assert_noop!(
			Scalability::close_campaign(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotOwner
		);
		assert_ok!(Scalability::close_campaign(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(Campaigns::<Test>::get(id).unwrap().state, CampaignState::Closed);
		assert_noop!(
			Scalability::close_campaign(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::CampaignClosed
		);
		assert_noop!(
			Scalability::remove_campaign(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotOwner
		);
		let free = Balances::free_balance(ALICE);
		assert_ok!(Scalability::remove_campaign(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(Balances::free_balance(ALICE), free + DEPOSIT);
		assert_eq!(Balances::balance_on_hold(&HoldReason::CampaignDeposit.into(), &ALICE), 0);
		assert!(Campaigns::<Test>::get(id).is_none());
		assert!(Measurements::<Test>::get(id).is_empty());
		assert!(!OpenForFits::<Test>::contains_key(id));
		assert!(!NetworkHistory::<Test>::contains_key(BoundedVec::truncate_from(
			b"polkadot-local-0".to_vec()
		)));
		assert_noop!(
			Scalability::remove_campaign(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::UnknownCampaign
		);
	});
}

#[test]
fn regression_threshold_is_set_by_the_admin_only() {
	new_test_ext().execute_with(|| {
		assert_eq!(RegressionThreshold::<Test>::get(), Perbill::from_percent(5));
		assert_noop!(
			Scalability::set_regression_threshold(
				RuntimeOrigin::signed(ALICE),
				Perbill::from_percent(1)
			),
			polkadot_sdk::sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Scalability::set_regression_threshold(
			RuntimeOrigin::root(),
			Perbill::from_percent(1)
		));
		assert_eq!(RegressionThreshold::<Test>::get(), Perbill::from_percent(1));
	});
}

// ---- off-chain worker and verification ------------------------------------------------------

#[test]
fn offchain_worker_fit_validates_and_is_accepted() {
	let mut t = new_offchain_test("//Collator1");
	t.ext.execute_with(|| {
		let id = campaign_with(specsdm91());
		Scalability::offchain_worker(1);
		let txs = std::mem::take(&mut t.pool.write().transactions);
		assert_eq!(txs.len(), 1, "one fit submitted");
		let xt = Extrinsic::decode(&mut &txs[0][..]).unwrap();
		let info = xt.function.get_dispatch_info();
		let len = txs[0].len();
		let checked = Checkable::check(xt, &frame_system::ChainContext::<Test>::default()).unwrap();
		checked
			.validate::<Test>(TransactionSource::Local, &info, len)
			.expect("the pool accepts it");
		checked.apply::<Test>(&info, len).expect("applies").expect("dispatches");

		let model = Models::<Test>::get(id).expect("accepted");
		assert_eq!(model.collator, t.collator);
		// The same numbers as the engine (and `stacktical fit`) on the same data, to 0.1 %.
		let points: Vec<usl::Point> =
			SPECSDM91.iter().map(|&(n, x)| usl::Point::new(f64::from(n), x)).collect();
		let fitted = usl::fit(&points).unwrap();
		let float = fitted.coefficients;
		let close = |a: FixedU128, b: f64| (a.to_float() - b).abs() <= 1e-3 * b.abs();
		assert!(close(model.coefficients.sigma, float.sigma));
		assert!(close(model.coefficients.kappa, float.kappa));
		assert!(close(model.coefficients.lambda, float.lambda));
		let peak = float.peak().unwrap();
		assert!(close(model.insights.peak_n.unwrap(), peak.n));
		assert!(close(model.insights.peak_tps.unwrap(), peak.throughput));
		assert_eq!(model.insights.peak_n_floor, Some(96));
		assert!(
			(model.insights.r_squared.to_float() - fitted.r_squared).abs() < 1e-6,
			"{:?}",
			model.insights
		);
		assert!(matches!(
			events().last(),
			Some(Event::ModelAccepted { campaign: 0, revision: 1, .. })
		));

		// The next run sees its model on-chain and submits nothing.
		Scalability::offchain_worker(2);
		assert!(t.pool.read().transactions.is_empty());
	});
}

#[test]
fn offchain_worker_without_a_collator_key_does_nothing() {
	let mut t = new_offchain_test("//Collator1");
	t.ext.execute_with(|| {
		CollatorKeys::set(vec![]);
		campaign_with(specsdm91());
		Scalability::offchain_worker(1);
		assert!(t.pool.read().transactions.is_empty());
	});
}

#[test]
fn offchain_worker_resubmits_only_after_a_pause() {
	let mut t = new_offchain_test("//Collator1");
	t.ext.execute_with(|| {
		campaign_with(specsdm91());
		Scalability::offchain_worker(1);
		Scalability::offchain_worker(2);
		assert_eq!(t.pool.read().transactions.len(), 1, "not included yet: no duplicate");
		Scalability::offchain_worker(1 + u64::from(offchain::RESUBMIT_AFTER));
		assert_eq!(t.pool.read().transactions.len(), 2, "dropped: submitted again");
	});
}

#[test]
fn offchain_worker_never_submits_a_model_the_runtime_refuses() {
	let mut t = new_offchain_test("//Collator1");
	t.ext.execute_with(|| {
		// Throughput that follows no scaling law: the best model explains little of it.
		let noise = [(1, 10.0), (2, 3.0), (3, 12.0), (4, 2.0), (5, 11.0), (6, 4.0), (7, 10.0)];
		let id = campaign_with(noise.iter().map(|&(n, x)| point(n, x)).collect());
		let (fit, _) = fit_measurements(&Measurements::<Test>::get(id)).expect("the engine fits");
		let (submission, _) = signed(&t.collator, id, fit);
		assert_eq!(Scalability::check_fit(&submission), Err(RejectReason::PoorFit));
		// Not now, and not later when a lost submission would be sent again.
		Scalability::offchain_worker(1);
		Scalability::offchain_worker(2 + u64::from(offchain::RESUBMIT_AFTER));
		assert!(t.pool.read().transactions.is_empty());
	});
}

#[test]
fn forged_fits_are_rejected_at_validation() {
	let mut t = new_offchain_test("//Collator1");
	t.ext.execute_with(|| {
		let id = campaign_with(specsdm91());
		let key = t.collator.clone();
		let (good, _) = fit_measurements(&Measurements::<Test>::get(id)).unwrap();
		let custom = |r: RejectReason| {
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(r.code())))
		};

		// Wrong residual sum of squares.
		let (mut forged, _) = signed(&key, id, good);
		forged.rss = forged.rss.saturating_mul(FixedU128::saturating_from_rational(1, 2));
		assert_eq!(authorize(&sign(&key, forged)), custom(RejectReason::RssMismatch));
		// σ above 1, κ above 1.
		let over = Coefficients { sigma: fx(1.01), ..good };
		assert_eq!(authorize(&signed(&key, id, over)), custom(RejectReason::OutOfBounds));
		let over = Coefficients { kappa: fx(1.5), ..good };
		assert_eq!(authorize(&signed(&key, id, over)), custom(RejectReason::OutOfBounds));
		// A poor model (λ a tenth of the truth).
		let poor = Coefficients { lambda: fx(9.0), ..good };
		assert_eq!(authorize(&signed(&key, id, poor)), custom(RejectReason::PoorFit));
		// A key that is not a collator's.
		let outsider = {
			use polkadot_sdk::sp_runtime::RuntimeAppPublic;
			CollatorId::generate_pair(Some(b"//Mallory".to_vec()))
		};
		assert_eq!(
			authorize(&signed(&outsider, id, good)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadSigner))
		);
		// A collator's key with another key's signature.
		let (submission, _) = signed(&key, id, good);
		let (_, stolen) = signed(&outsider, id, good);
		assert_eq!(
			authorize(&(submission, stolen)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadProof))
		);
		// A stale revision.
		let (mut stale, _) = signed(&key, id, good);
		stale.revision = 0;
		assert_eq!(
			authorize(&sign(&key, stale)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);

		// The genuine fit passes; replaying it after acceptance does not.
		let genuine = signed(&key, id, good);
		apply(genuine.clone());
		assert_eq!(
			authorize(&genuine),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);
		assert_eq!(Models::<Test>::get(id).unwrap().coefficients, good);
	});
}

#[test]
fn better_models_replace_worse_ones_within_the_window() {
	let mut t = new_offchain_test("//Collator1");
	t.ext.execute_with(|| {
		let id = campaign_with(specsdm91());
		let key = t.collator.clone();
		let (best, _) = fit_measurements(&Measurements::<Test>::get(id)).unwrap();
		// A mediocre (but acceptable) model first, e.g. from a lazy or malicious collator.
		let mediocre = Coefficients { lambda: best.lambda.saturating_mul(fx(0.97)), ..best };
		apply(signed(&key, id, mediocre));
		let closes = 1 + FIT_WINDOW;
		assert_eq!(OpenForFits::<Test>::get(id), Some(Some(closes)));
		// An honest off-chain worker sees a better fit and submits it.
		Scalability::offchain_worker(1);
		assert_eq!(t.pool.read().transactions.len(), 1);
		apply(signed(&key, id, best));
		assert_eq!(Models::<Test>::get(id).unwrap().coefficients, best);
		run_to(2);
		// The worse one is refused now, at validation and when applied.
		let worse = signed(&key, id, mediocre);
		assert_eq!(
			authorize(&worse),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);
		assert_ok!(Scalability::submit_fit(RawOrigin::Authorized.into(), worse.0, worse.1));
		assert!(matches!(
			events().last(),
			Some(Event::ModelRejected { reason: RejectReason::NotBetter, .. })
		));
		// The window closes: no more fits for this revision.
		run_to(closes);
		assert!(!OpenForFits::<Test>::contains_key(id));
		assert_eq!(
			authorize(&signed(&key, id, best)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);
	});
}

#[test]
fn new_measurements_discard_the_model_and_reopen_fitting() {
	let mut t = new_offchain_test("//Collator1");
	t.ext.execute_with(|| {
		let id = campaign_with(specsdm91());
		let (best, _) = fit_measurements(&Measurements::<Test>::get(id)).unwrap();
		apply(signed(&t.collator, id, best));
		assert_ok!(Scalability::submit_measurements(
			RuntimeOrigin::signed(ALICE),
			id,
			vec![point(250, 1650.0)]
		));
		assert!(Models::<Test>::get(id).is_none());
		assert_eq!(OpenForFits::<Test>::get(id), Some(None));
		Scalability::offchain_worker(1);
		assert_eq!(t.pool.read().transactions.len(), 1, "the new revision is fitted");
	});
}

#[test]
fn fits_per_block_are_capped() {
	let mut t = new_offchain_test("//Collator1");
	t.ext.execute_with(|| {
		let truth = Coefficients { sigma: fx(0.02), kappa: fx(0.0005), lambda: fx(100.0) };
		let ids: Vec<_> =
			(0..3).map(|_| campaign_with(exact_points(&truth, &[1, 2, 4, 8, 16, 32]))).collect();
		apply(signed(&t.collator, ids[0], truth));
		apply(signed(&t.collator, ids[1], truth));
		assert_eq!(
			authorize(&signed(&t.collator, ids[2], truth)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::ExhaustsResources))
		);
		run_to(2);
		apply(signed(&t.collator, ids[2], truth));
		// The off-chain worker submits at most the cap per run.
		let more: Vec<_> =
			(0..3).map(|_| campaign_with(exact_points(&truth, &[1, 2, 4, 8, 16, 32]))).collect();
		Scalability::offchain_worker(2);
		assert_eq!(t.pool.read().transactions.len(), 2, "{more:?}: two of three");
	});
}

// ---- regression tracking ------------------------------------------------------------------

fn release(network: &str, baseline: Option<CampaignId>, truth: &Coefficients) -> CampaignId {
	let id = NextCampaignId::<Test>::get();
	assert_ok!(Scalability::create_campaign(
		RuntimeOrigin::signed(ALICE),
		network.into(),
		format!("v{id}").into_bytes(),
		SweepKind::Validators,
		baseline,
	));
	assert_ok!(Scalability::submit_measurements(
		RuntimeOrigin::signed(ALICE),
		id,
		exact_points(truth, &[1, 4, 8, 16, 32, 64, 128, 200])
	));
	id
}

#[test]
fn regression_and_improvement_events_carry_sign_and_magnitude() {
	let mut t = new_offchain_test("//Collator1");
	t.ext.execute_with(|| {
		let v1 = Coefficients { sigma: fx(0.02), kappa: fx(0.0001), lambda: fx(100.0) };
		// v2: λ 20 % lower — same peak size, peak TPS −20 %, latency at peak +25 %.
		let v2 = Coefficients { lambda: fx(80.0), ..v1 };
		// v3: back to v1's λ — peak TPS +25 % relative to v2.
		let a = release("net", None, &v1);
		apply(signed(&t.collator, a, v1));
		let b = release("net", Some(a), &v2);
		apply(signed(&t.collator, b, v2));
		let Some(Event::ScalabilityRegressed { campaign, comparison }) = events().last().cloned()
		else {
			panic!("expected a regression, got {:?}", events().last())
		};
		assert_eq!((campaign, comparison.candidate, comparison.baseline), (b, b, a));
		assert!((comparison.peak_tps_change.unwrap().to_float() + 0.20).abs() < 1e-9);
		assert!((comparison.latency_at_peak_change.unwrap().to_float() - 0.25).abs() < 1e-9);
		assert_eq!(comparison.verdict, Verdict::Regressed);

		run_to(2);
		let c = release("net", Some(b), &v1);
		apply(signed(&t.collator, c, v1));
		let Some(Event::ScalabilityImproved { comparison, .. }) = events().last().cloned() else {
			panic!("expected an improvement, got {:?}", events().last())
		};
		assert!((comparison.peak_tps_change.unwrap().to_float() - 0.25).abs() < 1e-9);
		assert!((comparison.latency_at_peak_change.unwrap().to_float() + 0.20).abs() < 1e-9);

		// Within the threshold: unchanged.
		let v4 = Coefficients { lambda: fx(98.0), ..v1 };
		let d = release("net", Some(c), &v4);
		apply(signed(&t.collator, d, v4));
		assert!(matches!(events().last(), Some(Event::ScalabilityUnchanged { .. })));

		// The history lists the releases in order; comparisons are queryable.
		let history = NetworkHistory::<Test>::get(BoundedVec::truncate_from(b"net".to_vec()));
		assert_eq!(history.into_inner(), vec![a, b, c, d]);
		assert_eq!(Scalability::compare(b, a).unwrap().verdict, Verdict::Regressed);
		let p = Scalability::predict(a, FixedU128::saturating_from_integer(10u32)).unwrap();
		assert!((p.tps.to_float() - v1.to_engine().to_f64().throughput(10.0)).abs() < 1e-9);
		assert!(Scalability::predict(a, FixedU128::from_inner(0)).is_none());
	});
}

#[test]
fn campaign_ids_never_wrap() {
	new_test_ext().execute_with(|| {
		NextCampaignId::<Test>::put(CampaignId::MAX);
		assert_noop!(
			Scalability::create_campaign(
				RuntimeOrigin::signed(ALICE),
				b"net".to_vec(),
				b"v1".to_vec(),
				SweepKind::Senders,
				None
			),
			Error::<Test>::Overflow
		);
	});
}

#[test]
fn fits_of_unknown_or_unfit_campaigns_are_rejected() {
	let mut t = new_offchain_test("//Collator1");
	t.ext.execute_with(|| {
		let truth = Coefficients { sigma: fx(0.02), kappa: fx(0.0005), lambda: fx(100.0) };
		// No such campaign.
		let ghost = FitSubmission {
			campaign: 42,
			revision: 1,
			coefficients: truth,
			rss: fx(0.0),
			collator: t.collator.clone(),
		};
		assert_eq!(
			authorize(&sign(&t.collator, ghost)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(
				RejectReason::UnknownCampaign.code()
			)))
		);
		// Three points: below MinPoints, never opened for fits.
		let few = campaign_with(exact_points(&truth, &[1, 2, 4]));
		assert_eq!(
			authorize(&signed(&t.collator, few, truth)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);
		Scalability::offchain_worker(1);
		assert!(t.pool.read().transactions.is_empty(), "nothing to fit");
	});
}

#[test]
fn an_old_fit_window_does_not_close_a_new_revision() {
	let mut t = new_offchain_test("//Collator1");
	t.ext.execute_with(|| {
		let id = campaign_with(specsdm91());
		let (best, _) = fit_measurements(&Measurements::<Test>::get(id)).unwrap();
		apply(signed(&t.collator, id, best));
		let closes = 1 + FIT_WINDOW;
		run_to(2);
		assert_ok!(Scalability::submit_measurements(
			RuntimeOrigin::signed(ALICE),
			id,
			vec![point(250, 1650.0)]
		));
		run_to(closes);
		assert_eq!(OpenForFits::<Test>::get(id), Some(None), "the new revision still takes fits");
	});
}

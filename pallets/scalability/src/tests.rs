//! Unit tests: every call and error, the off-chain worker end to end through the transaction
//! pool, forged submissions, regression events.

use crate::{mock::*, offchain::fit_measurements, verify, *};
use codec::Decode;
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		dispatch::GetDispatchInfo,
		pallet_prelude::{InvalidTransaction, TransactionSource, TransactionValidityError},
		traits::{fungible::InspectHold, Authorize, ConstU32, Hooks},
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

/// A label (or any bytes) as a call takes it.
fn l(bytes: &[u8]) -> BoundedVec<u8, ConstU32<32>> {
	BoundedVec::truncate_from(bytes.to_vec())
}

/// A batch of measurements as `submit_measurements` takes it.
fn batch(points: Vec<Measurement>) -> BatchOf<Test> {
	BoundedVec::truncate_from(points)
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
		l(network.as_bytes()),
		l(b"v1.0.0"),
		SweepKind::Validators,
		None,
	));
	id
}

fn campaign_with(points: Vec<Measurement>) -> CampaignId {
	let id = create(ALICE, &format!("polkadot-local-{}", NextCampaignId::<Test>::get()));
	assert_ok!(Scalability::submit_measurements(RuntimeOrigin::signed(ALICE), id, batch(points)));
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
		assert_ok!(Scalability::add_network_delegate(
			RuntimeOrigin::signed(ALICE),
			l(b"polkadot-local-8"),
			BOB
		));
		assert_ok!(Scalability::create_campaign(
			RuntimeOrigin::signed(BOB),
			l(b"polkadot-local-8"),
			l(b"v1.1.0"),
			SweepKind::Validators,
			Some(first),
		));
		assert_eq!(Balances::balance_on_hold(&HoldReason::CampaignDeposit.into(), &ALICE), DEPOSIT);
		assert_eq!(Balances::balance_on_hold(&HoldReason::CampaignDeposit.into(), &BOB), DEPOSIT);
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::NetworkDeposit.into(), &ALICE),
			NETWORK_DEPOSIT,
			"the first campaign claimed the label"
		);
		assert_eq!(Balances::balance_on_hold(&HoldReason::NetworkDeposit.into(), &BOB), 0);
		assert_eq!(NetworkHistory::<Test>::get(l(b"polkadot-local-8")).into_inner(), vec![0, 1]);
		let second = Campaigns::<Test>::get(1).unwrap();
		assert_eq!(
			(second.owner, second.baseline, second.state, second.revision),
			(BOB, Some(0), CampaignState::Open, 0)
		);
		assert!(matches!(events()[0], Event::NetworkClaimed { owner: ALICE, .. }));
		assert!(matches!(events()[1], Event::CampaignCreated { campaign: 0, owner: ALICE, .. }));
	});
}

#[test]
fn create_campaign_errors() {
	new_test_ext().execute_with(|| {
		let signed = || RuntimeOrigin::signed(ALICE);
		let v = || l(b"v1");
		assert_noop!(
			Scalability::create_campaign(signed(), l(b"two words"), v(), SweepKind::Senders, None),
			Error::<Test>::InvalidLabel
		);
		assert_noop!(
			Scalability::create_campaign(signed(), l(b"net"), l(b""), SweepKind::Senders, None),
			Error::<Test>::InvalidLabel
		);
		assert_noop!(
			Scalability::create_campaign(signed(), l(b"net"), v(), SweepKind::Senders, Some(7)),
			Error::<Test>::UnknownBaseline
		);
		let base = create(ALICE, "net");
		assert_noop!(
			Scalability::create_campaign(signed(), l(b"net"), v(), SweepKind::Senders, Some(base)),
			Error::<Test>::BaselineKindMismatch
		);
		assert!(Scalability::create_campaign(
			RuntimeOrigin::signed(POOR),
			l(b"net"),
			v(),
			SweepKind::Senders,
			None
		)
		.is_err());
		for _ in 0..3 {
			create(ALICE, "net");
		}
		assert_noop!(
			Scalability::create_campaign(signed(), l(b"net"), v(), SweepKind::Validators, None),
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
			batch(vec![point(8, 80.0), point(2, 20.0)])
		));
		assert_ok!(Scalability::submit_measurements(
			RuntimeOrigin::signed(ALICE),
			id,
			batch(vec![point(4, 40.0)])
		));
		let sizes: Vec<u32> = Measurements::<Test>::get(id).iter().map(|m| m.n).collect();
		assert_eq!(sizes, vec![2, 4, 8]);
		assert_eq!(Campaigns::<Test>::get(id).unwrap().revision, 2);
		// Three points: below MinPoints, so not open for fits yet.
		assert!(!OpenForFits::<Test>::contains_key(id));
		assert_ok!(Scalability::submit_measurements(
			RuntimeOrigin::signed(ALICE),
			id,
			batch(vec![point(16, 150.0)])
		));
		assert_eq!(
			OpenForFits::<Test>::get(id),
			Some(FitPhase::AwaitingModel { deadline: 1 + FIT_DEADLINE })
		);
		assert_eq!(
			Scalability::fit_status(id),
			FitStatus::AwaitingModel { deadline: 1 + FIT_DEADLINE }
		);
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
			batch(vec![point(2, 20.0)])
		));
		let before = Measurements::<Test>::get(id);
		let submit = |who, points| {
			Scalability::submit_measurements(RuntimeOrigin::signed(who), id, batch(points))
		};
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
			Scalability::submit_measurements(RuntimeOrigin::signed(ALICE), 9, batch(vec![good])),
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
		assert!(!NetworkHistory::<Test>::contains_key(l(b"polkadot-local-0")));
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
		assert_eq!(OpenForFits::<Test>::get(id), Some(FitPhase::Improving { closes }));
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
		assert_noop!(
			Scalability::submit_fit(RawOrigin::Authorized.into(), worse.0, worse.1),
			Error::<Test>::FitRefused
		);
		// The window closes: no more fits for this revision.
		run_to(closes);
		assert!(!OpenForFits::<Test>::contains_key(id));
		assert_eq!(Scalability::fit_status(id), FitStatus::Final);
		assert!(matches!(events().last(), Some(Event::ModelFinal { campaign: 0, revision: 1 })));
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
			batch(vec![point(250, 1650.0)])
		));
		assert!(Models::<Test>::get(id).is_none());
		assert_eq!(
			OpenForFits::<Test>::get(id),
			Some(FitPhase::AwaitingModel { deadline: 1 + FIT_DEADLINE })
		);
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
		l(network.as_bytes()),
		l(format!("v{id}").as_bytes()),
		SweepKind::Validators,
		baseline,
	));
	assert_ok!(Scalability::submit_measurements(
		RuntimeOrigin::signed(ALICE),
		id,
		batch(exact_points(truth, &[1, 4, 8, 16, 32, 64, 128, 200]))
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
		let history = NetworkHistory::<Test>::get(l(b"net"));
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
				l(b"net"),
				l(b"v1"),
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
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(
				RejectReason::TooFewPoints.code()
			)))
		);
		assert_eq!(Scalability::fit_status(few), FitStatus::TooFewPoints);
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
			batch(vec![point(250, 1650.0)])
		));
		run_to(closes);
		assert_eq!(
			OpenForFits::<Test>::get(id),
			Some(FitPhase::AwaitingModel { deadline: 2 + FIT_DEADLINE }),
			"the new revision still takes fits"
		);
	});
}

// ---- fitting ends; fair scanning ------------------------------------------------------------

/// Throughput that follows no scaling law: the best model explains little of it (R² < 0.5).
fn noise() -> Vec<Measurement> {
	[(1, 10.0), (2, 3.0), (3, 12.0), (4, 2.0), (5, 11.0), (6, 4.0), (7, 10.0)]
		.iter()
		.map(|&(n, x)| point(n, x))
		.collect()
}

/// Applies every transaction in the pool as a block would, in order; returns how many
/// applied.
fn apply_pool(
	pool: &parking_lot::RwLock<polkadot_sdk::sp_core::offchain::testing::PoolState>,
) -> usize {
	let txs = std::mem::take(&mut pool.write().transactions);
	let mut applied = 0;
	for tx in txs {
		let xt = Extrinsic::decode(&mut &tx[..]).unwrap();
		let info = xt.function.get_dispatch_info();
		let checked = Checkable::check(xt, &frame_system::ChainContext::<Test>::default()).unwrap();
		if checked.apply::<Test>(&info, tx.len()).is_ok_and(|r| r.is_ok()) {
			applied += 1;
		}
	}
	applied
}

#[test]
fn unfittable_campaigns_do_not_stop_a_good_one_being_fitted() {
	let mut t = new_offchain_test("//Collator1");
	t.ext.execute_with(|| {
		// 20 campaigns the runtime refuses for good and one good one, which comes last in
		// the map's (hash) order: the old worker only ever looked at the first 8.
		let ids: Vec<CampaignId> = (0..21).collect();
		let good = *ids.iter().max_by_key(|id| OpenForFits::<Test>::hashed_key_for(**id)).unwrap();
		for id in &ids {
			let points = if *id == good { specsdm91() } else { noise() };
			assert_eq!(campaign_with(points), *id);
		}
		let mut block = 1;
		while Models::<Test>::get(good).is_none() && block < FIT_DEADLINE {
			Scalability::offchain_worker(block);
			apply_pool(&t.pool);
			block += 1;
			run_to(block);
		}
		assert!(Models::<Test>::get(good).is_some(), "the good campaign got its model");
		assert!(block <= 4, "reached within three runs of 8 campaigns each, took {}", block - 1);
		// At their deadline the refused ones stop being fitted, with an event each.
		run_to(1 + FIT_DEADLINE);
		assert_eq!(OpenForFits::<Test>::iter().count(), 0);
		assert_eq!(NoModel::<Test>::iter().count(), 20);
		let ended = events().iter().filter(|e| matches!(e, Event::NoModel { .. })).count();
		assert_eq!(ended, 20);
	});
}

#[test]
fn a_revision_without_a_model_by_its_deadline_stops_being_fitted() {
	let mut t = new_offchain_test("//Collator1");
	t.ext.execute_with(|| {
		let id = campaign_with(noise());
		Scalability::offchain_worker(1);
		assert!(t.pool.read().transactions.is_empty(), "the worker sends no refused model");
		run_to(FIT_DEADLINE);
		assert_eq!(
			Scalability::fit_status(id),
			FitStatus::AwaitingModel { deadline: 1 + FIT_DEADLINE }
		);
		run_to(1 + FIT_DEADLINE);
		assert_eq!(Scalability::fit_status(id), FitStatus::NoModel { since: 1 + FIT_DEADLINE });
		assert!(!Scalability::open_for_fits(id));
		assert!(matches!(events().last(), Some(Event::NoModel { campaign: 0, revision: 1 })));
		// A model that would pass every other check is refused now.
		let truth = Coefficients { sigma: fx(0.02), kappa: fx(0.0005), lambda: fx(100.0) };
		let (submission, _) = signed(&t.collator, id, truth);
		assert_eq!(Scalability::check_fit(&submission), Err(RejectReason::FittingEnded));
		// Only the owner may reopen it, and only once it ended.
		assert_noop!(
			Scalability::reopen_fitting(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotOwner
		);
		assert_ok!(Scalability::reopen_fitting(RuntimeOrigin::signed(ALICE), id));
		let deadline = 1 + 2 * FIT_DEADLINE;
		assert_eq!(Scalability::fit_status(id), FitStatus::AwaitingModel { deadline });
		assert!(matches!(
			events().last(),
			Some(Event::FittingReopened { campaign: 0, revision: 1 })
		));
		assert_noop!(
			Scalability::reopen_fitting(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::FittingNotEnded
		);
		// New measurements start a new revision, which is fitted again.
		run_to(deadline);
		assert!(NoModel::<Test>::contains_key(id));
		assert_ok!(Scalability::submit_measurements(
			RuntimeOrigin::signed(ALICE),
			id,
			batch(vec![point(8, 9.0)])
		));
		assert_eq!(
			Scalability::fit_status(id),
			FitStatus::AwaitingModel { deadline: deadline + FIT_DEADLINE }
		);
	});
}

#[test]
fn a_model_accepted_before_the_deadline_is_not_ended_by_it() {
	let mut t = new_offchain_test("//Collator1");
	t.ext.execute_with(|| {
		let id = campaign_with(specsdm91());
		let (best, _) = fit_measurements(&Measurements::<Test>::get(id)).unwrap();
		run_to(FIT_DEADLINE - 1);
		apply(signed(&t.collator, id, best));
		run_to(1 + FIT_DEADLINE);
		assert!(!NoModel::<Test>::contains_key(id));
		assert_eq!(
			Scalability::fit_status(id),
			FitStatus::Improving { closes: FIT_DEADLINE - 1 + FIT_WINDOW }
		);
		run_to(FIT_DEADLINE - 1 + FIT_WINDOW);
		assert_eq!(Scalability::fit_status(id), FitStatus::Final);
	});
}

#[test]
fn the_dry_run_says_what_the_collators_would_find() {
	let mut t = new_offchain_test("//Collator1");
	t.ext.execute_with(|| {
		assert_eq!(Scalability::check_campaign_fit(7), None, "unknown campaign");
		let few = campaign_with(vec![point(1, 10.0), point(2, 19.0)]);
		assert_eq!(Scalability::check_campaign_fit(few), Some(Err(RejectReason::TooFewPoints)));
		let bad = campaign_with(noise());
		assert_eq!(Scalability::check_campaign_fit(bad), Some(Err(RejectReason::PoorFit)));
		let good = campaign_with(specsdm91());
		let insights = Scalability::check_campaign_fit(good).unwrap().expect("acceptable");
		// The same model the off-chain worker then submits and the runtime accepts.
		Scalability::offchain_worker(1);
		assert_eq!(apply_pool(&t.pool), 1);
		assert_eq!(Models::<Test>::get(good).unwrap().insights, insights);
		assert_eq!(Scalability::check_campaign_fit(good), Some(Err(RejectReason::NotBetter)));
	});
}

#[test]
fn too_many_new_revisions_in_one_block_wait_for_the_next() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, "net");
		RevisionsInBlock::<Test>::put((1, MAX_REVISIONS_PER_BLOCK));
		let points = exact_points(
			&Coefficients { sigma: fx(0.02), kappa: fx(0.0005), lambda: fx(100.0) },
			&[1, 2, 4, 8],
		);
		assert_noop!(
			Scalability::submit_measurements(
				RuntimeOrigin::signed(ALICE),
				id,
				batch(points.clone())
			),
			Error::<Test>::TooManyRevisionsInBlock
		);
		run_to(2);
		assert_ok!(Scalability::submit_measurements(
			RuntimeOrigin::signed(ALICE),
			id,
			batch(points)
		));
		// A batch that leaves the campaign below MinPoints starts no fitting: not counted.
		let other = create(ALICE, "net2");
		RevisionsInBlock::<Test>::put((2, MAX_REVISIONS_PER_BLOCK));
		assert_ok!(Scalability::submit_measurements(
			RuntimeOrigin::signed(ALICE),
			other,
			batch(vec![point(1, 10.0)])
		));
	});
}

// ---- weights and the dispatch of fits -------------------------------------------------------

#[test]
fn a_fit_is_charged_for_the_campaigns_points_not_the_most() {
	let t = new_offchain_test("//Collator1");
	let mut ext = t.ext;
	ext.execute_with(|| {
		let id = campaign_with(specsdm91());
		let (best, _) = fit_measurements(&Measurements::<Test>::get(id)).unwrap();
		let fit = signed(&t.collator, id, best);
		let call = RuntimeCall::Scalability(Call::submit_fit {
			submission: fit.0.clone(),
			signature: fit.1.clone(),
		});
		let (_, refund) = call.authorize(TransactionSource::External).unwrap().unwrap();
		let points = SPECSDM91.len() as u32;
		assert_eq!(
			refund,
			<() as WeightInfo>::authorize_submit_fit(MAX_POINTS)
				- <() as WeightInfo>::authorize_submit_fit(points)
		);
		let post = Scalability::submit_fit(RawOrigin::Authorized.into(), fit.0, fit.1).unwrap();
		assert_eq!(post.actual_weight, Some(<() as WeightInfo>::submit_fit(points)));
		let most = <() as WeightInfo>::submit_fit(MAX_POINTS);
		assert!(post.actual_weight.unwrap().ref_time() < most.ref_time());
	});
}

#[test]
fn a_block_never_applies_a_fit_that_another_fit_in_it_beat() {
	let mut t = new_offchain_test("//Collator1");
	t.ext.execute_with(|| {
		use polkadot_sdk::{
			frame_system::offchain::CreateAuthorizedTransaction, sp_runtime::RuntimeAppPublic,
		};
		let other = CollatorId::generate_pair(Some(b"//Collator2".to_vec()));
		CollatorKeys::mutate(|keys| keys.push(other.clone()));
		let id = campaign_with(specsdm91());
		let (best, _) = fit_measurements(&Measurements::<Test>::get(id)).unwrap();
		let mediocre = Coefficients { lambda: best.lambda.saturating_mul(fx(0.97)), ..best };
		// Both valid when they enter the pool, before either is in a block.
		let best_fit = signed(&t.collator, id, best);
		let mediocre_fit = signed(&other, id, mediocre);
		assert!(authorize(&best_fit).is_ok() && authorize(&mediocre_fit).is_ok());
		let apply_fit = |(submission, signature): (FitSubmissionOf<Test>, SignatureOf<Test>)| {
			let call = RuntimeCall::Scalability(Call::submit_fit { submission, signature });
			let xt =
				<Test as CreateAuthorizedTransaction<RuntimeCall>>::create_authorized_transaction(
					call,
				);
			let info = xt.function.get_dispatch_info();
			let len = xt.encoded_size();
			let checked =
				Checkable::check(xt, &frame_system::ChainContext::<Test>::default()).unwrap();
			checked.apply::<Test>(&info, len)
		};
		assert!(apply_fit(best_fit).unwrap().is_ok());
		// The block applies the second after the first: it is invalid there, so the block
		// builder leaves it out, and it is never dispatched.
		assert_eq!(
			apply_fit(mediocre_fit.clone()),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);
		assert_eq!(Models::<Test>::get(id).unwrap().coefficients, best);
		// Dispatched without authorisation it is refused the same way, changing nothing.
		assert_noop!(
			Scalability::submit_fit(RawOrigin::Authorized.into(), mediocre_fit.0, mediocre_fit.1),
			Error::<Test>::FitRefused
		);
	});
}

// ---- network labels -------------------------------------------------------------------------

#[test]
fn a_network_takes_campaigns_from_its_owner_and_delegates_only() {
	new_test_ext().execute_with(|| {
		let net = || l(b"polkadot-local-8");
		let create_as = |who: AccountId| {
			Scalability::create_campaign(
				RuntimeOrigin::signed(who),
				net(),
				l(b"v2"),
				SweepKind::Validators,
				None,
			)
		};
		let first = create(ALICE, "polkadot-local-8");
		// A squatter cannot add to ALICE's history.
		assert_noop!(create_as(BOB), Error::<Test>::NotNetworkMember);
		// Only the owner manages delegates.
		assert_noop!(
			Scalability::add_network_delegate(RuntimeOrigin::signed(BOB), net(), BOB),
			Error::<Test>::NotNetworkOwner
		);
		assert_noop!(
			Scalability::add_network_delegate(RuntimeOrigin::signed(ALICE), l(b"other"), BOB),
			Error::<Test>::UnknownNetwork
		);
		assert_noop!(
			Scalability::add_network_delegate(RuntimeOrigin::signed(ALICE), net(), ALICE),
			Error::<Test>::AlreadyDelegate
		);
		assert_ok!(Scalability::add_network_delegate(RuntimeOrigin::signed(ALICE), net(), BOB));
		assert_noop!(
			Scalability::add_network_delegate(RuntimeOrigin::signed(ALICE), net(), BOB),
			Error::<Test>::AlreadyDelegate
		);
		assert_ok!(Scalability::add_network_delegate(RuntimeOrigin::signed(ALICE), net(), CAROL));
		assert_noop!(
			Scalability::add_network_delegate(RuntimeOrigin::signed(ALICE), net(), POOR),
			Error::<Test>::TooManyDelegates
		);
		assert_eq!(
			Scalability::network(net().into_inner()).map(|n| (n.owner, n.delegates)),
			Some((ALICE, vec![BOB, CAROL]))
		);
		// A delegate's campaign is its own (its deposit, its measurements).
		assert_ok!(create_as(BOB));
		let bobs = first + 1;
		assert_eq!(Campaigns::<Test>::get(bobs).unwrap().owner, BOB);
		assert_ok!(Scalability::remove_network_delegate(RuntimeOrigin::signed(ALICE), net(), BOB));
		assert!(matches!(
			events().last(),
			Some(Event::NetworkDelegateRemoved { delegate: BOB, .. })
		));
		assert_noop!(
			Scalability::remove_network_delegate(RuntimeOrigin::signed(ALICE), net(), BOB),
			Error::<Test>::NotDelegate
		);
		assert_noop!(create_as(BOB), Error::<Test>::NotNetworkMember);
		// The label's owner can clear a former delegate's campaign; the deposit goes back to
		// the delegate. Nobody else can.
		assert_noop!(
			Scalability::remove_campaign(RuntimeOrigin::signed(CAROL), bobs),
			Error::<Test>::NotOwner
		);
		let bob_free = Balances::free_balance(BOB);
		assert_ok!(Scalability::remove_campaign(RuntimeOrigin::signed(ALICE), bobs));
		assert_eq!(Balances::free_balance(BOB), bob_free + DEPOSIT);
		// A label in use cannot be released; an empty one can, and is then free to claim.
		assert_noop!(
			Scalability::release_network(RuntimeOrigin::signed(ALICE), net()),
			Error::<Test>::NetworkInUse
		);
		assert_ok!(Scalability::remove_campaign(RuntimeOrigin::signed(ALICE), first));
		assert_noop!(
			Scalability::release_network(RuntimeOrigin::signed(BOB), net()),
			Error::<Test>::NotNetworkOwner
		);
		let alice_free = Balances::free_balance(ALICE);
		assert_ok!(Scalability::release_network(RuntimeOrigin::signed(ALICE), net()));
		assert_eq!(Balances::free_balance(ALICE), alice_free + NETWORK_DEPOSIT);
		assert!(matches!(events().last(), Some(Event::NetworkReleased { .. })));
		assert_ok!(create_as(BOB));
		assert_eq!(Scalability::network(net().into_inner()).map(|n| n.owner), Some(BOB));
	});
}

#[test]
fn a_claim_the_creator_cannot_pay_for_changes_nothing() {
	new_test_ext().execute_with(|| {
		assert!(Scalability::create_campaign(
			RuntimeOrigin::signed(POOR),
			l(b"net"),
			l(b"v1"),
			SweepKind::Senders,
			None
		)
		.is_err());
		assert!(Networks::<Test>::iter().next().is_none());
		assert!(NetworkHistory::<Test>::iter().next().is_none());
	});
}

// ---- bounded call arguments -----------------------------------------------------------------

#[test]
fn oversized_labels_and_batches_do_not_even_decode() {
	use codec::Encode;
	new_test_ext().execute_with(|| {
		// A call carries its arguments' encodings; a vector longer than its bound is refused
		// when the extrinsic is decoded, before anything runs.
		let long_label = vec![b'a'; 33];
		let mut create = vec![2u8, 0]; // pallet index, call index
		create.extend(long_label.encode());
		create.extend(b"v1".to_vec().encode());
		create.extend(SweepKind::Senders.encode());
		create.extend(None::<CampaignId>.encode());
		assert!(RuntimeCall::decode(&mut &create[..]).is_err());
		let mut fits = create.clone();
		fits.splice(2..2 + long_label.encode().len(), vec![b'a'; 32].encode());
		assert!(RuntimeCall::decode(&mut &fits[..]).is_ok(), "the longest label decodes");

		let points: Vec<Measurement> = (1..=MAX_POINTS + 1).map(|n| point(n, 10.0)).collect();
		let mut submit = vec![2u8, 1];
		submit.extend(0u32.encode());
		submit.extend(points.encode());
		assert!(RuntimeCall::decode(&mut &submit[..]).is_err());
		let mut fits = vec![2u8, 1];
		fits.extend(0u32.encode());
		fits.extend(points[..MAX_POINTS as usize].to_vec().encode());
		assert!(RuntimeCall::decode(&mut &fits[..]).is_ok());
	});
}

// ---- interface facts -------------------------------------------------------------------------

#[test]
fn rejection_codes_are_the_documented_ones() {
	let doc = std::env::var("CARGO_MANIFEST_DIR").map(|dir| {
		std::fs::read_to_string(format!("{dir}/../../docs/scalability-pallet.md"))
			.expect("docs/scalability-pallet.md")
	});
	let doc = doc.expect("cargo sets CARGO_MANIFEST_DIR");
	let all = RejectReason::ALL;
	let codes: Vec<u8> = all.iter().map(|r| r.code()).collect();
	assert_eq!(codes, (1..=10).collect::<Vec<u8>>(), "distinct, in order, from 1");
	for reason in all {
		let row = format!("| {} | `{reason:?}` |", reason.code());
		assert!(doc.contains(&row), "docs/scalability-pallet.md lacks the row `{row}`");
	}
}

// ---- storage migration -----------------------------------------------------------------------

#[test]
fn migration_to_v1_keeps_every_open_campaign_and_gives_labels_owners() {
	use polkadot_sdk::frame_support::traits::{
		fungible::MutateHold, tokens::Precision, GetStorageVersion, OnRuntimeUpgrade,
		StorageVersion,
	};
	let mut t = new_offchain_test("//Collator1");
	t.ext.execute_with(|| {
		let awaiting = campaign_with(specsdm91());
		let improving = campaign_with(specsdm91());
		let (best, _) = fit_measurements(&Measurements::<Test>::get(improving)).unwrap();
		apply(signed(&t.collator, improving, best));
		let closes = 1 + FIT_WINDOW;
		// Version 0 as it was stored: no label owners, no deadlines, optional windows.
		for label in Networks::<Test>::iter_keys().collect::<Vec<_>>() {
			Networks::<Test>::remove(label);
		}
		assert_ok!(Balances::release(
			&HoldReason::NetworkDeposit.into(),
			&ALICE,
			2 * NETWORK_DEPOSIT,
			Precision::Exact
		));
		let _ = FitDeadlines::<Test>::clear(u32::MAX, None);
		let _ = OpenForFits::<Test>::clear(u32::MAX, None);
		migrations::v1::OpenForFits::<Test>::insert(awaiting, None::<u64>);
		migrations::v1::OpenForFits::<Test>::insert(improving, Some(closes));
		StorageVersion::new(0).put::<Scalability>();

		run_to(2);
		migrations::v1::MigrateToV1::<Test>::on_runtime_upgrade();

		assert_eq!(Scalability::on_chain_storage_version(), StorageVersion::new(1));
		assert_eq!(
			OpenForFits::<Test>::get(awaiting),
			Some(FitPhase::AwaitingModel { deadline: 2 + FIT_DEADLINE })
		);
		assert_eq!(OpenForFits::<Test>::get(improving), Some(FitPhase::Improving { closes }));
		for id in [awaiting, improving] {
			let network = Campaigns::<Test>::get(id).unwrap().network;
			let owner = Networks::<Test>::get(network).map(|n| (n.owner, n.deposit));
			assert_eq!(owner, Some((ALICE, 0)), "the first campaign's creator owns the label");
		}
		// Running it again does nothing (the version is 1 now).
		let before = OpenForFits::<Test>::iter().collect::<Vec<_>>();
		migrations::v1::MigrateToV1::<Test>::on_runtime_upgrade();
		assert_eq!(OpenForFits::<Test>::iter().collect::<Vec<_>>(), before);
	});
}

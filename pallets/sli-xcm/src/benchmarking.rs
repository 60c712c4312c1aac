//! Benchmarks: a request answered at its worst (the most validators, a paid answer, whose
//! message is the longest). The source's own cost is weighed apart ([`SliSource::weight`]).
//!
//! [`SliSource::weight`]: crate::SliSource::weight

use super::*;
use polkadot_sdk::{frame_benchmarking::v2::*, frame_support::traits::Get};

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn request() {
		let query = VersionedQuery::V1(T::BenchmarkHelper::worst_case_query());
		let origin = T::BenchmarkHelper::origin();
		let fee: Asset = (Location::parent(), 1_000_000_000u128).into();
		let callback = Callback {
			pallet_index: 99,
			call_index: 0,
			max_weight: T::MaxCallbackWeight::get(),
			fee: Some(fee.into()),
		};
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 7, Box::new(query), Box::new(callback));
		assert_eq!(AnswersInBlock::<T>::get().1, 1, "the request was answered");
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}

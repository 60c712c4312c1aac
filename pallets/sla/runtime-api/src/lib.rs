//! Runtime API of the SLA contracts (`pallet-sla`) and their money (`pallet-compensation`).
//!
//! The node's `sla_*` JSON-RPC methods call it; any client can call it through `state_call`
//! (`SlaApi_sla`, …) and decode the answers with these types. Uptime and credits are in ppm,
//! latency in µs, times in Unix ms.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use pallet_compensation::{Backing, Cover, Market, PeriodMoney, Settlements};
use pallet_sla::{Cadence, Clause, Gate, PeriodIndex, PeriodRecord, SlaId, SlaState, Tier};
use scale_info::TypeInfo;

/// An SLA: its terms, state and market.
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct SlaDetails<AccountId, Balance> {
	/// Its identifier.
	pub id: SlaId,
	/// Who offered it.
	pub provider: AccountId,
	/// The validators (stashes) whose pooled SLIs it promises.
	pub members: Vec<AccountId>,
	/// Its objectives and their credit rules.
	pub clauses: Vec<Clause<Vec<Tier>>>,
	/// Period length as offered.
	pub cadence: Cadence,
	/// Start of period 0 (Unix ms).
	pub start_ms: u64,
	/// Length of a period (ms).
	pub period_ms: u64,
	/// Periods in its terms.
	pub periods: u32,
	/// Its last period (earlier after a notice).
	pub last_period: PeriodIndex,
	/// Evidence a period needs.
	pub gate: Gate,
	/// Maintenance allowance per member and period (ms).
	pub maintenance_ms: u64,
	/// Notice in periods.
	pub notice_periods: u32,
	/// Where it is in its life.
	pub state: SlaState,
	/// The next period to settle.
	pub next_settle: PeriodIndex,
	/// The next period to make final.
	pub next_final: PeriodIndex,
	/// Its market, once the provider opened it.
	pub market: Option<Market<AccountId, Balance>>,
}

/// A settled period: its range, verdict, evidence and the money it moved once final.
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct PeriodDetails<AccountId, Balance> {
	/// The period.
	pub period: PeriodIndex,
	/// Its start (Unix ms).
	pub from_ms: u64,
	/// Its end (Unix ms, exclusive).
	pub to_ms: u64,
	/// Verdict, SLIs and evidence.
	pub record: PeriodRecord<AccountId, Balance>,
	/// The money moved, once final.
	pub money: Option<PeriodMoney<Balance>>,
}

/// An account's positions on one SLA and what it can claim.
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo, Default)]
pub struct PositionDetails<Balance> {
	/// Its cover, if it holds one.
	pub cover: Option<Cover<Balance>>,
	/// Compensation and refunds it can claim now.
	pub claimable_cover: Balance,
	/// Its backing, if it backs the SLA.
	pub backing: Option<Backing>,
	/// What its backing shares are worth now.
	pub backing_value: Balance,
	/// Premiums it can claim now as a backer.
	pub claimable_rewards: Balance,
}

/// Why a query has no answer.
#[derive(Clone, Copy, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub enum SlaQueryError {
	/// No such SLA.
	UnknownSla,
}

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// SLA contracts and their compensation.
	pub trait SlaApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// An SLA with its terms, state and market.
		fn sla(id: SlaId) -> Result<SlaDetails<AccountId, Balance>, SlaQueryError>;
		/// Up to `count` settled periods from `from` on.
		fn periods(id: SlaId, from: PeriodIndex, count: u32) -> Result<Vec<PeriodDetails<AccountId, Balance>>, SlaQueryError>;
		/// The SLAs (not ended) a validator is a member of.
		fn offers_of(stash: AccountId) -> Vec<SlaId>;
		/// An account's positions on an SLA.
		fn position(id: SlaId, who: AccountId) -> Result<PositionDetails<Balance>, SlaQueryError>;
	}
}

/// Most periods one `periods` call returns.
pub const MAX_PERIODS_PER_QUERY: u32 = 400;

/// The runtime's implementation of the queries, for a runtime with both pallets on one
/// currency.
pub mod query {
	use super::*;
	use pallet_compensation::BalanceOf;

	/// [`SlaApi::sla`].
	pub fn sla<T>(id: SlaId) -> Result<SlaDetails<T::AccountId, BalanceOf<T>>, SlaQueryError>
	where
		T: pallet_sla::Config + pallet_compensation::Config,
	{
		let sla = pallet_sla::Pallet::<T>::sla(id).ok_or(SlaQueryError::UnknownSla)?;
		Ok(SlaDetails {
			id,
			last_period: sla.last_period(),
			provider: sla.provider,
			members: sla.members.into_inner(),
			clauses: sla
				.terms
				.clauses
				.into_iter()
				.map(|c| Clause {
					objective: c.objective,
					credit: match c.credit {
						pallet_sla::CreditRule::Deviation { cap_ppm } => {
							pallet_sla::CreditRule::Deviation { cap_ppm }
						},
						pallet_sla::CreditRule::Tiers(t) => {
							pallet_sla::CreditRule::Tiers(t.into_inner())
						},
					},
				})
				.collect(),
			cadence: sla.terms.cadence,
			start_ms: sla.start_ms,
			period_ms: sla.period_ms,
			periods: sla.terms.periods,
			gate: sla.terms.gate,
			maintenance_ms: sla.terms.maintenance_ms,
			notice_periods: sla.terms.notice_periods,
			state: sla.state,
			next_settle: sla.next_settle,
			next_final: sla.next_final,
			market: pallet_compensation::Markets::<T>::get(id),
		})
	}

	/// Periods as [`SlaApi::periods`] returns them.
	pub type PeriodsOf<T> = Vec<
		PeriodDetails<
			<T as polkadot_sdk::frame_system::Config>::AccountId,
			pallet_sla::BalanceOf<T>,
		>,
	>;

	/// [`SlaApi::periods`].
	pub fn periods<T>(
		id: SlaId,
		from: PeriodIndex,
		count: u32,
	) -> Result<PeriodsOf<T>, SlaQueryError>
	where
		T: pallet_sla::Config + pallet_compensation::Config,
		pallet_sla::BalanceOf<T>: From<BalanceOf<T>>,
	{
		let sla = pallet_sla::Pallet::<T>::sla(id).ok_or(SlaQueryError::UnknownSla)?;
		Ok(pallet_sla::Pallet::<T>::periods(id, from, count.min(MAX_PERIODS_PER_QUERY))
			.into_iter()
			.map(|(period, record)| {
				let (from_ms, to_ms) = sla.period_range(period);
				let money = Settlements::<T>::get(id, period).map(|m| PeriodMoney {
					cover: m.cover.into(),
					premium: m.premium.into(),
					from_bond: m.from_bond.into(),
					from_backing: m.from_backing.into(),
					to_provider: m.to_provider.into(),
					to_backers: m.to_backers.into(),
					refunded: m.refunded.into(),
				});
				PeriodDetails { period, from_ms, to_ms, record, money }
			})
			.collect())
	}

	/// [`SlaApi::position`].
	pub fn position<T>(
		id: SlaId,
		who: &T::AccountId,
	) -> Result<PositionDetails<BalanceOf<T>>, SlaQueryError>
	where
		T: pallet_sla::Config + pallet_compensation::Config,
	{
		if pallet_sla::Pallet::<T>::sla(id).is_none() {
			return Err(SlaQueryError::UnknownSla);
		}
		let backing = pallet_compensation::Backers::<T>::get(id, who);
		let backing_value = match (&backing, pallet_compensation::Markets::<T>::get(id)) {
			(Some(b), Some(m)) => pallet_compensation::Pallet::<T>::shares_value(&m, b.shares),
			_ => Default::default(),
		};
		Ok(PositionDetails {
			cover: pallet_compensation::Covers::<T>::get(id, who),
			claimable_cover: pallet_compensation::Pallet::<T>::claimable_cover(id, who),
			backing,
			backing_value,
			claimable_rewards: pallet_compensation::Pallet::<T>::claimable_rewards(id, who),
		})
	}
}

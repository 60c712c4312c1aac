//! Types stored on-chain.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

pub use pallet_sla::{PeriodIndex, SlaId};

/// The money terms of an SLA, fixed when its market opens (so a premium is known before
/// anyone buys).
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct MarketTerms {
	/// Premium per period, in ppm of the cover amount.
	pub premium_ppm: u32,
	/// Cover outstanding may be at most the collateral times this (DSLA's leverage).
	pub leverage: u32,
	/// A breached period pays at most this share of the collateral, in ppm.
	pub period_cap_ppm: u32,
}

/// An SLA's market: collateral, cover outstanding and the per-unit counters.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Market<AccountId, Balance> {
	/// The SLA's provider, whose bond is held.
	pub provider: AccountId,
	/// Premium, leverage and period cap.
	pub terms: MarketTerms,
	/// The provider's bond, held on its account: the first loss.
	pub bond: Balance,
	/// Part of the bond asked back, released once `unlock_at` periods are final.
	pub bond_unbonding: Balance,
	/// Periods before this one must be final before the unbonding part is released.
	pub bond_unlock_at: PeriodIndex,
	/// What the backers' pool is worth, in the pot.
	pub backing: Balance,
	/// Shares of the backers' pool.
	pub shares: u128,
	/// Shares asked back, still taking losses until released.
	pub shares_unbonding: u128,
	/// Premium earned per share, cumulative (scaled by `sla_math::money::SCALE`).
	pub reward_counter: u128,
	/// Paid per unit of cover, cumulative over final periods (scaled).
	pub cover_counter: u128,
	/// Void or breached periods whose premium was refunded, cumulative.
	pub refunded: u32,
	/// Cover of every position not yet ended: what the collateral must support.
	pub outstanding: Balance,
	/// Cover active in the next period to be made final.
	pub active_cover: Balance,
	/// Premiums of the positions active in the next period to be made final.
	pub active_premium: Balance,
	/// Premiums paid for periods not final yet, in the pot.
	pub premiums_held: Balance,
	/// Compensation and refunds owed to cover holders, in the pot.
	pub owed_to_holders: Balance,
	/// Premiums owed to backers, in the pot.
	pub owed_to_backers: Balance,
	/// Periods before this one moved their money.
	pub finalised: PeriodIndex,
	/// Compensation paid into the counters so far (for the books).
	pub compensation_paid: Balance,
	/// Open cover positions and backer positions.
	pub positions: u32,
	/// The SLA was cancelled before its first period: everything is returned.
	pub cancelled: bool,
}

/// A cover position: `amount` of cover over periods `[from, to)`.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Cover<Balance> {
	/// Cover amount: a breached period's credit is a share of it.
	pub amount: Balance,
	/// Premium paid per period.
	pub premium: Balance,
	/// First period covered.
	pub from: PeriodIndex,
	/// First period not covered.
	pub to: PeriodIndex,
	/// Paid out so far.
	pub claimed: Balance,
}

/// A backer's position in an SLA's pool.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Backing {
	/// Shares held (the unbonding ones included).
	pub shares: u128,
	/// The reward counter when its rewards were last taken.
	pub reward_debt: u128,
	/// Shares asked back.
	pub unbonding: u128,
	/// Periods before this one must be final before they are released.
	pub unlock_at: PeriodIndex,
}

/// How the cover changes when a period is made final: positions that start in it, and
/// positions whose last period it is.
#[derive(
	Clone,
	Copy,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct CoverChange<Balance> {
	/// Cover starting.
	pub start_cover: Balance,
	/// Premiums of the positions starting.
	pub start_premium: Balance,
	/// Cover whose last period it is.
	pub end_cover: Balance,
	/// Premiums of the positions whose last period it is.
	pub end_premium: Balance,
}

/// The counters when a period starts (after every earlier period is final).
#[derive(
	Clone,
	Copy,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Checkpoint {
	/// Paid per unit of cover (scaled).
	pub cover_counter: u128,
	/// Periods refunded.
	pub refunded: u32,
}

/// The money a final period moved.
#[derive(
	Clone,
	Copy,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct PeriodMoney<Balance> {
	/// Cover active in the period.
	pub cover: Balance,
	/// Its holders' premiums for the period.
	pub premium: Balance,
	/// Compensation taken from the provider's bond.
	pub from_bond: Balance,
	/// Compensation taken from the backing.
	pub from_backing: Balance,
	/// Premium paid to the provider.
	pub to_provider: Balance,
	/// Premium paid to the backers.
	pub to_backers: Balance,
	/// Premium refunded to the holders.
	pub refunded: Balance,
}

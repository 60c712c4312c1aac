//! Money: premiums, the compensation of a period and its split, per-unit counters.
//!
//! Balances are `u128`. Every payout to many accounts goes through a per-unit counter scaled
//! by [`SCALE`]: a period adds `amount·SCALE/units` to the counter once, and each account later
//! takes `its_units·(counter_now − counter_then)/SCALE`, rounded down. The sum of what accounts
//! take therefore never exceeds what was paid in; the remainder (dust) stays in the pot.

use crate::PPM;

/// Fixed-point scale of per-unit counters.
pub const SCALE: u128 = 1_000_000_000_000_000_000;

/// `a·b/c` rounded down, through a 256-bit product; 0 when `c = 0`, `u128::MAX` when the
/// quotient does not fit.
pub fn mul_div(a: u128, b: u128, c: u128) -> u128 {
	if c == 0 {
		return 0;
	}
	let (hi, lo) = mul_wide(a, b);
	if hi == 0 {
		return lo / c;
	}
	if hi >= c {
		return u128::MAX;
	}
	div_wide(hi, lo, c).0
}

/// `a·b mod c` (0 when `c = 0`).
pub fn mul_mod(a: u128, b: u128, c: u128) -> u128 {
	if c == 0 {
		return 0;
	}
	let (hi, lo) = mul_wide(a, b);
	if hi == 0 {
		return lo % c;
	}
	div_wide(hi % c, lo, c).1
}

/// The 256-bit product `a·b` as `(high, low)` halves.
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
	const MASK: u128 = u64::MAX as u128;
	let (a_hi, a_lo) = (a >> 64, a & MASK);
	let (b_hi, b_lo) = (b >> 64, b & MASK);
	let lo_lo = a_lo * b_lo;
	let hi_lo = a_hi * b_lo;
	let lo_hi = a_lo * b_hi;
	let hi_hi = a_hi * b_hi;
	let cross = (lo_lo >> 64) + (hi_lo & MASK) + (lo_hi & MASK);
	let lo = (cross << 64) | (lo_lo & MASK);
	let hi = hi_hi + (hi_lo >> 64) + (lo_hi >> 64) + (cross >> 64);
	(hi, lo)
}

/// `(hi·2¹²⁸ + lo) / c` and its remainder, for `hi < c` (so the quotient fits).
fn div_wide(hi: u128, lo: u128, c: u128) -> (u128, u128) {
	let (mut rem, mut quotient) = (hi, 0u128);
	for bit in (0..128).rev() {
		// rem < c, so 2·rem + 1 < 2c: it either fits or overflows by one bit.
		let carry = rem >> 127;
		rem = (rem << 1) | ((lo >> bit) & 1);
		quotient <<= 1;
		if carry == 1 || rem >= c {
			rem = rem.wrapping_sub(c);
			quotient |= 1;
		}
	}
	(quotient, rem)
}

/// `amount·ppm/10⁶`, rounded down.
pub fn ppm_of(amount: u128, ppm: u32) -> u128 {
	mul_div(amount, u128::from(ppm), u128::from(PPM))
}

/// The premium of one period of cover for `amount` at `premium_ppm`, rounded down: what the
/// holder pays per period and what a void period refunds.
pub fn premium_per_period(amount: u128, premium_ppm: u32) -> u128 {
	ppm_of(amount, premium_ppm)
}

/// Most cover a collateral supports: `collateral·leverage`.
pub fn cover_capacity(collateral: u128, leverage: u32) -> u128 {
	collateral.saturating_mul(u128::from(leverage))
}

/// The compensation of a breached period: `credit·cover`, at most `cap_ppm` of the
/// collateral and never more than the collateral.
pub fn compensation(cover: u128, credit_ppm: u32, collateral: u128, cap_ppm: u32) -> u128 {
	ppm_of(cover, credit_ppm).min(ppm_of(collateral, cap_ppm)).min(collateral)
}

/// Splits a loss between the provider's bond (first) and the backing: `(from_bond,
/// from_backing)`, never more than each holds.
pub fn first_loss(loss: u128, bond: u128, backing: u128) -> (u128, u128) {
	let from_bond = loss.min(bond);
	(from_bond, loss.saturating_sub(from_bond).min(backing))
}

/// Splits an income between the bond and the backing pro rata to what each puts up:
/// `(to_bond, to_backing)`, the rounding remainder to the bond.
pub fn pro_rata(income: u128, bond: u128, backing: u128) -> (u128, u128) {
	let to_backing = mul_div(income, backing, bond.saturating_add(backing));
	(income.saturating_sub(to_backing), to_backing)
}

/// The counter increment that pays `amount` over `units`: `amount·SCALE/units` rounded down
/// (0 without units).
pub fn per_unit(amount: u128, units: u128) -> u128 {
	mul_div(amount, SCALE, units)
}

/// What `units` earned between two counter readings, rounded down.
pub fn earned(units: u128, from: u128, to: u128) -> u128 {
	mul_div(units, to.saturating_sub(from), SCALE)
}

/// Shares minted for `amount` put into a pool worth `value` with `shares` outstanding: 1:1 for
/// an empty pool; `None` when the pool's shares are worth nothing (a wiped pool takes no
/// new money, which would go to the old shares).
pub fn shares_for(amount: u128, value: u128, shares: u128) -> Option<u128> {
	match (value, shares) {
		(_, 0) => Some(amount),
		(0, _) => None,
		_ => Some(mul_div(amount, shares, value)),
	}
}

/// What `shares` of a pool worth `value` with `total` shares are worth, rounded down.
pub fn value_of(shares: u128, value: u128, total: u128) -> u128 {
	mul_div(shares, value, total)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn mul_div_is_exact_beyond_128_bits() {
		assert_eq!(mul_div(u128::MAX, u128::MAX, u128::MAX), u128::MAX);
		assert_eq!(mul_div(u128::MAX, 3, 4), u128::MAX / 4 * 3 + 2);
		assert_eq!(mul_div(1 << 100, 1 << 100, 1 << 90), 1 << 110);
		assert_eq!(mul_div(u128::MAX, 2, 1), u128::MAX);
		assert_eq!(mul_div(5, 5, 0), 0);
		assert_eq!(mul_mod(1 << 100, 1 << 100, 3), ((1u128 << 100) % 3));
	}

	#[test]
	fn compensation_is_capped_by_the_period_cap_and_the_collateral() {
		assert_eq!(compensation(1_000, 100_000, 10_000, PPM), 100);
		assert_eq!(compensation(1_000_000, PPM, 10_000, 250_000), 2_500);
		assert_eq!(compensation(1_000_000, PPM, 10_000, PPM), 10_000);
	}

	#[test]
	fn the_bond_takes_the_first_loss() {
		assert_eq!(first_loss(30, 100, 50), (30, 0));
		assert_eq!(first_loss(130, 100, 50), (100, 30));
		assert_eq!(first_loss(500, 100, 50), (100, 50));
	}

	#[test]
	fn a_wiped_pool_takes_no_new_money() {
		assert_eq!(shares_for(10, 0, 0), Some(10));
		assert_eq!(shares_for(10, 0, 5), None);
		assert_eq!(shares_for(10, 20, 5), Some(2));
	}
}

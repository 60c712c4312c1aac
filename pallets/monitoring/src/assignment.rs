//! Which probers probe which target in a period.
//!
//! Each period has a seed ([`PeriodSeeds`](crate::PeriodSeeds)), fixed in the period's first
//! block from the relay chain's BABE randomness of one epoch ago, which no collator
//! controls. The seed shuffles the sorted prober list into a [`Assignment`]: target `t` is
//! probed by the `per_target` probers at shuffled positions `t mod P, t mod P + 1, …`
//! (wrapping). So every target has `min(per_target, P)` distinct probers and every prober a
//! balanced share, and where a key sorts no longer decides what it judges: colluding
//! collators that grind keys to sort next to each other, or to a chosen place, still land at
//! random positions each period, learnt only when the period starts.
//!
//! Pure functions: the shuffle is Fisher–Yates driven by BLAKE2b-256 of the seed and a
//! counter.

use alloc::vec::Vec;
use polkadot_sdk::sp_io::hashing::blake2_256;

/// A period's seed.
pub type Seed = [u8; 32];

/// Domain separator of period seeds.
pub const SEED_CONTEXT: &[u8] = b"stacktical/monitoring/assignment";

/// The seed of `period` from the relay chain's randomness, or, on a chain that has none (a
/// relay runtime without it), from the period alone (public in advance: documented as the
/// weaker case).
pub fn seed(randomness: Option<&[u8; 32]>, period: u32) -> Seed {
	let mut input = Vec::with_capacity(SEED_CONTEXT.len() + 36);
	input.extend_from_slice(SEED_CONTEXT);
	input.extend_from_slice(randomness.unwrap_or(&[0; 32]));
	input.extend_from_slice(&period.to_le_bytes());
	blake2_256(&input)
}

/// The probers' shuffled positions for one period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
	/// `position[i]`: where the prober at sorted index `i` stands.
	position: Vec<u32>,
	per_target: u32,
}

impl Assignment {
	/// Shuffles `count` probers with `seed`; each target gets `per_target` of them (all, if
	/// fewer).
	pub fn new(seed: &Seed, count: u32, per_target: u32) -> Self {
		let mut order: Vec<u32> = (0..count).collect();
		let mut block = [0u8; 32];
		for i in (1..order.len()).rev() {
			// Fresh bytes for every draw: BLAKE2b-256 of the seed and the draw's index.
			let mut input = [0u8; 36];
			input[..32].copy_from_slice(seed);
			input[32..].copy_from_slice(&(i as u32).to_le_bytes());
			block.copy_from_slice(&blake2_256(&input));
			let mut word = [0u8; 8];
			word.copy_from_slice(&block[..8]);
			// u64 modulo at most `MaxProbers`: a bias below 2⁻⁵⁰.
			let j = (u64::from_le_bytes(word) % (i as u64 + 1)) as usize;
			order.swap(i, j);
		}
		// `order[p]` is the prober at position `p`; invert it.
		let mut position = alloc::vec![0u32; order.len()];
		for (p, prober) in order.iter().enumerate() {
			if let Some(slot) = position.get_mut(*prober as usize) {
				*slot = p as u32;
			}
		}
		Assignment { position, per_target: per_target.min(count) }
	}

	/// How many probers there are.
	pub fn count(&self) -> u32 {
		self.position.len() as u32
	}

	/// Whether the prober at sorted index `index` probes `target`.
	pub fn is_assigned(&self, target: u32, index: u32) -> bool {
		let count = self.count();
		let Some(position) = self.position.get(index as usize) else { return false };
		let first = target % count;
		let offset = (position + count - first) % count;
		offset < self.per_target
	}

	/// The sorted indices of the probers of `target`.
	pub fn probers_of(&self, target: u32) -> impl Iterator<Item = u32> + '_ {
		(0..self.count()).filter(move |index| self.is_assigned(target, *index))
	}

	/// The prober that passes on `target`'s signed record in `period`: its probers take
	/// turns, so that a new record is passed on (and verified) once, and one that withholds
	/// it is followed by another the next period.
	pub fn record_carrier(&self, target: u32, period: u32) -> Option<u32> {
		let probers: Vec<u32> = self.probers_of(target).collect();
		let turn = (period as usize).checked_rem(probers.len())?;
		probers.get(turn).copied()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_targets_probers_take_turns_carrying_its_record() {
		let assignment = Assignment::new(&seed(None, 3), 5, 3);
		for target in 0..10u32 {
			let mut carriers: Vec<u32> =
				(0..3).filter_map(|period| assignment.record_carrier(target, period)).collect();
			carriers.sort_unstable();
			assert_eq!(carriers, assignment.probers_of(target).collect::<Vec<_>>());
		}
		assert_eq!(Assignment::new(&seed(None, 3), 0, 3).record_carrier(1, 1), None);
	}

	#[test]
	fn every_target_gets_its_share_of_distinct_probers() {
		for count in 1..=16u32 {
			for per_target in 1..=5u32 {
				let assignment =
					Assignment::new(&seed(Some(&[count as u8; 32]), 7), count, per_target);
				let mut load = alloc::vec![0u32; count as usize];
				for target in 0..64u32 {
					let probers: Vec<u32> = assignment.probers_of(target).collect();
					assert_eq!(
						probers.len() as u32,
						per_target.min(count),
						"P={count} R={per_target}"
					);
					for p in probers {
						load[p as usize] += 1;
					}
				}
				// Each prober holds R neighbouring offsets `t mod P`, each at most ⌈64 / P⌉
				// targets.
				let most = per_target.min(count) * 64u32.div_ceil(count);
				assert!(load.iter().all(|l| *l <= most), "P={count} R={per_target}: {load:?}");
			}
		}
		assert!(!Assignment::new(&[0; 32], 0, 3).is_assigned(0, 0));
		assert!(!Assignment::new(&[0; 32], 3, 3).is_assigned(0, 3), "no such prober");
	}

	#[test]
	fn the_shuffle_is_a_permutation_that_changes_with_the_seed() {
		let mut positions = alloc::collections::BTreeSet::new();
		for period in 0..200u32 {
			let a = Assignment::new(&seed(Some(&[9; 32]), period), 16, 3);
			let mut sorted = a.position.clone();
			sorted.sort_unstable();
			assert_eq!(sorted, (0..16).collect::<Vec<_>>());
			positions.insert(a.position.clone());
		}
		assert!(positions.len() > 190, "200 periods, {} distinct shuffles", positions.len());
		assert_ne!(seed(Some(&[1; 32]), 5), seed(Some(&[2; 32]), 5));
		assert_ne!(seed(None, 5), seed(None, 6));
	}

	#[test]
	fn neighbours_in_key_order_rarely_judge_a_target_alone() {
		// Three colluders whose keys sort next to each other (indices 0, 1, 2 of 12): with
		// `t mod P` over sorted keys they would be the only probers of one target in twelve,
		// every period. Shuffled, they stand side by side only in 12 · 3! · 9! / 12! ≈ 5.5 %
		// of periods, and then hold one target in twelve: ≈ 0.45 % of (period, target)
		// pairs, at random rather than where they chose.
		let (mut captured, mut total) = (0u32, 0u32);
		for period in 0..500u32 {
			let a = Assignment::new(&seed(Some(&[3; 32]), period), 12, 3);
			for target in 0..12u32 {
				total += 1;
				if a.probers_of(target).all(|p| p < 3) {
					captured += 1;
				}
			}
		}
		let share = f64::from(captured) / f64::from(total);
		assert!(share < 0.015, "colluders judge alone {:.2} % of targets", share * 100.0);
	}
}

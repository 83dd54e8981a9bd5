//! The eight-block group paths against a per-element reference: the scalar Philox and the
//! formulas `fill` and `dropout` had before the group paths, bit for bit.

use super::*;
use crate::par::{Serial, StdThreads};
use std::vec::Vec;

/// Position g's word: word g % 4 of block g / 4.
fn word(seed: u64, g: u64) -> u32 {
    block(seed, g / 4, 0)[(g % 4) as usize]
}

fn ref_fill(dist: Dist, len: usize, seed: u64, offset: u64, a: f32, b: f32) -> Vec<u32> {
    (0..len as u64)
        .map(|i| {
            let g = offset + i;
            let v = match dist {
                Dist::Uniform => a + (b - a) * unit(word(seed, g)),
                Dist::Normal => a + b * normal::normal_block(block(seed, g / 4, 0))[(g % 4) as usize],
                Dist::TruncatedNormal => a + b * normal::truncated_block(seed, g / 4)[(g % 4) as usize],
                Dist::Bernoulli => (unit(word(seed, g)) < a) as u32 as f32,
            };
            v.to_bits()
        })
        .collect()
}

const SIZES: [usize; 16] = [0, 1, 3, 4, 5, 15, 16, 17, 31, 32, 33, 63, 100, 4099, 4128, 20_011];
const SEEDS: [u64; 3] = [0, 7, 0xdead_beef_0123_4567];
const OFFSETS: [u64; 5] = [0, 1, 3, 16, (1 << 32) * 4 - 9];

#[test]
fn group_fill_matches_reference() {
    for dist in [Dist::Uniform, Dist::Normal, Dist::TruncatedNormal, Dist::Bernoulli] {
        let (a, b) = if dist == Dist::Bernoulli { (0.3, 0.0) } else { (-1.25, 3.5) };
        for &len in &SIZES {
            for &seed in &SEEDS {
                for &off in &OFFSETS {
                    let want = ref_fill(dist, len, seed, off, a, b);
                    for t in [1, 3] {
                        let mut y = std::vec![f32::NAN; len];
                        fill(&StdThreads(t), dist, &mut y, seed, off, a, b);
                        let got: Vec<u32> = y.iter().map(|v| v.to_bits()).collect();
                        assert_eq!(got, want, "{dist:?} len={len} seed={seed} off={off} t={t}");
                    }
                }
            }
        }
    }
}

#[test]
fn group_dropout_matches_reference() {
    for &len in &SIZES {
        let x: Vec<f32> = (0..len).map(|i| (i as f32 * 0.37).sin() * 3.0).collect();
        for &rate in &[0.0f32, 0.1, 0.5, 0.99] {
            let scale = 1.0 / (1.0 - rate);
            for &seed in &SEEDS {
                for &off in &OFFSETS {
                    let keep: Vec<bool> = (0..len as u64).map(|i| unit(word(seed, off + i)) >= rate).collect();
                    let want_y: Vec<u32> =
                        (0..len).map(|i| if keep[i] { x[i] * scale } else { 0.0 }.to_bits()).collect();
                    let want_m: Vec<u32> = keep.iter().map(|&k| (k as u32 as f32).to_bits()).collect();
                    for t in [1, 2, 3] {
                        let (mut y, mut m) = (std::vec![f32::NAN; len], std::vec![f32::NAN; len]);
                        dropout(&StdThreads(t), &x, &mut y, Some(&mut m), rate, seed, off);
                        let bits = |v: &[f32]| v.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
                        assert_eq!(bits(&y), want_y, "y len={len} rate={rate} seed={seed} off={off} t={t}");
                        assert_eq!(bits(&m), want_m, "mask len={len} rate={rate} seed={seed} off={off} t={t}");
                        let mut y2 = std::vec![f32::NAN; len];
                        dropout(&Serial, &x, &mut y2, None, rate, seed, off);
                        assert_eq!(bits(&y2), want_y, "no mask len={len} rate={rate} seed={seed} off={off}");
                    }
                }
            }
        }
    }
}

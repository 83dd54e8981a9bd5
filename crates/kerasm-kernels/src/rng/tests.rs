//! Philox known answers, position-only determinism, and the moments of each distribution.

use super::*;
use crate::par::{Serial, StdThreads};
use std::vec::Vec;

#[test]
fn philox_known_answers() {
    // Random123 kat_vectors, philox4x32_10.
    assert_eq!(philox4x32_10([0; 4], [0; 2]), [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    assert_eq!(philox4x32_10([u32::MAX; 4], [u32::MAX; 2]), [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
    assert_eq!(
        philox4x32_10([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0]),
        [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]
    );
}

fn draw(par: &dyn Par, dist: Dist, len: usize, seed: u64, offset: u64) -> Vec<u32> {
    let mut y = std::vec![f32::NAN; len];
    let a = if dist == Dist::Bernoulli { 0.5 } else { -1.5 };
    fill(par, dist, &mut y, seed, offset, a, 2.0);
    y.iter().map(|v| v.to_bits()).collect()
}

#[test]
fn values_depend_only_on_seed_and_position() {
    let seed = 0x1234_5678_9abc_def0;
    for dist in [Dist::Uniform, Dist::Normal, Dist::TruncatedNormal, Dist::Bernoulli] {
        let whole = draw(&Serial, dist, 5000, seed, 3);
        for len in [0, 1, 3, 4, 5, 17, 1023] {
            for off in [0usize, 1, 2, 5, 1000] {
                let part = draw(&Serial, dist, len.min(5000 - off), seed, 3 + off as u64);
                assert_eq!(part, whole[off..off + part.len()], "{dist:?} len={len} off={off}");
            }
        }
        for t in [2, 3, 4] {
            assert_eq!(draw(&StdThreads(t), dist, 5000, seed, 3), whole, "{dist:?} with {t} threads");
            assert_eq!(draw(&StdThreads(t), dist, 100_003, seed, 1 << 40), draw(&Serial, dist, 100_003, seed, 1 << 40));
        }
        assert_ne!(draw(&Serial, dist, 64, seed + 1, 3), whole[..64], "{dist:?}: the seed must matter");
    }
    // The high halves of seed and position are used too.
    assert_ne!(draw(&Serial, Dist::Uniform, 8, 1 << 32, 0), draw(&Serial, Dist::Uniform, 8, 0, 0));
    assert_ne!(draw(&Serial, Dist::Uniform, 8, 0, 1 << 34), draw(&Serial, Dist::Uniform, 8, 0, 0));
}

/// Mean, standard deviation and the fraction of values within one std of the mean.
fn moments(y: &[f32]) -> (f64, f64, f64) {
    let n = y.len() as f64;
    let m = y.iter().map(|&v| v as f64).sum::<f64>() / n;
    let sd = (y.iter().map(|&v| (v as f64 - m).powi(2)).sum::<f64>() / n).sqrt();
    let within = y.iter().filter(|&&v| (v as f64 - m).abs() <= sd).count() as f64 / n;
    (m, sd, within)
}

fn sample(dist: Dist, a: f32, b: f32) -> Vec<f32> {
    let mut y = std::vec![0.0f32; 1 << 20];
    fill(&StdThreads(2), dist, &mut y, 42, 0, a, b);
    y
}

#[test]
fn distributions_have_the_right_moments() {
    let n = (1u32 << 20) as f64;
    let near = |what: &str, got: f64, want: f64, sd: f64| {
        assert!((got - want).abs() <= 5.0 * sd / n.sqrt(), "{what}: got {got}, want {want}");
    };
    let y = sample(Dist::Uniform, -1.5, 2.5);
    assert!(y.iter().all(|&v| (-1.5..2.5).contains(&v)));
    let (m, sd, _) = moments(&y);
    near("uniform mean", m, 0.5, 4.0 / 12f64.sqrt());
    near("uniform sd", sd, 4.0 / 12f64.sqrt(), 1.0);

    let y = sample(Dist::Normal, 3.0, 2.0);
    let (m, sd, within) = moments(&y);
    near("normal mean", m, 3.0, 2.0);
    near("normal sd", sd, 2.0, 1.5);
    near("normal within 1 sd", within, 0.682_689, 0.5);

    let y = sample(Dist::TruncatedNormal, -1.0, 0.5);
    assert!(y.iter().all(|&v| (v + 1.0).abs() <= 1.0 + 1e-6));
    let (m, sd, _) = moments(&y);
    near("truncated mean", m, -1.0, 0.5);
    // The standard normal truncated to ±2 has sd √(1 − 4φ(2)/(2Φ(2) − 1)) ≈ 0.879 626.
    near("truncated sd", sd, 0.5 * 0.879_626, 0.5);

    let y = sample(Dist::Bernoulli, 0.3, 0.0);
    assert!(y.iter().all(|&v| v == 0.0 || v == 1.0));
    near("bernoulli mean", moments(&y).0, 0.3, 0.46);
}

#[test]
fn dropout_keeps_scales_and_masks() {
    let len = 100_003;
    let x: Vec<f32> = (0..len).map(|i| i as f32 * 0.01 - 3.0).collect();
    for &rate in &[0.0f32, 0.25, 0.5, 0.9, 1.0] {
        let mut y = std::vec![f32::NAN; len];
        let mut mask = std::vec![f32::NAN; len];
        dropout(&StdThreads(3), &x, &mut y, Some(&mut mask), rate, 7, 11);
        let mut u = std::vec![0.0f32; len];
        fill(&Serial, Dist::Uniform, &mut u, 7, 11, 0.0, 1.0);
        let scale = 1.0 / (1.0 - rate);
        for i in 0..len {
            let keep = u[i] >= rate;
            assert_eq!(mask[i], keep as u8 as f32, "rate={rate} mask at {i}");
            assert_eq!(y[i], if keep { x[i] * scale } else { 0.0 }, "rate={rate} y at {i}");
        }
        let kept = mask.iter().sum::<f32>() as f64 / len as f64;
        assert!((kept - (1.0 - rate as f64)).abs() < 0.01, "rate={rate}: kept {kept}");
        let mut y2 = std::vec![0.0f32; len];
        dropout(&Serial, &x, &mut y2, None, rate, 7, 11);
        assert_eq!(y, y2);
    }
    let mut y = [0.0f32; 2];
    dropout(&Serial, &[f32::INFINITY, f32::NAN], &mut y, None, 1.0, 0, 0);
    assert_eq!(y, [0.0, 0.0]);
}

#[test]
fn codes() {
    for c in 0..4 {
        assert_eq!(Dist::from_code(c).map(|d| d as u32), Some(c));
    }
    assert_eq!(Dist::from_code(4), None);
}

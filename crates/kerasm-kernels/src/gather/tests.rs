//! gather, scatter-add and one-hot against direct references, with repeats and bad indices.

use super::*;
use crate::par::{Serial, StdThreads};
use std::vec::Vec;

use crate::test_util::fill;

/// Indices with repeats, and every `bad_every`-th one out of range (alternately −1 and len).
fn indices(n: usize, len: usize, bad_every: usize) -> Vec<i32> {
    (0..n)
        .map(|k| match k {
            _ if bad_every > 0 && k % bad_every == bad_every - 1 => if k % 2 == 0 { -1 } else { len as i32 },
            _ => ((k * 7 + k / 3) % len.max(1)) as i32,
        })
        .collect()
}

fn check(par: &dyn Par, outer: usize, n_idx: usize, axis_len: usize, inner: usize, bad_every: usize) {
    let idx = indices(n_idx, axis_len, bad_every);
    let bad = idx.iter().filter(|&&i| i < 0 || i as usize >= axis_len).count();
    let x: Vec<u32> = (0..outer * axis_len * inner).map(|i| i as u32 * 3 + 1).collect();
    let mut y = std::vec![u32::MAX; outer * n_idx * inner];
    assert_eq!(gather(par, &x, &idx, &mut y, outer, axis_len, inner), bad);
    let dy = fill(y.len(), 1);
    let dx0 = fill(x.len(), 2);
    let mut dx = dx0.clone();
    assert_eq!(scatter_add(par, &dy, &idx, &mut dx, outer, axis_len, inner), bad);
    let mut want_dx: Vec<f64> = dx0.iter().map(|&v| v as f64).collect();
    for o in 0..outer {
        for (k, &i) in idx.iter().enumerate() {
            for j in 0..inner {
                let yi = (o * n_idx + k) * inner + j;
                if i < 0 || i as usize >= axis_len {
                    assert_eq!(y[yi], 0, "gather: bad index {i} must give 0");
                    continue;
                }
                let xi = (o * axis_len + i as usize) * inner + j;
                assert_eq!(y[yi], x[xi], "gather [{outer},{n_idx}/{axis_len},{inner}] at ({o},{k},{j})");
                want_dx[xi] += dy[yi] as f64;
            }
        }
    }
    for (i, (&g, &w)) in dx.iter().zip(&want_dx).enumerate() {
        assert!((g as f64 - w).abs() <= 1e-6 * (1.0 + n_idx as f64), "scatter_add at {i}: got {g}, want {w}");
    }
}

#[test]
fn sweep_shapes() {
    for &outer in &[1, 3] {
        for &n_idx in &[0, 1, 3, 4, 5, 17, 100] {
            for &axis_len in &[1, 3, 17] {
                for &inner in &[1, 3, 4, 5, 17, 1023] {
                    check(&Serial, outer, n_idx, axis_len, inner, 0);
                    check(&Serial, outer, n_idx, axis_len, inner, 4);
                }
            }
        }
    }
    check(&Serial, 2, 5, 0, 3, 0);
}

#[test]
fn threads_agree_bitwise() {
    for &(outer, n_idx, axis_len, inner) in &[(1, 5000, 300, 64), (4, 300, 50, 130), (1, 40, 7, 9000), (64, 500, 10, 3)] {
        let idx = indices(n_idx, axis_len, 9);
        let dy = fill(outer * n_idx * inner, 3);
        let dx0 = fill(outer * axis_len * inner, 4);
        let mut a = dx0.clone();
        scatter_add(&Serial, &dy, &idx, &mut a, outer, axis_len, inner);
        for t in [2, 3, 4] {
            let mut c = dx0.clone();
            scatter_add(&StdThreads(t), &dy, &idx, &mut c, outer, axis_len, inner);
            assert!(a.iter().zip(&c).all(|(p, q)| p.to_bits() == q.to_bits()), "{t} threads");
        }
        check(&StdThreads(3), outer, n_idx, axis_len, inner, 9);
    }
}

#[test]
fn one_hot_rows() {
    for &depth in &[0, 1, 3, 4, 5, 17, 1023] {
        let idx: Vec<i32> = (-2..40).collect();
        let mut y = std::vec![f32::NAN; idx.len() * depth];
        one_hot(&StdThreads(2), &idx, &mut y, depth, 2.5, -0.5);
        for (r, &i) in idx.iter().enumerate() {
            for c in 0..depth {
                let want = if i >= 0 && i as usize == c { 2.5 } else { -0.5 };
                assert_eq!(y[r * depth + c], want, "depth={depth} row {r} (index {i}) col {c}");
            }
        }
    }
}

//! softmax, log_softmax, their backward and the fused cross-entropies against float64.

use super::*;
use crate::par::{Serial, StdThreads};
use std::vec::Vec;

fn fill(len: usize, seed: u64, scale: f32) -> Vec<f32> {
    let mut s = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (((s >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0) * scale
        })
        .collect()
}

/// float64 softmax / log_softmax of one column.
fn ref_softmax(v: &[f64], log: bool) -> Vec<f64> {
    let m = v.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let s: f64 = v.iter().map(|x| (x - m).exp()).sum();
    v.iter().map(|x| if log { x - m - s.ln() } else { (x - m).exp() / s }).collect()
}

fn column(a: &[f32], o: usize, n: usize, inner: usize, j: usize) -> Vec<f64> {
    (0..n).map(|r| a[(o * n + r) * inner + j] as f64).collect()
}

fn close(got: f32, want: f64, tol: f64) -> bool {
    (got.is_nan() && want.is_nan()) || got as f64 == want || (got as f64 - want).abs() <= tol
}

fn check_shape(par: &dyn Par, outer: usize, n: usize, inner: usize, scale: f32, offset: f32) {
    let x: Vec<f32> = fill(outer * n * inner, (n * 7 + inner) as u64, scale).iter().map(|v| v + offset).collect();
    let dy = fill(x.len(), 5, 1.0);
    for log in [false, true] {
        let mut y = std::vec![0.0f32; x.len()];
        softmax(par, &x, &mut y, outer, n, inner, log);
        let mut dx = std::vec![0.0f32; x.len()];
        softmax_backward(par, &y, &dy, &mut dx, outer, n, inner, log);
        for o in 0..outer {
            for j in 0..inner {
                let want = ref_softmax(&column(&x, o, n, inner, j), log);
                let (yc, gc) = (column(&y, o, n, inner, j), column(&dy, o, n, inner, j));
                // The backward reference uses the kernel's own y, so only the backward is tested.
                let s: f64 = if log { gc.iter().sum() } else { gc.iter().zip(&yc).map(|(g, y)| g * y).sum() };
                let scale_s: f64 = gc.iter().zip(&yc).map(|(g, y)| (g * y).abs()).sum::<f64>() + gc.iter().map(|g| g.abs()).sum::<f64>();
                for r in 0..n {
                    let i = (o * n + r) * inner + j;
                    let tol = if log { 2e-6 * (1.0 + want[r].abs()) } else { 2e-5 * want[r] + 1e-7 };
                    assert!(close(y[i], want[r], tol), "log={log} [{outer},{n},{inner}] y at ({o},{r},{j}): got {}, want {}", y[i], want[r]);
                    let (yv, g) = (yc[r], gc[r]);
                    let wd = if log { g - yv.exp() * s } else { yv * (g - s) };
                    let td = 1e-5 * (1.0 + scale_s) * if log { 1.0 } else { yv.abs() } + 1e-7;
                    assert!(close(dx[i], wd, td), "log={log} [{outer},{n},{inner}] dx at ({o},{r},{j}): got {}, want {wd}", dx[i]);
                }
            }
        }
    }
}

#[test]
fn sweep_shapes() {
    for &outer in &[1, 3] {
        for &n in &[0, 1, 3, 4, 5, 16, 17, 1023] {
            for &inner in &[1, 2, 3, 4, 5, 17, 67] {
                check_shape(&Serial, outer, n, inner, 5.0, 0.0);
            }
        }
    }
    // Large logits: only a max-subtracting softmax survives.
    check_shape(&Serial, 2, 33, 1, 30.0, 1000.0);
    check_shape(&Serial, 2, 33, 6, 30.0, -1000.0);
}

#[test]
fn threads_agree_bitwise() {
    for &(outer, n, inner) in &[(300, 100, 1), (7, 50, 130), (1, 20, 4000)] {
        let x = fill(outer * n * inner, 1, 4.0);
        for log in [false, true] {
            let mut a = std::vec![0.0f32; x.len()];
            softmax(&Serial, &x, &mut a, outer, n, inner, log);
            let mut ga = std::vec![0.0f32; x.len()];
            softmax_backward(&Serial, &a, &x, &mut ga, outer, n, inner, log);
            for t in [2, 3] {
                let mut b = std::vec![0.0f32; x.len()];
                softmax(&StdThreads(t), &x, &mut b, outer, n, inner, log);
                let mut gb = std::vec![0.0f32; x.len()];
                softmax_backward(&StdThreads(t), &b, &x, &mut gb, outer, n, inner, log);
                assert!(a.iter().zip(&b).all(|(p, q)| p.to_bits() == q.to_bits()), "forward, {t} threads");
                assert!(ga.iter().zip(&gb).all(|(p, q)| p.to_bits() == q.to_bits()), "backward, {t} threads");
            }
        }
    }
    check_shape(&StdThreads(3), 300, 100, 1, 4.0, 0.0);
}

#[test]
fn nan_and_infinities() {
    let (nan, inf) = (f32::NAN, f32::INFINITY);
    let mut y = [0.0f32; 4];
    softmax(&Serial, &[1.0, nan, 2.0, 3.0], &mut y, 1, 4, 1, false);
    assert!(y.iter().all(|v| v.is_nan()));
    softmax(&Serial, &[0.0, -inf, 0.0, -inf], &mut y, 1, 4, 1, false);
    assert_eq!(y, [0.5, 0.0, 0.5, 0.0]);
    softmax(&Serial, &[0.0, -inf, 0.0, -inf], &mut y, 1, 4, 1, true);
    assert_eq!(y[1], -inf);
    assert!((y[0] + core::f32::consts::LN_2).abs() < 1e-7);
}

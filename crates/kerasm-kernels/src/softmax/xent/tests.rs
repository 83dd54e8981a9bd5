//! Fused cross-entropies against float64 references, including Keras's probability path.

use super::*;
use crate::par::{Serial, StdThreads};
use std::vec::Vec;

use crate::test_util::fill;

fn lse(v: &[f32]) -> f64 {
    let m = v.iter().map(|&x| x as f64).fold(f64::NEG_INFINITY, f64::max);
    m + v.iter().map(|&x| (x as f64 - m).exp()).sum::<f64>().ln()
}

fn assert_close(what: &str, got: f32, want: f64, tol: f64) {
    let ok = (got.is_nan() && want.is_nan()) || (got as f64 - want).abs() <= tol;
    assert!(ok, "{what}: got {got}, want {want}");
}

#[test]
fn sparse_from_logits() {
    for &(batch, classes) in &[(1, 1), (3, 3), (4, 4), (5, 17), (2, 1023), (300, 10)] {
        let x: Vec<f32> = fill(batch * classes, classes as u64).iter().map(|v| v * 8.0).collect();
        let labels: Vec<i32> = (0..batch).map(|b| ((b * 7 + 3) % classes) as i32).collect();
        let mut loss = std::vec![0.0f32; batch];
        let mut d = std::vec![0.0f32; batch * classes];
        let par = StdThreads(if batch > 100 { 2 } else { 1 });
        assert_eq!(softmax_xent_sparse(&par, &x, &labels, &mut loss, Some(&mut d), batch, classes, true), 0);
        let mut loss2 = std::vec![0.0f32; batch];
        softmax_xent_sparse(&Serial, &x, &labels, &mut loss2, None, batch, classes, true);
        assert_eq!(loss, loss2, "loss must not depend on whether the gradient is wanted");
        for b in 0..batch {
            let row = &x[b * classes..][..classes];
            let (l, z) = (labels[b] as usize, lse(row));
            assert_close("loss", loss[b], z - row[l] as f64, 1e-5 * (1.0 + z.abs()));
            for k in 0..classes {
                let want = (row[k] as f64 - z).exp() - (k == l) as u8 as f64;
                assert_close("dlogits", d[b * classes + k], want, 2e-6);
            }
        }
    }
}

#[test]
fn sparse_bad_labels_are_counted_and_poisoned() {
    let x = fill(12, 1);
    let mut loss = [0.0f32; 4];
    let mut d = [0.0f32; 12];
    let bad = softmax_xent_sparse(&Serial, &x, &[0, -1, 3, 2], &mut loss, Some(&mut d), 4, 3, true);
    assert_eq!(bad, 2);
    assert!(loss[1].is_nan() && loss[2].is_nan() && loss[0].is_finite() && loss[3].is_finite());
    assert!(d[3..9].iter().all(|v| v.is_nan()) && d[..3].iter().all(|v| v.is_finite()));
}

#[test]
fn sparse_from_probabilities_matches_keras() {
    // Rows that do not quite sum to 1, one label below the clip, one above.
    let p = [0.2f32, 0.5, 0.31, /* */ 1e-9, 0.6, 0.4, /* */ 0.0, 1.0, 0.0];
    let labels = [1i32, 0, 1];
    let mut loss = [0.0f32; 3];
    let mut d = [0.0f32; 9];
    softmax_xent_sparse(&Serial, &p, &labels, &mut loss, Some(&mut d), 3, 3, false);
    let eps = XENT_EPSILON as f64;
    for b in 0..3 {
        let row = &p[b * 3..][..3];
        let s: f64 = row.iter().map(|&v| v as f64).sum();
        let (l, q) = (labels[b] as usize, row[labels[b] as usize] as f64 / s);
        assert_close("loss", loss[b], -q.clamp(eps, 1.0 - eps).ln(), 1e-5);
        let inside = q >= eps && q <= 1.0 - 1e-7f32 as f64;
        for k in 0..3 {
            let want = if inside { 1.0 / s - (k == l) as u8 as f64 / row[k] as f64 } else { 0.0 };
            assert_close("dp", d[b * 3 + k], want, 1e-5 * (1.0 + want.abs()));
        }
    }
}

#[test]
fn dense_targets() {
    for &(batch, classes) in &[(1, 1), (3, 4), (5, 17), (2, 1023)] {
        let x: Vec<f32> = fill(batch * classes, 3).iter().map(|v| v * 6.0).collect();
        // Soft targets with a few exact zeros, rows summing to 1.
        let mut t: Vec<f32> = fill(batch * classes, 4).iter().map(|v| if *v < -0.5 { 0.0 } else { v + 1.0 }).collect();
        for row in t.chunks_mut(classes) {
            let s: f32 = row.iter().sum::<f32>().max(1e-3);
            row.iter_mut().for_each(|v| *v /= s);
        }
        let mut loss = std::vec![0.0f32; batch];
        let mut d = std::vec![0.0f32; batch * classes];
        softmax_xent_dense(&Serial, &x, &t, &mut loss, Some(&mut d), batch, classes);
        for b in 0..batch {
            let (row, tr) = (&x[b * classes..][..classes], &t[b * classes..][..classes]);
            let z = lse(row);
            let ts: f64 = tr.iter().map(|&v| v as f64).sum();
            let want: f64 = row.iter().zip(tr).map(|(&x, &t)| t as f64 * (z - x as f64)).sum();
            assert_close("loss", loss[b], want, 1e-5 * (1.0 + want.abs()));
            for k in 0..classes {
                let w = (row[k] as f64 - z).exp() * ts - tr[k] as f64;
                assert_close("dlogits", d[b * classes + k], w, 2e-6);
            }
        }
    }
    // A zero target on a −inf logit must not make the loss NaN.
    let mut loss = [0.0f32];
    softmax_xent_dense(&Serial, &[f32::NEG_INFINITY, 1.0], &[0.0, 1.0], &mut loss, None, 1, 2);
    assert_eq!(loss[0], 0.0);
}

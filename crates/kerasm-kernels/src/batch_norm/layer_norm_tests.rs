//! Layer-norm kernels against float64 references (forward, and the backward against the
//! chain rule through mean and variance), ragged row lengths, NaN rows, and thread counts.

use super::*;
use crate::conv::reference::fill;
use crate::par::{Serial, StdThreads};
use std::format;
use std::vec;
use std::vec::Vec;

const SHAPES: [(usize, usize); 7] = [(1, 1), (3, 2), (5, 7), (64, 4), (65, 9), (300, 32), (2000, 33)];

fn near(got: f32, want: f64, tol: f64, what: &str) {
    assert!((got as f64 - want).abs() <= tol * (1.0 + want.abs()), "{what}: got {got}, want {want}");
}

/// Per row: μ, r = 1/√(var + eps), x̂.
fn stats(x: &[f32], rows: usize, c: usize, eps: f64) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let (mut m, mut r, mut xh) = (vec![0.0; rows], vec![0.0; rows], vec![0.0; rows * c]);
    for i in 0..rows {
        let row = &x[i * c..(i + 1) * c];
        m[i] = row.iter().map(|&v| v as f64).sum::<f64>() / c as f64;
        let var = row.iter().map(|&v| (v as f64 - m[i]).powi(2)).sum::<f64>() / c as f64;
        r[i] = 1.0 / (var + eps).sqrt();
        for j in 0..c {
            xh[i * c + j] = (row[j] as f64 - m[i]) * r[i];
        }
    }
    (m, r, xh)
}

#[test]
fn forward_matches_f64_and_threads() {
    for (rows, c) in SHAPES {
        let x: Vec<f32> = fill(rows * c, rows as u64 + 7).iter().map(|v| 3.0 * v + 0.5).collect();
        let g = fill(c, 3);
        let b = fill(c, 4);
        let (wm, wr, xh) = stats(&x, rows, c, 1e-3);
        for (gamma, beta) in [(Some(&g[..]), Some(&b[..])), (None, None), (Some(&g[..]), None)] {
            let run = |par: &dyn Par| {
                let (mut y, mut m, mut r) = (vec![0.0; rows * c], vec![0.0; rows], vec![0.0; rows]);
                layer_norm_forward(par, &x, gamma, beta, rows, c, 1e-3, &mut y, &mut m, &mut r);
                (y, m, r)
            };
            let (y, m, r) = run(&Serial);
            for i in 0..rows {
                near(m[i], wm[i], 1e-6, &format!("mean {rows}x{c}"));
                near(r[i], wr[i], 1e-5, &format!("rstd {rows}x{c}"));
                for j in 0..c {
                    let want = xh[i * c + j] * gamma.map_or(1.0, |g| g[j] as f64) + beta.map_or(0.0, |b| b[j] as f64);
                    near(y[i * c + j], want, 1e-5, &format!("y {rows}x{c} ({i},{j})"));
                }
            }
            assert_eq!(run(&StdThreads(3)), (y, m, r), "threads {rows}x{c}");
        }
    }
}

#[test]
fn backward_matches_the_chain_rule_and_threads() {
    for (rows, c) in SHAPES {
        let x: Vec<f32> = fill(rows * c, rows as u64 + 11).iter().map(|v| 2.0 * v - 0.3).collect();
        let dy = fill(rows * c, 5);
        let g = fill(c, 6);
        let eps = 1e-3;
        let (_, wr, xh) = stats(&x, rows, c, eps);
        let (mut y, mut m, mut r) = (vec![0.0; rows * c], vec![0.0; rows], vec![0.0; rows]);
        layer_norm_forward(&Serial, &x, Some(&g), None, rows, c, eps as f32, &mut y, &mut m, &mut r);
        let run = |par: &dyn Par| {
            let (mut dx, mut dg, mut db) = (vec![0.0; rows * c], vec![0.0; c], vec![0.0; c]);
            layer_norm_backward(par, &x, &dy, Some(&g), &m, &r, rows, c, Some(&mut dx), Some(&mut dg), Some(&mut db));
            (dx, dg, db)
        };
        let (dx, dg, db) = run(&Serial);
        for i in 0..rows {
            // dx_j = r/c · (c·g_j − Σg − x̂_j·Σ g·x̂), g = dy·γ.
            let gr: Vec<f64> = (0..c).map(|j| dy[i * c + j] as f64 * g[j] as f64).collect();
            let s1: f64 = gr.iter().sum();
            let s2: f64 = (0..c).map(|j| gr[j] * xh[i * c + j]).sum();
            for j in 0..c {
                let want = wr[i] / c as f64 * (c as f64 * gr[j] - s1 - xh[i * c + j] * s2);
                near(dx[i * c + j], want, 2e-4, &format!("dx {rows}x{c} ({i},{j})"));
            }
        }
        for j in 0..c {
            let wg: f64 = (0..rows).map(|i| dy[i * c + j] as f64 * xh[i * c + j]).sum();
            let wb: f64 = (0..rows).map(|i| dy[i * c + j] as f64).sum();
            near(dg[j], wg, 1e-4 * (rows as f64).sqrt(), &format!("dgamma {rows}x{c}"));
            near(db[j], wb, 1e-4 * (rows as f64).sqrt(), &format!("dbeta {rows}x{c}"));
        }
        assert_eq!(run(&StdThreads(3)), (dx.clone(), dg.clone(), db.clone()), "threads {rows}x{c}");
        // Without gamma the gradient is the one with γ = 1; absent outputs are skipped.
        let mut dx1 = vec![0.0; rows * c];
        layer_norm_backward(&Serial, &x, &dy, None, &m, &r, rows, c, Some(&mut dx1), None, None);
        assert!(dx1.iter().all(|v| v.is_finite()));
    }
}

#[test]
fn nan_and_inf_rows_stay_in_their_row() {
    let (rows, c) = (3, 6);
    let mut x = fill(rows * c, 9);
    x[2] = f32::NAN;
    x[c + 1] = f32::INFINITY;
    let (mut y, mut m, mut r) = (vec![0.0; rows * c], vec![0.0; rows], vec![0.0; rows]);
    layer_norm_forward(&Serial, &x, None, None, rows, c, 1e-3, &mut y, &mut m, &mut r);
    assert!(y[..c].iter().all(|v| v.is_nan()), "a NaN makes its row NaN");
    assert!(y[c..2 * c].iter().any(|v| v.is_nan()), "an inf row has no finite normalization");
    assert!(y[2 * c..].iter().all(|v| v.is_finite()), "other rows untouched");
}

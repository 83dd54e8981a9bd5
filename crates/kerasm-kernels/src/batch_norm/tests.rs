//! Batch-norm kernels against float64: moments on data with a large offset (catastrophic
//! cancellation would show), the normalize step and its sums, and the fused input gradient
//! against the textbook chain rule; part boundaries and threads.

use super::*;
use crate::conv::reference::fill;
use crate::par::{Serial, StdThreads};
use std::format;
use std::vec;
use std::vec::Vec;

fn moments_ref(x: &[f32], rows: usize, c: usize) -> (Vec<f64>, Vec<f64>) {
    let mut m = vec![0.0; c];
    let mut v = vec![0.0; c];
    for r in 0..rows {
        for ch in 0..c {
            m[ch] += x[r * c + ch] as f64 / rows as f64;
        }
    }
    for r in 0..rows {
        for ch in 0..c {
            v[ch] += (x[r * c + ch] as f64 - m[ch]).powi(2) / rows as f64;
        }
    }
    (m, v)
}

fn near(got: f32, want: f64, tol: f64, what: &str) {
    assert!((got as f64 - want).abs() <= tol * (1.0 + want.abs()), "{what}: got {got}, want {want}");
}

const SHAPES: [(usize, usize); 8] = [(1, 1), (2, 3), (7, 5), (64, 4), (65, 9), (300, 2), (1000, 7), (5000, 33)];

#[test]
fn moments_match_f64_even_with_a_large_offset() {
    for (rows, c) in SHAPES {
        for offset in [0.0f32, 1000.0] {
            let x: Vec<f32> = fill(rows * c, rows as u64).iter().map(|v| v + offset).collect();
            let (wm, wv) = moments_ref(&x, rows, c);
            let run = |par: &dyn Par| {
                let (mut m, mut v) = (vec![0.0; c], vec![0.0; c]);
                channel_moments(par, &x, rows, c, &mut m, &mut v);
                (m, v)
            };
            let (m, v) = run(&Serial);
            for ch in 0..c {
                near(m[ch], wm[ch], 1e-6, &format!("mean rows={rows} c={c} offset={offset}"));
                near(v[ch], wv[ch], 1e-4, &format!("var rows={rows} c={c} offset={offset}"));
            }
            assert_eq!(run(&StdThreads(3)), (m, v), "threads rows={rows} c={c}");
        }
    }
}

#[test]
fn normalize_and_its_sums() {
    for (rows, c) in SHAPES {
        let x = fill(rows * c, 1);
        let dy = fill(rows * c, 2);
        let (center, scale, shift) = (fill(c, 3), fill(c, 4), fill(c, 5));
        let mut y = vec![f32::NAN; rows * c];
        channel_normalize(&StdThreads(2), &x, &center, &scale, &shift, rows, c, &mut y);
        for i in 0..rows * c {
            let ch = i % c;
            let want = (x[i] as f64 - center[ch] as f64) * scale[ch] as f64 + shift[ch] as f64;
            near(y[i], want, 1e-6, "normalize");
        }
        let (mut s, mut sx) = (vec![0.0; c], vec![0.0; c]);
        channel_normalize_sums(&Serial, &x, &dy, &center, rows, c, &mut s, &mut sx);
        for ch in 0..c {
            let ws: f64 = (0..rows).map(|r| dy[r * c + ch] as f64).sum();
            let wsx: f64 = (0..rows).map(|r| dy[r * c + ch] as f64 * (x[r * c + ch] as f64 - center[ch] as f64)).sum();
            near(s[ch], ws, 1e-5, "Σdy");
            near(sx[ch], wsx, 1e-5, "Σdy·(x − c)");
        }
        let (mut s3, mut sx3) = (vec![0.0; c], vec![0.0; c]);
        channel_normalize_sums(&StdThreads(3), &x, &dy, &center, rows, c, &mut s3, &mut sx3);
        assert_eq!((s3, sx3), (s, sx));
    }
}

#[test]
fn backward_input_matches_the_textbook_chain_rule() {
    let eps = 1e-3f32;
    for (rows, c) in SHAPES {
        for with_moment_grads in [false, true] {
            let x: Vec<f32> = fill(rows * c, 7).iter().map(|v| 3.0 * v + 0.5).collect();
            let dy = fill(rows * c, 8);
            let gamma = fill(c, 9);
            let (gm, gv) = (fill(c, 10), fill(c, 11));
            let (mut mean, mut var) = (vec![0.0; c], vec![0.0; c]);
            channel_moments(&Serial, &x, rows, c, &mut mean, &mut var);
            let (mut s, mut sx) = (vec![0.0; c], vec![0.0; c]);
            channel_normalize_sums(&Serial, &x, &dy, &mean, rows, c, &mut s, &mut sx);
            let (gmo, gvo) = if with_moment_grads { (Some(&gm[..]), Some(&gv[..])) } else { (None, None) };
            let mut dx = vec![f32::NAN; rows * c];
            batch_norm_backward_input(&Serial, &x, &dy, &mean, &var, Some(&gamma), eps, &s, &sx, gmo, gvo, rows, c, &mut dx);
            let r = rows as f64;
            for ch in 0..c {
                let (m, v) = (mean[ch] as f64, var[ch] as f64);
                let inv = 1.0 / (v + eps as f64).sqrt();
                let xs: Vec<f64> = (0..rows).map(|i| x[i * c + ch] as f64 - m).collect();
                let dxhat: Vec<f64> = (0..rows).map(|i| dy[i * c + ch] as f64 * gamma[ch] as f64).collect();
                let mut dvar: f64 = (0..rows).map(|i| dxhat[i] * xs[i] * -0.5 * inv.powi(3)).sum();
                let mut dmean: f64 = (0..rows).map(|i| -dxhat[i] * inv).sum::<f64>() + dvar * xs.iter().map(|d| -2.0 * d).sum::<f64>() / r;
                if with_moment_grads {
                    dvar += gv[ch] as f64;
                    dmean += gm[ch] as f64;
                }
                for i in 0..rows {
                    let want = dxhat[i] * inv + dvar * 2.0 * xs[i] / r + dmean / r;
                    near(dx[i * c + ch], want, 2e-5, &format!("dx rows={rows} c={c} moment grads={with_moment_grads}"));
                }
            }
            let mut dx3 = vec![f32::NAN; rows * c];
            batch_norm_backward_input(&StdThreads(3), &x, &dy, &mean, &var, Some(&gamma), eps, &s, &sx, gmo, gvo, rows, c, &mut dx3);
            assert_eq!(dx3, dx);
        }
    }
}

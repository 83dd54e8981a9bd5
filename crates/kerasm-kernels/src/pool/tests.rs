//! Pooling kernels against float64 loops over the conv shape sweep: max with the first-max
//! tap and NaN propagation, average excluding padded cells, both backward passes, threads.

use super::*;
use crate::conv::reference::{fill, for_each_tap, geom, sweep};
use crate::conv::Geom;
use crate::par::{Serial, StdThreads};
use std::format;
use std::vec;
use std::vec::Vec;

/// max value and first-max tap per output element (−inf / −1 for an empty window), NaN first.
fn max_ref(g: &Geom, x: &[f32]) -> (Vec<f32>, Vec<i32>) {
    let c = g.c;
    let mut y = vec![f32::NEG_INFINITY; g.rows() * c];
    let mut a = vec![-1i32; g.rows() * c];
    for_each_tap(g, |o, i, t| {
        for ch in 0..c {
            let v = x[i * c + ch];
            let (best, arg) = (&mut y[o * c + ch], &mut a[o * c + ch]);
            if *arg < 0 || (!best.is_nan() && (v > *best || v.is_nan())) {
                *best = v;
                *arg = t as i32;
            }
        }
    });
    (y, a)
}

fn avg_ref(g: &Geom, x: &[f32]) -> Vec<f64> {
    let c = g.c;
    let mut s = vec![0.0f64; g.rows() * c];
    let mut n = vec![0usize; g.rows()];
    for_each_tap(g, |o, i, _| {
        n[o] += 1;
        for ch in 0..c {
            s[o * c + ch] += x[i * c + ch] as f64;
        }
    });
    s.iter().enumerate().map(|(j, v)| if n[j / c] == 0 { 0.0 } else { v / n[j / c] as f64 }).collect()
}

fn avg_backward_ref(g: &Geom, dy: &[f32]) -> Vec<f64> {
    let c = g.c;
    let mut n = vec![0usize; g.rows()];
    for_each_tap(g, |o, _, _| n[o] += 1);
    let mut dx = vec![0.0f64; g.in_len()];
    for_each_tap(g, |o, i, _| {
        for ch in 0..c {
            dx[i * c + ch] += dy[o * c + ch] as f64 / n[o] as f64;
        }
    });
    dx
}

fn close(got: &[f32], want: &[f64], tol: f64, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert!((g as f64 - w).abs() <= tol * (1.0 + w.abs()), "{what}: element {i}: got {g}, want {w}");
    }
}

fn check(g: &Geom, seed: u64) {
    let c = g.c;
    let x = fill(g.in_len(), seed);
    let dy = fill(g.rows() * c, seed + 1);
    for par in [&Serial as &dyn Par, &StdThreads(3)] {
        let mut y = vec![f32::NAN; g.rows() * c];
        max_pool2d(par, g, &x, &mut y);
        let (wy, a) = max_ref(g, &x);
        assert_eq!(y, wy, "max {g:?}");
        let mut dx = vec![f32::NAN; g.in_len()];
        max_pool2d_backward(par, g, &x, &y, &dy, &mut dx);
        let mut want = vec![0.0f64; g.in_len()];
        for (o, &t) in a.iter().enumerate() {
            if t >= 0 {
                let (pix, ch) = (o / c, o % c);
                let (b, oy, ox) = (pix / (g.oh * g.ow), pix / g.ow % g.oh, pix % g.ow);
                let (ky, kx) = (t as usize / g.kw, t as usize % g.kw);
                let (iy, ix) = (oy * g.sh + ky * g.dh - g.pt, ox * g.sw + kx * g.dw - g.pl);
                want[((b * g.h + iy) * g.w + ix) * c + ch] += dy[o] as f64;
            }
        }
        close(&dx, &want, 1e-6, &format!("max backward {g:?}"));

        let mut y = vec![f32::NAN; g.rows() * c];
        avg_pool2d(par, g, &x, &mut y);
        close(&y, &avg_ref(g, &x), 1e-6, &format!("avg {g:?}"));
        let mut dx = vec![f32::NAN; g.in_len()];
        avg_pool2d_backward(par, g, &dy, &mut dx);
        close(&dx, &avg_backward_ref(g, &dy), 1e-6, &format!("avg backward {g:?}"));
    }
}

#[test]
fn pooling_sweep_of_odd_shapes() {
    for (i, g) in sweep(400, 3, 1).iter().enumerate() {
        check(g, i as u64);
    }
}

#[test]
fn pooling_keras_shapes_and_wide_channels() {
    for (h, k, s, same, c) in [(6, 2, 2, false, 3), (5, 2, 2, true, 2), (5, 3, 1, false, 2), (6, 3, 2, true, 3), (26, 2, 2, false, 32), (7, 3, 2, true, 9)] {
        check(&geom(2, h, h, c, k, k, (s, s), (1, 1), same, 0).unwrap(), h as u64);
    }
}

#[test]
fn same_padding_divides_by_in_image_cells() {
    // 1×3×1 input [1, 2, 3], k=2 s=2 'same' → windows {1,2} and {3} (pad excluded): 1.5, 3.
    let g = geom(1, 1, 3, 1, 1, 2, (1, 2), (1, 1), true, 0).unwrap();
    let mut y = vec![0.0; 2];
    avg_pool2d(&Serial, &g, &[1.0, 2.0, 3.0], &mut y);
    assert_eq!(y, vec![1.5, 3.0]);
}

#[test]
fn max_pool_ties_pick_the_first_tap_and_nan_propagates() {
    let g = geom(1, 2, 2, 5, 2, 2, (2, 2), (1, 1), false, 0).unwrap();
    // Channel 0: all equal → tap 0. Channel 1: NaN at tap 2 wins. Channel 4 (ragged lanes): tie at taps 1 and 3 → 1.
    let mut x = vec![0.0f32; 20];
    for t in 0..4 {
        x[t * 5] = 1.0;
        x[t * 5 + 1] = t as f32;
        x[t * 5 + 4] = if t % 2 == 1 { 5.0 } else { -1.0 };
    }
    x[2 * 5 + 1] = f32::NAN;
    let mut y = vec![0.0; 5];
    max_pool2d(&Serial, &g, &x, &mut y);
    assert_eq!((y[0], y[4]), (1.0, 5.0));
    assert!(y[1].is_nan());
    let mut dx = vec![f32::NAN; 20];
    max_pool2d_backward(&Serial, &g, &x, &y, &[1.0, 2.0, 3.0, 4.0, 5.0], &mut dx);
    let at = |tap: usize, ch: usize| dx[tap * 5 + ch];
    assert_eq!([at(0, 0), at(1, 0), at(2, 0), at(3, 0)], [1.0, 0.0, 0.0, 0.0]);
    assert_eq!([at(0, 1), at(1, 1), at(2, 1), at(3, 1)], [0.0, 0.0, 2.0, 0.0]);
    assert_eq!([at(0, 4), at(1, 4), at(2, 4), at(3, 4)], [0.0, 5.0, 0.0, 0.0]);
}

//! Resize kernels against float64: nearest (integer and fractional factors), bilinear against
//! jax.image.resize's formulation (a triangle kernel renormalised over in-image taps), and
//! both backward passes as exact adjoints of the forward weights.

use super::*;
use crate::conv::reference::fill;
use crate::par::{Serial, StdThreads};
use std::format;
use std::vec;
use std::vec::Vec;

/// jax.image.resize 'bilinear' weights along one axis: w[o][i] = max(0, 1 − |s(o) − i|),
/// renormalised, with s(o) = (o + ½)·inp/out − ½.
fn jax_weights(inp: usize, out: usize) -> Vec<Vec<f64>> {
    (0..out)
        .map(|o| {
            let s = (o as f64 + 0.5) * inp as f64 / out as f64 - 0.5;
            let w: Vec<f64> = (0..inp).map(|i| (1.0 - (s - i as f64).abs()).max(0.0)).collect();
            let total: f64 = w.iter().sum();
            w.iter().map(|v| v / total).collect()
        })
        .collect()
}

fn nearest_weights(inp: usize, out: usize) -> Vec<Vec<f64>> {
    (0..out).map(|o| (0..inp).map(|i| if o * inp / out == i { 1.0 } else { 0.0 }).collect()).collect()
}

/// y = Wy · x · Wxᵀ per image and channel, and its adjoint dx = Wyᵀ · dy · Wx.
fn apply(r: &Resize, wy: &[Vec<f64>], wx: &[Vec<f64>], x: &[f32], adjoint: bool) -> Vec<f64> {
    let c = r.c;
    let (ilen, olen) = (r.h * r.w * c, r.oh * r.ow * c);
    let mut out = vec![0.0; r.n * if adjoint { ilen } else { olen }];
    for b in 0..r.n {
        for oy in 0..r.oh {
            for ox in 0..r.ow {
                for iy in 0..r.h {
                    for ix in 0..r.w {
                        let wgt = wy[oy][iy] * wx[ox][ix];
                        if wgt == 0.0 {
                            continue;
                        }
                        for ch in 0..c {
                            let (o, i) = (b * olen + (oy * r.ow + ox) * c + ch, b * ilen + (iy * r.w + ix) * c + ch);
                            if adjoint {
                                out[i] += wgt * x[o] as f64;
                            } else {
                                out[o] += wgt * x[i] as f64;
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

fn close(got: &[f32], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len());
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert!((g as f64 - w).abs() <= 2e-6 * (1.0 + w.abs()), "{what}: element {i}: got {g}, want {w}");
    }
}

const CASES: [(usize, usize, usize, usize, usize, usize); 7] =
    [(2, 3, 3, 2, 6, 6), (2, 3, 3, 2, 9, 6), (1, 1, 1, 5, 3, 2), (3, 4, 5, 3, 8, 15), (1, 5, 3, 7, 7, 4), (2, 2, 7, 4, 2, 7), (2, 16, 16, 9, 32, 32)];

#[test]
fn bilinear_matches_jax_half_pixel_weights_and_its_adjoint() {
    for (n, h, w, c, oh, ow) in CASES {
        let r = Resize { n, h, w, c, oh, ow };
        let (wy, wx) = (jax_weights(h, oh), jax_weights(w, ow));
        let x = fill(n * h * w * c, 1);
        let dy = fill(n * oh * ow * c, 2);
        for par in [&Serial as &dyn Par, &StdThreads(3)] {
            let mut y = vec![f32::NAN; dy.len()];
            resize_bilinear(par, &r, &x, &mut y);
            close(&y, &apply(&r, &wy, &wx, &x, false), &format!("bilinear {r:?}"));
            let mut dx = vec![f32::NAN; x.len()];
            resize_bilinear_backward(par, &r, &dy, &mut dx);
            close(&dx, &apply(&r, &wy, &wx, &dy, true), &format!("bilinear backward {r:?}"));
        }
    }
}

#[test]
fn nearest_repeats_and_its_backward_sums_blocks() {
    for (n, h, w, c, oh, ow) in CASES {
        let r = Resize { n, h, w, c, oh, ow };
        let (wy, wx) = (nearest_weights(h, oh), nearest_weights(w, ow));
        let x = fill(n * h * w * c, 3);
        let dy = fill(n * oh * ow * c, 4);
        for par in [&Serial as &dyn Par, &StdThreads(3)] {
            let mut y = vec![f32::NAN; dy.len()];
            resize_nearest(par, &r, &x, &mut y);
            close(&y, &apply(&r, &wy, &wx, &x, false), &format!("nearest {r:?}"));
            let mut dx = vec![f32::NAN; x.len()];
            resize_nearest_backward(par, &r, &dy, &mut dx);
            close(&dx, &apply(&r, &wy, &wx, &dy, true), &format!("nearest backward {r:?}"));
        }
    }
}

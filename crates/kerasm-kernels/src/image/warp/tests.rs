//! The warp against a scalar f64 transcription of jax.scipy.ndimage.map_coordinates (index
//! fixers, per-tap validity, round-half-away nearest), for every fill mode and both
//! interpolations; thread-count independence; the backward pass as the exact adjoint.

use super::*;
use crate::test_util::fill as rand_fill;
use crate::par::{Serial, StdThreads};
use std::format;
use std::vec;
use std::vec::Vec;

/// jax's index fixers, on i64, written from the Python source.
fn jax_fix(mode: Fill, i: i64, size: i64) -> i64 {
    let mirror = |i: i64, size: i64| {
        let s = size - 1;
        ((i + s).rem_euclid(2 * s) - s).abs()
    };
    match mode {
        Fill::Constant => i,
        Fill::Nearest => i.clamp(0, size - 1),
        Fill::Wrap => i.rem_euclid(size),
        Fill::Mirror => {
            if size == 1 {
                0
            } else {
                mirror(i, size)
            }
        }
        Fill::Reflect => (mirror(2 * i + 1, 2 * size + 1) - 1).div_euclid(2),
    }
}

fn reference(g: &Warp, interp: Interp, fill: Fill, cval: f32, t: &[f32], x: &[f32]) -> Vec<f64> {
    let mut y = vec![0.0f64; g.n * g.oh * g.ow * g.c];
    for b in 0..g.n {
        let tb = &t[8 * b..8 * b + 8];
        for oy in 0..g.oh {
            for ox in 0..g.ow {
                let (sx, sy) = source(tb, ox, oy);
                let (sx, sy) = (sx as f64, sy as f64);
                let nodes = |s: f64| -> Vec<(i64, f64)> {
                    match interp {
                        Interp::Nearest => vec![(if s >= 0.0 { (s + 0.5).floor() } else { -((-s + 0.5).floor()) } as i64, 1.0)],
                        Interp::Bilinear => {
                            let lo = s.floor();
                            vec![(lo as i64, 1.0 - (s - lo)), (lo as i64 + 1, s - lo)]
                        }
                    }
                };
                for ch in 0..g.c {
                    let mut acc = 0.0;
                    for &(iy, wy) in &nodes(sy) {
                        for &(ix, wx) in &nodes(sx) {
                            let valid = fill != Fill::Constant || (iy >= 0 && iy < g.h as i64 && ix >= 0 && ix < g.w as i64);
                            let v = if valid {
                                let (fy, fx) = (jax_fix(fill, iy, g.h as i64), jax_fix(fill, ix, g.w as i64));
                                x[((b * g.h + fy as usize) * g.w + fx as usize) * g.c + ch] as f64
                            } else {
                                cval as f64
                            };
                            acc += wy * wx * v;
                        }
                    }
                    y[((b * g.oh + oy) * g.ow + ox) * g.c + ch] = acc;
                }
            }
        }
    }
    y
}

/// Rotation + zoom + translation + shear transforms, one per image, covering far-outside reads.
fn transforms(n: usize, h: usize, w: usize, seed: u64) -> Vec<f32> {
    let r = rand_fill(n * 6, seed);
    let mut t = Vec::new();
    for b in 0..n {
        let p = &r[6 * b..6 * b + 6];
        let (ang, zoom, tx, ty, sh) = (p[0] * 3.0, 1.0 + 0.6 * p[1], p[2] * w as f32, p[3] * h as f32, 0.3 * p[4]);
        let (cx, cy) = ((w as f32 - 1.0) / 2.0, (h as f32 - 1.0) / 2.0);
        let (a0, a1) = (zoom * ang.cos(), zoom * (-ang.sin() + sh));
        let (b0, b1) = (zoom * ang.sin(), zoom * ang.cos());
        t.extend_from_slice(&[a0, a1, tx + cx - cx * a0 - cy * a1, b0, b1, ty + cy - cx * b0 - cy * b1, 0.0, 0.0]);
    }
    t
}

const SHAPES: [(usize, usize, usize, usize); 5] = [(2, 5, 6, 3), (1, 1, 4, 2), (3, 7, 4, 1), (2, 9, 9, 5), (2, 16, 12, 8)];
const FILLS: [Fill; 5] = [Fill::Constant, Fill::Nearest, Fill::Wrap, Fill::Mirror, Fill::Reflect];

#[test]
fn matches_jax_map_coordinates_for_every_fill_and_interpolation() {
    for (si, (n, h, w, c)) in SHAPES.into_iter().enumerate() {
        let g = Warp { n, h, w, c, oh: h, ow: w };
        let x = rand_fill(n * h * w * c, 10 + si as u64);
        let t = transforms(n, h, w, 20 + si as u64);
        for fill in FILLS {
            for interp in [Interp::Nearest, Interp::Bilinear] {
                let want = reference(&g, interp, fill, 0.25, &t, &x);
                let mut y = vec![f32::NAN; want.len()];
                affine_transform(&Serial, &g, interp, fill, 0.25, &t, &x, &mut y);
                for (i, (&a, &b)) in y.iter().zip(&want).enumerate() {
                    assert!((a as f64 - b).abs() <= 1e-5 * (1.0 + b.abs()), "{g:?} {fill:?} {interp:?} element {i}: got {a}, want {b}");
                }
            }
        }
    }
}

#[test]
fn identity_and_integer_shifts_are_exact() {
    let g = Warp { n: 2, h: 4, w: 5, c: 3, oh: 4, ow: 5 };
    let x = rand_fill(2 * 4 * 5 * 3, 7);
    let id = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0];
    let t: Vec<f32> = id.iter().chain(id.iter()).copied().collect();
    for interp in [Interp::Nearest, Interp::Bilinear] {
        let mut y = vec![0.0; x.len()];
        affine_transform(&Serial, &g, interp, Fill::Reflect, 0.0, &t, &x, &mut y);
        assert_eq!(y, x, "{interp:?}");
    }
    // Sampling at x − 2 with wrap: a roll by 2 along the width.
    let sh = [1.0, 0.0, -2.0, 0.0, 1.0, 0.0, 0.0, 0.0];
    let t: Vec<f32> = sh.iter().chain(sh.iter()).copied().collect();
    let mut y = vec![0.0; x.len()];
    affine_transform(&Serial, &g, Interp::Bilinear, Fill::Wrap, 0.0, &t, &x, &mut y);
    for b in 0..2 {
        for r in 0..4 {
            for col in 0..5 {
                for ch in 0..3 {
                    assert_eq!(y[((b * 4 + r) * 5 + col) * 3 + ch], x[((b * 4 + r) * 5 + (col + 3) % 5) * 3 + ch]);
                }
            }
        }
    }
}

#[test]
fn projective_terms_divide_by_k() {
    // c0 = 0.1: output (x, y) reads ((x) / (0.1x + 1), y / (0.1x + 1)).
    let g = Warp { n: 1, h: 6, w: 6, c: 1, oh: 6, ow: 6 };
    let x: Vec<f32> = (0..36).map(|v| v as f32).collect();
    let t = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.1, 0.0];
    let mut y = vec![0.0; 36];
    affine_transform(&Serial, &g, Interp::Bilinear, Fill::Constant, 0.0, &t, &x, &mut y);
    for oy in 0..6 {
        for ox in 0..6 {
            let k = 0.1 * ox as f64 + 1.0;
            // The image is linear (v = 6·row + col), so bilinear sampling inside it is exact.
            let want = 6.0 * (oy as f64 / k) + ox as f64 / k;
            let got = y[oy * 6 + ox] as f64;
            if oy as f64 / k <= 5.0 {
                assert!((got - want).abs() < 1e-4, "({ox},{oy}): got {got}, want {want}");
            }
        }
    }
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let (n, h, w, c) = (5, 32, 24, 3);
    let g = Warp { n, h, w, c, oh: h, ow: w };
    let x = rand_fill(n * h * w * c, 3);
    let t = transforms(n, h, w, 4);
    let dy = rand_fill(n * h * w * c, 5);
    for fill in FILLS {
        for interp in [Interp::Nearest, Interp::Bilinear] {
            let mut base = vec![0.0; x.len()];
            affine_transform(&Serial, &g, interp, fill, 0.5, &t, &x, &mut base);
            let mut dbase = vec![0.0; x.len()];
            affine_transform_backward(&Serial, &g, interp, fill, &t, &dy, &mut dbase);
            for threads in [2, 3, 7] {
                let mut y = vec![f32::NAN; x.len()];
                affine_transform(&StdThreads(threads), &g, interp, fill, 0.5, &t, &x, &mut y);
                assert_eq!(y, base, "{fill:?} {interp:?} {threads} threads");
                let mut dx = vec![f32::NAN; x.len()];
                affine_transform_backward(&StdThreads(threads), &g, interp, fill, &t, &dy, &mut dx);
                assert_eq!(dx, dbase, "backward {fill:?} {interp:?} {threads} threads");
            }
        }
    }
}

#[test]
fn backward_is_the_adjoint_of_the_forward_map() {
    for (si, (n, h, w, c)) in SHAPES.into_iter().enumerate() {
        let g = Warp { n, h, w, c, oh: h, ow: w };
        let t = transforms(n, h, w, 40 + si as u64);
        let len = n * h * w * c;
        let dy = rand_fill(len, 50 + si as u64);
        for fill in FILLS {
            for interp in [Interp::Nearest, Interp::Bilinear] {
                let mut dx = vec![f32::NAN; len];
                affine_transform_backward(&Serial, &g, interp, fill, &t, &dy, &mut dx);
                // Column j of the linear map (fill value 0): the warp of the unit vector e_j.
                for j in (0..len).step_by(7) {
                    let mut e = vec![0.0; len];
                    e[j] = 1.0;
                    let mut col = vec![0.0; len];
                    affine_transform(&Serial, &g, interp, fill, 0.0, &t, &e, &mut col);
                    let want: f64 = col.iter().zip(&dy).map(|(&a, &b)| a as f64 * b as f64).sum();
                    let what = format!("{g:?} {fill:?} {interp:?} dx[{j}]");
                    assert!((dx[j] as f64 - want).abs() <= 1e-5 * (1.0 + want.abs()), "{what}: got {}, want {want}", dx[j]);
                }
            }
        }
    }
}

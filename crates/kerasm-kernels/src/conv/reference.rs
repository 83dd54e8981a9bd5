//! Float64 reference loops and shape sweeps for the window-kernel tests (conv, depthwise,
//! pooling): the obvious nested loops over every window tap, no cleverness.

use super::Geom;
use std::vec::Vec;

pub use crate::test_util::fill;

/// Output size and top/left padding along one axis, Keras/TF style ('same' puts the extra
/// cell at the bottom/right); `None` when a 'valid' window does not fit.
pub fn axis(size: usize, k: usize, s: usize, d: usize, same: bool) -> Option<(usize, usize)> {
    let keff = (k - 1) * d + 1;
    if same {
        let out = size.div_ceil(s);
        let total = ((out.max(1) - 1) * s + keff).saturating_sub(size);
        Some((out, total / 2))
    } else {
        (size >= keff).then(|| ((size - keff) / s + 1, 0))
    }
}

/// A geometry for input `[n, h, w, c]`, a `kh×kw` window, strides, dilations and padding.
#[allow(clippy::too_many_arguments)]
pub fn geom(n: usize, h: usize, w: usize, c: usize, kh: usize, kw: usize, s: (usize, usize), d: (usize, usize), same: bool, co: usize) -> Option<Geom> {
    let (oh, pt) = axis(h, kh, s.0, d.0, same)?;
    let (ow, pl) = axis(w, kw, s.1, d.1, same)?;
    Some(Geom { n, h, w, c, oh, ow, kh, kw, sh: s.0, sw: s.1, dh: d.0, dw: d.1, pt, pl, co })
}

/// Calls `f(out_pixel, in_pixel, tap)` for every in-image window tap, where `out_pixel =
/// (b·oh + oy)·ow + ox`, `in_pixel = (b·h + iy)·w + ix` and `tap = ky·kw + kx`.
pub fn for_each_tap(g: &Geom, mut f: impl FnMut(usize, usize, usize)) {
    for b in 0..g.n {
        for oy in 0..g.oh {
            for ox in 0..g.ow {
                for ky in 0..g.kh {
                    for kx in 0..g.kw {
                        let iy = (oy * g.sh + ky * g.dh) as isize - g.pt as isize;
                        let ix = (ox * g.sw + kx * g.dw) as isize - g.pl as isize;
                        if iy < 0 || ix < 0 || iy >= g.h as isize || ix >= g.w as isize {
                            continue;
                        }
                        f((b * g.oh + oy) * g.ow + ox, (b * g.h + iy as usize) * g.w + ix as usize, ky * g.kw + kx);
                    }
                }
            }
        }
    }
}

/// Reference values with their absolute-value sums (the scale rounding errors grow with).
pub struct Ref {
    pub v: Vec<f64>,
    pub abs: Vec<f64>,
}

impl Ref {
    pub fn zeros(n: usize) -> Self {
        Ref { v: std::vec![0.0; n], abs: std::vec![0.0; n] }
    }
    pub fn add(&mut self, i: usize, a: f32, b: f32) {
        let p = a as f64 * b as f64;
        self.v[i] += p;
        self.abs[i] += p.abs();
    }
    /// Asserts `got` matches within `4e-7·Σ|terms| + 1e-6` per element (f32 accumulation).
    #[track_caller]
    pub fn check(&self, got: &[f32], what: &str) {
        assert_eq!(got.len(), self.v.len(), "{what}: length");
        for (i, (&g, (&w, &a))) in got.iter().zip(self.v.iter().zip(&self.abs)).enumerate() {
            let tol = 4e-7 * a + 1e-6;
            assert!((g as f64 - w).abs() <= tol, "{what}: element {i}: got {g}, want {w} (tol {tol})");
        }
    }
}

/// conv2d: `y[o, f] = Σ x[i, ci]·w[tap, ci, f] + bias[f]`.
pub fn conv(g: &Geom, x: &[f32], w: &[f32], bias: Option<&[f32]>) -> Ref {
    let (c, co) = (g.c, g.co);
    let mut r = Ref::zeros(g.rows() * co);
    if let Some(b) = bias {
        for o in 0..g.rows() {
            for f in 0..co {
                r.add(o * co + f, b[f], 1.0);
            }
        }
    }
    for_each_tap(g, |o, i, t| {
        for ci in 0..c {
            for f in 0..co {
                r.add(o * co + f, x[i * c + ci], w[(t * c + ci) * co + f]);
            }
        }
    });
    r
}

pub fn conv_backward_input(g: &Geom, dy: &[f32], w: &[f32]) -> Ref {
    let (c, co) = (g.c, g.co);
    let mut r = Ref::zeros(g.in_len());
    for_each_tap(g, |o, i, t| {
        for ci in 0..c {
            for f in 0..co {
                r.add(i * c + ci, dy[o * co + f], w[(t * c + ci) * co + f]);
            }
        }
    });
    r
}

pub fn conv_backward_filter(g: &Geom, x: &[f32], dy: &[f32]) -> Ref {
    let (c, co) = (g.c, g.co);
    let mut r = Ref::zeros(g.k() * co);
    for_each_tap(g, |o, i, t| {
        for ci in 0..c {
            for f in 0..co {
                r.add((t * c + ci) * co + f, x[i * c + ci], dy[o * co + f]);
            }
        }
    });
    r
}

/// Depthwise with multiplier `g.co`: `y[o, ci·m + j] = Σ x[i, ci]·w[tap, ci, j] + bias`.
pub fn depthwise(g: &Geom, x: &[f32], w: &[f32], bias: Option<&[f32]>) -> Ref {
    let (c, m) = (g.c, g.co);
    let cm = c * m;
    let mut r = Ref::zeros(g.rows() * cm);
    if let Some(b) = bias {
        for o in 0..g.rows() {
            for j in 0..cm {
                r.add(o * cm + j, b[j], 1.0);
            }
        }
    }
    for_each_tap(g, |o, i, t| {
        for j in 0..cm {
            r.add(o * cm + j, x[i * c + j / m], w[t * cm + j]);
        }
    });
    r
}

pub fn depthwise_backward_input(g: &Geom, dy: &[f32], w: &[f32]) -> Ref {
    let (c, m) = (g.c, g.co);
    let cm = c * m;
    let mut r = Ref::zeros(g.in_len());
    for_each_tap(g, |o, i, t| {
        for j in 0..cm {
            r.add(i * c + j / m, dy[o * cm + j], w[t * cm + j]);
        }
    });
    r
}

pub fn depthwise_backward_filter(g: &Geom, x: &[f32], dy: &[f32]) -> Ref {
    let (c, m) = (g.c, g.co);
    let cm = c * m;
    let mut r = Ref::zeros(g.kh * g.kw * cm);
    for_each_tap(g, |o, i, t| {
        for j in 0..cm {
            r.add(t * cm + j, x[i * c + j / m], dy[o * cm + j]);
        }
    });
    r
}

/// A deterministic pseudo-random sweep of geometries over the odd shapes the brief lists:
/// batch 1–3, H/W 1–9, C 1–5, kernels 1–3, strides 1–2, dilations 1–2, both paddings.
pub fn sweep(count: usize, seed: u64, co_max: usize) -> Vec<Geom> {
    let mut s = seed;
    let mut next = |n: usize| {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((s >> 33) as usize) % n
    };
    let mut out = Vec::new();
    while out.len() < count {
        let (n, h, w, c) = (1 + next(3), 1 + next(9), 1 + next(9), 1 + next(5));
        let (kh, kw) = (1 + next(3), 1 + next(3));
        let st = (1 + next(2), 1 + next(2));
        let d = (1 + next(2), 1 + next(2));
        let same = next(2) == 1;
        let co = 1 + next(co_max);
        if let Some(g) = geom(n, h, w, c, kh, kw, st, d, same, co) {
            out.push(g);
        }
    }
    out
}

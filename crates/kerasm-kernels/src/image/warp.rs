//! Projective warp of an NHWC batch, one 8-parameter transform per image, as Keras's
//! `ops.image.affine_transform`: output pixel (x, y) samples the input at
//! `((a0·x + a1·y + a2) / k, (b0·x + b1·y + b2) / k)`, `k = c0·x + c1·y + 1`, with
//! `jax.scipy.ndimage.map_coordinates` sampling rules (Keras's JAX backend):
//! - nearest: the coordinate rounded half away from zero;
//! - bilinear: the four neighbours of `⌊coord⌋`, each resolved on its own by the fill mode,
//!   so `constant` blends the edge towards `fill_value`;
//! - fill modes: reflect (d c b a | a b c d | d c b a), mirror (d c b | a b c d | c b a),
//!   wrap, nearest (clamp), constant.
//!
//! (Keras's JAX backend ignores c0/c1; every Keras layer passes c0 = c1 = 0, where the two
//! agree.) Coordinates are computed in f32 in the order JAX's einsum uses. Each output row is
//! computed by one thread from the input alone, so results never depend on the thread count.
//! The backward pass scatters each output's gradient into its taps, one image per task.

use crate::conv::lanes::{load_n, store_n};
use crate::par::{Par, SyncPtr};
use crate::simd::F32x4;
use core::ops::Range;

const MIN_PER_THREAD: usize = 1 << 14;

/// Input `[n, h, w, c]` warped to `[n, oh, ow, c]`.
#[derive(Copy, Clone, Debug)]
pub struct Warp {
    pub n: usize,
    pub h: usize,
    pub w: usize,
    pub c: usize,
    pub oh: usize,
    pub ow: usize,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Interp {
    Nearest,
    Bilinear,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Fill {
    Constant,
    Nearest,
    Wrap,
    Mirror,
    Reflect,
}

impl Interp {
    pub fn from_code(c: u32) -> Option<Self> {
        match c {
            0 => Some(Self::Nearest),
            1 => Some(Self::Bilinear),
            _ => None,
        }
    }
}

impl Fill {
    pub fn from_code(c: u32) -> Option<Self> {
        match c {
            0 => Some(Self::Constant),
            1 => Some(Self::Nearest),
            2 => Some(Self::Wrap),
            3 => Some(Self::Mirror),
            4 => Some(Self::Reflect),
            _ => None,
        }
    }
}

/// Keeps far-away (or non-finite) coordinates inside i64 range: every fill mode maps them
/// to the same place as any other far-away coordinate would be (constant: outside).
const FAR: f32 = 1.0e7;

/// ⌊v⌋ for |v| ≤ FAR without libm (`no_std`).
#[inline(always)]
fn floor(v: f32) -> i64 {
    let t = v as i64;
    if (t as f32) > v {
        t - 1
    } else {
        t
    }
}

/// Round half away from zero (XLA's `round`), for |v| ≤ FAR.
#[inline(always)]
fn round_away(v: f32) -> i64 {
    let t = v as i64; // toward zero
    let frac = v - t as f32;
    if frac >= 0.5 {
        t + 1
    } else if frac <= -0.5 {
        t - 1
    } else {
        t
    }
}

#[inline(always)]
fn clamp_coord(v: f32) -> f32 {
    if v.is_nan() {
        -FAR
    } else {
        v.clamp(-FAR, FAR)
    }
}

/// `|((i + s) mod 2s) − s|` with `s = size − 1`: jax's mirror index fixer.
#[inline(always)]
fn mirror(i: i64, size: i64) -> i64 {
    let s = size - 1;
    if s == 0 {
        return 0;
    }
    ((i + s).rem_euclid(2 * s) - s).abs()
}

/// The in-image index that `i` reads under `fill`, or None for the constant fill value.
#[inline(always)]
fn resolve(fill: Fill, i: i64, size: usize) -> Option<usize> {
    let n = size as i64;
    let j = match fill {
        Fill::Constant => {
            if i < 0 || i >= n {
                return None;
            }
            i
        }
        Fill::Nearest => i.clamp(0, n - 1),
        Fill::Wrap => i.rem_euclid(n),
        Fill::Mirror => mirror(i, n),
        Fill::Reflect => (mirror(2 * i + 1, 2 * n + 1) - 1).div_euclid(2),
    };
    Some(j as usize)
}

/// Up to four (pixel offset in the image, weight) taps of one output pixel; `None` offset
/// means the constant fill value.
struct Taps {
    at: [Option<usize>; 4],
    wt: [f32; 4],
    len: usize,
}

/// The sampling coordinate (x, y) of output pixel (ox, oy) under transform `t`.
#[inline(always)]
fn source(t: &[f32], ox: usize, oy: usize) -> (f32, f32) {
    let (xf, yf) = (ox as f32, oy as f32);
    // JAX's einsum order: y·(row 0) + x·(row 1), then the offset.
    let mut sx = yf * t[1] + xf * t[0] + t[2];
    let mut sy = yf * t[4] + xf * t[3] + t[5];
    if t[6] != 0.0 || t[7] != 0.0 {
        let k = t[6] * xf + t[7] * yf + 1.0;
        sx = (t[0] * xf + t[1] * yf + t[2]) / k;
        sy = (t[3] * xf + t[4] * yf + t[5]) / k;
    }
    (clamp_coord(sx), clamp_coord(sy))
}

#[inline(always)]
fn taps(g: &Warp, interp: Interp, fill: Fill, sx: f32, sy: f32) -> Taps {
    let pix = |iy: i64, ix: i64| match (resolve(fill, iy, g.h), resolve(fill, ix, g.w)) {
        (Some(y), Some(x)) => Some(y * g.w + x),
        _ => None,
    };
    match interp {
        Interp::Nearest => Taps { at: [pix(round_away(sy), round_away(sx)), None, None, None], wt: [1.0, 0.0, 0.0, 0.0], len: 1 },
        Interp::Bilinear => {
            let (y0, x0) = (floor(sy), floor(sx));
            let (fy, fx) = (sy - y0 as f32, sx - x0 as f32);
            let (gy, gx) = (1.0 - fy, 1.0 - fx);
            Taps {
                at: [pix(y0, x0), pix(y0, x0 + 1), pix(y0 + 1, x0), pix(y0 + 1, x0 + 1)],
                wt: [gy * gx, gy * fx, fy * gx, fy * fx],
                len: 4,
            }
        }
    }
}

/// `y[b] = warp(x[b], transforms[8b..8b + 8])`.
#[allow(clippy::too_many_arguments)]
pub fn affine_transform(par: &dyn Par, g: &Warp, interp: Interp, fill: Fill, fill_value: f32, transforms: &[f32], x: &[f32], y: &mut [f32]) {
    let c = g.c;
    debug_assert!(transforms.len() >= 8 * g.n && x.len() >= g.n * g.h * g.w * c && y.len() >= g.n * g.oh * g.ow * c);
    if g.h == 0 || g.w == 0 {
        return;
    }
    let yp = SyncPtr(y.as_mut_ptr());
    let fv = F32x4::splat(fill_value);
    let rows = g.n * g.oh;
    run(par, rows, rows * g.ow * c * 4, &|rs| unsafe {
        for row in rs {
            let (b, oy) = (row / g.oh, row % g.oh);
            let t = &transforms[8 * b..8 * b + 8];
            let img = x.as_ptr().add(b * g.h * g.w * c);
            for ox in 0..g.ow {
                let (sx, sy) = source(t, ox, oy);
                let tp = taps(g, interp, fill, sx, sy);
                let out = yp.get().add((row * g.ow + ox) * c);
                if c < 4 {
                    // Grey and RGB: scalar lanes beat partial vector loads (same operations,
                    // same order, so the same bits as the vector path).
                    for ch in 0..c {
                        let mut acc = 0.0f32;
                        for k in 0..tp.len {
                            let v = match tp.at[k] {
                                Some(p) => *img.add(p * c + ch),
                                None => fill_value,
                            };
                            acc += v * tp.wt[k];
                        }
                        *out.add(ch) = acc;
                    }
                    continue;
                }
                let mut c0 = 0;
                while c0 < c {
                    let n = (c - c0).min(4);
                    let mut acc = F32x4::zero();
                    for k in 0..tp.len {
                        let v = match tp.at[k] {
                            Some(p) => load_n(img.add(p * c + c0), n),
                            None => fv,
                        };
                        acc = acc.add(v.mul(F32x4::splat(tp.wt[k])));
                    }
                    store_n(acc, out.add(c0), n);
                    c0 += n;
                }
            }
        }
    });
}

/// The adjoint of [`affine_transform`] with respect to `x` (the fill value is a constant).
pub fn affine_transform_backward(par: &dyn Par, g: &Warp, interp: Interp, fill: Fill, transforms: &[f32], dy: &[f32], dx: &mut [f32]) {
    let c = g.c;
    let img_len = g.h * g.w * c;
    debug_assert!(transforms.len() >= 8 * g.n && dy.len() >= g.n * g.oh * g.ow * c && dx.len() >= g.n * img_len);
    if img_len == 0 {
        return;
    }
    let dxp = SyncPtr(dx.as_mut_ptr());
    run(par, g.n, g.n * g.oh * g.ow * c * 4, &|bs| unsafe {
        for b in bs {
            let t = &transforms[8 * b..8 * b + 8];
            let img = dxp.get().add(b * img_len);
            core::ptr::write_bytes(img, 0, img_len);
            for oy in 0..g.oh {
                for ox in 0..g.ow {
                    let (sx, sy) = source(t, ox, oy);
                    let tp = taps(g, interp, fill, sx, sy);
                    let gsrc = dy.as_ptr().add(((b * g.oh + oy) * g.ow + ox) * c);
                    for k in 0..tp.len {
                        let Some(p) = tp.at[k] else { continue };
                        let wv = F32x4::splat(tp.wt[k]);
                        let dst = img.add(p * c);
                        let mut c0 = 0;
                        while c0 < c {
                            let n = (c - c0).min(4);
                            store_n(load_n(gsrc.add(c0), n).fma(wv, load_n(dst.add(c0), n)), dst.add(c0), n);
                            c0 += n;
                        }
                    }
                }
            }
        }
    });
}

fn run(par: &dyn Par, tasks: usize, work: usize, body: &(dyn Fn(Range<usize>) + Sync)) {
    crate::par::run_if_worth(par, tasks, work, MIN_PER_THREAD, body)
}

#[cfg(test)]
mod tests;

//! Softmax along a strided axis (`inner > 1`): a vector holds four neighbouring lanes of
//! `inner` and walks down `n` with stride `inner`. Leftover lanes use [`One`], which loads a
//! splat and stores lane 0, so the arithmetic is the same code either way.

use crate::math::{exp4, ln4};
use crate::simd::F32x4;

pub trait Width {
    /// # Safety
    /// `p` must point to the lanes this width covers.
    unsafe fn load(p: *const f32) -> F32x4;
    /// # Safety
    /// As for `load`, writable.
    unsafe fn store(v: F32x4, p: *mut f32);
}

/// Four lanes per vector.
pub struct Four;
/// One lane, splatted across the vector.
pub struct One;

impl Width for Four {
    #[inline(always)]
    unsafe fn load(p: *const f32) -> F32x4 {
        F32x4::load(p)
    }
    #[inline(always)]
    unsafe fn store(v: F32x4, p: *mut f32) {
        v.store(p)
    }
}

impl Width for One {
    #[inline(always)]
    unsafe fn load(p: *const f32) -> F32x4 {
        F32x4::load_splat(p)
    }
    #[inline(always)]
    unsafe fn store(v: F32x4, p: *mut f32) {
        *p = super::row::lanes(v)[0]
    }
}

/// softmax (or log_softmax) of `V` vectors of lanes starting at `x` (vector k at lane
/// offset 4k), for rows `0..n` of stride `inner`. Several vectors at once keep several
/// exp chains in flight; one at a time is latency-bound.
///
/// # Safety
/// Every `x[r·inner + lane]` must be readable and `y[…]` writable.
pub unsafe fn forward<W: Width, const V: usize>(x: *const f32, y: *mut f32, n: usize, inner: usize, log: bool) {
    let at = |r: usize, k: usize| r * inner + 4 * k;
    let mut m = [F32x4::splat(f32::NEG_INFINITY); V];
    for r in 0..n {
        for (k, mk) in m.iter_mut().enumerate() {
            *mk = mk.max(W::load(x.add(at(r, k))));
        }
    }
    let mut s = [F32x4::zero(); V];
    for r in 0..n {
        for k in 0..V {
            let e = exp4(W::load(x.add(at(r, k))).sub(m[k]));
            if !log {
                W::store(e, y.add(at(r, k)));
            }
            s[k] = s[k].add(e);
        }
    }
    if log {
        let ln_s = s.map(ln4);
        for r in 0..n {
            for k in 0..V {
                W::store(W::load(x.add(at(r, k))).sub(m[k]).sub(ln_s[k]), y.add(at(r, k)));
            }
        }
    } else {
        let inv = s.map(|s| F32x4::splat(1.0).div(s));
        for r in 0..n {
            for k in 0..V {
                W::store(W::load(y.add(at(r, k))).mul(inv[k]), y.add(at(r, k)));
            }
        }
    }
}

/// The backward of [`forward`] from its output `y` and upstream gradient `dy`.
///
/// # Safety
/// As for [`forward`], for `y`, `dy` (read) and `dx` (written).
pub unsafe fn backward<W: Width, const V: usize>(y: *const f32, dy: *const f32, dx: *mut f32, n: usize, inner: usize, log: bool) {
    let at = |r: usize, k: usize| r * inner + 4 * k;
    let mut s = [F32x4::zero(); V];
    for r in 0..n {
        for k in 0..V {
            let g = W::load(dy.add(at(r, k)));
            s[k] = if log { s[k].add(g) } else { W::load(y.add(at(r, k))).fma(g, s[k]) };
        }
    }
    for r in 0..n {
        for k in 0..V {
            let (yv, g) = (W::load(y.add(at(r, k))), W::load(dy.add(at(r, k))));
            let d = if log { g.sub(exp4(yv).mul(s[k])) } else { yv.mul(g.sub(s[k])) };
            W::store(d, dx.add(at(r, k)));
        }
    }
}

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

/// softmax (or log_softmax) of the lanes starting at `x`, for rows `0..n` of stride `inner`.
///
/// # Safety
/// Every `x[r·inner + lane]` must be readable and `y[…]` writable.
pub unsafe fn forward<W: Width>(x: *const f32, y: *mut f32, n: usize, inner: usize, log: bool) {
    let mut m = F32x4::splat(f32::NEG_INFINITY);
    for r in 0..n {
        m = m.max(W::load(x.add(r * inner)));
    }
    let mut s = F32x4::zero();
    for r in 0..n {
        let e = exp4(W::load(x.add(r * inner)).sub(m));
        if !log {
            W::store(e, y.add(r * inner));
        }
        s = s.add(e);
    }
    if log {
        let ln_s = ln4(s);
        for r in 0..n {
            W::store(W::load(x.add(r * inner)).sub(m).sub(ln_s), y.add(r * inner));
        }
    } else {
        let inv = F32x4::splat(1.0).div(s);
        for r in 0..n {
            W::store(W::load(y.add(r * inner)).mul(inv), y.add(r * inner));
        }
    }
}

/// The backward of [`forward`] from its output `y` and upstream gradient `dy`.
///
/// # Safety
/// As for [`forward`], for `y`, `dy` (read) and `dx` (written; may equal `dy`).
pub unsafe fn backward<W: Width>(y: *const f32, dy: *const f32, dx: *mut f32, n: usize, inner: usize, log: bool) {
    let mut s = F32x4::zero();
    for r in 0..n {
        let g = W::load(dy.add(r * inner));
        s = if log { s.add(g) } else { W::load(y.add(r * inner)).fma(g, s) };
    }
    for r in 0..n {
        let (yv, g) = (W::load(y.add(r * inner)), W::load(dy.add(r * inner)));
        let d = if log { g.sub(exp4(yv).mul(s)) } else { yv.mul(g.sub(s)) };
        W::store(d, dx.add(r * inner));
    }
}

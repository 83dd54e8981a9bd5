//! softmax and log_softmax over the middle axis of a contiguous `[outer, n, inner]` view,
//! their backward, and fused softmax cross-entropy (`xent.rs`).
//!
//! The forward subtracts the max before exponentiating, so no input overflows. The
//! backward works from the forward output `y`: softmax dx = y ⊙ (dy − Σ dy⊙y) and
//! log_softmax dx = dy − exp(y)·Σ dy. Each (outer, lane) is reduced by one task in a fixed
//! order, so results never depend on the thread count. A NaN anywhere on the axis makes the
//! whole slice NaN, as in TF.

mod lanes;
mod row;
mod xent;
#[cfg(test)]
mod tests;

use crate::math::{exp4, lnf};
use crate::par::{threads_for, Par};
use crate::simd::F32x4;
use core::ops::Range;
use lanes::{Four, One};
pub use xent::{softmax_xent_dense, softmax_xent_sparse, XENT_EPSILON};

/// Lanes of `inner` per task.
const JW: usize = 64;
/// A job smaller than this per thread stays on one thread (dispatch ≈ 10 µs).
const MIN_PER_THREAD: usize = 1 << 14;

/// `y = softmax(x)` (or `log_softmax` when `log`) along `n`.
pub fn softmax(par: &dyn Par, x: &[f32], y: &mut [f32], outer: usize, n: usize, inner: usize, log: bool) {
    debug_assert!(x.len() == outer * n * inner && y.len() == x.len());
    let (xp, yp) = (x.as_ptr() as usize, y.as_mut_ptr() as usize);
    for_each_slab(par, outer, n, inner, &|base, js| unsafe {
        let (x, y) = ((xp as *const f32).add(base), (yp as *mut f32).add(base));
        if inner == 1 {
            row_forward(x, y, n, log);
        } else {
            lane_groups(js, |j, w| match w {
                16 => lanes::forward::<Four, 4>(x.add(j), y.add(j), n, inner, log),
                4 => lanes::forward::<Four, 1>(x.add(j), y.add(j), n, inner, log),
                _ => lanes::forward::<One, 1>(x.add(j), y.add(j), n, inner, log),
            });
        }
    });
}

/// `dx` from the forward output `y` and upstream `dy`.
#[allow(clippy::too_many_arguments)]
pub fn softmax_backward(par: &dyn Par, y: &[f32], dy: &[f32], dx: &mut [f32], outer: usize, n: usize, inner: usize, log: bool) {
    debug_assert!(y.len() == outer * n * inner && dy.len() == y.len() && dx.len() == y.len());
    let (yp, gp, dp) = (y.as_ptr() as usize, dy.as_ptr() as usize, dx.as_mut_ptr() as usize);
    for_each_slab(par, outer, n, inner, &|base, js| unsafe {
        let (y, dy, dx) = ((yp as *const f32).add(base), (gp as *const f32).add(base), (dp as *mut f32).add(base));
        if inner == 1 {
            row_backward(y, dy, dx, n, log);
        } else {
            lane_groups(js, |j, w| match w {
                16 => lanes::backward::<Four, 4>(y.add(j), dy.add(j), dx.add(j), n, inner, log),
                4 => lanes::backward::<Four, 1>(y.add(j), dy.add(j), dx.add(j), n, inner, log),
                _ => lanes::backward::<One, 1>(y.add(j), dy.add(j), dx.add(j), n, inner, log),
            });
        }
    });
}

unsafe fn row_forward(x: *const f32, y: *mut f32, n: usize, log: bool) {
    let m = row::max(x, n);
    if log {
        // (x − m) − ln s, not x − (m + ln s): the sum would round at the scale of m.
        let (vm, ln_s) = (F32x4::splat(m), F32x4::splat(lnf(row::exp_sum::<false>(x, y, n, m))));
        row::map2(x, x, y, n, |v, _| v.sub(vm).sub(ln_s));
    } else {
        let inv = F32x4::splat(1.0 / row::exp_sum::<true>(x, y, n, m));
        row::map2(y, y, y, n, |e, _| e.mul(inv));
    }
}

unsafe fn row_backward(y: *const f32, dy: *const f32, dx: *mut f32, n: usize, log: bool) {
    if log {
        let s = F32x4::splat(row::dot(dy, None, n));
        row::map2(y, dy, dx, n, |yv, g| g.sub(exp4(yv).mul(s)));
    } else {
        let s = F32x4::splat(row::dot(dy, Some(y), n));
        row::map2(y, dy, dx, n, |yv, g| yv.mul(g.sub(s)));
    }
}

/// Calls `f(j, width)` for groups of 16 lanes, then 4, then single lanes, covering `js`.
#[inline(always)]
fn lane_groups(js: Range<usize>, mut f: impl FnMut(usize, usize)) {
    let mut j = js.start;
    while j < js.end {
        let w = [16, 4, 1].into_iter().find(|&w| js.end - j >= w).unwrap_or(1);
        f(j, w);
        j += w;
    }
}

/// Runs `f(offset of x[o, 0, 0], lanes)` over every (outer, lane group) task.
fn for_each_slab(par: &dyn Par, outer: usize, n: usize, inner: usize, f: &(dyn Fn(usize, Range<usize>) + Sync)) {
    let groups = inner.div_ceil(JW);
    let tasks = outer * groups;
    let body = |ts: Range<usize>| {
        for t in ts {
            let (o, g) = (t / groups, t % groups);
            f(o * n * inner, g * JW..(g * JW + JW).min(inner));
        }
    };
    if threads_for(par, outer * n * inner, MIN_PER_THREAD) <= 1 {
        body(0..tasks);
    } else {
        par.run(tasks, &body);
    }
}

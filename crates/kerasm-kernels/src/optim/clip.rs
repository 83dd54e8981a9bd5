//! Gradient norms for `clipnorm` and `global_clipnorm` (keras `base_optimizer.py`
//! `_clip_by_norm`, `clip_by_global_norm`).
//!
//! Norms are sums of squares over fixed blocks of [`BLOCK`] elements of each variable,
//! accumulated in f64, and the blocks are added in order, so the result never depends on
//! how many threads summed them. The scales returned here multiply the gradients inside
//! the update loop.

use super::VarDesc;
use crate::lanewise::{SyncPtr, MIN_ELEMS_PER_THREAD};
use crate::math::sqrtf;
use crate::par::{split, threads_for, Par};
use crate::simd::F32x4;
use alloc::vec;
use alloc::vec::Vec;

/// Elements per partial sum.
pub const BLOCK: usize = 4096;
/// Vectors squared in f32 before each flush to the f64 accumulators.
const FLUSH: usize = 16;

/// Σ g² of each variable's gradient, in f64.
///
/// # Safety
/// Every `grad` must address `len` readable f32.
pub unsafe fn sum_squares(par: &dyn Par, vars: &[VarDesc]) -> Vec<f64> {
    // first[i]: index of variable i's first block in the flat list of blocks.
    let mut first = Vec::with_capacity(vars.len() + 1);
    let mut nblocks = 0;
    for v in vars {
        first.push(nblocks);
        nblocks += v.len.div_ceil(BLOCK);
    }
    first.push(nblocks);
    let mut partial = vec![0.0f64; nblocks];
    let out = SyncPtr(partial.as_mut_ptr());
    let run = |blocks: core::ops::Range<usize>| {
        // The variable holding the first block, then walk forward.
        let mut i = first.partition_point(|&f| f <= blocks.start) - 1;
        for b in blocks {
            while first[i + 1] <= b {
                i += 1;
            }
            let v = &vars[i];
            let start = (b - first[i]) * BLOCK;
            let n = BLOCK.min(v.len - start);
            *out.get().add(b) = block_sum(v.grad.add(start), n);
        }
    };
    let total: usize = vars.iter().map(|v| v.len).sum();
    let threads = threads_for(par, total, MIN_ELEMS_PER_THREAD).min(nblocks);
    if threads <= 1 {
        run(0..nblocks);
    } else {
        par.run(threads, &|ts| {
            for t in ts {
                run(split(nblocks, t, threads));
            }
        });
    }
    (0..vars.len()).map(|i| partial[first[i]..first[i + 1]].iter().sum()).collect()
}

/// Σ x² over `n` elements: four f32 lanes for [`FLUSH`] vectors at a time, then f64.
unsafe fn block_sum(x: *const f32, n: usize) -> f64 {
    let mut acc = [0.0f64; 4];
    let mut i = 0;
    while i + 4 * FLUSH <= n {
        let mut a = F32x4::zero();
        for k in 0..FLUSH {
            let v = F32x4::load(x.add(i + 4 * k));
            a = v.mul(v).add(a);
        }
        let mut lanes = [0.0f32; 4];
        a.store(lanes.as_mut_ptr());
        for (s, l) in acc.iter_mut().zip(lanes) {
            *s += l as f64;
        }
        i += 4 * FLUSH;
    }
    let mut tail = 0.0f64;
    while i < n {
        let v = *x.add(i) as f64;
        tail += v * v;
        i += 1;
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// Per-variable scales for `clipnorm = c`: `c / ‖g‖` where the norm exceeds `c`, else 1
/// (Keras computes `g·c / max(‖g‖, c)`; a NaN norm gives a NaN scale, as there).
///
/// # Safety
/// As [`sum_squares`].
pub unsafe fn norm_scales(par: &dyn Par, vars: &[VarDesc], c: f32) -> Vec<f32> {
    sum_squares(par, vars).into_iter().map(|s| clip_scale(sqrtf(s as f32), c)).collect()
}

/// The one scale for `global_clipnorm = c` over every gradient.
///
/// # Safety
/// As [`sum_squares`].
pub unsafe fn global_norm_scale(par: &dyn Par, vars: &[VarDesc], c: f32) -> f32 {
    let total: f64 = sum_squares(par, vars).iter().sum();
    global_scale(sqrtf(total as f32), c)
}

/// `clipnorm`: 1 when `norm ≤ c`, `c / norm` above, NaN for a NaN norm.
pub fn clip_scale(norm: f32, c: f32) -> f32 {
    if norm.is_nan() {
        f32::NAN
    } else if norm > c {
        c / norm
    } else {
        1.0
    }
}

/// `clip_by_global_norm`: `c·min(1/norm, 1/c) + (norm − norm)`, in f32 exactly as Keras
/// writes it (the last term turns an infinite or NaN norm into a NaN scale).
#[allow(clippy::eq_op)] // `norm - norm` is the point: 0, or NaN when norm is not finite
pub fn global_scale(norm: f32, c: f32) -> f32 {
    let (a, b) = (1.0 / norm, 1.0 / c);
    let m = if a.is_nan() || b.is_nan() { f32::NAN } else { a.min(b) };
    c * m + (norm - norm)
}

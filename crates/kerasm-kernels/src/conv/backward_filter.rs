//! Convolution backward-filter: `dW[K, co] = Σ_rows im2col(X)ᵀ · dY`, one GEMM over all
//! `n·oh·ow` rows, tiled by rows (accumulating with beta = 1).
//!
//! For parallelism the rows split into a number of parts fixed by the shape alone; each part
//! sums into its own partial dW, and the partials are added in part order. So the result
//! does not depend on the thread count.

use super::forward::MIN_MACS_PER_THREAD;
use super::direct::{conv2d_backward_filter_direct, direct_filter};
use super::im2col::im2col;
use super::winograd::{conv2d_backward_filter_winograd, winograd_filter};
use super::{chunk_rows, Geom, SyncPtr};
use crate::gemm::{sgemm, Operand, Output};
use crate::par::{split, threads_for, Par, Serial};
use core::ops::Range;

/// Rows per part below which another part does not pay for its partial dW.
const MIN_ROWS_PER_PART: usize = 512;
const MAX_PARTS: usize = 16;

/// How many partial sums a job of `rows` rows uses (a function of the shape only).
pub(crate) fn parts_for(rows: usize, min_rows: usize) -> usize {
    (rows / min_rows).clamp(1, MAX_PARTS)
}

/// `dw = ∂(Σ conv2d(x, w)·dy)/∂w`.
pub fn conv2d_backward_filter(par: &dyn Par, g: &Geom, x: &[f32], dy: &[f32], dw: &mut [f32]) {
    let (rows, k, co) = (g.rows(), g.k(), g.co);
    debug_assert!(x.len() >= g.in_len() && dy.len() >= rows * co && dw.len() >= k * co);
    if k * co == 0 {
        return;
    }
    if rows == 0 {
        dw[..k * co].fill(0.0);
        return;
    }
    if winograd_filter(g) {
        return conv2d_backward_filter_winograd(par, g, x, dy, dw);
    }
    if direct_filter(g) {
        return conv2d_backward_filter_direct(par, g, x, dy, dw);
    }
    conv2d_backward_filter_gemm(par, g, x, dy, dw);
}

/// The GEMM path of [`conv2d_backward_filter`] (im2col unless pointwise); `rows, k·co > 0`.
pub(super) fn conv2d_backward_filter_gemm(par: &dyn Par, g: &Geom, x: &[f32], dy: &[f32], dw: &mut [f32]) {
    let (rows, k, co) = (g.rows(), g.k(), g.co);
    let pointwise = g.is_pointwise();
    let parts = parts_for(rows, MIN_ROWS_PER_PART);
    let chunk = chunk_rows(k);
    let (xp, dyp) = (x.as_ptr() as usize, dy.as_ptr() as usize);
    // Sums rows `range` into `target` (k × co), chunk by chunk.
    let part = |range: Range<usize>, target: *mut f32, col: &mut [f32], gemm_par: &dyn Par| unsafe {
        let mut r0 = range.start;
        while r0 < range.end {
            let nr = if pointwise { range.end - r0 } else { chunk.min(range.end - r0) };
            let a = if pointwise {
                (xp as *const f32).add(r0 * k)
            } else {
                im2col(g, xp as *const f32, r0, nr, col.as_mut_ptr());
                col.as_ptr()
            };
            let out = Output { ptr: target, ld: co, alpha: 1.0, beta: if r0 == range.start { 0.0 } else { 1.0 }, bias: None, epilogue: None };
            let b = Operand { ptr: (dyp as *const f32).add(r0 * co), ld: co, trans: false };
            sgemm(gemm_par, k, co, nr, Operand { ptr: a, ld: k, trans: true }, b, &out);
            r0 += nr;
        }
    };
    let col_len = if pointwise { 0 } else { chunk.min(rows) * k };
    if parts == 1 {
        let mut col = crate::scratch!(col_len, 0.0f32);
        part(0..rows, dw.as_mut_ptr(), &mut col, par);
        return;
    }
    let mut partials = crate::scratch!((parts - 1) * k * co, 0.0f32);
    let (dwp, pp) = (SyncPtr(dw.as_mut_ptr()), SyncPtr(partials.as_mut_ptr()));
    let run = |ps: Range<usize>| {
        let mut col = crate::scratch!(col_len, 0.0f32);
        for p in ps {
            let target = if p == 0 { dwp.get() } else { unsafe { pp.get().add((p - 1) * k * co) } };
            part(split(rows, p, parts), target, &mut col, &Serial);
        }
    };
    let threads = threads_for(par, rows * k * co, MIN_MACS_PER_THREAD);
    if threads > 1 {
        par.run(parts, &run);
    } else {
        run(0..parts);
    }
    sum_partials(par, dw, &partials, k * co);
}

/// `dw[i] += partials[0][i] + partials[1][i] + …`, in part order, threaded over `i`.
pub(crate) fn sum_partials(par: &dyn Par, dw: &mut [f32], partials: &[f32], len: usize) {
    let parts = partials.len() / len.max(1);
    const BLOCK: usize = 4096;
    let (dwp, pp) = (SyncPtr(dw.as_mut_ptr()), partials.as_ptr() as usize);
    let run = |bs: Range<usize>| {
        for blk in bs {
            let lo = blk * BLOCK;
            let hi = (lo + BLOCK).min(len);
            let d = unsafe { core::slice::from_raw_parts_mut(dwp.get().add(lo), hi - lo) };
            for p in 0..parts {
                let src = unsafe { core::slice::from_raw_parts((pp as *const f32).add(p * len + lo), hi - lo) };
                for (a, b) in d.iter_mut().zip(src) {
                    *a += *b;
                }
            }
        }
    };
    let blocks = len.div_ceil(BLOCK);
    if threads_for(par, len * parts, 1 << 15) > 1 {
        par.run(blocks, &run);
    } else {
        run(0..blocks);
    }
}

//! Convolution forward: `Y[rows, co] = im2col(X)[rows, K] · W[K, co] + bias → epilogue`.

use super::direct::{conv2d_direct, direct_forward};
use super::im2col::im2col;
use super::winograd::{conv2d_winograd, winograd_forward};
use super::{chunk_rows, Geom, SyncPtr};
use crate::gemm::{sgemm, Operand, Output};
use crate::par::{threads_for, Par, Serial};
use core::ops::Range;

/// Below this many multiply-adds per thread a job stays on one thread.
pub(super) const MIN_MACS_PER_THREAD: usize = 1 << 17;

/// `y = conv2d(x, w) (+ bias) → epilogue`, with `epilogue(ptr, len)` applied in place to
/// finished runs of the output, which may span rows (the fused activation: elementwise).
///
/// A 1×1 stride-1 convolution is one GEMM on the input; a 3×3 stride-1 one with enough
/// channels runs Winograd (`winograd.rs`); a filter of up to 64 Ki weights runs
/// the direct kernel (`direct/forward.rs`); anything larger is im2col + GEMM with rows cut
/// into chunks of about 512 KB of scratch. With at least as many chunks as threads,
/// each thread gathers and multiplies its own chunks (no nested dispatch); otherwise the
/// chunks run in turn and each GEMM is threaded.
pub fn conv2d(
    par: &dyn Par, g: &Geom, x: &[f32], w: &[f32], bias: Option<&[f32]>, y: &mut [f32],
    epilogue: Option<&(dyn Fn(*mut f32, usize) + Sync)>,
) {
    let (rows, k, co) = (g.rows(), g.k(), g.co);
    debug_assert!(x.len() >= g.in_len() && w.len() >= k * co && y.len() >= rows * co);
    debug_assert!(bias.is_none_or(|b| b.len() >= co));
    if rows == 0 || co == 0 {
        return;
    }
    let yp = SyncPtr(y.as_mut_ptr());
    let out = |r0: usize| Output {
        ptr: unsafe { yp.get().add(r0 * co) },
        ld: co,
        alpha: 1.0,
        beta: 0.0,
        bias: bias.map(|b| b.as_ptr()),
        epilogue,
    };
    let wop = Operand { ptr: w.as_ptr(), ld: co, trans: false };
    if g.is_pointwise() || k == 0 {
        // The input is already the [rows, c] matrix (k = 0: y = bias).
        unsafe { sgemm(par, rows, co, k, Operand { ptr: x.as_ptr(), ld: k.max(1), trans: false }, wop, &out(0)) };
        return;
    }
    if winograd_forward(g) {
        return conv2d_winograd(par, g, x, w, bias, y, epilogue);
    }
    if direct_forward(g) {
        return conv2d_direct(par, g, x, w, bias, y, epilogue);
    }
    conv2d_im2col(par, g, x, w, bias, y, epilogue);
}

/// The im2col + GEMM path of [`conv2d`] for windows that are not pointwise.
pub(super) fn conv2d_im2col(
    par: &dyn Par, g: &Geom, x: &[f32], w: &[f32], bias: Option<&[f32]>, y: &mut [f32],
    epilogue: Option<&(dyn Fn(*mut f32, usize) + Sync)>,
) {
    let (rows, k, co) = (g.rows(), g.k(), g.co);
    if rows == 0 || co == 0 {
        return;
    }
    let yp = SyncPtr(y.as_mut_ptr());
    let out = |r0: usize| Output {
        ptr: unsafe { yp.get().add(r0 * co) },
        ld: co,
        alpha: 1.0,
        beta: 0.0,
        bias: bias.map(|b| b.as_ptr()),
        epilogue,
    };
    let wop = Operand { ptr: w.as_ptr(), ld: co, trans: false };
    let chunk = chunk_rows(k);
    let tasks = rows.div_ceil(chunk);
    let threads = threads_for(par, rows * k * co, MIN_MACS_PER_THREAD);
    let xp = x.as_ptr() as usize;
    let body = |ts: Range<usize>, gemm_par: &dyn Par| {
        let mut col = crate::scratch!(chunk.min(rows) * k, 0.0f32);
        for t in ts {
            let r0 = t * chunk;
            let nr = chunk.min(rows - r0);
            unsafe {
                im2col(g, xp as *const f32, r0, nr, col.as_mut_ptr());
                sgemm(gemm_par, nr, co, k, Operand { ptr: col.as_ptr(), ld: k, trans: false }, wop, &out(r0));
            }
        }
    };
    if threads > 1 && tasks >= threads {
        par.run(tasks, &|ts| body(ts, &Serial));
    } else {
        body(0..tasks, par);
    }
}

//! Convolution backward-input: `dX = col2im(dY[rows, co] · Wᵀ)`.
//!
//! Each image's rows only scatter into that image, so images are the unit of parallelism:
//! one thread owns an image from zeroing to the last scatter-add, and no writes race.
//! Small windows skip the column buffer (`direct/backward_input.rs`).

use super::forward::MIN_MACS_PER_THREAD;
use super::direct::{conv2d_backward_input_direct, direct_input};
use super::im2col::col2im_add;
use super::winograd::{conv2d_backward_input_winograd, winograd_input};
use super::{chunk_rows, Geom};
use crate::gemm::{sgemm, Operand, Output};
use crate::par::{threads_for, Par, Serial};
use core::ops::Range;

/// `dx = ∂(Σ conv2d(x, w)·dy)/∂x` (the transposed convolution of `dy`).
pub fn conv2d_backward_input(par: &dyn Par, g: &Geom, dy: &[f32], w: &[f32], dx: &mut [f32]) {
    let (rows, k, co) = (g.rows(), g.k(), g.co);
    debug_assert!(dy.len() >= rows * co && w.len() >= k * co && dx.len() >= g.in_len());
    let dxp = dx.as_mut_ptr();
    let wt = Operand { ptr: w.as_ptr(), ld: co, trans: true };
    let into = |ptr: *mut f32, ld: usize| Output { ptr, ld, alpha: 1.0, beta: 0.0, bias: None, epilogue: None };
    if g.is_pointwise() && rows > 0 {
        unsafe { sgemm(par, rows, k, co, Operand { ptr: dy.as_ptr(), ld: co.max(1), trans: false }, wt, &into(dxp, k)) };
        return;
    }
    if rows == 0 || k == 0 {
        dx[..g.in_len()].fill(0.0);
        return;
    }
    if winograd_input(g) {
        return conv2d_backward_input_winograd(par, g, dy, w, dx);
    }
    if direct_input(g) {
        return conv2d_backward_input_direct(par, g, dy, w, dx);
    }
    conv2d_backward_input_gemm(par, g, dy, w, dx);
}

/// The GEMM + col2im path of [`conv2d_backward_input`]; `rows, k > 0`, not pointwise.
pub(super) fn conv2d_backward_input_gemm(par: &dyn Par, g: &Geom, dy: &[f32], w: &[f32], dx: &mut [f32]) {
    let (rows, k, co) = (g.rows(), g.k(), g.co);
    let wt = Operand { ptr: w.as_ptr(), ld: co, trans: true };
    let into = |ptr: *mut f32, ld: usize| Output { ptr, ld, alpha: 1.0, beta: 0.0, bias: None, epilogue: None };
    let dxp = dx.as_mut_ptr();
    let img_len = g.h * g.w * g.c;
    let plane = g.oh * g.ow;
    let chunk = chunk_rows(k).min(plane);
    let (dyp, dxu) = (dy.as_ptr() as usize, dxp as usize);
    let image = |b: usize, col: &mut [f32], gemm_par: &dyn Par| unsafe {
        let dx = dxu as *mut f32;
        core::ptr::write_bytes(dx.add(b * img_len), 0, img_len);
        let mut r0 = b * plane;
        while r0 < (b + 1) * plane {
            let nr = chunk.min((b + 1) * plane - r0);
            let a = Operand { ptr: (dyp as *const f32).add(r0 * co), ld: co, trans: false };
            sgemm(gemm_par, nr, k, co, a, wt, &into(col.as_mut_ptr(), k));
            col2im_add(g, col.as_ptr(), r0, nr, dx);
            r0 += nr;
        }
    };
    let threads = threads_for(par, rows * k * co, MIN_MACS_PER_THREAD);
    if threads > 1 && g.n >= threads {
        par.run(g.n, &|bs: Range<usize>| {
            let mut col = crate::scratch!(chunk * k, 0.0f32);
            for b in bs {
                image(b, &mut col, &Serial);
            }
        });
    } else {
        let mut col = crate::scratch!(chunk * k, 0.0f32);
        for b in 0..g.n {
            image(b, &mut col, par);
        }
    }
}

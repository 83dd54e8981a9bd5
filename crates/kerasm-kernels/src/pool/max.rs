//! Max pooling. The forward pass keeps nothing but `y`; the backward pass finds each
//! window's winner again by comparing the input with `y`: the first tap (in ky, kx order)
//! equal to the maximum, or the first NaN when the maximum is NaN — the choice XLA's
//! select-and-scatter makes — and adds `dy` there. No argmax tensor is stored, and both
//! passes stay in SIMD over channels.

use super::max_tiled::{max_pool2d_backward_tiled, max_pool2d_tiled};
use super::run_rows;
use crate::conv::lanes::{load_n, store_n};
use crate::conv::Geom;
use crate::par::Par;
use crate::simd::F32x4;
use alloc::vec::Vec;
use core::ops::Range;

/// Input offsets (within one image) of the in-image taps of window (oy, ox), in tap order.
fn window(g: &Geom, ty: &Range<usize>, tx: &Range<usize>, oy: usize, ox: usize, offs: &mut Vec<usize>) {
    offs.clear();
    for ky in ty.clone() {
        for kx in tx.clone() {
            offs.push(((oy * g.sh + ky * g.dh - g.pt) * g.w + ox * g.sw + kx * g.dw - g.pl) * g.c);
        }
    }
}

/// `y = max over the in-image cells of each window` (NaN if any is NaN; −∞ for none).
pub fn max_pool2d(par: &dyn Par, g: &Geom, x: &[f32], y: &mut [f32]) {
    if !max_pool2d_tiled(par, g, x, y) {
        max_pool2d_any(par, g, x, y);
    }
}

/// [`max_pool2d`] for any geometry.
pub(super) fn max_pool2d_any(par: &dyn Par, g: &Geom, x: &[f32], y: &mut [f32]) {
    let c = g.c;
    debug_assert!(x.len() >= g.in_len() && y.len() >= g.rows() * c);
    let (ty, tx) = g.tap_tables();
    let (xp, yp) = (x.as_ptr() as usize, y.as_mut_ptr() as usize);
    let body = |rs: Range<usize>| unsafe {
        let mut offs = Vec::with_capacity(g.kh * g.kw);
        for row in rs {
            let (b, oy) = (row / g.oh, row % g.oh);
            let img = (xp as *const f32).add(b * g.h * g.w * c);
            for ox in 0..g.ow {
                window(g, &ty[oy], &tx[ox], oy, ox, &mut offs);
                let out = (yp as *mut f32).add(((b * g.oh + oy) * g.ow + ox) * c);
                let mut c0 = 0;
                while c0 < c {
                    let n = (c - c0).min(4);
                    let mut best = F32x4::splat(f32::NEG_INFINITY);
                    for &off in &offs {
                        best = best.maximum(load_n(img.add(off + c0), n));
                    }
                    store_n(best, out.add(c0), n);
                    c0 += n;
                }
            }
        }
    };
    run_rows(par, g.n * g.oh, g.rows() * c * g.kh * g.kw, &body);
}

/// `dx[winner of o] += dy[o]` for every output element; images run in parallel (a window's
/// cells lie in its own image), each image in output order.
pub fn max_pool2d_backward(par: &dyn Par, g: &Geom, x: &[f32], y: &[f32], dy: &[f32], dx: &mut [f32]) {
    if !max_pool2d_backward_tiled(par, g, x, y, dy, dx) {
        max_pool2d_backward_any(par, g, x, y, dy, dx);
    }
}

/// [`max_pool2d_backward`] for any geometry.
pub(super) fn max_pool2d_backward_any(par: &dyn Par, g: &Geom, x: &[f32], y: &[f32], dy: &[f32], dx: &mut [f32]) {
    let c = g.c;
    debug_assert!(x.len() >= g.in_len() && y.len() >= g.rows() * c && dy.len() >= g.rows() * c && dx.len() >= g.in_len());
    let img_len = g.h * g.w * c;
    let (ty, tx) = g.tap_tables();
    let (xp, yp, dyp, dxp) = (x.as_ptr() as usize, y.as_ptr() as usize, dy.as_ptr() as usize, dx.as_mut_ptr() as usize);
    let body = |bs: Range<usize>| unsafe {
        let mut offs = Vec::with_capacity(g.kh * g.kw);
        for b in bs {
            let (img, grad) = ((xp as *const f32).add(b * img_len), (dxp as *mut f32).add(b * img_len));
            core::ptr::write_bytes(grad, 0, img_len);
            for oy in 0..g.oh {
                for ox in 0..g.ow {
                    window(g, &ty[oy], &tx[ox], oy, ox, &mut offs);
                    let o = ((b * g.oh + oy) * g.ow + ox) * c;
                    let mut c0 = 0;
                    while c0 < c {
                        let n = (c - c0).min(4);
                        let yv = load_n((yp as *const f32).add(o + c0), n);
                        let dv = load_n((dyp as *const f32).add(o + c0), n);
                        let ynan = yv.ne(yv);
                        // Lanes whose winner is already found.
                        let mut done = F32x4::zero();
                        for &off in &offs {
                            let xv = load_n(img.add(off + c0), n);
                            let hit = xv.eq(yv).or(xv.ne(xv).and(ynan)).andnot(done);
                            let d = grad.add(off + c0);
                            store_n(load_n(d, n).add(hit.and(dv)), d, n);
                            done = done.or(hit);
                        }
                        c0 += n;
                    }
                }
            }
        }
    };
    run_rows(par, g.n, g.in_len() + g.rows() * c * g.kh * g.kw, &body);
}

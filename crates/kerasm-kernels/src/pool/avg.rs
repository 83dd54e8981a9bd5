//! Average pooling over the cells inside the image: a window's divisor is its number of
//! in-image cells, so padded cells are excluded (Keras `padding="same"`).

use super::run_rows;
use crate::conv::lanes::{load_n, store_n};
use crate::conv::{Geom, NO_SOURCE};
use crate::par::Par;
use crate::simd::F32x4;
use alloc::vec::Vec;
use core::ops::Range;

/// `1 / (in-image cells)` of every output pixel of one image (0 for an empty window).
fn inv_counts(g: &Geom) -> Vec<f32> {
    let (ty, tx) = g.tap_tables();
    let mut v = Vec::with_capacity(g.oh * g.ow);
    for y in &ty {
        for x in &tx {
            let n = y.len() * x.len();
            v.push(if n == 0 { 0.0 } else { 1.0 / n as f32 });
        }
    }
    v
}

/// `y = mean over the in-image cells of each window` (0 for a window with none).
pub fn avg_pool2d(par: &dyn Par, g: &Geom, x: &[f32], y: &mut [f32]) {
    let c = g.c;
    debug_assert!(x.len() >= g.in_len() && y.len() >= g.rows() * c);
    let (ty, tx) = g.tap_tables();
    let inv = inv_counts(g);
    let (xp, yp) = (x.as_ptr() as usize, y.as_mut_ptr() as usize);
    let body = |rs: Range<usize>| unsafe {
        let mut offs: Vec<usize> = Vec::with_capacity(g.kh * g.kw);
        for row in rs {
            let (b, oy) = (row / g.oh, row % g.oh);
            let img = (xp as *const f32).add(b * g.h * g.w * c);
            for ox in 0..g.ow {
                offs.clear();
                for ky in ty[oy].clone() {
                    for kx in tx[ox].clone() {
                        offs.push(((oy * g.sh + ky * g.dh - g.pt) * g.w + ox * g.sw + kx * g.dw - g.pl) * c);
                    }
                }
                let out = (yp as *mut f32).add(((b * g.oh + oy) * g.ow + ox) * c);
                let scale = F32x4::splat(inv[oy * g.ow + ox]);
                let mut c0 = 0;
                while c0 < c {
                    let n = (c - c0).min(4);
                    let mut acc = F32x4::zero();
                    for &off in &offs {
                        acc = acc.add(load_n(img.add(off + c0), n));
                    }
                    store_n(acc.mul(scale), out.add(c0), n);
                    c0 += n;
                }
            }
        }
    };
    run_rows(par, g.n * g.oh, g.rows() * c * g.kh * g.kw, &body);
}

/// `dx[i] = Σ over the windows containing i of dy[o] / count(o)`, gathered per input row.
pub fn avg_pool2d_backward(par: &dyn Par, g: &Geom, dy: &[f32], dx: &mut [f32]) {
    let c = g.c;
    debug_assert!(dy.len() >= g.rows() * c && dx.len() >= g.in_len());
    let (sy, sx) = g.source_tables();
    let inv = inv_counts(g);
    let (dyp, dxp) = (dy.as_ptr() as usize, dx.as_mut_ptr() as usize);
    let body = |rs: Range<usize>| unsafe {
        // (offset of dy[o] within the image's dy, 1/count(o)) of the windows containing a cell.
        let mut srcs: Vec<(usize, f32)> = Vec::with_capacity(g.kh * g.kw);
        for row in rs {
            let (b, iy) = (row / g.h, row % g.h);
            let grad = (dyp as *const f32).add(b * g.oh * g.ow * c);
            for ix in 0..g.w {
                srcs.clear();
                for &oy in &sy[iy * g.kh..(iy + 1) * g.kh] {
                    if oy == NO_SOURCE {
                        continue;
                    }
                    for &ox in &sx[ix * g.kw..(ix + 1) * g.kw] {
                        if ox != NO_SOURCE {
                            let o = oy as usize * g.ow + ox as usize;
                            srcs.push((o * c, inv[o]));
                        }
                    }
                }
                let out = (dxp as *mut f32).add(((b * g.h + iy) * g.w + ix) * c);
                let mut c0 = 0;
                while c0 < c {
                    let n = (c - c0).min(4);
                    let mut acc = F32x4::zero();
                    for &(off, s) in &srcs {
                        acc = load_n(grad.add(off + c0), n).fma(F32x4::splat(s), acc);
                    }
                    store_n(acc, out.add(c0), n);
                    c0 += n;
                }
            }
        }
    };
    run_rows(par, g.n * g.h, g.in_len() * g.kh * g.kw, &body);
}

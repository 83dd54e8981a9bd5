//! Average pooling over the cells inside the image: a window's divisor is its number of
//! in-image cells, so padded cells are excluded (Keras `padding="same"`).

use super::run_rows;
use crate::conv::lanes::{load_n, store_n};
use crate::conv::Geom;
use crate::par::Par;
use crate::simd::F32x4;
use core::ops::Range;

/// `y = mean over the in-image cells of each window` (0 for a window with none).
pub fn avg_pool2d(par: &dyn Par, g: &Geom, x: &[f32], y: &mut [f32]) {
    let c = g.c;
    debug_assert!(x.len() >= g.in_len() && y.len() >= g.rows() * c);
    let (xp, yp) = (x.as_ptr() as usize, y.as_mut_ptr() as usize);
    let body = |rs: Range<usize>| unsafe {
        for row in rs {
            let (b, oy) = (row / g.oh, row % g.oh);
            let img = (xp as *const f32).add(b * g.h * g.w * c);
            for ox in 0..g.ow {
                let out = (yp as *mut f32).add(((b * g.oh + oy) * g.ow + ox) * c);
                let (ty, tx) = (g.taps_y(oy), g.taps_x(ox));
                let inv = inv_count(ty.len() * tx.len());
                let mut c0 = 0;
                while c0 < c {
                    let n = if c0 + 4 <= c { 4 } else { c - c0 };
                    let mut acc = F32x4::zero();
                    for ky in ty.clone() {
                        let iy = oy * g.sh + ky * g.dh - g.pt;
                        for kx in tx.clone() {
                            let ix = ox * g.sw + kx * g.dw - g.pl;
                            acc = acc.add(load_n(img.add((iy * g.w + ix) * c + c0), n));
                        }
                    }
                    store_n(acc.mul(F32x4::splat(inv)), out.add(c0), n);
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
    let (dyp, dxp) = (dy.as_ptr() as usize, dx.as_mut_ptr() as usize);
    let body = |rs: Range<usize>| unsafe {
        for row in rs {
            let (b, iy) = (row / g.h, row % g.h);
            let grad = (dyp as *const f32).add(b * g.oh * g.ow * c);
            for ix in 0..g.w {
                let out = (dxp as *mut f32).add(((b * g.h + iy) * g.w + ix) * c);
                let mut c0 = 0;
                while c0 < c {
                    let n = if c0 + 4 <= c { 4 } else { c - c0 };
                    let mut acc = F32x4::zero();
                    for ky in 0..g.kh {
                        let Some(oy) = g.oy_for(iy, ky) else { continue };
                        for kx in 0..g.kw {
                            let Some(ox) = g.ox_for(ix, kx) else { continue };
                            let inv = inv_count(g.taps_y(oy).len() * g.taps_x(ox).len());
                            acc = load_n(grad.add((oy * g.ow + ox) * c + c0), n).fma(F32x4::splat(inv), acc);
                        }
                    }
                    store_n(acc, out.add(c0), n);
                    c0 += n;
                }
            }
        }
    };
    run_rows(par, g.n * g.h, g.in_len() * g.kh * g.kw, &body);
}

#[inline(always)]
fn inv_count(n: usize) -> f32 {
    if n == 0 { 0.0 } else { 1.0 / n as f32 }
}

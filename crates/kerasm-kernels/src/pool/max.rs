//! Max pooling: the forward pass also writes, per output element, the window tap
//! `ky·kw + kx` of its maximum (the first one on ties, the first NaN if any, as XLA's
//! select-and-scatter picks), which the backward pass scatters the gradient to.

use super::run_rows;
use crate::conv::Geom;
use crate::par::Par;
use crate::simd::F32x4;
use core::ops::Range;

/// `y = max over each window`, `arg = window tap of that max` (−1 for an all-padding window).
pub fn max_pool2d(par: &dyn Par, g: &Geom, x: &[f32], y: &mut [f32], arg: &mut [i32]) {
    let c = g.c;
    debug_assert!(x.len() >= g.in_len() && y.len() >= g.rows() * c && arg.len() >= g.rows() * c);
    let (xp, yp, ap) = (x.as_ptr() as usize, y.as_mut_ptr() as usize, arg.as_mut_ptr() as usize);
    let body = |rs: Range<usize>| unsafe {
        let all = F32x4::zero().eq(F32x4::zero());
        for row in rs {
            let (b, oy) = (row / g.oh, row % g.oh);
            let img = (xp as *const f32).add(b * g.h * g.w * c);
            for ox in 0..g.ow {
                let o = ((b * g.oh + oy) * g.ow + ox) * c;
                let (yo, ao) = ((yp as *mut f32).add(o), (ap as *mut i32).add(o));
                let mut c0 = 0;
                while c0 + 4 <= c {
                    let mut best = F32x4::splat(f32::NEG_INFINITY);
                    let mut tap = F32x4::splat(-1.0);
                    let mut started = false;
                    for ky in g.taps_y(oy) {
                        let iy = oy * g.sh + ky * g.dh - g.pt;
                        for kx in g.taps_x(ox) {
                            let ix = ox * g.sw + kx * g.dw - g.pl;
                            let v = F32x4::load(img.add((iy * g.w + ix) * c + c0));
                            // Strictly greater (first max wins), or the first NaN.
                            let take = if started { v.gt(best).or(v.ne(v)).andnot(best.ne(best)) } else { all };
                            started = true;
                            best = take.select(v, best);
                            tap = take.select(F32x4::splat((ky * g.kw + kx) as f32), tap);
                        }
                    }
                    best.store(yo.add(c0));
                    tap.to_i32_sat().store(ao.add(c0));
                    c0 += 4;
                }
                for ch in c0..c {
                    let (mut best, mut tap) = (f32::NEG_INFINITY, -1i32);
                    for ky in g.taps_y(oy) {
                        let iy = oy * g.sh + ky * g.dh - g.pt;
                        for kx in g.taps_x(ox) {
                            let ix = ox * g.sw + kx * g.dw - g.pl;
                            let v = *img.add((iy * g.w + ix) * c + ch);
                            if tap < 0 || (!best.is_nan() && (v > best || v.is_nan())) {
                                best = v;
                                tap = (ky * g.kw + kx) as i32;
                            }
                        }
                    }
                    *yo.add(ch) = best;
                    *ao.add(ch) = tap;
                }
            }
        }
    };
    run_rows(par, g.n * g.oh, g.rows() * c * g.kh * g.kw, &body);
}

/// `dx[window tap arg[o]] += dy[o]`; images run in parallel (each scatters only into itself).
pub fn max_pool2d_backward(par: &dyn Par, g: &Geom, dy: &[f32], arg: &[i32], dx: &mut [f32]) {
    let c = g.c;
    debug_assert!(dy.len() >= g.rows() * c && arg.len() >= g.rows() * c && dx.len() >= g.in_len());
    let img_len = g.h * g.w * c;
    let (dyp, ap, dxp) = (dy.as_ptr() as usize, arg.as_ptr() as usize, dx.as_mut_ptr() as usize);
    let body = |bs: Range<usize>| unsafe {
        for b in bs {
            let img = (dxp as *mut f32).add(b * img_len);
            core::ptr::write_bytes(img, 0, img_len);
            for oy in 0..g.oh {
                for ox in 0..g.ow {
                    let o = ((b * g.oh + oy) * g.ow + ox) * c;
                    for ch in 0..c {
                        let t = *(ap as *const i32).add(o + ch);
                        if t < 0 {
                            continue;
                        }
                        let (ky, kx) = (t as usize / g.kw, t as usize % g.kw);
                        let iy = oy * g.sh + ky * g.dh - g.pt;
                        let ix = ox * g.sw + kx * g.dw - g.pl;
                        *img.add((iy * g.w + ix) * c + ch) += *(dyp as *const f32).add(o + ch);
                    }
                }
            }
        }
    };
    run_rows(par, g.n, g.in_len() + g.rows() * c, &body);
}

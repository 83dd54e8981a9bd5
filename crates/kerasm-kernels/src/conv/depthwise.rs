//! Depthwise 2-D convolution, NHWC, kernel `[kh, kw, c, mult]`: output channel `ci·mult + m`
//! is input channel `ci` convolved with `w[.., .., ci, m]` (Keras `DepthwiseConv2D`).
//!
//! Direct loops, SIMD over channels in blocks of 16 held in registers. A multiplier above 1
//! first repeats each input channel `mult` times (so every kernel below sees mult = 1), and
//! the input gradient sums those copies back.
//!
//! The geometry's `co` is the depth multiplier.

use super::backward_filter::{parts_for, sum_partials};
use super::forward::MIN_MACS_PER_THREAD;
use super::lanes::mul_add_into;
use super::{Geom, SyncPtr, NO_SOURCE};
use crate::par::{split, threads_for, Par};
use crate::simd::F32x4;
use alloc::vec::Vec;
use core::ops::Range;

/// Channels per register block: 4 vectors of 4.
const CB: usize = 16;

/// `y[n, oy, ox, ci·mult + m] = Σ x[n, iy, ix, ci]·w[ky, kx, ci, m] (+ bias)`.
pub fn depthwise_conv2d(par: &dyn Par, g: &Geom, x: &[f32], w: &[f32], bias: Option<&[f32]>, y: &mut [f32]) {
    let Some((g1, xs)) = expand(g, x) else { return };
    let x1 = xs.as_deref().unwrap_or(x);
    let cm = g1.c;
    debug_assert!(w.len() >= g.kh * g.kw * cm && y.len() >= g.rows() * cm);
    let (xp, wp, bp, yp) = (x1.as_ptr() as usize, w.as_ptr() as usize, bias.map(|b| b.as_ptr() as usize), SyncPtr(y.as_mut_ptr()));
    let (ty, tx) = g1.tap_tables();
    let body = |rs: Range<usize>| unsafe {
        // (input offset, weight offset) of each in-image tap of one window.
        let mut taps: Vec<(usize, usize)> = Vec::with_capacity(g1.kh * g1.kw);
        for row in rs {
            let (b, oy) = (row / g1.oh, row % g1.oh);
            let img = (xp as *const f32).add(b * g1.h * g1.w * cm);
            for ox in 0..g1.ow {
                taps.clear();
                for ky in ty[oy].clone() {
                    for kx in tx[ox].clone() {
                        let (iy, ix) = (oy * g1.sh + ky * g1.dh - g1.pt, ox * g1.sw + kx * g1.dw - g1.pl);
                        taps.push(((iy * g1.w + ix) * cm, (ky * g1.kw + kx) * cm));
                    }
                }
                let out = yp.get().add(((b * g1.oh + oy) * g1.ow + ox) * cm);
                for c0 in (0..cm).step_by(CB) {
                    let nc = CB.min(cm - c0);
                    let mut acc = match bp {
                        Some(bp) => load_block((bp as *const f32).add(c0), nc),
                        None => [F32x4::zero(); 4],
                    };
                    for &(xo, wo) in &taps {
                        fma_block(&mut acc, img.add(xo + c0), (wp as *const f32).add(wo + c0), nc);
                    }
                    store_block(&acc, out.add(c0), nc);
                }
            }
        }
    };
    run_rows(par, g1.n * g1.oh, g1.rows() * g1.kh * g1.kw * cm, &body);
}

/// `dx = ∂(Σ y·dy)/∂x`, as a gather over the outputs each input pixel feeds (no write races).
pub fn depthwise_conv2d_backward_input(par: &dyn Par, g: &Geom, dy: &[f32], w: &[f32], dx: &mut [f32]) {
    let mult = g.co.max(1);
    let g1 = Geom { c: g.c * mult, co: 1, ..*g };
    let cm = g1.c;
    let mut scratch: Vec<f32> = Vec::new();
    let dx1: &mut [f32] = if mult == 1 {
        &mut *dx
    } else {
        scratch = crate::scratch!(g1.in_len(), 0.0f32);
        &mut scratch
    };
    let (dyp, wp, dxp) = (dy.as_ptr() as usize, w.as_ptr() as usize, SyncPtr(dx1.as_mut_ptr()));
    let (sy, sx) = g1.source_tables();
    let body = |rs: Range<usize>| unsafe {
        // (dy offset, weight offset) of each output reading one input cell.
        let mut srcs: Vec<(usize, usize)> = Vec::with_capacity(g1.kh * g1.kw);
        for row in rs {
            let (b, iy) = (row / g1.h, row % g1.h);
            let grad = (dyp as *const f32).add(b * g1.oh * g1.ow * cm);
            for ix in 0..g1.w {
                srcs.clear();
                for ky in 0..g1.kh {
                    let oy = sy[iy * g1.kh + ky];
                    if oy == NO_SOURCE {
                        continue;
                    }
                    for kx in 0..g1.kw {
                        let ox = sx[ix * g1.kw + kx];
                        if ox != NO_SOURCE {
                            srcs.push(((oy as usize * g1.ow + ox as usize) * cm, (ky * g1.kw + kx) * cm));
                        }
                    }
                }
                let out = dxp.get().add(((b * g1.h + iy) * g1.w + ix) * cm);
                for c0 in (0..cm).step_by(CB) {
                    let nc = CB.min(cm - c0);
                    let mut acc = [F32x4::zero(); 4];
                    for &(d, wo) in &srcs {
                        fma_block(&mut acc, grad.add(d + c0), (wp as *const f32).add(wo + c0), nc);
                    }
                    store_block(&acc, out.add(c0), nc);
                }
            }
        }
    };
    run_rows(par, g1.n * g1.h, g1.in_len() * g1.kh * g1.kw, &body);
    if mult > 1 {
        // dx[.., ci] = Σ_m dx1[.., ci·mult + m]
        for (d, s) in dx.iter_mut().zip(scratch.chunks_exact(mult)) {
            *d = s.iter().sum();
        }
    }
}

/// `dw = ∂(Σ y·dy)/∂w`: per-part partial sums over output rows, added in part order.
pub fn depthwise_conv2d_backward_filter(par: &dyn Par, g: &Geom, x: &[f32], dy: &[f32], dw: &mut [f32]) {
    let Some((g1, xs)) = expand(g, x) else { return };
    let x1 = xs.as_deref().unwrap_or(x);
    let cm = g1.c;
    let len = g1.kh * g1.kw * cm;
    let rows = g1.n * g1.oh;
    let parts = parts_for(g1.rows(), 2048);
    let mut partials = crate::scratch!((parts - 1) * len, 0.0f32);
    dw[..len].fill(0.0);
    let (xp, dyp) = (x1.as_ptr() as usize, dy.as_ptr() as usize);
    let (dwp, pp) = (SyncPtr(dw.as_mut_ptr()), SyncPtr(partials.as_mut_ptr()));
    let (ty, tx) = g1.tap_tables();
    let body = |ps: Range<usize>| unsafe {
        for p in ps {
            let acc_base = if p == 0 { dwp.get() } else { pp.get().add((p - 1) * len) };
            for row in split(rows, p, parts) {
                let (b, oy) = (row / g1.oh, row % g1.oh);
                let img = (xp as *const f32).add(b * g1.h * g1.w * cm);
                for ox in 0..g1.ow {
                    let dv = (dyp as *const f32).add(((b * g1.oh + oy) * g1.ow + ox) * cm);
                    for ky in ty[oy].clone() {
                        let iy = oy * g1.sh + ky * g1.dh - g1.pt;
                        for kx in tx[ox].clone() {
                            let ix = ox * g1.sw + kx * g1.dw - g1.pl;
                            mul_add_into(img.add((iy * g1.w + ix) * cm), dv, acc_base.add((ky * g1.kw + kx) * cm), cm);
                        }
                    }
                }
            }
        }
    };
    if threads_for(par, g1.rows() * len, MIN_MACS_PER_THREAD) > 1 {
        par.run(parts, &body);
    } else {
        body(0..parts);
    }
    if parts > 1 {
        sum_partials(par, dw, &partials, len);
    }
}

/// The geometry with mult folded into the channels, and the repeated input when mult > 1.
/// `None` (recorded in [`crate::scratch`]) when the repeated input does not fit.
fn expand(g: &Geom, x: &[f32]) -> Option<(Geom, Option<Vec<f32>>)> {
    let mult = g.co.max(1);
    let g1 = Geom { c: g.c * mult, co: 1, ..*g };
    if mult == 1 {
        return Some((g1, None));
    }
    let mut xs = crate::scratch::zeros(g1.in_len(), 0.0f32)?;
    for (d, &s) in xs.chunks_exact_mut(mult).zip(&x[..g.in_len()]) {
        d.fill(s);
    }
    Some((g1, Some(xs)))
}

fn run_rows(par: &dyn Par, rows: usize, work: usize, body: &(dyn Fn(Range<usize>) + Sync)) {
    crate::par::run_if_worth(par, rows, work, MIN_MACS_PER_THREAD, body)
}

#[inline(always)]
unsafe fn load_block(p: *const f32, n: usize) -> [F32x4; 4] {
    if n == CB {
        return [F32x4::load(p), F32x4::load(p.add(4)), F32x4::load(p.add(8)), F32x4::load(p.add(12))];
    }
    let mut t = [0.0f32; CB];
    for (i, v) in t.iter_mut().enumerate().take(n) {
        *v = *p.add(i);
    }
    load_block(t.as_ptr(), CB)
}

#[inline(always)]
unsafe fn store_block(acc: &[F32x4; 4], p: *mut f32, n: usize) {
    if n == CB {
        for (i, v) in acc.iter().enumerate() {
            v.store(p.add(4 * i));
        }
        return;
    }
    let mut t = [0.0f32; CB];
    store_block(acc, t.as_mut_ptr(), CB);
    for (i, &v) in t.iter().enumerate().take(n) {
        *p.add(i) = v;
    }
}

/// `acc[i] += a[i]·b[i]` for the first `n ≤ 16` lanes.
#[inline(always)]
unsafe fn fma_block(acc: &mut [F32x4; 4], a: *const f32, b: *const f32, n: usize) {
    if n == CB {
        for (i, v) in acc.iter_mut().enumerate() {
            *v = F32x4::load(a.add(4 * i)).fma(F32x4::load(b.add(4 * i)), *v);
        }
        return;
    }
    let (av, bv) = (load_block(a, n), load_block(b, n));
    for i in 0..4 {
        acc[i] = av[i].fma(bv[i], acc[i]);
    }
}

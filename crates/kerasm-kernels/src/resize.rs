//! Image resizing of NHWC tensors, for `UpSampling2D`: nearest-neighbour and bilinear with
//! half-pixel centres (TF2 `tf.image.resize`, `jax.image.resize`; no corner alignment), each
//! with its backward pass. Channels are the SIMD axis.

use crate::conv::lanes::{copy_short, load_n, store_n};
use crate::conv::SyncPtr;
use crate::par::Par;
use crate::simd::F32x4;
use alloc::vec::Vec;
use core::ops::Range;

const MIN_PER_THREAD: usize = 1 << 15;

/// Input `[n, h, w, c]` resized to `[n, oh, ow, c]`.
#[derive(Copy, Clone, Debug)]
pub struct Resize {
    pub n: usize,
    pub h: usize,
    pub w: usize,
    pub c: usize,
    pub oh: usize,
    pub ow: usize,
}

/// The source index of output `o` along an axis of `inp` → `out` cells: `⌊o·inp/out⌋`
/// (for an integer factor f, `o / f`: Keras's repeat).
#[inline(always)]
fn nearest_src(o: usize, inp: usize, out: usize) -> usize {
    (o * inp / out).min(inp - 1)
}

/// `y[b, oy, ox] = x[b, ⌊oy·h/oh⌋, ⌊ox·w/ow⌋]`.
pub fn resize_nearest(par: &dyn Par, r: &Resize, x: &[f32], y: &mut [f32]) {
    let c = r.c;
    debug_assert!(x.len() >= r.n * r.h * r.w * c && y.len() >= r.n * r.oh * r.ow * c);
    if r.h == 0 || r.w == 0 {
        return;
    }
    let yp = SyncPtr(y.as_mut_ptr());
    rows(par, r.n * r.oh, r.n * r.oh * r.ow * c, &|rs| unsafe {
        for row in rs {
            let (b, oy) = (row / r.oh, row % r.oh);
            let src = x.as_ptr().add((b * r.h + nearest_src(oy, r.h, r.oh)) * r.w * c);
            let dst = yp.get().add(row * r.ow * c);
            for ox in 0..r.ow {
                copy_short(src.add(nearest_src(ox, r.w, r.ow) * c), dst.add(ox * c), c);
            }
        }
    });
}

/// `dx[b, iy, ix] = Σ dy over the outputs that copied it` (a gather: rows run in parallel).
pub fn resize_nearest_backward(par: &dyn Par, r: &Resize, dy: &[f32], dx: &mut [f32]) {
    let c = r.c;
    debug_assert!(dy.len() >= r.n * r.oh * r.ow * c && dx.len() >= r.n * r.h * r.w * c);
    let dxp = SyncPtr(dx.as_mut_ptr());
    // Outputs reading input i along an axis: the o with ⌊o·inp/out⌋ = i.
    let first = |i: usize, inp: usize, out: usize| (i * out).div_ceil(inp);
    rows(par, r.n * r.h, r.n * r.oh * r.ow * c, &|rs| unsafe {
        for row in rs {
            let (b, iy) = (row / r.h, row % r.h);
            let (y0, y1) = (first(iy, r.h, r.oh), first(iy + 1, r.h, r.oh).min(r.oh));
            for ix in 0..r.w {
                let (x0, x1) = (first(ix, r.w, r.ow), first(ix + 1, r.w, r.ow).min(r.ow));
                let out = dxp.get().add((row * r.w + ix) * c);
                let mut c0 = 0;
                while c0 < c {
                    let n = (c - c0).min(4);
                    let mut acc = F32x4::zero();
                    for oy in y0..y1 {
                        for ox in x0..x1 {
                            acc = acc.add(load_n(dy.as_ptr().add(((b * r.oh + oy) * r.ow + ox) * c + c0), n));
                        }
                    }
                    store_n(acc, out.add(c0), n);
                    c0 += n;
                }
            }
        }
    });
}

/// Bilinear taps of one output coordinate: `(1 − f)·x[i0] + f·x[i1]`.
#[derive(Copy, Clone)]
struct Tap {
    i0: usize,
    i1: usize,
    f: f32,
}

/// Half-pixel taps along one axis: source `(o + ½)·inp/out − ½`, clamped to the edge cells.
fn taps(inp: usize, out: usize) -> Vec<Tap> {
    let scale = inp as f32 / out as f32;
    (0..out)
        .map(|o| {
            let s = ((o as f32 + 0.5) * scale - 0.5).max(0.0);
            let i0 = (s as usize).min(inp - 1);
            let i1 = (i0 + 1).min(inp - 1);
            Tap { i0, i1, f: if i1 == i0 { 0.0 } else { s - i0 as f32 } }
        })
        .collect()
}

/// Bilinear resize with half-pixel centres.
pub fn resize_bilinear(par: &dyn Par, r: &Resize, x: &[f32], y: &mut [f32]) {
    let c = r.c;
    debug_assert!(x.len() >= r.n * r.h * r.w * c && y.len() >= r.n * r.oh * r.ow * c);
    if r.h == 0 || r.w == 0 {
        return;
    }
    let (ty, tx) = (taps(r.h, r.oh), taps(r.w, r.ow));
    let yp = SyncPtr(y.as_mut_ptr());
    rows(par, r.n * r.oh, r.n * r.oh * r.ow * c * 4, &|rs| unsafe {
        for row in rs {
            let (b, oy) = (row / r.oh, row % r.oh);
            let t = ty[oy];
            let img = x.as_ptr().add(b * r.h * r.w * c);
            let (r0, r1) = (img.add(t.i0 * r.w * c), img.add(t.i1 * r.w * c));
            let (fy, gy) = (F32x4::splat(t.f), F32x4::splat(1.0 - t.f));
            for (ox, u) in tx.iter().enumerate() {
                let (fx, gx) = (F32x4::splat(u.f), F32x4::splat(1.0 - u.f));
                let out = yp.get().add((row * r.ow + ox) * c);
                let mut c0 = 0;
                while c0 < c {
                    let n = (c - c0).min(4);
                    let (a0, a1) = (u.i0 * c + c0, u.i1 * c + c0);
                    let top = load_n(r0.add(a0), n).mul(gx).add(load_n(r0.add(a1), n).mul(fx));
                    let bot = load_n(r1.add(a0), n).mul(gx).add(load_n(r1.add(a1), n).mul(fx));
                    store_n(top.mul(gy).add(bot.mul(fy)), out.add(c0), n);
                    c0 += n;
                }
            }
        }
    });
}

/// The adjoint of [`resize_bilinear`]: each output scatters its four weighted taps; images
/// run in parallel (scatters stay inside their image).
pub fn resize_bilinear_backward(par: &dyn Par, r: &Resize, dy: &[f32], dx: &mut [f32]) {
    let c = r.c;
    let img_len = r.h * r.w * c;
    debug_assert!(dy.len() >= r.n * r.oh * r.ow * c && dx.len() >= r.n * img_len);
    if img_len == 0 {
        return;
    }
    let (ty, tx) = (taps(r.h, r.oh), taps(r.w, r.ow));
    let dxp = SyncPtr(dx.as_mut_ptr());
    rows(par, r.n, r.n * r.oh * r.ow * c * 4, &|bs| unsafe {
        for b in bs {
            let img = dxp.get().add(b * img_len);
            core::ptr::write_bytes(img, 0, img_len);
            for (oy, t) in ty.iter().enumerate() {
                let (r0, r1) = (img.add(t.i0 * r.w * c), img.add(t.i1 * r.w * c));
                for (ox, u) in tx.iter().enumerate() {
                    let g = dy.as_ptr().add(((b * r.oh + oy) * r.ow + ox) * c);
                    let w00 = (1.0 - t.f) * (1.0 - u.f);
                    let w01 = (1.0 - t.f) * u.f;
                    let w10 = t.f * (1.0 - u.f);
                    let w11 = t.f * u.f;
                    let mut c0 = 0;
                    while c0 < c {
                        let n = (c - c0).min(4);
                        let gv = load_n(g.add(c0), n);
                        for (p, wgt) in [(r0.add(u.i0 * c + c0), w00), (r0.add(u.i1 * c + c0), w01), (r1.add(u.i0 * c + c0), w10), (r1.add(u.i1 * c + c0), w11)] {
                            store_n(gv.fma(F32x4::splat(wgt), load_n(p, n)), p, n);
                        }
                        c0 += n;
                    }
                }
            }
        }
    });
}

fn rows(par: &dyn Par, rows: usize, work: usize, body: &(dyn Fn(Range<usize>) + Sync)) {
    crate::par::run_if_worth(par, rows, work, MIN_PER_THREAD, body)
}

#[cfg(test)]
mod tests;

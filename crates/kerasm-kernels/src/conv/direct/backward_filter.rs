//! Direct backward-filter: 4 taps × 8 filters per register tile, summed over an image's pixels.

use super::{pad_columns, Frame};
use crate::conv::backward_filter::sum_partials;
use crate::conv::forward::MIN_MACS_PER_THREAD;
use crate::conv::{Geom, SyncPtr};
use crate::par::{split, threads_for, Par};
use crate::simd::F32x4;
use alloc::vec::Vec;
use core::ops::Range;

/// Partial sums: one per group of whole images, at most this many (a function of the shape).
const MAX_PARTS: usize = 16;

/// `dw = Σ_p im2col(x)[p]ᵀ ⊗ dy[p]` (see [`crate::conv::conv2d_backward_filter`]).
///
/// Images split into `min(n, 16)` parts; each part sums its images, in order, into its own
/// partial dW, and the partials are added in part order. Without padding a tile's registers
/// sum all of a part's pixels in one pass; with padding, one padded image at a time (the
/// tile then restarts from the partial). One image is one part, so it runs serially.
pub fn conv2d_backward_filter_direct(par: &dyn Par, g: &Geom, x: &[f32], dy: &[f32], dw: &mut [f32]) {
    let (k, co) = (g.k(), g.co);
    let len = k * co;
    if len == 0 {
        return;
    }
    let plane = g.oh * g.ow;
    let frame = Frame::new(g);
    let mut off = frame.offsets(g);
    // Taps padded to a multiple of 4 (offset 0: a real, discarded read).
    off.resize(k.next_multiple_of(4), 0);
    let parts = g.n.clamp(1, MAX_PARTS);
    let mut partials = crate::scratch!((parts - 1) * len, 0.0f32);
    let (dwp, pp) = (SyncPtr(dw.as_mut_ptr()), SyncPtr(partials.as_mut_ptr()));
    let xp = x.as_ptr() as usize;
    let (frame, off) = (&frame, &off[..]);
    let body = |ps: Range<usize>| unsafe {
        let (mut buf, mut bases, mut one) = (Vec::new(), Vec::new(), Vec::new());
        for p in ps {
            let target = if p == 0 { dwp.get() } else { pp.get().add((p - 1) * len) };
            let imgs = split(g.n, p, parts);
            // Segments of pixels one tile pass sums: the whole part when windows read x in
            // place (bases then span images), else one padded image at a time.
            let segs = if frame.padded { imgs.len() } else { 1 };
            for s in 0..segs {
                let (b0, b1) = if frame.padded { (imgs.start + s, imgs.start + s + 1) } else { (imgs.start, imgs.end) };
                let src = frame.load(g, xp as *const f32, b0, frame.rows(g, 0, g.oh), &mut buf);
                bases.clear();
                frame.bases(g, 0, g.oh, &mut one);
                for bi in 0..b1 - b0 {
                    bases.extend(one.iter().map(|&o| o + (bi * g.h * g.w * g.c) as u32));
                }
                // Tiles load 8 filters at a time: dY is read in place when co is a multiple of 8.
                let rows = &dy[b0 * plane * co..b1 * plane * co];
                let padded = if co % 8 == 0 { None } else { pad_columns(rows, (b1 - b0) * plane, co) };
                let (dy8, ld) = match &padded {
                    Some((v, ld)) => (&v[..], *ld),
                    None if co % 8 == 0 => (rows, co),
                    None => return,
                };
                for t0 in (0..k).step_by(4) {
                    let o = [off[t0] as usize, off[t0 + 1] as usize, off[t0 + 2] as usize, off[t0 + 3] as usize];
                    let (mr, tgt) = ((k - t0).min(4), target.add(t0 * co));
                    for j in (0..co).step_by(8) {
                        let nr = (co - j).min(8);
                        let init = if s == 0 { [[F32x4::zero(); 2]; 4] } else { load_tile(tgt.add(j), co, mr, nr) };
                        let acc = tile(init, &bases, src, &o, dy8.as_ptr().add(j), ld);
                        store_tile(&acc, tgt.add(j), co, mr, nr);
                    }
                }
            }
        }
    };
    if parts > 1 && threads_for(par, g.rows() * len, MIN_MACS_PER_THREAD) > 1 {
        par.run(parts, &body);
    } else {
        body(0..parts);
    }
    if parts > 1 {
        sum_partials(par, dw, &partials, len);
    }
}

/// `acc[q] += Σ_p x[base[p] + o[q]] · dY8[p, 0..8]` for 4 taps.
#[inline(always)]
unsafe fn tile(init: [[F32x4; 2]; 4], bases: &[u32], x: *const f32, o: &[usize; 4], dy: *const f32, ld: usize) -> [[F32x4; 2]; 4] {
    let mut acc = init;
    let mut d = dy;
    for &b in bases {
        let px = x.add(b as usize);
        let (b0, b1) = (F32x4::load(d), F32x4::load(d.add(4)));
        for (q, row) in acc.iter_mut().enumerate() {
            let a = F32x4::load_splat(px.add(o[q]));
            row[0] = a.fma(b0, row[0]);
            row[1] = a.fma(b1, row[1]);
        }
        d = d.add(ld);
    }
    acc
}

/// The `mr × nr` corner of a 4×8 tile at `p` (row stride `ld`), zeros elsewhere.
#[inline(always)]
unsafe fn load_tile(p: *const f32, ld: usize, mr: usize, nr: usize) -> [[F32x4; 2]; 4] {
    let mut acc = [[F32x4::zero(); 2]; 4];
    for (q, row) in acc.iter_mut().enumerate().take(mr) {
        let mut t = [0.0f32; 8];
        for (l, v) in t.iter_mut().enumerate().take(nr) {
            *v = *p.add(q * ld + l);
        }
        *row = [F32x4::load(t.as_ptr()), F32x4::load(t.as_ptr().add(4))];
    }
    acc
}

#[inline(always)]
unsafe fn store_tile(acc: &[[F32x4; 2]; 4], p: *mut f32, ld: usize, mr: usize, nr: usize) {
    for (q, row) in acc.iter().enumerate().take(mr) {
        let mut t = [0.0f32; 8];
        row[0].store(t.as_mut_ptr());
        row[1].store(t.as_mut_ptr().add(4));
        for (l, &v) in t.iter().enumerate().take(nr) {
            *p.add(q * ld + l) = v;
        }
    }
}

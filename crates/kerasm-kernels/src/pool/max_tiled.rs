//! Max pooling whose windows tile the image: stride = window, no dilation, no padding, and
//! every window inside the image (Keras's default `MaxPooling2D(2)` on "valid" input). Each
//! input cell then belongs to at most one window, which allows two shortcuts over `max.rs`:
//!
//! * the window's taps sit at fixed offsets from its corner, so the window size is a const
//!   generic and the tap loop unrolls (no offset table per output pixel);
//! * the backward pass *writes* every gradient cell once (the winner gets `dy`, the other
//!   taps 0, the cells no window covers 0) instead of zeroing `dx` and adding into it: one
//!   pass over `dx`, no read-modify-write.
//!
//! Results are bit-identical to `max.rs`: the same taps in the same (ky, kx) order, the same
//! first-max / first-NaN winner, and the winner's value computed as `0 + dy` (which turns a
//! −0 gradient into +0, as the zero-then-add loop does).

use super::run_rows;
use crate::conv::lanes::{load_n, store_n, zero_short};
use crate::conv::Geom;
use crate::par::Par;
use crate::simd::F32x4;
use core::ops::Range;

/// The window size (kh, kw) when `g` is a tiling that `max_tiled` handles.
pub(super) fn tiled_window(g: &Geom) -> Option<(usize, usize)> {
    let tiles = g.sh == g.kh && g.sw == g.kw && g.dh == 1 && g.dw == 1 && g.pt == 0 && g.pl == 0
        && g.oh * g.kh <= g.h && g.ow * g.kw <= g.w;
    (tiles && g.c > 0).then_some((g.kh, g.kw))
}

/// `y = max over each window`; `false` when the window size has no specialisation here.
pub(super) fn max_pool2d_tiled(par: &dyn Par, g: &Geom, x: &[f32], y: &mut [f32]) -> bool {
    match tiled_window(g) {
        Some((2, 2)) => forward::<2, 2>(par, g, x, y),
        Some((3, 3)) => forward::<3, 3>(par, g, x, y),
        _ => return false,
    }
    true
}

/// Backward of [`max_pool2d_tiled`]; `false` when it does not handle `g`.
pub(super) fn max_pool2d_backward_tiled(par: &dyn Par, g: &Geom, x: &[f32], y: &[f32], dy: &[f32], dx: &mut [f32]) -> bool {
    match tiled_window(g) {
        Some((2, 2)) => backward::<2, 2>(par, g, x, y, dy, dx),
        Some((3, 3)) => backward::<3, 3>(par, g, x, y, dy, dx),
        _ => return false,
    }
    true
}

fn forward<const KH: usize, const KW: usize>(par: &dyn Par, g: &Geom, x: &[f32], y: &mut [f32]) {
    let (c, wc) = (g.c, g.w * g.c);
    debug_assert!(x.len() >= g.in_len() && y.len() >= g.rows() * c);
    let (xp, yp) = (x.as_ptr() as usize, y.as_mut_ptr() as usize);
    let body = |rs: Range<usize>| unsafe {
        for row in rs {
            let (b, oy) = (row / g.oh, row % g.oh);
            let src = (xp as *const f32).add((b * g.h + oy * KH) * wc);
            let out = (yp as *mut f32).add(row * g.ow * c);
            for ox in 0..g.ow {
                let (p, o) = (src.add(ox * KW * c), out.add(ox * c));
                let mut c0 = 0;
                while c0 + 4 <= c {
                    window_max::<KH, KW>(p.add(c0), wc, c, 4).store(o.add(c0));
                    c0 += 4;
                }
                if c0 < c {
                    store_n(window_max::<KH, KW>(p.add(c0), wc, c, c - c0), o.add(c0), c - c0);
                }
            }
        }
    };
    run_rows(par, g.n * g.oh, g.rows() * c * KH * KW, &body);
}

/// Max of the window at `p` (rows `wc` floats apart, columns `c`), `n ≤ 4` lanes, taps in order.
#[inline(always)]
unsafe fn window_max<const KH: usize, const KW: usize>(p: *const f32, wc: usize, c: usize, n: usize) -> F32x4 {
    let mut m = load_n(p, n);
    for t in 1..KH * KW {
        m = m.maximum(load_n(p.add((t / KW) * wc + (t % KW) * c), n));
    }
    m
}

fn backward<const KH: usize, const KW: usize>(par: &dyn Par, g: &Geom, x: &[f32], y: &[f32], dy: &[f32], dx: &mut [f32]) {
    let (c, wc) = (g.c, g.w * g.c);
    debug_assert!(x.len() >= g.in_len() && y.len() >= g.rows() * c && dy.len() >= g.rows() * c && dx.len() >= g.in_len());
    let (xp, yp, dyp, dxp) = (x.as_ptr() as usize, y.as_ptr() as usize, dy.as_ptr() as usize, dx.as_mut_ptr() as usize);
    // Task `row` owns input rows oy·KH .. oy·KH + KH of its image, plus, for the last output
    // row, the input rows below it that no window covers.
    let body = |rs: Range<usize>| unsafe {
        for row in rs {
            let (b, oy) = (row / g.oh, row % g.oh);
            let at = (b * g.h + oy * KH) * wc;
            let (src, grad) = ((xp as *const f32).add(at), (dxp as *mut f32).add(at));
            let (yr, dyr) = ((yp as *const f32).add(row * g.ow * c), (dyp as *const f32).add(row * g.ow * c));
            for ox in 0..g.ow {
                let (p, d) = (src.add(ox * KW * c), grad.add(ox * KW * c));
                let mut c0 = 0;
                while c0 + 4 <= c {
                    window_grad::<KH, KW>(p.add(c0), d.add(c0), yr.add(ox * c + c0), dyr.add(ox * c + c0), wc, c, 4);
                    c0 += 4;
                }
                if c0 < c {
                    window_grad::<KH, KW>(p.add(c0), d.add(c0), yr.add(ox * c + c0), dyr.add(ox * c + c0), wc, c, c - c0);
                }
            }
            // Columns right of the last window.
            let (covered, rest) = (g.ow * KW * c, wc - g.ow * KW * c);
            for ky in 0..KH {
                zero_short(grad.add(ky * wc + covered), rest);
            }
            if oy + 1 == g.oh {
                let below = (g.h - g.oh * KH) * wc;
                core::ptr::write_bytes(grad.add(KH * wc), 0, below);
            }
        }
    };
    run_rows(par, g.n * g.oh, g.in_len() + g.rows() * c * KH * KW, &body);
    if g.oh == 0 {
        dx[..g.in_len()].fill(0.0);
    }
}

/// Writes the gradient of one window's `n ≤ 4` lanes: `0 + dy` at the first tap equal to
/// `y` (or the first NaN when `y` is NaN), `0` at the other taps.
#[inline(always)]
unsafe fn window_grad<const KH: usize, const KW: usize>(
    p: *const f32, d: *mut f32, y: *const f32, dy: *const f32, wc: usize, c: usize, n: usize,
) {
    let (yv, dv) = (load_n(y, n), load_n(dy, n));
    let ynan = yv.ne(yv);
    // NaN maxima are rare: the common path skips the NaN test per tap.
    if ynan.any() {
        taps::<KH, KW, true>(p, d, yv, dv, ynan, wc, c, n)
    } else {
        taps::<KH, KW, false>(p, d, yv, dv, ynan, wc, c, n)
    }
}

#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn taps<const KH: usize, const KW: usize, const NAN: bool>(
    p: *const f32, d: *mut f32, yv: F32x4, dv: F32x4, ynan: F32x4, wc: usize, c: usize, n: usize,
) {
    let zero = F32x4::zero();
    let mut done = zero;
    for t in 0..KH * KW {
        let off = (t / KW) * wc + (t % KW) * c;
        let xv = load_n(p.add(off), n);
        let mut hit = xv.eq(yv);
        if NAN {
            hit = hit.or(xv.ne(xv).and(ynan));
        }
        let hit = hit.andnot(done);
        store_n(zero.add(hit.and(dv)), d.add(off), n);
        done = done.or(hit);
    }
}

//! Backward-filter with F(2×2, 3×3): by the transposition principle, the gradient of the
//! forward `Y = Aᵀ·[(G·g·Gᵀ) ⊙ (Bᵀ·d·B)]·A` with respect to `g` is
//! `dW = Gᵀ·[Σ_tiles (A·dY·Aᵀ) ⊙ (Bᵀ·d·B)]·G`: 16 GEMMs `M[ξ] = Vᵀ[ξ]·E[ξ]` over all tiles,
//! then the 4×4 → 3×3 transform per channel pair.
//!
//! Tiles are numbered over (image, tile row, tile column) and cut into a number of parts fixed
//! by the shape; each part sums its tiles, chunk by chunk in order, into its own `M`, and the
//! parts are added in order. So the result does not depend on the thread count.

use super::run::input_transform;
use crate::conv::backward_filter::parts_for;
use crate::conv::{Geom, SyncPtr};
use crate::conv::forward::MIN_MACS_PER_THREAD;
use crate::par::{run_if_worth, split, Par};
use crate::simd::F32x4;
use core::ops::Range;

/// Tiles per transformed chunk (V: 16·TC·c floats, E: 16·TC·co, L2-sized for c, co ≤ 64).
const TC: usize = 32;
/// Tiles per part below which another partial `M` (16·c·co floats, zeroed, then summed) does
/// not pay.
const MIN_TILES_PER_PART: usize = 256;

/// Cap on all partial `M`s together (32 MB): 512×512 channels get 2 parts, not 16 (256 MB).
const MAX_PARTIAL_FLOATS: usize = 1 << 23;

/// `dw = ∂(Σ conv2d(x, w)·dy)/∂w` for a geometry [`super::winograd_filter`] accepts
/// (`c % 4 == 0`, `co % 8 == 0`).
pub fn conv2d_backward_filter_winograd(par: &dyn Par, g: &Geom, x: &[f32], dy: &[f32], dw: &mut [f32]) {
    let (c, co) = (g.c, g.co);
    debug_assert!(c % 4 == 0 && co % 8 == 0);
    let (th, tw) = (g.oh.div_ceil(2), g.ow.div_ceil(2));
    let tiles = g.n * th * tw;
    let mlen = 16 * c * co;
    let parts = parts_for(tiles, MIN_TILES_PER_PART).min((MAX_PARTIAL_FLOATS / mlen).max(1));
    let mut m = crate::scratch!(parts * mlen, 0.0f32);
    let mp = SyncPtr(m.as_mut_ptr());
    let (xp, dyp) = (x.as_ptr() as usize, dy.as_ptr() as usize);
    run_if_worth(par, parts, 16 * tiles * c * co, MIN_MACS_PER_THREAD, &|ps: Range<usize>| unsafe {
        let mut v = crate::scratch!(16 * TC * c, 0.0f32);
        let mut e = crate::scratch!(16 * TC * co, 0.0f32);
        for p in ps {
            let range = split(tiles, p, parts);
            let mpart = mp.get().add(p * mlen);
            for t0 in range.clone().step_by(TC) {
                let nt = (range.end - t0).min(TC);
                for i in 0..nt {
                    let t = t0 + i;
                    let (b, ty, tx) = (t / (th * tw), t / tw % th, t % tw);
                    input_tile(g, xp as *const f32, b, 2 * ty, 2 * tx, v.as_mut_ptr().add(i * c), TC * c);
                    grad_tile(g, dyp as *const f32, b, 2 * ty, 2 * tx, e.as_mut_ptr().add(i * co), TC * co);
                }
                for xi in 0..16 {
                    accumulate(nt, c, co, v.as_ptr().add(xi * TC * c), e.as_ptr().add(xi * TC * co), mpart.add(xi * c * co));
                }
            }
        }
    });
    // Sum the parts in order and transform, split over input channels.
    let dwp = SyncPtr(dw.as_mut_ptr());
    let m = &m[..];
    run_if_worth(par, c, parts * mlen, MIN_MACS_PER_THREAD, &|cis: Range<usize>| unsafe {
        for ci in cis {
            for f in (0..co).step_by(4) {
                let u: [F32x4; 16] = core::array::from_fn(|xi| {
                    let at = xi * c * co + ci * co + f;
                    let mut s = F32x4::load(m.as_ptr().add(at));
                    for p in 1..parts {
                        s = s.add(F32x4::load(m.as_ptr().add(p * mlen + at)));
                    }
                    s
                });
                for (tap, val) in output_transform(&u).into_iter().enumerate() {
                    val.store(dwp.get().add((tap * c + ci) * co + f));
                }
            }
        }
    });
}

/// `M[ci][f] += Σ_t V[t][ci]·E[t][f]` over `nt` tiles, 4 channels × 8 filters per register tile.
#[inline(always)]
unsafe fn accumulate(nt: usize, c: usize, co: usize, v: *const f32, e: *const f32, m: *mut f32) {
    for ci in (0..c).step_by(4) {
        for f in (0..co).step_by(8) {
            let mut acc: [[F32x4; 2]; 4] =
                core::array::from_fn(|q| [F32x4::load(m.add((ci + q) * co + f)), F32x4::load(m.add((ci + q) * co + f + 4))]);
            for t in 0..nt {
                let (b0, b1) = (F32x4::load(e.add(t * co + f)), F32x4::load(e.add(t * co + f + 4)));
                for (q, row) in acc.iter_mut().enumerate() {
                    let a = F32x4::load_splat(v.add(t * c + ci + q));
                    row[0] = a.fma(b0, row[0]);
                    row[1] = a.fma(b1, row[1]);
                }
            }
            for (q, row) in acc.iter().enumerate() {
                row[0].store(m.add((ci + q) * co + f));
                row[1].store(m.add((ci + q) * co + f + 4));
            }
        }
    }
}

/// `Bᵀ·d·B` of the 4×4 input patch at output (oy, ox) of image `b` (zeros outside the image),
/// stored at `dst + ξ·vs + ci`.
#[inline(always)]
unsafe fn input_tile(g: &Geom, x: *const f32, b: usize, oy: usize, ox: usize, dst: *mut f32, vs: usize) {
    let c = g.c;
    let at = |r: usize, s: usize| -> Option<*const f32> {
        let iy = (oy + r).checked_sub(g.pt).filter(|&v| v < g.h)?;
        let ix = (ox + s).checked_sub(g.pl).filter(|&v| v < g.w)?;
        Some(x.add(((b * g.h + iy) * g.w + ix) * c))
    };
    let p: [[Option<*const f32>; 4]; 4] = core::array::from_fn(|r| core::array::from_fn(|s| at(r, s)));
    for ci in (0..c).step_by(4) {
        let d: [[F32x4; 4]; 4] = core::array::from_fn(|r| core::array::from_fn(|s| p[r][s].map_or(F32x4::zero(), |q| F32x4::load(q.add(ci)))));
        for (xi, v) in input_transform(&d).into_iter().enumerate() {
            v.store(dst.add(xi * vs + ci));
        }
    }
}

/// `A·e·Aᵀ` of the 2×2 block of `dy` at (oy, ox) of image `b` (zeros past the output), stored
/// at `dst + ξ·es + f`. A·[e0, e1] = [e0, e0 + e1, e0 − e1, −e1].
#[inline(always)]
pub(super) unsafe fn grad_tile(g: &Geom, dy: *const f32, b: usize, oy: usize, ox: usize, dst: *mut f32, es: usize) {
    let co = g.co;
    let at = |r: usize, s: usize| (oy + r < g.oh && ox + s < g.ow).then(|| dy.add(((b * g.oh + oy + r) * g.ow + ox + s) * co));
    let p: [[Option<*const f32>; 2]; 2] = core::array::from_fn(|r| core::array::from_fn(|s| at(r, s)));
    let expand = |e0: F32x4, e1: F32x4| [e0, e0.add(e1), e0.sub(e1), F32x4::zero().sub(e1)];
    for f in (0..co).step_by(4) {
        let e: [[F32x4; 2]; 2] = core::array::from_fn(|r| core::array::from_fn(|s| p[r][s].map_or(F32x4::zero(), |q| F32x4::load(q.add(f)))));
        // cols[s] = A·(column s of e), then each row r of that through A.
        let cols = [expand(e[0][0], e[1][0]), expand(e[0][1], e[1][1])];
        for r in 0..4 {
            for (s, vv) in expand(cols[0][r], cols[1][r]).into_iter().enumerate() {
                vv.store(dst.add((r * 4 + s) * es + f));
            }
        }
    }
}

/// `Gᵀ·M·G` (4×4 → the 9 taps `ky·3 + kx`). Gᵀ = [1 ½ ½ 0; 0 ½ −½ 0; 0 ½ ½ 1].
#[inline(always)]
fn output_transform(m: &[F32x4; 16]) -> [F32x4; 9] {
    let half = F32x4::splat(0.5);
    let red = |a: F32x4, b: F32x4, c: F32x4, d: F32x4| {
        let (p, q) = (b.add(c).mul(half), b.sub(c).mul(half));
        [a.add(p), q, p.add(d)]
    };
    // t[s] = Gᵀ·(column s of M).
    let t: [[F32x4; 3]; 4] = core::array::from_fn(|s| red(m[s], m[4 + s], m[8 + s], m[12 + s]));
    let mut out = [F32x4::zero(); 9];
    for ky in 0..3 {
        let row = red(t[0][ky], t[1][ky], t[2][ky], t[3][ky]);
        out[ky * 3..ky * 3 + 3].copy_from_slice(&row);
    }
    out
}

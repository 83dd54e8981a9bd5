//! Backward-input as the transpose of the forward algorithm: `dX` gets, for every 2×2 tile of
//! `dY`, the 4×4 patch `B·[U ⊙ (A·dY·Aᵀ)]·Bᵀ` added where the forward tile read its input.
//! It costs the forward pass's products (16 per 2×2 tile of `dY`); the correlation form
//! (`run.rs` on the rotated filter) tiles all of `dX` instead, which for the seed CNN's
//! conv2 (11×11 `dY`, 13×13 `dX`) is 1.36× more products.
//!
//! Patches overlap, so one task owns a whole image of `dX` and adds its tiles in order: the
//! result does not depend on the thread count.

use super::filter_grad::grad_tile;
use super::run::{tile, TG};
use super::Filter;
use crate::conv::forward::MIN_MACS_PER_THREAD;
use crate::conv::{Geom, SyncPtr};
use crate::par::{run_if_worth, Par};
use crate::simd::F32x4;
use core::ops::Range;

/// `dx` of `g` (`co % 4 == 0`, `c % 8 == 0`) with `f` the transposed, unflipped filter.
pub(super) fn run(par: &dyn Par, g: &Geom, dy: &[f32], f: &Filter, dx: &mut [f32]) {
    let (c, co) = (g.c, g.co);
    debug_assert!(co % 4 == 0 && c % 8 == 0 && f.cp == co && f.nj * 8 == c);
    let (th, tw) = (g.oh.div_ceil(2), g.ow.div_ceil(2));
    let img = g.h * g.w * c;
    let dxp = SyncPtr(dx.as_mut_ptr());
    let dyp = dy.as_ptr() as usize;
    let work = g.n * th * tw * 16 * c * co;
    run_if_worth(par, g.n, work, MIN_MACS_PER_THREAD, &|bs: Range<usize>| unsafe {
        let mut e = crate::scratch!(16 * TG * co, 0.0f32);
        let mut mb = [0.0f32; 16 * TG * 8];
        for b in bs {
            core::ptr::write_bytes(dxp.get().add(b * img), 0, img);
            let ntiles = th * tw;
            for i0 in (0..ntiles).step_by(TG) {
                let mr = (ntiles - i0).min(TG);
                for q in 0..TG {
                    let i = i0 + q.min(mr - 1);
                    grad_tile(g, dyp as *const f32, b, 2 * (i / tw), 2 * (i % tw), e.as_mut_ptr().add(q * co), TG * co);
                }
                for jb in 0..f.nj {
                    for xi in 0..16 {
                        let acc = tile(co, e.as_ptr().add(xi * TG * co), f.u.as_ptr().add((xi * f.nj + jb) * co * 8));
                        for (q, a) in acc.iter().enumerate() {
                            a[0].store(mb.as_mut_ptr().add((xi * TG + q) * 8));
                            a[1].store(mb.as_mut_ptr().add((xi * TG + q) * 8 + 4));
                        }
                    }
                    for q in 0..mr {
                        let i = i0 + q;
                        scatter_tile(g, mb.as_ptr().add(q * 8), dxp.get(), b, 2 * (i / tw), 2 * (i % tw), jb * 8);
                    }
                }
            }
        }
    });
}

/// Adds `B·M·Bᵀ` (`M[ξ]` at `m + ξ·TG·8`, 8 channels from `ci`) into the in-image cells of the
/// 4×4 patch the forward tile at output (oy, ox) reads. B·[m0..m3] = [m0, m1 − m2 + m3,
/// m1 + m2 − m0, −m3].
#[inline(always)]
unsafe fn scatter_tile(g: &Geom, m: *const f32, dx: *mut f32, b: usize, oy: usize, ox: usize, ci: usize) {
    let expand = |v: [F32x4; 4]| [v[0], v[1].sub(v[2]).add(v[3]), v[1].add(v[2]).sub(v[0]), F32x4::zero().sub(v[3])];
    for h in 0..2 {
        let mv = |xi: usize| F32x4::load(m.add(xi * TG * 8 + 4 * h));
        // cols[s] = B·(column s of M).
        let cols: [[F32x4; 4]; 4] = core::array::from_fn(|s| expand([mv(s), mv(4 + s), mv(8 + s), mv(12 + s)]));
        for r in 0..4 {
            let Some(iy) = (oy + r).checked_sub(g.pt).filter(|&v| v < g.h) else { continue };
            let row = expand([cols[0][r], cols[1][r], cols[2][r], cols[3][r]]);
            for (s, v) in row.into_iter().enumerate() {
                let Some(ix) = (ox + s).checked_sub(g.pl).filter(|&v| v < g.w) else { continue };
                let p = dx.add(((b * g.h + iy) * g.w + ix) * g.c + ci + 4 * h);
                F32x4::load(p).add(v).store(p);
            }
        }
    }
}

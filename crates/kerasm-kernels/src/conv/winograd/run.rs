//! The F(2×2, 3×3) kernel. A task is an image, or a block of its tile rows when there are
//! fewer images than threads; it copies the input rows it reads into a zero-padded frame,
//! then walks its tiles in groups of 4: the input transform into `V[ξ][tile][ci]`, the 16
//! products `V[ξ]·U[ξ]` as 4-tile × 8-filter register tiles (the direct kernel's shape), and
//! the output transform with bias straight into `y`.

use super::Filter;
use crate::conv::forward::MIN_MACS_PER_THREAD;
use crate::conv::{Geom, SyncPtr};
use crate::par::{split, threads_for, Par};
use crate::simd::F32x4;
use alloc::vec;
use alloc::vec::Vec;
use core::ops::Range;

/// Tiles per group: the register tile's height.
pub(super) const TG: usize = 4;

/// `y = conv(x) + bias → epilogue` with the transformed filter `f` (see [`super`]).
pub(super) fn run(
    par: &dyn Par, g: &Geom, x: &[f32], f: &Filter, bias: Option<&[f32]>, y: &mut [f32],
    epilogue: Option<&(dyn Fn(*mut f32, usize) + Sync)>,
) {
    let co = g.co;
    debug_assert!(x.len() >= g.in_len() && y.len() >= g.rows() * co);
    if g.rows() == 0 || co == 0 {
        return;
    }
    let (th, tw, cp, nj) = (g.oh.div_ceil(2), g.ow.div_ceil(2), f.cp, f.nj);
    let mut bias8 = vec![0.0f32; nj * 8];
    if let Some(b) = bias {
        bias8[..co].copy_from_slice(&b[..co]);
    }
    let threads = threads_for(par, g.n * th * tw * 16 * cp * nj * 8, MIN_MACS_PER_THREAD);
    let blocks = if g.n >= threads { 1 } else { threads.div_ceil(g.n).min(th) };
    let fw = 2 * tw + 2;
    let yp = SyncPtr(y.as_mut_ptr());
    let xp = x.as_ptr() as usize;
    let bias8 = &bias8[..];
    let body = |ts: Range<usize>| unsafe {
        let mut frame = Vec::new();
        let mut v = crate::scratch!(16 * TG * cp, 0.0f32);
        let mut m = [0.0f32; 16 * TG * 8];
        for t in ts {
            let (b, tys) = (t / blocks, split(th, t % blocks, blocks));
            if tys.is_empty() {
                continue;
            }
            load_frame(g, xp as *const f32, b, tys.clone(), fw, cp, &mut frame);
            let ntiles = tys.len() * tw;
            let mut rows_done = 0;
            for i0 in (0..ntiles).step_by(TG) {
                let mr = (ntiles - i0).min(TG);
                for q in 0..TG {
                    let i = i0 + q.min(mr - 1);
                    let src = frame.as_ptr().add((2 * (i / tw) * fw + 2 * (i % tw)) * cp);
                    input_tile(src, fw * cp, cp, v.as_mut_ptr().add(q * cp), TG * cp);
                }
                for jb in 0..nj {
                    for xi in 0..16 {
                        let acc = tile(cp, v.as_ptr().add(xi * TG * cp), f.u.as_ptr().add((xi * nj + jb) * cp * 8));
                        for (q, a) in acc.iter().enumerate() {
                            a[0].store(m.as_mut_ptr().add((xi * TG + q) * 8));
                            a[1].store(m.as_mut_ptr().add((xi * TG + q) * 8 + 4));
                        }
                    }
                    for q in 0..mr {
                        let i = i0 + q;
                        let (oy, ox) = (2 * (tys.start + i / tw), 2 * (i % tw));
                        let dst = yp.get().add(((b * g.oh + oy) * g.ow + ox) * co + jb * 8);
                        let valid = ((g.oh - oy).min(2), (g.ow - ox).min(2), (co - jb * 8).min(8));
                        output_tile(m.as_ptr().add(q * 8), bias8.as_ptr().add(jb * 8), dst, g.ow * co, co, valid);
                    }
                }
                // Epilogue once per finished tile row (its two output rows are contiguous).
                let done = (i0 + mr) / tw;
                if let (Some(ep), true) = (epilogue, done > rows_done) {
                    let oy0 = 2 * (tys.start + rows_done);
                    let oy1 = (2 * (tys.start + done)).min(g.oh);
                    ep(yp.get().add((b * g.oh + oy0) * g.ow * co), (oy1 - oy0) * g.ow * co);
                }
                rows_done = done;
            }
        }
    };
    let tasks = g.n * blocks;
    if threads > 1 {
        par.run(tasks, &body);
    } else {
        body(0..tasks);
    }
}

/// Frame rows `2·tys.start .. 2·tys.end + 2` of image `b`: `fw` cells of `cp` floats, the
/// image at (pt, pl), zeros around it and in the channel padding.
unsafe fn load_frame(g: &Geom, x: *const f32, b: usize, tys: Range<usize>, fw: usize, cp: usize, buf: &mut Vec<f32>) {
    let (fy0, nfy) = (2 * tys.start, 2 * tys.len() + 2);
    buf.clear();
    buf.resize(nfy * fw * cp, 0.0);
    // Columns past the last tile's patch are never read.
    let ncols = g.w.min(fw - g.pl);
    for r in 0..nfy {
        let Some(iy) = (fy0 + r).checked_sub(g.pt).filter(|&v| v < g.h) else { continue };
        let src = x.add((b * g.h + iy) * g.w * g.c);
        let dst = buf.as_mut_ptr().add((r * fw + g.pl) * cp);
        if cp == g.c {
            core::ptr::copy_nonoverlapping(src, dst, ncols * cp);
        } else {
            for ix in 0..ncols {
                core::ptr::copy_nonoverlapping(src.add(ix * g.c), dst.add(ix * cp), g.c);
            }
        }
    }
}

/// `V[ξ] = (Bᵀ·d·B)[ξ]` of the 4×4 patch at `src` (rows `rs` apart, cells `cp` apart), for
/// every channel, stored at `dst + ξ·vs + ci`.
#[inline(always)]
unsafe fn input_tile(src: *const f32, rs: usize, cp: usize, dst: *mut f32, vs: usize) {
    for ci in (0..cp).step_by(4) {
        let d: [[F32x4; 4]; 4] = core::array::from_fn(|r| core::array::from_fn(|s| F32x4::load(src.add(r * rs + s * cp + ci))));
        for (xi, v) in input_transform(&d).into_iter().enumerate() {
            v.store(dst.add(xi * vs + ci));
        }
    }
}

/// `Bᵀ·d·B` of a 4×4 patch `d[row][col]`, as `V[ξ = r·4 + s]`.
/// Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1].
#[inline(always)]
pub(super) fn input_transform(d: &[[F32x4; 4]; 4]) -> [F32x4; 16] {
    let bt = |a: F32x4, b: F32x4, c: F32x4, e: F32x4| [a.sub(c), b.add(c), c.sub(b), b.sub(e)];
    // t[s] = Bᵀ·(column s of d).
    let t: [[F32x4; 4]; 4] = core::array::from_fn(|s| bt(d[0][s], d[1][s], d[2][s], d[3][s]));
    let mut v = [F32x4::zero(); 16];
    for r in 0..4 {
        v[r * 4..r * 4 + 4].copy_from_slice(&bt(t[0][r], t[1][r], t[2][r], t[3][r]));
    }
    v
}

/// `acc[q] = Σ_ci V[q][ci] · U[ci][0..8]` for the 4 tiles of a group (`d` = padded channels).
#[inline(always)]
pub(super) unsafe fn tile(d: usize, v: *const f32, u: *const f32) -> [[F32x4; 2]; TG] {
    let mut acc = [[F32x4::zero(); 2]; TG];
    for ci in 0..d {
        let (b0, b1) = (F32x4::load(u.add(ci * 8)), F32x4::load(u.add(ci * 8 + 4)));
        for (q, row) in acc.iter_mut().enumerate() {
            let a = F32x4::load_splat(v.add(q * d + ci));
            row[0] = a.fma(b0, row[0]);
            row[1] = a.fma(b1, row[1]);
        }
    }
    acc
}

/// `Y = Aᵀ·M·A + bias` for one tile (`M[ξ]` at `m + ξ·TG·8`, 8 filters), written to the
/// `valid = (rows, cols, filters)` part of the 2×2 output at `dst` (rows `rs`, cells `cs`
/// apart). Aᵀ = [1 1 1 0; 0 1 −1 −1].
#[inline(always)]
unsafe fn output_tile(m: *const f32, bias: *const f32, dst: *mut f32, rs: usize, cs: usize, valid: (usize, usize, usize)) {
    for h in 0..2 {
        let lanes = valid.2.saturating_sub(4 * h).min(4);
        if lanes == 0 {
            break;
        }
        let mv = |xi: usize| F32x4::load(m.add(xi * TG * 8 + 4 * h));
        let col = |s: usize| {
            let (m0, m1, m2, m3) = (mv(s), mv(4 + s), mv(8 + s), mv(12 + s));
            [m0.add(m1).add(m2), m1.sub(m2).sub(m3)]
        };
        let s = [col(0), col(1), col(2), col(3)];
        let bv = F32x4::load(bias.add(4 * h));
        for r in 0..valid.0 {
            let y = [s[0][r].add(s[1][r]).add(s[2][r]), s[1][r].sub(s[2][r]).sub(s[3][r])];
            for (c, yv) in y.into_iter().enumerate().take(valid.1) {
                let p = dst.add(r * rs + c * cs + 4 * h);
                let yv = yv.add(bv);
                if lanes == 4 {
                    yv.store(p);
                } else {
                    let mut tmp = [0.0f32; 4];
                    yv.store(tmp.as_mut_ptr());
                    core::ptr::copy_nonoverlapping(tmp.as_ptr(), p, lanes);
                }
            }
        }
    }
}

//! Direct backward-input: 4 output pixels × 8 taps of `dY·Wᵀ` per register tile, added
//! straight into a padded copy of one image's `dX`; images run in parallel.

use super::Frame;
use crate::conv::forward::MIN_MACS_PER_THREAD;
use crate::conv::{Geom, SyncPtr};
use crate::par::{threads_for, Par};
use crate::simd::F32x4;
use alloc::vec::Vec;
use core::ops::Range;

/// `dx = col2im(dy·Wᵀ)` (see [`crate::conv::conv2d_backward_input`]).
pub fn conv2d_backward_input_direct(par: &dyn Par, g: &Geom, dy: &[f32], w: &[f32], dx: &mut [f32]) {
    let (k, co, c) = (g.k(), g.co, g.c);
    let frame = Frame::new(g);
    let off = frame.offsets(g);
    let mut bases = Vec::new();
    frame.bases(g, 0, g.oh, &mut bases);
    // Wᵀ packed in panels of 8 taps, `[t / 8][j][t % 8]` (taps zero-padded to a multiple of
    // 8): a tile streams one contiguous panel.
    let k8 = k.next_multiple_of(8);
    let mut wt = crate::scratch!(co * k8, 0.0f32);
    for t in 0..k {
        for j in 0..co {
            wt[(t / 8) * co * 8 + j * 8 + t % 8] = w[t * co + j];
        }
    }
    // With c a multiple of 8, a panel's 8 taps are 8 consecutive channels of one (ky, kx):
    // contiguous in dX, so a tile adds two vectors per pixel instead of 8 scalars.
    let contiguous = c % 8 == 0;
    let plane = g.oh * g.ow;
    let img_len = g.h * g.w * c;
    let dxp = SyncPtr(dx.as_mut_ptr());
    let (frame, off, bases, wt) = (&frame, &off[..], &bases[..], &wt[..]);
    let body = |bs: Range<usize>| unsafe {
        let mut pad = crate::scratch!(frame.hp * frame.wp * c, 0.0f32);
        for b in bs {
            pad.fill(0.0);
            let grad = dy.as_ptr().add(b * plane * co);
            for i in (0..plane).step_by(4) {
                let mr = (plane - i).min(4);
                let rows = [0, 1, 2, 3].map(|q| grad.add((i + q.min(mr - 1)) * co));
                for t0 in (0..k).step_by(8) {
                    let acc = tile(co, &rows, wt.as_ptr().add(t0 * co));
                    let nt = (k - t0).min(8);
                    for (q, row) in acc.iter().enumerate().take(mr) {
                        let origin = pad.as_mut_ptr().add(bases[i + q] as usize);
                        if contiguous {
                            let d = origin.add(off[t0] as usize);
                            F32x4::load(d).add(row[0]).store(d);
                            F32x4::load(d.add(4)).add(row[1]).store(d.add(4));
                            continue;
                        }
                        let mut tmp = [0.0f32; 8];
                        row[0].store(tmp.as_mut_ptr());
                        row[1].store(tmp.as_mut_ptr().add(4));
                        for (tt, &v) in tmp.iter().enumerate().take(nt) {
                            *origin.add(off[t0 + tt] as usize) += v;
                        }
                    }
                }
            }
            // The image's cells of the padded frame.
            let out = dxp.get().add(b * img_len);
            for iy in 0..g.h {
                let src = pad.as_ptr().add(((iy + g.pt) * frame.wp + g.pl) * c);
                core::ptr::copy_nonoverlapping(src, out.add(iy * g.w * c), g.w * c);
            }
        }
    };
    if g.n > 1 && threads_for(par, g.rows() * k * co, MIN_MACS_PER_THREAD) > 1 {
        par.run(g.n, &body);
    } else {
        body(0..g.n);
    }
}

/// `acc[q][t] = Σ_j dY[rows[q] + j] · Wᵀ[j, t]` for 4 output pixels and the 8 taps of the
/// panel at `wt`.
#[inline(always)]
unsafe fn tile(co: usize, rows: &[*const f32; 4], wt: *const f32) -> [[F32x4; 2]; 4] {
    let mut acc = [[F32x4::zero(); 2]; 4];
    let mut b = wt;
    for j in 0..co {
        let (b0, b1) = (F32x4::load(b), F32x4::load(b.add(4)));
        for (q, row) in acc.iter_mut().enumerate() {
            let a = F32x4::load_splat(rows[q].add(j));
            row[0] = a.fma(b0, row[0]);
            row[1] = a.fma(b1, row[1]);
        }
        b = b.add(8);
    }
    acc
}

//! Direct forward: 4 output pixels × 8 filters per register tile, windows read in place.

use super::{pad_columns, Frame};
use crate::conv::forward::MIN_MACS_PER_THREAD;
use crate::conv::{Geom, SyncPtr};
use crate::par::{split, threads_for, Par};
use crate::simd::F32x4;
use alloc::vec;
use alloc::vec::Vec;
use core::ops::Range;

/// Output pixels per epilogue call (a multiple of the 4-pixel tile).
const EPILOGUE_PIXELS: usize = 64;

/// `y = conv2d(x, w) + bias → epilogue` (see [`crate::conv::conv2d`]).
///
/// Tasks are images, or row blocks of images when there are fewer images than threads; a
/// task with padding copies just the input rows its block reads. Every output element is
/// one register's sum over the taps in order, so any split gives the same bits.
pub fn conv2d_direct(
    par: &dyn Par, g: &Geom, x: &[f32], w: &[f32], bias: Option<&[f32]>, y: &mut [f32],
    epilogue: Option<&(dyn Fn(*mut f32, usize) + Sync)>,
) {
    let (k, co) = (g.k(), g.co);
    if g.rows() == 0 || co == 0 {
        return;
    }
    let frame = Frame::new(g);
    let off = frame.offsets(g);
    let Some((wp, ldw)) = pad_columns(w, k, co) else { return };
    let mut bias8 = vec![0.0f32; ldw];
    if let Some(b) = bias {
        bias8[..co].copy_from_slice(&b[..co]);
    }
    let threads = threads_for(par, g.rows() * k * co, MIN_MACS_PER_THREAD);
    let blocks = if g.n >= threads { 1 } else { threads.div_ceil(g.n).min(g.oh) };
    let yp = SyncPtr(y.as_mut_ptr());
    let xp = x.as_ptr() as usize;
    let (frame, off, wp, bias8) = (&frame, &off[..], &wp[..], &bias8[..]);
    let body = |ts: Range<usize>| unsafe {
        let (mut buf, mut bases) = (Vec::new(), Vec::new());
        for t in ts {
            let (b, oys) = (t / blocks, split(g.oh, t % blocks, blocks));
            if oys.is_empty() {
                continue;
            }
            let src = frame.load(g, xp as *const f32, b, frame.rows(g, oys.start, oys.end), &mut buf);
            frame.bases(g, oys.start, oys.end, &mut bases);
            // Output pixel index of bases[0].
            let p0 = (b * g.oh + oys.start) * g.ow;
            // The epilogue runs once per chunk of pixels (still in L1), not per tile: a call
            // costs about as much as a relu over a few hundred floats.
            for i0 in (0..bases.len()).step_by(EPILOGUE_PIXELS) {
                let i1 = (i0 + EPILOGUE_PIXELS).min(bases.len());
                for i in (i0..i1).step_by(4) {
                    let mr = (i1 - i).min(4);
                    let pix = [0, 1, 2, 3].map(|q| src.add(bases[i + q.min(mr - 1)] as usize));
                    for j in (0..co).step_by(8) {
                        let acc = tile(k, off, &pix, wp.as_ptr().add(j), ldw);
                        let (b0, b1) = (F32x4::load(bias8.as_ptr().add(j)), F32x4::load(bias8.as_ptr().add(j + 4)));
                        let nr = (co - j).min(8);
                        for (q, row) in acc.iter().enumerate().take(mr) {
                            let dst = yp.get().add((p0 + i + q) * co + j);
                            let (v0, v1) = (row[0].add(b0), row[1].add(b1));
                            if nr == 8 {
                                v0.store(dst);
                                v1.store(dst.add(4));
                            } else {
                                let mut tmp = [0.0f32; 8];
                                v0.store(tmp.as_mut_ptr());
                                v1.store(tmp.as_mut_ptr().add(4));
                                for (l, &v) in tmp.iter().enumerate().take(nr) {
                                    *dst.add(l) = v;
                                }
                            }
                        }
                    }
                }
                if let Some(f) = epilogue {
                    f(yp.get().add((p0 + i0) * co), (i1 - i0) * co);
                }
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

/// `acc[q] = Σ_t x[pix[q] + off[t]] · W[t, 0..8]` for 4 pixels.
#[inline(always)]
unsafe fn tile(k: usize, off: &[u32], pix: &[*const f32; 4], w: *const f32, ldw: usize) -> [[F32x4; 2]; 4] {
    let mut acc = [[F32x4::zero(); 2]; 4];
    let mut wt = w;
    for &o in &off[..k] {
        let o = o as usize;
        let (b0, b1) = (F32x4::load(wt), F32x4::load(wt.add(4)));
        for (q, row) in acc.iter_mut().enumerate() {
            let a = F32x4::load_splat(pix[q].add(o));
            row[0] = a.fma(b0, row[0]);
            row[1] = a.fma(b1, row[1]);
        }
        wt = wt.add(ldw);
    }
    acc
}

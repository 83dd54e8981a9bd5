//! Packing of GEMM operands into microkernel-friendly panels (BLIS layout).
//!
//! A block of `A` (mc × kc) becomes `ceil(mc/MR)` panels laid out `[panel][p][MR]`; a block of
//! `B` (kc × nc) becomes `ceil(nc/NR)` panels laid out `[panel][p][NR]`. Both are zero-padded
//! so the microkernel never branches on edges.

use super::{Operand, MR, NR};

/// Packs rows `i0..i0+mc`, depth `p0..p0+kc` of `a` into `dst` (len ≥ ceil(mc/MR)·MR·kc).
///
/// # Safety
/// `a` must be readable over the addressed block.
pub unsafe fn pack_a(a: &Operand, i0: usize, mc: usize, p0: usize, kc: usize, dst: &mut [f32]) {
    let panels = mc.div_ceil(MR);
    for ip in 0..panels {
        let base = ip * MR * kc;
        let rows = MR.min(mc - ip * MR);
        for p in 0..kc {
            let d = &mut dst[base + p * MR..base + p * MR + MR];
            for r in 0..rows {
                d[r] = a.at(i0 + ip * MR + r, p0 + p);
            }
            for v in d.iter_mut().skip(rows) {
                *v = 0.0;
            }
        }
    }
}

/// Packs depth `p0..p0+kc`, columns `j0..j0+nc` of `b` into `dst` (len ≥ ceil(nc/NR)·NR·kc).
///
/// # Safety
/// `b` must be readable over the addressed block.
pub unsafe fn pack_b(b: &Operand, p0: usize, kc: usize, j0: usize, nc: usize, dst: &mut [f32]) {
    let panels = nc.div_ceil(NR);
    for jp in 0..panels {
        let base = jp * NR * kc;
        let cols = NR.min(nc - jp * NR);
        if !b.trans && cols == NR {
            // Row-major B: each depth step is one contiguous run of NR floats.
            for p in 0..kc {
                let src = b.ptr.add((p0 + p) * b.ld + j0 + jp * NR);
                core::ptr::copy_nonoverlapping(src, dst.as_mut_ptr().add(base + p * NR), NR);
            }
            continue;
        }
        for p in 0..kc {
            let d = &mut dst[base + p * NR..base + p * NR + NR];
            for c in 0..cols {
                d[c] = b.at(p0 + p, j0 + jp * NR + c);
            }
            for v in d.iter_mut().skip(cols) {
                *v = 0.0;
            }
        }
    }
}

//! The per-step recurrent products `h·R` and `dz·Rᵀ` on a few batch rows, with `R` packed
//! once per sequence. The general GEMM packs both operands and sizes its scratch on every
//! call, which for a block of 8–32 rows costs as much as several rows of products; here `A`
//! is not packed at all: the tile reads its four rows in place (a broadcast load per row and
//! depth step either way, so packing bought nothing but a copy of every A element per step,
//! depth 4·units for `dz·Rᵀ`). A must not overlap C. Every output element is `Σ_p a·b` over the whole depth
//! in order (one microkernel pass, no depth panels), then `+ C` when accumulating, then
//! `+ bias`: the same arithmetic whichever rows or columns a call covers, so row blocks and
//! column splits leave results unchanged.

use super::{ld, st};
use crate::gemm::{MR, NR};
use crate::par::{run_if_worth, Par, SyncPtr};
use crate::simd::F32x4;
use alloc::vec::Vec;

/// `Σ_p A(r, p)·B(p, 0..8)` for the four rows starting at `rows[r]`, in the order of the
/// GEMM microkernel (one fused or separate multiply-add per depth step), so the bits match it.
#[inline(always)]
unsafe fn tile_rows(k: usize, rows: [*const f32; MR], bp: *const f32) -> [[F32x4; 2]; MR] {
    let mut acc = [[F32x4::zero(); 2]; MR];
    let mut bp = bp;
    for p in 0..k {
        let b0 = F32x4::load(bp);
        let b1 = F32x4::load(bp.add(4));
        for (r, row) in acc.iter_mut().enumerate() {
            let a = F32x4::load_splat(rows[r].add(p));
            row[0] = a.fma(b0, row[0]);
            row[1] = a.fma(b1, row[1]);
        }
        bp = bp.add(NR);
    }
    acc
}

/// `B [k × n]` in `NR`-column strips: strip `s` holds `k·NR` floats, `(p, c)` at `p·NR + c`,
/// zero past column `n`.
pub(crate) struct PackedB {
    buf: Vec<f32>,
    k: usize,
    n: usize,
}

impl PackedB {
    /// Packs `R [units × g·units]` (`trans`: its transpose, `[g·units × units]`) with leading
    /// dimension `ld`. `None` (recorded) when the memory cannot be had.
    pub(crate) unsafe fn new(r: *const f32, ld: usize, k: usize, n: usize, trans: bool) -> Option<Self> {
        let strips = n.div_ceil(NR);
        let mut buf = crate::scratch::zeros(strips * k * NR, 0.0f32)?;
        for s in 0..strips {
            let dst = &mut buf[s * k * NR..(s + 1) * k * NR];
            for c in 0..NR.min(n - s * NR) {
                let j = s * NR + c;
                for p in 0..k {
                    dst[p * NR + c] = if trans { *r.add(j * ld + p) } else { *r.add(p * ld + j) };
                }
            }
        }
        Some(PackedB { buf, k, n })
    }
}

/// `C[m × n] = A[m × k]·B (+ C when accumulate) (+ bias)`, A's rows at stride `lda`, C's at
/// `ldc`. Column strips go to threads when `par` has them and the product is worth it.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn step_mm(
    par: &dyn Par, m: usize, a: *const f32, lda: usize, b: &PackedB, c: *mut f32, ldc: usize, accumulate: bool,
    bias: Option<*const f32>,
) {
    let (k, n) = (b.k, b.n);
    if m == 0 || n == 0 {
        return;
    }
    let strips = n.div_ceil(NR);
    let (ap, cp) = (SyncPtr(a as *mut f32), SyncPtr(c));
    let bias = bias.map(|p| SyncPtr(p as *mut f32));
    run_if_worth(par, strips, m * n * k.max(1), 1 << 17, &|range| {
        for i0 in (0..m).step_by(MR) {
            let mr = MR.min(m - i0);
            // Rows past the end repeat the last one; their sums are never stored.
            let rows: [*const f32; MR] = core::array::from_fn(|r| ap.get().add((i0 + r.min(mr - 1)) * lda) as *const f32);
            for s in range.clone() {
                let acc = tile_rows(k, rows, b.buf.as_ptr().add(s * k * NR));
                let j0 = s * NR;
                let nr = NR.min(n - j0);
                if nr == NR {
                    // Whole tile columns: the same sums as the edge path below, without its lane checks.
                    let bv = bias.map(|bp| (F32x4::load(bp.get().add(j0)), F32x4::load(bp.get().add(j0 + 4))));
                    for (r, row) in acc.iter().enumerate().take(mr) {
                        let out = cp.get().add((i0 + r) * ldc + j0);
                        let (mut v0, mut v1) = (row[0], row[1]);
                        if accumulate {
                            v0 = F32x4::load(out).add(v0);
                            v1 = F32x4::load(out.add(4)).add(v1);
                        }
                        if let Some((b0, b1)) = bv {
                            v0 = v0.add(b0);
                            v1 = v1.add(b1);
                        }
                        v0.store(out);
                        v1.store(out.add(4));
                    }
                    continue;
                }
                for (r, row) in acc.iter().enumerate().take(mr) {
                    let out = cp.get().add((i0 + r) * ldc + j0);
                    for (h, mut v) in row.iter().copied().enumerate() {
                        let w = nr.saturating_sub(4 * h).min(4);
                        if w == 0 {
                            break;
                        }
                        let o = out.add(4 * h);
                        if accumulate {
                            v = ld(o, w).add(v);
                        }
                        if let Some(bp) = bias {
                            v = v.add(ld(bp.get().add(j0 + 4 * h), w));
                        }
                        st(v, o, w);
                    }
                }
            }
        }
    });
}

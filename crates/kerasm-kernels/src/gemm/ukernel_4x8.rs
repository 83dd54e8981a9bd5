//! The 4x8 f32 microkernel: 8 accumulators + 2 B vectors + 1 broadcast stay within V8's
//! ~13 usable xmm registers (6x8 spills; see the recipe §5). Do not unroll by hand.

use crate::simd::F32x4;

pub const MR: usize = 4;
pub const NR: usize = 8;

/// `acc = Σ_p ap[p][r] · bp[p][c]` for one MR×NR tile over `kc` packed depth steps.
///
/// # Safety
/// `ap` must hold `kc·MR` floats and `bp` `kc·NR` floats.
#[inline(always)]
pub unsafe fn f32_gemm_4x8(kc: usize, ap: *const f32, bp: *const f32) -> [[F32x4; 2]; MR] {
    f32_gemm_4x8_strided(kc, ap, MR, bp, NR)
}

/// The same tile over operands read in place: A's four rows sit side by side (`ap + r`) and
/// step `a_step` floats per depth step (a transposed A, or a packed panel when `MR`); B's
/// eight columns step `b_step` (a row-major B's `ld`, or `NR` when packed). Same summation
/// order as [`f32_gemm_4x8`], so a tile gives the same bits whichever way it was read.
///
/// # Safety
/// Every addressed element must be readable.
#[inline(always)]
pub unsafe fn f32_gemm_4x8_strided(kc: usize, ap: *const f32, a_step: usize, bp: *const f32, b_step: usize) -> [[F32x4; 2]; MR] {
    let mut acc = [[F32x4::zero(); 2]; MR];
    let mut ap = ap;
    let mut bp = bp;
    for _ in 0..kc {
        let b0 = F32x4::load(bp);
        let b1 = F32x4::load(bp.add(4));
        for (r, row) in acc.iter_mut().enumerate() {
            let a = F32x4::load_splat(ap.add(r));
            row[0] = a.fma(b0, row[0]);
            row[1] = a.fma(b1, row[1]);
        }
        ap = ap.add(a_step);
        bp = bp.add(b_step);
    }
    acc
}

/// The tile over a row-major A read in place: row `r` starts at `rows[r]` and is walked
/// contiguously, so A needs no packing (no transpose of every element of a batch).
///
/// # Safety
/// `rows[r]` must hold `kc` floats; B as in [`f32_gemm_4x8_strided`].
#[inline(always)]
pub unsafe fn f32_gemm_4x8_rows(kc: usize, rows: [*const f32; MR], bp: *const f32, b_step: usize) -> [[F32x4; 2]; MR] {
    let mut acc = [[F32x4::zero(); 2]; MR];
    let [mut a0, mut a1, mut a2, mut a3] = rows;
    let mut bp = bp;
    for _ in 0..kc {
        let b0 = F32x4::load(bp);
        let b1 = F32x4::load(bp.add(4));
        let a = F32x4::load_splat(a0);
        acc[0][0] = a.fma(b0, acc[0][0]);
        acc[0][1] = a.fma(b1, acc[0][1]);
        let a = F32x4::load_splat(a1);
        acc[1][0] = a.fma(b0, acc[1][0]);
        acc[1][1] = a.fma(b1, acc[1][1]);
        let a = F32x4::load_splat(a2);
        acc[2][0] = a.fma(b0, acc[2][0]);
        acc[2][1] = a.fma(b1, acc[2][1]);
        let a = F32x4::load_splat(a3);
        acc[3][0] = a.fma(b0, acc[3][0]);
        acc[3][1] = a.fma(b1, acc[3][1]);
        a0 = a0.add(1);
        a1 = a1.add(1);
        a2 = a2.add(1);
        a3 = a3.add(1);
        bp = bp.add(b_step);
    }
    acc
}

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
        ap = ap.add(MR);
        bp = bp.add(NR);
    }
    acc
}

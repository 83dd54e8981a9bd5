//! The small matrix products of the attention kernels, register-blocked like the GEMM
//! microkernel: each loaded row of B serves several rows of A, so the key/value rows stay in
//! registers and L1 instead of being re-read per query row. With relaxed SIMD (FMA) the
//! tile is 3 rows × 12 columns: 9 accumulators + 3 B vectors + 1 broadcast = 13 registers,
//! what V8 keeps without spilling; against 4 × 8 it has one more independent accumulator
//! chain and 6 loads per 9 FMAs instead of per 8 (forward kernel ~4 % faster at the
//! transformer's shapes, backward unchanged; 5 × 8 and 6 × 8 spill). Without FMA each
//! multiply-add needs a temporary register and 3 × 12 spills (30 % slower), so those builds
//! keep 4 × 8. Operands are read in place: A through (row, column) strides, so a transposed
//! A (dSᵀ, Pᵀ) costs nothing; B and C row-major with a leading dimension (the [batch, T,
//! heads, d] rows of q, k, v, o). No packing: at attention's sizes (T ≈ 100, d ≈ 32)
//! everything a task touches fits in L1/L2.

use crate::simd::F32x4;

/// A read-only A operand: element (i, p) is `ptr[i·rs + p·cs]`.
#[derive(Copy, Clone)]
pub(crate) struct Strided {
    pub ptr: *const f32,
    pub rs: usize,
    pub cs: usize,
}

/// A row-major matrix: element (i, j) is `ptr[i·ld + j]`.
#[derive(Copy, Clone)]
pub(crate) struct Rows<P> {
    pub ptr: P,
    pub ld: usize,
}

/// Rows of the register tile (column vectors: `TILE_VECS`).
pub(crate) const TILE_ROWS: usize = if cfg!(target_feature = "relaxed-simd") { 3 } else { 4 };
const TILE_VECS: usize = if cfg!(target_feature = "relaxed-simd") { 3 } else { 2 };

/// `C[m×n] = alpha·A[m×k]·B[k×n]`, or `C += …` when `acc`. Each element is summed over p in
/// order, whatever the block it falls in, so results do not depend on how rows are split.
///
/// # Safety
/// The operands must be readable (C writable) over the addressed elements; C must not
/// overlap A or B.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn mm(m: usize, n: usize, k: usize, a: Strided, b: Rows<*const f32>, c: Rows<*mut f32>, alpha: f32, acc: bool) {
    mm_tiled::<TILE_ROWS, TILE_VECS>(m, n, k, a, b, c, alpha, acc);
}

/// [`mm`] with R-row × 4V-column tiles (remaining rows one at a time, remaining columns
/// by 8, 4, then singly). Same bits for any R and V: each element's sum is the same.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(crate) unsafe fn mm_tiled<const R: usize, const V: usize>(
    m: usize, n: usize, k: usize, a: Strided, b: Rows<*const f32>, c: Rows<*mut f32>, alpha: f32, acc: bool,
) {
    let mut i = 0;
    while i + R <= m {
        row_block::<R, V>(n, k, a.ptr.add(i * a.rs), a, b, c.ptr.add(i * c.ld), c.ld, alpha, acc);
        i += R;
    }
    while i < m {
        row_block::<1, V>(n, k, a.ptr.add(i * a.rs), a, b, c.ptr.add(i * c.ld), c.ld, alpha, acc);
        i += 1;
    }
}

#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn row_block<const R: usize, const V: usize>(
    n: usize, k: usize, ap: *const f32, a: Strided, b: Rows<*const f32>, cp: *mut f32, ldc: usize, alpha: f32, acc: bool,
) {
    let mut j = 0;
    while j + 4 * V <= n {
        let t = tile::<R, V>(k, ap, a, b.ptr.add(j), b.ld);
        store(&t, cp.add(j), ldc, alpha, acc);
        j += 4 * V;
    }
    if V > 2 && j + 8 <= n {
        let t = tile::<R, 2>(k, ap, a, b.ptr.add(j), b.ld);
        store(&t, cp.add(j), ldc, alpha, acc);
        j += 8;
    }
    if j + 4 <= n {
        let t = tile::<R, 1>(k, ap, a, b.ptr.add(j), b.ld);
        store(&t, cp.add(j), ldc, alpha, acc);
        j += 4;
    }
    for jj in j..n {
        for r in 0..R {
            let mut s = 0.0f32;
            for p in 0..k {
                s += *ap.add(r * a.rs + p * a.cs) * *b.ptr.add(p * b.ld + jj);
            }
            let out = cp.add(r * ldc + jj);
            *out = if acc { *out + alpha * s } else { alpha * s };
        }
    }
}

/// Σ_p A(r, p)·B(p, 4v..4v+4) for R rows and V vectors of columns.
#[inline(always)]
unsafe fn tile<const R: usize, const V: usize>(k: usize, ap: *const f32, a: Strided, bp: *const f32, ldb: usize) -> [[F32x4; V]; R] {
    let mut t = [[F32x4::zero(); V]; R];
    let (mut ap, mut bp) = (ap, bp);
    for _ in 0..k {
        let bv: [F32x4; V] = core::array::from_fn(|v| F32x4::load(bp.add(4 * v)));
        for (r, row) in t.iter_mut().enumerate() {
            let av = F32x4::load_splat(ap.add(r * a.rs));
            for (x, bx) in row.iter_mut().zip(bv) {
                *x = av.fma(bx, *x);
            }
        }
        ap = ap.add(a.cs);
        bp = bp.add(ldb);
    }
    t
}

#[inline(always)]
unsafe fn store<const R: usize, const V: usize>(t: &[[F32x4; V]; R], cp: *mut f32, ldc: usize, alpha: f32, acc: bool) {
    let va = F32x4::splat(alpha);
    for (r, row) in t.iter().enumerate() {
        for (v, x) in row.iter().enumerate() {
            let p = cp.add(r * ldc + 4 * v);
            let y = if acc { x.fma(va, F32x4::load(p)) } else { x.mul(va) };
            y.store(p);
        }
    }
}

//! Single-precision GEMM: `C = alpha · op(A) · op(B) + beta · C (+ bias) → activation`.
//!
//! BLIS loop order jc → pc (pack B) → ic (pack A) → jr → ir → 4x8 microkernel, with
//! `KC=256, MC=120, NC=2048` (recipe §5). Threads split C into independent 2-D blocks, each
//! packing its own operands, so results are identical for any thread count. Small products
//! (a training step's) skip packing: see `direct.rs`.

mod direct;
mod pack;
mod ukernel_4x8;

use crate::par::{threads_for, Par};
use crate::simd::F32x4;
use core::ops::Range;
pub use ukernel_4x8::{f32_gemm_4x8, MR, NR};

const KC: usize = 256;
const MC: usize = 120;
const NC: usize = 2048;
/// Below this many multiply-adds per thread a job stays on one thread (dispatch ≈ 10 µs).
const MIN_MACS_PER_THREAD: usize = 1 << 17;

/// A read-only matrix operand: logical element (i, j) is `ptr[i·ld + j]`, or `ptr[j·ld + i]`
/// when `trans`.
#[derive(Copy, Clone)]
pub struct Operand {
    pub ptr: *const f32,
    pub ld: usize,
    pub trans: bool,
}

// Operands are only read, and the caller guarantees they outlive the call.
unsafe impl Send for Operand {}
unsafe impl Sync for Operand {}

impl Operand {
    /// # Safety
    /// (i, j) must be inside the operand.
    #[inline(always)]
    pub unsafe fn at(&self, i: usize, j: usize) -> f32 {
        if self.trans {
            *self.ptr.add(j * self.ld + i)
        } else {
            *self.ptr.add(i * self.ld + j)
        }
    }
}

/// The output and what happens to it after the products are summed.
pub struct Output<'a> {
    pub ptr: *mut f32,
    pub ld: usize,
    pub alpha: f32,
    /// 0 means C is write-only (never read, so NaN garbage in C cannot leak through).
    pub beta: f32,
    /// Per-column bias of length n, added after alpha/beta.
    pub bias: Option<*const f32>,
    /// Applied in place to each finished row segment `(ptr, len)`.
    pub epilogue: Option<&'a (dyn Fn(*mut f32, usize) + Sync)>,
}

unsafe impl Send for Output<'_> {}
unsafe impl Sync for Output<'_> {}

/// `C[m×n] = alpha·A[m×k]·B[k×n] + beta·C (+bias) → epilogue`.
///
/// # Safety
/// All pointers must address matrices of the stated sizes and leading dimensions, and `C`
/// must not overlap `A`, `B` or `bias`.
pub unsafe fn sgemm(par: &dyn Par, m: usize, n: usize, k: usize, a: Operand, b: Operand, c: &Output) {
    if m == 0 || n == 0 {
        return;
    }
    if direct::wants(m, n, k, &b) {
        direct::sgemm_direct(par, m, n, k, &a, &b, c);
    } else {
        sgemm_packed(par, m, n, k, a, b, c);
    }
}

/// The BLIS driver (what [`sgemm`] runs for large products).
unsafe fn sgemm_packed(par: &dyn Par, m: usize, n: usize, k: usize, a: Operand, b: Operand, c: &Output) {
    let (tm, tn) = grid(par, m, n, k);
    let rows_per = m.div_ceil(tm).next_multiple_of(MR);
    let cols_per = n.div_ceil(tn).next_multiple_of(NR);
    let (tm, tn) = (m.div_ceil(rows_per), n.div_ceil(cols_per));
    let run = |tasks: Range<usize>| {
        for t in tasks {
            let (bi, bj) = (t / tn, t % tn);
            let rows = bi * rows_per..((bi + 1) * rows_per).min(m);
            let cols = bj * cols_per..((bj + 1) * cols_per).min(n);
            gemm_block(rows, cols, k, &a, &b, c);
        }
    };
    if tm * tn == 1 {
        run(0..1);
    } else {
        par.run(tm * tn, &run);
    }
}

/// How to cut C into blocks: one per useful thread (the pool hands blocks out dynamically,
/// so the caller takes a late worker's block; more blocks would repack the shared operand
/// once each, which measured slower on the MLP's 32×784·784×128), split along the longer
/// side first so each block keeps whole microkernel tiles.
fn grid(par: &dyn Par, m: usize, n: usize, k: usize) -> (usize, usize) {
    let threads = threads_for(par, m * n * k.max(1), MIN_MACS_PER_THREAD);
    if threads <= 1 {
        return (1, 1);
    }
    let row_tiles = m.div_ceil(MR);
    let col_tiles = n.div_ceil(NR);
    if row_tiles >= threads && row_tiles >= col_tiles {
        (threads, 1)
    } else if col_tiles >= threads {
        (1, threads)
    } else {
        let tm = row_tiles.min(threads);
        (tm, threads.div_ceil(tm).min(col_tiles))
    }
}

/// Serial BLIS loops over one block of C.
unsafe fn gemm_block(rows: Range<usize>, cols: Range<usize>, k: usize, a: &Operand, b: &Operand, c: &Output) {
    // Sized to this block: small GEMMs (a batch of 32 rows) would otherwise zero 120 KB per call.
    let kc_max = KC.min(k.max(1));
    let mut abuf = crate::scratch!(MC.min(rows.len().next_multiple_of(MR)) * kc_max, 0.0f32);
    let mut bbuf = crate::scratch!(kc_max * NC.min(cols.len().next_multiple_of(NR)), 0.0f32);
    if k == 0 {
        scale_only(rows, cols, c);
        return;
    }
    let mut jc = cols.start;
    while jc < cols.end {
        let nc = NC.min(cols.end - jc);
        let mut pc = 0;
        while pc < k {
            let kc = KC.min(k - pc);
            pack::pack_b(b, pc, kc, jc, nc, &mut bbuf);
            let first = pc == 0;
            let last = pc + kc == k;
            let mut ic = rows.start;
            while ic < rows.end {
                let mc = MC.min(rows.end - ic);
                pack::pack_a(a, ic, mc, pc, kc, &mut abuf);
                macro_block(ic, mc, jc, nc, kc, &abuf, &bbuf, c, first, last);
                ic += mc;
            }
            pc += kc;
        }
        if let Some(f) = c.epilogue {
            for i in rows.clone() {
                f(c.ptr.add(i * c.ld + jc), nc);
            }
        }
        jc += nc;
    }
}

#[allow(clippy::too_many_arguments)]
unsafe fn macro_block(
    ic: usize, mc: usize, jc: usize, nc: usize, kc: usize,
    abuf: &[f32], bbuf: &[f32], c: &Output, first: bool, last: bool,
) {
    for jr in (0..nc).step_by(NR) {
        let nr = NR.min(nc - jr);
        let bp = bbuf.as_ptr().add(jr * kc);
        for ir in (0..mc).step_by(MR) {
            let mr = MR.min(mc - ir);
            let ap = abuf.as_ptr().add(ir * kc);
            let acc = ukernel_4x8::f32_gemm_4x8(kc, ap, bp);
            let (i, j) = (ic + ir, jc + jr);
            let cp = c.ptr.add(i * c.ld + j);
            let beta = if first { c.beta } else { 1.0 };
            let bias = if last { c.bias.map(|bp| bp.add(j)) } else { None };
            if mr == MR && nr == NR {
                store_full(cp, c.ld, &acc, c.alpha, beta, bias);
            } else {
                store_edge(cp, c.ld, &acc, mr, nr, c.alpha, beta, bias);
            }
        }
    }
}

#[inline(always)]
unsafe fn store_full(cp: *mut f32, ld: usize, acc: &[[F32x4; 2]; MR], alpha: f32, beta: f32, bias: Option<*const f32>) {
    let va = F32x4::splat(alpha);
    let vb = F32x4::splat(beta);
    let (b0, b1) = match bias {
        Some(p) => (F32x4::load(p), F32x4::load(p.add(4))),
        None => (F32x4::zero(), F32x4::zero()),
    };
    for (r, row) in acc.iter().enumerate() {
        let p = cp.add(r * ld);
        let (mut v0, mut v1) = (row[0].mul(va), row[1].mul(va));
        if beta != 0.0 {
            v0 = F32x4::load(p).fma(vb, v0);
            v1 = F32x4::load(p.add(4)).fma(vb, v1);
        }
        v0.add(b0).store(p);
        v1.add(b1).store(p.add(4));
    }
}

#[allow(clippy::too_many_arguments)]
unsafe fn store_edge(
    cp: *mut f32, ld: usize, acc: &[[F32x4; 2]; MR], mr: usize, nr: usize,
    alpha: f32, beta: f32, bias: Option<*const f32>,
) {
    let mut tile = [0.0f32; MR * NR];
    for (r, row) in acc.iter().enumerate() {
        row[0].store(tile.as_mut_ptr().add(r * NR));
        row[1].store(tile.as_mut_ptr().add(r * NR + 4));
    }
    for r in 0..mr {
        for j in 0..nr {
            let p = cp.add(r * ld + j);
            let mut v = alpha * tile[r * NR + j];
            if beta != 0.0 {
                v += beta * *p;
            }
            if let Some(bp) = bias {
                v += *bp.add(j);
            }
            *p = v;
        }
    }
}

/// k = 0: the product is empty, so C = beta·C + bias.
unsafe fn scale_only(rows: Range<usize>, cols: Range<usize>, c: &Output) {
    for i in rows {
        for j in cols.clone() {
            let p = c.ptr.add(i * c.ld + j);
            let mut v = if c.beta != 0.0 { c.beta * *p } else { 0.0 };
            if let Some(bp) = c.bias {
                v += *bp.add(j);
            }
            *p = v;
        }
        if let Some(f) = c.epilogue {
            f(c.ptr.add(i * c.ld + cols.start), cols.len());
        }
    }
}

#[cfg(test)]
mod tests;

//! Fused whole-sequence LSTM and GRU kernels, forward and backward through time.
//!
//! Layout: `x` is `[batch, time, input]`, states `[batch, units]`, gates along the last axis
//! in Keras's order (LSTM i, f, c, o; GRU z, r, h). Forward: one GEMM projects every time
//! step's input at once (`x·W + b`); then the recurrence runs on blocks of batch rows, one
//! block per thread for the whole sequence ([`row_blocks`]): per step one GEMM `h·R` over the
//! block's rows and the gate math, fused. The workspace keeps what the backward pass needs,
//! indexed by input time step. Backward: the recurrence again per row block, per step the gate
//! gradients and one GEMM `dz·Rᵀ`; then the weight gradients are single GEMMs over all
//! `batch·time` rows (`xᵀ·dz`, `h₋₁ᵀ·dz`), the bias gradient a fixed-order column sum, and
//! `dx = dz·Wᵀ` one GEMM. Every output element is computed by one task in a fixed order, so
//! results do not depend on the thread count.
//!
//! Masks (`[batch, time]`, 0 = skip) follow Keras: a skipped step keeps the states, and
//! outputs the previous output (`h₋₁`), or zeros with `zero_output`.

pub mod gru;
pub mod lstm;
mod step_gemm;
#[cfg(test)]
mod tests;

use crate::gemm::{sgemm, Operand, Output, MR};
use crate::par::{run_if_worth, threads_for, Par, Serial, SyncPtr};
use core::ops::Range;
use crate::simd::F32x4;

/// Sizes of one sequence batch.
#[derive(Copy, Clone, Debug)]
pub struct Dims {
    pub batch: usize,
    pub time: usize,
    pub input: usize,
    pub units: usize,
}

/// How the sequence is walked and what masked steps output.
#[derive(Copy, Clone, Debug, Default)]
pub struct Flags {
    pub go_backwards: bool,
    pub zero_output: bool,
}

impl Flags {
    pub fn from_bits(bits: u32) -> Self {
        Flags { go_backwards: bits & 1 != 0, zero_output: bits & 2 != 0 }
    }

    /// The input time step processed at step `s`.
    #[inline(always)]
    pub fn step_time(self, s: usize, time: usize) -> usize {
        if self.go_backwards { time - 1 - s } else { s }
    }
}

/// `C[m×n] = A[m×k]·op(B) (+ beta·C) (+ bias)`, row-major with leading dimensions.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn mm(
    par: &dyn Par, m: usize, n: usize, k: usize, a: *const f32, lda: usize, trans_a: bool, b: *const f32, ldb: usize,
    trans_b: bool, c: *mut f32, ldc: usize, beta: f32, bias: Option<*const f32>,
) {
    if k == 0 {
        for i in 0..m {
            for j in 0..n {
                let p = c.add(i * ldc + j);
                *p = if beta == 0.0 { 0.0 } else { *p * beta } + bias.map_or(0.0, |b| *b.add(j));
            }
        }
        return;
    }
    let out = Output { ptr: c, ld: ldc, alpha: 1.0, beta, bias, epilogue: None };
    sgemm(par, m, n, k, Operand { ptr: a, ld: lda, trans: trans_a }, Operand { ptr: b, ld: ldb, trans: trans_b }, &out);
}

/// Four lanes from `p`, the lanes past `n` zero.
#[inline(always)]
pub(crate) unsafe fn ld(p: *const f32, n: usize) -> F32x4 {
    if n == 4 {
        return F32x4::load(p);
    }
    let mut t = [0.0f32; 4];
    for (i, v) in t.iter_mut().enumerate().take(n) {
        *v = *p.add(i);
    }
    F32x4::load(t.as_ptr())
}

/// Stores the first `n` lanes of `v` at `p`.
#[inline(always)]
pub(crate) unsafe fn st(v: F32x4, p: *mut f32, n: usize) {
    if n == 4 {
        v.store(p);
        return;
    }
    let mut t = [0.0f32; 4];
    v.store(t.as_mut_ptr());
    for (i, x) in t.iter().enumerate().take(n) {
        *p.add(i) = *x;
    }
}

/// Column sums of a `[rows, n]` matrix into `out[n]`. A task owns 16 columns (a cache line of
/// each row) and adds the rows in order, so the sums do not depend on the thread count.
pub(crate) unsafe fn col_sum(par: &dyn Par, a: *const f32, rows: usize, n: usize, out: *mut f32) {
    const COLS: usize = 16;
    let (ap, op) = (SyncPtr(a as *mut f32), SyncPtr(out));
    run_if_worth(par, n.div_ceil(COLS), rows * n, 1 << 16, &|tasks| {
        for task in tasks {
            let j0 = task * COLS;
            let mut acc = [F32x4::zero(); COLS / 4];
            for r in 0..rows {
                let row = ap.get().add(r * n);
                for (q, v) in acc.iter_mut().enumerate() {
                    let j = j0 + 4 * q;
                    if j < n {
                        *v = v.add(ld(row.add(j), (n - j).min(4)));
                    }
                }
            }
            for (q, v) in acc.iter().enumerate() {
                let j = j0 + 4 * q;
                if j < n {
                    st(*v, op.get().add(j), (n - j).min(4));
                }
            }
        }
    });
}

/// Runs two independent sequences (a Bidirectional layer's directions): with two threads or
/// more, one whole sequence per thread, each single-threaded. One direction alone splits its
/// GEMMs, row blocks and column sums over the threads, small pieces at a dispatch and a wait
/// each (about 1.4× on two threads at batch 32); side by side, the two need one dispatch and
/// keep every product whole. A worker that is late leaves both to the caller, one after the
/// other. A sequence's results do not depend on the threads it is given, so they are the bits
/// of running `a` and then `b` on `par`, as done with fewer threads.
pub fn pair(par: &dyn Par, a: &(dyn Fn(&dyn Par) + Sync), b: &(dyn Fn(&dyn Par) + Sync)) {
    if par.threads() < 2 {
        a(par);
        b(par);
        return;
    }
    par.run(2, &|r: Range<usize>| {
        for i in r {
            if i == 0 { a(&Serial) } else { b(&Serial) }
        }
    });
}

/// Runs `f(rows, inner)` for blocks of batch rows covering the batch. Rows are independent
/// through time, so each block runs every time step of its rows on one thread: one pool
/// dispatch per sequence instead of one per step. There are up to four blocks per thread the
/// recurrence is worth (of at least 8 rows), so a worker that starts late, or is descheduled by
/// another process, holds up only a small block. `inner` is what a block's per-step products
/// may use: the pool when there is a single block (few rows, maybe many units), else serial.
/// Every row's arithmetic is the same whichever block holds it ([`step_gemm`]), so the split
/// does not change the results. `gates·units²` multiply-adds per row and step decide the
/// thread count.
pub(crate) fn row_blocks(par: &dyn Par, d: Dims, gates: usize, f: &(dyn Fn(Range<usize>, &dyn Par) + Sync)) {
    let Dims { batch, time, units: u, .. } = d;
    if batch == 0 {
        return;
    }
    let work = batch * time * (gates * u * u + 24 * u);
    let threads = threads_for(par, work, 1 << 17);
    let per = if threads <= 1 { batch } else { batch.div_ceil(4 * threads).max(8).next_multiple_of(MR) };
    let blocks = batch.div_ceil(per);
    if blocks > 1 {
        par.run(blocks, &|r: Range<usize>| {
            for blk in r {
                f(blk * per..((blk + 1) * per).min(batch), &Serial);
            }
        });
    } else {
        f(0..batch, par);
    }
}

//! GEMM that reads A and B where they lie, for the small products of a training step.
//!
//! At batch 32–128 a Dense layer's products ([B×784]·[784×128], Xᵀ·dY, …) do only a few
//! hundred µs of arithmetic, and the BLIS driver spent a large share of that packing: every
//! call transposed all of A element by element, and with two threads each thread packed the
//! shared B (a 400 KB weight matrix) again. Here A is read in place (a transposed A gives
//! four adjacent floats per depth step; a row-major A is walked through four row pointers),
//! and tasks are column groups of C, each packing only its own B panels, so no thread packs
//! what another packs. Tiles are summed over the same `KC` blocks in the same order as the
//! packed driver, so both drivers, and every thread count, give the same bits.

use super::ukernel_4x8::{f32_gemm_4x8_rows, f32_gemm_4x8_strided};
use super::{pack, store_edge, store_full, Operand, Output, KC, MIN_MACS_PER_THREAD, MR, NR};
use crate::par::{threads_for, Par};
use core::ops::Range;

/// B panels per task (32 columns): their packed KC-deep block (32 KB) stays in L1/L2 while
/// the task's rows stream past it, and a batch-32 forward pass still splits over threads.
const TASK_PANELS: usize = 4;
/// Rows of C per task at most: an A block of 256 rows × KC (256 KB) stays in L2.
const MAX_TASK_ROWS: usize = 256;
/// Largest product (multiply-adds) taken here. Larger ones amortise packing A, and packed
/// panels keep their TLB and cache footprint small whatever the leading dimensions.
const MAX_MACS: usize = 1 << 24;

/// Whether the direct driver should run this product.
pub(super) fn wants(m: usize, n: usize, k: usize, _b: &Operand) -> bool {
    k > 0 && m * n * k <= MAX_MACS
}

/// # Safety
/// As [`super::sgemm`]; `wants(m, n, k, b)` must hold.
pub(super) unsafe fn sgemm_direct(par: &dyn Par, m: usize, n: usize, k: usize, a: &Operand, b: &Operand, c: &Output) {
    // The last `m % MR` rows of a transposed A, packed `[p][MR]` over the whole depth and
    // shared by every task: reading them in place would run past the end of A.
    let m_full = m / MR * MR;
    let mut abuf = crate::scratch!(if a.trans && m_full < m { MR * k } else { 0 }, 0.0f32);
    if !abuf.is_empty() {
        pack::pack_a(a, m_full, m - m_full, 0, k, &mut abuf);
    }
    let a_tail = &abuf[..];
    let panels = n.div_ceil(NR);
    let threads = threads_for(par, m * n * k, MIN_MACS_PER_THREAD);
    // With threads, about 4 tasks each: a worker that wakes late (a parked worker needs
    // 20–25 µs) then still finds work, and the last task is short. Narrower groups cost
    // nothing extra (each B panel is still packed once per row block). Splitting rows
    // repacks a group's B block once per row block, so rows are split only for L2 (tall A)
    // or when there are too few column groups. No split changes a result: every tile sums
    // the same KC blocks in the same order.
    let want_tasks = if threads > 1 { 4 * threads } else { 1 };
    let group = (panels / want_tasks).clamp(1, TASK_PANELS);
    let col_groups = panels.div_ceil(group);
    let row_blocks = m.div_ceil(MAX_TASK_ROWS).max(want_tasks.div_ceil(col_groups)).min(m.div_ceil(MR));
    let rows_per = m.div_ceil(row_blocks).next_multiple_of(MR);
    let row_blocks = m.div_ceil(rows_per);
    let tasks = row_blocks * col_groups;
    let run = |range: Range<usize>| {
        let mut bbuf = crate::scratch!(TASK_PANELS * NR * KC.min(k), 0.0f32);
        for t in range {
            let (rb, cg) = (t / col_groups, t % col_groups);
            let rows = rb * rows_per..((rb + 1) * rows_per).min(m);
            let pans = cg * group..((cg + 1) * group).min(panels);
            task(rows, pans, m, n, k, a, b, a_tail, c, &mut bbuf);
        }
    };
    if tasks > 1 && threads > 1 {
        par.run(tasks, &run);
    } else {
        run(0..tasks);
    }
}

/// One block of C: `rows` × the columns of B panels `pans`, over the whole depth.
#[allow(clippy::too_many_arguments)]
unsafe fn task(
    rows: Range<usize>, pans: Range<usize>, m: usize, n: usize, k: usize,
    a: &Operand, b: &Operand, a_tail: &[f32], c: &Output, bbuf: &mut [f32],
) {
    let (j0, j1) = (pans.start * NR, (pans.end * NR).min(n));
    let mut pc = 0;
    while pc < k {
        let kc = KC.min(k - pc);
        let (first, last) = (pc == 0, pc + kc == k);
        let beta = if first { c.beta } else { 1.0 };
        // Packed, not read in place: a row-major B with a power-of-two `ld` (128 columns)
        // maps a panel's KC rows onto a few L1 sets, and every row tile would miss on it.
        pack::pack_b(b, pc, kc, j0, j1 - j0, bbuf);
        for jp in pans.clone() {
            let j = jp * NR;
            let nr = NR.min(n - j);
            let bp = bbuf.as_ptr().add((jp - pans.start) * NR * kc);
            let bias = if last { c.bias.map(|p| p.add(j)) } else { None };
            let mut i = rows.start;
            while i < rows.end {
                let mr = MR.min(rows.end - i);
                let acc = if !a.trans {
                    let row = |r: usize| a.ptr.add((i + r).min(m - 1) * a.ld + pc);
                    f32_gemm_4x8_rows(kc, [row(0), row(1), row(2), row(3)], bp, NR)
                } else if mr == MR {
                    f32_gemm_4x8_strided(kc, a.ptr.add(pc * a.ld + i), a.ld, bp, NR)
                } else {
                    f32_gemm_4x8_strided(kc, a_tail.as_ptr().add(pc * MR), MR, bp, NR)
                };
                let out = c.ptr.add(i * c.ld + j);
                if mr == MR && nr == NR {
                    store_full(out, c.ld, &acc, c.alpha, beta, bias);
                } else {
                    store_edge(out, c.ld, &acc, mr, nr, c.alpha, beta, bias);
                }
                i += MR;
            }
        }
        pc += kc;
    }
    if let Some(f) = c.epilogue {
        for i in rows {
            f(c.ptr.add(i * c.ld + j0), j1 - j0);
        }
    }
}

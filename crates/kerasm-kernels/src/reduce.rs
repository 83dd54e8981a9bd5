//! Reductions over the middle axis of a contiguous `[outer, n, inner]` view.
//!
//! TypeScript brings every reduction into this shape (merging adjacent reduced axes, or
//! permuting first). Each output is reduced by one task in a fixed order. When there are too
//! few outputs to keep threads busy, `n` is also cut into chunks whose size depends only on
//! the shape, and the chunk partials are combined in order afterwards, so results never
//! depend on the thread count. Empty reductions follow numpy/TF: sum 0, mean NaN, max −inf,
//! min +inf, prod 1, logsumexp −inf, any false, all true; arg reductions give −1.

mod part;
mod slab;
mod sums;
#[cfg(test)]
mod tests;

use crate::math::{lnf, sqrtf};
use crate::par::{threads_for, Par};
use alloc::vec::Vec;
use core::ops::Range;
use part::{Kind, Part, NONE};
use slab::slab;

/// Op codes are shared with `bindings/kernels/reduce.ts`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum ReduceOp {
    Sum = 0,
    Mean = 1,
    Max = 2,
    Min = 3,
    Prod = 4,
    ArgMax = 5,
    ArgMin = 6,
    /// Population variance (divides by n), two-pass.
    Variance = 7,
    SumSquares = 8,
    LogSumExp = 9,
    AnyNonzero = 10,
    AllNonzero = 11,
    L2Norm = 12,
}

impl ReduceOp {
    pub fn from_code(c: u32) -> Option<Self> {
        use ReduceOp::*;
        const ALL: [ReduceOp; 13] =
            [Sum, Mean, Max, Min, Prod, ArgMax, ArgMin, Variance, SumSquares, LogSumExp, AnyNonzero, AllNonzero, L2Norm];
        ALL.get(c as usize).copied()
    }

    /// Whether the output is i32 indices rather than f32 values.
    pub fn is_arg(self) -> bool {
        matches!(self, ReduceOp::ArgMax | ReduceOp::ArgMin)
    }
}

/// Lanes of `inner` per task.
const JW: usize = 64;
/// Target elements per task when `n` is chunked.
const CHUNK: usize = 1 << 15;
/// Below this many (outer × lane-group) tasks, `n` is chunked too.
const FEW_TASKS: usize = 16;
/// A job smaller than this per thread stays on one thread (dispatch ≈ 10 µs).
const MIN_PER_THREAD: usize = 1 << 15;

/// `y[o, j] = op(x[o, :, j])` for every op except the arg reductions.
pub fn reduce(par: &dyn Par, op: ReduceOp, x: &[f32], y: &mut [f32], outer: usize, n: usize, inner: usize) {
    debug_assert!(!op.is_arg() && x.len() == outer * n * inner && y.len() == outer * inner);
    let yp = y.as_mut_ptr() as usize;
    let put = move |q: usize, v: f64| unsafe { *(yp as *mut f32).add(q) = v as f32 };
    let shape = (outer, n, inner);
    let nf = n as f64;
    match op {
        ReduceOp::Sum => pass(par, Kind::Sum, x, shape, &[], &|q, p| put(q, p.v)),
        ReduceOp::Mean => pass(par, Kind::Sum, x, shape, &[], &|q, p| put(q, p.v / nf)),
        ReduceOp::Max => pass(par, Kind::Max, x, shape, &[], &|q, p| put(q, p.v)),
        ReduceOp::Min => pass(par, Kind::Min, x, shape, &[], &|q, p| put(q, p.v)),
        ReduceOp::Prod => pass(par, Kind::Prod, x, shape, &[], &|q, p| put(q, p.v)),
        ReduceOp::SumSquares => pass(par, Kind::SumSq, x, shape, &[], &|q, p| put(q, p.v)),
        ReduceOp::L2Norm => pass(par, Kind::SumSq, x, shape, &[], &|q, p| put(q, sqrtf(p.v as f32) as f64)),
        ReduceOp::AnyNonzero => pass(par, Kind::Any, x, shape, &[], &|q, p| put(q, p.v)),
        ReduceOp::AllNonzero => pass(par, Kind::All, x, shape, &[], &|q, p| put(q, p.v)),
        ReduceOp::Variance => {
            // Deviations from the f32-rounded mean: the rounding adds (Δmean)² ≈ (ε·mean)²,
            // far below anything f32 data can resolve.
            let Some(mean) = per_output(par, Kind::Sum, x, shape, |p| (p.v / nf) as f32) else { return };
            pass(par, Kind::SqDev, x, shape, &mean, &|q, p| put(q, p.v / nf));
        }
        ReduceOp::LogSumExp => {
            let Some(max) = per_output(par, Kind::Max, x, shape, |p| p.v as f32) else { return };
            // An infinite or NaN max is already the answer (and would make exp(x − max) NaN).
            pass(par, Kind::ExpShift, x, shape, &max, &|q, p| {
                let m = max[q];
                put(q, if m.is_finite() { (m + lnf(p.v as f32)) as f64 } else { m as f64 })
            });
        }
        ReduceOp::ArgMax | ReduceOp::ArgMin => {}
    }
}

/// `y[o, j] = argmax/argmin(x[o, :, j])`: the first index of the extreme, or of the first
/// NaN (numpy), or −1 when `n == 0`.
pub fn reduce_arg(par: &dyn Par, op: ReduceOp, x: &[f32], y: &mut [i32], outer: usize, n: usize, inner: usize) {
    debug_assert!(op.is_arg() && x.len() == outer * n * inner && y.len() == outer * inner);
    let kind = if op == ReduceOp::ArgMax { Kind::ArgMax } else { Kind::ArgMin };
    let yp = y.as_mut_ptr() as usize;
    pass(par, kind, x, (outer, n, inner), &[], &|q, p| unsafe {
        *(yp as *mut i32).add(q) = if p.i == NONE { -1 } else { p.i as i32 };
    });
}

/// Runs `kind` and keeps one f32 per output (a mean or a max for a second pass).
fn per_output(par: &dyn Par, kind: Kind, x: &[f32], shape: (usize, usize, usize), f: impl Fn(Part) -> f32 + Sync) -> Option<Vec<f32>> {
    let mut v = crate::scratch::zeros(shape.0 * shape.2, 0.0f32)?;
    let vp = v.as_mut_ptr() as usize;
    pass(par, kind, x, shape, &[], &|q, p| unsafe { *(vp as *mut f32).add(q) = f(p) });
    Some(v)
}

/// Reduces every output with `kind` and hands each finished partial to `finish(q, part)`
/// (called once per output `q = o·inner + j`, possibly from several threads at once).
fn pass(par: &dyn Par, kind: Kind, x: &[f32], (outer, n, inner): (usize, usize, usize), shift: &[f32], finish: &(dyn Fn(usize, Part) + Sync)) {
    if outer * inner == 0 {
        return;
    }
    let jw = JW.min(inner);
    let jchunks = inner.div_ceil(jw);
    // Chunk starts are multiples of CBLOCK, so chunking never moves a sum's flush points.
    let nc = (CHUNK / jw).next_multiple_of(sums::CBLOCK);
    let nchunks = if outer * jchunks < FEW_TASKS { n.div_ceil(nc).max(1) } else { 1 };
    let tasks = outer * jchunks * nchunks;
    let mut parts = crate::scratch!(if nchunks > 1 { outer * inner * nchunks } else { 0 }, kind.init());
    let pp = parts.as_mut_ptr() as usize;
    let (xp, sp) = (x.as_ptr() as usize, shift.as_ptr() as usize);
    let body = |ts: Range<usize>| {
        let mut buf = [kind.init(); JW];
        for t in ts {
            // Most shapes have one task per outer row: skip the divisions then.
            let (o, jc, c) = match jchunks * nchunks {
                1 => (t, 0, 0),
                per => (t / per, t / nchunks % jchunks, t % nchunks),
            };
            let js = jc * jw..(jc * jw + jw).min(inner);
            let rows = if nchunks == 1 { 0..n } else { c * nc..(c * nc + nc).min(n) };
            let out = &mut buf[..js.len()];
            // SAFETY: the slab stays inside x[o] and shift[o]; tasks own disjoint outputs.
            unsafe {
                let xo = (xp as *const f32).add(o * n * inner);
                slab(kind, xo, inner, rows, js.clone(), (sp as *const f32).wrapping_add(o * inner), out);
            }
            for (k, p) in out.iter().enumerate() {
                let q = o * inner + js.start + k;
                if nchunks == 1 {
                    finish(q, *p);
                } else {
                    unsafe { *(pp as *mut Part).add(q * nchunks + c) = *p };
                }
            }
        }
    };
    if threads_for(par, outer * n * inner, MIN_PER_THREAD) <= 1 {
        body(0..tasks);
    } else {
        par.run(tasks, &body);
    }
    if nchunks > 1 {
        for (q, ps) in parts.chunks(nchunks).enumerate() {
            finish(q, ps.iter().fold(kind.init(), |a, &b| kind.combine(a, b)));
        }
    }
}

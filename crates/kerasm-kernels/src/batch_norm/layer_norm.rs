//! Layer normalization over the last axis of `x: [rows, c]`, fused into one pass per
//! direction: the composite form (mean, variance, subtract, rsqrt, scale, shift and their
//! gradients) costs a dozen kernel calls and as many sweeps over the activations, which at
//! a transformer's small batches is more than the attention products around it.
//!
//! * [`layer_norm_forward`]: `y = (x − μ)·r·γ + β` with `r = 1/√(var + eps)` (biased
//!   variance, two passes over the row), keeping `μ` and `r` per row for the backward.
//! * [`layer_norm_backward`]: `dx = r·(g − mean(g) − x̂·mean(g·x̂))` with `g = dy·γ`,
//!   `x̂ = (x − μ)·r`; `dγ = Σ_rows dy·x̂`, `dβ = Σ_rows dy`.
//!
//! A row's sums run in one fixed order (four lanes, then the lanes added, then the ragged
//! end) inside one task, and a parameter-gradient column is summed over the rows in order by
//! one task, so results do not depend on the thread count.

use crate::conv::lanes::{load_n, store_n};
use crate::math::sqrtf;
use crate::par::{run_if_worth, Par, SyncPtr};
use crate::simd::F32x4;

/// Rows per task: enough work to amortize a task, few enough to balance two threads.
const ROWS_PER_TASK: usize = 64;
/// Elements a thread must get before the pool is used (a dispatch costs ~10 µs).
const MIN_PER_THREAD: usize = 1 << 15;

/// Lanes of the 4-lane group at `j`: always 4 when `FULL` (`c` a multiple of 4), so the
/// partial-vector branches of `load_n`/`store_n` fold away in that instantiation.
#[inline(always)]
fn lanes<const FULL: bool>(c: usize, j: usize) -> usize {
    if FULL { 4 } else { (c - j).min(4) }
}

/// Σ f(j) over the row's 4-lane groups, then the lanes added in order.
#[inline(always)]
unsafe fn row_sum<const FULL: bool>(c: usize, f: impl Fn(usize, usize) -> F32x4) -> f32 {
    let mut acc = F32x4::zero();
    let mut j = 0;
    while j < c {
        acc = acc.add(f(j, lanes::<FULL>(c, j)));
        j += 4;
    }
    acc.hsum()
}

/// Writes `y`, and `mean`, `rstd` (`[rows]`). `gamma`/`beta` (`[c]`) may be absent
/// (scale 1, shift 0).
#[allow(clippy::too_many_arguments)]
pub fn layer_norm_forward(
    par: &dyn Par, x: &[f32], gamma: Option<&[f32]>, beta: Option<&[f32]>, rows: usize, c: usize, eps: f32, y: &mut [f32],
    mean: &mut [f32], rstd: &mut [f32],
) {
    debug_assert!(x.len() >= rows * c && y.len() >= rows * c && mean.len() >= rows && rstd.len() >= rows);
    if c == 0 {
        mean[..rows].fill(0.0);
        rstd[..rows].fill(1.0 / sqrtf(eps));
        return;
    }
    let (xp, yp, mp, rp) = (SyncPtr(x.as_ptr() as *mut f32), SyncPtr(y.as_mut_ptr()), SyncPtr(mean.as_mut_ptr()), SyncPtr(rstd.as_mut_ptr()));
    let gp = gamma.map(|g| SyncPtr(g.as_ptr() as *mut f32));
    let bp = beta.map(|b| SyncPtr(b.as_ptr() as *mut f32));
    let tasks = rows.div_ceil(ROWS_PER_TASK);
    let body = |range: core::ops::Range<usize>| unsafe {
        let rows = range.start * ROWS_PER_TASK..(range.end * ROWS_PER_TASK).min(rows);
        if c % 4 == 0 {
            forward_rows::<true>(rows, c, eps, xp, gp, bp, yp, mp, rp);
        } else {
            forward_rows::<false>(rows, c, eps, xp, gp, bp, yp, mp, rp);
        }
    };
    run_if_worth(par, tasks, rows * c, MIN_PER_THREAD, &body);
}

#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn forward_rows<const FULL: bool>(
    rows: core::ops::Range<usize>, c: usize, eps: f32, xp: SyncPtr<f32>, gp: Option<SyncPtr<f32>>, bp: Option<SyncPtr<f32>>,
    yp: SyncPtr<f32>, mp: SyncPtr<f32>, rp: SyncPtr<f32>,
) {
    let inv_c = 1.0 / c as f32;
    for row in rows {
        let xr = xp.get().add(row * c);
        let mu = row_sum::<FULL>(c, |j, n| load_n(xr.add(j), n)) * inv_c;
        let vmu = F32x4::splat(mu);
        // Lanes past the row end load as 0 and must not add (0 − μ)².
        let var = row_sum::<FULL>(c, |j, n| {
            let d = load_n(xr.add(j), n).sub(vmu);
            let d = if n == 4 { d } else { load_n(lane_ones().as_ptr(), n).mul(d) };
            d.mul(d)
        }) * inv_c;
        let r = 1.0 / sqrtf(var + eps);
        *mp.get().add(row) = mu;
        *rp.get().add(row) = r;
        let (vr, yr) = (F32x4::splat(r), yp.get().add(row * c));
        let mut j = 0;
        while j < c {
            let n = lanes::<FULL>(c, j);
            let mut v = load_n(xr.add(j), n).sub(vmu).mul(vr);
            if let Some(g) = gp {
                v = v.mul(load_n(g.get().add(j), n));
            }
            if let Some(b) = bp {
                v = v.add(load_n(b.get().add(j), n));
            }
            store_n(v, yr.add(j), n);
            j += 4;
        }
    }
}

#[inline(always)]
fn lane_ones() -> [f32; 4] {
    [1.0; 4]
}

#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn dx_rows<const FULL: bool>(
    rows: core::ops::Range<usize>, c: usize, xp: SyncPtr<f32>, gp: SyncPtr<f32>, gam: Option<SyncPtr<f32>>, mp: SyncPtr<f32>,
    rp: SyncPtr<f32>, dxp: SyncPtr<f32>,
) {
    let inv_c = 1.0 / c as f32;
    for row in rows {
        let (xr, gr) = (xp.get().add(row * c), gp.get().add(row * c));
        let (vmu, vr) = (F32x4::splat(*mp.get().add(row)), F32x4::splat(*rp.get().add(row)));
        // g = dy·γ (lanes past the row end load as 0, so they add nothing).
        let g = |j: usize, n: usize| match gam {
            Some(p) => load_n(gr.add(j), n).mul(load_n(p.get().add(j), n)),
            None => load_n(gr.add(j), n),
        };
        let xhat = |j: usize, n: usize| load_n(xr.add(j), n).sub(vmu).mul(vr);
        // Σg and Σg·x̂ in one sweep (each still summed in its own fixed order).
        let (mut sa, mut sb) = (F32x4::zero(), F32x4::zero());
        let mut j = 0;
        while j < c {
            let n = lanes::<FULL>(c, j);
            let gj = g(j, n);
            sa = sa.add(gj);
            sb = sb.add(gj.mul(xhat(j, n)));
            j += 4;
        }
        let (a, b) = (F32x4::splat(sa.hsum() * inv_c), F32x4::splat(sb.hsum() * inv_c));
        let out = dxp.get().add(row * c);
        let mut j = 0;
        while j < c {
            let n = lanes::<FULL>(c, j);
            store_n(vr.mul(g(j, n).sub(a).sub(xhat(j, n).mul(b))), out.add(j), n);
            j += 4;
        }
    }
}

/// From the forward's `mean` and `rstd`: `dx` (`[rows, c]`, may be absent) and the
/// parameter gradients `dgamma`, `dbeta` (`[c]`, each may be absent).
#[allow(clippy::too_many_arguments)]
pub fn layer_norm_backward(
    par: &dyn Par, x: &[f32], dy: &[f32], gamma: Option<&[f32]>, mean: &[f32], rstd: &[f32], rows: usize, c: usize,
    dx: Option<&mut [f32]>, dgamma: Option<&mut [f32]>, dbeta: Option<&mut [f32]>,
) {
    debug_assert!(x.len() >= rows * c && dy.len() >= rows * c && mean.len() >= rows && rstd.len() >= rows);
    let (xp, gp, mp, rp) = (SyncPtr(x.as_ptr() as *mut f32), SyncPtr(dy.as_ptr() as *mut f32), mean.as_ptr() as usize, rstd.as_ptr() as usize);
    let gam = gamma.map(|g| SyncPtr(g.as_ptr() as *mut f32));
    if let (Some(dx), true) = (dx, c > 0) {
        let dxp = SyncPtr(dx.as_mut_ptr());
        let (mp, rp) = (SyncPtr(mp as *mut f32), SyncPtr(rp as *mut f32));
        let body = |range: core::ops::Range<usize>| unsafe {
            let rows = range.start * ROWS_PER_TASK..(range.end * ROWS_PER_TASK).min(rows);
            if c % 4 == 0 {
                dx_rows::<true>(rows, c, xp, gp, gam, mp, rp, dxp);
            } else {
                dx_rows::<false>(rows, c, xp, gp, gam, mp, rp, dxp);
            }
        };
        run_if_worth(par, rows.div_ceil(ROWS_PER_TASK), 2 * rows * c, MIN_PER_THREAD, &body);
    }
    if dgamma.is_none() && dbeta.is_none() {
        return;
    }
    // Column sums: a task owns 16 columns (a cache line of each row) and adds the rows in order.
    const COLS: usize = 16;
    let dgp = SyncPtr(dgamma.map_or(core::ptr::null_mut(), |d| d.as_mut_ptr()));
    let dbp = SyncPtr(dbeta.map_or(core::ptr::null_mut(), |d| d.as_mut_ptr()));
    run_if_worth(par, c.div_ceil(COLS), 2 * rows * c, MIN_PER_THREAD, &|tasks| unsafe {
        for task in tasks {
            let j0 = task * COLS;
            let mut sg = [F32x4::zero(); COLS / 4];
            let mut sb = [F32x4::zero(); COLS / 4];
            for row in 0..rows {
                let (xr, gr) = (xp.get().add(row * c), gp.get().add(row * c));
                let (vmu, vr) = (F32x4::splat(*(mp as *const f32).add(row)), F32x4::splat(*(rp as *const f32).add(row)));
                for q in 0..COLS / 4 {
                    let j = j0 + 4 * q;
                    if j < c {
                        let n = (c - j).min(4);
                        let d = load_n(gr.add(j), n);
                        sb[q] = sb[q].add(d);
                        sg[q] = sg[q].add(d.mul(load_n(xr.add(j), n).sub(vmu).mul(vr)));
                    }
                }
            }
            for q in 0..COLS / 4 {
                let j = j0 + 4 * q;
                if j < c {
                    let n = (c - j).min(4);
                    if !dgp.get().is_null() {
                        store_n(sg[q], dgp.get().add(j), n);
                    }
                    if !dbp.get().is_null() {
                        store_n(sb[q], dbp.get().add(j), n);
                    }
                }
            }
        }
    });
}

#[cfg(test)]
#[path = "layer_norm_tests.rs"]
mod tests;

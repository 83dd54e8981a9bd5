//! Batch normalization over the rows of `x: [rows, c]` (rows = N·H·W for NHWC), per channel.
//!
//! * [`channel_moments`]: mean and **biased** variance (Keras/JAX `jnp.var`), two passes.
//! * [`channel_normalize`]: `y = (x − center)·scale + shift`, the apply step of both the
//!   training and the inference forward (TypeScript folds gamma/var/eps into `scale`).
//! * [`channel_normalize_sums`]: `Σ dy` and `Σ dy·(x − center)`, its parameter gradients.
//! * [`batch_norm_backward_input`]: the fused training-mode input gradient.
//!
//! Sums run over fixed row parts (a function of `rows` only), each accumulating blocks of
//! 64 rows in f32 SIMD and flushing them into f64; parts combine in order, so results do not
//! depend on the thread count.

use crate::conv::lanes::{load_n, store_n};
use crate::conv::SyncPtr;
use crate::par::{split, threads_for, Par};
use crate::simd::F32x4;
use alloc::vec;
use alloc::vec::Vec;
use core::ops::Range;

const BLOCK_ROWS: usize = 64;
const MIN_ROWS_PER_PART: usize = 256;
const MAX_PARTS: usize = 16;
const MIN_PER_THREAD: usize = 1 << 15;

/// Per-channel mean and biased variance of `x: [rows, c]` (0 and 0 when `rows == 0`).
pub fn channel_moments(par: &dyn Par, x: &[f32], rows: usize, c: usize, mean: &mut [f32], var: &mut [f32]) {
    debug_assert!(x.len() >= rows * c && mean.len() >= c && var.len() >= c);
    let inv = if rows == 0 { 0.0 } else { 1.0 / rows as f64 };
    let [s] = sums::<1, _>(par, rows, c, |r, c0, n| [unsafe { load_n(x.as_ptr().add(r * c + c0), n) }]);
    for ch in 0..c {
        mean[ch] = (s[ch] * inv) as f32;
    }
    let m: &[f32] = &mean[..c];
    let [q] = sums::<1, _>(par, rows, c, |r, c0, n| unsafe {
        let d = load_n(x.as_ptr().add(r * c + c0), n).sub(load_n(m.as_ptr().add(c0), n));
        [d.mul(d)]
    });
    for ch in 0..c {
        var[ch] = (q[ch] * inv) as f32;
    }
}

/// `y[r, ch] = (x[r, ch] − center[ch])·scale[ch] + shift[ch]`.
#[allow(clippy::too_many_arguments)]
pub fn channel_normalize(par: &dyn Par, x: &[f32], center: &[f32], scale: &[f32], shift: &[f32], rows: usize, c: usize, y: &mut [f32]) {
    debug_assert!(x.len() >= rows * c && y.len() >= rows * c && center.len() >= c && scale.len() >= c && shift.len() >= c);
    let yp = SyncPtr(y.as_mut_ptr());
    rowwise(par, rows, c, &|rs| unsafe {
        for r in rs {
            let mut c0 = 0;
            while c0 < c {
                let n = (c - c0).min(4);
                let xv = load_n(x.as_ptr().add(r * c + c0), n);
                let v = xv.sub(load_n(center.as_ptr().add(c0), n)).fma(load_n(scale.as_ptr().add(c0), n), load_n(shift.as_ptr().add(c0), n));
                store_n(v, yp.get().add(r * c + c0), n);
                c0 += n;
            }
        }
    });
}

/// `sum_dy[ch] = Σ_r dy[r, ch]` and `sum_dyx[ch] = Σ_r dy[r, ch]·(x[r, ch] − center[ch])`.
#[allow(clippy::too_many_arguments)]
pub fn channel_normalize_sums(
    par: &dyn Par, x: &[f32], dy: &[f32], center: &[f32], rows: usize, c: usize, sum_dy: &mut [f32], sum_dyx: &mut [f32],
) {
    let [s, sx] = sums::<2, _>(par, rows, c, |r, c0, n| unsafe {
        let d = load_n(dy.as_ptr().add(r * c + c0), n);
        let xc = load_n(x.as_ptr().add(r * c + c0), n).sub(load_n(center.as_ptr().add(c0), n));
        [d, d.mul(xc)]
    });
    for ch in 0..c {
        sum_dy[ch] = s[ch] as f32;
        sum_dyx[ch] = sx[ch] as f32;
    }
}

/// Training-mode `dx` of `y = (x − mean)·γ/√(var + ε) + β` with `mean`, `var` the batch
/// moments, given the channel sums `Σdy` and `Σdy·(x − mean)`, plus the gradients `gmean`,
/// `gvar` flowing into the moments when they are used downstream:
///
/// `dx = k·dy − k·Σdy/R − k·inv²·(x − mean)·Σdy(x − mean)/R + gmean/R + 2·gvar·(x − mean)/R`,
/// with `inv = 1/√(var + ε)`, `k = γ·inv`; i.e. `dx = a·dy + b·(x − mean) + d` per channel.
#[allow(clippy::too_many_arguments)]
pub fn batch_norm_backward_input(
    par: &dyn Par, x: &[f32], dy: &[f32], mean: &[f32], var: &[f32], gamma: Option<&[f32]>, eps: f32,
    sum_dy: &[f32], sum_dyx: &[f32], gmean: Option<&[f32]>, gvar: Option<&[f32]>, rows: usize, c: usize, dx: &mut [f32],
) {
    let r = rows.max(1) as f64;
    let mut a = vec![0.0f32; c];
    let mut b = vec![0.0f32; c];
    let mut d = vec![0.0f32; c];
    for ch in 0..c {
        let inv = 1.0 / crate::math::sqrtf(var[ch] + eps) as f64;
        let k = gamma.map_or(1.0, |g| g[ch] as f64) * inv;
        let gm = gmean.map_or(0.0, |g| g[ch] as f64);
        let gv = gvar.map_or(0.0, |g| g[ch] as f64);
        a[ch] = k as f32;
        b[ch] = ((2.0 * gv - k * inv * inv * sum_dyx[ch] as f64) / r) as f32;
        d[ch] = ((gm - k * sum_dy[ch] as f64) / r) as f32;
    }
    let dxp = SyncPtr(dx.as_mut_ptr());
    let (ap, bp, dp) = (&a[..], &b[..], &d[..]);
    rowwise(par, rows, c, &|rs| unsafe {
        for row in rs {
            let mut c0 = 0;
            while c0 < c {
                let n = (c - c0).min(4);
                let o = row * c + c0;
                let xc = load_n(x.as_ptr().add(o), n).sub(load_n(mean.as_ptr().add(c0), n));
                let v = load_n(dy.as_ptr().add(o), n).fma(load_n(ap.as_ptr().add(c0), n), load_n(dp.as_ptr().add(c0), n));
                store_n(xc.fma(load_n(bp.as_ptr().add(c0), n), v), dxp.get().add(o), n);
                c0 += n;
            }
        }
    });
}

/// Runs `body` over row ranges, threaded when the job is large enough.
fn rowwise(par: &dyn Par, rows: usize, c: usize, body: &(dyn Fn(Range<usize>) + Sync)) {
    if threads_for(par, rows * c, MIN_PER_THREAD) > 1 {
        par.run(rows, body);
    } else if rows > 0 {
        body(0..rows);
    }
}

/// `out[t][ch] = Σ_r term(r, ch-vector)[t]` in f64, for `T` terms at once. `term(r, c0, n)`
/// returns the `n ≤ 4` lanes of channels `c0..c0+n` of row `r` (lanes above `n` are ignored).
fn sums<const T: usize, F>(par: &dyn Par, rows: usize, c: usize, term: F) -> [Vec<f64>; T]
where
    F: Fn(usize, usize, usize) -> [F32x4; T] + Sync,
{
    let parts = (rows / MIN_ROWS_PER_PART).clamp(1, MAX_PARTS);
    let mut partial = vec![0.0f64; parts * T * c];
    let pp = SyncPtr(partial.as_mut_ptr());
    let vecs = c.div_ceil(4);
    let body = |ps: Range<usize>| {
        let mut block = vec![F32x4::zero(); T * vecs];
        for p in ps {
            let acc = unsafe { core::slice::from_raw_parts_mut(pp.get().add(p * T * c), T * c) };
            let range = split(rows, p, parts);
            let mut r0 = range.start;
            while r0 < range.end {
                let r1 = (r0 + BLOCK_ROWS).min(range.end);
                block.fill(F32x4::zero());
                let bp = block.as_mut_ptr();
                for r in r0..r1 {
                    for v in 0..vecs {
                        let vals = term(r, 4 * v, (c - 4 * v).min(4));
                        for (t, val) in vals.iter().enumerate() {
                            unsafe {
                                let slot = bp.add(t * vecs + v);
                                *slot = (*slot).add(*val);
                            }
                        }
                    }
                }
                for t in 0..T {
                    let mut lanes = [0.0f32; 4];
                    for v in 0..vecs {
                        unsafe { block[t * vecs + v].store(lanes.as_mut_ptr()) };
                        for (l, &x) in lanes.iter().enumerate().take((c - 4 * v).min(4)) {
                            acc[t * c + 4 * v + l] += x as f64;
                        }
                    }
                }
                r0 = r1;
            }
        }
    };
    if threads_for(par, rows * c * T, MIN_PER_THREAD) > 1 {
        par.run(parts, &body);
    } else {
        body(0..parts);
    }
    core::array::from_fn(|t| {
        let mut out = vec![0.0f64; c];
        for p in 0..parts {
            for ch in 0..c {
                out[ch] += partial[(p * T + t) * c + ch];
            }
        }
        out
    })
}

pub mod layer_norm;

#[cfg(test)]
mod tests;

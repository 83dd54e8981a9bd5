//! Fused softmax cross-entropy on `[batch, classes]` rows: the per-sample loss and, when
//! asked, its gradient in the same pass over the logits (unscaled: the caller applies the
//! batch reduction).
//!
//! With probabilities instead of logits (`from_logits == false`, sparse only) the loss is
//! Keras's: p is normalised by its row sum S, clipped to [ε, 1 − ε], ε = 1e-7, and
//! loss = −ln(clip(p_label / S)); the gradient is with respect to p:
//! 1/S − [k = label]/p_label inside the clip range, 0 outside (where the clip is flat).

use super::row;
use crate::math::lnf;
use crate::par::{threads_for, Par};
use crate::simd::F32x4;
use core::ops::Range;

/// Keras `backend.epsilon()`.
pub const XENT_EPSILON: f32 = 1e-7;
const MIN_PER_THREAD: usize = 1 << 14;

/// Per-sample loss for integer labels; `dlogits` (if given) gets d loss / d logits, or
/// d loss / d p for probabilities. Rows whose label is outside `0..classes` get NaN loss
/// and NaN gradient; the return value counts them.
#[allow(clippy::too_many_arguments)]
pub fn softmax_xent_sparse(
    par: &dyn Par, logits: &[f32], labels: &[i32], loss: &mut [f32], dlogits: Option<&mut [f32]>,
    batch: usize, classes: usize, from_logits: bool,
) -> usize {
    debug_assert!(logits.len() == batch * classes && labels.len() == batch && loss.len() == batch);
    let bad = labels.iter().filter(|&&l| l < 0 || l as usize >= classes).count();
    let xp = logits.as_ptr() as usize;
    let lp = loss.as_mut_ptr() as usize;
    let dp = dlogits.map(|d| d.as_mut_ptr() as usize);
    for_each_row(par, batch, classes, &|b| unsafe {
        let x = (xp as *const f32).add(b * classes);
        let d = dp.map(|d| (d as *mut f32).add(b * classes));
        let l = labels[b];
        let out = (lp as *mut f32).add(b);
        if l < 0 || l as usize >= classes {
            *out = f32::NAN;
            if let Some(d) = d {
                core::slice::from_raw_parts_mut(d, classes).fill(f32::NAN);
            }
        } else if from_logits {
            let l = l as usize;
            let (m, ln_s) = softmax_row(x, d, classes, 1.0);
            if let Some(d) = d {
                *d.add(l) -= 1.0;
            }
            // m − x_l first: both are large for confident logits, their difference is not.
            *out = (m - *x.add(l)) + ln_s;
        } else {
            *out = probs_row(x, d, classes, l as usize);
        }
    });
    bad
}

/// Per-sample loss −Σ t·log_softmax(x) for dense targets (one-hot or probabilities);
/// `dlogits` gets softmax(x)·Σt − t, which is softmax − target when targets sum to 1.
pub fn softmax_xent_dense(
    par: &dyn Par, logits: &[f32], targets: &[f32], loss: &mut [f32], dlogits: Option<&mut [f32]>,
    batch: usize, classes: usize,
) {
    debug_assert!(logits.len() == batch * classes && targets.len() == logits.len() && loss.len() == batch);
    let (xp, tp, lp) = (logits.as_ptr() as usize, targets.as_ptr() as usize, loss.as_mut_ptr() as usize);
    let dp = dlogits.map(|d| d.as_mut_ptr() as usize);
    for_each_row(par, batch, classes, &|b| unsafe {
        let x = (xp as *const f32).add(b * classes);
        let t = (tp as *const f32).add(b * classes);
        let d = dp.map(|d| (d as *mut f32).add(b * classes));
        let (m, ln_s) = softmax_row(x, d, classes, row::dot(t, None, classes));
        if let Some(d) = d {
            row::map2(d, t, d, classes, |p, t| p.sub(t));
        }
        let mut l = 0.0;
        for k in 0..classes {
            let tk = *t.add(k);
            // Skipping zero targets keeps 0·(−inf logit) from turning the loss into NaN.
            if tk != 0.0 {
                l += tk * ((m - *x.add(k)) + ln_s);
            }
        }
        *(lp as *mut f32).add(b) = l;
    });
}

/// Writes softmax(x)·`scale` to `d` (if given) and returns (max, ln Σ exp(x − max)).
unsafe fn softmax_row(x: *const f32, d: Option<*mut f32>, c: usize, scale: f32) -> (f32, f32) {
    let m = row::max(x, c);
    let s = match d {
        Some(d) => row::exp_sum::<true>(x, d, c, m),
        None => row::exp_sum::<false>(x, core::ptr::null_mut(), c, m),
    };
    if let Some(d) = d {
        let k = F32x4::splat(scale / s);
        row::map2(d, d, d, c, |e, _| e.mul(k));
    }
    (m, lnf(s))
}

unsafe fn probs_row(p: *const f32, d: Option<*mut f32>, c: usize, l: usize) -> f32 {
    let s = row::dot(p, None, c);
    let q = *p.add(l) / s;
    let loss = -lnf(q.clamp(XENT_EPSILON, 1.0 - XENT_EPSILON));
    if let Some(d) = d {
        let inside = (XENT_EPSILON..=1.0 - XENT_EPSILON).contains(&q);
        let g = if inside { 1.0 / s } else { 0.0 };
        core::slice::from_raw_parts_mut(d, c).fill(g);
        if inside {
            *d.add(l) -= 1.0 / *p.add(l);
        }
    }
    loss
}

fn for_each_row(par: &dyn Par, batch: usize, classes: usize, f: &(dyn Fn(usize) + Sync)) {
    let body = |rows: Range<usize>| rows.for_each(f);
    if threads_for(par, batch * classes, MIN_PER_THREAD) <= 1 {
        body(0..batch);
    } else {
        par.run(batch, &body);
    }
}

#[cfg(test)]
mod tests;

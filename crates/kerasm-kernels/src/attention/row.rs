//! Four-lane row helpers of the attention kernels (the ragged end scalar).

use crate::math::expf;
use crate::simd::F32x4;

/// `y[..n] = a · x[..n]`.
///
/// # Safety
/// `x` readable and `y` writable for `n` f32 (they may be the same row).
#[inline(always)]
pub unsafe fn scale_into(y: *mut f32, a: f32, x: *const f32, n: usize) {
    let va = F32x4::splat(a);
    let mut i = 0;
    while i + 4 <= n {
        va.mul(F32x4::load(x.add(i))).store(y.add(i));
        i += 4;
    }
    while i < n {
        *y.add(i) = a * *x.add(i);
        i += 1;
    }
}

/// Σ a[i]·b[i] over `n`, in a fixed order.
///
/// # Safety
/// `a` and `b` readable for `n` f32.
#[inline(always)]
pub unsafe fn dot(a: *const f32, b: *const f32, n: usize) -> f32 {
    let mut acc = [F32x4::zero(); 2];
    let mut i = 0;
    while i + 8 <= n {
        acc[0] = F32x4::load(a.add(i)).fma(F32x4::load(b.add(i)), acc[0]);
        acc[1] = F32x4::load(a.add(i + 4)).fma(F32x4::load(b.add(i + 4)), acc[1]);
        i += 8;
    }
    if i + 4 <= n {
        acc[0] = F32x4::load(a.add(i)).fma(F32x4::load(b.add(i)), acc[0]);
        i += 4;
    }
    let mut s = acc[0].add(acc[1]).hsum();
    while i < n {
        s += *a.add(i) * *b.add(i);
        i += 1;
    }
    s
}

/// Masks row `s[..n]` (`keep[j] == 0` → −inf) and returns its max over the kept entries
/// (−inf when none is kept). Four running maxima, so the loop is not one chain of
/// dependent max latencies (it cost a third of the softmax); max is exact, so the order
/// does not change the result.
///
/// # Safety
/// `s` writable for `n` f32; `keep`, if any, has ≥ n entries.
#[inline(always)]
pub unsafe fn masked_max(s: *mut f32, keep: Option<&[f32]>, n: usize) -> f32 {
    let ninf = F32x4::splat(f32::NEG_INFINITY);
    let zero = F32x4::zero();
    let load = |i: usize| {
        let mut x = F32x4::load(s.add(i));
        if let Some(k) = keep {
            x = F32x4::load(k.as_ptr().add(i)).eq(zero).select(ninf, x);
            x.store(s.add(i));
        }
        x
    };
    let mut vm = [ninf; 4];
    let mut i = 0;
    while i + 16 <= n {
        for (u, m) in vm.iter_mut().enumerate() {
            *m = load(i + 4 * u).max(*m);
        }
        i += 16;
    }
    while i + 4 <= n {
        vm[0] = load(i).max(vm[0]);
        i += 4;
    }
    let mut m = vm[0].max(vm[1]).max(vm[2].max(vm[3])).hmax();
    while i < n {
        if keep.is_some_and(|k| k[i] == 0.0) {
            *s.add(i) = f32::NEG_INFINITY;
        } else {
            m = m.max(*s.add(i));
        }
        i += 1;
    }
    m
}

/// e^d for the softmax's `d = s − max ≤ 0`: exp4's range reduction and polynomial (same
/// bits for d ≥ −87), with 2^n added to the polynomial's exponent bits as an integer: n
/// sits in t's low bits once the 1.5·2^23 rounding constant is added (ROUND's own low 9 bits
/// are zero, so `t << 23` is n's exponent field), and y·2^n is normal for d ≥ −87. d < −87
/// (including the −inf of a masked score) gives exactly 0 by clearing those lanes, which
/// also spares the callers a select; a NaN stays NaN (the polynomial of a NaN is NaN).
#[inline(always)]
pub(super) fn exp_le0(d: F32x4) -> F32x4 {
    const LOG2E: f32 = core::f32::consts::LOG2_E;
    #[allow(clippy::excessive_precision)]
    const LN2_HI: f32 = 0.693_359_375;
    const LN2_LO: f32 = -2.121_944_4e-4;
    const ROUND: f32 = 12_582_912.0;
    let s = F32x4::splat;
    let t = d.mul(s(LOG2E)).add(s(ROUND));
    let n = t.sub(s(ROUND));
    let r = n.fma(s(-LN2_HI), d);
    let r = n.fma(s(-LN2_LO), r);
    let mut p = s(1.987_569_2e-4);
    for c in [1.398_2e-3, 8.333_452e-3, 4.166_579_6e-2, 1.666_666_5e-1, 5e-1] {
        p = p.fma(r, s(c));
    }
    let y = p.fma(r.mul(r), r).add(s(1.0));
    let e = y.cast_i32().add(t.cast_i32().shl(23)).cast_f32();
    e.andnot(d.lt(s(-87.0)))
}

/// `s[j] = exp(s[j] − m)` for j < n (−inf entries become exactly 0); returns Σ.
///
/// # Safety
/// `s` writable for `n` f32.
#[inline(always)]
pub unsafe fn exp_row(s: *mut f32, n: usize, m: f32) -> f32 {
    let vm = F32x4::splat(m);
    let mut acc = F32x4::zero();
    let mut i = 0;
    while i + 4 <= n {
        // A masked −inf gives d = −inf < −87: exactly 0 (m > −inf here).
        let e = exp_le0(F32x4::load(s.add(i)).sub(vm));
        e.store(s.add(i));
        acc = acc.add(e);
        i += 4;
    }
    let mut sum = acc.hsum();
    while i < n {
        let x = *s.add(i);
        let e = if x == f32::NEG_INFINITY { 0.0 } else { expf(x - m) };
        *s.add(i) = e;
        sum += e;
        i += 1;
    }
    sum
}

/// Row `s[..tk]` of scaled scores → probabilities: keys past `n` (causal) or with
/// `keep[j] == 0` get 0. Returns the log-sum-exp, or +inf for a row with every key masked,
/// which becomes the uniform 1/tk (softmax of equal logits, as jax.nn.dot_product_attention).
///
/// # Safety
/// `s` writable for `tk` f32; `n ≤ tk`.
#[inline(always)]
pub unsafe fn softmax_row(s: *mut f32, keep: Option<&[f32]>, n: usize, tk: usize) -> f32 {
    let m = masked_max(s, keep, n);
    if m == f32::NEG_INFINITY {
        let w = 1.0 / tk as f32;
        for j in 0..tk {
            *s.add(j) = w;
        }
        return f32::INFINITY;
    }
    let sum = exp_row(s, n, m);
    scale_into(s, 1.0 / sum, s, n);
    for j in n..tk {
        *s.add(j) = 0.0;
    }
    m + crate::math::lnf(sum)
}

/// Row `s[..tk]` of scaled scores → the forward's probabilities `exp(s − lse)` from its
/// log-sum-exp (`lse` +inf: the uniform row).
///
/// # Safety
/// As [`softmax_row`].
#[inline(always)]
pub unsafe fn probs_row(s: *mut f32, keep: Option<&[f32]>, n: usize, tk: usize, lse: f32) {
    if lse == f32::INFINITY {
        let w = 1.0 / tk as f32;
        for j in 0..tk {
            *s.add(j) = w;
        }
        return;
    }
    masked_max(s, keep, n);
    // exp_row with max = lse: exp(s − lse), masked (−inf) entries exactly 0.
    exp_row(s, n, lse);
    for j in n..tk {
        *s.add(j) = 0.0;
    }
}

/// `dp[j] = scale · p[j] · (dp[j] − d)` for j < n: the scores' gradient from the
/// probabilities' (softmax backward).
///
/// # Safety
/// `p` readable and `dp` writable for `n` f32.
#[inline(always)]
pub unsafe fn softmax_grad_row(p: *const f32, dp: *mut f32, n: usize, d: f32, scale: f32) {
    let (vd, vs) = (F32x4::splat(d), F32x4::splat(scale));
    let mut i = 0;
    while i + 4 <= n {
        F32x4::load(p.add(i)).mul(F32x4::load(dp.add(i)).sub(vd)).mul(vs).store(dp.add(i));
        i += 4;
    }
    while i < n {
        *dp.add(i) = *p.add(i) * (*dp.add(i) - d) * scale;
        i += 1;
    }
}

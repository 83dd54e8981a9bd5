//! Four-lane row helpers of the attention kernels (the ragged end scalar).

use crate::math::{exp4, expf};
use crate::simd::F32x4;

/// `y[..n] += a · x[..n]`.
///
/// # Safety
/// `x` readable and `y` writable for `n` f32, not overlapping.
#[inline(always)]
pub unsafe fn axpy(y: *mut f32, a: f32, x: *const f32, n: usize) {
    let va = F32x4::splat(a);
    let mut i = 0;
    while i + 4 <= n {
        va.fma(F32x4::load(x.add(i)), F32x4::load(y.add(i))).store(y.add(i));
        i += 4;
    }
    while i < n {
        *y.add(i) += a * *x.add(i);
        i += 1;
    }
}

/// `y[..n] = a · x[..n]`.
///
/// # Safety
/// As [`axpy`].
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

/// Masks row `s[..n]` (`keep[j] == 0` → excluded) and returns its max over the kept
/// entries (−inf when none is kept).
///
/// # Safety
/// `s` writable for `n` f32.
#[inline(always)]
pub unsafe fn masked_max(s: *mut f32, keep: Option<&[f32]>, n: usize) -> f32 {
    let mut m = f32::NEG_INFINITY;
    for j in 0..n {
        let x = *s.add(j);
        if keep.is_none_or(|k| k[j] != 0.0) {
            m = m.max(x);
        } else {
            *s.add(j) = f32::NEG_INFINITY;
        }
    }
    m
}

/// `s[j] = exp(s[j] − m)` for j < n (−inf entries become exactly 0); returns Σ.
///
/// # Safety
/// `s` writable for `n` f32.
#[inline(always)]
pub unsafe fn exp_row(s: *mut f32, n: usize, m: f32) -> f32 {
    let vm = F32x4::splat(m);
    let ninf = F32x4::splat(f32::NEG_INFINITY);
    let zero = F32x4::zero();
    let mut acc = F32x4::zero();
    let mut i = 0;
    while i + 4 <= n {
        let x = F32x4::load(s.add(i));
        // x > −inf ? exp(x − m) : 0 (exp4 clamps, so −inf would not give exactly 0).
        let e = x.select_gt(ninf, exp4(x.sub(vm)), zero);
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

//! Softmax building blocks on one contiguous row (the `inner == 1` layout).
//!
//! Reductions keep 16 lanes in four accumulators so the f32 error grows with n/16, not n.
//! A ragged end is handled as the overlapping vector `[n − 4, n)` with the lanes already
//! done masked off, so short rows (ten classes) stay on the SIMD path; rows shorter than 4
//! use a padded copy instead.

use crate::math::exp4;
use crate::simd::F32x4;

#[inline(always)]
pub fn lanes(v: F32x4) -> [f32; 4] {
    let mut l = [0.0f32; 4];
    unsafe { v.store(l.as_mut_ptr()) };
    l
}

/// Up to four elements at `p`, padded with `pad` past `left`.
#[inline(always)]
unsafe fn load_part(p: *const f32, left: usize, pad: f32) -> F32x4 {
    if left >= 4 {
        return F32x4::load(p);
    }
    // Explicit lanes: a copy loop would become a `memory.copy` call, slow for 3 floats.
    let mut t = [pad; 4];
    t[0] = *p;
    if left > 1 {
        t[1] = *p.add(1);
    }
    if left > 2 {
        t[2] = *p.add(2);
    }
    F32x4::load(t.as_ptr())
}

/// The last `k` lanes (1 ≤ k ≤ 3) of the overlapping window: the ones not yet processed.
#[inline(always)]
fn last_lanes(k: usize) -> F32x4 {
    let idx = [0.0f32, 1.0, 2.0, 3.0];
    unsafe { F32x4::load(idx.as_ptr()) }.ge(F32x4::splat((4 - k) as f32))
}

/// Stores the first `min(left, 4)` lanes of `v` at `p`.
#[inline(always)]
unsafe fn store_part(v: F32x4, p: *mut f32, left: usize) {
    if left >= 4 {
        return v.store(p);
    }
    let l = lanes(v);
    *p = l[0];
    if left > 1 {
        *p.add(1) = l[1];
    }
    if left > 2 {
        *p.add(2) = l[2];
    }
}

/// Max of `x[..n]` (−inf when `n == 0`). NaNs are skipped: every caller exponentiates
/// x − max next, where a NaN spreads to the whole row anyway.
///
/// # Safety
/// `x` must point to `n` readable f32.
pub unsafe fn max(x: *const f32, n: usize) -> f32 {
    let ninf = F32x4::splat(f32::NEG_INFINITY);
    let mut a = [ninf; 4];
    let mut i = 0;
    while i + 16 <= n {
        for (k, acc) in a.iter_mut().enumerate() {
            *acc = acc.max(F32x4::load(x.add(i + 4 * k)));
        }
        i += 16;
    }
    let mut m = a[0].max(a[1]).max(a[2].max(a[3]));
    while i + 4 <= n {
        m = m.max(F32x4::load(x.add(i)));
        i += 4;
    }
    if i < n {
        // Seeing an element twice does not change a max.
        m = m.max(if n >= 4 { F32x4::load(x.add(n - 4)) } else { load_part(x, n, f32::NEG_INFINITY) });
    }
    m.hmax()
}

/// Σ exp(x − m); with `STORE` also writes each exp(x − m) to `out`.
///
/// # Safety
/// `x` must point to `n` readable f32, and `out` to `n` writable f32 when `STORE`.
pub unsafe fn exp_sum<const STORE: bool>(x: *const f32, out: *mut f32, n: usize, m: f32) -> f32 {
    let vm = F32x4::splat(m);
    let mut a = [F32x4::zero(); 4];
    let mut i = 0;
    while i + 16 <= n {
        for (k, acc) in a.iter_mut().enumerate() {
            let e = exp4(F32x4::load(x.add(i + 4 * k)).sub(vm));
            if STORE {
                e.store(out.add(i + 4 * k));
            }
            *acc = acc.add(e);
        }
        i += 16;
    }
    while i + 4 <= n {
        let e = exp4(F32x4::load(x.add(i)).sub(vm));
        if STORE {
            e.store(out.add(i));
        }
        a[0] = a[0].add(e);
        i += 4;
    }
    if i < n && n >= 4 {
        // Re-storing the overlapped lanes writes the values they already hold.
        let e = exp4(F32x4::load(x.add(n - 4)).sub(vm));
        if STORE {
            e.store(out.add(n - 4));
        }
        a[1] = a[1].add(last_lanes(n - i).select(e, F32x4::zero()));
    } else if i < n {
        // −inf pads to exp(−inf) = 0.
        let e = exp4(load_part(x, n, f32::NEG_INFINITY).sub(vm));
        if STORE {
            store_part(e, out, n);
        }
        a[1] = a[1].add(e);
    }
    a[0].add(a[1]).add(a[2].add(a[3])).hsum()
}

/// Σ a·b, or Σ a when `b` is `None`.
///
/// # Safety
/// `a` (and `b`) must point to `n` readable f32.
pub unsafe fn dot(a: *const f32, b: Option<*const f32>, n: usize) -> f32 {
    let one = F32x4::splat(1.0);
    let mut acc = [F32x4::zero(); 4];
    let mut i = 0;
    while i + 16 <= n {
        for (k, s) in acc.iter_mut().enumerate() {
            let bv = b.map_or(one, |b| F32x4::load(b.add(i + 4 * k)));
            *s = F32x4::load(a.add(i + 4 * k)).fma(bv, *s);
        }
        i += 16;
    }
    while i + 4 <= n {
        acc[0] = F32x4::load(a.add(i)).fma(b.map_or(one, |b| F32x4::load(b.add(i))), acc[0]);
        i += 4;
    }
    if i < n && n >= 4 {
        let p = F32x4::load(a.add(n - 4)).mul(b.map_or(one, |b| F32x4::load(b.add(n - 4))));
        acc[1] = acc[1].add(last_lanes(n - i).select(p, F32x4::zero()));
    } else if i < n {
        acc[1] = load_part(a, n, 0.0).fma(b.map_or(one, |b| load_part(b, n, 0.0)), acc[1]);
    }
    acc[0].add(acc[1]).add(acc[2].add(acc[3])).hsum()
}

/// `y[i] = f(a[i], b[i])` for a four-lane `f`; the ragged end is one padded vector.
///
/// # Safety
/// `a` and `b` must point to `n` readable f32 and `y` to `n` writable f32; `y` may equal
/// either input.
#[inline(always)]
pub unsafe fn map2(a: *const f32, b: *const f32, y: *mut f32, n: usize, f: impl Fn(F32x4, F32x4) -> F32x4) {
    let mut i = 0;
    while i + 4 <= n {
        f(F32x4::load(a.add(i)), F32x4::load(b.add(i))).store(y.add(i));
        i += 4;
    }
    if i < n && n >= 4 {
        // The overlapped lanes keep what y holds now, which is right whether or not y
        // aliases an input (then its first lanes are already done, and f of them is not).
        let j = n - 4;
        let v = f(F32x4::load(a.add(j)), F32x4::load(b.add(j)));
        last_lanes(n - i).select(v, F32x4::load(y.add(j))).store(y.add(j));
    } else if i < n {
        store_part(f(load_part(a, n, 0.0), load_part(b, n, 0.0)), y, n);
    }
}

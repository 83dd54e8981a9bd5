//! Partial-vector helpers shared by the window kernels (conv, depthwise, pooling, batch
//! norm, resize): channel runs whose length is not a multiple of 4.

use crate::simd::F32x4;

/// The first `n ≤ 4` floats at `p`, zero-filled above.
///
/// # Safety
/// `p` must point to `n` readable floats.
#[inline(always)]
pub unsafe fn load_n(p: *const f32, n: usize) -> F32x4 {
    if n >= 4 {
        return F32x4::load(p);
    }
    // Element by element: `copy_nonoverlapping` of a variable length becomes a `memory.copy`
    // call, which costs more than the whole vector operation.
    let mut t = [0.0f32; 4];
    for (i, v) in t.iter_mut().enumerate().take(n) {
        *v = *p.add(i);
    }
    F32x4::load(t.as_ptr())
}

/// Stores the first `n ≤ 4` lanes of `v` at `p`.
///
/// # Safety
/// `p` must point to `n` writable floats.
#[inline(always)]
pub unsafe fn store_n(v: F32x4, p: *mut f32, n: usize) {
    if n >= 4 {
        return v.store(p);
    }
    let mut t = [0.0f32; 4];
    v.store(t.as_mut_ptr());
    for (i, &x) in t.iter().enumerate().take(n) {
        *p.add(i) = x;
    }
}

/// `dst[i] += src[i]` for `i < n`.
///
/// # Safety
/// Both pointers must address `n` floats; they may not overlap.
#[inline(always)]
pub unsafe fn add_into(src: *const f32, dst: *mut f32, n: usize) {
    let mut i = 0;
    while i + 4 <= n {
        F32x4::load(dst.add(i)).add(F32x4::load(src.add(i))).store(dst.add(i));
        i += 4;
    }
    while i < n {
        *dst.add(i) += *src.add(i);
        i += 1;
    }
}

/// `dst[i] += a[i]·b[i]` for `i < n`.
///
/// # Safety
/// All pointers must address `n` floats; `dst` may not overlap `a` or `b`.
#[inline(always)]
pub unsafe fn mul_add_into(a: *const f32, b: *const f32, dst: *mut f32, n: usize) {
    let mut i = 0;
    while i + 4 <= n {
        F32x4::load(a.add(i)).fma(F32x4::load(b.add(i)), F32x4::load(dst.add(i))).store(dst.add(i));
        i += 4;
    }
    while i < n {
        *dst.add(i) += *a.add(i) * *b.add(i);
        i += 1;
    }
}

/// `dst[..n] = src[..n]`, inline for short runs: wasm `memory.copy` costs a call (~10 ns),
/// far more than moving the 1–16 floats of a typical window row.
///
/// # Safety
/// Both pointers must address `n` floats; they may not overlap.
#[inline(always)]
pub unsafe fn copy_short(src: *const f32, dst: *mut f32, n: usize) {
    if n > 32 {
        return core::ptr::copy_nonoverlapping(src, dst, n);
    }
    let mut i = 0;
    while i + 4 <= n {
        F32x4::load(src.add(i)).store(dst.add(i));
        i += 4;
    }
    while i < n {
        *dst.add(i) = *src.add(i);
        i += 1;
    }
}

/// `dst[..n] = 0`, inline for short runs (see [`copy_short`]).
///
/// # Safety
/// `dst` must address `n` writable floats.
#[inline(always)]
pub unsafe fn zero_short(dst: *mut f32, n: usize) {
    if n > 32 {
        return core::ptr::write_bytes(dst, 0, n);
    }
    let mut i = 0;
    while i + 4 <= n {
        F32x4::zero().store(dst.add(i));
        i += 4;
    }
    while i < n {
        *dst.add(i) = 0.0;
        i += 1;
    }
}

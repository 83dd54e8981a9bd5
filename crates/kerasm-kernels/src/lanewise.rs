//! Drivers that run a four-lane closure over contiguous arrays, and split long arrays
//! across threads.
//!
//! The tail (len % 4 elements) goes through the same closure on a zero-padded copy, so an
//! element's result never depends on whether it landed in a vector body or a tail; together
//! with chunk boundaries on multiples of 4 this makes outputs independent of thread count.
//! Drivers take raw pointers because the exports allow the output to alias an input
//! element for element (in-place ops); each element is read before it is written.

use crate::par::{threads_for, Par};
use crate::simd::F32x4;
use core::ops::Range;

/// Below this many elements per thread, dispatch (~10 µs) costs more than it saves.
pub const MIN_ELEMS_PER_THREAD: usize = 32 * 1024;

pub use crate::par::SyncPtr;

/// Tasks per thread for splits whose tasks cost nothing to make finer.
pub const TASKS_PER_THREAD: usize = 4;

/// Calls `f` on ranges covering `0..len` (boundaries multiples of 16), in parallel when
/// `len` is large enough to pay for it.
pub fn for_ranges(par: &dyn Par, len: usize, f: &(dyn Fn(Range<usize>) + Sync)) {
    let threads = threads_for(par, len, MIN_ELEMS_PER_THREAD);
    if threads <= 1 {
        if len > 0 {
            f(0..len);
        }
        return;
    }
    // A few tasks per thread: the pool hands them out dynamically, so a thread that starts
    // late (a parked or descheduled worker) leaves its share to the others.
    let chunk = len.div_ceil(threads * TASKS_PER_THREAD).next_multiple_of(16);
    let tasks = len.div_ceil(chunk);
    par.run(tasks, &|ts: Range<usize>| {
        for t in ts {
            f(t * chunk..((t + 1) * chunk).min(len));
        }
    });
}

/// `y[i] = f(x[i])` over `n` elements, four lanes at a time.
///
/// # Safety
/// `x` readable and `y` writable for `n` elements; `y` may equal `x` but not partially
/// overlap it.
#[inline(always)]
pub unsafe fn map1(x: *const f32, y: *mut f32, n: usize, f: impl Fn(F32x4) -> F32x4) {
    let body = n & !3;
    let mut i = 0;
    while i < body {
        f(F32x4::load(x.add(i))).store(y.add(i));
        i += 4;
    }
    if body < n {
        let mut t = [0.0f32; 4];
        core::ptr::copy_nonoverlapping(x.add(body), t.as_mut_ptr(), n - body);
        f(F32x4::load(t.as_ptr())).store(t.as_mut_ptr());
        core::ptr::copy_nonoverlapping(t.as_ptr(), y.add(body), n - body);
    }
}

/// `z[i] = f(x[i], y[i])` over `n` elements, four lanes at a time.
///
/// # Safety
/// As [`map1`], for both inputs.
#[inline(always)]
pub unsafe fn map2(x: *const f32, y: *const f32, z: *mut f32, n: usize, f: impl Fn(F32x4, F32x4) -> F32x4) {
    let body = n & !3;
    let mut i = 0;
    while i < body {
        f(F32x4::load(x.add(i)), F32x4::load(y.add(i))).store(z.add(i));
        i += 4;
    }
    if body < n {
        let (mut a, mut b) = ([0.0f32; 4], [0.0f32; 4]);
        core::ptr::copy_nonoverlapping(x.add(body), a.as_mut_ptr(), n - body);
        core::ptr::copy_nonoverlapping(y.add(body), b.as_mut_ptr(), n - body);
        f(F32x4::load(a.as_ptr()), F32x4::load(b.as_ptr())).store(a.as_mut_ptr());
        core::ptr::copy_nonoverlapping(a.as_ptr(), z.add(body), n - body);
    }
}

/// `y[i] = f(x[i])` one element at a time, for ops without a four-lane form.
///
/// # Safety
/// As [`map1`].
#[inline(always)]
pub unsafe fn map1_scalar(x: *const f32, y: *mut f32, n: usize, f: impl Fn(f32) -> f32) {
    for i in 0..n {
        *y.add(i) = f(*x.add(i));
    }
}

/// `z[i] = f(x[i], y[i])` one element at a time.
///
/// # Safety
/// As [`map2`].
#[inline(always)]
pub unsafe fn map2_scalar(x: *const f32, y: *const f32, z: *mut f32, n: usize, f: impl Fn(f32, f32) -> f32) {
    for i in 0..n {
        *z.add(i) = f(*x.add(i), *y.add(i));
    }
}

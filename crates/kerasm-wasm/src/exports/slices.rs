//! Slices over linear memory from the byte offsets that exports receive.
//!
//! A Rust slice needs a non-null, aligned pointer even when empty, while the bindings pass
//! 0 for empty buffers, so empty slices never touch the pointer. Lengths are products of
//! sizes the bindings validated; `len` still refuses a product that wraps, so a binding
//! bug surfaces as `BAD_ARG` instead of a slice over the wrong memory.

/// The product of `dims`, or `None` if it overflows `usize`.
pub fn len(dims: &[usize]) -> Option<usize> {
    dims.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d))
}

/// # Safety
/// `p` must address `n` readable `T` that nothing writes during the borrow.
pub unsafe fn slice<'a, T>(p: *const T, n: usize) -> &'a [T] {
    if n == 0 {
        &[]
    } else {
        core::slice::from_raw_parts(p, n)
    }
}

/// # Safety
/// `p` must address `n` writable `T` that no other live slice overlaps.
pub unsafe fn slice_mut<'a, T>(p: *mut T, n: usize) -> &'a mut [T] {
    if n == 0 {
        &mut []
    } else {
        core::slice::from_raw_parts_mut(p, n)
    }
}

/// `None` for a null (0) pointer: an optional output the caller did not ask for.
///
/// # Safety
/// As for [`slice_mut`] when `p` is not null.
pub unsafe fn optional_mut<'a, T>(p: *mut T, n: usize) -> Option<&'a mut [T]> {
    (!p.is_null()).then(|| slice_mut(p, n))
}

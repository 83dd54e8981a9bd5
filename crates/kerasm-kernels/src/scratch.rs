//! Fallible scratch buffers.
//!
//! A kernel that cannot get its scratch memory must not abort: on WebAssembly an abort is a
//! trap that takes the whole instance (and, on a worker, the thread) with it. Kernels take
//! large buffers through [`zeros`], return early when it fails, and the export reports
//! `OUT_OF_MEMORY` with the size that failed ([`take_oom`]); the output is then invalid and
//! the bindings throw. Small tables still use `Vec` directly: the WASM allocator keeps an
//! emergency reserve for those (kerasm-wasm `heap.rs`).

use alloc::vec::Vec;
use core::sync::atomic::{AtomicUsize, Ordering};

/// Bytes of the first allocation that failed since the last [`take_oom`] (0 = none).
static OOM_BYTES: AtomicUsize = AtomicUsize::new(0);

/// Records that an allocation of `bytes` failed (the first failure wins).
pub fn note_oom(bytes: usize) {
    let _ = OOM_BYTES.compare_exchange(0, bytes.max(1), Ordering::SeqCst, Ordering::SeqCst);
}

/// The size of the first failed allocation since the last call, and clears it.
pub fn take_oom() -> usize {
    OOM_BYTES.swap(0, Ordering::SeqCst)
}

/// `n` copies of `v`, or `None` (recorded) when the memory cannot be had.
pub fn zeros<T: Copy>(n: usize, v: T) -> Option<Vec<T>> {
    let mut out = Vec::new();
    if out.try_reserve_exact(n).is_err() {
        note_oom(n.saturating_mul(core::mem::size_of::<T>()));
        return None;
    }
    out.resize(n, v);
    Some(out)
}

/// An empty vector with room for `n` items, or `None` (recorded).
pub fn with_capacity<T>(n: usize) -> Option<Vec<T>> {
    let mut out = Vec::new();
    if out.try_reserve_exact(n).is_err() {
        note_oom(n.saturating_mul(core::mem::size_of::<T>()));
        return None;
    }
    Some(out)
}

/// `let x = scratch!(n, v);` — a buffer from [`zeros`], or an early `return` from the
/// enclosing function or closure (which must return `()`) when memory is exhausted.
#[macro_export]
macro_rules! scratch {
    ($n:expr, $v:expr) => {
        match $crate::scratch::zeros($n, $v) {
            Some(b) => b,
            None => return,
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    // One test: the flag is process-wide, and the harness runs tests in parallel.
    #[test]
    fn impossible_sizes_fail_without_aborting_and_are_reported() {
        assert!(zeros(usize::MAX / 2, 0.0f32).is_none());
        assert!(take_oom() > 0);
        assert_eq!(take_oom(), 0);
        assert_eq!(zeros(5, 1.5f32).unwrap(), [1.5; 5]);
        assert!(with_capacity::<u64>(usize::MAX / 4).is_none());
        assert!(take_oom() > 0);

        fn f(n: usize, hit: &mut bool) {
            let b = scratch!(n, 0u8);
            *hit = b.len() == n;
        }
        let mut hit = false;
        f(usize::MAX / 2, &mut hit);
        assert!(!hit);
        assert!(take_oom() > 0);
        f(3, &mut hit);
        assert!(hit);
    }
}

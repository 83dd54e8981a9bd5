//! The global allocator: dlmalloc behind a spin lock.
//!
//! dlmalloc's own `global` feature refuses `+atomics`, so we lock it ourselves, as std does
//! on wasm. The lock never blocks in `wait32`, because the browser main thread may not.
//! Pages come only from `memory.grow` and are never returned.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicBool, Ordering};
use dlmalloc::Dlmalloc;

struct Heap {
    lock: AtomicBool,
    inner: UnsafeCell<Dlmalloc>,
}

unsafe impl Sync for Heap {}

impl Heap {
    fn with<R>(&self, f: impl FnOnce(&mut Dlmalloc) -> R) -> R {
        while self.lock.compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
            core::hint::spin_loop();
        }
        let r = f(unsafe { &mut *self.inner.get() });
        self.lock.store(false, Ordering::Release);
        r
    }
}

static HEAP: Heap = Heap { lock: AtomicBool::new(false), inner: UnsafeCell::new(Dlmalloc::new()) };

struct Global;

unsafe impl GlobalAlloc for Global {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        HEAP.with(|h| h.malloc(l.size(), l.align()))
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        HEAP.with(|h| h.calloc(l.size(), l.align()))
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        HEAP.with(|h| h.free(p, l.size(), l.align()))
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        HEAP.with(|h| h.realloc(p, l.size(), l.align(), new))
    }
}

#[global_allocator]
static GLOBAL: Global = Global;

/// Allocates `size` bytes aligned to `align` (a power of two); 0 when memory cannot grow.
#[no_mangle]
pub extern "C" fn kx_alloc(size: usize, align: usize) -> usize {
    if size == 0 || !align.is_power_of_two() {
        return 0;
    }
    match Layout::from_size_align(size, align) {
        Ok(l) => unsafe { GLOBAL.alloc(l) as usize },
        Err(_) => 0,
    }
}

/// Frees a block from `kx_alloc` with the same size and alignment.
#[no_mangle]
pub extern "C" fn kx_free(ptr: usize, size: usize, align: usize) {
    if ptr != 0 {
        unsafe { GLOBAL.dealloc(ptr as *mut u8, Layout::from_size_align_unchecked(size, align)) }
    }
}

//! The global allocator: dlmalloc behind a spin lock.
//!
//! dlmalloc's own `global` feature refuses `+atomics`, so we lock it ourselves, as std does
//! on wasm. The lock never blocks in `wait32`, because the browser main thread may not.
//! Pages come only from `memory.grow` and are never returned.
//!
//! Out of memory never traps on a kernel's large buffers: those go through
//! `kerasm_kernels::scratch`, which fails softly. For the small infallible allocations
//! (offset tables and the like) the allocator keeps an emergency reserve, released when the
//! heap cannot grow and taken again after the export (see [`refill_reserve`]).

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
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

const RESERVE_BYTES: usize = 1 << 20;
const RESERVE_ALIGN: usize = 16;
/// The emergency block (0 = spent or not yet taken).
static RESERVE: AtomicUsize = AtomicUsize::new(0);

/// Takes the emergency reserve if it is spent and memory allows; called after every export.
pub fn refill_reserve() {
    if RESERVE.load(Ordering::Relaxed) == 0 {
        let p = HEAP.with(|h| unsafe { h.malloc(RESERVE_BYTES, RESERVE_ALIGN) }) as usize;
        if p != 0 && RESERVE.compare_exchange(0, p, Ordering::SeqCst, Ordering::SeqCst).is_err() {
            HEAP.with(|h| unsafe { h.free(p as *mut u8, RESERVE_BYTES, RESERVE_ALIGN) });
        }
    }
}

/// `f` again after giving the reserve back to the heap, when `p` (its first result) is null.
unsafe fn or_from_reserve(p: *mut u8, f: impl Fn(&mut Dlmalloc) -> *mut u8) -> *mut u8 {
    if !p.is_null() {
        return p;
    }
    let r = RESERVE.swap(0, Ordering::SeqCst);
    if r == 0 {
        return p;
    }
    HEAP.with(|h| {
        h.free(r as *mut u8, RESERVE_BYTES, RESERVE_ALIGN);
        f(h)
    })
}

struct Global;

unsafe impl GlobalAlloc for Global {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let f = |h: &mut Dlmalloc| h.malloc(l.size(), l.align());
        or_from_reserve(HEAP.with(f), f)
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        let f = |h: &mut Dlmalloc| h.calloc(l.size(), l.align());
        or_from_reserve(HEAP.with(f), f)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        HEAP.with(|h| h.free(p, l.size(), l.align()))
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let f = |h: &mut Dlmalloc| h.realloc(p, l.size(), l.align(), new);
        or_from_reserve(HEAP.with(f), f)
    }
}

#[global_allocator]
static GLOBAL: Global = Global;

/// Allocates `size` bytes aligned to `align` (a power of two); 0 when memory cannot grow.
/// Never touches the emergency reserve: JS handles its own failures.
#[no_mangle]
pub extern "C" fn kx_alloc(size: usize, align: usize) -> usize {
    if size == 0 || !align.is_power_of_two() || Layout::from_size_align(size, align).is_err() {
        return 0;
    }
    HEAP.with(|h| unsafe { h.malloc(size, align) }) as usize
}

/// Frees a block from `kx_alloc` with the same size and alignment.
#[no_mangle]
pub extern "C" fn kx_free(ptr: usize, size: usize, align: usize) {
    if ptr != 0 {
        unsafe { GLOBAL.dealloc(ptr as *mut u8, Layout::from_size_align_unchecked(size, align)) }
    }
}

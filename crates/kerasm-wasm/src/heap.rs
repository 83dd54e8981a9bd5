//! The global allocator: dlmalloc behind a spin lock.
//!
//! dlmalloc's own `global` feature refuses `+atomics`, so we lock it ourselves, as std does
//! on wasm. The lock never blocks in `wait32`, because the browser main thread may not.
//! Pages come only from `memory.grow` and are never returned.
//!
//! Every thread allocates from its own arena (its own dlmalloc and lock): kernel jobs only
//! allocate and free scratch within one thread, and a worker that dies while inside the
//! allocator (terminate() lands at any loop back-edge) then leaves only its own arena
//! locked, never the one the caller and JS use. A new worker starts with a fresh arena.
//!
//! Out of memory never traps on a kernel's large buffers: those go through
//! `kerasm_kernels::scratch`, which fails softly. For the small infallible allocations
//! (offset tables and the like) the allocator keeps an emergency reserve, released when the
//! heap cannot grow and taken again after the export (see [`refill_reserve`]).

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
#[cfg(target_feature = "atomics")]
use core::cell::Cell;
use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use dlmalloc::Dlmalloc;

struct Heap {
    lock: AtomicBool,
    inner: UnsafeCell<Dlmalloc>,
}

unsafe impl Sync for Heap {}

/// One arena per thread id (0 = the caller/JS); the pool's thread cap.
const ARENAS: usize = 64;
static HEAPS: [Heap; ARENAS] = [const { Heap { lock: AtomicBool::new(false), inner: UnsafeCell::new(Dlmalloc::new()) } }; ARENAS];

#[cfg(target_feature = "atomics")]
#[thread_local]
static ARENA: Cell<usize> = Cell::new(0);

fn current() -> &'static Heap {
    #[cfg(target_feature = "atomics")]
    {
        &HEAPS[ARENA.get()]
    }
    #[cfg(not(target_feature = "atomics"))]
    {
        &HEAPS[0]
    }
}

/// Gives worker `tid` a fresh arena: whatever a previous worker with this id left (even a
/// held lock, if it died inside the allocator) is abandoned.
#[cfg(target_feature = "atomics")]
pub fn use_fresh_arena(tid: usize) {
    if (1..ARENAS).contains(&tid) {
        let h = &HEAPS[tid];
        unsafe { core::ptr::write(h.inner.get(), Dlmalloc::new()) };
        h.lock.store(false, Ordering::SeqCst);
        ARENA.set(tid);
    }
}

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

/// The caller's arena: JS buffers (`kx_alloc`) and the emergency reserve live here.
static HEAP: &Heap = &HEAPS[0];

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

/// `f` again after giving the reserve back to the caller's heap, when `p` (its first result)
/// is null. Workers' arenas have no reserve.
unsafe fn or_from_reserve(p: *mut u8, f: impl Fn(&mut Dlmalloc) -> *mut u8) -> *mut u8 {
    if !p.is_null() || !core::ptr::eq(current(), HEAP) {
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
        or_from_reserve(current().with(f), f)
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        let f = |h: &mut Dlmalloc| h.calloc(l.size(), l.align());
        or_from_reserve(current().with(f), f)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        current().with(|h| h.free(p, l.size(), l.align()))
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let f = |h: &mut Dlmalloc| h.realloc(p, l.size(), l.align(), new);
        or_from_reserve(current().with(f), f)
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

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

struct Heap<A = Grow> {
    lock: AtomicBool,
    inner: UnsafeCell<Dlmalloc<A>>,
}

/// The caller's arena takes pages from `memory.grow` (dlmalloc's own wasm `System`, which
/// the crate does not export).
struct Grow;

const PAGE: usize = 64 * 1024;

unsafe impl dlmalloc::Allocator for Grow {
    fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
        let pages = size.div_ceil(PAGE);
        let prev = core::arch::wasm32::memory_grow(0, pages);
        if prev == usize::MAX {
            return (core::ptr::null_mut(), 0, 0);
        }
        let base = prev * PAGE;
        let size = pages * PAGE;
        // The last bytes of a 4 GiB space would make pointers wrap: leave them out.
        if base.wrapping_add(size) == 0 {
            return (base as *mut u8, size - 16, 0);
        }
        (base as *mut u8, size, 0)
    }
    fn remap(&self, _: *mut u8, _: usize, _: usize, _: bool) -> *mut u8 {
        core::ptr::null_mut()
    }
    fn free_part(&self, _: *mut u8, _: usize, _: usize) -> bool {
        false
    }
    fn free(&self, _: *mut u8, _: usize) -> bool {
        false
    }
    fn can_release_part(&self, _: u32) -> bool {
        false
    }
    fn allocates_zeros(&self) -> bool {
        true
    }
    fn page_size(&self) -> usize {
        PAGE
    }
}

/// Where worker arenas get their memory: blocks of the caller's arena (under its lock), so
/// memory the caller freed serves workers' scratch too (pages never return to the system).
/// Blocks are marked external (flag 1): dlmalloc never frees or merges them.
struct FromCaller;

unsafe impl dlmalloc::Allocator for FromCaller {
    fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
        let p = HEAP.with(|h| unsafe { h.malloc(size, 16) });
        (p, size, 1)
    }
    fn remap(&self, _: *mut u8, _: usize, _: usize, _: bool) -> *mut u8 {
        core::ptr::null_mut()
    }
    fn free_part(&self, _: *mut u8, _: usize, _: usize) -> bool {
        false
    }
    fn free(&self, _: *mut u8, _: usize) -> bool {
        false
    }
    fn can_release_part(&self, _: u32) -> bool {
        false
    }
    fn allocates_zeros(&self) -> bool {
        false
    }
    fn page_size(&self) -> usize {
        64 * 1024
    }
}

unsafe impl<A> Sync for Heap<A> {}

/// One arena per thread id (0 = the caller/JS); the pool's thread cap.
const ARENAS: usize = 64;
static HEAP: Heap = Heap { lock: AtomicBool::new(false), inner: UnsafeCell::new(Dlmalloc::new_with_allocator(Grow)) };
static WORKER_HEAPS: [Heap<FromCaller>; ARENAS] =
    [const { Heap { lock: AtomicBool::new(false), inner: UnsafeCell::new(Dlmalloc::new_with_allocator(FromCaller)) } }; ARENAS];

#[cfg(target_feature = "atomics")]
#[thread_local]
static ARENA: Cell<usize> = Cell::new(0);

/// `f` on the calling thread's arena.
fn on_current<R>(f: impl FnOnce(&mut dyn Arena) -> R) -> R {
    #[cfg(target_feature = "atomics")]
    {
        let t = ARENA.get();
        if t != 0 {
            return WORKER_HEAPS[t].with(|h| f(h));
        }
    }
    HEAP.with(|h| f(h))
}

fn on_caller_thread() -> bool {
    #[cfg(target_feature = "atomics")]
    {
        ARENA.get() == 0
    }
    #[cfg(not(target_feature = "atomics"))]
    {
        true
    }
}

/// The three calls the global allocator makes, over either kind of arena.
trait Arena {
    unsafe fn malloc(&mut self, size: usize, align: usize) -> *mut u8;
    unsafe fn calloc(&mut self, size: usize, align: usize) -> *mut u8;
    unsafe fn free(&mut self, p: *mut u8, size: usize, align: usize);
    unsafe fn realloc(&mut self, p: *mut u8, old: usize, align: usize, new: usize) -> *mut u8;
}

impl<A: dlmalloc::Allocator> Arena for Dlmalloc<A> {
    unsafe fn malloc(&mut self, size: usize, align: usize) -> *mut u8 {
        Dlmalloc::malloc(self, size, align)
    }
    unsafe fn calloc(&mut self, size: usize, align: usize) -> *mut u8 {
        Dlmalloc::calloc(self, size, align)
    }
    unsafe fn free(&mut self, p: *mut u8, size: usize, align: usize) {
        Dlmalloc::free(self, p, size, align)
    }
    unsafe fn realloc(&mut self, p: *mut u8, old: usize, align: usize, new: usize) -> *mut u8 {
        Dlmalloc::realloc(self, p, old, align, new)
    }
}

/// Gives worker `tid` a fresh arena: whatever a previous worker with this id left (even a
/// held lock, if it died inside the allocator) is abandoned.
#[cfg(target_feature = "atomics")]
pub fn use_fresh_arena(tid: usize) {
    if (1..ARENAS).contains(&tid) {
        let h = &WORKER_HEAPS[tid];
        unsafe { core::ptr::write(h.inner.get(), Dlmalloc::new_with_allocator(FromCaller)) };
        h.lock.store(false, Ordering::SeqCst);
        ARENA.set(tid);
    }
}

impl<A> Heap<A> {
    fn with<R>(&self, f: impl FnOnce(&mut Dlmalloc<A>) -> R) -> R {
        while self.lock.compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
            core::hint::spin_loop();
        }
        let r = f(unsafe { &mut *self.inner.get() });
        self.lock.store(false, Ordering::Release);
        r
    }
}


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
unsafe fn or_from_reserve(p: *mut u8, f: impl Fn(&mut Dlmalloc<Grow>) -> *mut u8) -> *mut u8 {
    if !p.is_null() || !on_caller_thread() {
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
        let p = on_current(|h| h.malloc(l.size(), l.align()));
        or_from_reserve(p, |h| h.malloc(l.size(), l.align()))
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        let p = on_current(|h| h.calloc(l.size(), l.align()));
        or_from_reserve(p, |h| h.calloc(l.size(), l.align()))
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        on_current(|h| h.free(p, l.size(), l.align()))
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = on_current(|h| h.realloc(p, l.size(), l.align(), new));
        or_from_reserve(q, |h| h.realloc(p, l.size(), l.align(), new))
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
        HEAP.with(|h| unsafe { h.free(ptr as *mut u8, size, align) })
    }
}

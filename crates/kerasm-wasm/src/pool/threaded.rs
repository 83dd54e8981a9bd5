//! A shared-memory worker pool whose dispatch loop lives inside WebAssembly.
//!
//! Every thread is an instance of the same module over one shared memory. The caller (the
//! JS thread that calls exports) publishes a job — a `&dyn Fn(Range)` as two words, which
//! are valid in every instance because vtables and function tables are identical — bumps
//! `gen`, runs its own slice, and waits for `pending` to reach 0. Workers spin briefly,
//! adapting the spin to how soon jobs arrive, then park in `memory.atomic.wait32`.
//! JS reads and writes the control block at fixed offsets (see `bindings/pool.ts`).

use crate::status;
use core::arch::wasm32::{memory_atomic_notify, memory_atomic_wait32};
use core::ops::Range;
use core::sync::atomic::{AtomicI32, AtomicU32, AtomicUsize, Ordering::SeqCst};
use kerasm_kernels::par::{split, Par};

#[repr(C, align(64))]
struct Line<T>(T);

/// Field offsets are part of the JS contract (bindings/pool.ts): gen 0, pending 64,
/// sleeping 128, ready 192, dead 196 (bit t = worker t died; set by JS), spawned 200,
/// max_threads 204, can_block 208, spin_limit 212.
#[repr(C)]
pub struct Ctrl {
    gen: Line<AtomicI32>,
    pending: Line<AtomicI32>,
    sleeping: Line<AtomicI32>,
    ready: AtomicI32,
    dead: AtomicI32,
    spawned: AtomicU32,
    max_threads: AtomicU32,
    can_block: AtomicU32,
    spin_limit: AtomicU32,
    nthreads: AtomicU32,
    tasks: AtomicUsize,
    job: [AtomicUsize; 2],
    exit: AtomicU32,
    busy: AtomicU32,
    /// Dead-worker bits already reported to an export through `take_status`.
    reported: AtomicI32,
}

static CTRL: Ctrl = Ctrl {
    gen: Line(AtomicI32::new(0)),
    pending: Line(AtomicI32::new(0)),
    sleeping: Line(AtomicI32::new(0)),
    ready: AtomicI32::new(0),
    dead: AtomicI32::new(0),
    spawned: AtomicU32::new(0),
    max_threads: AtomicU32::new(1),
    can_block: AtomicU32::new(1),
    spin_limit: AtomicU32::new(SPIN_MAX),
    nthreads: AtomicU32::new(1),
    tasks: AtomicUsize::new(0),
    job: [AtomicUsize::new(0), AtomicUsize::new(0)],
    exit: AtomicU32::new(0),
    busy: AtomicU32::new(0),
    reported: AtomicI32::new(0),
};

/// Spin iterations (~1.3 ns each): up to ~40 µs before parking, at least a few hundred ns.
const SPIN_MAX: u32 = 1 << 15;
const SPIN_MIN: u32 = 64;

type Job<'a> = dyn Fn(Range<usize>) + Sync + 'a;

pub struct Pool;
pub static POOL: Pool = Pool;

fn as_ptr<T>(a: &T) -> *mut i32 {
    a as *const T as *mut i32
}

impl Par for Pool {
    fn threads(&self) -> usize {
        let c = &CTRL;
        if c.dead.load(SeqCst) != 0 || c.ready.load(SeqCst) < c.spawned.load(SeqCst) as i32 {
            return 1;
        }
        (c.max_threads.load(SeqCst) as usize).min(c.spawned.load(SeqCst) as usize + 1).max(1)
    }

    fn run(&self, tasks: usize, f: &(dyn Fn(Range<usize>) + Sync)) {
        let c = &CTRL;
        let n = self.threads().min(tasks);
        // Nested calls (a job that dispatches) and tiny jobs run inline.
        if n <= 1 || c.busy.swap(1, SeqCst) != 0 {
            if tasks > 0 {
                f(0..tasks);
            }
            return;
        }
        let words: [usize; 2] = unsafe { core::mem::transmute::<&Job<'_>, [usize; 2]>(f) };
        c.job[0].store(words[0], SeqCst);
        c.job[1].store(words[1], SeqCst);
        c.tasks.store(tasks, SeqCst);
        c.nthreads.store(n as u32, SeqCst);
        c.pending.0.store(c.spawned.load(SeqCst) as i32, SeqCst);
        c.gen.0.fetch_add(1, SeqCst);
        if c.sleeping.0.load(SeqCst) > 0 {
            unsafe { memory_atomic_notify(as_ptr(&c.gen.0), u32::MAX) };
        }
        let mine = split(tasks, 0, n);
        if !mine.is_empty() {
            f(mine);
        }
        wait_done(c);
        c.busy.store(0, SeqCst);
    }
}

fn wait_done(c: &Ctrl) {
    let mut spins = 0u32;
    let limit = c.spin_limit.load(SeqCst);
    loop {
        let p = c.pending.0.load(SeqCst);
        // Dead workers never acknowledge; every live one must, because the job (and the
        // buffers it writes) lives on the caller's stack until this returns.
        if p <= c.dead.load(SeqCst).count_ones() as i32 {
            return;
        }
        if spins < limit || c.can_block.load(SeqCst) == 0 {
            spins += 1;
            core::hint::spin_loop();
        } else {
            // Timed, so a worker that died without notifying is still noticed.
            unsafe { memory_atomic_wait32(as_ptr(&c.pending.0), p, 1_000_000) };
        }
    }
}

/// `WORKER_DIED` once for each newly dead worker, so the export that first runs after (or
/// during) a death reports it; later calls run on the caller alone and succeed.
pub fn take_status() -> i32 {
    let dead = CTRL.dead.load(SeqCst);
    if dead & !CTRL.reported.swap(dead, SeqCst) != 0 {
        status::WORKER_DIED
    } else {
        status::OK
    }
}

/// Address of the control block, for the JS side of the pool.
#[no_mangle]
pub extern "C" fn kx_pool_ctrl() -> usize {
    &CTRL as *const Ctrl as usize
}

/// Sets how many workers were spawned, the thread cap, and whether the caller may block
/// (0 on a browser main thread, where `wait32` traps).
#[no_mangle]
pub extern "C" fn kx_pool_configure(spawned: u32, max_threads: u32, can_block: u32, spin_limit: u32) {
    CTRL.spawned.store(spawned, SeqCst);
    CTRL.max_threads.store(max_threads.max(1), SeqCst);
    CTRL.can_block.store(can_block, SeqCst);
    CTRL.spin_limit.store(spin_limit.min(SPIN_MAX), SeqCst);
}

/// Asks every worker to return from `kx_worker_loop`.
#[no_mangle]
pub extern "C" fn kx_pool_shutdown() {
    CTRL.exit.store(1, SeqCst);
    CTRL.gen.0.fetch_add(1, SeqCst);
    unsafe { memory_atomic_notify(as_ptr(&CTRL.gen.0), u32::MAX) };
}

/// The body of worker thread `tid` (1-based). Returns only after `kx_pool_shutdown`.
#[no_mangle]
pub extern "C" fn kx_worker_loop(tid: u32) {
    let c = &CTRL;
    // Read gen *before* registering, or a job dispatched in between is missed.
    let mut last = c.gen.0.load(SeqCst);
    c.ready.fetch_add(1, SeqCst);
    let mut spin = SPIN_MAX / 4;
    loop {
        let mut i = 0;
        let cap = spin.min(c.spin_limit.load(SeqCst));
        while c.gen.0.load(SeqCst) == last && i < cap {
            i += 1;
            core::hint::spin_loop();
        }
        if c.gen.0.load(SeqCst) == last {
            spin = (spin / 2).max(SPIN_MIN);
            c.sleeping.0.fetch_add(1, SeqCst);
            while c.gen.0.load(SeqCst) == last {
                unsafe { memory_atomic_wait32(as_ptr(&c.gen.0), last, -1) };
            }
            c.sleeping.0.fetch_sub(1, SeqCst);
        } else {
            spin = (spin * 2).min(SPIN_MAX);
        }
        last = c.gen.0.load(SeqCst);
        if c.exit.load(SeqCst) != 0 {
            c.ready.fetch_sub(1, SeqCst);
            return;
        }
        let n = c.nthreads.load(SeqCst) as usize;
        if (tid as usize) < n {
            let r = split(c.tasks.load(SeqCst), tid as usize, n);
            if !r.is_empty() {
                let words = [c.job[0].load(SeqCst), c.job[1].load(SeqCst)];
                let f: &Job<'static> = unsafe { core::mem::transmute::<[usize; 2], &Job<'static>>(words) };
                f(r);
            }
        }
        if c.pending.0.fetch_sub(1, SeqCst) == 1 {
            unsafe { memory_atomic_notify(as_ptr(&c.pending.0), 1) };
        }
    }
}

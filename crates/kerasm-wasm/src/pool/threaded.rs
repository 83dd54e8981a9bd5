//! A shared-memory worker pool whose dispatch loop lives inside WebAssembly.
//!
//! Every thread is an instance of the same module over one shared memory. The caller (the
//! JS thread that calls exports) publishes a job — a `&dyn Fn(Range)` as two words, which
//! are valid in every instance because vtables and function tables are identical — bumps
//! `gen`, and starts on the job itself. Work is handed out in chunks through a shared
//! counter, so a worker that wakes late (parked, or descheduled by another process on a
//! busy machine) only takes what is left instead of holding up a fixed half. Once every
//! chunk is taken the caller *skips* the workers that have not claimed the job yet (a
//! compare-exchange on their slot word) and waits only for those that did. Workers spin
//! about as long as jobs have recently been apart (`spin.rs`), then park in
//! `memory.atomic.wait32`.
//! JS reads and writes the control block at fixed offsets (see `bindings/pool.ts`).

use crate::status;
use super::spin::{limit_us, Gaps};
use core::arch::wasm32::{memory_atomic_notify, memory_atomic_wait32};
use core::ops::Range;
use core::sync::atomic::{AtomicI32, AtomicU32, AtomicU64, AtomicUsize, Ordering::SeqCst};
use kerasm_kernels::par::{split, Par};

#[repr(C, align(64))]
struct Line<T>(T);

/// Threads per call at most, the caller included: the size of the worker-slot table. Each
/// worker costs a V8 isolate, its own instance and a 512 KiB stack, and kernels stop
/// scaling long before 64 threads; `bindings/pool.ts` enforces the same cap.
pub const MAX_THREADS: usize = 64;

/// A worker's slot word (heap memory owned by JS, one per worker): `STARTING` until the
/// worker registers, then the last generation it claimed (always even), or `DEAD` once it
/// trapped, was terminated, retired, or evicted. Claims and evictions are compare-exchanges
/// on this word, so a worker runs a job only if nobody declared it dead first.
const STARTING: i32 = 1;
const DEAD: i32 = -1;

/// Field offsets are part of the JS contract (bindings/pool.ts): gen 0, pending 64,
/// sleeping 128, stall_ms 192, dead 196 (workers lost since the pool was built),
/// spawned 200, max_threads 204, can_block 208, spin_limit 212.
#[repr(C)]
pub struct Ctrl {
    gen: Line<AtomicI32>,
    pending: Line<AtomicI32>,
    sleeping: Line<AtomicI32>,
    stall_ms: AtomicU32,
    dead: AtomicI32,
    spawned: AtomicU32,
    max_threads: AtomicU32,
    can_block: AtomicU32,
    spin_limit: AtomicU32,
    nthreads: AtomicU32,
    tasks: AtomicUsize,
    job: [AtomicUsize; 2],
    busy: AtomicU32,
    /// `dead` already reported to an export through `take_status`.
    reported: AtomicI32,
    /// Address of worker `tid`'s slot word (0 = none).
    slots: [AtomicUsize; MAX_THREADS],
    // Fields below are private to WebAssembly (no JS offsets).
    /// Chunks of the current job, and the next one nobody has taken.
    chunks: AtomicU32,
    next: Line<AtomicU32>,
    /// The last generation worker `tid` has seen (claimed or found skipped): a worker that
    /// lags more than one job behind for `stall_ms` is declared dead.
    seen: [AtomicI32; MAX_THREADS],
    /// When the caller first found worker `tid` lagging (f64 ms bits; 0 = not lagging).
    lag_since: [AtomicU64; MAX_THREADS],
}

#[allow(clippy::declare_interior_mutable_const)]
const NO_SLOT: AtomicUsize = AtomicUsize::new(0);
#[allow(clippy::declare_interior_mutable_const)]
const NO_GEN: AtomicI32 = AtomicI32::new(0);
#[allow(clippy::declare_interior_mutable_const)]
const NO_TIME: AtomicU64 = AtomicU64::new(0);

static CTRL: Ctrl = Ctrl {
    gen: Line(AtomicI32::new(0)),
    pending: Line(AtomicI32::new(0)),
    sleeping: Line(AtomicI32::new(0)),
    stall_ms: AtomicU32::new(2000),
    dead: AtomicI32::new(0),
    spawned: AtomicU32::new(0),
    max_threads: AtomicU32::new(1),
    can_block: AtomicU32::new(1),
    spin_limit: AtomicU32::new(SPIN_MAX),
    nthreads: AtomicU32::new(1),
    tasks: AtomicUsize::new(0),
    job: [AtomicUsize::new(0), AtomicUsize::new(0)],
    busy: AtomicU32::new(0),
    reported: AtomicI32::new(0),
    slots: [NO_SLOT; MAX_THREADS],
    chunks: AtomicU32::new(0),
    next: Line(AtomicU32::new(0)),
    seen: [NO_GEN; MAX_THREADS],
    lag_since: [NO_TIME; MAX_THREADS],
};

/// Chunks per thread at most: enough that a late worker leaves little for the caller to wait
/// on, few enough that claiming (one atomic add each) stays negligible.
const CHUNKS_PER_THREAD: usize = 8;

/// Spin iterations (~1.3 ns each): the most JS may configure (~340 µs; `bindings/pool.ts`
/// picks the default), and the least a worker spins before parking (a few hundred ns).
const SPIN_MAX: u32 = 1 << 18;
const SPIN_MIN: u32 = 64;

type Job<'a> = dyn Fn(Range<usize>) + Sync + 'a;

pub struct Pool;
pub static POOL: Pool = Pool;

fn as_ptr<T>(a: &T) -> *mut i32 {
    a as *const T as *mut i32
}

fn slot(c: &Ctrl, tid: usize) -> Option<&'static AtomicI32> {
    let p = c.slots[tid].load(SeqCst);
    (p != 0).then(|| unsafe { &*(p as *const AtomicI32) })
}

/// Workers registered and not dead (a dead one is not counted).
fn ready_workers(c: &Ctrl) -> u32 {
    let spawned = (c.spawned.load(SeqCst) as usize).min(MAX_THREADS - 1);
    (1..=spawned).filter(|&t| slot(c, t).is_some_and(|s| { let v = s.load(SeqCst); v != STARTING && v != DEAD })).count() as u32
}

impl Par for Pool {
    fn threads(&self) -> usize {
        let c = &CTRL;
        let spawned = c.spawned.load(SeqCst);
        if spawned == 0 || c.dead.load(SeqCst) != 0 || ready_workers(c) < spawned {
            return 1;
        }
        (c.max_threads.load(SeqCst) as usize).min(spawned as usize + 1).max(1)
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
        let chunks = tasks.min(n * CHUNKS_PER_THREAD);
        c.job[0].store(words[0], SeqCst);
        c.job[1].store(words[1], SeqCst);
        c.tasks.store(tasks, SeqCst);
        c.chunks.store(chunks as u32, SeqCst);
        c.next.0.store(0, SeqCst);
        c.nthreads.store(n as u32, SeqCst);
        let spawned = (c.spawned.load(SeqCst) as usize).min(MAX_THREADS - 1);
        c.pending.0.store(spawned as i32, SeqCst);
        // Generations are even, so no slot word can confuse one with STARTING or DEAD.
        let t0 = unsafe { kx_now_ms() };
        GAPS.job_start(t0, limit_us(c.spin_limit.load(SeqCst)), || unsafe { kx_now_ms() });
        let g = c.gen.0.fetch_add(2, SeqCst).wrapping_add(2);
        if c.sleeping.0.load(SeqCst) != 0 {
            unsafe { memory_atomic_notify(as_ptr(&c.gen.0), u32::MAX) };
        }
        // Workers beyond the thread count never take part.
        for t in n..=spawned {
            skip(c, t, g, None);
        }
        count(0);
        run_chunks(c, tasks, chunks, f, false);
        // Nothing is left to take: whoever has not claimed the job yet need not come.
        let mut now = None;
        for t in 1..n.min(spawned + 1) {
            skip(c, t, g, Some(&mut now));
        }
        let t1 = unsafe { kx_now_ms() };
        let spins = wait_done(c);
        GAPS.job_end(t0, t1, unsafe { kx_now_ms() }, spins, n, chunks);
        c.busy.store(0, SeqCst);
    }
}

/// Gaps between jobs, which set how long workers spin (see `spin.rs`).
static GAPS: Gaps = Gaps::new(40);

/// Counters for tuning (read with `kx_pool_stats`): jobs, chunks the caller ran, chunks
/// workers ran, worker parks, jobs a worker was skipped for.
static STATS: [AtomicU32; 5] = [AtomicU32::new(0), AtomicU32::new(0), AtomicU32::new(0), AtomicU32::new(0), AtomicU32::new(0)];

fn count(i: usize) {
    STATS[i].fetch_add(1, core::sync::atomic::Ordering::Relaxed);
}

/// Copies the tuning counters to `out` (5 × u32) and clears them.
#[no_mangle]
pub unsafe extern "C" fn kx_pool_stats(out: *mut u32) {
    for (i, s) in STATS.iter().enumerate() {
        *out.add(i) = s.swap(0, SeqCst);
    }
}

/// Takes chunks of the current job until none is left.
fn run_chunks(c: &Ctrl, tasks: usize, chunks: usize, f: &Job<'_>, worker: bool) {
    loop {
        let i = c.next.0.fetch_add(1, SeqCst) as usize;
        if i >= chunks {
            return;
        }
        count(if worker { 2 } else { 1 });
        let r = split(tasks, i, chunks);
        if !r.is_empty() {
            f(r);
        }
    }
}

/// Releases worker `t` from job `g` if it has not claimed it (its slot word still holds the
/// previous generation), acknowledging for it. A worker that has lagged more than one job
/// behind for `stall_ms` is declared dead instead: a terminated thread never catches up, and
/// its death is otherwise only announced by an event the blocked caller cannot receive.
/// `now` is the caller's clock, read once per call and only when some worker lags.
fn skip(c: &Ctrl, t: usize, g: i32, now: Option<&mut Option<f64>>) {
    let Some(s) = slot(c, t) else { return };
    let prev = g.wrapping_sub(2);
    if let Some(now) = now {
        if c.seen[t].load(SeqCst) != prev {
            let t_now = *now.get_or_insert_with(|| unsafe { kx_now_ms() });
            let since = c.lag_since[t].load(SeqCst);
            if since == 0 {
                c.lag_since[t].store(t_now.max(f64::MIN_POSITIVE).to_bits(), SeqCst);
            } else if t_now - f64::from_bits(since) >= c.stall_ms.load(SeqCst).max(1) as f64 {
                if s.compare_exchange(prev, DEAD, SeqCst, SeqCst).is_ok() {
                    c.dead.fetch_add(1, SeqCst);
                }
                return;
            }
        } else {
            c.lag_since[t].store(0, SeqCst);
        }
    }
    if s.compare_exchange(prev, g, SeqCst, SeqCst).is_ok() {
        c.pending.0.fetch_sub(1, SeqCst);
    }
}

#[link(wasm_import_module = "env")]
extern "C" {
    /// Milliseconds from the caller's clock (`performance.now()`): the stall bound is wall
    /// time, whatever wakes the wait early.
    fn kx_now_ms() -> f64;
}

/// Waits until every worker that claimed job `g` has finished it or is dead (the job, and
/// the buffers it writes, live on the caller's stack until this returns). Unclaimed workers
/// were skipped, so this never waits for a thread that has not started on the job.
/// Returns how many times it spun, or 0 if it parked.
fn wait_done(c: &Ctrl) -> u32 {
    let mut spins = 0u32;
    // What is left is a chunk a worker is running now, and parking the caller adds a wake-up
    // latency (tens of µs on a VM) to every call; but a descheduled worker can hold a chunk
    // for a time slice, so the spin stays at most 4 × 2^15 whatever the workers' limit.
    let limit = c.spin_limit.load(SeqCst).min(1 << 15).saturating_mul(4);
    let can_block = c.can_block.load(SeqCst) != 0;
    loop {
        let p = c.pending.0.load(SeqCst);
        // A worker that died since the dispatch never acknowledges; every live one does.
        if p <= c.dead.load(SeqCst) {
            return if spins < limit { spins } else { 0 };
        }
        if spins < limit || !can_block {
            spins = spins.wrapping_add(1);
            core::hint::spin_loop();
        } else {
            unsafe { memory_atomic_wait32(as_ptr(&c.pending.0), p, 1_000_000) };
        }
    }
}

/// `WORKER_DIED` once for each newly dead worker, so the export that first runs after (or
/// during) a death reports it; later calls run on the caller alone and succeed.
pub fn take_status() -> i32 {
    let dead = CTRL.dead.load(SeqCst);
    if CTRL.reported.swap(dead, SeqCst) < dead {
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

/// Sets how many workers were spawned, the thread cap, whether the caller may block (0 on a
/// browser main thread, where `wait32` traps), and how long an unclaimed job may wait
/// before its worker counts as dead.
#[no_mangle]
pub extern "C" fn kx_pool_configure(spawned: u32, max_threads: u32, can_block: u32, spin_limit: u32, stall_ms: u32) {
    CTRL.spawned.store(spawned.min(MAX_THREADS as u32 - 1), SeqCst);
    CTRL.max_threads.store(max_threads.clamp(1, MAX_THREADS as u32), SeqCst);
    CTRL.can_block.store(can_block, SeqCst);
    CTRL.spin_limit.store(spin_limit.min(SPIN_MAX), SeqCst);
    CTRL.stall_ms.store(stall_ms.max(1), SeqCst);
}

/// Registers the slot word of worker `tid` (1-based), initialised by JS to `STARTING`.
#[no_mangle]
pub extern "C" fn kx_pool_set_slot(tid: u32, slot: usize) {
    if (1..MAX_THREADS).contains(&(tid as usize)) {
        CTRL.slots[tid as usize].store(slot, SeqCst);
    }
}

/// Workers that are registered and alive.
#[no_mangle]
pub extern "C" fn kx_pool_ready() -> u32 {
    ready_workers(&CTRL)
}

/// The thread cap ([`MAX_THREADS`]).
#[no_mangle]
pub extern "C" fn kx_pool_max_threads() -> u32 {
    MAX_THREADS as u32
}

/// Retires every worker (each returns from `kx_worker_loop` when it next wakes, or never
/// claims another job) and empties the pool, so JS can spawn a fresh one or shut down.
#[no_mangle]
pub extern "C" fn kx_pool_shutdown() {
    let c = &CTRL;
    for t in 1..MAX_THREADS {
        if let Some(s) = slot(c, t) {
            s.store(DEAD, SeqCst);
        }
        c.slots[t].store(0, SeqCst);
    }
    c.spawned.store(0, SeqCst);
    c.dead.store(0, SeqCst);
    c.reported.store(0, SeqCst);
    c.gen.0.fetch_add(2, SeqCst);
    unsafe { memory_atomic_notify(as_ptr(&c.gen.0), u32::MAX) };
}

/// The body of worker thread `tid` (1-based) with slot word `slot`. Returns once the worker
/// is retired or declared dead.
#[no_mangle]
pub extern "C" fn kx_worker_loop(tid: u32, slot: usize) {
    let c = &CTRL;
    crate::heap::use_fresh_arena(tid as usize);
    let me = unsafe { &*(slot as *const AtomicI32) };
    // Read gen *before* registering, or a job dispatched in between is missed.
    let mut last = c.gen.0.load(SeqCst);
    c.seen[tid as usize].store(last, SeqCst);
    c.lag_since[tid as usize].store(0, SeqCst);
    if me.compare_exchange(STARTING, last, SeqCst, SeqCst).is_err() {
        return;
    }
    loop {
        let cap = GAPS.spin_iters(limit_us(c.spin_limit.load(SeqCst))).max(SPIN_MIN);
        let mut i = 0u32;
        while c.gen.0.load(SeqCst) == last && i < cap {
            i += 1;
            core::hint::spin_loop();
        }
        if c.gen.0.load(SeqCst) == last {
            count(3);
            c.sleeping.0.fetch_add(1, SeqCst);
            while c.gen.0.load(SeqCst) == last {
                unsafe { memory_atomic_wait32(as_ptr(&c.gen.0), last, -1) };
            }
            c.sleeping.0.fetch_sub(1, SeqCst);
        }
        let g = c.gen.0.load(SeqCst);
        // Claim the job, unless the caller skipped this worker (it took every chunk before
        // we came) or someone declared it dead (retired or evicted).
        if let Err(v) = me.compare_exchange(last, g, SeqCst, SeqCst) {
            if v == DEAD {
                return;
            }
            count(4);
            last = v;
            c.seen[tid as usize].store(v, SeqCst);
            continue;
        }
        last = g;
        c.seen[tid as usize].store(g, SeqCst);
        let n = c.nthreads.load(SeqCst) as usize;
        if (tid as usize) < n {
            let words = [c.job[0].load(SeqCst), c.job[1].load(SeqCst)];
            let f: &Job<'static> = unsafe { core::mem::transmute::<[usize; 2], &Job<'static>>(words) };
            run_chunks(c, c.tasks.load(SeqCst), c.chunks.load(SeqCst) as usize, f, true);
        }
        if c.pending.0.fetch_sub(1, SeqCst) == 1 {
            unsafe { memory_atomic_notify(as_ptr(&c.pending.0), 1) };
        }
    }
}

//! How long an idle worker spins before it parks.
//!
//! Parking costs the next job a futex wake-up (20–25 µs on an idle VM, more on a busy one),
//! during which the caller works alone; spinning costs a core. A training step dispatches a
//! few parallel jobs (gather, two GEMMs, the optimizer) separated by serial kernels and JS,
//! 10–300 µs apart. The previous rule (halve the spin on every park, double it on every
//! job caught) fell into a state where the spin was too short to catch any job and so never
//! grew again: the MLP fit parked before all 4 jobs of every step. Here the caller measures
//! the gaps between jobs, and workers spin just past the longest recent gap that fits under
//! the configured limit; longer gaps are not waited for at all.

use core::sync::atomic::{AtomicU32, AtomicU64, Ordering::Relaxed};

const HISTORY: usize = 8;
/// The configured spin limit counts nominal iterations of this many ns (the recipe's
/// measure). Workers spin by iterations, converted with a rate the caller measures on its
/// own wait loop: an atomic-load loop runs several times faster than 1.3 ns per turn, and
/// a worker's clock (`Date.now()` in its instance) is too coarse to time a spin.
const NS_PER_ITER: f64 = 1.3;

/// The spin limit in µs.
pub fn limit_us(iters: u32) -> u32 {
    (iters as f64 * NS_PER_ITER / 1000.0) as u32
}

pub struct Gaps {
    /// When the previous job ended (f64 ms bits; 0 = none yet).
    last_end: AtomicU64,
    /// The last gaps between jobs, in µs.
    ring: [AtomicU32; HISTORY],
    next: AtomicU32,
    /// µs a worker spins before it parks.
    target: AtomicU32,
    /// Wait-loop iterations per µs, as last measured by the caller.
    rate: AtomicU32,
    /// How long before the end of the previous job a worker may have run out of chunks
    /// (about one chunk's time), µs: a worker idles for that plus the gap.
    tail: AtomicU32,
}

#[allow(clippy::declare_interior_mutable_const)]
const ZERO: AtomicU32 = AtomicU32::new(0);

impl Gaps {
    pub const fn new(initial: u32) -> Self {
        Self { last_end: AtomicU64::new(0), ring: [ZERO; HISTORY], next: AtomicU32::new(0), target: AtomicU32::new(initial), rate: AtomicU32::new(0), tail: AtomicU32::new(0) }
    }

    /// Caller, as a job is dispatched at `now_ms`: records the gap since the previous job and
    /// sets the spin to cover the longest recent gap of at most `limit` µs.
    pub fn job_start(&self, now_ms: f64, limit: u32, now: impl Fn() -> f64) {
        if self.rate.load(Relaxed) == 0 {
            self.calibrate(&now);
        }
        let last = self.last_end.load(Relaxed);
        if last == 0 {
            return;
        }
        let gap = ((now_ms - f64::from_bits(last)).max(0.0) * 1000.0).min(u32::MAX as f64) as u32;
        let us = gap.saturating_add(self.tail.load(Relaxed));
        let i = self.next.fetch_add(1, Relaxed) as usize % HISTORY;
        self.ring[i].store(us, Relaxed);
        let covered = self.ring.iter().map(|g| g.load(Relaxed)).filter(|&g| g <= limit).max();
        // Half as much again (and 2 µs): gaps vary from step to step.
        let t = covered.map_or(0, |g| g.saturating_add(g / 2 + 2).min(limit));
        self.target.store(t, Relaxed);
    }

    /// Caller, once the job is done: it started at `start_ms`, split into `chunks` over
    /// `threads`, and the wait for the workers ran from `wait_ms` to `now_ms` and spun
    /// `spins` times (0 if it parked).
    pub fn job_end(&self, start_ms: f64, wait_ms: f64, now_ms: f64, spins: u32, threads: usize, chunks: usize) {
        self.last_end.store(now_ms.max(f64::MIN_POSITIVE).to_bits(), Relaxed);
        let chunk_us = (now_ms - start_ms).max(0.0) * 1000.0 * threads as f64 / chunks.max(1) as f64;
        self.tail.store(chunk_us.min(u32::MAX as f64) as u32, Relaxed);
        let us = (now_ms - wait_ms) * 1000.0;
        // Long enough waits only: the clock is a JS call and may have coarse steps.
        if spins >= 10_000 && us >= 5.0 {
            self.rate.store(((spins as f64 / us) as u32).clamp(50, 20_000), Relaxed);
        }
    }

    /// Times a loop like the workers' (an atomic load and a compare per turn), once.
    fn calibrate(&self, now: &impl Fn() -> f64) {
        let mut n = 1u32 << 14;
        loop {
            let t0 = now();
            let mut i = 0u32;
            while self.next.load(core::sync::atomic::Ordering::SeqCst) != u32::MAX && i < n {
                i += 1;
                core::hint::spin_loop();
            }
            let us = (now() - t0) * 1000.0;
            if us >= 10.0 || n >= 1 << 22 {
                self.rate.store(((n as f64 / us.max(1.0)) as u32).clamp(50, 20_000), Relaxed);
                return;
            }
            n *= 4;
        }
    }

    /// Iterations a worker spins before it parks, at most `limit_us`.
    pub fn spin_iters(&self, limit_us: u32) -> u32 {
        self.target.load(Relaxed).min(limit_us).saturating_mul(self.rate.load(Relaxed))
    }
}

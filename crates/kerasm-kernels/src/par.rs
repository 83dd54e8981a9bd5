//! How a kernel asks for parallelism without knowing who provides it.
//!
//! Kernels split their work into `tasks` independent pieces and hand a closure to
//! [`Par::run`]; each thread receives one contiguous range of task indices. The WASM crate
//! implements `Par` with its shared-memory thread pool; host tests use [`Serial`] or
//! [`StdThreads`]. Results must not depend on how tasks are split, so every kernel writes
//! disjoint outputs per task.

use core::ops::Range;

pub trait Par: Sync {
    /// Number of threads `run` may use (1 = serial).
    fn threads(&self) -> usize;
    /// Calls `f` with disjoint ranges covering `0..tasks`, possibly concurrently.
    fn run(&self, tasks: usize, f: &(dyn Fn(Range<usize>) + Sync));
}

/// Runs everything on the calling thread.
pub struct Serial;

impl Par for Serial {
    fn threads(&self) -> usize {
        1
    }
    fn run(&self, tasks: usize, f: &(dyn Fn(Range<usize>) + Sync)) {
        if tasks > 0 {
            f(0..tasks)
        }
    }
}

/// The range of `tasks` that thread `tid` of `nthreads` owns (static, balanced split).
pub fn split(tasks: usize, tid: usize, nthreads: usize) -> Range<usize> {
    let base = tasks / nthreads;
    let extra = tasks % nthreads;
    let start = tid * base + tid.min(extra);
    let len = base + usize::from(tid < extra);
    start..start + len
}

/// How many threads a job of `work` units deserves, given that one thread should get at
/// least `min_per_thread` units (dispatch costs ~10 µs, so tiny jobs stay serial).
pub fn threads_for(par: &dyn Par, work: usize, min_per_thread: usize) -> usize {
    let by_work = (work / min_per_thread.max(1)).max(1);
    by_work.min(par.threads())
}

/// Runs `body` over `0..tasks`, split across threads only when `work` gives each thread at
/// least `min_per_thread` units; otherwise on the caller.
pub fn run_if_worth(par: &dyn Par, tasks: usize, work: usize, min_per_thread: usize, body: &(dyn Fn(Range<usize>) + Sync)) {
    if threads_for(par, work, min_per_thread) > 1 {
        par.run(tasks, body);
    } else if tasks > 0 {
        body(0..tasks);
    }
}

/// A raw pointer that closures running on several threads may share; every use writes a
/// region no other thread touches.
#[derive(Copy, Clone)]
pub struct SyncPtr<T>(pub *mut T);
unsafe impl<T> Send for SyncPtr<T> {}
unsafe impl<T> Sync for SyncPtr<T> {}

impl<T> SyncPtr<T> {
    /// A method, not field access, so closures capture the whole (Sync) wrapper.
    #[inline(always)]
    pub fn get(self) -> *mut T {
        self.0
    }
}

/// Host-only pool over `std::thread::scope`, for tests of the split logic.
#[cfg(test)]
pub struct StdThreads(pub usize);

#[cfg(test)]
impl Par for StdThreads {
    fn threads(&self) -> usize {
        self.0
    }
    fn run(&self, tasks: usize, f: &(dyn Fn(Range<usize>) + Sync)) {
        std::thread::scope(|s| {
            for tid in 0..self.0 {
                let r = split(tasks, tid, self.0);
                if !r.is_empty() {
                    s.spawn(move || f(r));
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_covers_everything_once() {
        for tasks in 0..40 {
            for n in 1..7 {
                let mut seen = std::vec![0u32; tasks];
                for t in 0..n {
                    for i in split(tasks, t, n) {
                        seen[i] += 1;
                    }
                }
                assert!(seen.iter().all(|&c| c == 1), "tasks={tasks} n={n}");
            }
        }
    }
}

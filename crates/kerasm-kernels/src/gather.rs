//! Gather along the middle axis of `[outer, axis_len, inner]` (embedding lookup is
//! `outer = 1`), its gradient scatter-add, and one-hot encoding.
//!
//! An index outside `0..axis_len` (negative ones included) is counted, never followed:
//! gather writes zeros for it (TF's GPU behaviour) and scatter-add skips it. Scatter-add is
//! split over outer, destination rows and inner columns, never over the indices, so a row
//! hit by repeated indices is summed by one task in index order: no races, and the same
//! bits for any thread count.

#[cfg(test)]
mod tests;

use crate::par::{threads_for, Par};
use crate::simd::F32x4;
use core::ops::Range;

/// Elements per task.
const CH: usize = 1 << 12;
const MIN_PER_THREAD: usize = 1 << 15;

fn in_range(i: i32, len: usize) -> bool {
    i >= 0 && (i as usize) < len
}

/// How many of `idx` fall outside `0..len`.
pub fn count_out_of_range(idx: &[i32], len: usize) -> usize {
    idx.iter().filter(|&&i| !in_range(i, len)).count()
}

fn run(par: &dyn Par, work: usize, tasks: usize, f: &(dyn Fn(Range<usize>) + Sync)) {
    if threads_for(par, work, MIN_PER_THREAD) <= 1 {
        f(0..tasks)
    } else {
        par.run(tasks, f)
    }
}

/// `y[o, k, :] = x[o, idx[k], :]` for 4-byte elements (f32 or i32 as bits); returns how many
/// indices were out of range (their rows of `y` are zero).
pub fn gather(par: &dyn Par, x: &[u32], idx: &[i32], y: &mut [u32], outer: usize, axis_len: usize, inner: usize) -> usize {
    let n_idx = idx.len();
    debug_assert!(x.len() == outer * axis_len * inner && y.len() == outer * n_idx * inner);
    let rows = outer * n_idx;
    let per = (CH / inner.max(1)).max(1);
    let (xp, yp) = (x.as_ptr() as usize, y.as_mut_ptr() as usize);
    run(par, y.len(), rows.div_ceil(per), &|ts| {
        for q in ts.start * per..(ts.end * per).min(rows) {
            let (o, k) = (q / n_idx, q % n_idx);
            // SAFETY: row q of y is this task's; the source row is inside x when in range.
            unsafe {
                let dst = (yp as *mut u32).add(q * inner);
                if in_range(idx[k], axis_len) {
                    let src = (xp as *const u32).add((o * axis_len + idx[k] as usize) * inner);
                    core::ptr::copy_nonoverlapping(src, dst, inner);
                } else {
                    core::ptr::write_bytes(dst, 0, inner);
                }
            }
        }
    });
    count_out_of_range(idx, axis_len)
}

/// `dx[o, idx[k], :] += dy[o, k, :]` for every k, in k order; out-of-range indices are
/// skipped and counted.
pub fn scatter_add(par: &dyn Par, dy: &[f32], idx: &[i32], dx: &mut [f32], outer: usize, axis_len: usize, inner: usize) -> usize {
    let n_idx = idx.len();
    debug_assert!(dy.len() == outer * n_idx * inner && dx.len() == outer * axis_len * inner);
    let work = dy.len();
    let parallel = threads_for(par, work, MIN_PER_THREAD) > 1;
    // Destination row ranges per outer: enough tasks for the threads when outer is small.
    let splits = if parallel { (2 * par.threads()).div_ceil(outer.max(1)).clamp(1, axis_len.max(1)) } else { 1 };
    let cols = inner.div_ceil(CH).max(1);
    let (gp, dp) = (dy.as_ptr() as usize, dx.as_mut_ptr() as usize);
    run(par, work, outer * splits * cols, &|ts| {
        for t in ts {
            let (o, s, c) = (t / (splits * cols), t / cols % splits, t % cols);
            let dest = crate::par::split(axis_len, s, splits);
            let js = c * CH..(c * CH + CH).min(inner);
            for (k, &i) in idx.iter().enumerate() {
                if i >= 0 && dest.contains(&(i as usize)) {
                    // SAFETY: rows in `dest` × columns `js` of dx[o] belong to this task.
                    unsafe {
                        let src = (gp as *const f32).add((o * n_idx + k) * inner + js.start);
                        let dst = (dp as *mut f32).add((o * axis_len + i as usize) * inner + js.start);
                        add_row(dst, src, js.len());
                    }
                }
            }
        }
    });
    count_out_of_range(idx, axis_len)
}

unsafe fn add_row(dst: *mut f32, src: *const f32, len: usize) {
    let mut j = 0;
    while j + 4 <= len {
        F32x4::load(dst.add(j)).add(F32x4::load(src.add(j))).store(dst.add(j));
        j += 4;
    }
    while j < len {
        *dst.add(j) += *src.add(j);
        j += 1;
    }
}

/// `y[i, :] = off` except `y[i, idx[i]] = on`; an out-of-range index leaves the row all
/// `off`, as TF does (not an error).
pub fn one_hot(par: &dyn Par, idx: &[i32], y: &mut [f32], depth: usize, on: f32, off: f32) {
    debug_assert!(y.len() == idx.len() * depth);
    let per = (CH / depth.max(1)).max(1);
    let yp = y.as_mut_ptr() as usize;
    run(par, y.len(), idx.len().div_ceil(per), &|ts| {
        for i in ts.start * per..(ts.end * per).min(idx.len()) {
            // SAFETY: row i of y is this task's.
            let row = unsafe { core::slice::from_raw_parts_mut((yp as *mut f32).add(i * depth), depth) };
            row.fill(off);
            if in_range(idx[i], depth) {
                row[idx[i] as usize] = on;
            }
        }
    });
}

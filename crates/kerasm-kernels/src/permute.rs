//! Permutes the axes of a contiguous tensor of 4-byte elements (f32 or i32, moved as bits),
//! rank ≤ 8: `y[i_0, …, i_{r−1}] = x[j]` with `j[perm[a]] = i_a`.
//!
//! Axes of size 1 are dropped and axes that stay adjacent are merged first, so the usual
//! cases shrink to a copy of contiguous runs (the last axis stays last) or to batched 2-D
//! transposes. Transposes go tile by tile so both sides stay in L1. Every element is written
//! exactly once by whichever task owns its tile, so threads cannot change the result.

#[cfg(test)]
mod tests;

use crate::par::{threads_for, Par};
use crate::simd::F32x4;
use core::ops::Range;

pub const MAX_RANK: usize = 8;
/// Transpose tile edge: a 32×32 tile of 4-byte elements is 4 KiB.
const T: usize = 32;
/// Elements per task when copying runs.
const CH: usize = 1 << 14;
const MIN_PER_THREAD: usize = 1 << 15;

/// Whether `perm` is a permutation of `0..rank` with `rank ≤ MAX_RANK`.
pub fn valid_perm(perm: &[usize]) -> bool {
    let mut seen = [false; MAX_RANK];
    perm.len() <= MAX_RANK && perm.iter().all(|&p| p < perm.len() && !core::mem::replace(&mut seen[p], true))
}

/// The non-trivial output axes after merging: sizes, input strides and output strides.
#[derive(Clone, Copy)]
struct Axes {
    k: usize,
    size: [usize; MAX_RANK],
    is: [usize; MAX_RANK],
    os: [usize; MAX_RANK],
}

impl Axes {
    fn new(shape: &[usize], perm: &[usize]) -> Self {
        let mut in_stride = [0; MAX_RANK];
        let mut acc = 1;
        for a in (0..shape.len()).rev() {
            in_stride[a] = acc;
            acc *= shape[a];
        }
        let mut ax = Axes { k: 0, size: [1; MAX_RANK], is: [0; MAX_RANK], os: [0; MAX_RANK] };
        for &p in perm.iter().filter(|&&p| shape[p] != 1) {
            let k = ax.k;
            // The previous output axis steps over exactly this one in x too: one axis.
            if k > 0 && ax.is[k - 1] == in_stride[p] * shape[p] {
                ax.size[k - 1] *= shape[p];
                ax.is[k - 1] = in_stride[p];
            } else {
                ax.size[k] = shape[p];
                ax.is[k] = in_stride[p];
                ax.k += 1;
            }
        }
        let mut acc = 1;
        for a in (0..ax.k).rev() {
            ax.os[a] = acc;
            acc *= ax.size[a];
        }
        ax
    }

    /// These axes without the ones in `drop`.
    fn without(&self, drop: &[usize]) -> Self {
        let mut r = Axes { k: 0, ..*self };
        for a in (0..self.k).filter(|a| !drop.contains(a)) {
            (r.size[r.k], r.is[r.k], r.os[r.k]) = (self.size[a], self.is[a], self.os[a]);
            r.k += 1;
        }
        r
    }

    fn count(&self) -> usize {
        self.size[..self.k].iter().product()
    }

    /// (input, output) offsets of the `idx`-th point in row-major order over these axes.
    fn offsets(&self, mut idx: usize) -> (usize, usize) {
        let (mut i, mut o) = (0, 0);
        for a in (0..self.k).rev() {
            let d = idx % self.size[a];
            idx /= self.size[a];
            i += d * self.is[a];
            o += d * self.os[a];
        }
        (i, o)
    }
}

/// `y = x.transpose(perm)` for `x` of `shape`; see the module docs.
pub fn permute(par: &dyn Par, x: &[u32], y: &mut [u32], shape: &[usize], perm: &[usize]) {
    debug_assert!(valid_perm(perm) && shape.len() == perm.len());
    let total: usize = shape.iter().product();
    debug_assert!(x.len() == total && y.len() == total);
    if total == 0 {
        return;
    }
    let ax = Axes::new(shape, perm);
    let (xp, yp) = (x.as_ptr() as usize, y.as_mut_ptr() as usize);
    let run = |tasks: usize, f: &(dyn Fn(Range<usize>) + Sync)| {
        if threads_for(par, total, MIN_PER_THREAD) <= 1 {
            f(0..tasks)
        } else {
            par.run(tasks, f)
        }
    };
    let last = ax.k.max(1) - 1;
    if ax.k <= 1 || ax.is[last] == 1 {
        // Runs of the last axis are contiguous on both sides.
        let len = if ax.k == 0 { 1 } else { ax.size[last] };
        let outer = ax.without(&[last]);
        let pieces = len.div_ceil(CH);
        let per = (CH / len).max(1);
        let tasks = if pieces > 1 { outer.count() * pieces } else { outer.count().div_ceil(per) };
        run(tasks, &|ts| {
            for t in ts {
                let (runs, cols) = if pieces > 1 {
                    (t / pieces..t / pieces + 1, t % pieces * CH..(t % pieces * CH + CH).min(len))
                } else {
                    (t * per..(t * per + per).min(outer.count()), 0..len)
                };
                for r in runs {
                    let (i, o) = outer.offsets(r);
                    // SAFETY: offsets stay inside x and y, and tasks own disjoint output runs.
                    unsafe {
                        let src = (xp as *const u32).add(i + cols.start);
                        core::ptr::copy_nonoverlapping(src, (yp as *mut u32).add(o + cols.start), cols.len());
                    }
                }
            }
        });
        return;
    }
    // The axis contiguous in x (length `rows` in the tile) and the one contiguous in y
    // (`cols`) form 2-D tiles; a thin side widens the tile so it still holds about T² elements.
    let p = (0..ax.k).find(|&a| ax.is[a] == 1).unwrap_or(0);
    let (rows, cols) = (ax.size[p], ax.size[last]);
    let (sq, osp) = (ax.is[last], ax.os[p]);
    let (th, tw) = match () {
        _ if rows < T => (rows, T * T / rows),
        _ if cols < T => (T * T / cols, cols),
        _ => (T, T),
    };
    let outer = ax.without(&[p, last]);
    let (ta, tb) = (rows.div_ceil(th), cols.div_ceil(tw));
    run(outer.count() * ta * tb, &|ts| {
        let mut buf = [0u32; T * T];
        for t in ts {
            let (i, o) = outer.offsets(t / (ta * tb));
            let (a0, b0) = (t / tb % ta * th, t % tb * tw);
            let (na, nb) = (th.min(rows - a0), tw.min(cols - b0));
            // SAFETY: offsets stay inside x and y; each tile of y belongs to one task.
            unsafe {
                let src = (xp as *const u32).add(i + b0 * sq + a0);
                let dst = (yp as *mut u32).add(o + a0 * osp + b0);
                tile(src, sq, dst, osp, na, nb, buf.as_mut_ptr(), tw);
            }
        }
    });
}

/// `dst[a·osp + b] = src[b·sq + a]` for a < na, b < nb, through `buf` (rows of `tw`).
///
/// Going through an L1-resident buffer touches every line of x and of y in one burst:
/// writing y straight from x thrashes cache sets when the strides are powers of two.
#[allow(clippy::too_many_arguments)]
unsafe fn tile(src: *const u32, sq: usize, dst: *mut u32, osp: usize, na: usize, nb: usize, buf: *mut u32, tw: usize) {
    let ld = |p: *const u32| F32x4::load(p as *const f32);
    let (na4, nb4) = (na & !3, nb & !3);
    for b in (0..nb4).step_by(4) {
        for a in (0..na4).step_by(4) {
            let t = F32x4::transpose4([0, 1, 2, 3].map(|k| ld(src.add((b + k) * sq + a))));
            for (k, v) in t.iter().enumerate() {
                v.store(buf.add((a + k) * tw + b) as *mut f32);
            }
        }
        for a in na4..na {
            for k in 0..4 {
                *buf.add(a * tw + b + k) = *src.add((b + k) * sq + a);
            }
        }
    }
    for b in nb4..nb {
        for a in 0..na {
            *buf.add(a * tw + b) = *src.add(b * sq + a);
        }
    }
    for a in 0..na {
        let (from, to) = (buf.add(a * tw), dst.add(a * osp));
        let mut b = 0;
        while b + 4 <= nb {
            ld(from.add(b)).store(to.add(b) as *mut f32);
            b += 4;
        }
        for b in b..nb {
            *to.add(b) = *from.add(b);
        }
    }
}

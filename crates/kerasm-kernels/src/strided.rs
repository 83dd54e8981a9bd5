//! N-d iteration over several operands that share one shape but have their own element
//! strides (NumPy-style broadcasting uses stride 0).
//!
//! Kernels first [`Strided::collapse`] the layout (dropping size-1 axes and merging axes
//! every operand walks contiguously), so a bias add becomes rows × one contiguous vector and
//! a same-shape op a single row. They then visit rows: the innermost axis is the kernel's
//! loop, the outer axes an odometer.

use crate::lanewise::{SyncPtr, MIN_ELEMS_PER_THREAD};
use crate::par::{split, threads_for, Par};
use crate::simd::F32x4;
use core::ops::Range;

/// Highest rank the exports accept.
pub const MAX_RANK: usize = 8;

/// `K` operands over one shape; `strides[k][d]` is operand k's step along axis d.
#[derive(Copy, Clone, Debug)]
pub struct Strided<const K: usize> {
    pub rank: usize,
    pub shape: [usize; MAX_RANK],
    pub strides: [[isize; MAX_RANK]; K],
}

impl<const K: usize> Strided<K> {
    /// `shape.len()` must be ≤ [`MAX_RANK`] and every stride slice as long as `shape`.
    pub fn new(shape: &[usize], strides: [&[isize]; K]) -> Self {
        debug_assert!(shape.len() <= MAX_RANK);
        let mut l = Self { rank: shape.len(), shape: [1; MAX_RANK], strides: [[0; MAX_RANK]; K] };
        l.shape[..shape.len()].copy_from_slice(shape);
        for k in 0..K {
            l.strides[k][..shape.len()].copy_from_slice(strides[k]);
        }
        l
    }

    pub fn len(&self) -> usize {
        self.shape[..self.rank].iter().product()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The same iteration with size-1 axes dropped and mergeable neighbours merged.
    pub fn collapse(&self) -> Self {
        let mut out = Self { rank: 0, shape: [1; MAX_RANK], strides: [[0; MAX_RANK]; K] };
        for d in 0..self.rank {
            let n = self.shape[d];
            if n == 1 {
                continue;
            }
            let r = out.rank;
            let merge = r > 0 && (0..K).all(|k| out.strides[k][r - 1] == self.strides[k][d] * n as isize);
            if merge {
                out.shape[r - 1] *= n;
                for k in 0..K {
                    out.strides[k][r - 1] = self.strides[k][d];
                }
            } else {
                out.shape[r] = n;
                for k in 0..K {
                    out.strides[k][r] = self.strides[k][d];
                }
                out.rank += 1;
            }
        }
        out
    }

    /// Length and per-operand strides of the innermost axis (1 and zeros at rank 0).
    pub fn inner(&self) -> (usize, [isize; K]) {
        if self.rank == 0 {
            return (1, [0; K]);
        }
        let d = self.rank - 1;
        (self.shape[d], core::array::from_fn(|k| self.strides[k][d]))
    }

    /// Decodes the exports' layout array `[shape; rank]` followed by `K` blocks of
    /// `[strides; rank]`. `None` for rank > [`MAX_RANK`] or a negative axis length.
    ///
    /// # Safety
    /// `meta` must hold `(1 + K)·rank` readable i32 (it is not read when rank is 0).
    pub unsafe fn from_meta(rank: usize, meta: *const i32) -> Option<Self> {
        if rank > MAX_RANK {
            return None;
        }
        let mut l = Self { rank, shape: [1; MAX_RANK], strides: [[0; MAX_RANK]; K] };
        for d in 0..rank {
            l.shape[d] = usize::try_from(*meta.add(d)).ok()?;
            for k in 0..K {
                l.strides[k][d] = *meta.add((1 + k) * rank + d) as isize;
            }
        }
        Some(l)
    }

    pub fn shape(&self) -> &[usize] {
        &self.shape[..self.rank]
    }

    pub fn stride(&self, k: usize) -> &[isize] {
        &self.strides[k][..self.rank]
    }

    /// Number of innermost rows (product of the outer axes).
    pub fn rows(&self) -> usize {
        self.shape[..self.rank.saturating_sub(1)].iter().product()
    }

    /// Calls `f` with each operand's offset of the first element of rows `rows`.
    pub fn for_rows(&self, rows: Range<usize>, mut f: impl FnMut([isize; K])) {
        let outer = self.rank.saturating_sub(1);
        let mut idx = [0usize; MAX_RANK];
        let mut off = [0isize; K];
        let mut rest = rows.start;
        for d in (0..outer).rev() {
            idx[d] = rest % self.shape[d];
            rest /= self.shape[d];
            for k in 0..K {
                off[k] += idx[d] as isize * self.strides[k][d];
            }
        }
        for _ in rows {
            f(off);
            for d in (0..outer).rev() {
                idx[d] += 1;
                for k in 0..K {
                    off[k] += self.strides[k][d];
                }
                if idx[d] < self.shape[d] {
                    break;
                }
                for k in 0..K {
                    off[k] -= self.shape[d] as isize * self.strides[k][d];
                }
                idx[d] = 0;
            }
        }
    }
}

/// Row-major element strides of a dense array of `shape`.
pub fn dense_strides(shape: &[usize]) -> [isize; MAX_RANK] {
    let mut s = [0; MAX_RANK];
    let mut step = 1isize;
    for d in (0..shape.len()).rev() {
        s[d] = step;
        step *= shape[d] as isize;
    }
    s
}

/// Runs `f(offsets, len)` over every row segment of a collapsed layout, in parallel for
/// large outputs: many rows are split by row, a single long row by column ranges.
pub fn par_rows<const K: usize>(par: &dyn Par, l: &Strided<K>, f: &(dyn Fn([isize; K], usize) + Sync)) {
    let (n, inner) = l.inner();
    let rows = l.rows();
    if n == 0 || rows == 0 {
        return;
    }
    let threads = threads_for(par, n * rows, MIN_ELEMS_PER_THREAD);
    if threads <= 1 {
        l.for_rows(0..rows, |off| f(off, n));
    } else if rows == 1 {
        crate::lanewise::for_ranges(par, n, &|r| f(core::array::from_fn(|k| r.start as isize * inner[k]), r.len()));
    } else {
        par.run(threads, &|ts: Range<usize>| {
            for t in ts {
                l.for_rows(split(rows, t, threads), |off| f(off, n));
            }
        });
    }
}

/// Four consecutive elements of a row with step `s` from `p` (splat when `s` is 0).
///
/// # Safety
/// The four elements must be readable.
#[inline(always)]
pub unsafe fn fetch4(p: *const f32, s: isize) -> F32x4 {
    match s {
        1 => F32x4::load(p),
        0 => F32x4::load_splat(p),
        _ => {
            let t = [*p, *p.offset(s), *p.offset(2 * s), *p.offset(3 * s)];
            F32x4::load(t.as_ptr())
        }
    }
}

/// Like [`fetch4`] for the last `m` < 4 elements of a row, zero-padded.
///
/// # Safety
/// The `m` elements must be readable.
#[inline(always)]
pub unsafe fn fetch_tail(p: *const f32, s: isize, m: usize) -> F32x4 {
    let mut t = [0.0f32; 4];
    for (i, v) in t.iter_mut().enumerate().take(m) {
        *v = *p.offset(i as isize * s);
    }
    F32x4::load(t.as_ptr())
}

/// Stores the first `m` lanes of `v` at `p`.
///
/// # Safety
/// `p` must be writable for `m` elements.
#[inline(always)]
pub unsafe fn store_tail(v: F32x4, p: *mut f32, m: usize) {
    let mut t = [0.0f32; 4];
    v.store(t.as_mut_ptr());
    core::ptr::copy_nonoverlapping(t.as_ptr(), p, m);
}

/// Base pointers as `Sync` values for closures handed to [`par_rows`].
pub fn sync<T>(p: *const T) -> SyncPtr<T> {
    SyncPtr(p as *mut T)
}

//! Counter-based random numbers: Philox4x32-10 (Salmon et al., "Parallel random numbers:
//! as easy as 1, 2, 3", SC 2011).
//!
//! Element `i` of a call is stream position `g = offset + i`. Position g is word `g % 4` of
//! the block `philox([g/4 as two words, attempt, 0], seed)`, so its value depends only on
//! (seed, g): any thread count or chunking gives identical bits, and a tensor drawn in two
//! calls with the second `offset` advanced by the first length equals one drawn in one call.
//! `attempt` is 0 except when a truncated normal redraws.

mod dropout;
mod normal;
mod group;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_group;

use crate::par::{threads_for, Par};
use core::ops::Range;
pub use dropout::dropout;

/// Distribution codes are shared with `bindings/kernels/rng.ts`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Dist {
    /// Uniform on [a, b).
    Uniform = 0,
    /// Normal with mean a and standard deviation b (Box–Muller).
    Normal = 1,
    /// Normal(a, b) redrawn until within 2 standard deviations, as Keras's TruncatedNormal.
    TruncatedNormal = 2,
    /// 1.0 with probability a, else 0.0.
    Bernoulli = 3,
}

impl Dist {
    pub fn from_code(c: u32) -> Option<Self> {
        [Dist::Uniform, Dist::Normal, Dist::TruncatedNormal, Dist::Bernoulli].get(c as usize).copied()
    }
}

const M0: u32 = 0xD251_1F53;
const M1: u32 = 0xCD9E_8D57;
const W0: u32 = 0x9E37_79B9;
const W1: u32 = 0xBB67_AE85;
/// Blocks of four per task.
const BLOCKS_PER_TASK: usize = 1024;
const _: () = assert!(BLOCKS_PER_TASK.is_multiple_of(group::BLOCKS));
/// Philox costs a few ns an element, so threads pay off early.
const MIN_PER_THREAD: usize = 1 << 13;

/// The Philox4x32 bijection with 10 rounds.
pub fn philox4x32_10(ctr: [u32; 4], key: [u32; 2]) -> [u32; 4] {
    let (mut c, mut k) = (ctr, key);
    for round in 0..10 {
        if round > 0 {
            k = [k[0].wrapping_add(W0), k[1].wrapping_add(W1)];
        }
        let p0 = M0 as u64 * c[0] as u64;
        let p1 = M1 as u64 * c[2] as u64;
        c = [(p1 >> 32) as u32 ^ c[1] ^ k[0], p1 as u32, (p0 >> 32) as u32 ^ c[3] ^ k[1], p0 as u32];
    }
    c
}

/// The four words of block `b`.
#[inline]
fn block(seed: u64, b: u64, attempt: u32) -> [u32; 4] {
    philox4x32_10([b as u32, (b >> 32) as u32, attempt, 0], [seed as u32, (seed >> 32) as u32])
}

/// The top 24 bits as a float in [0, 1): every value exact, none equal to 1.
#[inline]
fn unit(w: u32) -> f32 {
    (w >> 8) as f32 * (1.0 / 16_777_216.0)
}

/// Fills `y` with `dist(a, b)` at stream positions `offset..offset + y.len()`.
pub fn fill(par: &dyn Par, dist: Dist, y: &mut [f32], seed: u64, offset: u64, a: f32, b: f32) {
    let yp = y.as_mut_ptr() as usize;
    let out = |i0: usize| (yp as *mut f32).wrapping_add(i0);
    // SAFETY (all groups): `for_blocks` hands out each group's positions once.
    let blocks = |b0: u64, i0: usize, gen: &dyn Fn(u64) -> [f32; 4]| {
        for j in 0..group::BLOCKS {
            let v = gen(b0 + j as u64);
            unsafe { core::ptr::copy_nonoverlapping(v.as_ptr(), out(i0 + 4 * j), 4) };
        }
    };
    match dist {
        Dist::Uniform => {
            let gen = |blk| block(seed, blk, 0).map(|w| a + (b - a) * unit(w));
            fill_with(par, y, offset, gen, |b0, i0| unsafe {
                group::uniform_group(&group::words(seed, b0, 0), out(i0), a, b - a)
            })
        }
        Dist::Normal => {
            let gen = |blk| normal::normal_block(block(seed, blk, 0)).map(|z| a + b * z);
            fill_with(par, y, offset, gen, |b0, i0| {
                let w = group::words(seed, b0, 0);
                blocks(b0, i0, &|blk| normal::normal_block(group::block_of(&w, (blk - b0) as usize)).map(|z| a + b * z))
            })
        }
        Dist::TruncatedNormal => {
            let gen = |blk| normal::truncated_block(seed, blk).map(|z| a + b * z);
            fill_with(par, y, offset, gen, |b0, i0| blocks(b0, i0, &gen))
        }
        Dist::Bernoulli => {
            let gen = |blk| block(seed, blk, 0).map(|w| if unit(w) < a { 1.0 } else { 0.0 });
            fill_with(par, y, offset, gen, |b0, i0| unsafe {
                group::bernoulli_group(&group::words(seed, b0, 0), out(i0), a)
            })
        }
    }
}

/// Writes the in-range words of `gen(block)` for blocks at the ends of the range, and lets
/// `group(b0, i0)` write the values of full blocks b0..b0 + `group::BLOCKS` from
/// index i0.
fn fill_with(
    par: &dyn Par, y: &mut [f32], offset: u64, gen: impl Fn(u64) -> [f32; 4] + Sync,
    group: impl Fn(u64, usize) + Sync,
) {
    let yp = y.as_mut_ptr() as usize;
    let edge = |blk, lanes: Range<usize>, i0| {
        let v = gen(blk);
        for (k, l) in lanes.enumerate() {
            // SAFETY: `for_blocks` hands out each in-range position once.
            unsafe { *(yp as *mut f32).add(i0 + k) = v[l] };
        }
    };
    for_blocks(par, offset, y.len(), edge, group);
}

/// Calls `f(block, lanes, i0)` for every block touching `offset..offset + len` that is not
/// covered by a `group(b0, i0)` call: `lanes` are the block's in-range words and `i0` the
/// output index of the first of them; `group` gets the full blocks b0..b0 + `group::BLOCKS`,
/// whose positions start at output index i0.
fn for_blocks(
    par: &dyn Par, offset: u64, len: usize, f: impl Fn(u64, Range<usize>, usize) + Sync,
    group: impl Fn(u64, usize) + Sync,
) {
    if len == 0 {
        return;
    }
    let end = offset + len as u64;
    let first = offset / 4;
    let nblocks = ((end - 1) / 4 - first + 1) as usize;
    let body = |ts: Range<usize>| {
        for t in ts {
            let (mut k, hi) = (t * BLOCKS_PER_TASK, ((t + 1) * BLOCKS_PER_TASK).min(nblocks));
            while k < hi {
                let b = first + k as u64;
                // Only the first and last block of the whole range can be partial.
                let n = group::BLOCKS;
                if k + n <= hi && b * 4 >= offset && (b + n as u64) * 4 <= end {
                    group(b, (b * 4 - offset) as usize);
                    k += n;
                    continue;
                }
                let lo = (b * 4).max(offset);
                let top = (b * 4 + 4).min(end);
                f(b, (lo - b * 4) as usize..(top - b * 4) as usize, (lo - offset) as usize);
                k += 1;
            }
        }
    };
    let tasks = nblocks.div_ceil(BLOCKS_PER_TASK);
    if threads_for(par, len, MIN_PER_THREAD) <= 1 {
        body(0..tasks);
    } else {
        par.run(tasks, &body);
    }
}

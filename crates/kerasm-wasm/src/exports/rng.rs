//! Random-number exports (Philox4x32-10). Pointers are byte offsets into linear memory;
//! 64-bit seeds and stream offsets arrive as two u32 halves, as JS numbers cannot carry them.

use super::slices::{optional_mut, slice, slice_mut};
use crate::{pool, status};
use kerasm_kernels::rng::{dropout, fill, Dist};

fn u64_of(lo: u32, hi: u32) -> u64 {
    (hi as u64) << 32 | lo as u64
}

/// Fills `y[..len]` with distribution `dist` (codes in `Dist`) with parameters `a`, `b`, at
/// stream positions `offset..offset + len` of `seed`. Returns `BAD_ARG` for an unknown code.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_rng(
    dist: u32, y: *mut f32, len: usize, seed_lo: u32, seed_hi: u32, offset_lo: u32, offset_hi: u32, a: f32, b: f32,
) -> i32 {
    let Some(dist) = Dist::from_code(dist) else { return status::BAD_ARG };
    fill(pool::par(), dist, slice_mut(y, len), u64_of(seed_lo, seed_hi), u64_of(offset_lo, offset_hi), a, b);
    pool::take_status()
}

/// Inverted dropout: `y = x·m/(1 − rate)`, and `mask` (0 to skip) = m as 1.0/0.0, where
/// element i is kept when the uniform at stream position offset + i is ≥ `rate`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_dropout(
    x: *const f32, y: *mut f32, mask: *mut f32, len: usize, rate: f32,
    seed_lo: u32, seed_hi: u32, offset_lo: u32, offset_hi: u32,
) -> i32 {
    let (seed, offset) = (u64_of(seed_lo, seed_hi), u64_of(offset_lo, offset_hi));
    dropout(pool::par(), slice(x, len), slice_mut(y, len), optional_mut(mask, len), rate, seed, offset);
    pool::take_status()
}

//! Fills, f32↔i32 casts, and the strided copy behind slice, pad, concat, transpose and
//! gather-by-strides.
//!
//! `copy_strided` moves 4-byte elements without looking at them, so it serves f32 and i32
//! alike. TypeScript expresses each view op as (shape, src strides, dst strides): a pad
//! copies into the interior of a pre-filled output, a concat into an offset slab.

use crate::par::Par;
use crate::simd::{F32x4, I32x4};
use crate::strided::{par_rows, sync, Strided};

pub fn fill_f32(y: &mut [f32], v: f32) {
    y.fill(v);
}

pub fn fill_i32(y: &mut [i32], v: i32) {
    y.fill(v);
}

/// Truncates toward zero, saturating at the i32 range, NaN → 0 (wasm `trunc_sat`).
///
/// # Safety
/// `x` readable and `y` writable for `n` elements; `y` may alias `x` exactly (in place).
pub unsafe fn cast_f32_to_i32(x: *const f32, y: *mut i32, n: usize) {
    let body = n & !3;
    let mut i = 0;
    while i < body {
        F32x4::load(x.add(i)).to_i32_sat().store(y.add(i));
        i += 4;
    }
    for j in body..n {
        *y.add(j) = *x.add(j) as i32;
    }
}

/// Rounds to the nearest f32 (ties to even) above 2^24.
///
/// # Safety
/// As [`cast_f32_to_i32`].
pub unsafe fn cast_i32_to_f32(x: *const i32, y: *mut f32, n: usize) {
    let body = n & !3;
    let mut i = 0;
    while i < body {
        I32x4::load(x.add(i)).to_f32().store(y.add(i));
        i += 4;
    }
    for j in body..n {
        *y.add(j) = *x.add(j) as f32;
    }
}

/// `dst[Σ i_d·dst_strides[d]] = src[Σ i_d·src_strides[d]]` for every index of `shape`.
/// Strides are in elements and may be 0 (broadcast) or negative (reversal).
///
/// # Safety
/// Every addressed element must be in bounds, and the written elements must neither
/// overlap each other nor any element read.
pub unsafe fn copy_strided(
    par: &dyn Par, src: *const u32, dst: *mut u32,
    shape: &[usize], src_strides: &[isize], dst_strides: &[isize],
) {
    let l = Strided::new(shape, [dst_strides, src_strides]).collapse();
    let s = l.inner().1;
    let (src, dst) = (sync(src), sync(dst));
    par_rows(par, &l, &|off, n| {
        let (d, x) = (dst.get().offset(off[0]), src.get().offset(off[1]) as *const u32);
        match (s[0], s[1]) {
            // Contiguous rows: one memcpy (wasm `memory.copy`).
            (1, 1) => core::ptr::copy_nonoverlapping(x, d, n),
            (1, 0) => core::slice::from_raw_parts_mut(d, n).fill(*x),
            (sd, sx) => {
                for i in 0..n as isize {
                    *d.offset(i * sd) = *x.offset(i * sx);
                }
            }
        }
    });
}

#[cfg(test)]
mod tests;

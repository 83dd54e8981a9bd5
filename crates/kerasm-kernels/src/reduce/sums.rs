//! Sums of a mapped element (x, x², exp(x − s), (x − s)²) in f32 SIMD lanes.
//!
//! Lanes are flushed into f64 every block, so the f32 error stays that of a short sum
//! even for n ~ 1e6. The block grid is anchored at row 0 and chunk starts are multiples of
//! `CBLOCK`, so cutting `n` into chunks never moves a flush point.

use super::part::{Part, NONE};
use super::slab::{lanes, tail};
use crate::math::{exp4, expf};
use crate::simd::F32x4;
use core::ops::Range;

/// Contiguous sums flush every `CBLOCK` elements (64 per lane of the 16 accumulators).
pub const CBLOCK: usize = 1024;
/// Strided sums flush every `SBLOCK` rows.
const SBLOCK: usize = 128;

/// The per-element map of a sum: identity, square, or shifted exp / squared deviation.
pub trait Map {
    const SHIFTED: bool;
    /// An input that maps to 0, to pad a ragged vector.
    fn pad(s: f32) -> f32;
    fn v(x: F32x4, s: F32x4) -> F32x4;
    fn s(x: f32, s: f32) -> f32;
}
pub struct Id;
pub struct Sq;
pub struct ExpShift;
pub struct SqDev;

impl Map for Id {
    const SHIFTED: bool = false;
    fn pad(_: f32) -> f32 {
        0.0
    }
    #[inline(always)]
    fn v(x: F32x4, _: F32x4) -> F32x4 {
        x
    }
    #[inline(always)]
    fn s(x: f32, _: f32) -> f32 {
        x
    }
}
impl Map for Sq {
    const SHIFTED: bool = false;
    fn pad(_: f32) -> f32 {
        0.0
    }
    #[inline(always)]
    fn v(x: F32x4, _: F32x4) -> F32x4 {
        x.mul(x)
    }
    #[inline(always)]
    fn s(x: f32, _: f32) -> f32 {
        x * x
    }
}
impl Map for ExpShift {
    const SHIFTED: bool = true;
    fn pad(_: f32) -> f32 {
        f32::NEG_INFINITY
    }
    #[inline(always)]
    fn v(x: F32x4, s: F32x4) -> F32x4 {
        exp4(x.sub(s))
    }
    #[inline(always)]
    fn s(x: f32, s: f32) -> f32 {
        expf(x - s)
    }
}
impl Map for SqDev {
    const SHIFTED: bool = true;
    fn pad(s: f32) -> f32 {
        s
    }
    #[inline(always)]
    fn v(x: F32x4, s: F32x4) -> F32x4 {
        let d = x.sub(s);
        d.mul(d)
    }
    #[inline(always)]
    fn s(x: f32, s: f32) -> f32 {
        (x - s) * (x - s)
    }
}

/// Adds the four lanes of each vector into `tot` in f64.
#[inline(always)]
fn flush<const W: usize>(a: &[F32x4; W], tot: &mut [f64]) {
    for (k, v) in a.iter().enumerate() {
        for (t, x) in tot[4 * k..4 * k + 4].iter_mut().zip(lanes(*v)) {
            *t += x as f64;
        }
    }
}

pub unsafe fn sums<M: Map>(x: *const f32, inner: usize, rows: Range<usize>, js: Range<usize>, shift: *const f32, out: &mut [Part]) {
    let shift_at = |j: usize| if M::SHIFTED { *shift.add(j) } else { 0.0 };
    if inner == 1 {
        out[0] = Part { v: contiguous_sum::<M>(x.add(rows.start), rows.len(), shift_at(0)), i: NONE };
        return;
    }
    let mut j = js.start;
    while j < js.end {
        let w = if js.end - j >= 16 { 4 } else if js.end - j >= 4 { 1 } else { 0 };
        let mut tot = [0.0f64; 16];
        let lanes = if w == 0 { 1 } else { 4 * w };
        let mut r = rows.start;
        while r < rows.end {
            let end = (r + SBLOCK).min(rows.end);
            match w {
                4 => flush(&strided_block::<M, 4>(x, inner, r..end, j, shift), &mut tot),
                1 => flush(&strided_block::<M, 1>(x, inner, r..end, j, shift), &mut tot),
                _ => tot[0] += (r..end).fold(0.0f32, |s, rr| s + M::s(*x.add(rr * inner + j), shift_at(j))) as f64,
            }
            r = end;
        }
        for (k, t) in tot[..lanes].iter().enumerate() {
            out[j + k - js.start] = Part { v: *t, i: NONE };
        }
        j += lanes;
    }
}

#[inline(always)]
unsafe fn strided_block<M: Map, const W: usize>(x: *const f32, inner: usize, rows: Range<usize>, j: usize, shift: *const f32) -> [F32x4; W] {
    let s: [F32x4; W] = core::array::from_fn(|k| if M::SHIFTED { F32x4::load(shift.add(j + 4 * k)) } else { F32x4::zero() });
    let mut a = [F32x4::zero(); W];
    for r in rows {
        let p = x.add(r * inner + j);
        for k in 0..W {
            a[k] = a[k].add(M::v(F32x4::load(p.add(4 * k)), s[k]));
        }
    }
    a
}

unsafe fn contiguous_sum<M: Map>(x: *const f32, len: usize, s: f32) -> f64 {
    let vs = F32x4::splat(s);
    let pad = F32x4::splat(M::pad(s));
    let mut tot = [0.0f64; 16];
    let mut i = 0;
    while i < len {
        let end = (i + CBLOCK).min(len);
        let mut a = [F32x4::zero(); 4];
        while i + 16 <= end {
            for (k, acc) in a.iter_mut().enumerate() {
                *acc = acc.add(M::v(F32x4::load(x.add(i + 4 * k)), vs));
            }
            i += 16;
        }
        // Only the last block is ragged; its rest goes four at a time, the end padded with
        // an element that maps to 0.
        while i < end {
            a[0] = a[0].add(M::v(tail(x.add(i), end - i, pad), vs));
            i += 4;
        }
        flush(&a, &mut tot);
    }
    tot.iter().sum::<f64>()
}

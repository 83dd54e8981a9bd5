//! One task's share of a reduction: rows `rows` of a `[n, inner]` slab, lanes `js`.
//!
//! Sums live in `sums.rs`; max/min are SIMD here; ops that are rare or need per-lane
//! indices (prod, arg*, any, all) are scalar loops in the order the memory lies.

use super::part::{arg_max_better, arg_min_better, Kind, Part, NONE};
use super::sums::{sums, ExpShift, Id, Sq, SqDev};
use crate::simd::F32x4;
use core::ops::Range;

/// Writes the partials of `rows` × `js` into `out` (`out[k]` for lane `js.start + k`).
///
/// # Safety
/// `x[r·inner + j]` must be readable for every row and lane, and `shift[j]` for the
/// shifted kinds.
pub unsafe fn slab(kind: Kind, x: *const f32, inner: usize, rows: Range<usize>, js: Range<usize>, shift: *const f32, out: &mut [Part]) {
    match kind {
        Kind::Sum => sums::<Id>(x, inner, rows, js, shift, out),
        Kind::SumSq => sums::<Sq>(x, inner, rows, js, shift, out),
        Kind::ExpShift => sums::<ExpShift>(x, inner, rows, js, shift, out),
        Kind::SqDev => sums::<SqDev>(x, inner, rows, js, shift, out),
        Kind::Max => extremes::<true>(x, inner, rows, js, out),
        Kind::Min => extremes::<false>(x, inner, rows, js, out),
        Kind::Prod => fold(kind, x, inner, rows, js, out, |p, v, _| p.v *= v as f64),
        Kind::Any => fold(kind, x, inner, rows, js, out, |p, v, _| p.v = if v != 0.0 { 1.0 } else { p.v }),
        Kind::All => fold(kind, x, inner, rows, js, out, |p, v, _| p.v = if v != 0.0 { p.v } else { 0.0 }),
        Kind::ArgMax => fold(kind, x, inner, rows, js, out, |p, v, r| arg_step(p, v, r, arg_max_better)),
        Kind::ArgMin => fold(kind, x, inner, rows, js, out, |p, v, r| arg_step(p, v, r, arg_min_better)),
    }
}

#[inline(always)]
fn arg_step(p: &mut Part, v: f32, r: usize, better: fn(f64, f64) -> bool) {
    if p.i == NONE || better(v as f64, p.v) {
        *p = Part { v: v as f64, i: r };
    }
}

#[inline(always)]
unsafe fn fold(kind: Kind, x: *const f32, inner: usize, rows: Range<usize>, js: Range<usize>, out: &mut [Part], step: impl Fn(&mut Part, f32, usize)) {
    out.fill(kind.init());
    for r in rows {
        let row = x.add(r * inner + js.start);
        for (k, p) in out.iter_mut().enumerate() {
            step(p, *row.add(k), r);
        }
    }
}

unsafe fn extremes<const MAX: bool>(x: *const f32, inner: usize, rows: Range<usize>, js: Range<usize>, out: &mut [Part]) {
    // pmax/pmin are one instruction; IEEE maximum is about nine on x86. NaNs are tracked
    // in a separate mask instead, and turn the lane's result into NaN at the end.
    let pick = |a: F32x4, b: F32x4| if MAX { a.max(b) } else { a.min(b) };
    let init = F32x4::splat(if MAX { f32::NEG_INFINITY } else { f32::INFINITY });
    let finish = |m: F32x4, nan: F32x4| nan.select(F32x4::splat(f32::NAN), m);
    if inner == 1 {
        let (p, len) = (x.add(rows.start), rows.len());
        let (mut a, mut nan) = ([init; 4], F32x4::zero());
        let mut i = 0;
        while i + 16 <= len {
            for (k, acc) in a.iter_mut().enumerate() {
                let v = F32x4::load(p.add(i + 4 * k));
                *acc = pick(*acc, v);
                nan = nan.or(v.ne(v));
            }
            i += 16;
        }
        let mut m = pick(pick(a[0], a[1]), pick(a[2], a[3]));
        while i < len {
            let v = tail(p.add(i), len - i, init);
            m = pick(m, v);
            nan = nan.or(v.ne(v));
            i += 4;
        }
        let (l, anynan) = (lanes(m), nan.any());
        let v = l.iter().fold(l[0], |acc, &v| lanes(pick(F32x4::splat(acc), F32x4::splat(v)))[0]);
        out[0] = Part { v: if anynan { f64::NAN } else { v as f64 }, i: NONE };
        return;
    }
    let mut j = js.start;
    while j < js.end {
        // Lanes past a multiple of 4 go one at a time, splatted, so no lane reads past `js`.
        let vec = js.end - j >= 4;
        let (mut a, mut nan) = (init, F32x4::zero());
        for r in rows.clone() {
            let p = x.add(r * inner + j);
            let v = if vec { F32x4::load(p) } else { F32x4::load_splat(p) };
            a = pick(a, v);
            nan = nan.or(v.ne(v));
        }
        let l = lanes(finish(a, nan));
        let n = if vec { 4 } else { 1 };
        for k in 0..n {
            out[j + k - js.start] = Part { v: l[k] as f64, i: NONE };
        }
        j += n;
    }
}

/// The next (up to) four elements at `p`, padded with `pad` past `left`.
///
/// # Safety
/// `p` must point to `min(left, 4)` readable f32.
#[inline(always)]
pub unsafe fn tail(p: *const f32, left: usize, pad: F32x4) -> F32x4 {
    if left >= 4 {
        return F32x4::load(p);
    }
    // Explicit lanes: a copy loop would become a `memory.copy` call, slow for 3 floats.
    let mut t = lanes(pad);
    t[0] = *p;
    if left > 1 {
        t[1] = *p.add(1);
    }
    if left > 2 {
        t[2] = *p.add(2);
    }
    F32x4::load(t.as_ptr())
}

#[inline(always)]
pub fn lanes(v: F32x4) -> [f32; 4] {
    let mut l = [0.0f32; 4];
    unsafe { v.store(l.as_mut_ptr()) };
    l
}

//! Elementwise binary ops with NumPy broadcasting.
//!
//! The caller (TypeScript) resolves broadcasting into element strides, 0 on broadcast
//! axes; the output is dense row-major. After collapsing the layout, the innermost row is
//! one of four kinds: both operands contiguous (same shape, bias add), one of them a splat
//! (scalar operand, column broadcast), or anything else, gathered four at a time. Every kind
//! applies the same four-lane closure, so results do not depend on the path taken.
//! Op codes are shared with `bindings/kernels/binary.ts`.

use crate::lanewise::{map1, map2};
use crate::math::powf;
use crate::par::Par;
use crate::simd::F32x4;
use crate::strided::{dense_strides, fetch4, fetch_tail, par_rows, store_tail, sync, Strided};

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum BinaryOp {
    Add = 0,
    Sub = 1,
    Mul = 2,
    Div = 3,
    /// C99/numpy `pow`, exact special cases (see `math::powf`).
    Pow = 4,
    /// NaN if either side is NaN (numpy `maximum`).
    Maximum = 5,
    Minimum = 6,
    /// Comparisons write 1.0 or 0.0; NaN compares false except under `NotEqual`.
    Equal = 7,
    NotEqual = 8,
    Less = 9,
    LessEqual = 10,
    Greater = 11,
    GreaterEqual = 12,
    /// (a − b)².
    SquaredDifference = 13,
}

impl BinaryOp {
    const ALL: [BinaryOp; 14] = {
        use BinaryOp::*;
        [
            Add, Sub, Mul, Div, Pow, Maximum, Minimum, Equal, NotEqual, Less, LessEqual, Greater,
            GreaterEqual, SquaredDifference,
        ]
    };

    pub fn from_code(c: u32) -> Option<Self> {
        Self::ALL.get(c as usize).copied()
    }
}

/// `out = a ∘ b` over `shape`, reading `a[Σ i_d·a_strides[d]]` and likewise `b`.
///
/// # Safety
/// Every strided element of `a` and `b` must be readable and the dense `out` writable;
/// `out` may equal `a` or `b` only where that operand is dense with the output's shape.
#[allow(clippy::too_many_arguments)]
pub unsafe fn binary(
    par: &dyn Par, op: BinaryOp, a: *const f32, b: *const f32, out: *mut f32,
    shape: &[usize], a_strides: &[isize], b_strides: &[isize],
) {
    let dense = dense_strides(shape);
    let l = Strided::new(shape, [&dense[..shape.len()], a_strides, b_strides]).collapse();
    let s = l.inner().1;
    let (a, b, out) = (sync(a), sync(b), sync(out));
    par_rows(par, &l, &|off, n| {
        let (pa, pb, po) = (a.get().offset(off[1]), b.get().offset(off[2]), out.get().offset(off[0]));
        dispatch(op, pa, s[1], pb, s[2], po, n);
    });
}

#[inline(always)]
unsafe fn dispatch(op: BinaryOp, a: *const f32, sa: isize, b: *const f32, sb: isize, o: *mut f32, n: usize) {
    use BinaryOp::*;
    let one = F32x4::splat(1.0);
    match op {
        Add => row(|x, y| x.add(y), a, sa, b, sb, o, n),
        Sub => row(|x, y| x.sub(y), a, sa, b, sb, o, n),
        Mul => row(|x, y| x.mul(y), a, sa, b, sb, o, n),
        Div => row(|x, y| x.div(y), a, sa, b, sb, o, n),
        Pow => row(pow4, a, sa, b, sb, o, n),
        Maximum => row(|x, y| x.max_nan(y), a, sa, b, sb, o, n),
        Minimum => row(|x, y| x.min_nan(y), a, sa, b, sb, o, n),
        Equal => row(|x, y| x.eq(y).and(one), a, sa, b, sb, o, n),
        NotEqual => row(|x, y| x.ne(y).and(one), a, sa, b, sb, o, n),
        Less => row(|x, y| x.lt(y).and(one), a, sa, b, sb, o, n),
        LessEqual => row(|x, y| x.le(y).and(one), a, sa, b, sb, o, n),
        Greater => row(|x, y| x.gt(y).and(one), a, sa, b, sb, o, n),
        GreaterEqual => row(|x, y| x.ge(y).and(one), a, sa, b, sb, o, n),
        SquaredDifference => row(|x, y| { let d = x.sub(y); d.mul(d) }, a, sa, b, sb, o, n),
    }
}

/// pow has no four-lane form: run the scalar one per lane.
#[inline(always)]
fn pow4(x: F32x4, y: F32x4) -> F32x4 {
    let (mut p, mut q) = ([0.0f32; 4], [0.0f32; 4]);
    unsafe {
        x.store(p.as_mut_ptr());
        y.store(q.as_mut_ptr());
        for i in 0..4 {
            p[i] = powf(p[i], q[i]);
        }
        F32x4::load(p.as_ptr())
    }
}

/// One dense output row of `n` elements from operand rows with steps `sa`, `sb`.
#[inline(always)]
unsafe fn row(f: impl Fn(F32x4, F32x4) -> F32x4, a: *const f32, sa: isize, b: *const f32, sb: isize, o: *mut f32, n: usize) {
    match (sa, sb) {
        (1, 1) => map2(a, b, o, n, f),
        (1, 0) => {
            let vb = F32x4::load_splat(b);
            map1(a, o, n, |x| f(x, vb))
        }
        (0, 1) => {
            let va = F32x4::load_splat(a);
            map1(b, o, n, |y| f(va, y))
        }
        _ => {
            let body = n & !3;
            let mut i = 0;
            while i < body {
                let off = |s: isize| i as isize * s;
                f(fetch4(a.offset(off(sa)), sa), fetch4(b.offset(off(sb)), sb)).store(o.add(i));
                i += 4;
            }
            if body < n {
                let m = n - body;
                let v = f(fetch_tail(a.offset(body as isize * sa), sa, m), fetch_tail(b.offset(body as isize * sb), sb, m));
                store_tail(v, o.add(body), m);
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;

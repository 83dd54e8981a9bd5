//! Ternary select with NumPy broadcasting: `out = cond != 0 ? a : b`.
//!
//! `cond` is f32 (comparisons write 1.0/0.0); NaN counts as true, like numpy's `bool(nan)`,
//! and -0.0 as false. Strides follow `binary.rs`: elements, 0 on broadcast axes, dense output.

use crate::par::Par;
use crate::simd::F32x4;
use crate::strided::{dense_strides, fetch4, fetch_tail, par_rows, store_tail, sync, Strided};

/// # Safety
/// Every strided element of `cond`, `a` and `b` must be readable and the dense `out`
/// writable; `out` may equal an input only where that input is dense with the output shape.
#[allow(clippy::too_many_arguments)]
pub unsafe fn where_(
    par: &dyn Par, cond: *const f32, a: *const f32, b: *const f32, out: *mut f32,
    shape: &[usize], cond_strides: &[isize], a_strides: &[isize], b_strides: &[isize],
) {
    let dense = dense_strides(shape);
    let l = Strided::new(shape, [&dense[..shape.len()], cond_strides, a_strides, b_strides]).collapse();
    let s = l.inner().1;
    let (c, a, b, out) = (sync(cond), sync(a), sync(b), sync(out));
    par_rows(par, &l, &|off, n| {
        let (pc, pa, pb) = (c.get().offset(off[1]), a.get().offset(off[2]), b.get().offset(off[3]));
        row(pc, s[1], pa, s[2], pb, s[3], out.get().offset(off[0]), n);
    });
}

#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn row(c: *const f32, sc: isize, a: *const f32, sa: isize, b: *const f32, sb: isize, o: *mut f32, n: usize) {
    let pick = |c: F32x4, x: F32x4, y: F32x4| c.ne(F32x4::zero()).select(x, y);
    let body = n & !3;
    let mut i = 0;
    while i < body {
        let at = |p: *const f32, s: isize| fetch4(p.offset(i as isize * s), s);
        pick(at(c, sc), at(a, sa), at(b, sb)).store(o.add(i));
        i += 4;
    }
    if body < n {
        let m = n - body;
        let at = |p: *const f32, s: isize| fetch_tail(p.offset(body as isize * s), s, m);
        store_tail(pick(at(c, sc), at(a, sa), at(b, sb)), o.add(body), m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::tests::{broadcast_strides, each_index, offset, Rng};
    use crate::par::{Serial, StdThreads};
    use std::vec::Vec;

    fn check(par: &dyn Par, out: &[usize], shapes: [&[usize]; 3], rng: &mut Rng) -> Vec<f32> {
        let data: Vec<Vec<f32>> = shapes.iter().map(|s| (0..s.iter().product::<usize>()).map(|_| rng.value()).collect()).collect();
        // A third of conditions zero (including -0.0), some NaN.
        let cond: Vec<f32> = data[0].iter().map(|&v| if v < -1.5 { 0.0 } else if v < -1.0 { -0.0 } else if v == 3.0 { f32::NAN } else { v }).collect();
        let st: Vec<Vec<isize>> = shapes.iter().map(|s| broadcast_strides(s, out)).collect();
        let mut got = std::vec![f32::NAN; out.iter().product()];
        unsafe { where_(par, cond.as_ptr(), data[1].as_ptr(), data[2].as_ptr(), got.as_mut_ptr(), out, &st[0], &st[1], &st[2]) };
        let mut i = 0;
        each_index(out, |idx| {
            let c = cond[offset(idx, &st[0]) as usize];
            let want = if c != 0.0 { data[1][offset(idx, &st[1]) as usize] } else { data[2][offset(idx, &st[2]) as usize] };
            assert_eq!(got[i].to_bits(), want.to_bits(), "out {out:?} shapes {shapes:?} i {i} cond {c}");
            i += 1;
        });
        got
    }

    #[test]
    fn broadcast_sweep() {
        let mut rng = Rng(11);
        let dims = [1, 2, 3, 5, 17];
        for _ in 0..300 {
            let rank = rng.below(7);
            let out: Vec<usize> = (0..rank).map(|_| dims[rng.below(5)]).collect();
            let s: Vec<Vec<usize>> = (0..3).map(|_| out.iter().map(|&n| if rng.below(3) == 0 { 1 } else { n }).collect()).collect();
            check(&Serial, &out, [&s[0], &s[1], &s[2]], &mut rng);
        }
        for n in [0, 1, 3, 4, 5, 17, 1023] {
            check(&Serial, &[n], [&[n], &[n], &[n]], &mut rng);
            check(&Serial, &[n], [&[n], &[1], &[n]], &mut rng);
        }
    }

    #[test]
    fn threads_do_not_change_results() {
        let out = [500, 301];
        let shapes: [&[usize]; 3] = [&[500, 301], &[1, 301], &[500, 1]];
        let serial = check(&Serial, &out, shapes, &mut Rng(5));
        let threaded = check(&StdThreads(3), &out, shapes, &mut Rng(5));
        assert!(serial.iter().zip(&threaded).all(|(p, q)| p.to_bits() == q.to_bits()));
    }
}

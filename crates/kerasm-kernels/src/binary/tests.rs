//! Every op over broadcast patterns against an f64 reference that walks the strides
//! directly, plus NaN semantics and thread-count independence.

use super::*;
use crate::par::{Serial, StdThreads};
use std::vec::Vec;

pub(crate) struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    /// Multiples of 0.25 in [-4, 4), so comparisons see ties.
    pub fn value(&mut self) -> f32 {
        (self.next() % 32) as f32 * 0.25 - 4.0
    }
    pub fn below(&mut self, n: u64) -> usize {
        (self.next() % n) as usize
    }
}

fn reference(op: BinaryOp, x: f64, y: f64) -> f64 {
    use BinaryOp::*;
    let t = |c: bool| if c { 1.0 } else { 0.0 };
    match op {
        Add => x + y,
        Sub => x - y,
        Mul => x * y,
        Div => x / y,
        Pow => x.powf(y),
        Maximum => if x.is_nan() || y.is_nan() { f64::NAN } else { x.max(y) },
        Minimum => if x.is_nan() || y.is_nan() { f64::NAN } else { x.min(y) },
        Equal => t(x == y),
        NotEqual => t(x != y),
        Less => t(x < y),
        LessEqual => t(x <= y),
        Greater => t(x > y),
        GreaterEqual => t(x >= y),
        SquaredDifference => (x - y) * (x - y),
    }
}

/// Strides of an operand of shape `own` (same rank as `out`, 1 on broadcast axes), as
/// the TypeScript side computes them: dense, with 0 where `own` is 1 and `out` is not.
pub(crate) fn broadcast_strides(own: &[usize], out: &[usize]) -> Vec<isize> {
    let dense = dense_strides(own);
    (0..out.len()).map(|d| if own[d] == 1 && out[d] != 1 { 0 } else { dense[d] }).collect()
}

pub(crate) fn offset(idx: &[usize], strides: &[isize]) -> isize {
    idx.iter().zip(strides).map(|(&i, &s)| i as isize * s).sum()
}

/// Calls `f` with every multi-index of `shape` in row-major order.
pub(crate) fn each_index(shape: &[usize], mut f: impl FnMut(&[usize])) {
    if shape.iter().any(|&n| n == 0) {
        return;
    }
    let mut idx = std::vec![0; shape.len()];
    loop {
        f(&idx);
        let mut d = shape.len();
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            idx[d] += 1;
            if idx[d] < shape[d] {
                break;
            }
            idx[d] = 0;
        }
    }
}

fn check(op: BinaryOp, out: &[usize], sa: &[usize], sb: &[usize], rng: &mut Rng) {
    let a: Vec<f32> = (0..sa.iter().product::<usize>()).map(|_| rng.value()).collect();
    let b: Vec<f32> = (0..sb.iter().product::<usize>()).map(|_| rng.value()).collect();
    let (ta, tb) = (broadcast_strides(sa, out), broadcast_strides(sb, out));
    let mut got = std::vec![f32::NAN; out.iter().product()];
    unsafe { binary(&Serial, op, a.as_ptr(), b.as_ptr(), got.as_mut_ptr(), out, &ta, &tb) };
    let mut i = 0;
    each_index(out, |idx| {
        let (x, y) = (a[offset(idx, &ta) as usize], b[offset(idx, &tb) as usize]);
        let want = reference(op, x as f64, y as f64);
        let ok = if want.is_nan() { got[i].is_nan() } else { got[i] as f64 == want || (got[i] as f64 - want).abs() <= 1e-6 * want.abs() };
        assert!(ok, "{op:?}({x}, {y}) = {}, want {want}; out {out:?}, a {sa:?}, b {sb:?}, i {i}", got[i]);
        i += 1;
    });
}

/// A random operand shape broadcastable to `out`: each axis kept or set to 1.
fn broadcast_of(out: &[usize], rng: &mut Rng) -> Vec<usize> {
    out.iter().map(|&n| if rng.below(3) == 0 { 1 } else { n }).collect()
}

#[test]
fn fixed_patterns_every_op() {
    let mut rng = Rng(1);
    let patterns: &[(&[usize], &[usize], &[usize])] = &[
        (&[], &[], &[]),
        (&[0], &[0], &[1]),
        (&[1], &[1], &[1]),
        (&[1023], &[1023], &[1023]),
        (&[17], &[17], &[1]),
        (&[17], &[1], &[17]),
        (&[5, 7], &[5, 7], &[1, 7]),
        (&[5, 7], &[5, 7], &[5, 1]),
        (&[5, 7], &[5, 1], &[1, 7]),
        (&[3, 1, 5], &[3, 1, 5], &[1, 1, 1]),
        (&[2, 3, 4, 5, 6, 7], &[2, 1, 4, 1, 6, 1], &[1, 3, 1, 5, 1, 7]),
    ];
    for c in 0..14 {
        let op = BinaryOp::from_code(c).unwrap();
        for &(out, sa, sb) in patterns {
            check(op, out, sa, sb, &mut rng);
        }
    }
}

#[test]
fn random_broadcast_sweep() {
    let mut rng = Rng(2);
    let dims = [1, 2, 3, 4, 5, 7, 13];
    for _ in 0..400 {
        let rank = rng.below(7);
        let out: Vec<usize> = (0..rank).map(|_| dims[rng.below(dims.len() as u64)]).collect();
        let (sa, sb) = (broadcast_of(&out, &mut rng), broadcast_of(&out, &mut rng));
        let op = BinaryOp::from_code(rng.below(14) as u32).unwrap();
        check(op, &out, &sa, &sb, &mut rng);
    }
}

#[test]
fn transposed_operand_and_in_place() {
    // a is a [7, 5] array read as its transpose [5, 7]: the generic gather path.
    let mut rng = Rng(3);
    let a: Vec<f32> = (0..35).map(|_| rng.value()).collect();
    let b: Vec<f32> = (0..35).map(|_| rng.value()).collect();
    let mut out = std::vec![0.0; 35];
    unsafe { binary(&Serial, BinaryOp::Sub, a.as_ptr(), b.as_ptr(), out.as_mut_ptr(), &[5, 7], &[1, 5], &[7, 1]) };
    each_index(&[5, 7], |i| assert_eq!(out[i[0] * 7 + i[1]], a[i[1] * 5 + i[0]] - b[i[0] * 7 + i[1]]));
    // In place over a dense operand, with b broadcast along rows.
    let mut x = b.clone();
    let bias: Vec<f32> = (0..7).map(|_| rng.value()).collect();
    let p = x.as_mut_ptr();
    unsafe { binary(&Serial, BinaryOp::Add, p, bias.as_ptr(), p, &[5, 7], &[7, 1], &[0, 1]) };
    each_index(&[5, 7], |i| assert_eq!(x[i[0] * 7 + i[1]], b[i[0] * 7 + i[1]] + bias[i[1]]));
}

#[test]
fn nan_semantics() {
    let nan = f32::NAN;
    let cases: &[(BinaryOp, f32, f32, f32)] = &[
        (BinaryOp::Maximum, nan, 1.0, nan), (BinaryOp::Maximum, 1.0, nan, nan),
        (BinaryOp::Minimum, nan, 1.0, nan), (BinaryOp::Minimum, 1.0, nan, nan),
        (BinaryOp::Equal, nan, nan, 0.0), (BinaryOp::NotEqual, nan, nan, 1.0),
        (BinaryOp::Less, nan, 1.0, 0.0), (BinaryOp::GreaterEqual, 1.0, nan, 0.0),
        (BinaryOp::Pow, nan, 0.0, 1.0), (BinaryOp::Pow, -8.0, 1.0 / 3.0, nan),
    ];
    for &(op, x, y, want) in cases {
        for n in [1usize, 4, 5] {
            let (a, b, mut out) = (std::vec![x; n], std::vec![y; n], std::vec![0.0; n]);
            unsafe { binary(&Serial, op, a.as_ptr(), b.as_ptr(), out.as_mut_ptr(), &[n], &[1], &[1]) };
            assert!(out.iter().all(|&o| o.to_bits() == want.to_bits() || (o.is_nan() && want.is_nan())), "{op:?}({x}, {y}) = {out:?}");
        }
    }
}

#[test]
fn threads_do_not_change_results() {
    let mut rng = Rng(4);
    let shapes: &[(&[usize], &[usize], &[usize])] = &[
        (&[300, 1000], &[300, 1000], &[1, 1000]),
        (&[1, 200_003], &[1, 200_003], &[1, 1]),
        (&[70_001, 3], &[70_001, 3], &[70_001, 1]),
        (&[64, 64, 33], &[64, 1, 33], &[1, 64, 1]),
    ];
    for &(out, sa, sb) in shapes {
        let a: Vec<f32> = (0..sa.iter().product::<usize>()).map(|_| rng.value()).collect();
        let b: Vec<f32> = (0..sb.iter().product::<usize>()).map(|_| rng.value()).collect();
        let (ta, tb) = (broadcast_strides(sa, out), broadcast_strides(sb, out));
        let run = |par: &dyn Par, op| {
            let mut o = std::vec![0.0f32; out.iter().product()];
            unsafe { binary(par, op, a.as_ptr(), b.as_ptr(), o.as_mut_ptr(), out, &ta, &tb) };
            o
        };
        for op in [BinaryOp::Add, BinaryOp::Div, BinaryOp::Maximum, BinaryOp::Pow] {
            let serial = run(&Serial, op);
            for t in [2, 3] {
                let o = run(&StdThreads(t), op);
                assert!(o.iter().zip(&serial).all(|(p, q)| p.to_bits() == q.to_bits()), "{op:?} {out:?} {t} threads");
            }
        }
    }
}

//! Every op against a float64 reference over shape sweeps, chunk boundaries and threads.

use super::*;
use crate::par::{Serial, StdThreads};
use std::vec::Vec;

use crate::test_util::fill;

const ALL: [ReduceOp; 13] = [
    ReduceOp::Sum, ReduceOp::Mean, ReduceOp::Max, ReduceOp::Min, ReduceOp::Prod, ReduceOp::ArgMax, ReduceOp::ArgMin,
    ReduceOp::Variance, ReduceOp::SumSquares, ReduceOp::LogSumExp, ReduceOp::AnyNonzero, ReduceOp::AllNonzero, ReduceOp::L2Norm,
];

/// The float64 reference of one output, and the tolerance the f32 kernel gets.
fn reference(op: ReduceOp, v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let sum: f64 = v.iter().sum();
    let abs: f64 = v.iter().map(|x| x.abs()).sum();
    let sq: f64 = v.iter().map(|x| x * x).sum();
    let first = |better: fn(f64, f64) -> bool| {
        let mut best: Option<usize> = None;
        for (i, &x) in v.iter().enumerate() {
            if best.is_none_or(|b| !v[b].is_nan() && (x.is_nan() || better(x, v[b]))) {
                best = Some(i);
            }
        }
        best.map_or(-1.0, |b| b as f64)
    };
    let extreme = |init: f64, f: fn(f64, f64) -> f64| v.iter().fold(init, |m, &x| if m.is_nan() || x.is_nan() { f64::NAN } else { f(m, x) });
    let rel = 2e-6;
    match op {
        ReduceOp::Sum => (sum, rel * abs + 1e-30),
        ReduceOp::Mean => (sum / n, rel * abs / n),
        ReduceOp::Max => (extreme(f64::NEG_INFINITY, f64::max), 0.0),
        ReduceOp::Min => (extreme(f64::INFINITY, f64::min), 0.0),
        ReduceOp::Prod => {
            let p: f64 = v.iter().product();
            (p, rel * (n + 1.0) * p.abs() + 1e-38)
        }
        ReduceOp::ArgMax => (first(|a, b| a > b), 0.0),
        ReduceOp::ArgMin => (first(|a, b| a < b), 0.0),
        ReduceOp::Variance => {
            let m = sum / n;
            let var = v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n;
            (var, rel * 4.0 * (var + m * m * 1e-6))
        }
        ReduceOp::SumSquares => (sq, rel * sq),
        ReduceOp::LogSumExp => {
            let m = extreme(f64::NEG_INFINITY, f64::max);
            let l = if m.is_finite() { m + v.iter().map(|x| (x - m).exp()).sum::<f64>().ln() } else { m };
            (l, 1e-6 * (1.0 + l.abs()))
        }
        ReduceOp::AnyNonzero => (v.iter().any(|&x| x != 0.0) as u8 as f64, 0.0),
        ReduceOp::AllNonzero => (v.iter().all(|&x| x != 0.0) as u8 as f64, 0.0),
        ReduceOp::L2Norm => (sq.sqrt(), rel * sq.sqrt()),
    }
}

fn run(par: &dyn Par, op: ReduceOp, x: &[f32], outer: usize, n: usize, inner: usize) -> Vec<f64> {
    if op.is_arg() {
        let mut y = std::vec![7i32; outer * inner];
        reduce_arg(par, op, x, &mut y, outer, n, inner);
        y.iter().map(|&v| v as f64).collect()
    } else {
        let mut y = std::vec![7.0f32; outer * inner];
        reduce(par, op, x, &mut y, outer, n, inner);
        y.iter().map(|&v| v as f64).collect()
    }
}

fn check(par: &dyn Par, op: ReduceOp, x: &[f32], outer: usize, n: usize, inner: usize) {
    let got = run(par, op, x, outer, n, inner);
    for o in 0..outer {
        for j in 0..inner {
            let col: Vec<f64> = (0..n).map(|r| x[(o * n + r) * inner + j] as f64).collect();
            let (want, tol) = reference(op, &col);
            let g = got[o * inner + j];
            let ok = (g.is_nan() && want.is_nan()) || g == want || (g - want).abs() <= tol;
            assert!(ok, "{op:?} [{outer},{n},{inner}] at ({o},{j}): got {g}, want {want} (tol {tol})");
        }
    }
}

#[test]
fn sweep_shapes() {
    for op in ALL {
        for &outer in &[1, 3] {
            for &n in &[0, 1, 3, 4, 5, 16, 17, 1023, 1025] {
                for &inner in &[1, 2, 3, 4, 5, 17, 67] {
                    let mut x = fill(outer * n * inner, (n * 31 + inner) as u64);
                    if op == ReduceOp::Prod {
                        // Keep products of a thousand factors inside f32 range.
                        x.iter_mut().for_each(|v| *v = 1.0 + *v / 64.0);
                    }
                    check(&Serial, op, &x, outer, n, inner);
                }
            }
        }
    }
}

#[test]
fn chunked_n_and_threads_agree_bitwise() {
    // Shapes on both sides of the chunk size (CHUNK / lanes, rounded to CBLOCK).
    let shapes = [(1, 32767, 1), (1, 32768, 1), (2, 65537, 1), (1, 8193, 4), (3, 3000, 67), (40, 999, 1), (5, 700, 130)];
    for &(outer, n, inner) in &shapes {
        let x = fill(outer * n * inner, n as u64);
        for op in ALL {
            let serial = run(&Serial, op, &x, outer, n, inner);
            for t in [2, 3, 4] {
                let par = run(&StdThreads(t), op, &x, outer, n, inner);
                let same = serial.iter().zip(&par).all(|(a, b)| a.to_bits() == b.to_bits());
                assert!(same, "{op:?} [{outer},{n},{inner}] differs with {t} threads");
            }
            if op != ReduceOp::Prod {
                check(&Serial, op, &x, outer, n, inner);
            }
        }
    }
}

#[test]
fn long_sums_stay_accurate() {
    let n = 1_000_000;
    let x: Vec<f32> = fill(n, 9).iter().map(|v| v * 0.5 + 0.5).collect();
    for op in [ReduceOp::Sum, ReduceOp::Mean, ReduceOp::Variance, ReduceOp::L2Norm] {
        check(&StdThreads(2), op, &x, 1, n, 1);
        check(&Serial, op, &x, 1, n / 8, 8);
    }
    // A large mean over a small spread: the two-pass variance must not cancel.
    let y: Vec<f32> = fill(4096, 3).iter().map(|v| 1000.0 + v).collect();
    check(&Serial, ReduceOp::Variance, &y, 1, 4096, 1);
}

#[test]
fn nan_ties_and_infinities() {
    let nan = f32::NAN;
    let inf = f32::INFINITY;
    let cases: [&[f32]; 6] = [
        &[1.0, 3.0, 3.0, 2.0],
        &[1.0, nan, 5.0, nan],
        &[-inf, -inf, -inf],
        &[inf, 1.0, -inf],
        &[0.0, -0.0, 0.0],
        &[2.0; 37],
    ];
    for x in cases {
        for op in ALL {
            check(&Serial, op, x, 1, x.len(), 1);
            // The same column seen through the strided path (inner = 4, lanes equal).
            let wide: Vec<f32> = x.iter().flat_map(|&v| [v; 5]).collect();
            check(&Serial, op, &wide, 1, x.len(), 5);
        }
    }
    let mut y = [0i32; 1];
    reduce_arg(&Serial, ReduceOp::ArgMax, &[1.0, nan, 5.0, nan], &mut y, 1, 4, 1);
    assert_eq!(y[0], 1);
    reduce_arg(&Serial, ReduceOp::ArgMin, &[3.0, 1.0, 1.0], &mut y, 1, 3, 1);
    assert_eq!(y[0], 1);
}

#[test]
fn empty_axis_matches_numpy() {
    let want = [0.0, f32::NAN, f32::NEG_INFINITY, f32::INFINITY, 1.0, f32::NAN, f32::NAN, f32::NAN, 0.0, f32::NEG_INFINITY, 0.0, 1.0, 0.0];
    for (op, w) in ALL.iter().zip(want) {
        if op.is_arg() {
            let mut y = [5i32; 6];
            reduce_arg(&Serial, *op, &[], &mut y, 2, 0, 3);
            assert_eq!(y, [-1; 6]);
            continue;
        }
        let mut y = [5.0f32; 6];
        reduce(&Serial, *op, &[], &mut y, 2, 0, 3);
        assert!(y.iter().all(|&v| v.to_bits() == w.to_bits() || (v.is_nan() && w.is_nan())), "{op:?}: {y:?}");
    }
}

#[test]
fn codes_round_trip() {
    for (c, op) in ALL.iter().enumerate() {
        assert_eq!(ReduceOp::from_code(c as u32), Some(*op));
        assert_eq!(*op as u32, c as u32);
    }
    assert_eq!(ReduceOp::from_code(13), None);
}

//! XNNPACK-style sweep of the GEMM driver against a float64 reference.

use super::*;
use crate::par::{Serial, StdThreads};

use crate::test_util::fill;

#[allow(clippy::too_many_arguments)]
fn check(par: &dyn Par, m: usize, n: usize, k: usize, ta: bool, tb: bool, alpha: f32, beta: f32, bias: bool) {
    let (lda, ldb, ldc) = (if ta { m } else { k } + 3, if tb { k } else { n } + 1, n + 2);
    let a = fill(lda * if ta { k } else { m }, 1);
    let b = fill(ldb * if tb { n } else { k }, 2);
    let bv = fill(n, 3);
    let mut c = fill(ldc * m, 4);
    let c0 = c.clone();
    let ao = Operand { ptr: a.as_ptr(), ld: lda, trans: ta };
    let bo = Operand { ptr: b.as_ptr(), ld: ldb, trans: tb };
    let relu = |p: *mut f32, len: usize| unsafe {
        for x in core::slice::from_raw_parts_mut(p, len) {
            *x = x.max(0.0);
        }
    };
    let out = Output { ptr: c.as_mut_ptr(), ld: ldc, alpha, beta, bias: bias.then_some(bv.as_ptr()), epilogue: bias.then_some(&relu) };
    unsafe { sgemm(par, m, n, k, ao, bo, &out) };
    for i in 0..m {
        for j in 0..n {
            let mut s = 0.0f64;
            for p in 0..k {
                s += unsafe { ao.at(i, p) as f64 * bo.at(p, j) as f64 };
            }
            let mut want = alpha as f64 * s + beta as f64 * c0[i * ldc + j] as f64;
            if bias {
                want = (want + bv[j] as f64).max(0.0);
            }
            let got = c[i * ldc + j] as f64;
            let tol = 1e-5 * (k as f64 + 2.0);
            assert!((got - want).abs() <= tol, "m={m} n={n} k={k} ta={ta} tb={tb} at ({i},{j}): got {got}, want {want}");
        }
        // Padding columns of C must be untouched.
        for j in n..ldc {
            assert_eq!(c[i * ldc + j], c0[i * ldc + j], "wrote outside C at ({i},{j})");
        }
    }
}

#[test]
fn sweep_shapes_and_transposes() {
    let dims = [1, 3, 4, 5, 7, 8, 9, 17, 33];
    for &m in &dims {
        for &n in &dims {
            for &k in &[0, 1, 5, 8, 13] {
                for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                    check(&Serial, m, n, k, ta, tb, 1.0, 0.0, false);
                }
            }
        }
    }
}

#[test]
fn block_boundaries() {
    // Around KC=256, MC=120 and NR/MR multiples.
    for &(m, n, k) in &[(119, 9, 255), (120, 16, 256), (121, 17, 257), (125, 130, 513), (3, 2049, 2)] {
        check(&Serial, m, n, k, false, false, 1.0, 0.0, false);
        check(&Serial, m, n, k, true, true, 0.5, 0.0, false);
    }
}

#[test]
fn alpha_beta_bias_epilogue() {
    check(&Serial, 13, 21, 31, false, false, 0.5, 2.0, true);
    check(&Serial, 13, 21, 0, false, true, 0.5, 2.0, true);
    check(&Serial, 4, 8, 3, true, false, -1.0, 1.0, true);
}

#[test]
fn threads_give_the_same_answer() {
    for threads in [2, 3, 4] {
        let p = StdThreads(threads);
        check(&p, 300, 260, 513, false, false, 1.0, 0.0, false);
        check(&p, 32, 784, 128, false, true, 1.0, 0.0, true);
        check(&p, 784, 128, 32, true, false, 1.0, 1.0, false);
    }
}

#[test]
fn beta_zero_ignores_nan_in_c() {
    let a = [1.0f32; 4];
    let b = [1.0f32; 4];
    let mut c = [f32::NAN; 4];
    let out = Output { ptr: c.as_mut_ptr(), ld: 2, alpha: 1.0, beta: 0.0, bias: None, epilogue: None };
    unsafe {
        sgemm(&Serial, 2, 2, 2, Operand { ptr: a.as_ptr(), ld: 2, trans: false }, Operand { ptr: b.as_ptr(), ld: 2, trans: false }, &out)
    };
    assert_eq!(c, [2.0; 4]);
}

/// C for one product through `run`, with NaN-free seeded operands and a ReLU epilogue.
#[allow(clippy::too_many_arguments)]
fn product(m: usize, n: usize, k: usize, ta: bool, tb: bool, beta: f32, run: &dyn Fn(Operand, Operand, &Output)) -> std::vec::Vec<f32> {
    let (lda, ldb, ldc) = (if ta { m } else { k } + 1, if tb { k } else { n }, n + 3);
    let a = fill(lda * if ta { k } else { m }, 11);
    let b = fill(ldb * if tb { n } else { k }, 12);
    let bv = fill(n, 13);
    let mut c = fill(ldc * m, 14);
    let relu = |p: *mut f32, len: usize| unsafe {
        for x in core::slice::from_raw_parts_mut(p, len) {
            *x = x.max(0.0);
        }
    };
    let out = Output { ptr: c.as_mut_ptr(), ld: ldc, alpha: 0.75, beta, bias: Some(bv.as_ptr()), epilogue: Some(&relu) };
    run(Operand { ptr: a.as_ptr(), ld: lda, trans: ta }, Operand { ptr: b.as_ptr(), ld: ldb, trans: tb }, &out);
    c
}

#[test]
fn direct_and_packed_drivers_and_thread_counts_agree_bit_for_bit() {
    // The MLP's training shapes at batch 32 and 128, plus ragged edges and k > KC.
    let shapes = [
        (32, 128, 784, false, false), (128, 128, 784, false, false), (128, 10, 128, false, false),
        (128, 128, 10, false, true), (128, 10, 128, true, false), (784, 128, 32, true, false),
        (784, 128, 128, true, false), (67, 21, 300, false, false), (67, 21, 300, true, false),
        (61, 19, 37, false, true), (61, 19, 37, true, true), (5, 3, 2, true, false),
    ];
    for (m, n, k, ta, tb) in shapes {
        for beta in [0.0, 1.5] {
            assert!(direct::wants(m, n, k, &Operand { ptr: core::ptr::null(), ld: 0, trans: tb }));
            let packed = product(m, n, k, ta, tb, beta, &|a, b, c| unsafe { sgemm_packed(&Serial, m, n, k, a, b, c) });
            for threads in [1, 2, 3] {
                let got = product(m, n, k, ta, tb, beta, &|a, b, c| unsafe { sgemm(&StdThreads(threads), m, n, k, a, b, c) });
                let same = packed.iter().zip(&got).all(|(x, y)| x.to_bits() == y.to_bits());
                assert!(same, "m={m} n={n} k={k} ta={ta} tb={tb} beta={beta} threads={threads}: drivers differ");
            }
        }
    }
}

#[test]
fn packed_driver_still_matches_the_reference() {
    // Products too large for the direct driver.
    assert!(!direct::wants(300, 260, 513, &Operand { ptr: core::ptr::null(), ld: 0, trans: false }));
    check(&Serial, 300, 260, 513, false, false, 1.0, 0.0, true);
    check(&StdThreads(2), 300, 260, 513, true, true, 1.0, 0.5, false);
}

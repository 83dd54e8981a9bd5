//! Every op against an f64 reference; backward against central differences of that
//! reference, plus the exact conventions at kinks.

use super::*;
use crate::math::tests::erf64;
use crate::par::{Serial, StdThreads};
use std::vec::Vec;

const LENS: [usize; 7] = [0, 1, 3, 4, 5, 17, 1023];

/// Ops with their parameters (a, b) as the tests use them.
fn cases() -> Vec<(UnaryOp, f32, f32)> {
    let mut v: Vec<_> = (0..35).map(|c| (UnaryOp::from_code(c).unwrap(), 0.0, 0.0)).collect();
    for (op, a, b) in v.iter_mut() {
        (*a, *b) = match op {
            UnaryOp::LeakyRelu => (0.2, 0.0),
            UnaryOp::Elu => (1.3, 0.0),
            UnaryOp::Clip => (-1.5, 2.5),
            UnaryOp::PowScalar => (2.5, 0.0),
            UnaryOp::Affine => (1.7, -0.3),
            _ => (0.0, 0.0),
        };
    }
    v.extend([(UnaryOp::PowScalar, 3.0, 0.0), (UnaryOp::PowScalar, 2.0, 0.0), (UnaryOp::PowScalar, -1.0, 0.0)]);
    v
}

pub(crate) fn reference(op: UnaryOp, x: f64, a: f64, b: f64) -> f64 {
    use UnaryOp::*;
    let sp = |x: f64| if x > 0.0 { x + (-x).exp().ln_1p() } else { x.exp().ln_1p() };
    let hs = |x: f64| (x + 3.0).clamp(0.0, 6.0) / 6.0;
    let elu = |x: f64, a: f64| if x > 0.0 { x } else { a * x.exp_m1() };
    match op {
        Identity => x,
        Relu => x.max(0.0),
        LeakyRelu => if x < 0.0 { a * x } else { x },
        Elu => elu(x, a),
        Selu => 1.050_700_987_355_480_5 * elu(x, 1.673_263_242_354_377_3),
        Gelu => 0.5 * x * (1.0 + erf64(x / 2f64.sqrt())),
        GeluTanh => 0.5 * x * (1.0 + ((2.0 / std::f64::consts::PI).sqrt() * (x + 0.044715 * x * x * x)).tanh()),
        Silu => x / (1.0 + (-x).exp()),
        Sigmoid => 1.0 / (1.0 + (-x).exp()),
        Tanh => x.tanh(),
        Softplus => sp(x),
        Softsign => x / (1.0 + x.abs()),
        HardSigmoid => hs(x),
        Exp => x.exp(),
        Log => x.ln(),
        Sqrt => x.sqrt(),
        Rsqrt => 1.0 / x.sqrt(),
        Square => x * x,
        Abs => x.abs(),
        Neg => -x,
        Reciprocal => 1.0 / x,
        Relu6 => x.clamp(0.0, 6.0),
        HardSilu => x * hs(x),
        Mish => x * sp(x).tanh(),
        Clip => x.max(a).min(b),
        Sign => if x > 0.0 { 1.0 } else if x < 0.0 { -1.0 } else { 0.0 },
        Floor => x.floor(),
        Ceil => x.ceil(),
        Round => x.round_ties_even(),
        Log1p => x.ln_1p(),
        Expm1 => x.exp_m1(),
        Sin => x.sin(),
        Cos => x.cos(),
        PowScalar => x.powf(a),
        Affine => a * x + b,
    }
}

/// Deterministic inputs in the op's domain, spread over about [-10, 10].
fn inputs(op: UnaryOp, a: f32, n: usize, seed: u64) -> Vec<f32> {
    let mut s = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let u = (s >> 40) as f32 / (1u64 << 24) as f32 * 20.0 - 10.0;
            match op {
                UnaryOp::Log | UnaryOp::Sqrt | UnaryOp::Rsqrt => u.abs() + 1e-3,
                UnaryOp::Log1p => u.abs() * 0.5 - 0.9,
                UnaryOp::Reciprocal => if u < 0.0 { u - 0.1 } else { u + 0.1 },
                UnaryOp::PowScalar if a.fract() != 0.0 => u.abs(),
                _ => u,
            }
        })
        .collect()
}

fn close(got: f32, want: f64, x: f32, rtol: f64, atol: f64) -> bool {
    if want.is_nan() {
        return got.is_nan();
    }
    (got as f64 - want).abs() <= rtol * want.abs() + atol * (1.0 + (x as f64).abs())
}

#[test]
fn forward_matches_reference_and_in_place() {
    for (op, a, b) in cases() {
        for n in LENS {
            let x = inputs(op, a, n, n as u64);
            let mut y = std::vec![f32::NAN; n];
            unary(op, &x, &mut y, a, b);
            for i in 0..n {
                let want = reference(op, x[i] as f64, a as f64, b as f64);
                assert!(close(y[i], want, x[i], 2e-6, 2e-7), "{op:?}({}) = {}, want {want} (n={n}, i={i})", x[i], y[i]);
            }
            let mut z = x.clone();
            unary_inplace(op, &mut z, a, b);
            assert!(z.iter().zip(&y).all(|(p, q)| p.to_bits() == q.to_bits()), "{op:?} in place differs");
        }
    }
}

#[test]
fn special_values() {
    use UnaryOp::*;
    let inf = f32::INFINITY;
    let fixed: &[(UnaryOp, f32, f32)] = &[
        (Log, 0.0, -inf), (Log, -1.0, f32::NAN), (Exp, 100.0, inf), (Exp, -200.0, 0.0),
        (Sigmoid, -100.0, 3.720076e-44), (Sigmoid, 100.0, 1.0), (Softplus, 100.0, 100.0),
        (Softplus, -100.0, 3.720076e-44), (Tanh, inf, 1.0), (Tanh, -inf, -1.0), (Sqrt, -1.0, f32::NAN),
        (Rsqrt, 0.0, inf), (Reciprocal, -0.0, -inf), (Round, 2.5, 2.0), (Round, -0.5, -0.0),
        (Round, 3.5, 4.0), (Sign, -0.0, 0.0), (Log1p, -1.0, -inf), (Gelu, inf, inf), (Silu, inf, inf),
        (Elu, -inf, -1.0), (Mish, 100.0, 100.0),
    ];
    for &(op, x, want) in fixed {
        let mut y = [0.0f32];
        unary(op, &[x], &mut y, 1.0, 0.0);
        assert!(y[0].to_bits() == want.to_bits() || (want.is_nan() && y[0].is_nan()), "{op:?}({x}) = {}, want {want}", y[0]);
    }
    for (op, a, b) in cases() {
        let mut y = [0.0f32];
        unary(op, &[f32::NAN], &mut y, a, b);
        assert!(y[0].is_nan(), "{op:?}(NaN) = {}", y[0]);
    }
}

#[test]
fn backward_matches_central_differences() {
    use UnaryOp::*;
    for (op, a, b) in cases() {
        let kinks: &[f64] = match op {
            Relu | LeakyRelu | Elu | Selu | Abs => &[0.0],
            HardSigmoid | HardSilu => &[-3.0, 3.0],
            Relu6 => &[0.0, 6.0],
            Clip => &[a as f64, b as f64],
            _ => &[],
        };
        for n in LENS {
            let x = inputs(op, a, n, 7 + n as u64);
            let dy: Vec<f32> = inputs(Identity, 0.0, n, 99 + n as u64).iter().map(|g| g / 10.0).collect();
            let mut y = std::vec![0.0; n];
            unary(op, &x, &mut y, a, b);
            let mut dx = std::vec![f32::NAN; n];
            unary_backward(op, &x, &y, &dy, &mut dx, a, b);
            for i in 0..n {
                let xi = x[i] as f64;
                let h = 1e-5 * xi.abs().max(1.0);
                let want = if matches!(op, Sign | Floor | Ceil | Round) {
                    0.0
                } else if kinks.iter().any(|k| (xi - k).abs() < 2.0 * h) {
                    continue;
                } else {
                    let f = |t: f64| reference(op, t, a as f64, b as f64);
                    dy[i] as f64 * (f(xi + h) - f(xi - h)) / (2.0 * h)
                };
                assert!(close(dx[i], want, 0.0, 1e-4, 1e-6), "{op:?}'({}) · {} = {}, want {want}", x[i], dy[i], dx[i]);
            }
        }
    }
}

#[test]
fn backward_at_kinks_follows_tf() {
    use UnaryOp::*;
    let cases: &[(UnaryOp, f32, f32, f32, f32)] = &[
        (Relu, 0.0, 0.0, 0.0, 0.0), (LeakyRelu, 0.0, 0.3, 0.0, 0.3), (Relu6, 0.0, 0.0, 0.0, 0.0),
        (Relu6, 6.0, 0.0, 0.0, 0.0), (HardSigmoid, 3.0, 0.0, 0.0, 0.0), (HardSigmoid, -3.0, 0.0, 0.0, 0.0),
        (HardSilu, -3.0, 0.0, 0.0, 0.0), (HardSilu, 3.0, 0.0, 0.0, 1.0), (Clip, -1.0, -1.0, 2.0, 1.0),
        (Clip, 2.0, -1.0, 2.0, 1.0), (Clip, 2.5, -1.0, 2.0, 0.0), (Abs, 0.0, 0.0, 0.0, 0.0),
        (PowScalar, 0.0, 0.0, 0.0, 0.0), (Elu, 0.0, 1.0, 0.0, 1.0),
    ];
    for &(op, x, a, b, want) in cases {
        let mut y = [0.0f32];
        unary(op, &[x], &mut y, a, b);
        let mut dx = [f32::NAN];
        unary_backward(op, &[x], &y, &[1.0], &mut dx, a, b);
        assert_eq!(dx[0], want, "{op:?}'({x}) with a={a}, b={b}");
    }
}

#[test]
fn threads_do_not_change_results() {
    let n = 200_003;
    for (op, a, b) in cases() {
        let x = inputs(op, a, n, 5);
        let dy = inputs(UnaryOp::Identity, 0.0, n, 6);
        let run = |par: &dyn Par| {
            let (mut y, mut dx) = (std::vec![0.0f32; n], std::vec![0.0f32; n]);
            unsafe {
                unary_par(par, op, x.as_ptr(), y.as_mut_ptr(), n, a, b);
                let (px, py) = match op.backward_needs() {
                    Needs::X => (x.as_ptr(), core::ptr::null()),
                    Needs::Y => (core::ptr::null(), y.as_ptr()),
                    Needs::Neither => (core::ptr::null(), core::ptr::null()),
                };
                unary_backward_par(par, op, px, py, dy.as_ptr(), dx.as_mut_ptr(), n, a, b);
            }
            (y, dx)
        };
        let serial = run(&Serial);
        for t in [2, 3, 4] {
            let (y, dx) = run(&StdThreads(t));
            assert!(y.iter().zip(&serial.0).all(|(p, q)| p.to_bits() == q.to_bits()), "{op:?} y, {t} threads");
            assert!(dx.iter().zip(&serial.1).all(|(p, q)| p.to_bits() == q.to_bits()), "{op:?} dx, {t} threads");
        }
    }
}

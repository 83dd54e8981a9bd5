//! Accuracy against f64 references over wide grids, including the special values.

use super::*;
use std::vec::Vec;

/// A grid of f32 covering ±[1e-40, 1e30] geometrically plus dense [-20, 20] and specials.
fn grid() -> Vec<f32> {
    let mut v = Vec::new();
    let mut t = 1e-40f64;
    while t < 1e30 {
        v.push(t as f32);
        v.push(-t as f32);
        t *= 1.013;
    }
    for i in -20_000..=20_000 {
        v.push(i as f32 * 1e-3);
    }
    v.extend([0.0, -0.0, f32::INFINITY, f32::NEG_INFINITY, f32::NAN, f32::MIN_POSITIVE, 1e-45, 88.0, -88.0]);
    v.extend([88.72, 88.73, -87.3, -103.0, -104.0, 0.625, -0.625, 4.0, -4.0, f32::MAX, f32::MIN]);
    v
}

/// Max error in units of the f32 spacing at the reference (ulps), skipping NaN agreement.
fn check(name: &str, f: impl Fn(f32) -> f32, reference: impl Fn(f64) -> f64, max_ulps: f64, abs: f64) {
    let mut worst = (0.0, 0.0f32);
    for x in grid() {
        let want = reference(x as f64);
        let got = f(x);
        if want.is_nan() || got.is_nan() {
            assert!(want.is_nan() && got.is_nan(), "{name}({x:e}) = {got:e}, want {want:e}");
            continue;
        }
        if want.is_infinite() || (want as f32).is_infinite() {
            assert_eq!(got, want as f32, "{name}({x:e})");
            continue;
        }
        let err = (got as f64 - want).abs();
        if err <= abs {
            continue;
        }
        let ulp = (want.abs().max(f32::MIN_POSITIVE as f64 * 2f64.powi(-23))) * 2f64.powi(-23);
        let ulp = ulp.max(2f64.powi(-149));
        let ulps = err / ulp;
        if ulps > worst.0 {
            worst = (ulps, x);
        }
    }
    std::println!("{name}: worst {:.2} ulp at {:e}", worst.0, worst.1);
    assert!(worst.0 <= max_ulps, "{name}: {:.2} ulp at x = {:e}", worst.0, worst.1);
}

pub(crate) fn erf64(x: f64) -> f64 {
    // erf x = 2/√π · e^{-x²} · Σ 2^n x^{2n+1} / (1·3·…·(2n+1)): all terms positive.
    if x.abs() > 6.0 {
        return x.signum();
    }
    let (mut term, mut sum, mut n) = (x, x, 0.0);
    while term.abs() > 1e-18 * sum.abs() {
        n += 1.0;
        term *= 2.0 * x * x / (2.0 * n + 1.0);
        sum += term;
    }
    2.0 / std::f64::consts::PI.sqrt() * (-x * x).exp() * sum
}

#[test]
fn exp_ln() {
    check("exp", expf, f64::exp, 1.5, 0.0);
    check("ln", lnf, f64::ln, 1.5, 0.0);
    check("expm1", expm1f, f64::exp_m1, 3.0, 0.0);
    check("log1p", log1pf, f64::ln_1p, 3.0, 0.0);
}

#[test]
fn activations() {
    check("tanh", tanhf, f64::tanh, 2.0, 0.0);
    check("sigmoid", sigmoidf, |x| 1.0 / (1.0 + (-x).exp()), 2.0, 0.0);
    check("softplus", softplusf, |x| if x > 0.0 { x + (-x).exp().ln_1p() } else { x.exp().ln_1p() }, 3.0, 0.0);
    check("erf", erff, erf64, 2.0, 0.0);
}

#[test]
fn pow_and_trig() {
    // Beyond 1e6 the reduction is documented as approximate.
    let near = |f: fn(f32) -> f32| move |x: f32| if x.abs() > 1e6 { f32::NAN } else { f(x) };
    check("sin", near(sinf), |x| if x.abs() > 1e6 { f64::NAN } else { x.sin() }, 0.51, 0.0);
    check("cos", near(cosf), |x| if x.abs() > 1e6 { f64::NAN } else { x.cos() }, 0.51, 0.0);
    for y in [2.0f32, 0.5, -1.0, 3.0, -2.5, 7.25, 1e-3, 30.0, -30.0] {
        check("pow", |x| powf(x, y), |x| x.powf(y as f64), 0.51, 0.0);
    }
}

#[test]
fn pow_special_cases_match_numpy() {
    let cases: &[(f32, f32, f32)] = &[
        (f32::NAN, 0.0, 1.0), (1.0, f32::NAN, 1.0), (-2.0, 0.5, f32::NAN), (-2.0, 3.0, -8.0),
        (-0.0, 3.0, -0.0), (-0.0, -3.0, f32::NEG_INFINITY), (0.0, -2.0, f32::INFINITY),
        (-1.0, f32::INFINITY, 1.0), (0.5, f32::INFINITY, 0.0), (2.0, f32::NEG_INFINITY, 0.0),
        (f32::NEG_INFINITY, 3.0, f32::NEG_INFINITY), (f32::NEG_INFINITY, 0.5, f32::INFINITY),
        (f32::NEG_INFINITY, -1.0, -0.0), (10.0, 39.0, f32::INFINITY),
    ];
    for &(x, y, want) in cases {
        let got = powf(x, y);
        assert!(got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()), "pow({x}, {y}) = {got}, want {want}");
    }
}


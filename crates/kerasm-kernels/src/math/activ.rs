//! tanh, sigmoid, softplus and erf on four lanes, built on `exp4`/`log1p4`.

use super::exp_ln::{exp4, log1p4, poly};
use crate::simd::F32x4;

#[inline(always)]
fn s(x: f32) -> F32x4 {
    F32x4::splat(x)
}

/// tanh x: the Cephes odd polynomial below |x| = 0.625, where 1 − 2/(e^{2|x|} + 1) would
/// cancel, and that formula above; both are computed on |x| and the sign is copied back.
#[inline(always)]
pub fn tanh4(x: F32x4) -> F32x4 {
    let a = x.abs();
    let z = a.mul(a);
    let p = poly(z, &[-5.704_988_7e-3, 2.063_909e-2, -5.373_971_6e-2, 1.333_144_2e-1, -3.333_328e-1]);
    let small = p.mul(z).fma(a, a);
    let e = exp4(a.add(a));
    let big = s(1.0).sub(s(2.0).div(e.add(s(1.0))));
    let r = a.lt(s(0.625)).select(small, big);
    r.or(x.and(s(-0.0)))
}

/// 1 / (1 + e^−x), written with e^−|x| so neither side overflows and tiny results keep
/// their relative accuracy.
#[inline(always)]
pub fn sigmoid4(x: F32x4) -> F32x4 {
    let e = exp4(x.abs().neg());
    let r = s(1.0).div(s(1.0).add(e));
    x.ge(s(0.0)).select(r, e.mul(r))
}

/// ln(1 + e^x) = max(x, 0) + ln(1 + e^−|x|): exact for large |x|, no overflow.
#[inline(always)]
pub fn softplus4(x: F32x4) -> F32x4 {
    // A NaN x makes t NaN, so the cheap max need not propagate it.
    let t = log1p4(exp4(x.abs().neg()));
    x.max(s(0.0)).add(t)
}

/// erf x (Cephes `erff`): x·T(x²) below |x| = 1; above, 1 − erfc(|x|) with
/// erfc = e^{−x²}/x·P(1/x²) on [1, 2) and e^{−x²}/x·R(1/x²) beyond, sign copied back.
/// Max error ≈ 1 ulp (Eigen's single rational reaches 7 ulp near 1 − erf ≈ 0).
#[inline(always)]
pub fn erf4(x: F32x4) -> F32x4 {
    let a = x.abs();
    let z = a.mul(a);
    let t = poly(z, &[
        7.853_861_4e-5, -8.010_193_6e-4, 5.188_327_7e-3, -2.685_381_2e-2, 1.128_358_5e-1,
        -3.761_262_6e-1, core::f32::consts::FRAC_2_SQRT_PI,
    ]);
    let small = x.mul(t);
    let q = s(1.0).div(a);
    let q2 = q.mul(q);
    let p = poly(q2, &[
        2.326_82e-2, -1.387_039_4e-1, 3.687_424_7e-1, -5.824_733e-1, 6.210_004_6e-1,
        -4.944_515_3e-1, 3.404_88e-1, -2.741_127e-1, 5.638_259_4e-1,
    ]);
    let r = poly(q2, &[
        -1.047_766_4e1, 1.297_72e1, -7.495_518_7, 2.921_019, -1.015_265_3, 4.218_463_4e-1,
        -2.820_767_4e-1, 5.641_895e-1,
    ]);
    let erfc = exp4(z.neg()).mul(q).mul(a.lt(s(2.0)).select(p, r));
    let big = s(1.0).sub(erfc).or(x.and(s(-0.0)));
    a.lt(s(1.0)).select(small, big)
}

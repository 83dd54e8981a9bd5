//! The forward pass of every unary op, as a four-lane closure handed to `map1`.

use super::UnaryOp;
use crate::lanewise::{map1, map1_scalar};
use crate::math::{cosf, erf4, exp4, expm1_4, ln4, log1p4, powf, sigmoid4, sinf, softplus4, tanh4};
use crate::simd::F32x4;

pub(super) const SELU_ALPHA: f32 = 1.673_263_2;
pub(super) const SELU_SCALE: f32 = 1.050_701;
/// √(2/π) and the cubic coefficient of the tanh GELU.
pub(super) const GELU_K: f32 = 0.797_884_6;
pub(super) const GELU_C: f32 = 0.044_715;

#[inline(always)]
pub(super) fn s(x: f32) -> F32x4 {
    F32x4::splat(x)
}

/// x > 0 ? x : alpha·(e^x − 1), through expm1 so small negative x keeps its digits.
#[inline(always)]
fn elu4(v: F32x4, alpha: F32x4) -> F32x4 {
    v.gt(s(0.0)).select(v, alpha.mul(expm1_4(v)))
}

#[inline(always)]
pub(super) fn gelu_cdf4(v: F32x4) -> F32x4 {
    s(0.5).mul(s(1.0).add(erf4(v.mul(s(core::f32::consts::FRAC_1_SQRT_2)))))
}

#[inline(always)]
pub(super) fn gelu_tanh_t4(v: F32x4) -> F32x4 {
    tanh4(s(GELU_K).mul(v.mul(v).mul(v).fma(s(GELU_C), v)))
}

/// relu6(x + 3) / 6 (Keras 3), dividing rather than multiplying by 1/6 to match it.
#[inline(always)]
pub(super) fn hard_sigmoid4(v: F32x4) -> F32x4 {
    v.add(s(3.0)).max_nan(s(0.0)).min_nan(s(6.0)).div(s(6.0))
}

/// ±1 for nonzero x; +0 for ±0 and NaN for NaN (numpy), via x − x.
#[inline(always)]
fn sign4(v: F32x4) -> F32x4 {
    v.gt(s(0.0)).select(s(1.0), v.lt(s(0.0)).select(s(-1.0), v.sub(v)))
}

/// # Safety
/// As [`crate::lanewise::map1`].
pub(super) unsafe fn run(op: UnaryOp, x: *const f32, y: *mut f32, n: usize, a: f32, b: f32) {
    use UnaryOp::*;
    let (va, vb, zero, one) = (s(a), s(b), s(0.0), s(1.0));
    match op {
        Identity => {
            if !core::ptr::eq(x, y) {
                core::ptr::copy_nonoverlapping(x, y, n);
            }
        }
        // Clearing negative lanes keeps NaN (as TF does) in two cheap ops; `max` would not
        // keep it in relaxed builds, and `max_nan` costs several instructions on x86.
        Relu => map1(x, y, n, |v| v.andnot(v.lt(zero))),
        LeakyRelu => map1(x, y, n, |v| v.lt(zero).select(v.mul(va), v)),
        Elu => map1(x, y, n, |v| elu4(v, va)),
        Selu => map1(x, y, n, |v| s(SELU_SCALE).mul(elu4(v, s(SELU_ALPHA)))),
        Gelu => map1(x, y, n, |v| v.mul(gelu_cdf4(v))),
        GeluTanh => map1(x, y, n, |v| s(0.5).mul(v).mul(one.add(gelu_tanh_t4(v)))),
        Silu => map1(x, y, n, |v| v.mul(sigmoid4(v))),
        Sigmoid => map1(x, y, n, sigmoid4),
        Tanh => map1(x, y, n, tanh4),
        Softplus => map1(x, y, n, softplus4),
        Softsign => map1(x, y, n, |v| v.div(one.add(v.abs()))),
        HardSigmoid => map1(x, y, n, hard_sigmoid4),
        Exp => map1(x, y, n, exp4),
        Log => map1(x, y, n, ln4),
        Sqrt => map1(x, y, n, |v| v.sqrt()),
        Rsqrt => map1(x, y, n, |v| one.div(v.sqrt())),
        Square => map1(x, y, n, |v| v.mul(v)),
        Abs => map1(x, y, n, |v| v.abs()),
        Neg => map1(x, y, n, |v| v.neg()),
        Reciprocal => map1(x, y, n, |v| one.div(v)),
        Relu6 => map1(x, y, n, |v| v.max_nan(zero).min_nan(s(6.0))),
        HardSilu => map1(x, y, n, |v| v.mul(hard_sigmoid4(v))),
        Mish => map1(x, y, n, |v| v.mul(tanh4(softplus4(v)))),
        Clip => map1(x, y, n, |v| v.max_nan(va).min_nan(vb)),
        Sign => map1(x, y, n, sign4),
        Floor => map1(x, y, n, |v| v.floor()),
        Ceil => map1(x, y, n, |v| v.ceil()),
        Round => map1(x, y, n, |v| v.round()),
        Log1p => map1(x, y, n, log1p4),
        Expm1 => map1(x, y, n, expm1_4),
        Sin => map1_scalar(x, y, n, sinf),
        Cos => map1_scalar(x, y, n, cosf),
        // These exponents give the correctly rounded pow with one vector op.
        PowScalar if a == 1.0 => run(Identity, x, y, n, a, b),
        PowScalar if a == 2.0 => run(Square, x, y, n, a, b),
        PowScalar if a == -1.0 => run(Reciprocal, x, y, n, a, b),
        PowScalar => map1_scalar(x, y, n, |v| powf(v, a)),
        Affine => map1(x, y, n, |v| va.fma(v, vb)),
    }
}

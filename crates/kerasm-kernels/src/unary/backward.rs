//! The backward pass of every unary op: `dx = dy · f'(x)`, reading `x` or `y` (never both,
//! see `UnaryOp::backward_needs`), with TF's conventions at kinks: relu'(0) = 0, relu6 and
//! hard_sigmoid have zero slope at their corners, clip passes the gradient on lo ≤ x ≤ hi,
//! and sign/floor/ceil/round have zero gradient.

use super::forward::{gelu_cdf4, gelu_tanh_t4, s, GELU_C, GELU_K, SELU_ALPHA, SELU_SCALE};
use super::UnaryOp;
use crate::lanewise::{map1, map2, map2_scalar};
use crate::math::{cosf, exp4, powf, sigmoid4, sinf, softplus4, tanh4};

/// 1/√(2π), the standard normal density at 0.
const INV_SQRT_2PI: f32 = 0.398_942_3;

/// # Safety
/// `dy` readable and `dx` writable for `n` elements (`dx` may equal `dy`), plus `x` or `y`
/// readable when the op needs it.
#[allow(clippy::too_many_arguments)]
pub(super) unsafe fn run(op: UnaryOp, x: *const f32, y: *const f32, dy: *const f32, dx: *mut f32, n: usize, a: f32, b: f32) {
    use UnaryOp::*;
    let (va, vb, zero, one) = (s(a), s(b), s(0.0), s(1.0));
    // Macros rather than closures over `dyn Fn`, so every op's lane code inlines.
    macro_rules! with_x {
        ($f:expr) => {
            map2(dy, x, dx, n, $f)
        };
    }
    macro_rules! with_y {
        ($f:expr) => {
            map2(dy, y, dx, n, $f)
        };
    }
    match op {
        Identity => map1(dy, dx, n, |g| g),
        Neg => map1(dy, dx, n, |g| g.neg()),
        Affine => map1(dy, dx, n, |g| g.mul(va)),
        Sign | Floor | Ceil | Round => map1(dy, dx, n, |_| zero),
        Relu => with_x!(|g, v| v.gt(zero).select(g, zero)),
        LeakyRelu => with_x!(|g, v| v.gt(zero).select(g, g.mul(va))),
        // y = α(eˣ − 1) below 0, so y' = y + α there; y > 0 exactly when x > 0.
        Elu => with_y!(|g, v| v.gt(zero).select(g, g.mul(v.add(va)))),
        Selu => with_y!(|g, v| v.gt(zero).select(g.mul(s(SELU_SCALE)), g.mul(v.add(s(SELU_SCALE * SELU_ALPHA))))),
        // Φ(x) + x·φ(x).
        Gelu => with_x!(|g, v| {
            let pdf = exp4(v.mul(v).mul(s(-0.5))).mul(s(INV_SQRT_2PI));
            g.mul(v.fma(pdf, gelu_cdf4(v)))
        }),
        // ½(1 + t) + ½x(1 − t²)·k(1 + 3c·x²), t = tanh(k(x + c·x³)).
        GeluTanh => with_x!(|g, v| {
            let t = gelu_tanh_t4(v);
            let du = s(GELU_K).mul(v.mul(v).fma(s(3.0 * GELU_C), one));
            let d = s(0.5).mul(one.add(t)).add(s(0.5).mul(v).mul(t.mul(t).neg().add(one)).mul(du));
            g.mul(d)
        }),
        // σ(x)(1 + x(1 − σ(x))).
        Silu => with_x!(|g, v| {
            let sg = sigmoid4(v);
            g.mul(sg.mul(v.mul(one.sub(sg)).add(one)))
        }),
        Sigmoid => with_y!(|g, v| g.mul(v.mul(one.sub(v)))),
        Tanh => with_y!(|g, v| g.mul(v.mul(v).neg().add(one))),
        Softplus => with_x!(|g, v| g.mul(sigmoid4(v))),
        Softsign => with_x!(|g, v| {
            let d = one.add(v.abs());
            g.div(d.mul(d))
        }),
        HardSigmoid => with_x!(|g, v| v.gt(s(-3.0)).and(v.lt(s(3.0))).select(g.div(s(6.0)), zero)),
        Exp => with_y!(|g, v| g.mul(v)),
        Log => with_x!(|g, v| g.div(v)),
        Sqrt => with_y!(|g, v| g.mul(s(0.5)).div(v)),
        Rsqrt => with_y!(|g, v| g.mul(s(-0.5)).mul(v.mul(v).mul(v))),
        Square => with_x!(|g, v| g.mul(v.add(v))),
        Abs => with_x!(|g, v| v.gt(zero).select(g, v.lt(zero).select(g.neg(), zero))),
        Reciprocal => with_y!(|g, v| g.neg().mul(v.mul(v))),
        Relu6 => with_x!(|g, v| v.gt(zero).and(v.lt(s(6.0))).select(g, zero)),
        // hs(x) + x·hs'(x): (2x + 3)/6 strictly inside (−3, 3), else 0 or 1.
        HardSilu => with_x!(|g, v| {
            let inside = v.gt(s(-3.0)).and(v.lt(s(3.0)));
            let d = inside.select(v.add(v).add(s(3.0)).div(s(6.0)), v.ge(s(3.0)).and(one));
            g.mul(d)
        }),
        // tanh(sp) + x·(1 − tanh²(sp))·σ(x), sp = softplus(x).
        Mish => with_x!(|g, v| {
            let t = tanh4(softplus4(v));
            g.mul(v.mul(t.mul(t).neg().add(one)).fma(sigmoid4(v), t))
        }),
        Clip => with_x!(|g, v| v.ge(va).and(v.le(vb)).select(g, zero)),
        Log1p => with_x!(|g, v| g.div(one.add(v))),
        Expm1 => with_y!(|g, v| g.mul(v.add(one))),
        Sin => map2_scalar(dy, x, dx, n, |g, v| g * cosf(v)),
        Cos => map2_scalar(dy, x, dx, n, |g, v| -g * sinf(v)),
        PowScalar if a == 0.0 => map1(dy, dx, n, |_| zero),
        PowScalar => map2_scalar(dy, x, dx, n, |g, v| g * (a * powf(v, a - 1.0))),
    }
}

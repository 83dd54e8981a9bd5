//! Unary elementwise exports. Pointers are byte offsets into linear memory.

use crate::{pool, status};
use kerasm_kernels::unary::{unary_backward_par, unary_par, Needs, UnaryOp};

/// `y = f(x)` for the unary op code `op` with parameters `a`, `b`; `y` may equal `x`.
#[no_mangle]
pub unsafe extern "C" fn kx_unary(op: u32, x: *const f32, y: *mut f32, len: usize, a: f32, b: f32) -> i32 {
    let Some(op) = UnaryOp::from_code(op) else { return status::BAD_ARG };
    unary_par(pool::par(), op, x, y, len, a, b);
    pool::take_status()
}

/// `dx = dy · f'(x)`; `dx` may equal `dy`. Each op reads only one of `x` and `y`, and the
/// other may be 0 (null):
///
/// | reads | ops |
/// |-------|-----|
/// | neither | identity, neg, affine, sign, floor, ceil, round |
/// | `y` | elu, selu, sigmoid, tanh, exp, sqrt, rsqrt, reciprocal, expm1 |
/// | `x` | every other op |
///
/// Returns `BAD_ARG` for an unknown op or a null pointer the op needs.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_unary_backward(
    op: u32, x: *const f32, y: *const f32, dy: *const f32, dx: *mut f32, len: usize, a: f32, b: f32,
) -> i32 {
    let Some(op) = UnaryOp::from_code(op) else { return status::BAD_ARG };
    let missing = match op.backward_needs() {
        Needs::X => x.is_null(),
        Needs::Y => y.is_null(),
        Needs::Neither => false,
    };
    if missing && len > 0 {
        return status::BAD_ARG;
    }
    unary_backward_par(pool::par(), op, x, y, dy, dx, len, a, b);
    pool::take_status()
}

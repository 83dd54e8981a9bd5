//! Reduction exports. Pointers are byte offsets into linear memory; `y` must not overlap `x`.

use super::slices::{len, slice, slice_mut};
use crate::{pool, status};
use kerasm_kernels::reduce::{reduce, reduce_arg, ReduceOp};

/// `y[o, j] = op(x[o, :, j])` over the middle axis of `x: [outer, n, inner]`; `y` is
/// `[outer, inner]`, i32 for argmax/argmin (op codes in `ReduceOp`). Returns `BAD_ARG` for an
/// unknown op.
#[no_mangle]
pub unsafe extern "C" fn kx_reduce(op: u32, x: *const f32, y: *mut f32, outer: usize, n: usize, inner: usize) -> i32 {
    let Some(op) = ReduceOp::from_code(op) else { return status::BAD_ARG };
    let (Some(nx), Some(ny)) = (len(&[outer, n, inner]), len(&[outer, inner])) else { return status::BAD_ARG };
    let x = slice(x, nx);
    if op.is_arg() {
        reduce_arg(pool::par(), op, x, slice_mut(y as *mut i32, ny), outer, n, inner);
    } else {
        reduce(pool::par(), op, x, slice_mut(y, ny), outer, n, inner);
    }
    pool::take_status()
}

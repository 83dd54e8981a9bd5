//! Broadcasting binary exports. Pointers are byte offsets into linear memory.

use crate::{pool, status};
use kerasm_kernels::binary::{binary, BinaryOp};
use kerasm_kernels::strided::Strided;

/// `out = a ∘ b` for the binary op code `op`. `meta` holds `3·rank` i32:
/// `[out_shape][a_strides][b_strides]`, strides in elements with 0 on broadcast axes.
/// Returns `BAD_ARG` for an unknown op, rank > 8 or a negative axis length.
#[no_mangle]
pub unsafe extern "C" fn kx_binary(op: u32, a: *const f32, b: *const f32, out: *mut f32, rank: usize, meta: *const i32) -> i32 {
    let Some(op) = BinaryOp::from_code(op) else { return status::BAD_ARG };
    let Some(l) = Strided::<2>::from_meta(rank, meta) else { return status::BAD_ARG };
    binary(pool::par(), op, a, b, out, l.shape(), l.stride(0), l.stride(1));
    pool::take_status()
}

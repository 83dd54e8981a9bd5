//! Broadcasting select export. Pointers are byte offsets into linear memory.

use crate::{pool, status};
use kerasm_kernels::strided::Strided;
use kerasm_kernels::where_::where_;

/// `out = cond != 0 ? a : b`. `meta` holds `4·rank` i32:
/// `[out_shape][cond_strides][a_strides][b_strides]`. Returns `BAD_ARG` for rank > 8 or a
/// negative axis length.
#[no_mangle]
pub unsafe extern "C" fn kx_where(cond: *const f32, a: *const f32, b: *const f32, out: *mut f32, rank: usize, meta: *const i32) -> i32 {
    let Some(l) = Strided::<3>::from_meta(rank, meta) else { return status::BAD_ARG };
    where_(pool::par(), cond, a, b, out, l.shape(), l.stride(0), l.stride(1), l.stride(2));
    pool::take_status()
}

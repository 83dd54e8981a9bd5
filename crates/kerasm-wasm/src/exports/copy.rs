//! Fill, cast and strided-copy exports. Pointers are byte offsets into linear memory.

use crate::{pool, status};
use kerasm_kernels::copy::{cast_f32_to_i32, cast_i32_to_f32, copy_strided, fill_f32, fill_i32};
use kerasm_kernels::strided::Strided;

#[no_mangle]
pub unsafe extern "C" fn kx_fill_f32(y: *mut f32, len: usize, v: f32) -> i32 {
    // A slice needs a non-null pointer even when empty, and empty buffers may be 0.
    if len > 0 {
        fill_f32(core::slice::from_raw_parts_mut(y, len), v);
    }
    pool::take_status()
}

#[no_mangle]
pub unsafe extern "C" fn kx_fill_i32(y: *mut i32, len: usize, v: i32) -> i32 {
    if len > 0 {
        fill_i32(core::slice::from_raw_parts_mut(y, len), v);
    }
    pool::take_status()
}

/// Truncation toward zero, saturating, NaN → 0. `y` may equal `x`.
#[no_mangle]
pub unsafe extern "C" fn kx_cast_f32_i32(x: *const f32, y: *mut i32, len: usize) -> i32 {
    cast_f32_to_i32(x, y, len);
    pool::take_status()
}

/// `y` may equal `x`.
#[no_mangle]
pub unsafe extern "C" fn kx_cast_i32_f32(x: *const i32, y: *mut f32, len: usize) -> i32 {
    cast_i32_to_f32(x, y, len);
    pool::take_status()
}

/// Copies 4-byte elements: `meta` holds `3·rank` i32, `[shape][src_strides][dst_strides]`,
/// strides in elements (0 broadcasts, negative reverses). Returns `BAD_ARG` for rank > 8 or
/// a negative axis length.
#[no_mangle]
pub unsafe extern "C" fn kx_copy_strided(src: *const u32, dst: *mut u32, rank: usize, meta: *const i32) -> i32 {
    let Some(l) = Strided::<2>::from_meta(rank, meta) else { return status::BAD_ARG };
    copy_strided(pool::par(), src, dst, l.shape(), l.stride(0), l.stride(1));
    pool::take_status()
}

//! The non-finite scan behind fit's input check and the host upload's per-chunk check.

use kerasm_kernels::finite::first_non_finite;

/// Not a status code (like `kx_features`): the index of the first NaN/±Infinity among the
/// `len` f32 at `x`, or -1. Buffers hold fewer than 2^30 f32, so the index fits.
#[no_mangle]
pub unsafe extern "C" fn kx_first_non_finite_f32(x: *const f32, len: usize) -> i32 {
    if len == 0 {
        return -1;
    }
    first_non_finite(core::slice::from_raw_parts(x, len)).map_or(-1, |i| i as i32)
}

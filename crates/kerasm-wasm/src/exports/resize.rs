//! Image-resize exports (UpSampling2D): `mode` 0 = nearest, 1 = bilinear with half-pixel
//! centres. `x [n,h,w,c]`, `y [n,oh,ow,c]`; pointers are byte offsets into linear memory.

use super::slices::{len, slice, slice_mut};
use crate::{pool, status};
use kerasm_kernels::resize::{self, Resize};

fn lengths(r: &Resize) -> Option<(usize, usize)> {
    Some((len(&[r.n, r.h, r.w, r.c])?, len(&[r.n, r.oh, r.ow, r.c])?))
}

#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_resize(mode: u32, n: usize, h: usize, w: usize, c: usize, oh: usize, ow: usize, x: *const f32, y: *mut f32) -> i32 {
    let r = Resize { n, h, w, c, oh, ow };
    let Some((nx, ny)) = lengths(&r) else { return status::BAD_ARG };
    let (x, y) = (slice(x, nx), slice_mut(y, ny));
    match mode {
        0 => resize::resize_nearest(pool::par(), &r, x, y),
        1 => resize::resize_bilinear(pool::par(), &r, x, y),
        _ => return status::BAD_ARG,
    }
    pool::take_status()
}

/// The adjoint of `kx_resize`: `dx [n,h,w,c]` from `dy [n,oh,ow,c]`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_resize_backward(mode: u32, n: usize, h: usize, w: usize, c: usize, oh: usize, ow: usize, dy: *const f32, dx: *mut f32) -> i32 {
    let r = Resize { n, h, w, c, oh, ow };
    let Some((nx, ny)) = lengths(&r) else { return status::BAD_ARG };
    let (dy, dx) = (slice(dy, ny), slice_mut(dx, nx));
    match mode {
        0 => resize::resize_nearest_backward(pool::par(), &r, dy, dx),
        1 => resize::resize_bilinear_backward(pool::par(), &r, dy, dx),
        _ => return status::BAD_ARG,
    }
    pool::take_status()
}

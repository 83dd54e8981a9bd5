//! Image-transform exports (augmentation layers): `interp` 0 = nearest, 1 = bilinear;
//! `fill` 0 = constant, 1 = nearest, 2 = wrap, 3 = mirror, 4 = reflect. `t [n, 8]` holds one
//! Keras affine transform per image; `x [n,h,w,c]`, `y [n,oh,ow,c]`; pointers are byte
//! offsets into linear memory.

use super::slices::{len, slice, slice_mut};
use crate::{pool, status};
use kerasm_kernels::image::warp::{self, Fill, Interp, Warp};

fn lengths(g: &Warp) -> Option<(usize, usize, usize)> {
    Some((len(&[g.n, g.h, g.w, g.c])?, len(&[g.n, g.oh, g.ow, g.c])?, len(&[g.n, 8])?))
}

#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_affine_transform(
    interp: u32, fill: u32, fill_value: f32, n: usize, h: usize, w: usize, c: usize, oh: usize, ow: usize, t: *const f32, x: *const f32, y: *mut f32,
) -> i32 {
    let g = Warp { n, h, w, c, oh, ow };
    let (Some((nx, ny, nt)), Some(interp), Some(fill)) = (lengths(&g), Interp::from_code(interp), Fill::from_code(fill)) else {
        return status::BAD_ARG;
    };
    warp::affine_transform(pool::par(), &g, interp, fill, fill_value, slice(t, nt), slice(x, nx), slice_mut(y, ny));
    pool::take_status()
}

/// The adjoint of `kx_affine_transform` with respect to `x`: `dx [n,h,w,c]` from `dy [n,oh,ow,c]`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_affine_transform_backward(
    interp: u32, fill: u32, n: usize, h: usize, w: usize, c: usize, oh: usize, ow: usize, t: *const f32, dy: *const f32, dx: *mut f32,
) -> i32 {
    let g = Warp { n, h, w, c, oh, ow };
    let (Some((nx, ny, nt)), Some(interp), Some(fill)) = (lengths(&g), Interp::from_code(interp), Fill::from_code(fill)) else {
        return status::BAD_ARG;
    };
    warp::affine_transform_backward(pool::par(), &g, interp, fill, slice(t, nt), slice(dy, ny), slice_mut(dx, nx));
    pool::take_status()
}

//! 2-D pooling exports. `geom` is the conv geometry block (see `conv.rs`; `co` unused).
//! Pointers are byte offsets into linear memory; outputs must not overlap inputs.

use super::conv::geometry;
use super::slices::{len, slice, slice_mut};
use crate::{pool, status};
use kerasm_kernels::conv::Geom;
use kerasm_kernels::pool as kernels;

fn lengths(g: &Geom) -> Option<(usize, usize)> {
    Some((len(&[g.n, g.h, g.w, g.c])?, len(&[g.n, g.oh, g.ow, g.c])?))
}

/// `y = max over each window` (NaN-propagating).
#[no_mangle]
pub unsafe extern "C" fn kx_max_pool2d(geom: *const u32, x: *const f32, y: *mut f32) -> i32 {
    let Some(g) = geometry(geom) else { return status::BAD_ARG };
    let Some((nx, ny)) = lengths(&g) else { return status::BAD_ARG };
    kernels::max_pool2d(pool::par(), &g, slice(x, nx), slice_mut(y, ny));
    pool::take_status()
}

/// `dx` = `dy` added at each window's first maximum, found by comparing `x` with the
/// forward output `y`.
#[no_mangle]
pub unsafe extern "C" fn kx_max_pool2d_backward(geom: *const u32, x: *const f32, y: *const f32, dy: *const f32, dx: *mut f32) -> i32 {
    let Some(g) = geometry(geom) else { return status::BAD_ARG };
    let Some((nx, ny)) = lengths(&g) else { return status::BAD_ARG };
    kernels::max_pool2d_backward(pool::par(), &g, slice(x, nx), slice(y, ny), slice(dy, ny), slice_mut(dx, nx));
    pool::take_status()
}

/// `y = mean over the in-image cells of each window`.
#[no_mangle]
pub unsafe extern "C" fn kx_avg_pool2d(geom: *const u32, x: *const f32, y: *mut f32) -> i32 {
    let Some(g) = geometry(geom) else { return status::BAD_ARG };
    let Some((nx, ny)) = lengths(&g) else { return status::BAD_ARG };
    kernels::avg_pool2d(pool::par(), &g, slice(x, nx), slice_mut(y, ny));
    pool::take_status()
}

#[no_mangle]
pub unsafe extern "C" fn kx_avg_pool2d_backward(geom: *const u32, dy: *const f32, dx: *mut f32) -> i32 {
    let Some(g) = geometry(geom) else { return status::BAD_ARG };
    let Some((nx, ny)) = lengths(&g) else { return status::BAD_ARG };
    kernels::avg_pool2d_backward(pool::par(), &g, slice(dy, ny), slice_mut(dx, nx));
    pool::take_status()
}

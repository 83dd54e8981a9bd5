//! Convolution exports (conv2d and depthwise, forward and both backward passes). Pointers are
//! byte offsets into linear memory. `geom` addresses the 15 u32 words of
//! `kerasm_kernels::conv::Geom::from_words`: `[n, h, w, c, oh, ow, kh, kw, sh, sw, dh, dw,
//! pt, pl, co]`, where `co` is the filter count for conv2d and the depth multiplier for
//! depthwise. Outputs must not overlap inputs.

use super::slices::{len, slice, slice_mut};
use crate::{pool, status};
use kerasm_kernels::conv::{self, Geom, GEOM_WORDS};
use kerasm_kernels::unary::{unary_inplace, UnaryOp};

/// The geometry at `geom`, or `None` for a zero stride, dilation or window.
pub(super) unsafe fn geometry(geom: *const u32) -> Option<Geom> {
    Geom::from_words(slice(geom, GEOM_WORDS))
}

/// Lengths of (input, output, kernel) for a conv2d (`depthwise` = false) or depthwise geometry.
fn lengths(g: &Geom, depthwise: bool) -> Option<(usize, usize, usize)> {
    let co = if depthwise { len(&[g.c, g.co])? } else { g.co };
    Some((len(&[g.n, g.h, g.w, g.c])?, len(&[g.n, g.oh, g.ow, co])?, len(&[g.kh, g.kw, g.c, g.co])?))
}

/// `y = act(conv2d(x, w) + bias)`: `x [n,h,w,c]`, `w [kh,kw,c,co]`, `bias [co]` or 0, `y
/// [n,oh,ow,co]`; `act` is a unary op code (0 = none) with parameter `act_alpha`.
#[no_mangle]
pub unsafe extern "C" fn kx_conv2d(geom: *const u32, x: *const f32, w: *const f32, bias: *const f32, y: *mut f32, act: u32, act_alpha: f32) -> i32 {
    let Some(g) = geometry(geom) else { return status::BAD_ARG };
    let Some(op) = UnaryOp::from_code(act) else { return status::BAD_ARG };
    let Some((nx, ny, nw)) = lengths(&g, false) else { return status::BAD_ARG };
    let epilogue = move |p: *mut f32, n: usize| unary_inplace(op, core::slice::from_raw_parts_mut(p, n), act_alpha, 0.0);
    let bias = (!bias.is_null()).then(|| slice(bias, g.co));
    conv::conv2d(pool::par(), &g, slice(x, nx), slice(w, nw), bias, slice_mut(y, ny), if act != 0 { Some(&epilogue) } else { None });
    pool::take_status()
}

/// `dx = ∂(Σ conv2d(x, w)·dy)/∂x`; also the forward pass of a transposed convolution.
#[no_mangle]
pub unsafe extern "C" fn kx_conv2d_backward_input(geom: *const u32, dy: *const f32, w: *const f32, dx: *mut f32) -> i32 {
    let Some(g) = geometry(geom) else { return status::BAD_ARG };
    let Some((nx, ny, nw)) = lengths(&g, false) else { return status::BAD_ARG };
    conv::conv2d_backward_input(pool::par(), &g, slice(dy, ny), slice(w, nw), slice_mut(dx, nx));
    pool::take_status()
}

/// `dw = ∂(Σ conv2d(x, w)·dy)/∂w`.
#[no_mangle]
pub unsafe extern "C" fn kx_conv2d_backward_filter(geom: *const u32, x: *const f32, dy: *const f32, dw: *mut f32) -> i32 {
    let Some(g) = geometry(geom) else { return status::BAD_ARG };
    let Some((nx, ny, nw)) = lengths(&g, false) else { return status::BAD_ARG };
    conv::conv2d_backward_filter(pool::par(), &g, slice(x, nx), slice(dy, ny), slice_mut(dw, nw));
    pool::take_status()
}

/// Depthwise `y = conv(x, w) + bias` with `w [kh,kw,c,mult]`, `bias [c·mult]` or 0, `y
/// [n,oh,ow,c·mult]` (channel `ci·mult + m`).
#[no_mangle]
pub unsafe extern "C" fn kx_depthwise_conv2d(geom: *const u32, x: *const f32, w: *const f32, bias: *const f32, y: *mut f32) -> i32 {
    let Some(g) = geometry(geom) else { return status::BAD_ARG };
    let Some((nx, ny, nw)) = lengths(&g, true) else { return status::BAD_ARG };
    let bias = (!bias.is_null()).then(|| slice(bias, g.c * g.co));
    conv::depthwise_conv2d(pool::par(), &g, slice(x, nx), slice(w, nw), bias, slice_mut(y, ny));
    pool::take_status()
}

#[no_mangle]
pub unsafe extern "C" fn kx_depthwise_conv2d_backward_input(geom: *const u32, dy: *const f32, w: *const f32, dx: *mut f32) -> i32 {
    let Some(g) = geometry(geom) else { return status::BAD_ARG };
    let Some((nx, ny, nw)) = lengths(&g, true) else { return status::BAD_ARG };
    conv::depthwise_conv2d_backward_input(pool::par(), &g, slice(dy, ny), slice(w, nw), slice_mut(dx, nx));
    pool::take_status()
}

#[no_mangle]
pub unsafe extern "C" fn kx_depthwise_conv2d_backward_filter(geom: *const u32, x: *const f32, dy: *const f32, dw: *mut f32) -> i32 {
    let Some(g) = geometry(geom) else { return status::BAD_ARG };
    let Some((nx, ny, nw)) = lengths(&g, true) else { return status::BAD_ARG };
    conv::depthwise_conv2d_backward_filter(pool::par(), &g, slice(x, nx), slice(dy, ny), slice_mut(dw, nw));
    pool::take_status()
}

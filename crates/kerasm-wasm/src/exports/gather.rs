//! Gather, scatter-add and one-hot exports. Pointers are byte offsets into linear memory;
//! outputs must not overlap inputs.

use super::slices::{len, slice, slice_mut};
use crate::{pool, status};
use kerasm_kernels::gather::{gather, one_hot, scatter_add};

/// `y[o, k, :] = x[o, idx[k], :]` for `x: [outer, axis_len, inner]` of 4-byte elements (f32
/// or i32). Returns `BAD_ARG` if any index is outside `0..axis_len` (its rows are zero).
#[no_mangle]
pub unsafe extern "C" fn kx_gather(
    x: *const u32, idx: *const i32, y: *mut u32, outer: usize, n_idx: usize, axis_len: usize, inner: usize,
) -> i32 {
    let (Some(nx), Some(ny)) = (len(&[outer, axis_len, inner]), len(&[outer, n_idx, inner])) else { return status::BAD_ARG };
    let bad = gather(pool::par(), slice(x, nx), slice(idx, n_idx), slice_mut(y, ny), outer, axis_len, inner);
    let st = pool::take_status();
    if bad > 0 { status::BAD_ARG } else { st }
}

/// `dx[o, idx[k], :] += dy[o, k, :]`, summing repeated indices (the gradient of gather).
/// Returns `BAD_ARG` if any index is outside `0..axis_len` (those rows are skipped).
#[no_mangle]
pub unsafe extern "C" fn kx_scatter_add(
    dy: *const f32, idx: *const i32, dx: *mut f32, outer: usize, n_idx: usize, axis_len: usize, inner: usize,
) -> i32 {
    let (Some(ndx), Some(ndy)) = (len(&[outer, axis_len, inner]), len(&[outer, n_idx, inner])) else { return status::BAD_ARG };
    let bad = scatter_add(pool::par(), slice(dy, ndy), slice(idx, n_idx), slice_mut(dx, ndx), outer, axis_len, inner);
    let st = pool::take_status();
    if bad > 0 { status::BAD_ARG } else { st }
}

/// `y: [n, depth]` with `on` at `idx[i]` and `off` elsewhere; an out-of-range index gives
/// an all-`off` row, as in TF, and is not an error.
#[no_mangle]
pub unsafe extern "C" fn kx_one_hot(idx: *const i32, y: *mut f32, n: usize, depth: usize, on: f32, off: f32) -> i32 {
    let Some(ny) = len(&[n, depth]) else { return status::BAD_ARG };
    one_hot(pool::par(), slice(idx, n), slice_mut(y, ny), depth, on, off);
    pool::take_status()
}

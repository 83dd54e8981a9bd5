//! Batch-normalization exports over `x: [rows, c]`. Pointers are byte offsets into linear
//! memory; 0 marks an absent optional argument; outputs must not overlap inputs.

use super::slices::{len, slice, slice_mut};
use crate::{pool, status};
use kerasm_kernels::batch_norm as bn;
use kerasm_kernels::batch_norm::layer_norm as ln;

/// Per-channel `mean` and biased `var` of `x`.
#[no_mangle]
pub unsafe extern "C" fn kx_batch_norm_moments(x: *const f32, rows: usize, c: usize, mean: *mut f32, var: *mut f32) -> i32 {
    let Some(n) = len(&[rows, c]) else { return status::BAD_ARG };
    bn::channel_moments(pool::par(), slice(x, n), rows, c, slice_mut(mean, c), slice_mut(var, c));
    pool::take_status()
}

/// `y = (x − center)·scale + shift` per channel.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_channel_normalize(
    x: *const f32, center: *const f32, scale: *const f32, shift: *const f32, rows: usize, c: usize, y: *mut f32,
) -> i32 {
    let Some(n) = len(&[rows, c]) else { return status::BAD_ARG };
    bn::channel_normalize(pool::par(), slice(x, n), slice(center, c), slice(scale, c), slice(shift, c), rows, c, slice_mut(y, n));
    pool::take_status()
}

/// `sum_dy = Σ_rows dy`, `sum_dyx = Σ_rows dy·(x − center)` per channel.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_channel_normalize_sums(
    x: *const f32, dy: *const f32, center: *const f32, rows: usize, c: usize, sum_dy: *mut f32, sum_dyx: *mut f32,
) -> i32 {
    let Some(n) = len(&[rows, c]) else { return status::BAD_ARG };
    bn::channel_normalize_sums(pool::par(), slice(x, n), slice(dy, n), slice(center, c), rows, c, slice_mut(sum_dy, c), slice_mut(sum_dyx, c));
    pool::take_status()
}

/// Training-mode input gradient of batch normalization (see
/// `kerasm_kernels::batch_norm::batch_norm_backward_input`); `gamma`, `gmean`, `gvar` may be 0.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_batch_norm_backward_input(
    x: *const f32, dy: *const f32, mean: *const f32, var: *const f32, gamma: *const f32, eps: f32,
    sum_dy: *const f32, sum_dyx: *const f32, gmean: *const f32, gvar: *const f32, rows: usize, c: usize, dx: *mut f32,
) -> i32 {
    let Some(n) = len(&[rows, c]) else { return status::BAD_ARG };
    let opt = |p: *const f32| (!p.is_null()).then(|| slice(p, c));
    bn::batch_norm_backward_input(
        pool::par(), slice(x, n), slice(dy, n), slice(mean, c), slice(var, c), opt(gamma), eps,
        slice(sum_dy, c), slice(sum_dyx, c), opt(gmean), opt(gvar), rows, c, slice_mut(dx, n),
    );
    pool::take_status()
}

/// Layer normalization over the last axis of `x: [rows, c]`: `y`, and per row `mean` and
/// `rstd` for the backward. `gamma`, `beta` ([c]) may be 0.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_layer_norm_forward(
    x: *const f32, gamma: *const f32, beta: *const f32, rows: usize, c: usize, eps: f32, y: *mut f32, mean: *mut f32,
    rstd: *mut f32,
) -> i32 {
    let Some(n) = len(&[rows, c]) else { return status::BAD_ARG };
    let opt = |p: *const f32| (!p.is_null()).then(|| slice(p, c));
    ln::layer_norm_forward(pool::par(), slice(x, n), opt(gamma), opt(beta), rows, c, eps, slice_mut(y, n), slice_mut(mean, rows), slice_mut(rstd, rows));
    pool::take_status()
}

/// Gradients of [`kx_layer_norm_forward`] from its `mean` and `rstd`: `dx` ([rows, c]),
/// `dgamma`, `dbeta` ([c]); any of the three may be 0 (not needed), as may `gamma`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_layer_norm_backward(
    x: *const f32, dy: *const f32, gamma: *const f32, mean: *const f32, rstd: *const f32, rows: usize, c: usize, dx: *mut f32,
    dgamma: *mut f32, dbeta: *mut f32,
) -> i32 {
    let Some(n) = len(&[rows, c]) else { return status::BAD_ARG };
    let opt = |p: *const f32| (!p.is_null()).then(|| slice(p, c));
    let out = |p: *mut f32, m: usize| (!p.is_null()).then(|| slice_mut(p, m));
    ln::layer_norm_backward(
        pool::par(), slice(x, n), slice(dy, n), opt(gamma), slice(mean, rows), slice(rstd, rows), rows, c, out(dx, n),
        out(dgamma, c), out(dbeta, c),
    );
    pool::take_status()
}

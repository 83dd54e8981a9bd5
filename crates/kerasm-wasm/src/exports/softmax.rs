//! softmax and cross-entropy exports. Pointers are byte offsets into linear memory; outputs
//! must not overlap inputs.

use super::slices::{len, optional_mut, slice, slice_mut};
use crate::{pool, status};
use kerasm_kernels::softmax::{softmax, softmax_backward, softmax_xent_dense, softmax_xent_sparse};

/// `y = softmax(x)` (or log_softmax when `log != 0`) over the middle axis of
/// `[outer, n, inner]`.
#[no_mangle]
pub unsafe extern "C" fn kx_softmax(x: *const f32, y: *mut f32, outer: usize, n: usize, inner: usize, log: u32) -> i32 {
    let Some(l) = len(&[outer, n, inner]) else { return status::BAD_ARG };
    softmax(pool::par(), slice(x, l), slice_mut(y, l), outer, n, inner, log != 0);
    pool::take_status()
}

/// `dx` from the forward output `y` and upstream `dy`: softmax dx = y ⊙ (dy − Σ dy⊙y),
/// log_softmax dx = dy − exp(y)·Σ dy.
#[no_mangle]
pub unsafe extern "C" fn kx_softmax_backward(
    y: *const f32, dy: *const f32, dx: *mut f32, outer: usize, n: usize, inner: usize, log: u32,
) -> i32 {
    let Some(l) = len(&[outer, n, inner]) else { return status::BAD_ARG };
    softmax_backward(pool::par(), slice(y, l), slice(dy, l), slice_mut(dx, l), outer, n, inner, log != 0);
    pool::take_status()
}

/// Per-sample softmax cross-entropy of `logits: [batch, classes]` against i32 `labels`,
/// into `loss: [batch]`; `dlogits` (0 to skip) gets d loss/d logits = softmax − onehot,
/// unscaled. With `from_logits == 0`, `logits` are probabilities p and, as Keras does,
/// loss = −ln(clip(p_label / Σp, 1e-7, 1 − 1e-7)) and `dlogits` is d loss/d p.
/// Returns `BAD_ARG` if any label is outside `0..classes` (those rows are NaN).
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_softmax_xent_sparse(
    logits: *const f32, labels: *const i32, loss: *mut f32, dlogits: *mut f32,
    batch: usize, classes: usize, from_logits: u32,
) -> i32 {
    let Some(l) = len(&[batch, classes]) else { return status::BAD_ARG };
    let bad = softmax_xent_sparse(
        pool::par(), slice(logits, l), slice(labels, batch), slice_mut(loss, batch), optional_mut(dlogits, l),
        batch, classes, from_logits != 0,
    );
    let st = pool::take_status();
    if bad > 0 { status::BAD_ARG } else { st }
}

/// Per-sample −Σ targets·log_softmax(logits) for dense `targets: [batch, classes]` (one-hot
/// or probabilities); `dlogits` (0 to skip) gets softmax·Σtargets − targets, unscaled.
#[no_mangle]
pub unsafe extern "C" fn kx_softmax_xent_dense(
    logits: *const f32, targets: *const f32, loss: *mut f32, dlogits: *mut f32, batch: usize, classes: usize,
) -> i32 {
    let Some(l) = len(&[batch, classes]) else { return status::BAD_ARG };
    softmax_xent_dense(pool::par(), slice(logits, l), slice(targets, l), slice_mut(loss, batch), optional_mut(dlogits, l), batch, classes);
    pool::take_status()
}

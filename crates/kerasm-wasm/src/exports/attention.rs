//! Fused scaled-dot-product attention exports (kerasm_kernels::attention). Pointers are byte
//! offsets into linear memory; `mask` 0 means none. `flags`: bit 0 causal, bit 1 head-major
//! layout ([batch, heads, T, d]; else [batch, T, heads, d]), bit 2 the mask has a batch axis.
//! `probs` (0 = none) is [batch, heads, tq, tk]: the forward writes the probabilities there
//! and the backward reads them instead of recomputing the scores.

use super::slices::{len, slice, slice_mut};
use crate::{pool, status};
use kerasm_kernels::attention::{attention_backward, attention_forward, Dims, Layout, Masking};

struct Sizes {
    d: Dims,
    layout: Layout,
    q: usize,
    k: usize,
    v: usize,
    o: usize,
    rows: usize,
    mask: usize,
    probs: usize,
}

fn sizes(batch: usize, heads: usize, kv_heads: usize, tq: usize, tk: usize, dk: usize, dv: usize, flags: u32) -> Option<Sizes> {
    if kv_heads == 0 || heads % kv_heads != 0 || tk == 0 {
        return None;
    }
    Some(Sizes {
        d: Dims { batch, heads, kv_heads, tq, tk, dk, dv },
        layout: if flags & 2 != 0 { Layout::Bnth } else { Layout::Btnh },
        q: len(&[batch, tq, heads, dk])?,
        k: len(&[batch, tk, kv_heads, dk])?,
        v: len(&[batch, tk, kv_heads, dv])?,
        o: len(&[batch, tq, heads, dv])?,
        rows: len(&[batch, heads, tq])?,
        mask: len(&[if flags & 4 != 0 { batch } else { 1 }, tq, tk])?,
        probs: len(&[batch, heads, tq, tk])?,
    })
}

unsafe fn masking<'a>(mask: *const f32, n: usize, flags: u32) -> Masking<'a> {
    Masking { mask: (!mask.is_null()).then(|| slice(mask, n)), mask_per_batch: flags & 4 != 0, causal: flags & 1 != 0 }
}

/// `o = softmax(scale·q·kᵀ + mask)·v`, each row's log-sum-exp into `lse` [batch, heads, tq]
/// and, unless `probs` is 0, the probabilities.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_attention_forward(
    batch: usize, heads: usize, kv_heads: usize, tq: usize, tk: usize, dk: usize, dv: usize, flags: u32, scale: f32,
    q: *const f32, k: *const f32, v: *const f32, mask: *const f32, o: *mut f32, lse: *mut f32, probs: *mut f32,
) -> i32 {
    let Some(s) = sizes(batch, heads, kv_heads, tq, tk, dk, dv, flags) else { return status::BAD_ARG };
    let probs = (!probs.is_null()).then(|| slice_mut(probs, s.probs));
    attention_forward(
        pool::par(), s.d, s.layout, slice(q, s.q), slice(k, s.k), slice(v, s.v), slice_mut(o, s.o), slice_mut(lse, s.rows),
        probs, masking(mask, s.mask, flags), scale,
    );
    pool::take_status()
}

/// `dq`, `dk`, `dv` (all written) from the upstream `dout`, the forward's `lse` and its
/// `probs` (0 when it kept none).
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_attention_backward(
    batch: usize, heads: usize, kv_heads: usize, tq: usize, tk: usize, dk: usize, dv: usize, flags: u32, scale: f32,
    q: *const f32, k: *const f32, v: *const f32, mask: *const f32, dout: *const f32, lse: *const f32, probs: *const f32,
    dq: *mut f32, dkk: *mut f32, dvv: *mut f32,
) -> i32 {
    let Some(s) = sizes(batch, heads, kv_heads, tq, tk, dk, dv, flags) else { return status::BAD_ARG };
    let probs = (!probs.is_null()).then(|| slice(probs, s.probs));
    attention_backward(
        pool::par(), s.d, s.layout, slice(q, s.q), slice(k, s.k), slice(v, s.v), slice(dout, s.o), slice(lse, s.rows), probs,
        slice_mut(dq, s.q), slice_mut(dkk, s.k), slice_mut(dvv, s.v), masking(mask, s.mask, flags), scale,
    );
    pool::take_status()
}

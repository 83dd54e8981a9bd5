//! Fused whole-sequence LSTM and GRU exports (forward and backward through time). Pointers
//! are byte offsets into linear memory; 0 marks an absent optional input or an output that
//! is not wanted. `flags`: bit 0 go_backwards, bit 1 zero output at masked steps.

use crate::{pool, status};
use kerasm_kernels::rnn::{gru, lstm, Dims, Flags};

fn dims(batch: usize, time: usize, input: usize, units: usize) -> Option<Dims> {
    // Every buffer size the kernels index must fit in usize.
    batch.checked_mul(time)?.checked_mul(input.max(lstm::WS_PER_STEP * units))?;
    Some(Dims { batch, time, input, units })
}

/// LSTM forward: `seq [batch, time, units]`, `h_t`, `c_t`, workspace `[batch, time, 7·units]`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_lstm_forward(
    batch: usize, time: usize, input: usize, units: usize, flags: u32,
    x: *const f32, h0: *const f32, c0: *const f32, w: *const f32, r: *const f32, bias: *const f32, mask: *const f32,
    seq: *mut f32, h_t: *mut f32, c_t: *mut f32, ws: *mut f32,
) -> i32 {
    let Some(d) = dims(batch, time, input, units) else { return status::BAD_ARG };
    lstm::forward(pool::par(), d, Flags::from_bits(flags), x, h0, c0, w, r, bias, mask, seq, h_t, c_t, ws);
    pool::take_status()
}

/// LSTM backward from the forward's workspace.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_lstm_backward(
    batch: usize, time: usize, input: usize, units: usize, flags: u32,
    x: *const f32, w: *const f32, r: *const f32, mask: *const f32, ws: *const f32,
    d_seq: *const f32, d_ht: *const f32, d_ct: *const f32,
    dx: *mut f32, dh0: *mut f32, dc0: *mut f32, dw: *mut f32, dr: *mut f32, db: *mut f32,
) -> i32 {
    let Some(d) = dims(batch, time, input, units) else { return status::BAD_ARG };
    lstm::backward(pool::par(), d, Flags::from_bits(flags), x, w, r, mask, ws, d_seq, d_ht, d_ct, dx, dh0, dc0, dw, dr, db);
    pool::take_status()
}

/// GRU (reset_after) forward: `seq`, `h_t`, workspace `[batch, time, 5·units]`; `bias` is
/// `[2, 3·units]` (input row, recurrent row) or 0.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_gru_forward(
    batch: usize, time: usize, input: usize, units: usize, flags: u32,
    x: *const f32, h0: *const f32, w: *const f32, r: *const f32, bias: *const f32, mask: *const f32,
    seq: *mut f32, h_t: *mut f32, ws: *mut f32,
) -> i32 {
    let Some(d) = dims(batch, time, input, units) else { return status::BAD_ARG };
    let b_rec = if bias.is_null() { bias } else { bias.add(3 * units) };
    gru::forward(pool::par(), d, Flags::from_bits(flags), x, h0, w, r, bias, b_rec, mask, seq, h_t, ws);
    pool::take_status()
}

/// GRU backward; `db` is `[2, 3·units]`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_gru_backward(
    batch: usize, time: usize, input: usize, units: usize, flags: u32,
    x: *const f32, w: *const f32, r: *const f32, mask: *const f32, ws: *const f32,
    d_seq: *const f32, d_ht: *const f32,
    dx: *mut f32, dh0: *mut f32, dw: *mut f32, dr: *mut f32, db: *mut f32,
) -> i32 {
    let Some(d) = dims(batch, time, input, units) else { return status::BAD_ARG };
    gru::backward(pool::par(), d, Flags::from_bits(flags), x, w, r, mask, ws, d_seq, d_ht, dx, dh0, dw, dr, db);
    pool::take_status()
}

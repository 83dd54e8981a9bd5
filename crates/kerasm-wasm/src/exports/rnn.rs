//! Fused whole-sequence LSTM and GRU exports (forward and backward through time). Pointers
//! are byte offsets into linear memory; 0 marks an absent optional input or an output that
//! is not wanted. `flags`: bit 0 go_backwards, bit 1 zero output at masked steps.

use crate::{pool, status};
use kerasm_kernels::par::Par;
use kerasm_kernels::rnn::{gru, lstm, pair, Dims, Flags};

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

/// The recurrent row of a GRU bias `[2, 3·units]` (null when there is no bias).
unsafe fn recurrent_bias<T>(bias: *const T, units: usize) -> *const T {
    if bias.is_null() { bias } else { bias.add(3 * units) }
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
    gru::forward(pool::par(), d, Flags::from_bits(flags), x, h0, w, r, bias, recurrent_bias(bias, units), mask, seq, h_t, ws);
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

/// Both directions of a Bidirectional layer in one call, one direction per thread when there
/// are two (`pair`). The arguments are those of the single export for the first direction,
/// then those for the second (all 32-bit words, as there); each direction's results are the
/// bits of its single export. `op` 0 LSTM forward, 1 LSTM backward, 2 GRU forward, 3 GRU backward.
macro_rules! pair_export {
    ($name:ident, $op:expr, [$($a:ident),*], [$($b:ident),*]) => {
        #[no_mangle]
        pub unsafe extern "C" fn $name($($a: usize,)* $($b: usize,)*) -> i32 {
            run_pair($op, &[$($a),*], &[$($b),*])
        }
    };
}

pair_export!(kx_lstm_forward_pair, 0, [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15], [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15]);
pair_export!(kx_lstm_backward_pair, 1, [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18], [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15, b16, b17, b18]);
pair_export!(kx_gru_forward_pair, 2, [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13], [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13]);
pair_export!(kx_gru_backward_pair, 3, [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16], [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15, b16]);

unsafe fn run_pair(op: u32, a: &[usize], b: &[usize]) -> i32 {
    let valid = |w: &[usize]| dims(w[0], w[1], w[2], w[3]);
    let (Some(da), Some(db)) = (valid(a), valid(b)) else { return status::BAD_ARG };
    pair(pool::par(), &|p| run_words(p, op, da, a), &|p| run_words(p, op, db, b));
    pool::take_status()
}

/// One direction of a pair export from its argument words (after the four sizes).
unsafe fn run_words(par: &dyn Par, op: u32, d: Dims, w: &[usize]) {
    let fl = Flags::from_bits(w[4] as u32);
    let p = |i: usize| w[i] as *mut f32;
    match op {
        0 => lstm::forward(par, d, fl, p(5), p(6), p(7), p(8), p(9), p(10), p(11), p(12), p(13), p(14), p(15)),
        1 => lstm::backward(par, d, fl, p(5), p(6), p(7), p(8), p(9), p(10), p(11), p(12), p(13), p(14), p(15), p(16), p(17), p(18)),
        2 => gru::forward(par, d, fl, p(5), p(6), p(7), p(8), p(9), recurrent_bias(p(9), d.units), p(10), p(11), p(12), p(13)),
        _ => gru::backward(par, d, fl, p(5), p(6), p(7), p(8), p(9), p(10), p(11), p(12), p(13), p(14), p(15), p(16)),
    }
}

//! The compiled training step's interpreter (ts/training/plan/wasm_plan.ts): the verified
//! plan's kernel calls as one command buffer, run by one export, so a warm step's forward and
//! backward cost one call from JS instead of one per kernel. Each command is f64 words
//! `[opcode, expected status, args...]` (an opcode's arity is fixed: `ARITY`); JS patches the
//! batch pointers and random seeds in place before each run. Arguments arrive as f64 and are
//! converted as a JS→WASM call would convert them (integers wrap to 32 bits, floats round to
//! f32), so a command does exactly what the same call from JS does.
//!
//! Generated from the export signatures (every `kx_*` returning a status, except the
//! optimizer's, which the plan never contains); a kernel missing here keeps the JS replay.

use super::{attention, batch_norm, binary, conv, copy, gather, gemm, image, permute, pool2d, reduce, resize, rng, rnn, softmax, unary, where_};

/// How a JS number becomes a parameter of type `Self`.
trait Arg {
    fn from_f64(v: f64) -> Self;
}

impl Arg for i32 {
    fn from_f64(v: f64) -> Self {
        v as i64 as i32
    }
}
impl Arg for u32 {
    fn from_f64(v: f64) -> Self {
        v as i64 as u32
    }
}
impl Arg for usize {
    fn from_f64(v: f64) -> Self {
        v as i64 as u32 as usize
    }
}
impl Arg for f32 {
    fn from_f64(v: f64) -> Self {
        v as f32
    }
}
impl<T> Arg for *const T {
    fn from_f64(v: f64) -> Self {
        v as i64 as u32 as usize as *const T
    }
}
impl<T> Arg for *mut T {
    fn from_f64(v: f64) -> Self {
        v as i64 as u32 as usize as *mut T
    }
}

fn arg<T: Arg>(v: f64) -> T {
    T::from_f64(v)
}

/// The opcodes, by export name (an opcode is its index).
static NAMES: &[&str] = &[
    "kx_attention_forward",
    "kx_attention_backward",
    "kx_batch_norm_moments",
    "kx_channel_normalize",
    "kx_channel_normalize_sums",
    "kx_batch_norm_backward_input",
    "kx_binary",
    "kx_conv2d",
    "kx_conv2d_backward_input",
    "kx_conv2d_backward_filter",
    "kx_depthwise_conv2d",
    "kx_depthwise_conv2d_backward_input",
    "kx_depthwise_conv2d_backward_filter",
    "kx_fill_f32",
    "kx_fill_i32",
    "kx_cast_f32_i32",
    "kx_cast_i32_f32",
    "kx_copy_strided",
    "kx_gather",
    "kx_scatter_add",
    "kx_one_hot",
    "kx_gemm",
    "kx_affine_transform",
    "kx_affine_transform_backward",
    "kx_permute",
    "kx_max_pool2d",
    "kx_max_pool2d_backward",
    "kx_avg_pool2d",
    "kx_avg_pool2d_backward",
    "kx_reduce",
    "kx_resize",
    "kx_resize_backward",
    "kx_rng",
    "kx_dropout",
    "kx_lstm_forward",
    "kx_lstm_backward",
    "kx_gru_forward",
    "kx_gru_backward",
    "kx_softmax",
    "kx_softmax_backward",
    "kx_softmax_xent_sparse",
    "kx_softmax_xent_dense",
    "kx_unary",
    "kx_unary_backward",
    "kx_where",
    "kx_lstm_forward_pair",
    "kx_lstm_backward_pair",
    "kx_gru_forward_pair",
    "kx_gru_backward_pair",
];

/// Arguments per opcode.
static ARITY: &[u8] = &[16, 19, 5, 7, 7, 13, 6, 7, 4, 4, 5, 4, 4, 3, 3, 3, 3, 4, 7, 7, 6, 20, 12, 11, 5, 3, 5, 3, 3, 6, 9, 9, 9, 9, 16, 19, 14, 17, 6, 7, 7, 6, 6, 8, 6, 32, 38, 28, 34];

/// Runs one command; `None` for an unknown opcode.
unsafe fn dispatch(op: usize, a: &[f64]) -> Option<i32> {
    Some(match op {
        0 => attention::kx_attention_forward(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8]), arg(a[9]), arg(a[10]), arg(a[11]), arg(a[12]), arg(a[13]), arg(a[14]), arg(a[15])),
        1 => attention::kx_attention_backward(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8]), arg(a[9]), arg(a[10]), arg(a[11]), arg(a[12]), arg(a[13]), arg(a[14]), arg(a[15]), arg(a[16]), arg(a[17]), arg(a[18])),
        2 => batch_norm::kx_batch_norm_moments(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4])),
        3 => batch_norm::kx_channel_normalize(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6])),
        4 => batch_norm::kx_channel_normalize_sums(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6])),
        5 => batch_norm::kx_batch_norm_backward_input(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8]), arg(a[9]), arg(a[10]), arg(a[11]), arg(a[12])),
        6 => binary::kx_binary(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5])),
        7 => conv::kx_conv2d(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6])),
        8 => conv::kx_conv2d_backward_input(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3])),
        9 => conv::kx_conv2d_backward_filter(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3])),
        10 => conv::kx_depthwise_conv2d(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4])),
        11 => conv::kx_depthwise_conv2d_backward_input(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3])),
        12 => conv::kx_depthwise_conv2d_backward_filter(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3])),
        13 => copy::kx_fill_f32(arg(a[0]), arg(a[1]), arg(a[2])),
        14 => copy::kx_fill_i32(arg(a[0]), arg(a[1]), arg(a[2])),
        15 => copy::kx_cast_f32_i32(arg(a[0]), arg(a[1]), arg(a[2])),
        16 => copy::kx_cast_i32_f32(arg(a[0]), arg(a[1]), arg(a[2])),
        17 => copy::kx_copy_strided(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3])),
        18 => gather::kx_gather(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6])),
        19 => gather::kx_scatter_add(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6])),
        20 => gather::kx_one_hot(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5])),
        21 => gemm::kx_gemm(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8]), arg(a[9]), arg(a[10]), arg(a[11]), arg(a[12]), arg(a[13]), arg(a[14]), arg(a[15]), arg(a[16]), arg(a[17]), arg(a[18]), arg(a[19])),
        22 => image::kx_affine_transform(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8]), arg(a[9]), arg(a[10]), arg(a[11])),
        23 => image::kx_affine_transform_backward(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8]), arg(a[9]), arg(a[10])),
        24 => permute::kx_permute(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4])),
        25 => pool2d::kx_max_pool2d(arg(a[0]), arg(a[1]), arg(a[2])),
        26 => pool2d::kx_max_pool2d_backward(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4])),
        27 => pool2d::kx_avg_pool2d(arg(a[0]), arg(a[1]), arg(a[2])),
        28 => pool2d::kx_avg_pool2d_backward(arg(a[0]), arg(a[1]), arg(a[2])),
        29 => reduce::kx_reduce(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5])),
        30 => resize::kx_resize(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8])),
        31 => resize::kx_resize_backward(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8])),
        32 => rng::kx_rng(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8])),
        33 => rng::kx_dropout(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8])),
        34 => rnn::kx_lstm_forward(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8]), arg(a[9]), arg(a[10]), arg(a[11]), arg(a[12]), arg(a[13]), arg(a[14]), arg(a[15])),
        35 => rnn::kx_lstm_backward(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8]), arg(a[9]), arg(a[10]), arg(a[11]), arg(a[12]), arg(a[13]), arg(a[14]), arg(a[15]), arg(a[16]), arg(a[17]), arg(a[18])),
        36 => rnn::kx_gru_forward(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8]), arg(a[9]), arg(a[10]), arg(a[11]), arg(a[12]), arg(a[13])),
        37 => rnn::kx_gru_backward(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8]), arg(a[9]), arg(a[10]), arg(a[11]), arg(a[12]), arg(a[13]), arg(a[14]), arg(a[15]), arg(a[16])),
        38 => softmax::kx_softmax(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5])),
        39 => softmax::kx_softmax_backward(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6])),
        40 => softmax::kx_softmax_xent_sparse(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6])),
        41 => softmax::kx_softmax_xent_dense(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5])),
        42 => unary::kx_unary(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5])),
        43 => unary::kx_unary_backward(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7])),
        44 => where_::kx_where(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5])),
        45 => rnn::kx_lstm_forward_pair(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8]), arg(a[9]), arg(a[10]), arg(a[11]), arg(a[12]), arg(a[13]), arg(a[14]), arg(a[15]), arg(a[16]), arg(a[17]), arg(a[18]), arg(a[19]), arg(a[20]), arg(a[21]), arg(a[22]), arg(a[23]), arg(a[24]), arg(a[25]), arg(a[26]), arg(a[27]), arg(a[28]), arg(a[29]), arg(a[30]), arg(a[31])),
        46 => rnn::kx_lstm_backward_pair(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8]), arg(a[9]), arg(a[10]), arg(a[11]), arg(a[12]), arg(a[13]), arg(a[14]), arg(a[15]), arg(a[16]), arg(a[17]), arg(a[18]), arg(a[19]), arg(a[20]), arg(a[21]), arg(a[22]), arg(a[23]), arg(a[24]), arg(a[25]), arg(a[26]), arg(a[27]), arg(a[28]), arg(a[29]), arg(a[30]), arg(a[31]), arg(a[32]), arg(a[33]), arg(a[34]), arg(a[35]), arg(a[36]), arg(a[37])),
        47 => rnn::kx_gru_forward_pair(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8]), arg(a[9]), arg(a[10]), arg(a[11]), arg(a[12]), arg(a[13]), arg(a[14]), arg(a[15]), arg(a[16]), arg(a[17]), arg(a[18]), arg(a[19]), arg(a[20]), arg(a[21]), arg(a[22]), arg(a[23]), arg(a[24]), arg(a[25]), arg(a[26]), arg(a[27])),
        48 => rnn::kx_gru_backward_pair(arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), arg(a[4]), arg(a[5]), arg(a[6]), arg(a[7]), arg(a[8]), arg(a[9]), arg(a[10]), arg(a[11]), arg(a[12]), arg(a[13]), arg(a[14]), arg(a[15]), arg(a[16]), arg(a[17]), arg(a[18]), arg(a[19]), arg(a[20]), arg(a[21]), arg(a[22]), arg(a[23]), arg(a[24]), arg(a[25]), arg(a[26]), arg(a[27]), arg(a[28]), arg(a[29]), arg(a[30]), arg(a[31]), arg(a[32]), arg(a[33])),
        _ => return None,
    })
}

/// The opcode of export `name` (`len` UTF-8 bytes), or -1 when the interpreter lacks it.
#[no_mangle]
pub unsafe extern "C" fn kx_plan_opcode(name: *const u8, len: usize) -> i32 {
    let s = super::slices::slice(name, len);
    NAMES.iter().position(|n| n.as_bytes() == s).map_or(-1, |i| i as i32)
}

/// Arity of `op`, or -1 for an unknown opcode.
#[no_mangle]
pub extern "C" fn kx_plan_arity(op: u32) -> i32 {
    ARITY.get(op as usize).map_or(-1, |&n| n as i32)
}

/// Runs `count` commands from `cmds` (`words` f64s in all) in order. Stops at the first
/// command whose status is not the expected one: its index goes to `*failed` and its status
/// is returned. `*failed` is -1 when every command gave its expected status (then 0 is
/// returned); a malformed command also stops the run, with `BAD_ARG`.
#[no_mangle]
pub unsafe extern "C" fn kx_plan_run(cmds: *const f64, words: usize, count: usize, failed: *mut i32) -> i32 {
    let c = super::slices::slice(cmds, words);
    let mut at = 0usize;
    for i in 0..count {
        *failed = i as i32;
        let Some(&opw) = c.get(at) else { return crate::status::BAD_ARG };
        let op = opw as usize;
        let Some(&n) = ARITY.get(op) else { return crate::status::BAD_ARG };
        let Some(args) = c.get(at + 2..at + 2 + n as usize) else { return crate::status::BAD_ARG };
        let Some(r) = dispatch(op, args) else { return crate::status::BAD_ARG };
        if r as f64 != c[at + 1] {
            return r;
        }
        at += 2 + n as usize;
    }
    *failed = -1;
    0
}

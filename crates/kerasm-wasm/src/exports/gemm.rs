//! GEMM exports. Pointers are byte offsets into linear memory.

use crate::{pool, status};
use kerasm_kernels::gemm::{sgemm, Operand, Output};
use kerasm_kernels::unary::{unary_inplace, UnaryOp};

/// Batched, strided `C_i = alpha·op(A_i)·op(B_i) + beta·C_i (+ bias)`, then the activation
/// `act` (a unary op code, 0 = none) with parameter `act_alpha`. `stride_*` are element
/// strides between batch members (0 broadcasts that operand).
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kx_gemm(
    batch: usize, m: usize, n: usize, k: usize,
    a: *const f32, lda: usize, trans_a: u32, stride_a: usize,
    b: *const f32, ldb: usize, trans_b: u32, stride_b: usize,
    c: *mut f32, ldc: usize, stride_c: usize,
    alpha: f32, beta: f32, bias: *const f32, act: u32, act_alpha: f32,
) -> i32 {
    let Some(op) = UnaryOp::from_code(act) else { return status::BAD_ARG };
    let epilogue = move |p: *mut f32, len: usize| {
        let row = core::slice::from_raw_parts_mut(p, len);
        unary_inplace(op, row, act_alpha, 0.0);
    };
    let has_act = act != 0;
    for i in 0..batch {
        let ao = Operand { ptr: a.add(i * stride_a), ld: lda, trans: trans_a != 0 };
        let bo = Operand { ptr: b.add(i * stride_b), ld: ldb, trans: trans_b != 0 };
        let out = Output {
            ptr: c.add(i * stride_c),
            ld: ldc,
            alpha,
            beta,
            bias: (!bias.is_null()).then_some(bias),
            epilogue: if has_act { Some(&epilogue) } else { None },
        };
        sgemm(pool::par(), m, n, k, ao, bo, &out);
    }
    pool::take_status()
}

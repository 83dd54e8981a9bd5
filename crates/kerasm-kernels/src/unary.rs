//! Elementwise unary ops and their backward passes (`dx = dy · f'(x)`).
//!
//! Op codes are shared with `bindings/kernels/unary.ts` and never renumbered; `a` and `b`
//! are the op's scalar parameters (see each variant). Every op except the scalar-only
//! ones (sin, cos, pow_scalar) runs four lanes at a time through [`crate::lanewise`].

mod backward;
mod forward;

use crate::lanewise::{for_ranges, SyncPtr};
use crate::par::Par;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum UnaryOp {
    Identity = 0,
    Relu = 1,
    /// `a` = negative slope.
    LeakyRelu = 2,
    /// `a` = alpha.
    Elu = 3,
    Selu = 4,
    /// Exact, through erf.
    Gelu = 5,
    /// The tanh approximation.
    GeluTanh = 6,
    Silu = 7,
    Sigmoid = 8,
    Tanh = 9,
    Softplus = 10,
    Softsign = 11,
    /// Keras 3: relu6(x + 3) / 6.
    HardSigmoid = 12,
    Exp = 13,
    Log = 14,
    Sqrt = 15,
    Rsqrt = 16,
    Square = 17,
    Abs = 18,
    Neg = 19,
    Reciprocal = 20,
    Relu6 = 21,
    /// x · hard_sigmoid(x).
    HardSilu = 22,
    Mish = 23,
    /// `a` = lower bound, `b` = upper bound; NaN passes through.
    Clip = 24,
    Sign = 25,
    Floor = 26,
    Ceil = 27,
    /// Half to even, like numpy.
    Round = 28,
    Log1p = 29,
    Expm1 = 30,
    Sin = 31,
    Cos = 32,
    /// x^a.
    PowScalar = 33,
    /// a·x + b.
    Affine = 34,
}

/// Which forward tensor a backward pass reads besides `dy`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Needs {
    Neither,
    X,
    Y,
}

impl UnaryOp {
    const ALL: [UnaryOp; 35] = {
        use UnaryOp::*;
        [
            Identity, Relu, LeakyRelu, Elu, Selu, Gelu, GeluTanh, Silu, Sigmoid, Tanh, Softplus,
            Softsign, HardSigmoid, Exp, Log, Sqrt, Rsqrt, Square, Abs, Neg, Reciprocal, Relu6,
            HardSilu, Mish, Clip, Sign, Floor, Ceil, Round, Log1p, Expm1, Sin, Cos, PowScalar,
            Affine,
        ]
    };

    pub fn from_code(c: u32) -> Option<Self> {
        Self::ALL.get(c as usize).copied()
    }

    /// The forward tensor `unary_backward` reads for this op; the other may be empty/null.
    pub fn backward_needs(self) -> Needs {
        use UnaryOp::*;
        match self {
            Identity | Neg | Affine | Sign | Floor | Ceil | Round => Needs::Neither,
            Elu | Selu | Sigmoid | Tanh | Exp | Sqrt | Rsqrt | Reciprocal | Expm1 => Needs::Y,
            _ => Needs::X,
        }
    }
}

/// `y = f(x)`.
pub fn unary(op: UnaryOp, x: &[f32], y: &mut [f32], a: f32, b: f32) {
    debug_assert_eq!(x.len(), y.len());
    unsafe { forward::run(op, x.as_ptr(), y.as_mut_ptr(), x.len(), a, b) }
}

/// `x = f(x)` (the GEMM epilogue).
pub fn unary_inplace(op: UnaryOp, x: &mut [f32], a: f32, b: f32) {
    let p = x.as_mut_ptr();
    unsafe { forward::run(op, p, p, x.len(), a, b) }
}

/// `dx = dy · f'(x)`; `x` or `y` may be empty when [`UnaryOp::backward_needs`] says the op
/// does not read it.
pub fn unary_backward(op: UnaryOp, x: &[f32], y: &[f32], dy: &[f32], dx: &mut [f32], a: f32, b: f32) {
    debug_assert_eq!(dy.len(), dx.len());
    unsafe { backward::run(op, x.as_ptr(), y.as_ptr(), dy.as_ptr(), dx.as_mut_ptr(), dx.len(), a, b) }
}

/// [`unary`] on raw pointers, split across `par` for long arrays.
///
/// # Safety
/// `x` readable and `y` writable for `len` elements; `y` may equal `x` (in place) but not
/// partially overlap it.
pub unsafe fn unary_par(par: &dyn Par, op: UnaryOp, x: *const f32, y: *mut f32, len: usize, a: f32, b: f32) {
    let (x, y) = (SyncPtr(x as *mut f32), SyncPtr(y));
    for_ranges(par, len, &|r| forward::run(op, x.get().add(r.start), y.get().add(r.start), r.len(), a, b));
}

/// [`unary_backward`] on raw pointers, split across `par` for long arrays.
///
/// # Safety
/// `dy` (and `x` or `y` if the op needs it) readable and `dx` writable for `len` elements;
/// `dx` may equal `dy`. Unneeded inputs may be null.
#[allow(clippy::too_many_arguments)]
pub unsafe fn unary_backward_par(
    par: &dyn Par, op: UnaryOp, x: *const f32, y: *const f32, dy: *const f32, dx: *mut f32,
    len: usize, a: f32, b: f32,
) {
    let ptrs = [x, y, dy].map(|p| SyncPtr(p as *mut f32));
    let dx = SyncPtr(dx);
    for_ranges(par, len, &|r| {
        // Null stays null: only the pointers the op reads are offset and dereferenced.
        let at = |p: SyncPtr<f32>| if p.get().is_null() { p.get() } else { p.get().add(r.start) };
        backward::run(op, at(ptrs[0]), at(ptrs[1]), at(ptrs[2]), dx.get().add(r.start), r.len(), a, b);
    });
}

#[cfg(test)]
mod tests;

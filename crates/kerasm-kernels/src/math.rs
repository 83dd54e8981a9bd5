//! Scalar and four-lane math that `core` lacks on `no_std` targets.
//!
//! The four-lane functions (`exp4`, `ln4`, …) are the implementations; each scalar
//! function runs its four-lane twin on a splat and takes lane 0. Kernels may therefore mix
//! the two (vector body, scalar tail) and still get bit-identical results wherever an
//! element lands, which keeps outputs independent of thread count and chunking.
//! pow, sin and cos are scalar-only and go through f64 (see their files).

mod activ;
mod exp_ln;
mod pow;
mod trig;

use crate::simd::F32x4;
pub use activ::{erf4, sigmoid4, softplus4, tanh4};
pub use exp_ln::{exp4, expm1_4, ln4, log1p4};
pub use pow::powf;
pub use trig::{cosf, sinf};

#[cfg(target_arch = "wasm32")]
#[inline(always)]
pub fn sqrtf(x: f32) -> f32 {
    core::arch::wasm32::f32_sqrt(x)
}

#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
pub fn sqrtf(x: f32) -> f32 {
    x.sqrt()
}

macro_rules! scalar_of {
    ($($(#[$m:meta])* $name:ident => $v:ident;)*) => {$(
        $(#[$m])*
        #[inline]
        pub fn $name(x: f32) -> f32 {
            $v(F32x4::splat(x)).first()
        }
    )*};
}

scalar_of! {
    /// e^x (lane 0 of [`exp4`]).
    expf => exp4;
    /// ln x (lane 0 of [`ln4`]).
    lnf => ln4;
    /// e^x − 1 (lane 0 of [`expm1_4`]).
    expm1f => expm1_4;
    /// ln(1 + x) (lane 0 of [`log1p4`]).
    log1pf => log1p4;
    /// tanh x (lane 0 of [`tanh4`]).
    tanhf => tanh4;
    /// 1 / (1 + e^−x) (lane 0 of [`sigmoid4`]).
    sigmoidf => sigmoid4;
    /// ln(1 + e^x) (lane 0 of [`softplus4`]).
    softplusf => softplus4;
    /// erf x (lane 0 of [`erf4`]).
    erff => erf4;
}

#[cfg(test)]
pub(crate) mod tests;

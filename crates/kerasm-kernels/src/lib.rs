//! kerasm's numeric kernels, on plain slices and raw pointers, for every target.
//!
//! Nothing here knows about WebAssembly exports or JavaScript: the `kerasm-wasm` crate wraps
//! these functions, and host `cargo test` checks them against scalar references. Kernels never
//! panic on valid input; argument validation happens in TypeScript, at the edge users touch,
//! and kernels only `debug_assert!` their preconditions.
#![no_std]
#![cfg_attr(target_arch = "wasm32", feature(wasm_numeric_instr))]

extern crate alloc;
#[cfg(not(target_arch = "wasm32"))]
extern crate std;

pub mod attention;
pub mod batch_norm;
pub mod binary;
pub mod conv;
pub mod copy;
pub mod finite;
pub mod gather;
pub mod gemm;
pub mod image;
pub mod lanewise;
pub mod math;
pub mod optim;
pub mod par;
pub mod permute;
pub mod pool;
pub mod reduce;
pub mod rnn;
pub mod resize;
pub mod rng;
pub mod scratch;
pub mod simd;
pub mod softmax;
pub mod strided;
pub mod unary;
#[cfg(test)]
mod test_util;
pub mod where_;

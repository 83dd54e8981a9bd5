//! One module per kernel family; each file is a list of thin `#[no_mangle]` functions.
mod binary;
mod copy;
mod gather;
mod gemm;
mod info;
mod optim;
mod permute;
mod reduce;
mod rng;
mod slices;
mod softmax;
mod unary;
mod where_;

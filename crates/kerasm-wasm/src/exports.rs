//! One module per kernel family; each file is a list of thin `#[no_mangle]` functions.
mod batch_norm;
mod binary;
mod conv;
mod copy;
mod gather;
mod gemm;
mod info;
mod optim;
mod permute;
mod pool2d;
mod reduce;
mod resize;
mod rng;
mod slices;
mod softmax;
mod unary;
mod where_;

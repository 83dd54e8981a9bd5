//! One module per kernel family; each file is a list of thin `#[no_mangle]` functions.
mod gemm;
mod info;

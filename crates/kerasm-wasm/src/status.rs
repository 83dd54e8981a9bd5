//! Status codes shared with `bindings/status.ts`.
pub const OK: i32 = 0;
/// An argument the bindings should have rejected (unknown op code, bad rank).
pub const BAD_ARG: i32 = 1;
/// The heap could not grow.
pub const OUT_OF_MEMORY: i32 = 2;
/// A worker thread trapped or died while running the job.
pub const WORKER_DIED: i32 = 3;

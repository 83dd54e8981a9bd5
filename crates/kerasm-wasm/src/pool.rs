//! The [`Par`] provider for every kernel export.
//!
//! The threaded build (`+atomics`, shared memory) dispatches to the worker pool in
//! [`threaded`]; the single-thread build runs everything on the caller.

use kerasm_kernels::par::{Par, Serial};

#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
mod threaded;

/// The parallel executor kernels should use.
pub fn par() -> &'static dyn Par {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    {
        &threaded::POOL
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "atomics")))]
    {
        &Serial
    }
}

/// A status for the export that just ran: `WORKER_DIED` once after a worker was lost.
pub fn take_status() -> i32 {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    {
        threaded::take_status()
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "atomics")))]
    {
        crate::status::OK
    }
}

#[allow(dead_code)]
fn _serial_is_par(_: &Serial) {}

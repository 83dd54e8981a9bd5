//! The [`Par`] provider for every kernel export.
//!
//! The threaded build (`+atomics`, shared memory) dispatches to the worker pool in
//! [`threaded`]; the single-thread build runs everything on the caller.

use kerasm_kernels::par::{Par, Serial};

#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
mod spin;
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

/// A status for the export that just ran: `WORKER_DIED` once after a worker was lost, else
/// `OUT_OF_MEMORY` when a kernel could not get its scratch memory (the size is then
/// readable through `kx_oom_bytes`).
pub fn take_status() -> i32 {
    let oom = kerasm_kernels::scratch::take_oom();
    #[cfg(target_arch = "wasm32")]
    crate::heap::refill_reserve();
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    {
        let st = threaded::take_status();
        if st != crate::status::OK {
            return st;
        }
    }
    if oom != 0 {
        LAST_OOM.store(oom, core::sync::atomic::Ordering::SeqCst);
        return crate::status::OUT_OF_MEMORY;
    }
    crate::status::OK
}

static LAST_OOM: core::sync::atomic::AtomicUsize = core::sync::atomic::AtomicUsize::new(0);

/// Bytes of the scratch buffer whose allocation failed in the last `OUT_OF_MEMORY` export.
#[no_mangle]
pub extern "C" fn kx_oom_bytes() -> usize {
    LAST_OOM.load(core::sync::atomic::Ordering::SeqCst)
}

#[allow(dead_code)]
fn _serial_is_par(_: &Serial) {}

//! The WebAssembly face of kerasm: `extern "C"` exports over `kerasm-kernels`.
//!
//! Exports take byte offsets into linear memory and plain numbers, contain no logic beyond
//! building slices, and return a status code (see [`status`]). The TypeScript bindings
//! validate every argument before calling, so a bad status means a binding bug, never a
//! user error.
#![cfg_attr(target_arch = "wasm32", no_std)]
#![cfg_attr(all(target_arch = "wasm32", target_feature = "atomics"), feature(stdarch_wasm_atomic_wait, thread_local))]

extern crate alloc;

#[cfg(target_arch = "wasm32")]
pub(crate) mod heap;
pub mod pool;
pub mod status;

#[cfg(target_arch = "wasm32")]
mod exports;

#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    // Kernels never panic on validated input; a trap here is a bug and the bindings treat
    // it as fatal for the whole instance.
    core::arch::wasm32::unreachable()
}

//! What this binary was built with, so `backendInfo()` reports facts, not guesses.

/// Bit 0: simd128, bit 1: relaxed-simd, bit 2: atomics/threads.
#[no_mangle]
pub extern "C" fn kx_features() -> u32 {
    let mut f = 0;
    if cfg!(target_feature = "simd128") {
        f |= 1;
    }
    if cfg!(target_feature = "relaxed-simd") {
        f |= 2;
    }
    if cfg!(target_feature = "atomics") {
        f |= 4;
    }
    f
}

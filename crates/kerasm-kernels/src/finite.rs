//! The first NaN or ±Infinity in an f32 buffer: fit/evaluate/predict reject such inputs, and
//! the host upload checks each chunk right after copying it, while it is still in cache.
//!
//! An f32 is non-finite exactly when its bits without the sign, as an i32, are at least
//! 0x7f80_0000 (all-ones exponent). A block is tested with an `and` and a signed `max` per
//! vector (no compare, no branch; each one instruction on x86 and ARM) and only a bad block is
//! searched element by element.

/// Elements tested between branches: small enough that the rescan of a bad block is cheap.
const BLOCK: usize = 1024;
const ABS: i32 = 0x7fff_ffff;
const INF: i32 = 0x7f80_0000;

/// Index of the first non-finite element of `x`, or `None`.
pub fn first_non_finite(x: &[f32]) -> Option<usize> {
    let mut o = 0;
    for block in x.chunks(BLOCK) {
        if any_non_finite(block) {
            return block.iter().position(|v| !v.is_finite()).map(|i| o + i);
        }
        o += block.len();
    }
    None
}

fn any_non_finite(x: &[f32]) -> bool {
    let body = x.len() & !15;
    // SAFETY: `body` elements are readable.
    let top = unsafe { max_abs_bits(x.as_ptr() as *const i32, body) };
    top >= INF || x[body..].iter().any(|v| !v.is_finite())
}

/// The largest `bits & ABS` among `n` (a multiple of 16) i32 at `p`.
///
/// # Safety
/// `p` readable for `n` i32.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
unsafe fn max_abs_bits(p: *const i32, n: usize) -> i32 {
    use core::arch::wasm32::*;
    let abs = i32x4_splat(ABS);
    let f = |i: usize| v128_and(v128_load(p.add(i) as *const v128), abs);
    // Four independent chains, so the loop is not bound by the latency of one `max`.
    let (mut a, mut b, mut c, mut d) = (i32x4_splat(0), i32x4_splat(0), i32x4_splat(0), i32x4_splat(0));
    let mut i = 0;
    while i < n {
        a = i32x4_max(a, f(i));
        b = i32x4_max(b, f(i + 4));
        c = i32x4_max(c, f(i + 8));
        d = i32x4_max(d, f(i + 12));
        i += 16;
    }
    let m = i32x4_max(i32x4_max(a, b), i32x4_max(c, d));
    let m = i32x4_max(m, i32x4_shuffle::<2, 3, 0, 1>(m, m));
    i32x4_extract_lane::<0>(i32x4_max(m, i32x4_shuffle::<1, 0, 3, 2>(m, m)))
}

/// The host build: the same arithmetic, lane by lane.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
unsafe fn max_abs_bits(p: *const i32, n: usize) -> i32 {
    core::slice::from_raw_parts(p, n).iter().fold(0, |m, &b| m.max(b & ABS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn finds_the_first_bad_element_anywhere() {
        for n in [0usize, 1, 3, 15, 16, 17, 1023, 1024, 1025, 5000] {
            assert_eq!(first_non_finite(&vec![1.5f32; n]), None, "n={n}");
            for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY, -f32::NAN] {
                for at in [0, n / 2, n.saturating_sub(1), 1023, 1024, 1025] {
                    if at >= n {
                        continue;
                    }
                    let mut x = vec![-3.0e38f32; n];
                    x[at] = bad;
                    if at + 1 < n {
                        x[n - 1] = f32::NAN; // a later one must not win
                    }
                    assert_eq!(first_non_finite(&x), Some(at), "n={n} at={at} bad={bad}");
                }
            }
        }
    }

    #[test]
    fn extreme_finite_values_pass() {
        let x = [f32::MAX, f32::MIN, f32::MIN_POSITIVE, 1e-45, -0.0, 0.0, -1e-45, f32::EPSILON];
        assert_eq!(first_non_finite(&x.repeat(5)), None);
    }
}

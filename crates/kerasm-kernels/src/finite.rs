//! The first NaN or ±Infinity in an f32 buffer: fit/evaluate/predict reject such inputs, and
//! the host upload checks each chunk right after copying it, while it is still in cache.
//!
//! An f32 is non-finite exactly when its exponent bits are all ones. Adding one exponent step
//! to the masked exponent carries into the sign bit only then, so a block is tested with
//! and/add/or per vector (no compare, no branch) and only a bad block is searched element by
//! element.

use crate::simd::I32x4;

/// Elements tested between branches: small enough that the rescan of a bad block is cheap.
const BLOCK: usize = 1024;

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
    let (exp, step) = (I32x4::splat(0x7f80_0000), I32x4::splat(0x0080_0000));
    let flag = |p: *const f32| unsafe { I32x4::load(p as *const i32) }.and(exp).add(step);
    let body = x.len() & !15;
    let p = x.as_ptr();
    // Four independent chains, so the loop is not bound by the latency of one `or`.
    let zero = I32x4::splat(0);
    let (mut a, mut b, mut c, mut d) = (zero, zero, zero, zero);
    let mut i = 0;
    while i < body {
        // SAFETY: i + 16 <= x.len().
        unsafe {
            a = a.or(flag(p.add(i)));
            b = b.or(flag(p.add(i + 4)));
            c = c.or(flag(p.add(i + 8)));
            d = d.or(flag(p.add(i + 12)));
        }
        i += 16;
    }
    let mut lanes = [0i32; 4];
    // SAFETY: `lanes` holds 4 i32.
    unsafe { a.or(b).or(c).or(d).store(lanes.as_mut_ptr()) };
    lanes.iter().any(|&l| l < 0) || x[body..].iter().any(|v| !v.is_finite())
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

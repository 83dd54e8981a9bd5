//! Standard normals by Box–Muller, and Keras's truncated normal by deterministic redraws.

use super::{block, unit};
use crate::math::ln4;
use crate::simd::F32x4;
use core::f32::consts::FRAC_PI_2;

/// Redraws per truncated-normal element. Each draw lands within 2σ with p ≈ 0.954, so all
/// 16 missing has p ≈ 4e-22; the mean is used then, so the loop is bounded.
const MAX_ATTEMPTS: u32 = 16;

/// Four standard normals from one block: words (0, 1) and (2, 3) are Box–Muller pairs
/// r·(cos θ, sin θ) with r = √(−2 ln u1), θ = 2π·u2.
pub fn normal_block(w: [u32; 4]) -> [f32; 4] {
    // u1 in (0, 1], so ln u1 is finite; the largest r is √(2·ln 2^24) ≈ 5.77. Both
    // logarithms share one four-lane call.
    let u1 = [((w[0] >> 8) + 1) as f32, ((w[2] >> 8) + 1) as f32, 16_777_216.0, 16_777_216.0];
    let mut r = [0.0f32; 4];
    unsafe {
        let v = F32x4::load(u1.as_ptr()).mul(F32x4::splat(1.0 / 16_777_216.0));
        ln4(v).mul(F32x4::splat(-2.0)).sqrt().store(r.as_mut_ptr());
    }
    let (s0, c0) = sincos_turns(unit(w[1]));
    let (s1, c1) = sincos_turns(unit(w[3]));
    [r[0] * c0, r[0] * s0, r[1] * c1, r[1] * s1]
}

/// (sin 2πu, cos 2πu) for u in [0, 1) with 24 bits. 4u splits exactly into a quadrant and a
/// remainder in [−½, ½], so no range reduction error arises; Taylor polynomials to degree
/// 9 and 10 on [−π/4, π/4] are within ~1e-9 of the true values, below f32 rounding.
fn sincos_turns(u: f32) -> (f32, f32) {
    let v = 4.0 * u;
    let q = (v + 0.5) as u32; // round half up; v ≥ 0
    let r = (v - q as f32) * FRAC_PI_2;
    let r2 = r * r;
    let s = r * (1.0 + r2 * (-1.0 / 6.0 + r2 * (1.0 / 120.0 + r2 * (-1.0 / 5040.0 + r2 * (1.0 / 362_880.0)))));
    let c = 1.0 + r2 * (-0.5 + r2 * (1.0 / 24.0 + r2 * (-1.0 / 720.0 + r2 * (1.0 / 40_320.0 + r2 * (-1.0 / 3_628_800.0)))));
    // By quadrant q: (s, c), (c, −s), (−s, −c), (−c, s). Selects and sign bits rather than
    // a match: q is random, so a branch would be mispredicted three times in four.
    let odd = q & 1 != 0;
    let (a, b) = (if odd { c } else { s }, if odd { s } else { c });
    let flip = |v: f32, neg: bool| f32::from_bits(v.to_bits() ^ ((neg as u32) << 31));
    (flip(a, q & 2 != 0), flip(b, (q + 1) & 2 != 0))
}

/// Four standard normals within [−2, 2]. A lane outside is redrawn from the same lane of
/// block `b` at attempt 1, 2, …, so its value still depends only on (seed, position).
pub fn truncated_block(seed: u64, b: u64) -> [f32; 4] {
    let mut z = normal_block(block(seed, b, 0));
    for (lane, v) in z.iter_mut().enumerate() {
        let mut attempt = 1;
        while !within_2(*v) && attempt < MAX_ATTEMPTS {
            *v = normal_block(block(seed, b, attempt))[lane];
            attempt += 1;
        }
        if !within_2(*v) {
            *v = 0.0;
        }
    }
    z
}

/// False for NaN too, so a NaN draw would be redrawn rather than kept.
fn within_2(v: f32) -> bool {
    v.abs() <= 2.0
}

#[cfg(test)]
mod tests {
    use super::sincos_turns;

    #[test]
    fn sincos_of_turns() {
        for k in (0..1u32 << 24).step_by(997) {
            let u = k as f32 / 16_777_216.0;
            let (s, c) = sincos_turns(u);
            let t = core::f64::consts::TAU * u as f64;
            assert!((s as f64 - t.sin()).abs() < 2e-7 && (c as f64 - t.cos()).abs() < 2e-7, "u={u}: ({s}, {c})");
        }
    }
}

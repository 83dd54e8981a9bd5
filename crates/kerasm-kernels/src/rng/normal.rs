//! Standard normals by Box–Muller, and Keras's truncated normal by deterministic redraws.

use super::{block, unit};
use crate::math::{cosf, lnf, sinf, sqrtf};

/// Redraws per truncated-normal element. Each draw lands within 2σ with p ≈ 0.954, so all
/// 16 missing has p ≈ 4e-22; the mean is used then, so the loop is bounded.
const MAX_ATTEMPTS: u32 = 16;

/// Four standard normals from one block: words (0, 1) and (2, 3) are Box–Muller pairs.
pub fn normal_block(w: [u32; 4]) -> [f32; 4] {
    let (a, b) = pair(w[0], w[1]);
    let (c, d) = pair(w[2], w[3]);
    [a, b, c, d]
}

fn pair(w1: u32, w2: u32) -> (f32, f32) {
    // u1 in (0, 1], so ln u1 is finite; the largest |z| is √(2·ln 2^24) ≈ 5.77.
    let u1 = ((w1 >> 8) + 1) as f32 * (1.0 / 16_777_216.0);
    let r = sqrtf(-2.0 * lnf(u1));
    let theta = core::f32::consts::TAU * unit(w2);
    (r * cosf(theta), r * sinf(theta))
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

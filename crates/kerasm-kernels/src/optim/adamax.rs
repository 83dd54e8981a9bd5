//! Adamax, Adam on the infinity norm (keras `optimizers/adamax.py`).
//!
//! Hyper-parameters: `[4]` 1 − β₁, `[5]` β₂, `[6]` epsilon, `[7]` 1 − β₁ᵗ with
//! t = iterations + 1. Slots: 0 momentum `m`, 1 norm `u`.
//! ```text
//! m += (g − m)·(1−β₁)
//! u = max(β₂·u, |g|)
//! p −= lr·m / ((1−β₁ᵗ)·(u + eps))
//! ```

use super::{hyper::*, Rule, HYPER_LEN};
use crate::simd::F32x4;

#[derive(Clone, Copy)]
pub(crate) struct Adamax {
    lr: F32x4,
    one_minus_b1: F32x4,
    b2: F32x4,
    eps: F32x4,
    correction: F32x4,
}

impl Adamax {
    pub fn new(h: &[f32; HYPER_LEN]) -> Self {
        Self {
            lr: F32x4::splat(h[LR]),
            one_minus_b1: F32x4::splat(h[K]),
            b2: F32x4::splat(h[K + 1]),
            eps: F32x4::splat(h[K + 2]),
            correction: F32x4::splat(h[K + 3]),
        }
    }
}

impl Rule for Adamax {
    fn slots(&self) -> usize {
        2
    }

    #[inline(always)]
    fn apply(&self, p: F32x4, g: F32x4, s: &mut [F32x4; 3]) -> F32x4 {
        s[0] = s[0].add(g.sub(s[0]).mul(self.one_minus_b1));
        s[1] = self.b2.mul(s[1]).maximum(g.abs());
        p.sub(self.lr.mul(s[0]).div(self.correction.mul(s[1].add(self.eps))))
    }
}

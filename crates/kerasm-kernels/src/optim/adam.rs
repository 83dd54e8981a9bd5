//! Adam and AMSGrad; AdamW is this rule plus the shared weight decay
//! (keras `optimizers/adam.py`, `adamw.py`).
//!
//! Hyper-parameters: `[4]` 1 − β₁, `[5]` 1 − β₂, `[6]` epsilon, `[7]` amsgrad (0/1),
//! `[8]` alpha = lr·√(1−β₂ᵗ)/(1−β₁ᵗ) with t = iterations + 1. Slots: 0 momentum `m`,
//! 1 velocity `v`, 2 `v̂` (amsgrad only).
//! ```text
//! m += (g − m)·(1−β₁)
//! v += (g² − v)·(1−β₂)
//! v̂ = max(v̂, v)                                 (amsgrad; v̂ replaces v below)
//! p −= m·alpha / (√v + eps)
//! ```

use super::{hyper::*, Rule, HYPER_LEN};
use crate::simd::F32x4;

#[derive(Clone, Copy)]
pub(crate) struct Adam {
    one_minus_b1: F32x4,
    one_minus_b2: F32x4,
    eps: F32x4,
    amsgrad: bool,
    alpha: F32x4,
}

impl Adam {
    pub fn new(h: &[f32; HYPER_LEN]) -> Self {
        Self {
            one_minus_b1: F32x4::splat(h[K]),
            one_minus_b2: F32x4::splat(h[K + 1]),
            eps: F32x4::splat(h[K + 2]),
            amsgrad: h[K + 3] != 0.0,
            alpha: F32x4::splat(h[K + 4]),
        }
    }
}

impl Rule for Adam {
    fn slots(&self) -> usize {
        if self.amsgrad {
            3
        } else {
            2
        }
    }

    #[inline(always)]
    fn apply(&self, p: F32x4, g: F32x4, s: &mut [F32x4; 3]) -> F32x4 {
        s[0] = s[0].add(g.sub(s[0]).mul(self.one_minus_b1));
        s[1] = s[1].add(g.mul(g).sub(s[1]).mul(self.one_minus_b2));
        let v = if self.amsgrad {
            // jnp.maximum: NaN propagates.
            s[2] = s[2].maximum(s[1]);
            s[2]
        } else {
            s[1]
        };
        p.sub(s[0].mul(self.alpha).div(v.sqrt().add(self.eps)))
    }
}

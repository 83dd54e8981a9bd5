//! Lion, sign-of-momentum updates (keras `optimizers/lion.py`; Chen et al. 2023).
//!
//! Hyper-parameters: `[4]` β₁, `[5]` 1 − β₁, `[6]` β₂, `[7]` 1 − β₂. Slot 0: momentum `m`.
//! ```text
//! p −= lr·sign(m·β₁ + g·(1−β₁))
//! m = m·β₂ + g·(1−β₂)
//! ```

use super::{hyper::*, sign, Rule, HYPER_LEN};
use crate::simd::F32x4;

#[derive(Clone, Copy)]
pub(crate) struct Lion {
    lr: F32x4,
    b1: F32x4,
    one_minus_b1: F32x4,
    b2: F32x4,
    one_minus_b2: F32x4,
}

impl Lion {
    pub fn new(h: &[f32; HYPER_LEN]) -> Self {
        Self {
            lr: F32x4::splat(h[LR]),
            b1: F32x4::splat(h[K]),
            one_minus_b1: F32x4::splat(h[K + 1]),
            b2: F32x4::splat(h[K + 2]),
            one_minus_b2: F32x4::splat(h[K + 3]),
        }
    }
}

impl Rule for Lion {
    fn slots(&self) -> usize {
        1
    }

    #[inline(always)]
    fn apply(&self, p: F32x4, g: F32x4, s: &mut [F32x4; 3]) -> F32x4 {
        let c = s[0].mul(self.b1).add(g.mul(self.one_minus_b1));
        s[0] = s[0].mul(self.b2).add(g.mul(self.one_minus_b2));
        p.sub(self.lr.mul(sign(c)))
    }
}

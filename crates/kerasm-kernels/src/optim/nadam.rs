//! Nadam, Adam with Nesterov momentum and Dozat's momentum schedule
//! (keras `optimizers/nadam.py`).
//!
//! The momentum cache (μₜ = β₁·(1 − ½·0.96ᵗ) and the running product Πμ) is per step, so
//! the caller folds it into two coefficients. Hyper-parameters: `[4]` 1 − β₁, `[5]`
//! 1 − β₂, `[6]` epsilon, `[7]` c_m = μₜ₊₁ / (1 − Πμ·μₜ₊₁), `[8]` c_g = (1 − μₜ) / (1 − Πμ),
//! `[9]` 1 / (1 − β₂ᵗ), with t = iterations + 1 and Πμ already including μₜ. Slots: 0
//! momentum `m`, 1 velocity `v`.
//! ```text
//! m += (g − m)·(1−β₁)
//! v += (g² − v)·(1−β₂)
//! p −= (m·c_m + g·c_g)·lr / (√(v / (1−β₂ᵗ)) + eps)
//! ```

use super::{hyper::*, Rule, HYPER_LEN};
use crate::simd::F32x4;

#[derive(Clone, Copy)]
pub(crate) struct Nadam {
    lr: F32x4,
    one_minus_b1: F32x4,
    one_minus_b2: F32x4,
    eps: F32x4,
    cm: F32x4,
    cg: F32x4,
    inv_v_corr: F32x4,
}

impl Nadam {
    pub fn new(h: &[f32; HYPER_LEN]) -> Self {
        Self {
            lr: F32x4::splat(h[LR]),
            one_minus_b1: F32x4::splat(h[K]),
            one_minus_b2: F32x4::splat(h[K + 1]),
            eps: F32x4::splat(h[K + 2]),
            cm: F32x4::splat(h[K + 3]),
            cg: F32x4::splat(h[K + 4]),
            inv_v_corr: F32x4::splat(h[K + 5]),
        }
    }
}

impl Rule for Nadam {
    fn slots(&self) -> usize {
        2
    }

    #[inline(always)]
    fn apply(&self, p: F32x4, g: F32x4, s: &mut [F32x4; 3]) -> F32x4 {
        s[0] = s[0].add(g.sub(s[0]).mul(self.one_minus_b1));
        s[1] = s[1].add(g.mul(g).sub(s[1]).mul(self.one_minus_b2));
        let m_hat = s[0].mul(self.cm).add(g.mul(self.cg));
        let v_hat = s[1].mul(self.inv_v_corr);
        p.sub(m_hat.mul(self.lr).div(v_hat.sqrt().add(self.eps)))
    }
}

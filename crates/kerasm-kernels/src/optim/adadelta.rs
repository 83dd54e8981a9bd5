//! Adadelta (keras `optimizers/adadelta.py`).
//!
//! Hyper-parameters: `[4]` rho, `[5]` 1 − rho, `[6]` epsilon. Slots: 0 accumulated squared gradient
//! `ag`, 1 accumulated squared update `ad`.
//! ```text
//! ag = rho·ag + (1−rho)·g²
//! dv = −(√(ad + eps)·g) / √(ag + eps)
//! ad = rho·ad + (1−rho)·dv²
//! p += lr·dv
//! ```

use super::{hyper::*, Rule, HYPER_LEN};
use crate::simd::F32x4;

#[derive(Clone, Copy)]
pub(crate) struct Adadelta {
    lr: F32x4,
    rho: F32x4,
    one_minus_rho: F32x4,
    eps: F32x4,
}

impl Adadelta {
    pub fn new(h: &[f32; HYPER_LEN]) -> Self {
        Self {
            lr: F32x4::splat(h[LR]),
            rho: F32x4::splat(h[K]),
            one_minus_rho: F32x4::splat(h[K + 1]),
            eps: F32x4::splat(h[K + 2]),
        }
    }
}

impl Rule for Adadelta {
    fn slots(&self) -> usize {
        2
    }

    #[inline(always)]
    fn apply(&self, p: F32x4, g: F32x4, s: &mut [F32x4; 3]) -> F32x4 {
        s[0] = self.rho.mul(s[0]).add(self.one_minus_rho.mul(g.mul(g)));
        let dv = F32x4::zero().sub(s[1].add(self.eps).sqrt().mul(g).div(s[0].add(self.eps).sqrt()));
        s[1] = self.rho.mul(s[1]).add(self.one_minus_rho.mul(dv.mul(dv)));
        p.add(self.lr.mul(dv))
    }
}

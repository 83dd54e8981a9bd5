//! RMSprop, optionally centered and with momentum (keras `optimizers/rmsprop.py`).
//!
//! Hyper-parameters: `[4]` rho, `[5]` 1 − rho, `[6]` momentum (0 = none), `[7]` epsilon,
//! `[8]` centered (0/1). Slots, packed in Keras's variable order: 0 velocity `v`, then momentum `mo`
//! (when momentum > 0), then average gradient `a` (when centered).
//! ```text
//! v = rho·v + (1−rho)·g²
//! a = rho·a + (1−rho)·g;  d = v − a² + eps      (centered)
//!                         d = v + eps            (otherwise)
//! inc = lr·g / √d
//! mo = momentum·mo + inc;  p −= mo              (momentum > 0)
//! p −= inc                                       (otherwise)
//! ```

use super::{hyper::*, Rule, HYPER_LEN};
use crate::simd::F32x4;

/// One instantiation per (momentum, centered), so slot positions are constants.
#[derive(Clone, Copy)]
pub(crate) struct Rmsprop<const MOMENTUM: bool, const CENTERED: bool> {
    lr: F32x4,
    rho: F32x4,
    one_minus_rho: F32x4,
    momentum: F32x4,
    eps: F32x4,
}

/// Which instantiation the hyper-parameters ask for.
pub(crate) fn flags(h: &[f32; HYPER_LEN]) -> (bool, bool) {
    (h[K + 2] > 0.0, h[K + 4] != 0.0)
}

impl<const MOMENTUM: bool, const CENTERED: bool> Rmsprop<MOMENTUM, CENTERED> {
    const AVG: usize = if MOMENTUM { 2 } else { 1 };

    pub fn new(h: &[f32; HYPER_LEN]) -> Self {
        Self {
            lr: F32x4::splat(h[LR]),
            rho: F32x4::splat(h[K]),
            one_minus_rho: F32x4::splat(h[K + 1]),
            momentum: F32x4::splat(h[K + 2]),
            eps: F32x4::splat(h[K + 3]),
        }
    }
}

impl<const MOMENTUM: bool, const CENTERED: bool> Rule for Rmsprop<MOMENTUM, CENTERED> {
    fn slots(&self) -> usize {
        1 + usize::from(MOMENTUM) + usize::from(CENTERED)
    }

    #[inline(always)]
    fn apply(&self, p: F32x4, g: F32x4, s: &mut [F32x4; 3]) -> F32x4 {
        s[0] = self.rho.mul(s[0]).add(self.one_minus_rho.mul(g.mul(g)));
        let d = if CENTERED {
            let a = self.rho.mul(s[Self::AVG]).add(self.one_minus_rho.mul(g));
            s[Self::AVG] = a;
            s[0].sub(a.mul(a)).add(self.eps)
        } else {
            s[0].add(self.eps)
        };
        let inc = self.lr.mul(g).div(d.sqrt());
        if MOMENTUM {
            s[1] = self.momentum.mul(s[1]).add(inc);
            p.sub(s[1])
        } else {
            p.sub(inc)
        }
    }
}

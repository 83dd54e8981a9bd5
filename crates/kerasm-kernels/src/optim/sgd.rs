//! SGD with optional (Nesterov) momentum (keras `optimizers/sgd.py`).
//!
//! Hyper-parameters after the shared four: `[4]` momentum (0 = plain SGD, no slot),
//! `[5]` nesterov (0/1). Slot 0: momentum `m` (only when momentum ≠ 0).
//! ```text
//! m = m·momentum − g·lr
//! p += nesterov ? m·momentum − g·lr : m          (momentum ≠ 0)
//! p −= g·lr                                      (momentum = 0)
//! ```

use super::{hyper::*, Rule, HYPER_LEN};
use crate::simd::F32x4;

#[derive(Clone, Copy)]
pub(crate) struct Sgd {
    lr: F32x4,
    momentum: Option<F32x4>,
    nesterov: bool,
}

impl Sgd {
    pub fn new(h: &[f32; HYPER_LEN]) -> Self {
        let m = h[K];
        Self { lr: F32x4::splat(h[LR]), momentum: (m != 0.0).then(|| F32x4::splat(m)), nesterov: h[K + 1] != 0.0 }
    }
}

impl Rule for Sgd {
    fn slots(&self) -> usize {
        usize::from(self.momentum.is_some())
    }

    #[inline(always)]
    fn apply(&self, p: F32x4, g: F32x4, s: &mut [F32x4; 3]) -> F32x4 {
        let step = g.mul(self.lr);
        match self.momentum {
            None => p.sub(step),
            Some(mu) => {
                s[0] = s[0].mul(mu).sub(step);
                if self.nesterov {
                    p.add(s[0].mul(mu).sub(step))
                } else {
                    p.add(s[0])
                }
            }
        }
    }
}

//! Adagrad (keras `optimizers/adagrad.py`).
//!
//! Hyper-parameters: `[4]` epsilon. Slot 0: accumulator (initialised by the caller to
//! `initial_accumulator_value`).
//! ```text
//! acc += g²
//! p −= lr·g / √(acc + eps)
//! ```

use super::{hyper::*, Rule, HYPER_LEN};
use crate::simd::F32x4;

#[derive(Clone, Copy)]
pub(crate) struct Adagrad {
    lr: F32x4,
    eps: F32x4,
}

impl Adagrad {
    pub fn new(h: &[f32; HYPER_LEN]) -> Self {
        Self { lr: F32x4::splat(h[LR]), eps: F32x4::splat(h[K]) }
    }
}

impl Rule for Adagrad {
    fn slots(&self) -> usize {
        1
    }

    #[inline(always)]
    fn apply(&self, p: F32x4, g: F32x4, s: &mut [F32x4; 3]) -> F32x4 {
        s[0] = s[0].add(g.mul(g));
        p.sub(self.lr.mul(g).div(s[0].add(self.eps).sqrt()))
    }
}

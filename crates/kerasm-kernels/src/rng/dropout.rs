//! Inverted dropout, as Keras: each element is kept with probability 1 − rate and scaled
//! by 1/(1 − rate), so the expected activation is unchanged and inference needs no op.

use super::{block, for_blocks, group, unit};
use crate::par::Par;

/// `y = x·m/(1 − rate)` with m ~ Bernoulli(1 − rate) drawn at stream positions
/// `offset..offset + x.len()`; `mask` (if given) receives m as 1.0/0.0 for the backward.
/// Dropped elements are exactly 0 even where x is infinite or NaN. Element i is kept when
/// the uniform of position offset + i is ≥ rate, the same uniform `fill` would produce.
pub fn dropout(par: &dyn Par, x: &[f32], y: &mut [f32], mask: Option<&mut [f32]>, rate: f32, seed: u64, offset: u64) {
    debug_assert!(y.len() == x.len() && mask.as_ref().is_none_or(|m| m.len() == x.len()));
    let scale = 1.0 / (1.0 - rate);
    let (xp, yp) = (x.as_ptr() as usize, y.as_mut_ptr() as usize);
    let mp = mask.map(|m| m.as_mut_ptr() as usize);
    let edge = |b, lanes: core::ops::Range<usize>, i0| {
        // Locals, so the loop does not reload captures after every store through y.
        let (rate, scale, mp) = (rate, scale, mp);
        let w = block(seed, b, 0);
        for (k, l) in lanes.enumerate() {
            let i = i0 + k;
            // Loads and selects, never branches: keep/drop is a coin flip the branch
            // predictor would miss half the time.
            let keep = unit(w[l]) >= rate;
            // SAFETY: `for_blocks` hands out each position once; i < x.len().
            unsafe {
                let v = *(xp as *const f32).add(i) * scale;
                *(yp as *mut f32).add(i) = if keep { v } else { 0.0 };
                if let Some(mp) = mp {
                    *(mp as *mut f32).add(i) = keep as u32 as f32;
                }
            }
        }
    };
    let mq = mp.unwrap_or(0);
    let group = |b0, i0: usize| {
        let w = group::words(seed, b0, 0);
        let mask = if mq == 0 { core::ptr::null_mut() } else { (mq as *mut f32).wrapping_add(i0) };
        // SAFETY: `for_blocks` hands out each group's positions once; i0 + 4·group::BLOCKS ≤ x.len().
        unsafe {
            let (x, y) = ((xp as *const f32).add(i0), (yp as *mut f32).add(i0));
            group::dropout_group(&w, x, y, mask, rate, scale);
        }
    };
    for_blocks(par, offset, x.len(), edge, group);
}

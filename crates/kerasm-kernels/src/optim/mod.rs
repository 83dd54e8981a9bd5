//! Fused optimizer steps: one call updates every variable of a model in place.
//!
//! A step runs Keras's `apply` pipeline in one place (keras `base_optimizer.py`
//! `_backend_apply_gradients`): clip the gradients (`clipnorm` per variable,
//! `global_clipnorm` over all of them, or `clipvalue`), decay the variables
//! (`var -= var·wd·lr`, before the update), then the rule of the optimizer kind, which
//! reads the gradient and the variable's slots (momentum, velocity, …) and writes them back.
//! Clipping and decay are fused into the update loop, so each element is read and
//! written once; only a norm clip adds one read pass over the gradients first.
//!
//! Everything that depends only on the step number (learning rate from the schedule, bias
//! corrections) is computed by the caller and passed in the hyper-parameter array
//! ([`HYPER_LEN`] f32, layout in [`hyper`]). Every element is updated by a four-lane rule
//! that never mixes lanes, and norms are summed over fixed blocks, so results do not
//! depend on the thread count.

mod adadelta;
mod adagrad;
mod adam;
mod adamax;
pub mod clip;
mod lion;
mod nadam;
mod rmsprop;
mod sgd;
#[cfg(test)]
mod tests;

use crate::lanewise::{MIN_ELEMS_PER_THREAD, TASKS_PER_THREAD};
use crate::par::{threads_for, Par};
use crate::simd::F32x4;
use alloc::vec::Vec;
use core::ops::Range;

/// One variable: its value, its gradient, up to three slot arrays, all `len` f32.
///
/// `#[repr(C)]` and 32 bytes on wasm32, so the export reads the table TypeScript writes
/// (8 × u32 per variable: param, grad, slot0, slot1, slot2, len, flags, 0) in place.
#[repr(C)]
#[derive(Copy, Clone, Debug)]
pub struct VarDesc {
    pub param: *mut f32,
    /// Read only: clipping is fused into the update, so gradients are never modified.
    pub grad: *mut f32,
    /// Slot arrays in the order the kind's rule documents; unused ones may be null.
    pub slots: [*mut f32; 3],
    pub len: usize,
    /// Bit 0 ([`FLAG_DECAY`]): apply weight decay to this variable.
    pub flags: u32,
    pub _reserved: u32,
}

// The caller guarantees the arrays outlive the call and that no two variables overlap.
unsafe impl Send for VarDesc {}
unsafe impl Sync for VarDesc {}

/// [`VarDesc::flags`] bit: this variable takes weight decay (Keras `_use_weight_decay`).
pub const FLAG_DECAY: u32 = 1;

/// Optimizer kinds; codes shared with `ts/optimizers/kernel.ts`. AdamW is `Adam`
/// with weight decay: Keras's decay is always decoupled.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Kind {
    Sgd = 0,
    Rmsprop = 1,
    Adagrad = 2,
    Adadelta = 3,
    Adam = 4,
    Adamax = 5,
    Nadam = 6,
    Lion = 7,
}

impl Kind {
    const ALL: [Kind; 8] =
        [Kind::Sgd, Kind::Rmsprop, Kind::Adagrad, Kind::Adadelta, Kind::Adam, Kind::Adamax, Kind::Nadam, Kind::Lion];

    pub fn from_code(c: u32) -> Option<Self> {
        Self::ALL.get(c as usize).copied()
    }
}

/// Length of the hyper-parameter array.
pub const HYPER_LEN: usize = 16;

/// Hyper-parameter indices. Slots 0–3 are shared by every kind; 4.. belong to the kind
/// (see each rule's file for its own, and `ts/optimizers/kernel.ts` for the writer).
/// Complements such as `1 − β` are passed in rather than computed here, because Keras
/// folds `1 - beta` in float64 for some optimizers and in float32 for others.
///
/// | index | meaning |
/// |---|---|
/// | 0 | learning rate at this step (schedule already evaluated) |
/// | 1 | weight decay `wd` (0 = off); `var -= var·wd·lr` on variables flagged [`FLAG_DECAY`] |
/// | 2 | clip mode: 0 none, 1 `clipnorm`, 2 `global_clipnorm`, 3 `clipvalue` |
/// | 3 | clip threshold |
///
/// Per kind (t = iterations + 1; unlisted entries are ignored):
///
/// | kind | 4 | 5 | 6 | 7 | 8 | 9 | slots |
/// |---|---|---|---|---|---|---|---|
/// | Sgd | momentum | nesterov 0/1 | | | | | m (if momentum ≠ 0) |
/// | Rmsprop | ρ | 1−ρ | momentum | ε | centered 0/1 | | v, [mo], [ā] |
/// | Adagrad | ε | | | | | | acc |
/// | Adadelta | ρ | 1−ρ | ε | | | | E[g²], E[Δ²] |
/// | Adam | 1−β₁ | 1−β₂ | ε | amsgrad 0/1 | lr·√(1−β₂ᵗ)/(1−β₁ᵗ) | | m, v, [v̂] |
/// | Adamax | 1−β₁ | β₂ | ε | 1−β₁ᵗ | | | m, u |
/// | Nadam | 1−β₁ | 1−β₂ | ε | μₜ₊₁/(1−Π·μₜ₊₁) | (1−μₜ)/(1−Π) | 1/(1−β₂ᵗ) | m, v |
/// | Lion | β₁ | 1−β₁ | β₂ | 1−β₂ | | | m |
pub mod hyper {
    pub const LR: usize = 0;
    pub const WEIGHT_DECAY: usize = 1;
    pub const CLIP_MODE: usize = 2;
    pub const CLIP: usize = 3;
    /// First kind-specific index.
    pub const K: usize = 4;
}

/// What the kernel rejects; the TypeScript side validates first, so these are binding bugs.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum StepError {
    UnknownKind,
    UnknownClipMode,
    /// A variable needs a slot array that is null.
    MissingSlot,
}

/// The rule of one optimizer kind on four lanes.
///
/// `apply` gets the variable (already decayed) and the gradient (already clipped), updates
/// the first [`Rule::slots`] entries of `s` in place and returns the new variable.
pub(crate) trait Rule: Sync + Copy {
    fn slots(&self) -> usize;
    fn apply(&self, p: F32x4, g: F32x4, s: &mut [F32x4; 3]) -> F32x4;
}

/// What happens to every gradient and variable element before the rule.
#[derive(Copy, Clone)]
pub(crate) struct Pre {
    /// Gradient scale from a norm clip (1 when none).
    scale: f32,
    /// `clipvalue` bound, when set.
    clamp: Option<f32>,
    /// `wd·lr` factors, when weight decay is on.
    decay: Option<(f32, f32)>,
}

/// One fused optimizer step over `vars`.
///
/// # Safety
/// Every pointer in `vars` must address `len` valid f32 (slots as many as the kind uses),
/// and no array may overlap another.
pub unsafe fn step(par: &dyn Par, kind: Kind, vars: &[VarDesc], h: &[f32; HYPER_LEN]) -> Result<(), StepError> {
    match kind {
        Kind::Sgd => run(par, &sgd::Sgd::new(h), vars, h),
        Kind::Rmsprop => match rmsprop::flags(h) {
            (false, false) => run(par, &rmsprop::Rmsprop::<false, false>::new(h), vars, h),
            (true, false) => run(par, &rmsprop::Rmsprop::<true, false>::new(h), vars, h),
            (false, true) => run(par, &rmsprop::Rmsprop::<false, true>::new(h), vars, h),
            (true, true) => run(par, &rmsprop::Rmsprop::<true, true>::new(h), vars, h),
        },
        Kind::Adagrad => run(par, &adagrad::Adagrad::new(h), vars, h),
        Kind::Adadelta => run(par, &adadelta::Adadelta::new(h), vars, h),
        Kind::Adam => run(par, &adam::Adam::new(h), vars, h),
        Kind::Adamax => run(par, &adamax::Adamax::new(h), vars, h),
        Kind::Nadam => run(par, &nadam::Nadam::new(h), vars, h),
        Kind::Lion => run(par, &lion::Lion::new(h), vars, h),
    }
}

unsafe fn run<R: Rule>(par: &dyn Par, rule: &R, vars: &[VarDesc], h: &[f32; HYPER_LEN]) -> Result<(), StepError> {
    let n = rule.slots();
    if vars.iter().any(|v| v.len > 0 && v.slots[..n].iter().any(|s| s.is_null())) {
        return Err(StepError::MissingSlot);
    }
    let clip = h[hyper::CLIP];
    let mut scales: Vec<f32> = Vec::new();
    let mut global = 1.0f32;
    let mut clamp = None;
    match h[hyper::CLIP_MODE] as u32 {
        0 => {}
        1 => scales = clip::norm_scales(par, vars, clip),
        2 => global = clip::global_norm_scale(par, vars, clip),
        3 => clamp = Some(clip),
        _ => return Err(StepError::UnknownClipMode),
    }
    let wd = h[hyper::WEIGHT_DECAY];
    let lr = h[hyper::LR];
    let pre_of = |i: usize| Pre {
        scale: scales.get(i).copied().unwrap_or(global),
        clamp,
        decay: (wd != 0.0 && vars[i].flags & FLAG_DECAY != 0).then_some((wd, lr)),
    };
    let seg = |i: usize, r: Range<usize>| match n {
        0 => segment::<R, 0>(rule, &vars[i], r, pre_of(i)),
        1 => segment::<R, 1>(rule, &vars[i], r, pre_of(i)),
        2 => segment::<R, 2>(rule, &vars[i], r, pre_of(i)),
        _ => segment::<R, 3>(rule, &vars[i], r, pre_of(i)),
    };
    for_segments(par, vars, &seg);
    Ok(())
}

/// Each variable occupies `len` rounded up to 16 of one global index space, so thread
/// chunk boundaries (multiples of 16) fall on vector boundaries inside every variable.
fn padded(len: usize) -> usize {
    len.next_multiple_of(16)
}

/// Calls `f(var, local_range)` over every element of every variable, split across threads
/// when the total is large enough (≥ [`MIN_ELEMS_PER_THREAD`] per thread).
pub(crate) fn for_segments(par: &dyn Par, vars: &[VarDesc], f: &(dyn Fn(usize, Range<usize>) + Sync)) {
    let total: usize = vars.iter().map(|v| padded(v.len)).sum();
    let threads = threads_for(par, total, MIN_ELEMS_PER_THREAD);
    if threads <= 1 {
        for (i, v) in vars.iter().enumerate() {
            if v.len > 0 {
                f(i, 0..v.len);
            }
        }
        return;
    }
    let chunk = total.div_ceil(threads * TASKS_PER_THREAD).next_multiple_of(16);
    let tasks = total.div_ceil(chunk);
    par.run(tasks, &|ts: Range<usize>| {
        for t in ts {
            let (lo, hi) = (t * chunk, ((t + 1) * chunk).min(total));
            let mut off = 0;
            for (i, v) in vars.iter().enumerate() {
                let end = off + padded(v.len);
                let (a, b) = (lo.max(off), hi.min(end));
                if a < b {
                    let r = (a - off)..(b - off).min(v.len);
                    if !r.is_empty() {
                        f(i, r);
                    }
                }
                if end >= hi {
                    break;
                }
                off = end;
            }
        }
    });
}

/// Runs the clip → decay → rule pipeline over `r` of one variable, with `N` slots.
///
/// The rule, the slot pointers and the flags are copied into locals first: read through
/// `rule`/`v` they could alias the stores, and the loop would reload them every vector.
/// The body does two vectors per iteration, so their sqrt/div chains overlap.
#[inline(always)]
#[allow(clippy::needless_range_loop)] // k indexes the slot pointers and the lanes together
unsafe fn segment<R: Rule, const N: usize>(rule: &R, v: &VarDesc, r: Range<usize>, pre: Pre) {
    let rule = *rule;
    let slots = v.slots;
    let scaled = pre.scale != 1.0;
    let scale = F32x4::splat(pre.scale);
    let (lo, hi) = match pre.clamp {
        Some(c) => (F32x4::splat(-c), F32x4::splat(c)),
        None => (F32x4::splat(f32::NEG_INFINITY), F32x4::splat(f32::INFINITY)),
    };
    let clamp = pre.clamp.is_some();
    let (decay, wd, lr) = match pre.decay {
        Some((wd, lr)) => (true, F32x4::splat(wd), F32x4::splat(lr)),
        None => (false, F32x4::zero(), F32x4::zero()),
    };
    let lanes = |p: F32x4, g: F32x4, s: &mut [F32x4; 3]| {
        // g·1 is g, bit for bit: skip the multiply when no norm clip scaled it.
        let mut g = if scaled { g.mul(scale) } else { g };
        if clamp {
            // jnp.clip: NaN stays NaN.
            g = g.maximum(lo).minimum(hi);
        }
        // Keras `_apply_weight_decay`: variable - variable * wd * lr.
        let p = if decay { p.sub(p.mul(wd).mul(lr)) } else { p };
        rule.apply(p, g, s)
    };
    let (p, g) = (v.param, v.grad as *const f32);
    let vector = |i: usize| {
        let mut s = [F32x4::zero(); 3];
        for k in 0..N {
            s[k] = F32x4::load(slots[k].add(i));
        }
        lanes(F32x4::load(p.add(i)), F32x4::load(g.add(i)), &mut s).store(p.add(i));
        for k in 0..N {
            flush_subnormal(s[k]).store(slots[k].add(i));
        }
    };
    let body = r.start + ((r.end - r.start) & !3);
    let pairs = r.start + ((r.end - r.start) & !7);
    let mut i = r.start;
    while i < pairs {
        vector(i);
        vector(i + 4);
        i += 8;
    }
    if i < body {
        vector(i);
    }
    if body < r.end {
        // The tail runs the same four-lane rule on a zero-padded copy.
        let m = r.end - body;
        let mut s = [F32x4::zero(); 3];
        let mut t = [[0.0f32; 4]; 5];
        core::ptr::copy_nonoverlapping(p.add(body), t[0].as_mut_ptr(), m);
        core::ptr::copy_nonoverlapping(g.add(body), t[1].as_mut_ptr(), m);
        for k in 0..N {
            core::ptr::copy_nonoverlapping(slots[k].add(body), t[2 + k].as_mut_ptr(), m);
            s[k] = F32x4::load(t[2 + k].as_ptr());
        }
        lanes(F32x4::load(t[0].as_ptr()), F32x4::load(t[1].as_ptr()), &mut s).store(t[0].as_mut_ptr());
        core::ptr::copy_nonoverlapping(t[0].as_ptr(), p.add(body), m);
        for k in 0..N {
            flush_subnormal(s[k]).store(t[2 + k].as_mut_ptr());
            core::ptr::copy_nonoverlapping(t[2 + k].as_ptr(), slots[k].add(body), m);
        }
    }
}

/// Slots of variables whose gradient stays 0 (e.g. weights of always-black pixels) decay
/// geometrically into subnormal floats, and x86 computes on subnormals ~100× slower;
/// WebAssembly cannot turn on flush-to-zero, so the step flushes them itself. XLA and TF
/// run with FTZ on CPU, so this matches Keras's own arithmetic.
#[inline(always)]
pub(crate) fn flush_subnormal(x: F32x4) -> F32x4 {
    // `x & !mask` is `select(mask, 0, x)` in one instruction (bitselect is three on x64).
    x.andnot(x.abs().lt(F32x4::splat(f32::MIN_POSITIVE)))
}

/// `x > 0 → 1, x < 0 → −1, else x` (jnp.sign: ±0 and NaN pass through).
#[inline(always)]
pub(crate) fn sign(x: F32x4) -> F32x4 {
    let z = F32x4::zero();
    x.gt(z).select(F32x4::splat(1.0), x.lt(z).select(F32x4::splat(-1.0), x))
}

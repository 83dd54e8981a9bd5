//! LSTM over a whole sequence: `z = x·W + h₋₁·R + b`, gates i, f, c, o:
//! `c = σ(z_f)·c₋₁ + σ(z_i)·tanh(z_c)`, `h = σ(z_o)·tanh(c)`.
//!
//! Workspace per (batch, input step), `7·units` floats: the gate activations i, f, g, o
//! (`4u`), tanh(c) (`u`), c₋₁ (`u`) and h₋₁ (`u`).

use super::step_gemm::{step_mm, PackedB};
use super::{col_sum, ld, mm, row_blocks, st, Dims, Flags};
use crate::math::{sigmoid4, tanh4};
use crate::par::{Par, SyncPtr};
use crate::simd::F32x4;
use alloc::vec;

pub const WS_PER_STEP: usize = 7;

/// Forward. `bias` and `mask` may be null. Writes `seq [batch, time, units]` in processing
/// order, the final states `h_t`, `c_t`, and the workspace `[batch, time, 7·units]`.
///
/// # Safety
/// Every pointer must address an array of the size given above; outputs must not overlap inputs.
#[allow(clippy::too_many_arguments)]
pub unsafe fn forward(
    par: &dyn Par, d: Dims, fl: Flags, x: *const f32, h0: *const f32, c0: *const f32, w: *const f32, r: *const f32,
    bias: *const f32, mask: *const f32, seq: *mut f32, h_t: *mut f32, c_t: *mut f32, ws: *mut f32,
) {
    let Dims { batch, time, input, units: u } = d;
    let g4 = 4 * u;
    let wsl = WS_PER_STEP * u;
    // All steps' input projections at once, into the gate slots of the workspace.
    mm(par, batch * time, g4, input, x, input, false, w, g4, false, ws, wsl, 0.0, (!bias.is_null()).then_some(bias));
    // The states live in the outputs, updated in place step by step.
    core::ptr::copy_nonoverlapping(h0, h_t, batch * u);
    core::ptr::copy_nonoverlapping(c0, c_t, batch * u);
    let (hp, cp, wp, sp) = (SyncPtr(h_t), SyncPtr(c_t), SyncPtr(ws), SyncPtr(seq));
    let mk = SyncPtr(mask as *mut f32);
    let Some(rp) = PackedB::new(r, g4, u, g4, false) else { return };
    row_blocks(par, d, 4, &|rows, inner| {
        for s in 0..time {
            let t = fl.step_time(s, time);
            // h₋₁·R added onto the input projections in the gate slots of these rows.
            let zt = wp.get().add((rows.start * time + t) * wsl);
            step_mm(inner, rows.len(), hp.get().add(rows.start * u), u, &rp, zt, time * wsl, true, None);
            for b in rows.clone() {
                let m = mk.get();
                let keep = m.is_null() || *m.add(b * time + t) != 0.0;
                let row = wp.get().add((b * time + t) * wsl);
                let (hb, cb) = (hp.get().add(b * u), cp.get().add(b * u));
                let out = sp.get().add((b * time + s) * u);
                if u % 4 == 0 {
                    forward_row::<true>(u, row, hb, cb, out, keep, fl.zero_output);
                } else {
                    forward_row::<false>(u, row, hb, cb, out, keep, fl.zero_output);
                }
            }
        }
    });
}

/// Lanes of the 4-lane group at `j`: always 4 when `FULL` (`u` a multiple of 4), so the
/// partial-vector branches of `ld`/`st` fold away in that instantiation.
#[inline(always)]
fn lanes<const FULL: bool>(u: usize, j: usize) -> usize {
    if FULL { 4 } else { (u - j).min(4) }
}

/// One row's gate math at one step: activations and states into the workspace row, the
/// new states into `hb`, `cb` and the output row (kept states when the step is masked).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn forward_row<const FULL: bool>(u: usize, row: *mut f32, hb: *mut f32, cb: *mut f32, out: *mut f32, keep: bool, zero_output: bool) {
    let mut j = 0;
    while j < u {
        let n = lanes::<FULL>(u, j);
        let gate = |k: usize| ld(row.add(k * u + j), n);
        let i = sigmoid4(gate(0));
        let f = sigmoid4(gate(1));
        let g = tanh4(gate(2));
        let o = sigmoid4(gate(3));
        let c_prev = ld(cb.add(j), n);
        let h_prev = ld(hb.add(j), n);
        let c_new = f.mul(c_prev).add(i.mul(g));
        let tc = tanh4(c_new);
        let h_new = o.mul(tc);
        for (k, v) in [i, f, g, o, tc, c_prev, h_prev].into_iter().enumerate() {
            st(v, row.add(k * u + j), n);
        }
        if keep {
            st(c_new, cb.add(j), n);
            st(h_new, hb.add(j), n);
            st(h_new, out.add(j), n);
        } else {
            st(if zero_output { F32x4::zero() } else { h_prev }, out.add(j), n);
        }
        j += 4;
    }
}

/// Backward through time. `d_seq`, `d_ht`, `d_ct` may be null (zero); `dx`, `dh0`, `dc0`,
/// `dw`, `dr`, `db` may be null (not needed). `ws` is the forward's workspace.
///
/// # Safety
/// As [`forward`]; `dz` scratch is allocated here.
#[allow(clippy::too_many_arguments)]
pub unsafe fn backward(
    par: &dyn Par, d: Dims, fl: Flags, x: *const f32, w: *const f32, r: *const f32, mask: *const f32, ws: *const f32,
    d_seq: *const f32, d_ht: *const f32, d_ct: *const f32, dx: *mut f32, dh0: *mut f32, dc0: *mut f32, dw: *mut f32,
    dr: *mut f32, db: *mut f32,
) {
    let Dims { batch, time, input, units: u } = d;
    let g4 = 4 * u;
    let wsl = WS_PER_STEP * u;
    let mut dh = vec![0.0f32; batch * u];
    let mut dc = vec![0.0f32; batch * u];
    if !d_ht.is_null() {
        dh.copy_from_slice(core::slice::from_raw_parts(d_ht, batch * u));
    }
    if !d_ct.is_null() {
        dc.copy_from_slice(core::slice::from_raw_parts(d_ct, batch * u));
    }
    let mut dz = crate::scratch!(batch * time * g4, 0.0f32);
    let (dhp, dcp, dzp) = (SyncPtr(dh.as_mut_ptr()), SyncPtr(dc.as_mut_ptr()), SyncPtr(dz.as_mut_ptr()));
    let (mk, wsr, dq) = (SyncPtr(mask as *mut f32), SyncPtr(ws as *mut f32), SyncPtr(d_seq as *mut f32));
    let Some(rt) = PackedB::new(r, g4, g4, u, true) else { return };
    row_blocks(par, d, 4, &|rows, inner| {
        for s in (0..time).rev() {
            let t = fl.step_time(s, time);
            for b in rows.clone() {
                let m = mk.get();
                let keep = m.is_null() || *m.add(b * time + t) != 0.0;
                let row = wsr.get().add((b * time + t) * wsl);
                let (dhb, dcb) = (dhp.get().add(b * u), dcp.get().add(b * u));
                let dzr = dzp.get().add((b * time + t) * g4);
                let dsq = dq.get();
                let dout = if dsq.is_null() { core::ptr::null() } else { dsq.add((b * time + s) * u) as *const f32 };
                if u % 4 == 0 {
                    backward_row::<true>(u, row, dhb, dcb, dzr, dout, keep, fl.zero_output);
                } else {
                    backward_row::<false>(u, row, dhb, dcb, dzr, dout, keep, fl.zero_output);
                }
            }
            // This step's dz rows of the block, read in place (row stride time·4u).
            let dzt = dzp.get().add((rows.start * time + t) * g4);
            step_mm(inner, rows.len(), dzt, time * g4, &rt, dhp.get().add(rows.start * u), u, true, None);
        }
    });
    if !dh0.is_null() {
        core::ptr::copy_nonoverlapping(dh.as_ptr(), dh0, batch * u);
    }
    if !dc0.is_null() {
        core::ptr::copy_nonoverlapping(dc.as_ptr(), dc0, batch * u);
    }
    let bt = batch * time;
    if !dw.is_null() {
        mm(par, input, g4, bt, x, input, true, dz.as_ptr(), g4, false, dw, g4, 0.0, None);
    }
    if !dr.is_null() {
        // h₋₁ of every step sits in the workspace at offset 6u of each row.
        mm(par, u, g4, bt, ws.add(6 * u), wsl, true, dz.as_ptr(), g4, false, dr, g4, 0.0, None);
    }
    if !db.is_null() {
        col_sum(par, dz.as_ptr(), bt, g4, db);
    }
    if !dx.is_null() {
        mm(par, bt, input, g4, dz.as_ptr(), g4, false, w, g4, true, dx, input, 0.0, None);
    }
}

/// One row's gate gradients at one step (`dout`, the output's gradient row, may be null):
/// dz into `dzr`, dc₋₁ into `dcb`; `dhb` is zeroed for the `dz·Rᵀ` product to add dh₋₁
/// (or carries the gradients through a masked step).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn backward_row<const FULL: bool>(
    u: usize, row: *const f32, dhb: *mut f32, dcb: *mut f32, dzr: *mut f32, dout: *const f32, keep: bool, zero_output: bool,
) {
    let one = F32x4::splat(1.0);
    let mut j = 0;
    while j < u {
        let n = lanes::<FULL>(u, j);
        let dout_j = if dout.is_null() { F32x4::zero() } else { ld(dout.add(j), n) };
        let dh_in = ld(dhb.add(j), n);
        if keep {
            let [i, f, g, o, tc, c_prev] = [0, 1, 2, 3, 4, 5].map(|k| ld(row.add(k * u + j), n));
            let dhn = dh_in.add(dout_j);
            let d_o = dhn.mul(tc);
            let dct = ld(dcb.add(j), n).add(dhn.mul(o).mul(one.sub(tc.mul(tc))));
            let di = dct.mul(g);
            let df = dct.mul(c_prev);
            let dg = dct.mul(i);
            st(dct.mul(f), dcb.add(j), n);
            let grads = [
                di.mul(i).mul(one.sub(i)),
                df.mul(f).mul(one.sub(f)),
                dg.mul(one.sub(g.mul(g))),
                d_o.mul(o).mul(one.sub(o)),
            ];
            for (k, v) in grads.into_iter().enumerate() {
                st(v, dzr.add(k * u + j), n);
            }
            // dh₋₁ = dz·Rᵀ, added by the step product.
            st(F32x4::zero(), dhb.add(j), n);
        } else {
            for k in 0..4 {
                st(F32x4::zero(), dzr.add(k * u + j), n);
            }
            // The states carried over: their gradients pass through, plus the output's
            // when the masked step output h₋₁.
            st(if zero_output { dh_in } else { dh_in.add(dout_j) }, dhb.add(j), n);
        }
        j += 4;
    }
}

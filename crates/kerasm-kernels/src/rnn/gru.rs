//! GRU (Keras's reset_after form) over a whole sequence: with `x·W + b_in = [x_z, x_r, x_h]`
//! and `h₋₁·R + b_rec = [r_z, r_r, r_h]`: `z = σ(x_z + r_z)`, `r = σ(x_r + r_r)`,
//! `ĥ = tanh(x_h + r·r_h)`, `h = z·h₋₁ + (1 − z)·ĥ`.
//!
//! Workspace per (batch, input step), `5·units` floats: z, r, ĥ, r_h and h₋₁.

use super::step_gemm::{step_mm, PackedB};
use super::{col_sum, ld, mm, row_blocks, st, Dims, Flags};
use crate::math::{sigmoid4, tanh4};
use crate::par::{Par, SyncPtr};
use crate::simd::F32x4;
use alloc::vec;

pub const WS_PER_STEP: usize = 5;

/// Forward. `b_in`, `b_rec` (both `[3u]`, or null) and `mask` may be null.
///
/// # Safety
/// As [`super::lstm::forward`].
#[allow(clippy::too_many_arguments)]
pub unsafe fn forward(
    par: &dyn Par, d: Dims, fl: Flags, x: *const f32, h0: *const f32, w: *const f32, r: *const f32, b_in: *const f32,
    b_rec: *const f32, mask: *const f32, seq: *mut f32, h_t: *mut f32, ws: *mut f32,
) {
    let Dims { batch, time, input, units: u } = d;
    let g3 = 3 * u;
    let wsl = WS_PER_STEP * u;
    mm(par, batch * time, g3, input, x, input, false, w, g3, false, ws, wsl, 0.0, (!b_in.is_null()).then_some(b_in));
    // The state lives in the output, updated in place step by step.
    core::ptr::copy_nonoverlapping(h0, h_t, batch * u);
    let (hp, wp, sp) = (SyncPtr(h_t), SyncPtr(ws), SyncPtr(seq));
    let mk = SyncPtr(mask as *mut f32);
    let Some(rp) = PackedB::new(r, g3, u, g3, false) else { return };
    let b_rec = SyncPtr(b_rec as *mut f32);
    row_blocks(par, d, 3, &|rows, inner| {
        let mut hr = vec![0.0f32; rows.len() * g3];
        for s in 0..time {
            let t = fl.step_time(s, time);
            let h_rows = hp.get().add(rows.start * u);
            step_mm(inner, rows.len(), h_rows, u, &rp, hr.as_mut_ptr(), g3, false, (!b_rec.get().is_null()).then_some(b_rec.get() as *const f32));
            for b in rows.clone() {
                let m = mk.get();
                let keep = m.is_null() || *m.add(b * time + t) != 0.0;
                let row = wp.get().add((b * time + t) * wsl);
                let zr = hr.as_ptr().add((b - rows.start) * g3);
                let hb = hp.get().add(b * u);
                let out = sp.get().add((b * time + s) * u);
                let one = F32x4::splat(1.0);
                let mut j = 0;
                while j < u {
                    let n = (u - j).min(4);
                    let z = sigmoid4(ld(row.add(j), n).add(ld(zr.add(j), n)));
                    let rg = sigmoid4(ld(row.add(u + j), n).add(ld(zr.add(u + j), n)));
                    let rh = ld(zr.add(2 * u + j), n);
                    let hh = tanh4(ld(row.add(2 * u + j), n).add(rg.mul(rh)));
                    let h_prev = ld(hb.add(j), n);
                    let h_new = z.mul(h_prev).add(one.sub(z).mul(hh));
                    for (k, v) in [z, rg, hh, rh, h_prev].into_iter().enumerate() {
                        st(v, row.add(k * u + j), n);
                    }
                    if keep {
                        st(h_new, hb.add(j), n);
                        st(h_new, out.add(j), n);
                    } else {
                        st(if fl.zero_output { F32x4::zero() } else { h_prev }, out.add(j), n);
                    }
                    j += 4;
                }
            }
        }
    });
}

/// Backward through time; null outputs are skipped, null incoming gradients are zeros.
/// `db` is `[2, 3u]` (input bias row, then recurrent bias row).
///
/// # Safety
/// As [`super::lstm::backward`].
#[allow(clippy::too_many_arguments)]
pub unsafe fn backward(
    par: &dyn Par, d: Dims, fl: Flags, x: *const f32, w: *const f32, r: *const f32, mask: *const f32, ws: *const f32,
    d_seq: *const f32, d_ht: *const f32, dx: *mut f32, dh0: *mut f32, dw: *mut f32, dr: *mut f32, db: *mut f32,
) {
    let Dims { batch, time, input, units: u } = d;
    let g3 = 3 * u;
    let wsl = WS_PER_STEP * u;
    let mut dh = vec![0.0f32; batch * u];
    if !d_ht.is_null() {
        dh.copy_from_slice(core::slice::from_raw_parts(d_ht, batch * u));
    }
    let bt = batch * time;
    // Gradients of the input projections and of the recurrent projections, per (b, t).
    let mut dxg = crate::scratch!(bt * g3, 0.0f32);
    let mut dhg = crate::scratch!(bt * g3, 0.0f32);
    let (dhp, dxp, dgp) = (SyncPtr(dh.as_mut_ptr()), SyncPtr(dxg.as_mut_ptr()), SyncPtr(dhg.as_mut_ptr()));
    let (mk, wsr, dq) = (SyncPtr(mask as *mut f32), SyncPtr(ws as *mut f32), SyncPtr(d_seq as *mut f32));
    let Some(rt) = PackedB::new(r, g3, g3, u, true) else { return };
    row_blocks(par, d, 3, &|rows, inner| {
        for s in (0..time).rev() {
            let t = fl.step_time(s, time);
            for b in rows.clone() {
                let m = mk.get();
                let keep = m.is_null() || *m.add(b * time + t) != 0.0;
                let row = wsr.get().add((b * time + t) * wsl);
                let dhb = dhp.get().add(b * u);
                let (xr, hrow) = (dxp.get().add((b * time + t) * g3), dgp.get().add((b * time + t) * g3));
                let one = F32x4::splat(1.0);
                let mut j = 0;
                while j < u {
                    let n = (u - j).min(4);
                    let dsq = dq.get();
                    let dout = if dsq.is_null() { F32x4::zero() } else { ld(dsq.add((b * time + s) * u + j), n) };
                    let dh_in = ld(dhb.add(j), n);
                    if keep {
                        let [z, rg, hh, rh, h_prev] = [0, 1, 2, 3, 4].map(|k| ld(row.add(k * u + j), n));
                        let dhn = dh_in.add(dout);
                        let dz = dhn.mul(h_prev.sub(hh));
                        let dah = dhn.mul(one.sub(z)).mul(one.sub(hh.mul(hh)));
                        let dr = dah.mul(rh);
                        let dzz = dz.mul(z).mul(one.sub(z));
                        let dzr = dr.mul(rg).mul(one.sub(rg));
                        let drh = dah.mul(rg);
                        for (k, (a, bv)) in [(dzz, dzz), (dzr, dzr), (dah, drh)].into_iter().enumerate() {
                            st(a, xr.add(k * u + j), n);
                            st(bv, hrow.add(k * u + j), n);
                        }
                        // dh₋₁ = z·dh + (dz_rec·Rᵀ, added by the GEMM below).
                        st(dhn.mul(z), dhb.add(j), n);
                    } else {
                        for k in 0..3 {
                            st(F32x4::zero(), xr.add(k * u + j), n);
                            st(F32x4::zero(), hrow.add(k * u + j), n);
                        }
                        st(if fl.zero_output { dh_in } else { dh_in.add(dout) }, dhb.add(j), n);
                    }
                    j += 4;
                }
            }
            // This step's recurrent-projection gradients of the block, read in place (row stride time·3u).
            let dgt = dgp.get().add((rows.start * time + t) * g3);
            step_mm(inner, rows.len(), dgt, time * g3, &rt, dhp.get().add(rows.start * u), u, true, None);
        }
    });
    if !dh0.is_null() {
        core::ptr::copy_nonoverlapping(dh.as_ptr(), dh0, batch * u);
    }
    if !dw.is_null() {
        mm(par, input, g3, bt, x, input, true, dxg.as_ptr(), g3, false, dw, g3, 0.0, None);
    }
    if !dr.is_null() {
        mm(par, u, g3, bt, ws.add(4 * u), wsl, true, dhg.as_ptr(), g3, false, dr, g3, 0.0, None);
    }
    if !db.is_null() {
        col_sum(par, dxg.as_ptr(), bt, g3, db);
        col_sum(par, dhg.as_ptr(), bt, g3, db.add(g3));
    }
    if !dx.is_null() {
        mm(par, bt, input, g3, dxg.as_ptr(), g3, false, w, g3, true, dx, input, 0.0, None);
    }
}

//! Backward pass, per (batch, key/value head) task so the gradients of a shared key/value
//! head are summed by one task. For each query head of the group and each block of query
//! rows, the probabilities are read from the forward's `probs` when kept, else recomputed from
//! the stored log-sum-exp, then
//!   dP = dO·Vᵀ,  D_i = Σ_j P_ij·dP_ij,  dS = scale·P∘(dP − D),
//!   dQ = dS·K,  dK += dSᵀ·Q,  dV += Pᵀ·dO,
//! each a register-blocked product of `tile` reading q, k, v and the outputs in place
//! (dSᵀ and Pᵀ through strides); dK and dV are accumulated directly in their outputs.

use super::row::{dot, probs_row, softmax_grad_row};
use super::tile::{mm, Rows, Strided};
use super::{chunk_rows, pack_transposed, Dims, Layout, Masking};
use crate::par::{run_if_worth, Par, SyncPtr};
use crate::scratch;

/// Writes `dq`, `dk`, `dv` (overwritten) from `dout`, the forward's `lse` and, if it kept
/// them, its probabilities `probs`.
#[allow(clippy::too_many_arguments)]
pub fn attention_backward(
    par: &dyn Par, d: Dims, layout: Layout, q: &[f32], k: &[f32], v: &[f32], dout: &[f32], lse: &[f32], probs: Option<&[f32]>,
    dq: &mut [f32], dk: &mut [f32], dv: &mut [f32], masking: Masking, scale: f32,
) {
    debug_assert!(d.kv_heads > 0 && d.heads % d.kv_heads == 0);
    debug_assert_eq!(dq.len(), q.len());
    debug_assert_eq!(dk.len(), k.len());
    debug_assert_eq!(dv.len(), v.len());
    let (sq, sk, sv, so) = (
        layout.strides(d.tq, d.heads, d.dk),
        layout.strides(d.tk, d.kv_heads, d.dk),
        layout.strides(d.tk, d.kv_heads, d.dv),
        layout.strides(d.tq, d.heads, d.dv),
    );
    let (group, tk, qc) = (d.heads / d.kv_heads, d.tk, chunk_rows(d.tq, d.tk));
    let (dqp, dkp, dvp) = (SyncPtr(dq.as_mut_ptr()), SyncPtr(dk.as_mut_ptr()), SyncPtr(dv.as_mut_ptr()));
    let (qp, kp, vp, gp, lp) = (q.as_ptr() as usize, k.as_ptr() as usize, v.as_ptr() as usize, dout.as_ptr() as usize, lse.as_ptr() as usize);
    let kept = probs.map_or(0, |p| p.as_ptr() as usize);
    let tasks = d.batch * d.kv_heads;
    let work = tasks * group * d.tq * tk * 2 * (d.dk + d.dv);
    run_if_worth(par, tasks, work, 1 << 16, &|range| {
        let mut kt = scratch!(if kept == 0 { d.dk * tk } else { 0 }, 0.0f32);
        let mut vt = scratch!(d.dv * tk, 0.0f32);
        let mut p = scratch!(if kept == 0 { qc * tk } else { 0 }, 0.0f32);
        let mut ds = scratch!(qc * tk, 0.0f32);
        let (q, k, v, g, lse) = (qp as *const f32, kp as *const f32, vp as *const f32, gp as *const f32, lp as *const f32);
        for task in range {
            let (b, kvh) = (task / d.kv_heads, task % d.kv_heads);
            unsafe {
                let kbase = k.add(b * sk.b + kvh * sk.h);
                if kept == 0 {
                    pack_transposed(&mut kt, kbase, sk.t, tk, d.dk);
                }
                pack_transposed(&mut vt, v.add(b * sv.b + kvh * sv.h), sv.t, tk, d.dv);
                let dkrows = Rows { ptr: dkp.get().add(b * sk.b + kvh * sk.h), ld: sk.t };
                let dvrows = Rows { ptr: dvp.get().add(b * sv.b + kvh * sv.h), ld: sv.t };
                let mut first = true;
                for h in kvh * group..(kvh + 1) * group {
                    let qbase = q.add(b * sq.b + h * sq.h);
                    let gbase = g.add(b * so.b + h * so.h);
                    let dqbase = dqp.get().add(b * sq.b + h * sq.h);
                    let lrow = lse.add((b * d.heads + h) * d.tq);
                    for i0 in (0..d.tq).step_by(qc) {
                        let rows = qc.min(d.tq - i0);
                        let dsp = ds.as_mut_ptr();
                        let (qi, gi) = (qbase.add(i0 * sq.t), gbase.add(i0 * so.t));
                        let pp = if kept != 0 {
                            (kept as *const f32).add(((b * d.heads + h) * d.tq + i0) * tk)
                        } else {
                            let pp = p.as_mut_ptr();
                            mm(rows, tk, d.dk, Strided { ptr: qi, rs: sq.t, cs: 1 }, Rows { ptr: kt.as_ptr(), ld: tk }, Rows { ptr: pp, ld: tk }, scale, false);
                            for r in 0..rows {
                                let i = i0 + r;
                                probs_row(pp.add(r * tk), masking.row(b, i, d.tq, tk), masking.cols(i, tk), tk, *lrow.add(i));
                            }
                            pp as *const f32
                        };
                        mm(rows, tk, d.dv, Strided { ptr: gi, rs: so.t, cs: 1 }, Rows { ptr: vt.as_ptr(), ld: tk }, Rows { ptr: dsp, ld: tk }, 1.0, false);
                        for r in 0..rows {
                            let (pr, dr) = (pp.add(r * tk), dsp.add(r * tk));
                            if *lrow.add(i0 + r) == f32::INFINITY {
                                // Every key masked: constant logits, no gradient to q or k.
                                dr.write_bytes(0, tk);
                                continue;
                            }
                            softmax_grad_row(pr, dr, tk, dot(pr, dr, tk), scale);
                        }
                        let dq_rows = Rows { ptr: dqbase.add(i0 * sq.t), ld: sq.t };
                        mm(rows, d.dk, tk, Strided { ptr: dsp, rs: tk, cs: 1 }, Rows { ptr: kbase, ld: sk.t }, dq_rows, 1.0, false);
                        mm(tk, d.dk, rows, Strided { ptr: dsp, rs: 1, cs: tk }, Rows { ptr: qi, ld: sq.t }, dkrows, 1.0, !first);
                        mm(tk, d.dv, rows, Strided { ptr: pp, rs: 1, cs: tk }, Rows { ptr: gi, ld: so.t }, dvrows, 1.0, !first);
                        first = false;
                    }
                }
                if first {
                    // No query rows: the key/value gradients are zero.
                    for j in 0..tk {
                        dkrows.ptr.add(j * dkrows.ld).write_bytes(0, d.dk);
                        dvrows.ptr.add(j * dvrows.ld).write_bytes(0, d.dv);
                    }
                }
            }
        }
    });
}

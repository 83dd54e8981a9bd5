//! Backward pass, per (batch, key/value head) task so the gradients of a shared key/value
//! head are summed by one task: for each query head of the group and each query row, the
//! probabilities are recomputed from the stored log-sum-exp, then
//!   dP_j = dO_i·v_j,  D_i = Σ_j p_j·dP_j,  dS_j = p_j·(dP_j − D_i),
//!   dq_i = scale·Σ_j dS_j·k_j,  dk_j += scale·dS_j·q_i,  dv_j += p_j·dO_i,
//! with dk and dv accumulated transposed ([d, Tk], four lanes over keys) and written at the end.

use super::row::{axpy, dot, masked_max, scale_into};
use super::{Dims, Layout, Masking};
use crate::math::expf;
use crate::par::{run_if_worth, Par, SyncPtr};
use crate::scratch;

/// Writes `dq`, `dk`, `dv` (overwritten) from `dout` and the forward's `lse`.
#[allow(clippy::too_many_arguments)]
pub fn attention_backward(
    par: &dyn Par, d: Dims, layout: Layout, q: &[f32], k: &[f32], v: &[f32], dout: &[f32], lse: &[f32],
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
    let group = d.heads / d.kv_heads;
    let (dqp, dkp, dvp) = (SyncPtr(dq.as_mut_ptr()), SyncPtr(dk.as_mut_ptr()), SyncPtr(dv.as_mut_ptr()));
    let (qp, kp, vp, gp, lp) = (q.as_ptr() as usize, k.as_ptr() as usize, v.as_ptr() as usize, dout.as_ptr() as usize, lse.as_ptr() as usize);
    let tasks = d.batch * d.kv_heads;
    let work = tasks * group * d.tq * d.tk * 2 * (d.dk + d.dv);
    let tk = d.tk;
    run_if_worth(par, tasks, work, 1 << 16, &|range| {
        let mut kt = scratch!(d.dk * tk, 0.0f32);
        let mut vt = scratch!(d.dv * tk, 0.0f32);
        let mut dkt = scratch!(d.dk * tk, 0.0f32);
        let mut dvt = scratch!(d.dv * tk, 0.0f32);
        let mut p = scratch!(tk, 0.0f32);
        let mut dp = scratch!(tk, 0.0f32);
        let (q, k, v, g, lse) = (qp as *const f32, kp as *const f32, vp as *const f32, gp as *const f32, lp as *const f32);
        for task in range {
            let (b, kvh) = (task / d.kv_heads, task % d.kv_heads);
            unsafe {
                let kbase = k.add(b * sk.b + kvh * sk.h);
                let vbase = v.add(b * sv.b + kvh * sv.h);
                for j in 0..tk {
                    for c in 0..d.dk {
                        kt[c * tk + j] = *kbase.add(j * sk.t + c);
                    }
                    for c in 0..d.dv {
                        vt[c * tk + j] = *vbase.add(j * sv.t + c);
                    }
                }
                dkt.fill(0.0);
                dvt.fill(0.0);
                for h in kvh * group..(kvh + 1) * group {
                    let qbase = q.add(b * sq.b + h * sq.h);
                    let gbase = g.add(b * so.b + h * so.h);
                    let dqbase = dqp.get().add(b * sq.b + h * sq.h);
                    for i in 0..d.tq {
                        let qi = qbase.add(i * sq.t);
                        let gi = gbase.add(i * so.t);
                        let dqi = dqbase.add(i * sq.t);
                        let l = *lse.add((b * d.heads + h) * d.tq + i);
                        let (pp, dpp) = (p.as_mut_ptr(), dp.as_mut_ptr());
                        if l == f32::INFINITY {
                            // Fully masked row: uniform p, constant logits (no dq, dk).
                            let w = 1.0 / tk as f32;
                            for c in 0..d.dv {
                                let a = w * *gi.add(c);
                                for j in 0..tk {
                                    dvt[c * tk + j] += a;
                                }
                            }
                            for c in 0..d.dk {
                                *dqi.add(c) = 0.0;
                            }
                            continue;
                        }
                        let n = masking.cols(i, tk);
                        // Scores again, then p = exp(s − lse) (0 where masked).
                        scale_into(pp, *qi, kt.as_ptr(), n);
                        for c in 1..d.dk {
                            axpy(pp, *qi.add(c), kt.as_ptr().add(c * tk), n);
                        }
                        masked_max(pp, masking.row(b, i, d.tq, tk), n);
                        for j in 0..n {
                            let s = *pp.add(j);
                            *pp.add(j) = if s == f32::NEG_INFINITY { 0.0 } else { expf(s * scale - l) };
                        }
                        // dP = dO_i · Vᵀ, D = Σ p·dP.
                        scale_into(dpp, *gi, vt.as_ptr(), n);
                        for c in 1..d.dv {
                            axpy(dpp, *gi.add(c), vt.as_ptr().add(c * tk), n);
                        }
                        let dd = dot(pp, dpp, n);
                        for c in 0..d.dv {
                            axpy(dvt.as_mut_ptr().add(c * tk), *gi.add(c), pp, n);
                        }
                        // dS (scaled) into dp.
                        for j in 0..n {
                            *dpp.add(j) = *pp.add(j) * (*dpp.add(j) - dd) * scale;
                        }
                        for c in 0..d.dk {
                            *dqi.add(c) = dot(dpp, kt.as_ptr().add(c * tk), n);
                            axpy(dkt.as_mut_ptr().add(c * tk), *qi.add(c), dpp, n);
                        }
                    }
                }
                let dkbase = dkp.get().add(b * sk.b + kvh * sk.h);
                let dvbase = dvp.get().add(b * sv.b + kvh * sv.h);
                for j in 0..tk {
                    for c in 0..d.dk {
                        *dkbase.add(j * sk.t + c) = dkt[c * tk + j];
                    }
                    for c in 0..d.dv {
                        *dvbase.add(j * sv.t + c) = dvt[c * tk + j];
                    }
                }
            }
        }
    });
}

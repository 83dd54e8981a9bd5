//! Forward pass: per (batch, key/value head) task, Kᵀ of that head once, then for each
//! query head of its group and each query row: the score row (Σ_c q_c·Kᵀ[c, :], four lanes
//! over keys), mask, max, exp, sum, and o = Σ_j p_j·v_j / Σ.

use super::row::{axpy, exp_row, masked_max, scale_into};
use super::{Dims, Layout, Masking};
use crate::par::{run_if_worth, Par, SyncPtr};
use crate::scratch;

/// Writes `o` and `lse` ([batch, heads, tq]). See the module docs for layouts and masks.
#[allow(clippy::too_many_arguments)]
pub fn attention_forward(
    par: &dyn Par, d: Dims, layout: Layout, q: &[f32], k: &[f32], v: &[f32], o: &mut [f32], lse: &mut [f32],
    masking: Masking, scale: f32,
) {
    debug_assert!(d.kv_heads > 0 && d.heads % d.kv_heads == 0);
    debug_assert_eq!(q.len(), d.batch * d.tq * d.heads * d.dk);
    debug_assert_eq!(o.len(), d.batch * d.tq * d.heads * d.dv);
    debug_assert_eq!(lse.len(), d.batch * d.heads * d.tq);
    let (sq, sk, sv, so) = (
        layout.strides(d.tq, d.heads, d.dk),
        layout.strides(d.tk, d.kv_heads, d.dk),
        layout.strides(d.tk, d.kv_heads, d.dv),
        layout.strides(d.tq, d.heads, d.dv),
    );
    let group = d.heads / d.kv_heads;
    let (op, lp) = (SyncPtr(o.as_mut_ptr()), SyncPtr(lse.as_mut_ptr()));
    let (qp, kp, vp) = (q.as_ptr() as usize, k.as_ptr() as usize, v.as_ptr() as usize);
    let tasks = d.batch * d.kv_heads;
    let work = tasks * group * d.tq * d.tk * (d.dk + d.dv);
    run_if_worth(par, tasks, work, 1 << 16, &|range| {
        let mut kt = scratch!(d.dk * d.tk, 0.0f32);
        let mut s = scratch!(d.tk, 0.0f32);
        let (q, k, v) = (qp as *const f32, kp as *const f32, vp as *const f32);
        for task in range {
            let (b, kvh) = (task / d.kv_heads, task % d.kv_heads);
            unsafe {
                let kbase = k.add(b * sk.b + kvh * sk.h);
                for j in 0..d.tk {
                    for c in 0..d.dk {
                        kt[c * d.tk + j] = *kbase.add(j * sk.t + c);
                    }
                }
                let vbase = v.add(b * sv.b + kvh * sv.h);
                for h in kvh * group..(kvh + 1) * group {
                    let qbase = q.add(b * sq.b + h * sq.h);
                    let obase = op.get().add(b * so.b + h * so.h);
                    let lrow = lp.get().add((b * d.heads + h) * d.tq);
                    for i in 0..d.tq {
                        let n = masking.cols(i, d.tk);
                        let qi = qbase.add(i * sq.t);
                        let sp = s.as_mut_ptr();
                        scale_into(sp, *qi, kt.as_ptr(), n);
                        for c in 1..d.dk {
                            axpy(sp, *qi.add(c), kt.as_ptr().add(c * d.tk), n);
                        }
                        for j in 0..n {
                            *sp.add(j) *= scale;
                        }
                        let m = masked_max(sp, masking.row(b, i, d.tq, d.tk), n);
                        let oi = obase.add(i * so.t);
                        for c in 0..d.dv {
                            *oi.add(c) = 0.0;
                        }
                        if m == f32::NEG_INFINITY {
                            // Every key masked: equal logits, the mean of all values.
                            let w = 1.0 / d.tk as f32;
                            for j in 0..d.tk {
                                axpy(oi, w, vbase.add(j * sv.t), d.dv);
                            }
                            *lrow.add(i) = f32::INFINITY;
                            continue;
                        }
                        let sum = exp_row(sp, n, m);
                        let inv = 1.0 / sum;
                        for j in 0..n {
                            let p = *sp.add(j);
                            if p != 0.0 {
                                axpy(oi, p * inv, vbase.add(j * sv.t), d.dv);
                            }
                        }
                        *lrow.add(i) = m + crate::math::lnf(sum);
                    }
                }
            }
        }
    });
}

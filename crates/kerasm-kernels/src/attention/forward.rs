//! Forward pass, per (batch, key/value head) task: Kᵀ of that head packed once, then for each
//! query head of its group, blocks of query rows: S = scale·Q·Kᵀ and O = P·V by the
//! register-blocked products of `tile`, the masked softmax row by row in between. With
//! `probs`, each block is written there ([batch, heads, tq, tk]) for the backward to reuse.

use super::row::softmax_row;
use super::tile::{mm, Rows, Strided};
use super::{chunk_rows, pack_transposed, Dims, Layout, Masking};
use crate::par::{run_if_worth, Par, SyncPtr};
use crate::scratch;

/// Writes `o`, `lse` ([batch, heads, tq]) and, if given, the probabilities `probs`
/// ([batch, heads, tq, tk]). See the module docs for layouts and masks.
#[allow(clippy::too_many_arguments)]
pub fn attention_forward(
    par: &dyn Par, d: Dims, layout: Layout, q: &[f32], k: &[f32], v: &[f32], o: &mut [f32], lse: &mut [f32],
    probs: Option<&mut [f32]>, masking: Masking, scale: f32,
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
    let (group, tk, qc) = (d.heads / d.kv_heads, d.tk, chunk_rows(d.tq, d.tk));
    debug_assert!(probs.as_ref().is_none_or(|p| p.len() == d.batch * d.heads * d.tq * d.tk));
    let (op, lp) = (SyncPtr(o.as_mut_ptr()), SyncPtr(lse.as_mut_ptr()));
    let pp = SyncPtr(probs.map_or(core::ptr::null_mut(), |p| p.as_mut_ptr()));
    let (qp, kp, vp) = (q.as_ptr() as usize, k.as_ptr() as usize, v.as_ptr() as usize);
    let tasks = d.batch * d.kv_heads;
    let work = tasks * group * d.tq * tk * (d.dk + d.dv);
    run_if_worth(par, tasks, work, 1 << 16, &|range| {
        let mut kt = scratch!(d.dk * tk, 0.0f32);
        let mut s = scratch!(if pp.get().is_null() { qc * tk } else { 0 }, 0.0f32);
        let (q, k, v) = (qp as *const f32, kp as *const f32, vp as *const f32);
        for task in range {
            let (b, kvh) = (task / d.kv_heads, task % d.kv_heads);
            unsafe {
                pack_transposed(&mut kt, k.add(b * sk.b + kvh * sk.h), sk.t, tk, d.dk);
                let vrows = Rows { ptr: v.add(b * sv.b + kvh * sv.h), ld: sv.t };
                for h in kvh * group..(kvh + 1) * group {
                    let qbase = q.add(b * sq.b + h * sq.h);
                    let obase = op.get().add(b * so.b + h * so.h);
                    let lrow = lp.get().add((b * d.heads + h) * d.tq);
                    for i0 in (0..d.tq).step_by(qc) {
                        let rows = qc.min(d.tq - i0);
                        // The block in `probs` when kept, else in scratch.
                        let sp = if pp.get().is_null() { s.as_mut_ptr() } else { pp.get().add(((b * d.heads + h) * d.tq + i0) * tk) };
                        let qa = Strided { ptr: qbase.add(i0 * sq.t), rs: sq.t, cs: 1 };
                        mm(rows, tk, d.dk, qa, Rows { ptr: kt.as_ptr(), ld: tk }, Rows { ptr: sp, ld: tk }, scale, false);
                        for r in 0..rows {
                            let i = i0 + r;
                            *lrow.add(i) = softmax_row(sp.add(r * tk), masking.row(b, i, d.tq, tk), masking.cols(i, tk), tk);
                        }
                        let pa = Strided { ptr: sp, rs: tk, cs: 1 };
                        mm(rows, d.dv, tk, pa, vrows, Rows { ptr: obase.add(i0 * so.t), ld: so.t }, 1.0, false);
                    }
                }
            }
        }
    });
}

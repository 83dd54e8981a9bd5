// Fused scaled-dot-product attention, softmax(scale·q·kᵀ + mask)·v, in one kernel call per
// direction (bindings/kernels/attention.ts). The op chooses what the backward gets: up to
// KEEP_PROBS floats, the forward keeps the [batch, heads, Tq, Tk] probabilities (saves the
// backward one of its five products and the exponentials); beyond, the backward recomputes
// them from each row's log-sum-exp, so long sequences never hold the whole score tensor. Query head h uses
// key/value head h / (heads / kvHeads), so grouped-query attention needs no repeated heads.
//
// Semantics of jax.nn.dot_product_attention (Keras's fused path): masked scores are dropped,
// and a query row with every key masked averages all values (no gradient to q or k).

import { attentionBackward, attentionForward } from '../../bindings/kernels/attention.js';
import { ValueError, fmt } from '../errors.js';
import { engine } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { broadcastTo } from './broadcast.js';
import { cast } from './cast.js';
import { be, empty, record } from './op.js';

/** The largest probability tensor (floats) the forward keeps for the backward: 16 MiB. */
const KEEP_PROBS = 1 << 22;

export interface DotProductAttentionOptions {
  /** Multiplies q·kᵀ. Default 1/√dk. */
  scale?: number;
  /** Broadcastable to [batch, Tq, Tk]; nonzero = attend. Not differentiated. */
  mask?: Tensor | null;
  /** Query step i attends to key steps j ≤ i. */
  causal?: boolean;
  /** 'btnh' (default): q [batch, Tq, heads, dk], k [batch, Tk, kvHeads, dk], v [batch, Tk, kvHeads, dv]; 'bnth': heads before steps. */
  layout?: 'btnh' | 'bnth';
}

/** The attention output, shaped as `q` with v's head size. */
export function dotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: DotProductAttentionOptions = {}): Tensor {
  const K = 'dotProductAttention';
  const layout = opts.layout ?? 'btnh';
  if (layout !== 'btnh' && layout !== 'bnth') throw new ValueError(`${K}: layout must be 'btnh' or 'bnth'. Received: layout=${fmt(layout)}`);
  for (const [n, t] of [['q', q], ['k', k], ['v', v]] as const) {
    if (t.rank !== 4) throw new ValueError(`${K}: ${n} must have rank 4. Received: ${n}.shape=${fmt(t.shape)}`);
    if (t.dtype !== 'float32') throw new ValueError(`${K}: ${n} must be float32. Received: dtype=${t.dtype}`);
  }
  const [tAx, hAx] = layout === 'btnh' ? [1, 2] : [2, 1];
  const batch = q.shape[0]!, tq = q.shape[tAx]!, heads = q.shape[hAx]!, dk = q.shape[3]!;
  const tk = k.shape[tAx]!, kvHeads = k.shape[hAx]!, dv = v.shape[3]!;
  const bad = k.shape[0] !== batch || v.shape[0] !== batch || k.shape[3] !== dk || v.shape[tAx] !== tk || v.shape[hAx] !== kvHeads ||
    heads % kvHeads !== 0 || tk < 1;
  if (bad) {
    throw new ValueError(`${K}: expected q, k, v with one batch size, k and v with the same steps and heads (dividing q's heads), ` +
      `q and k with the same head size. Received: q.shape=${fmt(q.shape)}, k.shape=${fmt(k.shape)}, v.shape=${fmt(v.shape)} (layout ${layout})`);
  }
  let mask: Tensor | null = null;
  const temps: Tensor[] = [];
  if (opts.mask) {
    const m = opts.mask;
    if (m.rank > 3) throw new ValueError(`${K}: mask must broadcast to [batch, Tq, Tk] = ${fmt([batch, tq, tk])}. Received: mask.shape=${fmt(m.shape)}`);
    const perBatch = m.rank === 3 && m.shape[0] !== 1;
    const want = [perBatch ? batch : 1, tq, tk];
    mask = m.dtype === 'float32' ? m : cast(m, 'float32');
    if (mask !== m) temps.push(mask);
    if (mask.rank !== 3 || mask.shape.some((d, i) => d !== want[i])) {
      mask = broadcastTo(mask, want);
      temps.push(mask);
    }
  }
  const maskPerBatch = mask !== null && mask.shape[0] !== 1;
  const dims = {
    batch, heads, kvHeads, tq, tk, dk, dv, layout, causal: opts.causal === true, scale: opts.scale ?? 1 / Math.sqrt(dk),
    mask: mask?.buf ?? null, maskPerBatch,
  } as const;
  const oShape = layout === 'btnh' ? [batch, tq, heads, dv] : [batch, heads, tq, dv];
  const o = empty(oShape, 'float32', K);
  const lse = empty([batch, heads, tq], 'float32', K);
  // Kept only when a backward may follow (an input needs a gradient).
  const probs = engine.needsGrad([q, k, v]) && batch * heads * tq * tk <= KEEP_PROBS ? empty([batch, heads, tq, tk], 'float32', K) : null;
  attentionForward(be(), { ...dims, q: q.buf, k: k.buf, v: v.buf, o: o.buf, lse: lse.buf, probs: probs?.buf ?? null });
  record(K, [q, k, v], [o], (dys, needs, s) => {
    const [sq, sk, sv, sl] = s as [Tensor, Tensor, Tensor, Tensor];
    const sp = probs ? s[4] : undefined, sm = mask ? s[probs ? 5 : 4] : undefined;
    if (!dys[0] || !needs.some(Boolean)) return [null, null, null];
    const dq = empty(q.shape, 'float32', `${K} backward`);
    const dkT = empty(k.shape, 'float32', `${K} backward`);
    const dvT = empty(v.shape, 'float32', `${K} backward`);
    attentionBackward(be(), {
      ...dims, mask: sm?.buf ?? null, probs: sp?.buf ?? null, q: sq.buf, k: sk.buf, v: sv.buf, dout: dys[0].buf, lse: sl.buf,
      dq: dq.buf, dkOut: dkT.buf, dvOut: dvT.buf,
    });
    const out = [dq, dkT, dvT].map((g, i) => (needs[i] ? g : (g.dispose(), null)));
    return out;
  }, [q, k, v, lse, ...(probs ? [probs] : []), ...(mask ? [mask] : [])]);
  lse.dispose();
  probs?.dispose();
  for (const t of temps) t.dispose();
  return o;
}

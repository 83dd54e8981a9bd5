// Attention masks as float32 0/1 tensors (1 = attend): causal and sliding-window masks built
// on the JS side, products of broadcastable masks, and the masked softmax of Keras.

import { ValueError, fmt } from '../../errors.js';
import { mul } from '../../ops/binary.js';
import { cast } from '../../ops/cast.js';
import { reshape } from '../../ops/reshape.js';
import { where } from '../../ops/where.js';
import { fromData } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';

/** [1, T, S]: query step i sees key steps j ≤ i (Keras `_compute_causal_mask`). */
export function causalMask(t: number, s: number): Tensor {
  const d = new Float32Array(t * s);
  for (let i = 0; i < t; i++) for (let j = 0; j <= Math.min(i, s - 1); j++) d[i * s + j] = 1;
  return fromData('causalMask', d, [1, t, s], 'float32');
}

/** [1, T, S]: |i − j| < window (Keras `_compute_sliding_window_mask`). */
export function slidingWindowMask(t: number, s: number, window: number): Tensor {
  const d = new Float32Array(t * s);
  for (let i = 0; i < t; i++) for (let j = 0; j < s; j++) d[i * s + j] = Math.abs(i - j) < window ? 1 : 0;
  return fromData('slidingWindowMask', d, [1, t, s], 'float32');
}

/** Product of the masks that are given (logical and), or null. */
export function andMasks(...ms: (Tensor | null | undefined)[]): Tensor | null {
  let out: Tensor | null = null;
  for (const m of ms) if (m) out = out ? mul(out, m) : m;
  return out;
}

/** A user-given mask as float32 0/1 (Keras casts to bool: any nonzero is true). */
export function asMask(where_: string, m: Tensor | null | undefined): Tensor | null {
  if (m === null || m === undefined) return null;
  if (typeof m !== 'object' || !('isTensor' in m)) throw new ValueError(`${where_}: expected a Tensor. Received: ${fmt(m)}`);
  return m.dtype === 'float32' ? m : cast(m, 'float32');
}

/** `mask` with size-1 axes inserted at `axis` until it has `rank` axes (Keras's mask expansion). */
export function expandMaskTo(mask: Tensor, rank: number, axis: number): Tensor {
  let shape = mask.shape.slice();
  while (shape.length < rank) {
    const a = axis < 0 ? shape.length + 1 + axis : axis;
    shape = [...shape.slice(0, a), 1, ...shape.slice(a)];
  }
  return shape.length === mask.rank ? mask : reshape(mask, shape);
}

/** Scores where the mask is 0 replaced by `fill` (−1e9, as Keras's Softmax; gradient 0 there). */
export function maskScores(scores: Tensor, mask: Tensor, fill = -1e9): Tensor {
  return where(mask, scores, fill);
}

/** The attention masks an attention layer's call combines (Keras `_compute_attention_mask`). */
export interface LayerMaskParts {
  queryMask: Tensor | null;
  valueMask: Tensor | null;
  keyMask: Tensor | null;
  attentionMask: Tensor | null;
  causal: boolean;
  slidingWindow: number | null;
}

/**
 * Query ([B, T] → [B, T, 1]), value and key ([B, S] → [B, 1, S]), causal and sliding-window
 * ([1, T, S]) and explicit masks, and-ed; null when there is none. Shapes are checked for
 * rank-3 queries (the only rank whose mask shapes Keras fixes).
 */
export function layerAttentionMask(where_: string, query: Tensor, value: Tensor, p: LayerMaskParts): Tensor | null {
  const B = query.shape[0]!, T = query.shape[1]!, S = value.shape[1]!;
  const check = (m: Tensor | null, want: number[], what: string) => {
    if (m && (m.rank !== want.length || m.shape.some((d, i) => d !== want[i]))) {
      throw new ValueError(`${where_}: ${what} must have shape ${fmt(want)}. Received: ${what}.shape=${fmt(m.shape)}`);
    }
  };
  if (query.rank === 3) {
    check(p.queryMask, [B, T], 'query_mask');
    check(p.valueMask, [B, S], 'value_mask');
    check(p.keyMask, [B, S], 'key_mask');
  }
  const am = p.attentionMask;
  if (am && query.rank === 3) {
    const ok = am.rank <= 3 && am.shape.every((d, i) => d === 1 || d === [B, T, S].slice(3 - am.rank)[i]);
    if (!ok) throw new ValueError(`${where_}: attention_mask must broadcast to ${fmt([B, T, S])} (batch, target, source). Received: attention_mask.shape=${fmt(am.shape)}`);
  }
  const q = p.queryMask ? reshape(p.queryMask, [...p.queryMask.shape, 1]) : null;
  const v = p.valueMask ? reshape(p.valueMask, [p.valueMask.shape[0]!, 1, ...p.valueMask.shape.slice(1)]) : null;
  const k = p.keyMask ? reshape(p.keyMask, [p.keyMask.shape[0]!, 1, ...p.keyMask.shape.slice(1)]) : null;
  const c = p.causal ? causalMask(T, S) : null;
  const w = p.slidingWindow !== null ? slidingWindowMask(T, S, p.slidingWindow) : null;
  return andMasks(am, q, v, k, c, w);
}

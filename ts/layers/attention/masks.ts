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

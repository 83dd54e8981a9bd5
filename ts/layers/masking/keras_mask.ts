// Keras masks attached to tensors (Keras 3 `backend.set_keras_mask` / `get_keras_mask`): a
// layer's output carries the mask of its time steps, and the next layer, loss or metric reads
// it from there, in eager calls, Sequential and functional models alike.
//
// The mask is kept as JS data next to the tensor (a WeakMap), not as a WASM tensor: a tensor
// that escapes a `tidy` keeps its mask, and nothing has to be disposed when either goes away.
// Masks are small ([batch, time]); reading one back as a tensor is one copy.

import { ValueError, fmt } from '../../errors.js';
import { fromData } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';

export interface MaskData {
  readonly shape: readonly number[];
  /** 1 = keep, 0 = masked. */
  readonly data: Float32Array;
}

const attached = new WeakMap<object, MaskData>();

/** The mask's values as JS data (0/1 float32). Any nonzero entry counts as 1. */
export function maskData(mask: Tensor): MaskData {
  const v = mask.dataSync();
  const data = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) data[i] = v[i] !== 0 ? 1 : 0;
  return { shape: mask.shape.slice(), data };
}

/** Attaches `mask` (a tensor or its data) to `t`; `null` removes it. */
export function setKerasMask(t: Tensor, mask: Tensor | MaskData | null): void {
  if (mask === null) attached.delete(t);
  else attached.set(t, 'isTensor' in mask ? maskData(mask) : mask);
}

/** The mask attached to `t` as a new float32 tensor (the caller disposes it), or null. */
export function getKerasMask(t: Tensor): Tensor | null {
  const m = attached.get(t);
  return m ? fromData('getKerasMask', m.data, m.shape, 'float32') : null;
}

export function getMaskData(t: Tensor): MaskData | undefined {
  return attached.get(t);
}

export function hasKerasMask(t: Tensor): boolean {
  return attached.has(t);
}

/** Gives `to` the mask of `from` (for an op that keeps the time axis, e.g. a softmax on logits). */
export function copyKerasMask(from: Tensor, to: Tensor): Tensor {
  const m = attached.get(from);
  if (m && from !== to) attached.set(to, m);
  return to;
}

/**
 * Checks that a mask fits an input. Every layer checks the batch axis and the rank (at most
 * the input's); a layer that consumes the mask (`steps` given) checks its full shape
 * [batch, steps].
 */
export function checkMaskShape(where: string, mask: { shape: readonly (number | null)[] }, inputShape: readonly (number | null)[], steps?: number | null): void {
  const ms = mask.shape;
  const same = (a: number | null | undefined, b: number | null | undefined) => a === null || b === null || a === b;
  const ok = steps === undefined
    ? ms.length >= 1 && ms.length <= inputShape.length && same(ms[0], inputShape[0])
    : ms.length === 2 && same(ms[0], inputShape[0]) && same(ms[1], steps);
  if (!ok) {
    const expected = steps === undefined ? `a batch axis of ${fmt(inputShape[0] ?? null)} and rank ≤ ${inputShape.length}` : `shape ${fmt([inputShape[0] ?? null, steps])} (batch, steps)`;
    throw new ValueError(`${where}: the mask does not fit the input of shape ${fmt(inputShape)}: expected ${expected}. Received: mask.shape=${fmt(ms)}`);
  }
}

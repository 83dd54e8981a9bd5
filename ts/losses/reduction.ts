// How per-sample losses become one number (Keras `losses/loss.py`): sample weights and masks
// multiply the values, then 'sum' adds them up and 'sum_over_batch_size' / 'mean' divide
// that sum by the number of values (not by the sum of the weights).

import { ValueError, fmt } from '../errors.js';
import { mul } from '../ops/binary.js';
import { cast } from '../ops/cast.js';
import { sum } from '../ops/reduce.js';
import { expandDims, reshape, squeeze } from '../ops/reshape.js';
import { mulScalar } from '../ops/unary.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import { broadcastShapes, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** How a loss reduces per-sample values (Keras `reduction`): `'sum_over_batch_size'` (default), `'sum'`, `'mean'`, `'mean_with_sample_weight'`, or `'none'` (per-sample values). */
export type Reduction = 'sum_over_batch_size' | 'sum' | 'mean' | 'mean_with_sample_weight' | 'none';

/** Every {@link Reduction}, in Keras's order. */
export const REDUCTIONS: readonly Reduction[] = ['sum_over_batch_size', 'sum', 'mean', 'mean_with_sample_weight', 'none'];

/** Validates a reduction; `null` means 'none' as in Keras. */
export function standardizeReduction(reduction: unknown, where = 'Loss'): Reduction {
  if (reduction === null) return 'none';
  if (!REDUCTIONS.includes(reduction as Reduction)) {
    throw new ValueError(`${where}: invalid value for \`reduction\`. Expected one of ${REDUCTIONS.map((r) => `'${r}'`).join(', ')}. ` +
      `Received: reduction=${fmt(reduction)}`);
  }
  return reduction as Reduction;
}

/**
 * Makes the ranks of `a` and `b` equal when they differ by one and the longer one ends in a
 * size-1 axis (Keras `squeeze_or_expand_to_same_rank`): that axis is squeezed, or, when the
 * shorter one is rank 1 and `expandRank1`, the shorter one gets a trailing axis.
 */
export function squeezeOrExpandToSameRank(a: Tensor, b: Tensor, expandRank1 = true): [Tensor, Tensor] {
  const ra = a.rank, rb = b.rank;
  if (ra === rb + 1 && a.shape[ra - 1] === 1) {
    return rb === 1 && expandRank1 ? [a, expandDims(b, -1)] : [squeeze(a, -1), b];
  }
  if (rb === ra + 1 && b.shape[rb - 1] === 1) {
    return ra === 1 && expandRank1 ? [expandDims(a, -1), b] : [a, squeeze(b, -1)];
  }
  return [a, b];
}

/** float32 version of a weight or mask. */
function asFloat(t: Tensor): Tensor {
  return t.dtype === 'float32' ? t : cast(t, 'float32');
}

/**
 * Aligns `weights` with `values` for an elementwise product. After Keras's squeeze/expand,
 * a weight of lower rank gets trailing axes, so [batch] weights scale every loss of a
 * [batch, time] loss tensor (Keras 3 would broadcast from the right instead and fail or
 * mis-scale; we keep the tf.keras behaviour).
 */
export function alignWeights(where: string, values: Tensor, weights: Tensor): [Tensor, Tensor] {
  let [v, w] = squeezeOrExpandToSameRank(values, asFloat(weights));
  if (w.rank < v.rank && w.rank > 0) w = reshape(w, [...w.shape, ...new Array<number>(v.rank - w.rank).fill(1)]);
  try {
    broadcastShapes(where, v.shape, w.shape);
  } catch {
    throw new ValueError(`${where}: sample_weight of shape ${fmt(weights.shape)} cannot be broadcast to the per-sample ` +
      `loss of shape ${fmt(values.shape)}. Received: sample_weight.shape=${fmt(weights.shape)}`);
  }
  if (sizeOf(broadcastShapes(where, v.shape, w.shape)) !== v.size) {
    throw new ValueError(`${where}: sample_weight must not enlarge the per-sample loss of shape ${fmt(values.shape)}. ` +
      `Received: sample_weight.shape=${fmt(weights.shape)}`);
  }
  return [v, w];
}

/**
 * Merges a boolean-like mask into the sample weights (Keras `apply_mask`). For the averaging
 * reductions, kept entries are scaled by total/valid so the average runs over the valid
 * entries only.
 */
export function applyMask(where: string, weights: Tensor | null, mask: Tensor | null, reduction: Reduction): Tensor | null {
  if (!mask) return weights;
  let m = asFloat(mask);
  if (reduction === 'mean' || reduction === 'sum_over_batch_size') {
    const valid = sum(m).dataSync()[0]!;
    m = mulScalar(m, valid === 0 ? 0 : m.size / valid);
  }
  if (!weights) return m;
  const [mm, ww] = alignWeights(where, m, weights);
  return mul(mm, ww);
}

/** Keras `reduce_weighted_values`: weight, then reduce. */
export function reduceWeightedValues(
  where: string, values: Tensor, sampleWeight: TensorLike | null | undefined, mask: Tensor | null, reduction: Reduction,
): Tensor {
  let weights = sampleWeight == null ? null : asFloat(toTensor(sampleWeight, where));
  weights = applyMask(where, weights, mask, reduction);
  let v = values;
  if (weights) {
    const [va, wa] = alignWeights(where, values, weights);
    v = mul(va, wa);
    weights = wa;
  }
  if (reduction === 'none' || v.rank === 0 || (v.rank === 1 && v.shape[0] === 0)) return v;
  const total = sum(v);
  if (reduction === 'sum') return total;
  let divisor = v.size;
  if (reduction === 'mean_with_sample_weight' && weights) divisor = sum(weights).dataSync()[0]!;
  // divide_no_nan: an empty batch (or zero total weight) gives 0, not NaN.
  if (divisor === 0) return mulScalar(total, 0);
  return mulScalar(total, 1 / divisor);
}

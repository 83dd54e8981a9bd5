// Global pooling over the spatial axes of channels-last tensors (Keras GlobalAveragePooling*
// / GlobalMaxPooling*): reductions over every axis between batch and channels, so gradients
// come from mean and max (max ties share the gradient equally, as JAX does).

import { toTensor, type TensorLike } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { ValueError, fmt } from '../../errors.js';
import { max, mean } from '../reduce.js';

function spatialAxes(op: string, x: Tensor): number[] {
  if (x.rank < 3) throw new ValueError(`${op}: expected a rank ≥ 3 input [batch, ...spatial, channels]. Received: x.shape=${fmt(x.shape)}`);
  return Array.from({ length: x.rank - 2 }, (_, i) => i + 1);
}

/** Mean over the spatial axes: [n, …, c] → [n, c] (or [n, 1, …, 1, c] with keepDims). */
export function globalAvgPool(x: TensorLike, keepDims = false): Tensor {
  const t = toTensor(x, 'globalAvgPool');
  return mean(t, spatialAxes('globalAvgPool', t), keepDims);
}

/** Max over the spatial axes: [n, …, c] → [n, c] (or [n, 1, …, 1, c] with keepDims). */
export function globalMaxPool(x: TensorLike, keepDims = false): Tensor {
  const t = toTensor(x, 'globalMaxPool');
  return max(t, spatialAxes('globalMaxPool', t), keepDims);
}

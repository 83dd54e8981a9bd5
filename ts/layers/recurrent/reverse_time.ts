// Reverses the time axis (axis 1) of a [batch, time, …] tensor: a gather with descending
// indices, so the gradient comes for free.

import { gather } from '../../ops/gather.js';
import { fromData } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';

export function reverseTime(x: Tensor): Tensor {
  const t = x.shape[1]!;
  const idx = fromData('reverseTime', Int32Array.from({ length: t }, (_, i) => t - 1 - i), [t], 'int32');
  const y = gather(x, idx, 1);
  idx.dispose();
  return y;
}

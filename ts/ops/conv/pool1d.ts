// 1-D pooling (Keras MaxPooling1D / AveragePooling1D) as 2-D pooling over a height-1 image:
// [n, steps, c] → [n, 1, steps, c]. Gradients flow through the reshapes.

import { ValueError, fmt } from '../../errors.js';
import { toTensor, type TensorLike } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { reshape } from '../reshape.js';
import { checkRank, type Pair } from './geometry.js';
import { avgPool2d, maxPool2d, type PoolPadding } from './pool2d.js';

type Pool2 = (x: Tensor, poolSize: Pair, strides: Pair, padding: PoolPadding) => Tensor;

function pool1d(op: string, pool2: Pool2, x: TensorLike, poolSize: number, strides: number | null | undefined, padding: PoolPadding): Tensor {
  const X = toTensor(x, op);
  checkRank(op, X, 3, 'input', '[batch, steps, channels]');
  for (const [what, v] of [['poolSize', poolSize], ['strides', strides ?? poolSize]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ValueError(`${op}: ${what} must be a positive integer. Received: ${what}=${fmt(v)}`);
  }
  if (padding === 'valid' && X.shape[1]! < poolSize) {
    throw new ValueError(`${op}: the window (${poolSize}) is longer than the input (${X.shape[1]}). Received: x.shape=${fmt(X.shape)}, poolSize=${poolSize}, padding='valid'`);
  }
  const x4 = reshape(X, [X.shape[0]!, 1, X.shape[1]!, X.shape[2]!]);
  const y4 = pool2(x4, [1, poolSize], [1, strides ?? poolSize], padding);
  const y = reshape(y4, [y4.shape[0]!, y4.shape[2]!, y4.shape[3]!]);
  x4.dispose();
  y4.dispose();
  return y;
}

/** @example maxPool1d(x /* [2, 7, 3] *\/, 2) // → [2, 3, 3] */
export const maxPool1d = (x: TensorLike, poolSize = 2, strides?: number | null, padding: PoolPadding = 'valid') =>
  pool1d('maxPool1d', maxPool2d, x, poolSize, strides, padding);

/** @example avgPool1d(x /* [2, 7, 3] *\/, 3, 2, 'same') // → [2, 4, 3] */
export const avgPool1d = (x: TensorLike, poolSize: number, strides?: number | null, padding: PoolPadding = 'valid') =>
  pool1d('avgPool1d', avgPool2d, x, poolSize, strides, padding);

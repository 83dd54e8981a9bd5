// broadcastTo: materialise a NumPy broadcast. Its gradient sums over the broadcast axes.

import { ValueError, fmt } from '../errors.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import { broadcastAxes, broadcastShapes, broadcastStrides, shapesEqual, stridesOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty, record1 } from './op.js';
import { sum } from './reduce.js';
import { reshape } from './reshape.js';
import { copyStrided } from './strided.js';

/**
 * Copies `x` to `shape` by NumPy broadcasting (Keras `ops.broadcast_to`); the gradient sums over the broadcast axes.
 */
export function broadcastTo(x: TensorLike, shape: readonly number[]): Tensor {
  const t = toTensor(x, 'broadcastTo');
  const out = broadcastShapes('broadcastTo', t.shape, shape);
  if (!shapesEqual(out, shape)) {
    throw new ValueError(`broadcastTo: cannot broadcast shape ${fmt(t.shape)} to ${fmt(shape)}. Received: shape=${fmt(shape)}`);
  }
  const y = empty(out, t.dtype, 'broadcastTo');
  copyStrided('broadcastTo', t, 0, broadcastStrides(t.shape, out), y, 0, stridesOf(out), out);
  record1('broadcastTo', [t], y, (dy) => [sumTo(dy, t.shape)]);
  return y;
}

/** Sums `x` over the axes along which `shape` was broadcast to x's shape (gradient helper). */
export function sumTo(x: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  const axes = broadcastAxes(shape, x.shape);
  const s = sum(x, axes);
  const r = reshape(s, shape);
  s.dispose();
  return r;
}

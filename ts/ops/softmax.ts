// softmax and logSoftmax over one axis, stable (max-subtracted), with fused backward kernels.

import { ValueError } from '../errors.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import { normalizeAxis, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty, record1 } from './op.js';
import { check, ex } from './raw.js';

function run(name: 'softmax' | 'logSoftmax', x: TensorLike, axis: number): Tensor {
  const t = toTensor(x, name);
  if (t.dtype !== 'float32') throw new ValueError(`${name}: expected a float32 tensor. Received: dtype=${t.dtype}`);
  if (t.rank === 0) throw new ValueError(`${name}: expected a tensor of rank ≥ 1. Received: rank 0`);
  const a = normalizeAxis(name, axis, t.rank);
  const outer = sizeOf(t.shape.slice(0, a));
  const n = t.shape[a]!;
  const inner = sizeOf(t.shape.slice(a + 1));
  const isLog = name === 'logSoftmax' ? 1 : 0;
  const y = empty(t.shape, 'float32', name);
  check(name, ex().kx_softmax(t.buf.ptr, y.buf.ptr, outer, n, inner, isLog));
  // softmax: dx = y ⊙ (dy − Σ dy⊙y);  logSoftmax: dx = dy − exp(y)·Σ dy
  record1(name, [t], y, (dy, _n, [sy]) => {
    const dx = empty(t.shape, 'float32', `${name} backward`);
    check(`${name} backward`, ex().kx_softmax_backward(sy!.buf.ptr, dy.buf.ptr, dx.buf.ptr, outer, n, inner, isLog));
    return [dx];
  }, [y]);
  return y;
}

/**
 * exp(x) / Σ exp(x) along `axis` (default -1), computed max-subtracted so large logits are safe (Keras `ops.softmax`).
 */
export const softmax = (x: TensorLike, axis = -1) => run('softmax', x, axis);
/** x − log Σ exp(x) along `axis` (default -1), stable (Keras `ops.log_softmax`). */
export const logSoftmax = (x: TensorLike, axis = -1) => run('logSoftmax', x, axis);

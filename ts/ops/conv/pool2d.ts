// 2-D max and average pooling, NHWC (Keras MaxPooling2D / AveragePooling2D). 'same' padding
// splits TF-style; padded cells never win a max and are excluded from an average's count.
//
// Gradients: max routes dY to the window tap that won, found again by comparing x with y (ties
// go to the first tap, as XLA's select-and-scatter does); average spreads dY[o]/count(o) over
// the in-image cells of window o.

import { ValueError, fmt } from '../../errors.js';
import { toTensor, type TensorLike } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { empty, record1 } from '../op.js';
import { check, ex } from '../raw.js';
import { checkFloat, checkRank, geomPtr, pair, windowGeometry, type Geom, type Pair } from './geometry.js';

/** Pooling padding: `'valid'` (no padding) or `'same'` (output size ⌈input / stride⌉). */
export type PoolPadding = 'valid' | 'same';

function poolGeometry(op: string, x: Tensor, poolSize: Pair, strides: Pair | null | undefined, padding: PoolPadding): Geom {
  checkRank(op, x, 4, 'input', '[batch, height, width, channels]');
  checkFloat(op, x);
  const [kh, kw] = pair(op, 'poolSize', poolSize, 2);
  if (padding !== 'valid' && padding !== 'same') {
    throw new ValueError(`${op}: padding must be 'valid' or 'same'. Received: padding=${fmt(padding)}`);
  }
  return windowGeometry(op, x.shape, { kh, kw, strides: strides ?? [kh, kw], padding, co: 0 },
    `x.shape=${fmt(x.shape)}, poolSize=${fmt(poolSize)}`);
}

/**
 * Max over `poolSize` windows; `strides` defaults to `poolSize` (Keras).
 * @example maxPool2d(x /* [64, 26, 26, 32] *\/, 2) // → [64, 13, 13, 32]
 */
export function maxPool2d(x: TensorLike, poolSize: Pair = 2, strides?: Pair | null, padding: PoolPadding = 'valid'): Tensor {
  const op = 'maxPool2d';
  const X = toTensor(x, op);
  const g = poolGeometry(op, X, poolSize, strides, padding);
  const y = empty([g.n, g.oh, g.ow, g.c], 'float32', op);
  check(op, ex().kx_max_pool2d(geomPtr(g), X.buf.ptr, y.buf.ptr));
  record1(op, [X], y, (dy, _needs, [sx, sy]) => {
    const dx = empty(X.shape, 'float32', `${op} backward`);
    check(`${op} backward`, ex().kx_max_pool2d_backward(geomPtr(g), sx!.buf.ptr, sy!.buf.ptr, dy.buf.ptr, dx.buf.ptr));
    return [dx];
  }, [X, y]);
  return y;
}

/**
 * Mean over `poolSize` windows (padded cells excluded); `strides` defaults to `poolSize`.
 * @example avgPool2d(x /* [2, 5, 5, 2] *\/, 2, 2, 'same') // → [2, 3, 3, 2]
 */
export function avgPool2d(x: TensorLike, poolSize: Pair, strides?: Pair | null, padding: PoolPadding = 'valid'): Tensor {
  const op = 'avgPool2d';
  const X = toTensor(x, op);
  const g = poolGeometry(op, X, poolSize, strides, padding);
  const y = empty([g.n, g.oh, g.ow, g.c], 'float32', op);
  check(op, ex().kx_avg_pool2d(geomPtr(g), X.buf.ptr, y.buf.ptr));
  record1(op, [X], y, (dy) => {
    const dx = empty(X.shape, 'float32', `${op} backward`);
    check(`${op} backward`, ex().kx_avg_pool2d_backward(geomPtr(g), dy.buf.ptr, dx.buf.ptr));
    return [dx];
  });
  return y;
}

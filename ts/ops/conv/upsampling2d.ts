// 2-D upsampling of NHWC images (Keras UpSampling2D): 'nearest' repeats each pixel
// size[0]×size[1] times; 'bilinear' interpolates with half-pixel centres and edge clamping
// (jax.image.resize / TF2 tf.image.resize, not tfjs's default `halfPixelCenters=false`).
//
// Gradients: the adjoint of the same linear map: nearest sums each block of dY; bilinear
// scatters each dY with its four interpolation weights.

import { ValueError, fmt } from '../../errors.js';
import { toTensor, type TensorLike } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { empty, record1 } from '../op.js';
import { check, ex } from '../raw.js';
import { checkFloat, checkRank, pair, type Pair } from './geometry.js';

/** Interpolation of {@link resizeImages}. */
export type Interpolation = 'nearest' | 'bilinear';

/**
 * Resizes [n, h, w, c] images to [n, outHeight, outWidth, c].
 * @example resizeImages(x /* [2, 3, 3, 2] *\/, [9, 6], 'bilinear') // → [2, 9, 6, 2]
 */
export function resizeImages(x: TensorLike, size: readonly [number, number], interpolation: Interpolation = 'bilinear'): Tensor {
  const op = 'resizeImages';
  const X = toTensor(x, op);
  checkRank(op, X, 4, 'input', '[batch, height, width, channels]');
  checkFloat(op, X);
  const mode = interpolation === 'nearest' ? 0 : interpolation === 'bilinear' ? 1 : -1;
  if (mode < 0) throw new ValueError(`${op}: interpolation must be 'nearest' or 'bilinear'. Received: interpolation=${fmt(interpolation)}`);
  const [oh, ow] = pair(op, 'size', size, 1);
  const [n, h, w, c] = X.shape as [number, number, number, number];
  if ((h === 0 || w === 0) && n * c > 0) {
    throw new ValueError(`${op}: cannot resize an empty image. Received: x.shape=${fmt(X.shape)}`);
  }
  const y = empty([n, oh, ow, c], 'float32', op);
  check(op, ex().kx_resize(mode, n, h, w, c, oh, ow, X.buf.ptr, y.buf.ptr));
  record1(op, [X], y, (dy) => {
    const dx = empty(X.shape, 'float32', `${op} backward`);
    check(`${op} backward`, ex().kx_resize_backward(mode, n, h, w, c, oh, ow, dy.buf.ptr, dx.buf.ptr));
    return [dx];
  });
  return y;
}

/**
 * Keras UpSampling2D: scales height and width by the integer factors `size`.
 * @example upSampling2d(x /* [2, 3, 3, 2] *\/, [2, 3]) // → [2, 6, 9, 2]
 */
export function upSampling2d(x: TensorLike, size: Pair = 2, interpolation: Interpolation = 'nearest'): Tensor {
  const op = 'upSampling2d';
  const X = toTensor(x, op);
  checkRank(op, X, 4, 'input', '[batch, height, width, channels]');
  const [fy, fx] = pair(op, 'size', size, 2);
  return resizeImages(X, [X.shape[1]! * fy, X.shape[2]! * fx], interpolation);
}

// Keras `ops.image.affine_transform` on channels-last images: one 8-parameter transform
// [a0, a1, a2, b0, b1, b2, c0, c1] per image; output pixel (x, y) samples the input at
// ((a0·x + a1·y + a2)/k, (b0·x + b1·y + b2)/k), k = c0·x + c1·y + 1, with Keras's JAX
// sampling (jax.scipy.ndimage.map_coordinates: nearest rounds half away from zero; bilinear
// resolves each of its four taps by the fill mode). One threaded Rust kernel over the batch.
//
// Gradients flow to the images (the adjoint scatter), not to the transforms: augmentation
// draws its transforms, it does not learn them.

import { ValueError, fmt } from '../../errors.js';
import { toTensor, type TensorLike } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { WARP_FILL_MODES, WARP_INTERPOLATIONS, type WarpFillMode, type WarpInterpolation } from '../../../bindings/kernels/image.js';
import { cast } from '../cast.js';
import { reshape } from '../reshape.js';
import { tidy } from '../../autograd/gradients.js';
import { empty, record1 } from '../op.js';
import { check, ex } from '../raw.js';

export type { WarpFillMode as FillMode, WarpInterpolation as ImageInterpolation };

/** Options of `ops.affineTransform` (Keras `keras.ops.image.affine_transform` arguments, camelCase). */
export interface AffineTransformOptions {
  /** 'bilinear' (default) or 'nearest'. */
  interpolation?: WarpInterpolation;
  /** 'constant' (default, as Keras's op), 'nearest', 'wrap', 'mirror' or 'reflect'. */
  fillMode?: WarpFillMode;
  /** The value of points outside the image with fillMode 'constant'. Default 0. */
  fillValue?: number;
}

function option<T extends Record<string, number>>(op: string, name: string, table: T, v: unknown): number {
  const c = typeof v === 'string' ? table[v] : undefined;
  if (c === undefined) throw new ValueError(`${op}: invalid value for argument \`${name}\`. Expected one of ${fmt(Object.keys(table))}. Received: ${name}=${fmt(v)}`);
  return c;
}

/**
 * Warps [n, h, w, c] (or one [h, w, c]) images by [n, 8] (or [8]) transforms.
 * @example affineTransform(x /* [2, 28, 28, 1] *\/, t /* [2, 8] *\/, { fillMode: 'reflect' })
 */
export function affineTransform(images: TensorLike, transforms: TensorLike, opts: AffineTransformOptions = {}): Tensor {
  const op = 'affineTransform';
  const X0 = toTensor(images, op);
  const T0 = toTensor(transforms, op);
  if (X0.rank !== 3 && X0.rank !== 4) {
    throw new ValueError(`${op}: invalid images rank: expected rank 3 (single image) or 4 (batch of images). Received: images.shape=${fmt(X0.shape)}`);
  }
  if ((T0.rank !== 1 && T0.rank !== 2) || T0.shape[T0.rank - 1] !== 8) {
    throw new ValueError(`${op}: invalid transform shape: expected [8] or [batch, 8]. Received: transform.shape=${fmt(T0.shape)}`);
  }
  const interp = option(op, 'interpolation', WARP_INTERPOLATIONS, opts.interpolation ?? 'bilinear');
  const fill = option(op, 'fillMode', WARP_FILL_MODES, opts.fillMode ?? 'constant');
  const fillValue = opts.fillValue ?? 0;
  if (typeof fillValue !== 'number' || !Number.isFinite(fillValue)) throw new ValueError(`${op}: fillValue must be a finite number. Received: fillValue=${fmt(fillValue)}`);
  const batched = X0.rank === 4;
  const n = batched ? X0.shape[0]! : 1;
  const tn = T0.rank === 2 ? T0.shape[0]! : 1;
  if (tn !== n) throw new ValueError(`${op}: one transform per image expected. Received: images.shape=${fmt(X0.shape)}, transform.shape=${fmt(T0.shape)}`);
  return tidy(() => {
    const X = batched ? (X0.dtype === 'float32' ? X0 : cast(X0, 'float32')) : reshape(X0.dtype === 'float32' ? X0 : cast(X0, 'float32'), [1, ...X0.shape]);
    const T = T0.dtype === 'float32' ? T0 : cast(T0, 'float32');
    const [, h, w, c] = X.shape as [number, number, number, number];
    const y = empty(X.shape, 'float32', op);
    check(op, ex().kx_affine_transform(interp, fill, fillValue, n, h, w, c, h, w, T.buf.ptr, X.buf.ptr, y.buf.ptr));
    record1(op, [X], y, (dy, _needs, [Ts]) => {
      const dx = empty(X.shape, 'float32', `${op} backward`);
      check(`${op} backward`, ex().kx_affine_transform_backward(interp, fill, n, h, w, c, h, w, Ts!.buf.ptr, dy.buf.ptr, dx.buf.ptr));
      return [dx];
    }, [T]);
    return batched ? y : reshape(y, X0.shape);
  });
}

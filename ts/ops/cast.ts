// dtype conversion. float32 → int32 truncates toward zero (NaN → 0), like tf.cast.

import { ValueError, fmt } from '../errors.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import type { DType, Tensor } from '../tensor/tensor.js';
import { empty, record1 } from './op.js';
import { check, ex } from './raw.js';
import { reshape } from './reshape.js';

/**
 * Converts to `dtype`; float32 → int32 truncates toward zero and maps NaN to 0, like `tf.cast` (Keras `ops.cast`).
 */
export function cast(x: TensorLike, dtype: DType): Tensor {
  const t = toTensor(x, 'cast');
  if (dtype !== 'float32' && dtype !== 'int32') {
    throw new ValueError(`cast: dtype must be 'float32' or 'int32'. Received: dtype=${fmt(dtype)}`);
  }
  if (t.dtype === dtype) return reshape(t, t.shape);
  const y = empty(t.shape, dtype, 'cast');
  const f = dtype === 'int32' ? ex().kx_cast_f32_i32 : ex().kx_cast_i32_f32;
  check('cast', f(t.buf.ptr, y.buf.ptr, t.size));
  // Casting to float32 passes the gradient; to int32 it stops (not differentiable).
  if (dtype === 'float32') record1('cast', [t], y, (dy) => [dy]);
  return y;
}

// transpose/permute on the `kx_permute` kernel; the gradient applies the inverse permutation.

import { ValueError, fmt } from '../errors.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty, record1 } from './op.js';
import { check, ex, meta } from './raw.js';
import { reshape } from './reshape.js';

/** Permutes axes (default: reverse them, as numpy/tfjs do). */
export function transpose(x: TensorLike, perm?: readonly number[]): Tensor {
  const t = toTensor(x, 'transpose');
  const r = t.rank;
  const p = perm ? perm.map((a) => (a < 0 ? a + r : a)) : Array.from({ length: r }, (_, i) => r - 1 - i);
  if (p.length !== r || new Set(p).size !== r || p.some((a) => !Number.isInteger(a) || a < 0 || a >= r)) {
    throw new ValueError(`transpose: perm must be a permutation of 0..${r - 1}. Received: perm=${fmt(perm)} for shape=${fmt(t.shape)}`);
  }
  if (r > 8) throw new ValueError(`transpose: rank above 8 is not supported. Received: rank ${r}`);
  const outShape = p.map((a) => t.shape[a]!);
  if (p.every((a, i) => a === i)) return reshape(t, t.shape);
  const y = empty(outShape, t.dtype, 'transpose');
  const shapePtr = meta([...t.shape, ...p]);
  check('transpose', ex().kx_permute(t.buf.ptr, y.buf.ptr, r, shapePtr, shapePtr + 4 * r));
  const inverse = new Array<number>(r);
  p.forEach((a, i) => (inverse[a] = i));
  record1('transpose', [t], y, (dy) => [transpose(dy, inverse)]);
  return y;
}

/** Keras `Permute`-style alias. */
export const permute = transpose;

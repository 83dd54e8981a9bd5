// gather (embedding lookup) and oneHot. gather's gradient is a scatter-add into zeros,
// the kernel tfjs-wasm lacks.

import { ValueError, fmt } from '../errors.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import { normalizeAxis, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { BAD_ARG } from '../../bindings/status.js';
import { empty, record1 } from './op.js';
import { check, ex } from './raw.js';

function firstBadIndex(idx: Tensor, len: number): string {
  const v = idx.buf.i32();
  for (let i = 0; i < idx.size; i++) if (v[i]! < 0 || v[i]! >= len) return `indices[${i}]=${v[i]}`;
  return '?';
}

/** Takes slices of `x` along `axis` at the int32 `indices` (any shape). */
export function gather(x: TensorLike, indices: TensorLike, axis = 0): Tensor {
  const t = toTensor(x, 'gather');
  const idx = toTensor(indices, 'gather', 'int32');
  if (idx.dtype !== 'int32') throw new ValueError(`gather: indices must be int32. Received: dtype=${idx.dtype}`);
  const a = normalizeAxis('gather', axis, t.rank);
  const outer = sizeOf(t.shape.slice(0, a));
  const len = t.shape[a]!;
  const inner = sizeOf(t.shape.slice(a + 1));
  const outShape = [...t.shape.slice(0, a), ...idx.shape, ...t.shape.slice(a + 1)];
  const y = empty(outShape, t.dtype, 'gather');
  const st = ex().kx_gather(t.buf.ptr, idx.buf.ptr, y.buf.ptr, outer, idx.size, len, inner);
  if (st === BAD_ARG) {
    y.dispose();
    throw new ValueError(`gather: indices must be in [0, ${len}) for axis ${a} of shape ${fmt(t.shape)}. Received: ${firstBadIndex(idx, len)}`);
  }
  check('gather', st);
  record1('gather', [t, idx], y, (dy, _n, [si]) => {
    const dx = empty(t.shape, 'float32', 'gather backward');
    // Zeroed by a kernel, not from JS, so a compiled step can replay it.
    check('gather backward', ex().kx_fill_f32(dx.buf.ptr, t.size, 0));
    check('gather backward', ex().kx_scatter_add(dy.buf.ptr, si!.buf.ptr, dx.buf.ptr, outer, idx.size, len, inner));
    return [dx, null];
  }, [idx]);
  return y;
}

/** One-hot rows of length `depth` for int32 indices; out-of-range indices give all `offValue`. */
export function oneHot(indices: TensorLike, depth: number, onValue = 1, offValue = 0): Tensor {
  const idx = toTensor(indices, 'oneHot', 'int32');
  if (idx.dtype !== 'int32') throw new ValueError(`oneHot: indices must be int32. Received: dtype=${idx.dtype}`);
  if (!Number.isInteger(depth) || depth < 1) throw new ValueError(`oneHot: depth must be a positive integer. Received: depth=${depth}`);
  const y = empty([...idx.shape, depth], 'float32', 'oneHot');
  check('oneHot', ex().kx_one_hot(idx.buf.ptr, y.buf.ptr, idx.size, depth, onValue, offValue));
  return y;
}

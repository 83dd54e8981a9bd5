// concat, stack, split and unstack: strided copies along one axis.

import { ValueError, fmt } from '../errors.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import { normalizeAxis, stridesOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty, record } from './op.js';
import { expandDims, reshape } from './reshape.js';
import { slice } from './slice.js';
import { copyStrided } from './strided.js';

/**
 * Joins tensors along `axis` (default -1); the other axes must match (Keras `ops.concatenate`, tfjs `tf.concat`).
 */
export function concat(xs: readonly TensorLike[], axis = -1): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ValueError(`concat: expected a non-empty list of tensors. Received: ${fmt(xs)}`);
  const ts = xs.map((x) => toTensor(x, 'concat'));
  const first = ts[0]!;
  const a = normalizeAxis('concat', axis, first.rank);
  for (const t of ts) {
    if (t.rank !== first.rank || t.dtype !== first.dtype || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new ValueError(`concat: all inputs must match except along axis ${a}. ` +
        `Received: shapes ${ts.map((u) => fmt(u.shape)).join(', ')}; dtypes ${ts.map((u) => u.dtype).join(', ')}`);
    }
  }
  const outShape = first.shape.slice();
  outShape[a] = ts.reduce((s, t) => s + t.shape[a]!, 0);
  const y = empty(outShape, first.dtype, 'concat');
  const ost = stridesOf(outShape);
  let at = 0;
  for (const t of ts) {
    copyStrided('concat', t, 0, stridesOf(t.shape), y, at * ost[a]!, ost, t.shape);
    at += t.shape[a]!;
  }
  record('concat', ts, [y], (dys) => {
    const dy = dys[0]!;
    let off = 0;
    return ts.map((t) => {
      const begin = outShape.map((_, i) => (i === a ? off : 0));
      off += t.shape[a]!;
      return slice(dy, begin, t.shape);
    });
  });
  return y;
}

/** Joins tensors of equal shape along a new axis. */
export function stack(xs: readonly TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ValueError(`stack: expected a non-empty list of tensors. Received: ${fmt(xs)}`);
  const ts = xs.map((x) => toTensor(x, 'stack'));
  const a = normalizeAxis('stack', axis, ts[0]!.rank + 1);
  const expanded = ts.map((t) => expandDims(t, a));
  const y = concat(expanded, a);
  expanded.forEach((t) => t.dispose());
  return y;
}

/** Splits along `axis` into equal parts (a number) or the listed sizes (one may be -1). */
export function split(x: TensorLike, numOrSizes: number | readonly number[], axis = 0): Tensor[] {
  const t = toTensor(x, 'split');
  const a = normalizeAxis('split', axis, t.rank);
  const len = t.shape[a]!;
  let sizes: number[];
  if (typeof numOrSizes === 'number') {
    if (!Number.isInteger(numOrSizes) || numOrSizes <= 0 || len % numOrSizes !== 0) {
      throw new ValueError(`split: axis ${a} of length ${len} does not divide into ${numOrSizes} equal parts. Received: numOrSizes=${numOrSizes}`);
    }
    sizes = new Array(numOrSizes).fill(len / numOrSizes);
  } else {
    sizes = numOrSizes.slice();
    const unknown = sizes.indexOf(-1);
    if (unknown >= 0) sizes[unknown] = len - sizes.reduce((s, v, i) => (i === unknown ? s : s + v), 0);
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || sizes.reduce((s, v) => s + v, 0) !== len) {
      throw new ValueError(`split: sizes must be non-negative and sum to ${len}. Received: numOrSizes=${fmt(numOrSizes)}`);
    }
  }
  let off = 0;
  return sizes.map((s) => {
    const begin = t.shape.map((_, i) => (i === a ? off : 0));
    const size = t.shape.map((d, i) => (i === a ? s : d));
    off += s;
    return slice(t, begin, size);
  });
}

/** Splits along `axis` into its slices, removing the axis. */
export function unstack(x: TensorLike, axis = 0): Tensor[] {
  const t = toTensor(x, 'unstack');
  const a = normalizeAxis('unstack', axis, t.rank);
  const rest = t.shape.filter((_, i) => i !== a);
  return split(t, t.shape[a]!, a).map((p) => {
    const r = reshape(p, rest);
    p.dispose();
    return r;
  });
}


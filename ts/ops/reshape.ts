// Shape-only ops: reshape, flatten, expandDims, squeeze. They share storage (no copy);
// their gradient reshapes back.

import { ValueError, fmt } from '../errors.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import { normalizeAxes, normalizeAxis, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { record1 } from './op.js';

/** Reshape to `shape`; one entry may be -1 and is inferred. */
export function reshape(x: TensorLike, shape: readonly number[]): Tensor {
  const t = toTensor(x, 'reshape');
  const out = resolveShape(shape, t.size, t.shape);
  const y = t.view(out);
  record1('reshape', [t], y, (dy) => [reshape(dy, t.shape)]);
  return y;
}

function resolveShape(shape: readonly number[], size: number, from: readonly number[]): number[] {
  if (!Array.isArray(shape)) throw badReshape(shape, size, from);
  const out = shape.slice();
  const unknown = out.indexOf(-1);
  if (out.some((d, i) => !Number.isInteger(d) || d < -1 || (d === -1 && i !== unknown))) throw badReshape(shape, size, from);
  if (unknown >= 0) {
    const known = sizeOf(out.filter((_, i) => i !== unknown));
    if (known === 0 || size % known !== 0) throw badReshape(shape, size, from);
    out[unknown] = size / known;
  }
  if (sizeOf(out) !== size) throw badReshape(shape, size, from);
  return out;
}

// A function, not a closure in resolveShape: reshape runs several times per training step and
// the package build (esbuild keepNames) pays a defineProperty per named closure.
function badReshape(shape: readonly number[], size: number, from: readonly number[]): ValueError {
  return new ValueError(`reshape: cannot reshape a tensor of shape ${fmt(from)} (size ${size}) into ${fmt(shape)}. Received: shape=${fmt(shape)}`);
}

/** Collapses all but the first axis: [b, …] → [b, prod(…)]. */
export function flatten(x: TensorLike): Tensor {
  const t = toTensor(x, 'flatten');
  if (t.rank === 0) throw new ValueError('flatten: expected a tensor of rank ≥ 1. Received: rank 0');
  return reshape(t, [t.shape[0]!, sizeOf(t.shape.slice(1))]);
}

/** Inserts a size-1 axis at `axis` (which may be `rank`). */
export function expandDims(x: TensorLike, axis = 0): Tensor {
  const t = toTensor(x, 'expandDims');
  const a = normalizeAxis('expandDims', axis, t.rank + 1);
  const s = t.shape.slice();
  s.splice(a, 0, 1);
  return reshape(t, s);
}

/** Removes size-1 axes (all of them, or those listed). */
export function squeeze(x: TensorLike, axis?: number | number[]): Tensor {
  const t = toTensor(x, 'squeeze');
  const axes = axis === undefined ? t.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes('squeeze', axis, t.rank);
  for (const a of axes) {
    if (t.shape[a] !== 1) throw new ValueError(`squeeze: axis ${a} has size ${t.shape[a]}, not 1. Received: shape=${fmt(t.shape)}, axis=${fmt(axis)}`);
  }
  return reshape(t, t.shape.filter((_, i) => !axes.includes(i)));
}

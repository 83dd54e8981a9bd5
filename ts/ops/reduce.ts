// Reductions over any set of axes on the `kx_reduce` kernel, which reduces the middle
// axis of an [outer, n, inner] view. Adjacent reduced axes merge into one run; separate
// runs reduce one after another (exact for sum/max/min/prod).

import { ValueError, fmt } from '../errors.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import { normalizeAxes, normalizeAxis, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { broadcastTo } from './broadcast.js';
import { div, equal, mul, sub } from './binary.js';
import { empty, record1 } from './op.js';
import { check, ex } from './raw.js';
import { reshape } from './reshape.js';
import { transpose } from './transpose.js';
import { exp, mulScalar } from './unary.js';

/** Op codes of crates/kerasm-kernels/src/reduce.rs. */
const REDUCE = { sum: 0, mean: 1, max: 2, min: 3, prod: 4, argmax: 5, argmin: 6, variance: 7, sumSquares: 8, logSumExp: 9, any: 10, all: 11 } as const;
type ReduceName = keyof typeof REDUCE;

type Axis = number | readonly number[] | null | undefined;

/** Contiguous runs of sorted axes, e.g. [0, 2, 3] → [[0, 1], [2, 4]]. */
function runs(axes: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const a of axes) {
    const last = out.at(-1);
    if (last && last[1] === a) last[1] = a + 1;
    else out.push([a, a + 1]);
  }
  return out;
}

function reduceRuns(name: ReduceName, t: Tensor, axes: number[], dtype: 'float32' | 'int32' = 'float32'): Tensor {
  let cur = t;
  let shape = t.shape.slice();
  const rs = runs(axes);
  // No axis to reduce: an unrecorded view. (A recorded reshape here would add a second
  // tape node for the same output and double the gradient of e.g. sum(scalar).)
  if (rs.length === 0) return t.view(t.shape);
  for (let i = rs.length - 1; i >= 0; i--) {
    const [s, e] = rs[i]!;
    const outer = sizeOf(shape.slice(0, s));
    const n = sizeOf(shape.slice(s, e));
    const inner = sizeOf(shape.slice(e));
    const next = shape.slice(0, s).concat(shape.slice(e));
    const out = empty(next, dtype, name);
    check(name, ex().kx_reduce(REDUCE[name], cur.buf.ptr, out.buf.ptr, outer, n, inner));
    if (cur !== t) cur.dispose();
    cur = out;
    shape = next;
  }
  return cur;
}

function keptShape(shape: readonly number[], axes: number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

function finish(y: Tensor, shape: readonly number[], axes: number[], keepDims: boolean): Tensor {
  if (!keepDims) return y;
  const r = reshape(y, keptShape(shape, axes));
  y.dispose();
  return r;
}

function floatInput(op: string, x: TensorLike): Tensor {
  const t = toTensor(x, op);
  if (t.dtype !== 'float32') throw new ValueError(`${op}: expected a float32 tensor. Received: dtype=${t.dtype}`);
  return t;
}

/** dy of a reduction, reshaped with the reduced axes kept and broadcast back to x. */
function spread(dy: Tensor, x: Tensor, axes: number[]): Tensor {
  const k = reshape(dy, keptShape(x.shape, axes));
  const b = broadcastTo(k, x.shape);
  k.dispose();
  return b;
}

/**
 * Sum over `axis` (a number, a list, or all axes when omitted); `keepDims` keeps reduced axes as size 1 (Keras `ops.sum`, tfjs `tf.sum`).
 */
export function sum(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  const t = floatInput('sum', x);
  const axes = normalizeAxes('sum', axis, t.rank);
  const y = finish(reduceRuns('sum', t, axes), t.shape, axes, keepDims);
  record1('sum', [t], y, (dy) => [spread(dy, t, axes)]);
  return y;
}

/** Mean over `axis` (all axes when omitted), `keepDims` as in {@link sum} (Keras `ops.mean`). */
export function mean(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  const t = floatInput('mean', x);
  const axes = normalizeAxes('mean', axis, t.rank);
  const n = sizeOf(axes.map((a) => t.shape[a]!));
  let y: Tensor;
  if (runs(axes).length <= 1) {
    y = reduceRuns('mean', t, axes);
  } else {
    const s = reduceRuns('sum', t, axes);
    y = mulScalar(s, 1 / n);
    s.dispose();
  }
  y = finish(y, t.shape, axes, keepDims);
  record1('mean', [t], y, (dy) => {
    const s = spread(dy, t, axes);
    const r = mulScalar(s, 1 / n);
    s.dispose();
    return [r];
  });
  return y;
}

function extreme(name: 'max' | 'min', x: TensorLike, axis: Axis, keepDims: boolean): Tensor {
  const t = floatInput(name, x);
  const axes = normalizeAxes(name, axis, t.rank);
  if (axes.some((a) => t.shape[a] === 0)) {
    throw new ValueError(`${name}: cannot reduce over an empty axis. Received: shape=${fmt(t.shape)}, axis=${fmt(axis)}`);
  }
  const y = finish(reduceRuns(name, t, axes), t.shape, axes, keepDims);
  // Ties share the gradient equally, as JAX does.
  record1(name, [t], y, (dy, _n, [sx, sy]) => {
    const ys = spread(sy!, sx!, axes);
    const mask = equal(sx!, ys);
    const counts = sum(mask, axes, true);
    const d = spread(dy, sx!, axes);
    const g = mul(mask, d);
    const r = div(g, counts);
    [ys, mask, counts, d, g].forEach((v) => v.dispose());
    return [r];
  }, [t, y]);
  return y;
}

/** Largest value over `axis` (all axes when omitted); ties share the gradient equally, as JAX does (Keras `ops.max`). */
export const max = (x: TensorLike, axis?: Axis, keepDims = false) => extreme('max', x, axis, keepDims);
/** Smallest value over `axis` (all axes when omitted) (Keras `ops.min`). */
export const min = (x: TensorLike, axis?: Axis, keepDims = false) => extreme('min', x, axis, keepDims);

/** Product over `axis` (all axes when omitted) (Keras `ops.prod`). */
export function prod(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  const t = floatInput('prod', x);
  const axes = normalizeAxes('prod', axis, t.rank);
  const y = finish(reduceRuns('prod', t, axes), t.shape, axes, keepDims);
  // d prod / dx_i = prod / x_i (undefined where x_i = 0, as in tfjs).
  record1('prod', [t], y, (dy, _n, [sx, sy]) => {
    const ys = spread(sy!, sx!, axes);
    const d = spread(dy, sx!, axes);
    const q = div(ys, sx!);
    const r = mul(q, d);
    [ys, d, q].forEach((v) => v.dispose());
    return [r];
  }, [t, y]);
  return y;
}

/** Population variance (Keras `ops.var`). */
export function variance(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  const t = floatInput('variance', x);
  const axes = normalizeAxes('variance', axis, t.rank);
  const n = sizeOf(axes.map((a) => t.shape[a]!));
  let y: Tensor;
  if (runs(axes).length === 1) {
    y = finish(reduceRuns('variance', t, axes), t.shape, axes, keepDims);
  } else {
    const m = mean(t, axes, true);
    const c = sub(t, m);
    const c2 = mul(c, c);
    y = mean(c2, axes, keepDims);
    [m, c, c2].forEach((v) => v.dispose());
    return y;
  }
  // d var / dx = 2 (x − mean) / n
  record1('variance', [t], y, (dy, _n, [sx]) => {
    const m = mean(sx!, axes, true);
    const c = sub(sx!, m);
    const d = spread(dy, sx!, axes);
    const g = mul(c, d);
    const r = mulScalar(g, 2 / n);
    [m, c, d, g].forEach((v) => v.dispose());
    return [r];
  }, [t]);
  return y;
}

/** log Σ exp(x), stable. */
export function logSumExp(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  const t = floatInput('logSumExp', x);
  const axes = normalizeAxes('logSumExp', axis, t.rank);
  if (runs(axes).length > 1) {
    // Non-adjacent axes: move them together at the end; the transpose carries the gradient.
    const kept = t.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const moved = transpose(t, [...kept, ...axes]);
    const r = logSumExp(moved, axes.map((_, i) => kept.length + i));
    moved.dispose();
    return finish(r, t.shape, axes, keepDims);
  }
  const y = finish(reduceRuns('logSumExp', t, axes), t.shape, axes, keepDims);
  // d/dx = exp(x − lse) = softmax(x)
  record1('logSumExp', [t], y, (dy, _n, [sx, sy]) => {
    const ys = spread(sy!, sx!, axes);
    const z = sub(sx!, ys);
    const e = exp(z);
    const d = spread(dy, sx!, axes);
    const r = mul(e, d);
    [ys, z, e, d].forEach((v) => v.dispose());
    return [r];
  }, [t, y]);
  return y;
}

function argReduce(name: 'argmax' | 'argmin', x: TensorLike, axis: number): Tensor {
  const t = toTensor(x, name);
  const src = t.dtype === 'float32' ? t : castForArg(t);
  const a = normalizeAxis(name, axis, t.rank);
  if (t.shape[a] === 0) throw new ValueError(`${name}: cannot reduce over an empty axis. Received: shape=${fmt(t.shape)}, axis=${axis}`);
  const y = reduceRuns(name, src, [a], 'int32');
  if (src !== t) src.dispose();
  return y;
}

function castForArg(t: Tensor): Tensor {
  const y = empty(t.shape, 'float32', 'cast');
  check('cast', ex().kx_cast_i32_f32(t.buf.ptr, y.buf.ptr, t.size));
  return y;
}

/** Index of the largest value along `axis` (default last), as int32. No gradient. */
export const argmax = (x: TensorLike, axis = -1) => argReduce('argmax', x, axis);
/** Index of the smallest value along `axis` (default last), as int32. No gradient (Keras `ops.argmin`). */
export const argmin = (x: TensorLike, axis = -1) => argReduce('argmin', x, axis);

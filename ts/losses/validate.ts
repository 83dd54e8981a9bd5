// Input checks shared by the loss functions: they run before any kernel, and their errors
// name the loss, what it expected and what it received.

import { ValueError, fmt } from '../errors.js';
import { cast } from '../ops/cast.js';
import { fromData, toTensor, type TensorLike } from '../tensor/creation.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { squeezeOrExpandToSameRank } from './reduction.js';

/** Keras `backend.epsilon()`. */
export const EPSILON = 1e-7;

export function asFloat(t: Tensor): Tensor {
  return t.dtype === 'float32' ? t : cast(t, 'float32');
}

/**
 * yTrue and yPred as float32 tensors of one shape, after Keras's rank alignment (a [b]
 * target against a [b, 1] prediction). Keras would broadcast other mismatches silently
 * ([b, 1] against [b, 3]); we reject them, since they are almost always a bug.
 */
export function alignPair(op: string, yTrue: TensorLike, yPred: TensorLike): [Tensor, Tensor] {
  const t0 = asFloat(toTensor(yTrue, op));
  const p0 = asFloat(toTensor(yPred, op));
  const [t, p] = squeezeOrExpandToSameRank(t0, p0);
  if (!shapesEqual(t.shape, p.shape)) {
    throw new ValueError(`${op}: y_true and y_pred must have the same shape. ` +
      `Received: y_true.shape=${fmt(t0.shape)}, y_pred.shape=${fmt(p0.shape)}`);
  }
  return [t, p];
}

/** Checks a [0, 1] hyper-parameter such as label_smoothing. */
export function checkUnit(op: string, name: string, v: number): number {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
    throw new ValueError(`${op}: \`${name}\` must be a number in [0, 1]. Received: ${name}=${fmt(v)}`);
  }
  return v;
}

export function checkAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ValueError(`${op}: \`axis\` must be an integer in [${-rank}, ${rank}) for y_pred of rank ${rank}. Received: axis=${fmt(axis)}`);
  }
  return axis < 0 ? axis + rank : axis;
}

export interface SparseLabels {
  /** int32 labels with the class axis of y_pred removed. */
  labels: Tensor;
  /** float32 1/0 per label when `ignoreClass` is set, else null. */
  mask: Tensor | null;
}

/**
 * Integer labels for sparse categorical losses and metrics: [...] or [..., 1] against
 * y_pred [..., classes]. Every label must be an integer in [0, classes), except
 * `ignoreClass`, which is replaced by 0 and masked out. Labels are small, so the range is
 * checked on the host, once per call.
 */
export function sparseLabels(op: string, yTrue: TensorLike, yPred: Tensor, ignoreClass: number | null = null): SparseLabels {
  let y = toTensor(yTrue, op);
  if (yPred.rank < 1) throw new ValueError(`${op}: y_pred must have a class axis. Received: y_pred.shape=${fmt(yPred.shape)}`);
  const classes = yPred.shape.at(-1)!;
  const lead = yPred.shape.slice(0, -1);
  if (y.rank === yPred.rank && y.shape.at(-1) === 1) y = y.view(y.shape.slice(0, -1));
  if (!shapesEqual(y.shape, lead)) {
    throw new ValueError(`${op}: integer labels must have y_pred's shape without its class axis, ${fmt(lead)} ` +
      `(or ${fmt([...lead, 1])}). Received: y_true.shape=${fmt(y.shape)}, y_pred.shape=${fmt(yPred.shape)}`);
  }
  const v = y.buf.view();
  const n = y.size;
  let fixed: Int32Array | null = y.dtype === 'int32' ? null : new Int32Array(n);
  let mask: Float32Array | null = null;
  for (let i = 0; i < n; i++) {
    const l = v[i]!;
    if (ignoreClass !== null && l === ignoreClass) {
      mask ??= new Float32Array(n).fill(1);
      fixed ??= Int32Array.from(v.subarray(0, n));
      mask[i] = 0;
      fixed[i] = 0;
      continue;
    }
    if (!Number.isInteger(l) || l < 0 || l >= classes) {
      throw new ValueError(`${op}: labels must be integers in [0, ${classes}) for y_pred with ${classes} classes. ` +
        `Received: y_true[${i}]=${l}`);
    }
    if (fixed) fixed[i] = l;
  }
  const labels = fixed ? fromData(op, fixed, y.shape, 'int32') : y;
  if (ignoreClass !== null && !mask) mask = new Float32Array(n).fill(1);
  return { labels, mask: mask ? fromData(op, mask, y.shape, 'float32') : null };
}

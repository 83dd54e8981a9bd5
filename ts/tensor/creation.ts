// Creating tensors from JS values: nested arrays, typed arrays, scalars, and constant fills.

import { backend } from '../../bindings/index.js';
import { firstNonFinite } from '../../bindings/kernels/finite.js';
import { DisposedError, ValueError, fmt } from '../errors.js';
import { checkShape, sizeOf, type Shape } from './shape.js';
import { Storage } from './storage.js';
import { Tensor, type DType, type NestedArray, type TypedArray } from './tensor.js';

/** A tensor, nested number arrays, or a typed array: what ops accept where a tensor is expected. */
export type TensorLike = Tensor | NestedArray | TypedArray;

const DTYPES: readonly DType[] = ['float32', 'int32'];

function checkDType(op: string, dtype: unknown): DType {
  if (!DTYPES.includes(dtype as DType)) {
    throw new ValueError(`${op}: dtype must be one of ${DTYPES.join(', ')}. Received: dtype=${fmt(dtype)}`);
  }
  return dtype as DType;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** int32 tensors hold integers in [-2^31, 2^31): anything else would be silently changed. */
function checkInt32(op: string, x: number): void {
  if (!Number.isInteger(x) || x < INT32_MIN || x > INT32_MAX) {
    throw new ValueError(`${op}: int32 values must be integers from ${INT32_MIN} to ${INT32_MAX}. Received: ${x}` +
      ' (round or cast the data first, or use float32)');
  }
}

function inferShape(v: NestedArray | TypedArray): number[] {
  const shape: number[] = [];
  let cur: unknown = v;
  while (Array.isArray(cur) || ArrayBuffer.isView(cur)) {
    const arr = cur as ArrayLike<unknown>;
    shape.push(arr.length);
    if (arr.length === 0) break;
    cur = arr[0];
  }
  return shape;
}

function flatten(op: string, v: NestedArray | TypedArray, shape: number[], out: TypedArray): void {
  let k = 0;
  const ints = out instanceof Int32Array;
  const walk = (x: unknown, axis: number): void => {
    if (axis === shape.length) {
      if (typeof x !== 'number') throw new ValueError(`${op}: values must be numbers. Received: ${fmt(x)}`);
      if (ints) checkInt32(op, x);
      out[k++] = x;
      return;
    }
    const arr = x as ArrayLike<unknown>;
    if (!(Array.isArray(arr) || ArrayBuffer.isView(arr)) || arr.length !== shape[axis]) {
      throw new ValueError(`${op}: ragged nested array: expected length ${shape[axis]} at depth ${axis}. Received: ${fmt(x)}`);
    }
    if (ArrayBuffer.isView(arr) && axis === shape.length - 1) {
      if (ints && !(arr instanceof Int32Array)) for (let i = 0; i < arr.length; i++) checkInt32(op, arr[i] as number);
      out.set(arr as TypedArray, k);
      k += arr.length;
      return;
    }
    for (let i = 0; i < arr.length; i++) walk(arr[i], axis + 1);
  };
  walk(v, 0);
}

/**
 * Elements copied, then checked for NaN/±Infinity, at a time: 64 KiB of float32 is still in
 * cache when the check reads it, so fit/evaluate/predict need no second pass over memory.
 */
const CHUNK = 16384;
/**
 * Only uploads over 1 MiB (data sets) are checked here; fit scans smaller ones in no time if
 * they ever reach it. The constants ops and layers upload pay no extra call, and a training
 * step the compiled plan records never sees the check: the recorder refuses any step in which
 * JS fills more than 1 MiB (training/plan/recorder.ts FILL_MAX_BYTES) whether checked or not.
 */
const CHECK_OVER = 1 << 18;

/** Uploads host values into a new tensor; large float32 data is checked for non-finite values on the way. */
export function fromData(op: string, data: TypedArray | ArrayLike<number>, shape: Shape, dtype: DType): Tensor {
  const t = new Tensor(Storage.alloc(sizeOf(shape), dtype, op), shape, dtype);
  const view = t.buf.view();
  const same = ArrayBuffer.isView(data) && data.constructor === view.constructor;
  const ints = dtype === 'int32';
  const check = !ints && view.length > CHECK_OVER;
  if (same && !check) {
    view.set(data as TypedArray);
    return t;
  }
  let bad = -1;
  for (let o = 0; o < view.length; o += CHUNK) {
    const e = Math.min(view.length, o + CHUNK);
    if (same) {
      view.set((data as TypedArray).subarray(o, e), o);
    } else {
      for (let i = o; i < e; i++) {
        const x = (data as ArrayLike<number>)[i]!;
        if (ints) checkInt32(op, x);
        view[i] = x;
      }
    }
    if (check && bad < 0) {
      const at = firstNonFinite(backend(), { x: t.buf, offset: o, len: e - o });
      if (at >= 0) bad = o + at;
    }
  }
  if (check) t.storage.nonFinite = bad;
  return t;
}

/**
 * Creates a tensor from a number, a (nested) array or a typed array.
 * @param shape Optional; inferred from nesting when omitted. Flat data may be reshaped.
 * @param dtype 'float32' (default; 'int32' for Int32Array input) or 'int32'.
 */
export function tensor(values: NestedArray | TypedArray, shape?: Shape, dtype?: DType): Tensor {
  const op = 'tensor';
  const dt = checkDType(op, dtype ?? (values instanceof Int32Array ? 'int32' : 'float32'));
  if (typeof values === 'number') {
    const s = shape ? checkShape(op, shape) : [];
    if (sizeOf(s) !== 1) throw new ValueError(`${op}: a scalar needs a shape of size 1. Received: shape=${fmt(s)}`);
    return fromData(op, [values], s, dt);
  }
  const inferred = inferShape(values);
  const flat = dt === 'float32' ? new Float32Array(sizeOf(inferred)) : new Int32Array(sizeOf(inferred));
  flatten(op, values, inferred, flat);
  const s = shape ? checkShape(op, shape) : inferred;
  if (sizeOf(s) !== flat.length) {
    throw new ValueError(`${op}: shape ${fmt(s)} holds ${sizeOf(s)} values. Received: ${flat.length} values`);
  }
  return fromData(op, flat, s, dt);
}

/** A rank-0 tensor holding `value` (dtype default `'float32'`; tfjs `tf.scalar`). */
export function scalar(value: number, dtype: DType = 'float32'): Tensor {
  return tensor(value, [], dtype);
}

/** A `shape` tensor with every element `value` (dtype default `'float32'`; tfjs `tf.fill`). */
export function fill(shape: Shape, value: number, dtype: DType = 'float32'): Tensor {
  const s = checkShape('fill', shape);
  if (dtype === 'int32') checkInt32('fill', value);
  else if (typeof value !== 'number') throw new ValueError(`fill: value must be a number. Received: ${fmt(value)}`);
  const t = new Tensor(Storage.alloc(sizeOf(s), checkDType('fill', dtype), 'fill'), s, dtype);
  t.buf.view().fill(value);
  return t;
}

/** A `shape` tensor of zeros (dtype default `'float32'`; tfjs `tf.zeros`, Keras `ops.zeros`). */
export function zeros(shape: Shape, dtype: DType = 'float32'): Tensor {
  return fill(shape, 0, dtype);
}

/** A `shape` tensor of ones (dtype default `'float32'`; tfjs `tf.ones`, Keras `ops.ones`). */
export function ones(shape: Shape, dtype: DType = 'float32'): Tensor {
  return fill(shape, 1, dtype);
}

/** Zeros with the shape and dtype of `t` (Keras `ops.zeros_like`). */
export function zerosLike(t: Tensor): Tensor {
  return zeros(t.shape, t.dtype);
}

/** Ones with the shape and dtype of `t` (Keras `ops.ones_like`). */
export function onesLike(t: Tensor): Tensor {
  return ones(t.shape, t.dtype);
}

/** An n×m identity matrix (m defaults to n). */
export function eye(n: number, m = n, dtype: DType = 'float32'): Tensor {
  const t = zeros(checkShape('eye', [n, m]), dtype);
  const v = t.buf.view();
  for (let i = 0; i < Math.min(n, m); i++) v[i * m + i] = 1;
  return t;
}

/** Values start, start+step, … below stop (numpy `arange`). */
export function range(start: number, stop?: number, step = 1, dtype: DType = 'float32'): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0 || !Number.isFinite(step)) throw new ValueError(`range: step must be a non-zero finite number. Received: step=${step}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const t = zeros([n], dtype);
  const v = t.buf.view();
  for (let i = 0; i < n; i++) v[i] = start + i * step;
  return t;
}

/** `num` evenly spaced values from start to stop inclusive. */
export function linspace(start: number, stop: number, num: number): Tensor {
  if (!Number.isInteger(num) || num < 0) throw new ValueError(`linspace: num must be a non-negative integer. Received: num=${num}`);
  const t = zeros([num]);
  const v = t.buf.view();
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) v[i] = start + i * step;
  return t;
}

/** Accepts a Tensor as is; uploads anything else. */
export function toTensor(x: TensorLike, op: string, dtype?: DType): Tensor {
  if (x instanceof Tensor) {
    if (x.isDisposed) throw new DisposedError(`${op}: expected a live tensor. Received: a disposed tensor (id ${x.id}, shape=${fmt(x.shape)})`);
    return x;
  }
  if (typeof x === 'number' || Array.isArray(x) || ArrayBuffer.isView(x)) return tensor(x as NestedArray, undefined, dtype);
  if (x !== null && typeof x === 'object' && (x as { isTensor?: unknown }).isTensor === true) {
    throw new ValueError(`${op}: this tensor was created by another copy of kerasm loaded in the same process (for example ` +
      'the ES module and the CommonJS build: the dual-package hazard); tensors cannot cross copies. ' +
      'Load kerasm one way (import or require) throughout.');
  }
  throw new ValueError(`${op}: expected a Tensor, a number or an array. Received: ${fmt(x)}`);
}

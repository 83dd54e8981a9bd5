// Turning fit/evaluate/predict inputs into batches: validation of x/y, the validation
// split, seeded shuffling, and row gathering for each batch.

import { backend } from '../../bindings/index.js';
import { firstNonFinite } from '../../bindings/kernels/finite.js';
import { ValueError, fmt } from '../errors.js';
import { gather } from '../ops/gather.js';
import { slice } from '../ops/slice.js';
import { fromData, tensor, type TensorLike } from '../tensor/creation.js';
import { Tensor } from '../tensor/tensor.js';
import { StringTensor, isStringTensor, looksLikeStrings, type NestedStrings } from '../tensor/string_tensor.js';

/** Array data: a tensor or array, a list of them (one per input), or strings for a model's string inputs. */
export type Inputs = TensorLike | Tensor[] | NestedStrings | StringTensor | (Tensor | StringTensor | NestedStrings)[];

/**
 * Uploads array inputs; checks that every input has the same number of rows. Strings stay in
 * JS: string arrays become StringTensors, typed as Tensor here so batches hold one kind of
 * value (layers that do not take strings refuse them by name).
 */
export function toTensors(x: Inputs, what: string): { list: Tensor[]; owned: Tensor[]; multi: boolean } {
  const isValue = (v: unknown) => v instanceof Tensor || isStringTensor(v);
  // A list of inputs: tensors, string batches, or string arrays next to them.
  const multi = Array.isArray(x) && x.length > 0 && (isValue(x[0]) || ((x as unknown[]).some(isValue) && (x as unknown[]).every((v) => isValue(v) || looksLikeStrings(v))));
  const items = multi ? (x as Tensor[]) : [x as TensorLike];
  const owned: Tensor[] = [];
  const list = items.map((v) => {
    if (v instanceof Tensor) {
      if (v.isDisposed) throw new ValueError(`${what}: received a disposed tensor.`);
      return v;
    }
    if (isStringTensor(v)) return v as unknown as Tensor;
    if (looksLikeStrings(v)) return StringTensor.from(v as never, what) as unknown as Tensor;
    const t = tensor(v as never);
    owned.push(t);
    return t;
  });
  for (const t of list) {
    if (t.rank === 0) throw new ValueError(`${what}: expected arrays with a batch axis. Received: a scalar`);
  }
  const n = list[0]!.shape[0]!;
  if (list.some((t) => t.shape[0] !== n)) {
    throw new ValueError(`${what}: all arrays must have the same number of samples. Received: ${list.map((t) => t.shape[0]).join(', ')}`);
  }
  return { list, owned, multi };
}

export function numRows(ts: readonly Tensor[]): number {
  return ts[0]!.shape[0]!;
}

/**
 * Rejects NaN/Infinity in float inputs before training starts. The verdict lives on the
 * storage (set by the upload or by the first scan here), so a data set is scanned at most
 * once however often it is passed to fit/evaluate/predict; a Variable's storage keeps none
 * and is scanned every time.
 */
export function checkFinite(ts: readonly Tensor[], what: string): void {
  for (const t of ts) {
    if (t.dtype !== 'float32') continue;
    const s = t.storage;
    let bad = s.nonFinite;
    if (bad === undefined) {
      // The leading t.size elements: a view (reshape) shares the storage with the same elements.
      bad = firstNonFinite(backend(), { x: s.buf, len: t.size });
      if (t.size === s.length) s.nonFinite = bad;
    }
    if (bad >= 0 && bad < t.size) {
      const v = s.buf.f32()[bad]!;
      throw new ValueError(`${what} contains ${Number.isNaN(v) ? 'NaN' : v} at flat index ${bad} (shape ${fmt(t.shape)}). Received: non-finite input data`);
    }
  }
}

/** Rows [start, end) of each tensor (a copy). */
export function rows(ts: readonly Tensor[], start: number, end: number): Tensor[] {
  return ts.map((t) => (isStringTensor(t) ? (t as StringTensor).rows(start, end) as unknown as Tensor
    : slice(t, [start, ...t.shape.slice(1).map(() => 0)], [end - start, ...t.shape.slice(1)])));
}

/** The given rows of each tensor, in order. */
export function gatherRows(ts: readonly Tensor[], idx: Int32Array): Tensor[] {
  const it = fromData('gatherRows', idx, [idx.length], 'int32');
  const out = ts.map((t) => (isStringTensor(t) ? (t as StringTensor).gather(idx) as unknown as Tensor : gather(t, it, 0)));
  it.dispose();
  return out;
}

/** A seeded Fisher–Yates permutation (mulberry32), reproducible across runtimes. */
export function permutation(n: number, seed: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = p[i]!;
    p[i] = p[j]!;
    p[j] = tmp;
  }
  return p;
}

/** Keras `validation_split`: the last fraction of the samples, taken before shuffling. */
export function splitValidation(ts: readonly Tensor[], fraction: number): { train: Tensor[]; val: Tensor[] } {
  if (!(fraction > 0 && fraction < 1)) {
    throw new ValueError(`validationSplit must be in (0, 1). Received: validationSplit=${fmt(fraction)}`);
  }
  const n = numRows(ts);
  const split = Math.floor(n * (1 - fraction));
  if (split === 0 || split === n) {
    throw new ValueError(`validationSplit=${fraction} leaves no ${split === 0 ? 'training' : 'validation'} samples out of ${n}.`);
  }
  return { train: rows(ts, 0, split), val: rows(ts, split, n) };
}

/** Per-sample weights from `classWeight` and sparse or one-hot labels. */
export function classWeightsFor(y: Tensor, classWeight: Record<number, number>): Float32Array {
  const n = y.shape[0]!;
  const out = new Float32Array(n);
  const v = y.buf.view();
  const width = y.rank > 1 ? y.size / n : 1;
  for (let i = 0; i < n; i++) {
    let cls: number;
    if (width === 1) cls = Math.round(v[i]!);
    else {
      cls = 0;
      for (let j = 1; j < width; j++) if (v[i * width + j]! > v[i * width + cls]!) cls = j;
    }
    const w = classWeight[cls];
    out[i] = w === undefined ? 1 : w;
  }
  return out;
}

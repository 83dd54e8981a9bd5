// String inputs of the text layers. kerasm tensors are numeric, so the text layers take JS
// strings where Keras takes string tensors: a string, a string[] (a batch) or nested arrays
// (string[][] with a last axis of 1, as Keras's `(batch, 1)` string inputs). These helpers
// flatten them and keep the shape, the way a tf.string tensor would have one.

import { tensor } from '../../tensor/creation.js';
import type { NestedArray, Tensor } from '../../tensor/tensor.js';
import { isStringTensor, StringTensor, type NestedStrings } from '../../tensor/string_tensor.js';

/** Text input of the string layers: a string, nested arrays of strings, or a StringTensor (a model's string batch). */
export type StringInput = string | readonly StringInput[] | StringTensor;

export interface FlatStrings {
  values: string[];
  shape: number[];
}

/** True for a string or (nested) arrays whose leaves are all strings (an empty array counts). */
export function isStringInput(v: unknown): v is StringInput {
  if (typeof v === 'string' || isStringTensor(v)) return true;
  if (!Array.isArray(v)) return false;
  const leaves = (x: unknown): boolean => (Array.isArray(x) ? x.every(leaves) : typeof x === 'string');
  return v.every(leaves);
}

/** Flattens a string or nested string arrays, checking that they are rectangular. */
export function flattenStrings(where: string, v: unknown): FlatStrings {
  const t = isStringTensor(v) ? v : StringTensor.from(v as NestedStrings, where);
  return { values: t.values as string[], shape: t.shape.slice() };
}

/** Rebuilds nested arrays of `shape` from flat values (the inverse of flattenStrings). */
export function nest<T>(values: readonly T[], shape: readonly number[]): T | unknown[] {
  if (shape.length === 0) return values[0]!;
  const build = (off: number, axis: number): unknown[] => {
    const n = shape[axis]!;
    const stride = shape.slice(axis + 1).reduce((p, q) => p * q, 1);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(axis === shape.length - 1 ? values[off + i] : build(off + i * stride, axis + 1));
    return out;
  };
  return build(0, 0);
}

/** Code-point order, which is the byte order of the UTF-8 encodings (numpy's sort of TF's bytes). */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!, y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Nested number arrays → an int32 tensor when every value is an integer (exact), else float32. */
export function numbersToTensor(v: unknown): Tensor | undefined {
  if (!Array.isArray(v) && typeof v !== 'number') return undefined;
  if (Array.isArray(v) && v.length > 0 && !isNumberArray(v)) return undefined;
  const flat = Array.isArray(v) ? (v.flat(Infinity) as number[]) : [v];
  const ints = flat.every((x) => Number.isInteger(x) && Math.abs(x) < 2 ** 31);
  return tensor(v as NestedArray, undefined, ints ? 'int32' : 'float32');
}

/** `apply(x)` with number arrays made a Tensor (disposed afterwards); other inputs go as they are. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function applyToNumbers<R>(inputs: unknown, apply: (x: any) => R): R {
  const t = numbersToTensor(inputs);
  if (!t) return apply(inputs);
  try {
    return apply(t);
  } finally {
    t.dispose();
  }
}

function isNumberArray(v: unknown): boolean {
  let leaf: unknown = v;
  while (Array.isArray(leaf)) {
    if (leaf.length === 0) return true;
    leaf = leaf[0];
  }
  return typeof leaf === 'number';
}

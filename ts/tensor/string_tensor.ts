// String batches (Keras's tf.string tensors). Strings cannot live in WASM memory, so a batch of
// strings is a JS value: flat strings plus a shape. It carries no gradient and supports only
// what a data pipeline needs (row slices and gathers); it flows along a model's string edges
// (an `input({ dtype: 'string' })` into TextVectorization, StringLookup or Hashing), and any
// other layer receiving one throws a ValueError naming itself.

import { ValueError, fmt } from '../errors.js';

/** Nested arrays of strings, as Keras's string inputs are given: `string[]` (shape [n]) or `string[][]` (shape [n, k]). */
export type NestedStrings = string | readonly NestedStrings[];

/**
 * A batch of strings with a shape (Keras's `tf.string` tensors), held in JS.
 *
 * `fit`/`predict` make them from `string[]` / `string[][]` for a model with a string input;
 * build one yourself with {@link StringTensor.from}.
 * @example StringTensor.from([['good movie'], ['bad film']]).shape   // [2, 1]
 */
export class StringTensor {
  /** Always true: tells string batches from numeric tensors without `instanceof`. */
  readonly isStringTensor = true;
  /** Always `'string'`. */
  readonly dtype = 'string' as const;
  /** The strings in row-major order. */
  readonly values: readonly string[];
  /** The shape, batch axis first. */
  readonly shape: number[];

  constructor(values: readonly string[], shape: readonly number[]) {
    const size = shape.reduce((p, q) => p * q, 1);
    if (values.length !== size) {
      throw new ValueError(`StringTensor: ${values.length} strings do not fill shape ${fmt(shape)}. Received: ${values.length} values`);
    }
    this.values = values;
    this.shape = shape.slice();
  }

  /** Flattens nested string arrays (rectangular), keeping their shape. */
  static from(v: NestedStrings, where = 'StringTensor.from'): StringTensor {
    const shape: number[] = [];
    let cur: unknown = v;
    while (Array.isArray(cur)) {
      shape.push(cur.length);
      cur = cur[0];
    }
    const values: string[] = [];
    const walk = (x: unknown, axis: number): void => {
      if (axis === shape.length) {
        if (typeof x !== 'string') throw new ValueError(`${where}: expected strings. Received: ${fmt(x)} among the inputs`);
        values.push(x);
        return;
      }
      if (!Array.isArray(x) || x.length !== shape[axis]) {
        throw new ValueError(`${where}: the string arrays must be rectangular, of shape ${fmt(shape)}. Received: ${fmt(x)} at axis ${axis}`);
      }
      for (const e of x) walk(e, axis + 1);
    };
    walk(v, 0);
    return new StringTensor(values, shape);
  }

  /** Number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /** Number of strings. */
  get size(): number {
    return this.values.length;
  }

  /** Never disposed: the strings are garbage-collected JS values. */
  get isDisposed(): boolean {
    return false;
  }

  /** Nothing to free (kept so training code can treat batches alike). */
  dispose(): void {}

  private get rowSize(): number {
    return this.shape.slice(1).reduce((p, q) => p * q, 1);
  }

  /** Rows [start, end) along the first axis. */
  rows(start: number, end: number): StringTensor {
    const n = this.shape[0] ?? 0;
    start = Math.max(0, Math.min(start, n));
    end = Math.max(start, Math.min(end, n));
    const k = this.rowSize;
    return new StringTensor(this.values.slice(start * k, end * k), [end - start, ...this.shape.slice(1)]);
  }

  /** The given rows along the first axis, in order. */
  gather(indices: ArrayLike<number>): StringTensor {
    const k = this.rowSize;
    const out: string[] = [];
    for (let i = 0; i < indices.length; i++) {
      const r = indices[i]!;
      for (let j = 0; j < k; j++) out.push(this.values[r * k + j]!);
    }
    return new StringTensor(out, [indices.length, ...this.shape.slice(1)]);
  }

  /** The same strings with another shape of the same size. */
  reshape(shape: readonly number[]): StringTensor {
    return new StringTensor(this.values, shape);
  }

  /** Nested arrays of the strings (the inverse of `from`). */
  toArray(): NestedStrings {
    const build = (off: number, axis: number): NestedStrings => {
      if (axis === this.shape.length) return this.values[off]!;
      const n = this.shape[axis]!;
      const stride = this.shape.slice(axis + 1).reduce((p, q) => p * q, 1);
      return Array.from({ length: n }, (_, i) => build(off + i * stride, axis + 1));
    };
    return build(0, 0);
  }

  /** A short description with the shape. */
  toString(): string {
    return `StringTensor(shape=${fmt(this.shape)})`;
  }
}

/** True for a {@link StringTensor}. */
export function isStringTensor(x: unknown): x is StringTensor {
  return typeof x === 'object' && x !== null && (x as { isStringTensor?: unknown }).isStringTensor === true;
}

/** True for a string or non-empty nested arrays whose first leaf is a string (a string batch as users give it). */
export function looksLikeStrings(v: unknown): boolean {
  let cur = v;
  while (Array.isArray(cur)) {
    if (cur.length === 0) return false;
    cur = cur[0];
  }
  return typeof cur === 'string';
}

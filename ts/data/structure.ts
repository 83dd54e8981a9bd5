// Data set elements: nested arrays/dicts whose leaves are tensors, strings, numbers, or (inside
// a pipeline only) lazy rows of a source array. A row stays a reference until something needs
// it as a tensor, so `fromTensorSlices(...).shuffle(...).batch(...)` copies each sample once,
// straight into its batch, instead of allocating one tensor per sample.

import { ValueError, fmt } from '../errors.js';
import { Storage } from '../tensor/storage.js';
import { Tensor, type DType, type TypedArray } from '../tensor/tensor.js';
import { isStringTensor, type StringTensor } from '../tensor/string_tensor.js';

/** A value of a data set element as users see it (a StringTensor: rows of strings, for string inputs of rank ≥ 2). */
export type Element = Tensor | StringTensor | string | number | string[] | Element[] | { [key: string]: Element };

/** A read-only array a pipeline slices rows from: a caller's tensor, or host data. */
export interface RowSource {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** The flat data; for a tensor, a fresh view of WASM memory (views die when memory grows). */
  data(): TypedArray;
  /** The tensor itself, when the rows are a tensor's: batches then gather them in WASM. */
  readonly tensor?: Tensor;
}

export function tensorSource(t: Tensor): RowSource {
  return { shape: t.shape, dtype: t.dtype, data: () => t.buf.view(), tensor: t };
}

export function hostSource(data: TypedArray, shape: readonly number[]): RowSource {
  return { shape, dtype: data instanceof Int32Array ? 'int32' : 'float32', data: () => data };
}

/** Row `index` of `src`, not yet copied. Dropping it frees nothing; the source is not the pipeline's. */
export class Row {
  constructor(readonly src: RowSource, readonly index: number) {}
  get shape(): number[] {
    return this.src.shape.slice(1);
  }
  get dtype(): DType {
    return this.src.dtype;
  }
  get size(): number {
    let n = 1;
    for (let i = 1; i < this.src.shape.length; i++) n *= this.src.shape[i]!;
    return n;
  }
  /** The row's values (a view: copy before memory can grow). */
  values(): TypedArray {
    const n = this.size;
    return this.src.data().subarray(this.index * n, (this.index + 1) * n);
  }
}

/** The internal leaf: what users see, or a lazy row. */
export type Leaf = Tensor | Row | StringTensor | string | number | string[];
export type Elem = Leaf | Elem[] | { [key: string]: Elem };

export function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string');
}

export function isLeaf(v: unknown): v is Leaf {
  return v instanceof Tensor || v instanceof Row || isStringTensor(v) || typeof v === 'string' || typeof v === 'number' || isStringList(v);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v) || v instanceof Tensor) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** The leaves of an element in a fixed order (arrays in order, dict keys in insertion order). */
export function leaves(e: Elem, out: Leaf[] = []): Leaf[] {
  if (isLeaf(e)) out.push(e);
  else if (Array.isArray(e)) for (const c of e) leaves(c, out);
  else if (isPlainObject(e)) for (const c of Object.values(e)) leaves(c as Elem, out);
  else throw new ValueError(`Dataset: elements must be tensors, numbers, strings, or arrays/dicts of them. Received: ${fmt(e)}`);
  return out;
}

/** Rebuilds `e` with each leaf replaced by `f(leaf)`. */
export function mapLeaves(e: Elem, f: (l: Leaf) => Elem): Elem {
  if (isLeaf(e)) return f(e);
  if (Array.isArray(e)) return e.map((c) => mapLeaves(c, f));
  const out: Record<string, Elem> = {};
  for (const [k, c] of Object.entries(e)) out[k] = mapLeaves(c as Elem, f);
  return out;
}

/** Same nesting as `e`, with leaves taken in order from `ls`. */
export function rebuild(e: Elem, ls: readonly Elem[]): Elem {
  let i = 0;
  return mapLeaves(e, () => ls[i++]!);
}

/** Frees the tensors an element owns (rows belong to their source). */
export function disposeElem(e: unknown): void {
  if (e instanceof Tensor) e.dispose();
  else if (Array.isArray(e)) for (const c of e) disposeElem(c);
  else if (isPlainObject(e)) for (const c of Object.values(e)) disposeElem(c);
}

/**
 * A new tensor holding a copy of `values()`, read after the allocation: a view of WASM memory
 * taken before it would be detached if the allocation grew the memory.
 */
export function tensorFrom(values: () => TypedArray, shape: readonly number[], dtype: DType, what: string): Tensor {
  let size = 1;
  for (const d of shape) size *= d;
  const t = new Tensor(Storage.alloc(size, dtype, what), shape.slice(), dtype);
  t.buf.view().set(values());
  return t;
}

/** What users receive: rows become tensors of their own, numbers and strings stay as they are. */
export function materialize(e: Elem): Element {
  return mapLeaves(e, (l) => (l instanceof Row ? tensorFrom(() => l.values(), l.shape, l.dtype, 'Dataset') : l)) as Element;
}

/** Shape/dtype signature of a leaf, for batching checks and error messages. */
export function leafSpec(l: Leaf): { shape: number[]; dtype: string } {
  if (l instanceof Tensor) return { shape: l.shape.slice(), dtype: l.dtype };
  if (l instanceof Row) return { shape: l.shape, dtype: l.dtype };
  if (typeof l === 'number') return { shape: [], dtype: 'number' };
  if (typeof l === 'string') return { shape: [], dtype: 'string' };
  if (isStringTensor(l)) return { shape: l.shape.slice(), dtype: 'string' };
  return { shape: [l.length], dtype: 'string' };
}

/** A tensor leaf shares its storage (no copy): for data a pipeline keeps and hands out again. */
export function shareElem(e: Elem): Elem {
  return mapLeaves(e, (l) => (l instanceof Tensor ? l.view(l.shape) : Array.isArray(l) ? l.slice() : l));
}

// Where a Dataset's elements come from: in-memory arrays (sliced lazily, without copying
// until a batch is assembled), generators and async iterables.

import { ValueError, fmt } from '../errors.js';
import { engine } from '../tensor/engine.js';
import { tensor } from '../tensor/creation.js';
import { Tensor, type TypedArray } from '../tensor/tensor.js';
import { isStringTensor, type StringTensor } from '../tensor/string_tensor.js';
import { Dataset } from './dataset.js';
import {
  Row, hostSource, isPlainObject, isStringList, tensorSource, type Elem, type Element, type RowSource,
} from './structure.js';

/** Data for fromTensorSlices/fromTensors: tensors, typed arrays, number arrays, string lists, or arrays/dicts of them. */
export type TensorData = Tensor | StringTensor | TypedArray | Float64Array | number | string | string[] | NestedNumbers | TensorData[] | { [key: string]: TensorData };
type NestedNumbers = number[] | NestedNumbers[];

function isNestedNumbers(v: unknown): v is NestedNumbers {
  if (!Array.isArray(v) || v.length === 0) return false;
  return v.every((e) => typeof e === 'number') || v.every((e) => isNestedNumbers(e));
}

/** A leaf array of host data (typed array or nested numbers) as a row source with a leading batch axis. */
function arraySource(v: TypedArray | Float64Array | NestedNumbers, where: string): RowSource {
  if (v instanceof Float32Array || v instanceof Int32Array) return hostSource(v, [v.length]);
  if (ArrayBuffer.isView(v)) return hostSource(Float32Array.from(v as Float64Array), [(v as Float64Array).length]);
  const t = tensor(v as never);
  try {
    return hostSource(t.dataSync(), t.shape);
  } catch (e) {
    throw new ValueError(`${where}: ${(e as Error).message}`);
  } finally {
    t.dispose();
  }
}

/** Walks the structure of `data`, turning each leaf into `leaf(kind, value)`. */
function walk(data: unknown, where: string, leaf: (v: unknown) => Elem): Elem {
  if (data instanceof Tensor || isStringTensor(data) || ArrayBuffer.isView(data) || isNestedNumbers(data) || isStringList(data) ||
    typeof data === 'number' || typeof data === 'string') return leaf(data);
  if (Array.isArray(data)) {
    if (data.length === 0) throw new ValueError(`${where}: empty arrays have no rows. Received: []`);
    return data.map((d) => walk(d, where, leaf));
  }
  if (isPlainObject(data)) {
    const out: Record<string, Elem> = {};
    for (const [k, v] of Object.entries(data)) out[k] = walk(v, where, leaf);
    return out;
  }
  throw new ValueError(`${where}: expected tensors, typed arrays, number arrays, strings, or arrays/dicts of them. Received: ${fmt(data)}`);
}

/**
 * One element per row of `data` (tf.data `from_tensor_slices`): every tensor/array is sliced
 * along its first axis, which must have the same length everywhere. `[x, y]` or `{ x, y }`
 * give tuple or dict elements. Tensors stay the caller's and are read, not copied, until a
 * batch is assembled: keep them alive while the data set is used. `T` types the elements for
 * TypeScript: `fromTensorSlices<[Tensor, Tensor]>([x, y]).map(([a, b]) => …)`.
 */
export function fromTensorSlices<T extends Element = Element>(data: TensorData): Dataset<T> {
  const where = 'data.Dataset.fromTensorSlices';
  const lengths: number[] = [];
  const template = walk(data, where, (v) => {
    if (v instanceof Tensor) {
      if (v.isDisposed) throw new ValueError(`${where}: received a disposed tensor.`);
      if (v.rank === 0) throw new ValueError(`${where}: cannot slice a scalar tensor. Received: shape=[]`);
      lengths.push(v.shape[0]!);
      return { src: tensorSource(v) } as never;
    }
    if (typeof v === 'number' || typeof v === 'string') throw new ValueError(`${where}: cannot slice a scalar. Received: ${fmt(v)}`);
    if (isStringList(v)) {
      lengths.push(v.length);
      return { strings: v } as never;
    }
    if (isStringTensor(v)) {
      // Rank 1: one string per element; higher ranks: a StringTensor row per element.
      if (v.rank === 0) throw new ValueError(`${where}: cannot slice a scalar. Received: ${String(v)}`);
      lengths.push(v.shape[0]!);
      return v.rank === 1 ? { strings: v.values } as never : { stringRows: v } as never;
    }
    const src = arraySource(v as TypedArray, where);
    lengths.push(src.shape[0]!);
    return { src } as never;
  });
  const n = lengths[0]!;
  if (lengths.some((l) => l !== n)) {
    throw new ValueError(`${where}: every array must have the same number of rows. Received: ${lengths.join(', ')}`);
  }
  const at = (e: Elem, i: number): Elem => {
    const node = e as unknown as { src?: RowSource; strings?: string[]; stringRows?: StringTensor };
    if (node.src) return new Row(node.src, i);
    if (node.strings) return node.strings[i]!;
    if (node.stringRows) return node.stringRows.rows(i, i + 1).reshape(node.stringRows.shape.slice(1));
    if (Array.isArray(e)) return e.map((c) => at(c, i));
    const out: Record<string, Elem> = {};
    for (const [k, c] of Object.entries(e as Record<string, Elem>)) out[k] = at(c, i);
    return out;
  };
  return new Dataset<T>({
    sync: function* () {
      for (let i = 0; i < n; i++) yield at(template, i);
    },
  }, n);
}

/** A data set of one element: `data` itself (tf.data `from_tensors`). Tensors stay the caller's. */
export function fromTensors<T extends Element = Element>(data: TensorData): Dataset<T> {
  const where = 'data.Dataset.fromTensors';
  const template = walk(data, where, (v) => {
    if (v instanceof Tensor) {
      if (v.isDisposed) throw new ValueError(`${where}: received a disposed tensor.`);
      return new Row({ shape: [1, ...v.shape], dtype: v.dtype, data: () => v.buf.view() }, 0);
    }
    if (typeof v === 'number' || typeof v === 'string' || isStringList(v) || isStringTensor(v)) return v as Elem;
    const src = arraySource(v as TypedArray, where);
    return new Row({ shape: [1, ...src.shape], dtype: src.dtype, data: src.data }, 0);
  });
  return new Dataset<T>({
    sync: function* () {
      yield template;
    },
  }, 1);
}

/** Generator elements: typed arrays become tensors; tensors that existed before the iteration are shared, not taken. */
function adopt(e: unknown, firstId: number, where: string, index: number): Elem {
  if (e instanceof Tensor) {
    if (e.isDisposed) throw new ValueError(`${where}: element ${index} holds a disposed tensor.`);
    return e.id < firstId ? e.view(e.shape) : e;
  }
  if (e instanceof Float32Array || e instanceof Int32Array) return new Row(hostSource(e, [1, e.length]), 0);
  if (typeof e === 'number' || typeof e === 'string' || isStringList(e) || isStringTensor(e)) return e as Elem;
  if (Array.isArray(e)) return e.map((c) => adopt(c, firstId, where, index));
  if (isPlainObject(e)) {
    const out: Record<string, Elem> = {};
    for (const [k, c] of Object.entries(e)) out[k] = adopt(c, firstId, where, index);
    return out;
  }
  throw new ValueError(`${where}: element ${index} must be tensors, typed arrays, numbers, strings, or arrays/dicts of them. Received: ${fmt(e)}`);
}

/**
 * A data set whose elements `generator()` yields (sync or async; tf.data `from_generator`).
 * The function is called again for each iteration (each epoch), so the data set is
 * re-iterable. Tensors it creates are taken over by the pipeline; tensors that existed before
 * the iteration began are shared, never freed.
 */
export function fromGenerator<T extends Element = Element>(generator: () => Iterator<unknown> | AsyncIterator<unknown> | Iterable<unknown> | AsyncIterable<unknown>): Dataset<T> {
  const where = 'data.Dataset.fromGenerator';
  if (typeof generator !== 'function') {
    throw new ValueError(`${where}: expected a function returning an iterator (a generator function). Received: ${fmt(generator)}`);
  }
  return new Dataset<T>(() => adoptAll(where, () => toIterator(generator(), where)), undefined);
}

/**
 * A data set over an async (or sync) iterable, e.g. a stream. Each iteration of the data set
 * asks the iterable for a new iterator; a one-shot iterable (an async generator object) can
 * therefore be iterated once.
 */
export function fromAsyncIterable<T extends Element = Element>(iterable: AsyncIterable<unknown> | Iterable<unknown>): Dataset<T> {
  const where = 'data.Dataset.fromAsyncIterable';
  if (iterable == null || (typeof (iterable as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function' && typeof (iterable as Iterable<unknown>)[Symbol.iterator] !== 'function')) {
    throw new ValueError(`${where}: expected an async iterable or an iterable. Received: ${fmt(iterable)}`);
  }
  return new Dataset<T>(() => adoptAll(where, () => toIterator(iterable, where)), undefined);
}

function toIterator(v: unknown, where: string): Iterator<unknown> | AsyncIterator<unknown> {
  if (v != null && typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') return (v as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  if (v != null && typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function') return (v as Iterable<unknown>)[Symbol.iterator]();
  if (v != null && typeof (v as Iterator<unknown>).next === 'function') return v as Iterator<unknown>;
  throw new ValueError(`${where}: the generator function must return an iterator or iterable. Received: ${fmt(v)}`);
}

async function* adoptAll(where: string, make: () => Iterator<unknown> | AsyncIterator<unknown>): AsyncIterableIterator<Elem> {
  const firstId = engine.newId();
  const it = make();
  let i = 0;
  let finished = false;
  try {
    for (;;) {
      const r = await it.next();
      if (r.done) {
        finished = true;
        return;
      }
      yield adopt(r.value, firstId, where, i++);
    }
  } finally {
    if (!finished) await it.return?.();
  }
}

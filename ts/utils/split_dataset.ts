// Keras `split_dataset`: one data set (or arrays) into two, by count or fraction, optionally
// shuffled with a seed. The elements are read once and kept: rows of in-memory arrays stay
// references to them (no copy); tensors a pipeline produced are owned by the half they went to.

import { ValueError, fmt } from '../errors.js';
import { Dataset } from '../data/dataset.js';
import { fromTensorSlices, type TensorData } from '../data/sources.js';
import { disposeElem, shareElem, type Elem } from '../data/structure.js';
import { permutation } from '../training/data.js';
import { randomSeed } from '../data/random.js';
import { checkOptions } from './options.js';

/** Options of `splitDataset` (Keras `keras.utils.split_dataset`); give `leftSize`, `rightSize` or both (neither is a ValueError). */
export interface SplitDatasetOptions {
  /** Elements (an integer ≥ 1) or fraction (in (0, 1)) of the left half; default: the rest. */
  leftSize?: number;
  /** Elements (an integer ≥ 1) or fraction (in (0, 1)) of the right half; default: the rest. */
  rightSize?: number;
  /** Shuffle before splitting (default false, as Keras). */
  shuffle?: boolean;
  /** Seed of the shuffle. Default: a random seed. */
  seed?: number;
}

function size(where: string, name: string, v: number | undefined, total: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (v >= 1 && !Number.isInteger(v))) {
    throw new ValueError(`${where}: ${name} must be a fraction in (0, 1) or a positive integer count. Received: ${name}=${fmt(v)}`);
  }
  return v < 1 ? Math.round(v * total) : v;
}

/**
 * Splits `dataset` (a finite data.Dataset, or arrays/tensors as for fromTensorSlices) into
 * `[left, right]`. Each half's `dispose()` frees the tensors it holds.
 */
export async function splitDataset(dataset: Dataset | TensorData, opts: SplitDatasetOptions = {}): Promise<[Dataset, Dataset]> {
  const where = 'utils.splitDataset';
  checkOptions(where, opts, ['leftSize', 'rightSize', 'shuffle', 'seed']);
  if (opts.leftSize === undefined && opts.rightSize === undefined) {
    throw new ValueError(`${where}: you must specify either leftSize or rightSize. Received: leftSize=undefined, rightSize=undefined`);
  }
  const ds = dataset instanceof Dataset ? dataset : fromTensorSlices(dataset as TensorData);
  if (ds.cardinality === Infinity) throw new ValueError(`${where}: the data set is infinite (repeat()); take() a finite part first.`);
  const elems: Elem[] = [];
  try {
    for await (const e of ds.open()) elems.push(e);
  } catch (e) {
    elems.forEach(disposeElem);
    throw e;
  }
  const total = elems.length;
  let left = size(where, 'leftSize', opts.leftSize, total), right = size(where, 'rightSize', opts.rightSize, total);
  left ??= total - right!;
  right ??= total - left;
  const fail = (msg: string) => {
    elems.forEach(disposeElem);
    return new ValueError(`${where}: ${msg}`);
  };
  if (left + right > total) throw fail(`leftSize + rightSize must be at most the ${total} elements. Received: ${left} + ${right}`);
  if (left === 0 || right === 0) throw fail(`with ${total} elements, leftSize=${left} and rightSize=${right} leave the ${left === 0 ? 'left' : 'right'} half empty.`);
  const order = opts.shuffle ? permutation(total, opts.seed ?? randomSeed()) : Int32Array.from({ length: total }, (_, i) => i);
  const pick = (a: number, b: number) => Array.from(order.subarray(a, b), (i) => elems[i]!);
  const l = pick(0, left), r = pick(total - right, total);
  pick(left, total - right).forEach(disposeElem);
  const half = (store: Elem[]) => new Dataset(async function* () {
    for (const e of store) yield shareElem(e);
  }, store.length, [() => store.splice(0).forEach(disposeElem)]);
  return [half(l), half(r)];
}

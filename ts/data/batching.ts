// Stacking elements into a batch and splitting a batch back into elements. A batch is one
// allocation per leaf: every sample (a lazy row or a tensor) is copied straight into it.

import { ValueError, fmt } from '../errors.js';
import { Storage } from '../tensor/storage.js';
import { fromData } from '../tensor/creation.js';
import { gather } from '../ops/gather.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import { StringTensor, isStringTensor } from '../tensor/string_tensor.js';
import { Row, disposeElem, leafSpec, leaves, rebuild, tensorFrom, type Elem, type Leaf } from './structure.js';

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Stacks `elems` (same structure, same shapes and dtypes leaf by leaf) into one element whose
 * tensors have a new leading axis. Consumes the elements: their tensors are freed, also on error.
 * `first` is the index of elems[0] in the data set, for error messages.
 */
export function stackElems(elems: Elem[], first: number, what = 'Dataset.batch'): Elem {
  try {
    const cols = elems.map((e) => leaves(e));
    const n0 = cols[0]!.length;
    cols.forEach((c, i) => {
      if (c.length !== n0) {
        throw new ValueError(`${what}: element ${first + i} has ${c.length} component(s) but element ${first} has ${n0}; ` +
          `every element must have the same structure. Received: ${fmt(elems[i])}`);
      }
    });
    const out: Elem[] = [];
    for (let j = 0; j < n0; j++) out.push(stackLeaves(cols.map((c) => c[j]!), first, j, what));
    return rebuild(elems[0]!, out);
  } finally {
    elems.forEach(disposeElem);
  }
}

function stackLeaves(ls: Leaf[], first: number, j: number, what: string): Elem {
  const l0 = ls[0]!;
  const s0 = leafSpec(l0);
  ls.forEach((l, i) => {
    // Rows of the first row's source match it by construction.
    if (l instanceof Row && l0 instanceof Row && l.src === l0.src) return;
    const s = leafSpec(l);
    if (s.dtype !== s0.dtype || !sameShape(s.shape, s0.shape)) {
      throw new ValueError(`${what}: element ${first + i} does not match element ${first} (component ${j}): expected ` +
        `shape ${fmt(s0.shape)} and dtype ${s0.dtype}. Received: shape ${fmt(s.shape)}, dtype ${s.dtype}`);
    }
  });
  if (s0.dtype === 'string') {
    // Rows of strings (from a StringTensor) stack into a StringTensor with a batch axis.
    if (isStringTensor(l0)) return new StringTensor(ls.flatMap((l) => (l as StringTensor).values), [ls.length, ...s0.shape]);
    if (ls[0]! instanceof Array) throw new ValueError(`${what}: cannot batch lists of strings again (component ${j}). Received: ${fmt(ls[0])}`);
    return ls as string[];
  }
  if (s0.dtype === 'number') return tensorFrom(() => Float32Array.from(ls as number[]), [ls.length], 'float32', what);
  const dtype = s0.dtype as DType;
  const gathered = gatherTensorRows(ls);
  if (gathered) return gathered;
  let size = 1;
  for (const d of s0.shape) size *= d;
  const t = new Tensor(Storage.alloc(size * ls.length, dtype, what), [ls.length, ...s0.shape], dtype);
  // Rows of one source in a run are contiguous more often than not (no shuffle): copy runs at once.
  // One view of each source per batch (a view costs about a microsecond; shuffled batches
  // would take one per row): nothing allocates while copying, so views stay valid.
  const dst = t.buf.view();
  let src: Row['src'] | undefined, data: ReturnType<Row['src']['data']> | undefined;
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i]!;
    if (l instanceof Row) {
      let k = i + 1;
      while (k < ls.length && ls[k] instanceof Row && (ls[k] as Row).src === l.src && (ls[k] as Row).index === l.index + (k - i)) k++;
      if (l.src !== src) {
        src = l.src;
        data = src.data();
      }
      dst.set(data!.subarray(l.index * size, (l.index + k - i) * size), i * size);
      i = k - 1;
    } else {
      dst.set((l as Tensor).buf.view().subarray(0, size), i * size);
    }
  }
  return t;
}

/**
 * Rows all of one tensor, not one contiguous run (a shuffled batch): gathered by the WASM
 * kernel in one call, as fit gathers in-memory arrays, instead of a JS copy per row (slow on
 * the threaded build's shared memory). Undefined when the leaves are anything else.
 */
function gatherTensorRows(ls: Leaf[]): Tensor | undefined {
  const l0 = ls[0]!;
  if (!(l0 instanceof Row) || !l0.src.tensor || (l0.dtype !== 'float32' && l0.dtype !== 'int32')) return undefined;
  const idx = new Int32Array(ls.length);
  let contiguous = true;
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i]!;
    if (!(l instanceof Row) || l.src !== l0.src) return undefined;
    idx[i] = l.index;
    if (l.index !== l0.index + i) contiguous = false;
  }
  if (contiguous) return undefined;
  const it = fromData('Dataset.batch', idx, [idx.length], 'int32');
  try {
    return gather(l0.src.tensor, it, 0);
  } finally {
    it.dispose();
  }
}

/** Splits each tensor of `e` along its first axis (Dataset.unbatch). Consumes `e`. */
export function unstackElem(e: Elem, what = 'Dataset.unbatch'): Elem[] {
  try {
    const ls = leaves(e);
    let n: number | undefined;
    for (const l of ls) {
      const s = leafSpec(l);
      const len = typeof l === 'string' || typeof l === 'number' || (isStringTensor(l) && l.rank === 0) ? undefined : Array.isArray(l) ? l.length : s.shape[0];
      if (len === undefined) throw new ValueError(`${what}: every component needs a batch axis. Received: a ${s.dtype} scalar`);
      if (n !== undefined && len !== n) throw new ValueError(`${what}: components have different batch sizes. Received: ${n} and ${len}`);
      n = len;
    }
    const out: Elem[] = [];
    for (let i = 0; i < (n ?? 0); i++) {
      out.push(rebuild(e, ls.map((l) => {
        if (Array.isArray(l)) return l[i]!;
        if (isStringTensor(l)) return l.rank === 1 ? l.values[i]! : l.rows(i, i + 1).reshape(l.shape.slice(1));
        const r = l instanceof Row ? l : l as Tensor;
        const shape = r.shape.slice(1);
        let size = 1;
        for (const d of shape) size *= d;
        const src = () => (r instanceof Row ? r.values() : r.buf.view());
        return tensorFrom(() => src().subarray(i * size, (i + 1) * size), shape, r.dtype, what);
      })));
    }
    return out;
  } finally {
    disposeElem(e);
  }
}

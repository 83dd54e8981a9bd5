// Compares a tree read by kerasm's HDF5 reader with what h5py reads from the same file (h5dump_json.py output).

import type { H5AttrValue, H5Dataset, H5Group } from '../../../ts/saving/hdf5/index.js';

export interface DumpAttr {
  dtype: string;
  shape: number[];
  value: Array<number | string>;
}
export type DumpNode =
  | { kind: 'group'; attrs: Record<string, DumpAttr> }
  | { kind: 'dataset'; shape: number[]; dtype: string; data: Array<number | string>; attrs: Record<string, DumpAttr> };
export type Dump = Record<string, DumpNode>;

export function flatten(root: H5Group): Map<string, H5Group | H5Dataset> {
  const out = new Map<string, H5Group | H5Dataset>([['', root]]);
  const walk = (g: H5Group, prefix: string) => {
    for (const [name, child] of g.children) {
      const p = prefix ? `${prefix}/${name}` : name;
      out.set(p, child);
      if (child.kind === 'group') walk(child, p);
    }
  };
  walk(root, '');
  return out;
}

function same(ts: unknown, j: number | string): boolean {
  if (typeof ts === 'bigint') return typeof j === 'string' && BigInt(j) === ts;
  if (typeof ts === 'string') return ts === j;
  if (typeof ts !== 'number') return false;
  if (j === 'nan') return Number.isNaN(ts);
  if (j === 'inf') return ts === Infinity;
  if (j === '-inf') return ts === -Infinity;
  if (typeof j === 'string') return String(ts) === j; // 64-bit ints read as numbers (scalar attributes)
  return Object.is(ts, j);
}

const ATTR_ARRAY_DTYPES: Record<string, string> = {
  Float32Array: 'float32', Float64Array: 'float64', Int8Array: 'int8', Int16Array: 'int16', Int32Array: 'int32',
  Uint8Array: 'uint8|bool', Uint16Array: 'uint16', Uint32Array: 'uint32', BigInt64Array: 'int64', BigUint64Array: 'uint64',
};

function compareValues(where: string, ts: ArrayLike<unknown>, j: Array<number | string>, errors: string[]): void {
  if (ts.length !== j.length) {
    errors.push(`${where}: ${ts.length} values, h5py has ${j.length}`);
    return;
  }
  for (let i = 0; i < j.length; i++) {
    if (!same(ts[i], j[i])) {
      errors.push(`${where}[${i}]: ${String(ts[i])} vs h5py ${j[i]}`);
      return;
    }
  }
}

function compareAttr(where: string, v: H5AttrValue, j: DumpAttr, errors: string[]): void {
  if (typeof v === 'string' || typeof v === 'number') {
    if (j.shape.length !== 0) errors.push(`${where}: scalar, h5py has shape [${j.shape}]`);
    if (typeof v === 'string' && j.dtype !== 'string') errors.push(`${where}: string, h5py has ${j.dtype}`);
    compareValues(where, [v], j.value, errors);
    return;
  }
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
    if (j.dtype !== 'string') errors.push(`${where}: string[], h5py has ${j.dtype}`);
  } else if (ArrayBuffer.isView(v)) {
    const dt = ATTR_ARRAY_DTYPES[v.constructor.name];
    if (!dt.split('|').includes(j.dtype) && !(j.dtype === 'float16' && dt === 'float32')) errors.push(`${where}: ${v.constructor.name}, h5py has ${j.dtype}`);
  }
  compareValues(where, v as ArrayLike<unknown>, j.value, errors);
}

/** Lists every difference between the kerasm tree and h5py's view of the file. */
export function differences(root: H5Group, dump: Dump): string[] {
  const errors: string[] = [];
  const nodes = flatten(root);
  const tsPaths = [...nodes.keys()].sort();
  const pyPaths = Object.keys(dump).sort();
  if (tsPaths.join('\n') !== pyPaths.join('\n')) {
    errors.push(`paths differ: only kerasm ${tsPaths.filter((p) => !(p in dump)).join(',')}; only h5py ${pyPaths.filter((p) => !nodes.has(p)).join(',')}`);
  }
  for (const p of pyPaths) {
    const n = nodes.get(p);
    const j = dump[p];
    if (!n) continue;
    if (n.kind !== j.kind) {
      errors.push(`${p}: ${n.kind}, h5py has ${j.kind}`);
      continue;
    }
    const ak = Object.keys(n.attrs).sort();
    const jk = Object.keys(j.attrs).sort();
    if (ak.join(',') !== jk.join(',')) errors.push(`${p}: attributes [${ak}] vs h5py [${jk}]`);
    for (const k of jk) if (k in n.attrs) compareAttr(`${p}@${k}`, n.attrs[k], j.attrs[k], errors);
    if (n.kind === 'dataset' && j.kind === 'dataset') {
      if (n.shape.join(',') !== j.shape.join(',')) errors.push(`${p}: shape [${n.shape}] vs h5py [${j.shape}]`);
      if (n.dtype !== j.dtype) errors.push(`${p}: dtype ${n.dtype} vs h5py ${j.dtype}`);
      compareValues(p, n.data as ArrayLike<unknown>, j.data, errors);
    }
  }
  return errors;
}

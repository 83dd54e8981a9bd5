// The in-memory tree the HDF5 reader returns and the writer takes: groups and datasets with attributes.

import { ValueError } from '../../errors.js';

/** Element types a dataset or attribute can have. `bfloat16` is Keras's convention: uint16 storage + attr dtype="bfloat16". */
export type H5DType =
  | 'float16' | 'bfloat16' | 'float32' | 'float64'
  | 'int8' | 'int16' | 'int32' | 'int64'
  | 'uint8' | 'uint16' | 'uint32' | 'uint64'
  | 'bool' | 'string';

export type H5Data =
  | Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array
  | BigInt64Array | BigUint64Array | string[];

/** Scalars read back as `number`/`string`; arrays of numbers read back as typed arrays (flattened). */
export type H5AttrValue = string | string[] | number | number[] | H5Data;

export interface H5Dataset {
  readonly kind: 'dataset';
  shape: number[];
  dtype: H5DType;
  /** Row-major values. float16/bfloat16 are held as Float32Array; bool as Uint8Array. */
  data: H5Data;
  attrs: Record<string, H5AttrValue>;
}

export interface H5Group {
  readonly kind: 'group';
  children: Map<string, H5Group | H5Dataset>;
  attrs: Record<string, H5AttrValue>;
}

export function h5group(attrs: Record<string, H5AttrValue> = {}): H5Group {
  return { kind: 'group', children: new Map(), attrs };
}

/** The dtype a typed array (or string[]) holds by default. */
export function dtypeOfData(data: H5Data): H5DType {
  if (Array.isArray(data)) return 'string';
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Uint16Array) return 'uint16';
  if (data instanceof Uint32Array) return 'uint32';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof BigUint64Array) return 'uint64';
  throw new ValueError(`h5dataset: data must be a typed array or string[]. Received: ${Object.prototype.toString.call(data)}`);
}

/** Which data containers each dtype accepts (float16/bfloat16 take float values, or raw uint16 bits). */
const ACCEPTS: Record<H5DType, H5DType[]> = {
  float16: ['float32', 'float64', 'uint16'], bfloat16: ['float32', 'float64', 'uint16'],
  float32: ['float32'], float64: ['float64'], int8: ['int8'], int16: ['int16'], int32: ['int32'], int64: ['int64'],
  uint8: ['uint8'], uint16: ['uint16'], uint32: ['uint32'], uint64: ['uint64'], bool: ['uint8', 'int8'], string: ['string'],
};

export function h5dataset(data: H5Data, shape: number[], dtype?: H5DType, attrs: Record<string, H5AttrValue> = {}): H5Dataset {
  const held = dtypeOfData(data);
  const dt = dtype ?? held;
  if (!(dt in ACCEPTS)) throw new ValueError(`h5dataset: unknown dtype. Received: '${String(dt)}'`);
  if (!ACCEPTS[dt].includes(held)) {
    throw new ValueError(`h5dataset: dtype '${dt}' needs data of type ${ACCEPTS[dt].join('/')}. Received: ${held} data`);
  }
  if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new ValueError(`h5dataset: shape must be non-negative integers. Received: [${String(shape)}]`);
  }
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== data.length) {
    throw new ValueError(`h5dataset: shape [${shape.join(',')}] holds ${n} values but data has ${data.length}. Received: shape [${shape.join(',')}]`);
  }
  return { kind: 'dataset', shape: [...shape], dtype: dt, data, attrs };
}

/** Orders names by code point, i.e. by their UTF-8 bytes, as HDF5 (strcmp) sorts a group's links. */
export function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Looks up 'a/b/c' (leading/trailing slashes ignored) below `root`. */
export function h5get(root: H5Group, path: string): H5Group | H5Dataset | undefined {
  let node: H5Group | H5Dataset = root;
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (node.kind !== 'group') return undefined;
    const next: H5Group | H5Dataset | undefined = node.children.get(part);
    if (next === undefined) return undefined;
    node = next;
  }
  return node;
}

// Attribute messages (versions 1-3): read into plain values, and encode what the writer stores.

import { ValueError, fmt } from '../../errors.js';
import { Cursor, type H5Bytes } from './bytes.js';
import { parseDataspace, encodeDataspace } from './dataspace.js';
import { type H5Type, parseDatatype, encodeDatatype } from './datatype.js';
import { decodeElements } from './decode.js';
import type { GlobalHeapReader } from './global_heap.js';
import type { H5Message } from './object_header.js';
import type { H5AttrValue, H5Data, H5DType } from './types.js';

const pad8 = (n: number) => Math.ceil(n / 8) * 8;
const encoder = new TextEncoder();

/** [name, value], or undefined for a well-formed attribute of a type we do not decode (it is skipped). */
export function parseAttribute(b: H5Bytes, m: H5Message, heap: GlobalHeapReader, owner: string): [string, H5AttrValue] | undefined {
  const c = new Cursor(b, m.pos, m.pos + m.size, `an attribute message of ${owner}`);
  const version = c.u8();
  const flags = c.u8();
  const nameSize = c.u16();
  const dtSize = c.u16();
  const dsSize = c.u16();
  if (version < 1 || version > 3) b.fail(`an attribute of ${owner} has an unknown version`, version);
  if (version > 1 && flags & 3) b.fail(`an attribute of ${owner} uses a shared datatype or dataspace, which is not supported`, `flags ${flags}`);
  if (version === 3) c.u8(); // name character set
  const padded = (n: number) => (version === 1 ? pad8(n) : n);
  const nameStart = c.need(padded(nameSize));
  const name = b.cstring(nameStart, nameStart + nameSize, `an attribute name of ${owner}`);
  const where = `attribute '${name}' of ${owner}`;
  const dtStart = c.need(padded(dtSize));
  const type = parseDatatype(new Cursor(b, dtStart, dtStart + dtSize, `the datatype of ${where}`), where);
  const dsStart = c.need(padded(dsSize));
  const space = parseDataspace(new Cursor(b, dsStart, dsStart + dsSize, `the dataspace of ${where}`), where);
  if (type.kind === 'unsupported' || type.kind === 'opaque') return undefined;
  const raw = c.bytes(Math.min(c.left, space.count * type.size));
  const data = decodeElements(b, type, raw, space.count, heap, where);
  return [name, toAttrValue(data, space.shape, type)];
}

function toAttrValue(data: H5Data, shape: number[], type: H5Type): H5AttrValue {
  if (shape.length > 0 || data.length !== 1) return data;
  const v = data[0];
  if (type.kind !== 'number') return v as string;
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

/** What an attribute value is stored as: its dtype, shape and elements. */
export function attrStorage(name: string, value: H5AttrValue, owner: string): { dtype: H5DType; shape: number[]; data: H5Data | number[] } {
  const bad = () => {
    throw new ValueError(`writeHdf5: attribute '${name}' of ${owner} must be a string, number, string[], number[] or typed array. Received: ${fmt(value)}`);
  };
  if (typeof value === 'string') return { dtype: 'string', shape: [], data: [value] };
  if (typeof value === 'number') return { dtype: Number.isInteger(value) ? 'int64' : 'float64', shape: [], data: [value] };
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return { dtype: 'string', shape: [value.length], data: value as string[] };
    if (value.every((v) => typeof v === 'number')) {
      const nums = value as number[];
      return { dtype: nums.every((v) => Number.isInteger(v)) ? 'int64' : 'float64', shape: [nums.length], data: nums };
    }
    return bad();
  }
  if (ArrayBuffer.isView(value)) {
    const dtypes: Array<[unknown, H5DType]> = [
      [Float32Array, 'float32'], [Float64Array, 'float64'], [Int8Array, 'int8'], [Int16Array, 'int16'], [Int32Array, 'int32'],
      [Uint8Array, 'uint8'], [Uint16Array, 'uint16'], [Uint32Array, 'uint32'], [BigInt64Array, 'int64'], [BigUint64Array, 'uint64'],
    ];
    const hit = dtypes.find(([C]) => value instanceof (C as typeof Float32Array));
    if (hit) return { dtype: hit[1], shape: [value.length], data: value };
  }
  return bad();
}

/** An attribute message, version 1 (8-byte padded parts), as HDF5 writes with the earliest file format. */
export function encodeAttribute(name: string, dtype: H5DType, shape: number[], payload: Uint8Array): { bytes: Uint8Array; payload: number } {
  const nameBytes = encoder.encode(name);
  const dt = encodeDatatype(dtype);
  const ds = encodeDataspace(shape);
  const size = 8 + pad8(nameBytes.length + 1) + pad8(dt.length) + pad8(ds.length) + payload.length;
  const out = new Uint8Array(pad8(size));
  const dv = new DataView(out.buffer);
  out[0] = 1;
  dv.setUint16(2, nameBytes.length + 1, true);
  dv.setUint16(4, dt.length, true);
  dv.setUint16(6, ds.length, true);
  let p = 8;
  out.set(nameBytes, p);
  p += pad8(nameBytes.length + 1);
  out.set(dt, p);
  p += pad8(dt.length);
  out.set(ds, p);
  p += pad8(ds.length);
  out.set(payload, p);
  return { bytes: out, payload: p };
}

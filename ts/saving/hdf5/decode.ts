// Raw element bytes + datatype -> H5Data (float16/bfloat16 widened to float32, strings decoded).

import { type H5Bytes, UNDEF, utf8 } from './bytes.js';
import type { H5Type } from './datatype.js';
import { bf16ToFloat, halfToFloat } from './float16.js';
import type { GlobalHeapReader } from './global_heap.js';
import type { H5Data } from './types.js';

const CTORS = {
  float32: Float32Array, float64: Float64Array, int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
  uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array, bool: Uint8Array,
} as const;

export function decodeElements(b: H5Bytes, t: H5Type, raw: Uint8Array, count: number, heap: GlobalHeapReader, where: string): H5Data {
  if (t.size === 0 && count > 0) b.fail(`the datatype of ${where} has size 0`, `${count} elements`);
  if (t.kind === 'vstring' && t.size < 8 + b.offsetSize) b.fail(`the variable-length string type of ${where} is too small`, t.size);
  b.spend(count * t.size, where);
  if (raw.length < count * t.size) b.fail(`the data of ${where} is shorter than its shape needs`, `${raw.length} < ${count} x ${t.size} bytes`);
  if (t.kind === 'opaque') b.fail(`the datatype of ${where} is not supported`, `opaque of ${t.size} bytes`);
  if (t.kind === 'unsupported') b.fail(`the datatype of ${where} is not supported`, t.desc);
  if (t.kind === 'fstring') {
    const out: string[] = new Array(count);
    for (let i = 0; i < count; i++) {
      let s = raw.subarray(i * t.size, (i + 1) * t.size);
      if (t.pad === 2) {
        let e = s.length;
        while (e > 0 && s[e - 1] === 0x20) e--;
        s = s.subarray(0, e);
      } else {
        const z = s.indexOf(0);
        if (z >= 0) s = s.subarray(0, z);
      }
      out[i] = utf8(s);
    }
    return out;
  }
  if (t.kind === 'vstring') {
    const out: string[] = new Array(count);
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const os = b.offsetSize;
    for (let i = 0; i < count; i++) {
      const p = i * t.size;
      const len = dv.getUint32(p, true);
      let addr = 0;
      let allOnes = true;
      for (let k = os - 1; k >= 0; k--) {
        addr = addr * 256 + raw[p + 4 + k];
        if (raw[p + 4 + k] !== 0xff) allOnes = false;
      }
      out[i] = heap.string(len, allOnes ? UNDEF : addr, dv.getUint32(p + 4 + os, true), where);
    }
    return out;
  }
  const bytes = raw.slice(0, count * t.size); // copy: aligned, and independent of the file buffer
  if (t.bigEndian && t.size > 1) {
    for (let p = 0; p < bytes.length; p += t.size) bytes.subarray(p, p + t.size).reverse();
  }
  if (t.dtype === 'float16' || t.dtype === 'bfloat16') {
    const u = new Uint16Array(bytes.buffer, 0, count);
    const out = new Float32Array(count);
    const f = t.dtype === 'float16' ? halfToFloat : bf16ToFloat;
    for (let i = 0; i < count; i++) out[i] = f(u[i]);
    return out;
  }
  return new CTORS[t.dtype](bytes.buffer, 0, count);
}

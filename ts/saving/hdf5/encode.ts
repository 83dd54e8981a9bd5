// H5Data -> stored little-endian element bytes. Strings become global-heap references whose collection
// addresses are filled in once the collections are placed (`refs`).

import { ValueError } from '../../errors.js';
import { floatToBf16, floatToHalf } from './float16.js';
import type { GlobalHeapWriter } from './global_heap.js';
import type { H5Data, H5DType } from './types.js';

export interface Encoded {
  bytes: Uint8Array;
  /** Offsets (within `bytes`) of 8-byte collection addresses to patch, and which collection. */
  refs: Array<[number, number]>;
}

const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function encodeElements(dtype: H5DType, data: H5Data | number[], heap: GlobalHeapWriter, where: string): Encoded {
  const refs: Array<[number, number]> = [];
  if (dtype === 'string') {
    const out = new Uint8Array(16 * data.length);
    const dv = new DataView(out.buffer);
    (data as unknown[]).forEach((s, i) => {
      if (typeof s !== 'string') throw new ValueError(`writeHdf5: ${where} must hold strings. Received: ${typeof s} at index ${i}`);
      const r = heap.add(s);
      dv.setUint32(16 * i, r.length, true);
      dv.setUint32(16 * i + 12, r.index, true);
      refs.push([16 * i + 4, r.collection]);
    });
    return { bytes: out, refs };
  }
  if (Array.isArray(data)) {
    if (data.some((v) => typeof v !== 'number')) throw new ValueError(`writeHdf5: ${where} must hold numbers. Received: ${String(data).slice(0, 80)}`);
    data = dtype === 'int64' ? BigInt64Array.from(data as number[], (v) => BigInt(v)) : Float64Array.from(data as number[]);
  }
  if (dtype === 'float16' || dtype === 'bfloat16') {
    const bits = data instanceof Uint16Array ? data : Uint16Array.from(data as Float32Array, dtype === 'float16' ? floatToHalf : floatToBf16);
    return { bytes: bytesOf(bits), refs };
  }
  if (dtype === 'bool') return { bytes: Uint8Array.from(data as Uint8Array, (v) => (v ? 1 : 0)), refs };
  return { bytes: bytesOf(data as Exclude<H5Data, string[]>), refs };
}

/** The stored bytes: a view of the data itself on little-endian hosts (the writer copies it into the file). */
function bytesOf(a: Exclude<H5Data, string[]>): Uint8Array {
  const view = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (LE || a.BYTES_PER_ELEMENT === 1) return view;
  const out = view.slice();
  if (!LE && a.BYTES_PER_ELEMENT > 1) for (let p = 0; p < out.length; p += a.BYTES_PER_ELEMENT) out.subarray(p, p + a.BYTES_PER_ELEMENT).reverse();
  return out;
}

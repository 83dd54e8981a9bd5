// Global heap collections ('GCOL'): where variable-length strings live. Read side: a per-file cache of
// parsed collections. Write side: objects are numbered as they are added; collection addresses are
// patched in once the collections are placed at the end of the file.

import { type H5Bytes, UNDEF, utf8 } from './bytes.js';

const align8 = (n: number) => Math.ceil(n / 8) * 8;

export class GlobalHeapReader {
  private collections = new Map<number, Map<number, [number, number]>>();
  constructor(private b: H5Bytes) {}

  private collection(addr: number, where: string): Map<number, [number, number]> {
    const cached = this.collections.get(addr);
    if (cached) return cached;
    const b = this.b;
    b.expectSig(addr, 'GCOL', `the global heap of ${where}`);
    const size = b.length(addr + 8, 'a global heap size');
    b.check(addr, size, `the global heap collection of ${where}`);
    b.spend(size, `the global heap of ${where}`);
    const objs = new Map<number, [number, number]>();
    const end = addr + size;
    let p = addr + 16;
    while (p + 16 <= end) {
      const idx = b.u16(p);
      const len = b.length(p + 8, 'a global heap object size');
      if (idx === 0) break; // free space runs to the end of the collection
      if (len === UNDEF || p + 16 + len > end) b.fail(`a global heap object of ${where} runs past its collection`, `object ${idx}, ${len} bytes`);
      objs.set(idx, [p + 16, len]);
      p += 16 + align8(len);
    }
    this.collections.set(addr, objs);
    return objs;
  }

  /** The UTF-8 string a vlen element (length, collection address, object index) points to. */
  string(len: number, addr: number, idx: number, where: string): string {
    if (len === 0) return '';
    if (addr === UNDEF || addr === 0) this.b.fail(`a variable-length string of ${where} has no heap address`, addr);
    const obj = this.collection(addr, where).get(idx);
    if (!obj) this.b.fail(`a variable-length string of ${where} points to a missing global heap object`, `object ${idx} at ${addr}`);
    if (len > obj[1]) this.b.fail(`a variable-length string of ${where} is longer than its heap object`, `${len} > ${obj[1]} bytes`);
    this.b.produce(len, 'raw', where);
    return utf8(this.b.u8.subarray(obj[0], obj[0] + len));
  }
}

const MAX_OBJECTS = 65535;
const encoder = new TextEncoder();
const MIN_COLLECTION = 4096; // HDF5 reads at least this much of a collection

export interface GHeapRef {
  collection: number;
  index: number;
  length: number;
}

export class GlobalHeapWriter {
  /** Per collection: the encoded objects. */
  readonly collections: Uint8Array[][] = [];
  private bytesInLast = 0;

  add(s: string): GHeapRef {
    const data = encoder.encode(s);
    let last = this.collections[this.collections.length - 1];
    // Keep collections to a moderate size so no single heap object read needs a huge block.
    if (!last || last.length >= MAX_OBJECTS || (this.bytesInLast > 1 << 20 && data.length > 0)) {
      last = [];
      this.collections.push(last);
      this.bytesInLast = 0;
    }
    last.push(data);
    this.bytesInLast += 16 + align8(data.length);
    return { collection: this.collections.length - 1, index: last.length, length: data.length };
  }

  /** Encodes collection `i` (objects 1..n, then a free-space object filling up to HDF5's minimum size). */
  static encode(objs: Uint8Array[]): Uint8Array {
    const used = 16 + objs.reduce((a, o) => a + 16 + align8(o.length), 0);
    const size = Math.max(MIN_COLLECTION, align8(used));
    const out = new Uint8Array(size);
    const dv = new DataView(out.buffer);
    out.set([0x47, 0x43, 0x4f, 0x4c, 1]);
    dv.setBigUint64(8, BigInt(size), true);
    let p = 16;
    objs.forEach((o, i) => {
      dv.setUint16(p, i + 1, true);
      dv.setUint16(p + 2, 1, true);
      dv.setBigUint64(p + 8, BigInt(o.length), true);
      out.set(o, p + 16);
      p += 16 + align8(o.length);
    });
    if (size - p >= 16) dv.setBigUint64(p + 8, BigInt(size - p), true); // free-space object 0
    return out;
  }
}

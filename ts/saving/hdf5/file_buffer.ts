// A growable byte buffer with 8-byte aligned allocation: the writer lays the file out in it front to back.

import { UNDEF } from './bytes.js';

export class FileBuffer {
  u8 = new Uint8Array(1 << 16);
  dv = new DataView(this.u8.buffer);
  length = 0;

  /** Reserves `n` zeroed bytes at the next multiple of 8 and returns their address. */
  alloc(n: number): number {
    const at = Math.ceil(this.length / 8) * 8;
    const end = at + n;
    if (end > this.u8.length) {
      let cap = this.u8.length;
      while (cap < end) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.u8.subarray(0, this.length));
      this.u8 = next;
      this.dv = new DataView(next.buffer);
    }
    this.length = end;
    return at;
  }
  put(bytes: Uint8Array): number {
    const at = this.alloc(bytes.length);
    this.u8.set(bytes, at);
    return at;
  }
  u16(p: number, v: number): void {
    this.dv.setUint16(p, v, true);
  }
  u32(p: number, v: number): void {
    this.dv.setUint32(p, v, true);
  }
  /** An 8-byte address or length (UNDEF -> all bits set). */
  u64(p: number, v: number): void {
    const lo = v === UNDEF ? 0xffffffff : v % 0x100000000;
    const hi = v === UNDEF ? 0xffffffff : Math.floor(v / 0x100000000);
    this.dv.setUint32(p, lo, true);
    this.dv.setUint32(p + 4, hi, true);
  }
  ascii(p: number, s: string): void {
    for (let i = 0; i < s.length; i++) this.u8[p + i] = s.charCodeAt(i);
  }
  bytes(): Uint8Array {
    return this.u8.slice(0, Math.ceil(this.length / 8) * 8);
  }
}

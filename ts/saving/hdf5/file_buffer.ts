// A growable byte buffer with 8-byte aligned allocation: the writer lays the file out in it front to back.

import { UNDEF } from './bytes.js';

export class FileBuffer {
  u8: Uint8Array;
  dv: DataView;
  length = 0;

  /** `estimate`: the expected file size, so large files are not copied while they grow. */
  constructor(estimate = 0) {
    this.u8 = new Uint8Array(Math.max(1 << 16, Math.ceil(estimate / 8) * 8));
    this.dv = new DataView(this.u8.buffer);
  }

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
  /** The file: a view when the buffer is close to full, else a trimmed copy. */
  bytes(): Uint8Array {
    const n = Math.ceil(this.length / 8) * 8;
    if (n > this.u8.length) this.alloc(n - this.length);
    return this.u8.length - n <= n / 8 ? this.u8.subarray(0, n) : this.u8.slice(0, n);
  }
}

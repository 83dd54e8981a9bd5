// Bounds-checked little-endian reads over the file bytes. Every read of the reader goes through here,
// so a malformed offset or length becomes a ValueError naming the file instead of a RangeError or garbage.

import { ValueError } from '../../errors.js';
import { lookup3 } from './checksum.js';

/** The "undefined address" (all bits set) as a number we can compare with. */
export const UNDEF = -1;

/**
 * Bytes a read may scan or produce, per byte of file. A valid file visits each structure once and inflates
 * at most ~1032x (deflate's limit); structures made to overlap or to point at the same data many times
 * would otherwise cost quadratic time or memory.
 */
const WORK_PER_BYTE = 1200;

export class H5Bytes {
  readonly view: DataView;
  offsetSize = 8;
  lengthSize = 8;
  private work = 0;
  private readonly budget: number;
  private raw = 0;
  private expanded = 0;
  constructor(readonly u8: Uint8Array, readonly fileName: string) {
    this.view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
    this.budget = u8.length * WORK_PER_BYTE + (1 << 24);
  }

  /**
   * Accounts for `n` bytes of decoded values. Values read straight from the file ('raw': contiguous, compact,
   * strings) cannot add up to much more than the file; inflated chunks and never-written (fill) data may
   * reach deflate's ~1032x. Past that, the file references the same bytes over and over to exhaust memory.
   */
  produce(n: number, kind: 'raw' | 'expanded', what: string): void {
    const total = kind === 'raw' ? (this.raw += n) : (this.expanded += n);
    const limit = kind === 'raw' ? 2 * this.u8.length + (1 << 20) : 1100 * this.u8.length + (1 << 20);
    if (total > limit) this.fail(`${what} makes the file decode to more data than it can hold (overlapping or repeated references)`, `${total} bytes of values from a ${this.u8.length}-byte file`);
  }

  /** Accounts for `n` bytes scanned or produced; fails once the file has cost far more than its size. */
  spend(n: number, what: string): void {
    this.work += n;
    if (this.work > this.budget) this.fail(`reading ${what} exceeds the work a file of this size can need (overlapping or repeated structures)`, `${this.work} bytes from a ${this.u8.length}-byte file`);
  }
  get size(): number {
    return this.u8.length;
  }

  fail(what: string, received: unknown): never {
    throw new ValueError(`HDF5 file '${this.fileName}': ${what}. Received: ${String(received)}`);
  }

  /** Throws unless [pos, pos+n) lies inside the file. */
  check(pos: number, n: number, what: string): void {
    if (!Number.isSafeInteger(pos) || !Number.isSafeInteger(n) || pos < 0 || n < 0 || pos + n > this.u8.length) {
      this.fail(`${what} lies outside the file (${this.u8.length} bytes)`, `offset ${pos}, length ${n}`);
    }
  }
  u8At(p: number): number {
    this.check(p, 1, 'a field');
    return this.u8[p];
  }
  u16(p: number): number {
    this.check(p, 2, 'a field');
    return this.view.getUint16(p, true);
  }
  u32(p: number): number {
    this.check(p, 4, 'a field');
    return this.view.getUint32(p, true);
  }
  /** An unsigned integer of `n` bytes (1..8). Past 2^53 it fails, except all bits set (the undefined address) -> UNDEF when `undef`. */
  uint(p: number, n: number, what = 'an integer field', undef = false): number {
    this.check(p, n, what);
    let v = 0;
    let allOnes = true;
    for (let i = n - 1; i >= 0; i--) {
      const b = this.u8[p + i];
      if (b !== 0xff) allOnes = false;
      v = v * 256 + b;
    }
    if (allOnes && undef && n > 0) return UNDEF;
    if (!Number.isSafeInteger(v)) this.fail(`${what} is too large`, v);
    return v;
  }
  offset(p: number, what = 'an address'): number {
    return this.uint(p, this.offsetSize, what, true);
  }
  length(p: number, what = 'a length'): number {
    return this.uint(p, this.lengthSize, what, true);
  }
  bytes(p: number, n: number, what: string): Uint8Array {
    this.check(p, n, what);
    return this.u8.subarray(p, p + n);
  }
  sig(p: number, s: string): boolean {
    if (p < 0 || p + s.length > this.u8.length) return false;
    for (let i = 0; i < s.length; i++) if (this.u8[p + i] !== s.charCodeAt(i)) return false;
    return true;
  }
  expectSig(p: number, s: string, what: string): void {
    this.check(p, s.length, what);
    if (!this.sig(p, s)) this.fail(`${what} at ${p} has no '${s}' signature`, JSON.stringify(latin1(this.u8.subarray(p, p + s.length))));
  }
  /** Checks the lookup3 checksum stored at `end` over [start, end). */
  verify(start: number, end: number, what: string): void {
    this.check(start, end - start + 4, what);
    this.spend(end - start, what);
    const want = this.u32(end);
    const got = lookup3(this.u8.subarray(start, end));
    if (got !== want) this.fail(`${what} at ${start} fails its checksum (the file is corrupt)`, `0x${got.toString(16)}, stored 0x${want.toString(16)}`);
  }
  /** A NUL-terminated string starting at p, not reading past `end`. */
  cstring(p: number, end: number, what: string): string {
    const stop = Math.min(end, this.u8.length);
    let q = p;
    while (q < stop && this.u8[q] !== 0) q++;
    this.spend(q - p + 1, what);
    if (q >= stop) this.fail(`${what} is not NUL-terminated`, `offset ${p}`);
    return utf8(this.u8.subarray(p, q));
  }
}

const decoder = new TextDecoder('utf-8');
export const utf8 = (b: Uint8Array): string => decoder.decode(b);
export const latin1 = (b: Uint8Array): string => String.fromCharCode(...b.subarray(0, 64));

/** A forward cursor over [pos, end) of the file: messages are parsed with one so they cannot read past themselves. */
export class Cursor {
  constructor(readonly b: H5Bytes, public pos: number, readonly end: number, readonly what: string) {
    if (end > b.size || pos > end || pos < 0) b.fail(`${what} lies outside the file (${b.size} bytes)`, `offset ${pos}..${end}`);
  }
  need(n: number): number {
    if (!Number.isSafeInteger(n) || n < 0 || this.pos + n > this.end) this.b.fail(`${this.what} is truncated`, `needs ${n} bytes at ${this.pos}, ends at ${this.end}`);
    const p = this.pos;
    this.pos += n;
    return p;
  }
  u8(): number {
    return this.b.u8[this.need(1)];
  }
  u16(): number {
    return this.b.view.getUint16(this.need(2), true);
  }
  u32(): number {
    return this.b.view.getUint32(this.need(4), true);
  }
  uint(n: number, undef = false): number {
    const p = this.need(n);
    return this.b.uint(p, n, `a field of ${this.what}`, undef);
  }
  offset(): number {
    return this.uint(this.b.offsetSize, true);
  }
  length(): number {
    return this.uint(this.b.lengthSize, true);
  }
  bytes(n: number): Uint8Array {
    const p = this.need(n);
    return this.b.u8.subarray(p, p + n);
  }
  /** A NUL-terminated UTF-8 string; moves past the NUL. */
  cstr(): string {
    const u = this.b.u8;
    let q = this.pos;
    while (q < this.end && u[q] !== 0) q++;
    this.b.spend(q - this.pos + 1, this.what);
    if (q >= this.end) this.b.fail(`a name in ${this.what} is not NUL-terminated`, `offset ${this.pos}`);
    const s = utf8(u.subarray(this.pos, q));
    this.pos = q + 1;
    return s;
  }
  skip(n: number): void {
    this.need(n);
  }
  /** Moves to the next multiple of `k` relative to `base`. */
  align(base: number, k: number): void {
    const r = (this.pos - base) % k;
    if (r) this.pos = Math.min(this.end, this.pos + k - r);
  }
  get left(): number {
    return this.end - this.pos;
  }
}

// Argument checks shared by every kernel binding. Messages name the kernel, what was
// expected and what was received.

import type { DType, WasmBuffer } from '../memory.js';

export function checkSize(kernel: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) {
    throw new RangeError(`${kernel}: \`${name}\` must be a non-negative integer. Received: ${name}=${v}`);
  }
}

/** `buf` must be live, of `dtype`, and hold `need` elements from element `offset`. */
export function checkBuffer(kernel: string, name: string, buf: WasmBuffer, need: number, dtype: DType = 'float32', offset = 0): void {
  if (buf == null || typeof buf !== 'object' || !('ptr' in buf)) {
    throw new TypeError(`${kernel}: \`${name}\` must be a WasmBuffer. Received: ${String(buf)}`);
  }
  if (buf.disposed) throw new Error(`${kernel}: \`${name}\` has been disposed.`);
  if (buf.dtype !== dtype) {
    throw new TypeError(`${kernel}: \`${name}\` must be ${dtype}. Received: dtype=${buf.dtype}`);
  }
  checkSize(kernel, `${name} offset`, offset);
  if (offset + need > buf.length) {
    throw new RangeError(`${kernel}: \`${name}\` is too short: expected at least ${offset + need} elements ` +
      `(offset ${offset} + ${need}). Received: length=${buf.length}`);
  }
}

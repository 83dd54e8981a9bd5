// Checks shared by the kernels on dense [outer, n, inner] views (reduce, softmax, gather,
// permute, rng): disjoint outputs, and integer indices in range before the kernel sees them.

import type { WasmBuffer } from '../memory.js';
import { checkBuffer } from './check.js';

/**
 * These kernels read inputs while writing outputs, so an output must not share a single
 * element with an input (not even in place).
 */
export function checkDisjoint(
  kernel: string, outName: string, out: WasmBuffer, outOffset: number, outLen: number,
  inName: string, inp: WasmBuffer, inOffset: number, inLen: number,
): void {
  if (outLen === 0 || inLen === 0 || out.ptr !== inp.ptr) return;
  if (outOffset < inOffset + inLen && inOffset < outOffset + outLen) {
    throw new RangeError(`${kernel}: \`${outName}\` must not overlap \`${inName}\`. ` +
      `Received: ${outName} elements [${outOffset}, ${outOffset + outLen}), ${inName} elements [${inOffset}, ${inOffset + inLen})`);
  }
}

/** `buf` is an int32 buffer whose `n` values from `offset` all lie in [0, limit). */
export function checkIndices(kernel: string, name: string, buf: WasmBuffer, offset: number, n: number, limit: number, limitName: string): void {
  checkBuffer(kernel, name, buf, n, 'int32', offset);
  const v = buf.i32();
  for (let i = 0; i < n; i++) {
    const k = v[offset + i]!;
    if (k < 0 || k >= limit) {
      throw new RangeError(`${kernel}: \`${name}\` must lie in [0, ${limitName}=${limit}). Received: ${name}[${i}]=${k}`);
    }
  }
}

/** `v` is a number (NaN and infinities allowed unless `finite`). */
export function checkNumber(kernel: string, name: string, v: unknown, finite = false): asserts v is number {
  if (typeof v !== 'number' || (finite && !Number.isFinite(v))) {
    throw new TypeError(`${kernel}: \`${name}\` must be a ${finite ? 'finite ' : ''}number. Received: ${name}=${String(v)}`);
  }
}

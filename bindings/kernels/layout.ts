// Strided layouts for the broadcasting and copy kernels: rank/shape/stride checks, the
// element range an operand touches (for bounds and overlap checks), and the `meta` i32
// array the exports read ([shape][strides of operand 0][strides of operand 1]…).

import type { Backend } from '../backend.js';
import type { Ptr } from '../exports.js';
import type { DType, WasmBuffer } from '../memory.js';
import { checkBuffer, checkSize } from './check.js';

/** Highest rank the kernels accept (crates/kerasm-kernels/src/strided.rs). */
export const MAX_RANK = 8;
const I32_MAX = 2 ** 31 - 1;

export function checkShape(kernel: string, name: string, shape: readonly number[]): void {
  if (!Array.isArray(shape)) throw new TypeError(`${kernel}: \`${name}\` must be an array of axis lengths. Received: ${String(shape)}`);
  if (shape.length > MAX_RANK) {
    throw new RangeError(`${kernel}: rank above ${MAX_RANK} is not supported. Received: ${name}=[${shape.join(', ')}] (rank ${shape.length})`);
  }
  shape.forEach((d, i) => checkSize(kernel, `${name}[${i}]`, d));
  if (shape.some((d) => d > I32_MAX)) throw new RangeError(`${kernel}: axis lengths must fit in i32. Received: ${name}=[${shape.join(', ')}]`);
}

export function checkStrides(kernel: string, name: string, strides: readonly number[], rank: number): void {
  if (!Array.isArray(strides) || strides.length !== rank) {
    throw new RangeError(`${kernel}: \`${name}\` must have one stride per axis (${rank}). Received: ${name}=${Array.isArray(strides) ? `[${strides.join(', ')}]` : String(strides)}`);
  }
  for (const s of strides) {
    if (!Number.isInteger(s) || Math.abs(s) > I32_MAX) {
      throw new RangeError(`${kernel}: strides must be integers in the i32 range. Received: ${name}=[${strides.join(', ')}]`);
    }
  }
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, d) => a * d, 1);
}

/** Row-major element strides of a dense array of `shape`. */
export function denseStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = step;
    step *= shape[d]!;
  }
  return s;
}

/** NumPy broadcast of two shapes, aligned on the right; throws naming the kernel. */
export function broadcastShapes(kernel: string, a: readonly number[], b: readonly number[]): number[] {
  const r = Math.max(a.length, b.length);
  const out = new Array<number>(r);
  for (let i = 0; i < r; i++) {
    const da = a[i - (r - a.length)] ?? 1, db = b[i - (r - b.length)] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(`${kernel}: shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast (axis ${i}: ${da} vs ${db}).`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read a dense array of `shape` as if broadcast to `out` (0 on broadcast axes). */
export function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const dense = denseStrides(shape);
  const lead = out.length - shape.length;
  return out.map((d, j) => (j < lead || (shape[j - lead] === 1 && d !== 1) ? 0 : dense[j - lead]!));
}

/** The lowest and highest element offsets an operand touches, or null when it is empty. */
export function extent(shape: readonly number[], strides: readonly number[]): [number, number] | null {
  if (shape.some((d) => d === 0)) return null;
  let lo = 0, hi = 0;
  shape.forEach((d, i) => {
    const span = (d - 1) * strides[i]!;
    if (span < 0) lo += span;
    else hi += span;
  });
  return [lo, hi];
}

/** Checks that `buf` is live, of `dtype`, and holds every element the layout addresses from `offset`. */
export function checkStridedBuffer(
  kernel: string, name: string, buf: WasmBuffer, shape: readonly number[], strides: readonly number[],
  offset: number, dtype: DType = 'float32',
): [number, number] | null {
  const ext = extent(shape, strides);
  checkBuffer(kernel, name, buf, 0, dtype, offset);
  if (!ext) return null;
  if (offset + ext[0] < 0) {
    throw new RangeError(`${kernel}: \`${name}\` strides reach before the buffer start: ` +
      `offset ${offset} + lowest ${ext[0]} < 0. Received: strides=[${strides.join(', ')}]`);
  }
  checkBuffer(kernel, name, buf, ext[1] + 1, dtype, offset);
  return [offset + ext[0], offset + ext[1]];
}

/** Whether two element ranges of the same buffer intersect. */
export function overlap(p: WasmBuffer, pr: [number, number] | null, q: WasmBuffer, qr: [number, number] | null): boolean {
  return p.ptr === q.ptr && pr !== null && qr !== null && pr[0] <= qr[1] && qr[0] <= pr[1];
}

/**
 * An output may share memory with an input only when both address the very same elements
 * in the same order (in place); any other intersection is an error.
 */
export function checkOutAlias(
  kernel: string, shape: readonly number[],
  outName: string, out: WasmBuffer, outRange: [number, number] | null, outOffset: number, outStrides: readonly number[],
  inName: string, inp: WasmBuffer, inRange: [number, number] | null, inOffset: number, inStrides: readonly number[],
): void {
  if (!overlap(out, outRange, inp, inRange)) return;
  const same = outOffset === inOffset && shape.every((d, i) => d === 1 || outStrides[i] === inStrides[i]);
  if (!same) {
    throw new RangeError(`${kernel}: \`${outName}\` overlaps \`${inName}\` without being the same elements (in place). ` +
      `Received: ${outName} offset=${outOffset}, strides=[${outStrides.join(', ')}]; ${inName} offset=${inOffset}, strides=[${inStrides.join(', ')}]`);
  }
}

/** Runs `f` with `ints` written to a temporary i32 array in WASM memory. */
export function withMeta<T>(be: Backend, ints: readonly number[], f: (meta: Ptr) => T): T {
  const ptr = be.heap.alloc(Math.max(ints.length, 1) * 4, 'kernel metadata');
  try {
    be.heap.i32.set(ints, ptr >>> 2);
    return f(ptr);
  } finally {
    be.heap.free(ptr);
  }
}

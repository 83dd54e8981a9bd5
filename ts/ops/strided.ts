// Strided copies of 4-byte elements (`kx_copy_strided`): the one kernel behind
// broadcastTo, slice, pad, concat and split.

import type { Tensor } from '../tensor/tensor.js';
import { check, ex, meta } from './raw.js';

/**
 * Copies the `shape`-shaped region read from `src` (element `srcOffset`, `srcStrides`) into
 * `dst` (element `dstOffset`, `dstStrides`). Strides may be 0 to repeat elements.
 */
export function copyStrided(
  op: string, src: Tensor, srcOffset: number, srcStrides: readonly number[],
  dst: Tensor, dstOffset: number, dstStrides: readonly number[], shape: readonly number[],
): void {
  if (shape.some((d) => d === 0)) return;
  const r = shape.length;
  const m = meta([...shape, ...srcStrides, ...dstStrides]);
  check(op, ex().kx_copy_strided(src.buf.ptr + 4 * srcOffset, dst.buf.ptr + 4 * dstOffset, r, m));
}

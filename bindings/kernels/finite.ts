// The first NaN/±Infinity in a float32 buffer (`kx_first_non_finite_f32`): fit's input check
// and the per-chunk check of host uploads.

import type { Backend } from '../backend.js';
import type { Ptr } from '../exports.js';
import type { WasmBuffer } from '../memory.js';
import { checkBuffer, checkSize } from './check.js';

/** Signatures of this family's WASM exports; part of `KernelExports` (../exports.ts). */
export interface FiniteExports {
  /** Not a status: the index of the first non-finite f32 among `len` at `x`, or -1. */
  kx_first_non_finite_f32(x: Ptr, len: number): number;
}

/** Arguments of {@link firstNonFinite}. */
export interface FirstNonFiniteArgs {
  /** The float32 buffer searched. */
  x: WasmBuffer;
  /** Elements searched; default all of `x` after `offset`. */
  len?: number;
  /** Element offset of the first element searched. Default 0. */
  offset?: number;
}

/** Index (from `offset`) of the first NaN, Infinity or -Infinity in `x`, or -1 when all are finite. */
export function firstNonFinite(be: Backend, g: FirstNonFiniteArgs): number {
  const K = 'firstNonFinite';
  const off = g.offset ?? 0;
  checkBuffer(K, 'x', g.x, 0, 'float32', off);
  const len = g.len ?? g.x.length - off;
  checkSize(K, 'len', len);
  checkBuffer(K, 'x', g.x, len, 'float32', off);
  return be.ex.kx_first_non_finite_f32(g.x.ptr + 4 * off, len);
}

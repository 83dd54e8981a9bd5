// Reductions over the middle axis of a dense [outer, n, inner] view, on `kx_reduce`. Op
// codes mirror crates/kerasm-kernels/src/reduce.rs. Callers bring any reduction into this
// shape by merging adjacent reduced axes (or permuting first). Empty axes follow numpy/TF:
// sum 0, mean NaN, max −inf, min +inf, prod 1, variance NaN, logSumExp −inf, any false,
// all true; argmax/argmin of an empty axis is an error.

import type { Backend } from '../backend.js';
import type { Ptr, Status } from '../exports.js';
import type { WasmBuffer } from '../memory.js';
import { check } from '../status.js';
import { checkBuffer, checkSize } from './check.js';
import { checkDisjoint } from './flat.js';

/** Signatures of this family's WASM exports; part of `KernelExports` (../exports.ts). */
export interface ReduceExports {
  /** x: [outer, n, inner] f32; y: [outer, inner], i32 for argmax/argmin. */
  kx_reduce(op: number, x: Ptr, y: Ptr, outer: number, n: number, inner: number): Status;
}

/**
 * Op name → kernel code. `variance` is the population variance (divides by n, two-pass);
 * `sumSquares` is Σx², `l2Norm` √Σx²; `any`/`all` write 1/0 and count NaN as nonzero;
 * `argmax`/`argmin` give the first index of the extreme, or of the first NaN (numpy).
 */
export const REDUCE_OPS = {
  sum: 0, mean: 1, max: 2, min: 3, prod: 4, argmax: 5, argmin: 6, variance: 7, sumSquares: 8,
  logSumExp: 9, any: 10, all: 11, l2Norm: 12,
} as const;
/** Name of a reduction kernel op (a key of {@link REDUCE_OPS}). */
export type ReduceOpName = keyof typeof REDUCE_OPS;

export function reduceOpCode(kernel: string, op: string): number {
  if (typeof op === 'string' && Object.hasOwn(REDUCE_OPS, op)) return REDUCE_OPS[op as ReduceOpName];
  const got = typeof op === 'string' ? `'${op}'` : String(op);
  throw new RangeError(`${kernel}: unknown op ${got}. Expected one of ${Object.keys(REDUCE_OPS).join(', ')}. Received: ${got}`);
}

/** Arguments of {@link reduce}: `x` viewed as `[outer, n, inner]`, reduced along n. */
export interface ReduceArgs {
  /** The reduction; an unknown name throws a `RangeError` listing the valid ones. */
  op: ReduceOpName;
  /** float32, [outer, n, inner] from `xOffset`. */
  x: WasmBuffer;
  /** [outer, inner] from `yOffset`: int32 for argmax/argmin, else float32; must not overlap `x`. */
  y: WasmBuffer;
  /** Product of the axes before the reduced one. */
  outer: number;
  /** Length of the reduced axis. */
  n: number;
  /** Product of the axes after the reduced one. */
  inner: number;
  /** Element offset into `x`. Default 0. */
  xOffset?: number;
  /** Element offset into `y`. Default 0. */
  yOffset?: number;
}

/** y[o, j] = op(x[o, :, j]). */
export function reduce(be: Backend, g: ReduceArgs): void {
  const K = 'reduce';
  const code = reduceOpCode(K, g.op);
  const { outer, n, inner } = g;
  checkSize(K, 'outer', outer);
  checkSize(K, 'n', n);
  checkSize(K, 'inner', inner);
  const isArg = g.op === 'argmax' || g.op === 'argmin';
  if (isArg && n === 0 && outer * inner > 0) {
    throw new RangeError(`${K}: ${g.op} of an empty axis has no answer. Received: outer=${outer}, n=0, inner=${inner}`);
  }
  const xo = g.xOffset ?? 0, yo = g.yOffset ?? 0;
  const nx = outer * n * inner, ny = outer * inner;
  checkBuffer(K, 'x', g.x, nx, 'float32', xo);
  checkBuffer(K, 'y', g.y, ny, isArg ? 'int32' : 'float32', yo);
  checkDisjoint(K, 'y', g.y, yo, ny, 'x', g.x, xo, nx);
  check(K, be.ex.kx_reduce(code, g.x.ptr + 4 * xo, g.y.ptr + 4 * yo, outer, n, inner), be);
}

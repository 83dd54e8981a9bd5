// Axis permutation (transpose) of a dense tensor of 4-byte elements, float32 or int32, on
// `kx_permute` (crates/kerasm-kernels/src/permute.rs): y = x.transpose(perm), so output
// axis a is input axis perm[a]. Rank ≤ 8.

import type { Backend } from '../backend.js';
import type { Ptr, Status } from '../exports.js';
import type { WasmBuffer } from '../memory.js';
import { check } from '../status.js';
import { checkBuffer } from './check.js';
import { checkDisjoint } from './flat.js';
import { checkShape, MAX_RANK, sizeOf, withMeta } from './layout.js';

/** Signatures of this family's WASM exports; part of `KernelExports` (../exports.ts). */
export interface PermuteExports {
  /** shape and perm: `rank` i32 each. */
  kx_permute(x: Ptr, y: Ptr, rank: number, shape: Ptr, perm: Ptr): Status;
}

/** Arguments of {@link permute}. */
export interface PermuteArgs {
  /** Dense row-major input of `shape`, float32 or int32. */
  x: WasmBuffer;
  /** Dense output of shape `perm.map(a => shape[a])`, same dtype; must not overlap `x`. */
  y: WasmBuffer;
  /** The input shape. */
  shape: readonly number[];
  /** A permutation of 0..rank-1. */
  perm: readonly number[];
  /** Element offset into `x`. Default 0. */
  xOffset?: number;
  /** Element offset into `y`. Default 0. */
  yOffset?: number;
}

/**
 * Transposes `x` by `perm` into `y` (`y.shape = perm.map(a => shape[a])`), the kernel behind `ops.transpose`; a bad permutation or buffer throws a `RangeError`.
 */
export function permute(be: Backend, g: PermuteArgs): void {
  const K = 'permute';
  checkShape(K, 'shape', g.shape);
  const r = g.shape.length;
  const p = g.perm;
  const isPerm = Array.isArray(p) && p.length === r && p.every((a) => Number.isInteger(a) && a >= 0 && a < r) && new Set(p).size === r;
  if (!isPerm) {
    throw new RangeError(`${K}: \`perm\` must be a permutation of 0..${r - 1} (rank ${r} ≤ ${MAX_RANK}). ` +
      `Received: perm=${Array.isArray(p) ? `[${p.join(', ')}]` : String(p)}, shape=[${g.shape.join(', ')}]`);
  }
  const len = sizeOf(g.shape);
  const xo = g.xOffset ?? 0, yo = g.yOffset ?? 0;
  checkBuffer(K, 'x', g.x, len, g.x?.dtype, xo);
  checkBuffer(K, 'y', g.y, len, g.x.dtype, yo);
  checkDisjoint(K, 'y', g.y, yo, len, 'x', g.x, xo, len);
  const st = withMeta(be, [...g.shape, ...p], (meta) => be.ex.kx_permute(g.x.ptr + 4 * xo, g.y.ptr + 4 * yo, r, meta, meta + 4 * r));
  check(K, st, be);
}

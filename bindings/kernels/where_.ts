// Ternary select with NumPy broadcasting, on `kx_where`: out = cond != 0 ? a : b.
// `cond` is float32 (comparisons write 1/0); NaN counts as true and -0 as false.

import type { Backend } from '../backend.js';
import type { Ptr, Status } from '../exports.js';
import type { WasmBuffer } from '../memory.js';
import { check } from '../status.js';
import { resolveInput, type StridedInput } from './binary.js';
import { checkOutAlias, checkShape, checkStridedBuffer, denseStrides, withMeta } from './layout.js';

/** Signatures of this family's WASM exports; part of `KernelExports` (../exports.ts). */
export interface WhereExports {
  /** meta = [out_shape][cond_strides][a_strides][b_strides], `rank` each. */
  kx_where(cond: Ptr, a: Ptr, b: Ptr, out: Ptr, rank: number, meta: Ptr): Status;
}

/** Arguments of {@link where}. */
export interface WhereArgs {
  /** The condition (float32; nonzero selects `a`), broadcast to `shape`. */
  cond: StridedInput;
  /** Values where the condition holds, broadcast to `shape`. */
  a: StridedInput;
  /** Values elsewhere, broadcast to `shape`. */
  b: StridedInput;
  /** Dense row-major output of `shape`; may be an input laid out the same way (in place). */
  out: WasmBuffer;
  /** The output shape (each input's shape must broadcast to it). */
  shape: readonly number[];
  /** Element offset of the output's first element. Default 0. */
  outOffset?: number;
}

/** `out = cond ? a : b` elementwise with broadcasting (the kernel behind `ops.where`); bad shapes or buffers throw a `RangeError`. */
export function where(be: Backend, g: WhereArgs): void {
  const K = 'where';
  checkShape(K, 'shape', g.shape);
  const inputs = (['cond', 'a', 'b'] as const).map((name) => [name, g[name], ...resolveInput(K, name, g[name], g.shape)] as const);
  const dense = denseStrides(g.shape);
  const oo = g.outOffset ?? 0;
  const ro = checkStridedBuffer(K, 'out', g.out, g.shape, dense, oo);
  for (const [name, x, s, r] of inputs) checkOutAlias(K, g.shape, 'out', g.out, ro, oo, dense, name, x.buf, r, x.offset ?? 0, s);
  const [c, a, b] = inputs.map(([, x]) => x.buf.ptr + 4 * (x.offset ?? 0)) as [number, number, number];
  const st = withMeta(be, [...g.shape, ...inputs.flatMap(([, , s]) => s)], (meta) => be.ex.kx_where(c, a, b, g.out.ptr + 4 * oo, g.shape.length, meta));
  check(K, st, be);
}

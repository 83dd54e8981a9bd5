// Fills, f32↔i32 casts, and the strided copy behind slice, pad, concat, transpose and
// gather-by-strides (`kx_fill_*`, `kx_cast_*`, `kx_copy_strided`).

import type { Backend } from '../backend.js';
import type { Ptr, Status } from '../exports.js';
import type { WasmBuffer } from '../memory.js';
import { check } from '../status.js';
import { checkBuffer, checkSize } from './check.js';
import { checkShape, checkStridedBuffer, checkStrides, denseStrides, overlap, withMeta } from './layout.js';

/** Signatures of this family's WASM exports; part of `KernelExports` (../exports.ts). */
export interface CopyExports {
  kx_fill_f32(y: Ptr, len: number, v: number): Status;
  kx_fill_i32(y: Ptr, len: number, v: number): Status;
  kx_cast_f32_i32(x: Ptr, y: Ptr, len: number): Status;
  kx_cast_i32_f32(x: Ptr, y: Ptr, len: number): Status;
  /** meta = [shape][src_strides][dst_strides], `rank` each; 4-byte elements. */
  kx_copy_strided(src: Ptr, dst: Ptr, rank: number, meta: Ptr): Status;
}

/** Arguments of {@link fill}. */
export interface FillArgs {
  /** The float32 or int32 buffer to fill. */
  y: WasmBuffer;
  /** The value written (an integer in the i32 range for int32 buffers). */
  value: number;
  /** Default: all of `y` after `offset`. */
  len?: number;
  /** Element offset of the first element written. Default 0. */
  offset?: number;
}

/** Sets `len` elements of `y` to `value` (an integer in the i32 range for int32 buffers). */
export function fill(be: Backend, g: FillArgs): void {
  const K = 'fill';
  const off = g.offset ?? 0;
  checkBuffer(K, 'y', g.y, 0, g.y?.dtype, off);
  const len = g.len ?? g.y.length - off;
  checkSize(K, 'len', len);
  checkBuffer(K, 'y', g.y, len, g.y.dtype, off);
  if (typeof g.value !== 'number') throw new TypeError(`${K}: \`value\` must be a number. Received: value=${String(g.value)}`);
  const p = g.y.ptr + 4 * off;
  if (g.y.dtype === 'int32') {
    if (!Number.isInteger(g.value) || g.value < -(2 ** 31) || g.value > 2 ** 31 - 1) {
      throw new RangeError(`${K}: an int32 buffer needs an integer value in the i32 range. Received: value=${g.value}`);
    }
    check(K, be.ex.kx_fill_i32(p, len, g.value), be);
  } else {
    check(K, be.ex.kx_fill_f32(p, len, g.value), be);
  }
}

/** Arguments of {@link cast}: float32 ↔ int32 conversion between two buffers. */
export interface CastArgs {
  /** float32 → int32 truncates toward zero (NaN → 0, saturating); int32 → float32 rounds to nearest. */
  x: WasmBuffer;
  /** The other dtype; may be the same memory as `x` at the same offset (in place). */
  y: WasmBuffer;
  /** Elements to convert; default all of `x` after `xOffset`. */
  len?: number;
  /** Element offset into `x`. Default 0. */
  xOffset?: number;
  /** Element offset into `y`. Default 0. */
  yOffset?: number;
}

/** Converts `len` elements of `x` to the other dtype into `y` (float32 → int32 truncates, saturating; int32 → float32 rounds). */
export function cast(be: Backend, g: CastArgs): void {
  const K = 'cast';
  const xo = g.xOffset ?? 0, yo = g.yOffset ?? 0;
  const pair = `${g.x?.dtype}->${g.y?.dtype}`;
  if (pair !== 'float32->int32' && pair !== 'int32->float32') {
    throw new TypeError(`${K}: expected float32 -> int32 or int32 -> float32. Received: x.dtype=${g.x?.dtype}, y.dtype=${g.y?.dtype}`);
  }
  checkBuffer(K, 'x', g.x, 0, g.x.dtype, xo);
  const len = g.len ?? g.x.length - xo;
  checkSize(K, 'len', len);
  checkBuffer(K, 'x', g.x, len, g.x.dtype, xo);
  checkBuffer(K, 'y', g.y, len, g.y.dtype, yo);
  const xp = g.x.ptr + 4 * xo, yp = g.y.ptr + 4 * yo;
  if (len > 0 && xp !== yp && xp < yp + 4 * len && yp < xp + 4 * len) {
    throw new RangeError(`${K}: \`y\` partially overlaps \`x\`; use the same memory (in place) or disjoint ranges. Received: x offset=${xo}, y offset=${yo}, len=${len}`);
  }
  check(K, pair === 'float32->int32' ? be.ex.kx_cast_f32_i32(xp, yp, len) : be.ex.kx_cast_i32_f32(xp, yp, len), be);
}

/** Arguments of {@link copyStrided}. */
export interface CopyStridedArgs {
  /** The source buffer (float32 or int32). */
  src: WasmBuffer;
  /** Same dtype as `src`; must not overlap the elements read. */
  dst: WasmBuffer;
  /** The shape iterated over (the copied region). */
  shape: readonly number[];
  /** Element strides; default dense. Source strides may be 0 (broadcast) or negative (reverse). */
  srcStrides?: readonly number[];
  /** Element strides; default dense. Must not be 0 on an axis longer than 1. */
  dstStrides?: readonly number[];
  /** Element offset of the source's first element. Default 0. */
  srcOffset?: number;
  /** Element offset of the destination's first element. Default 0. */
  dstOffset?: number;
}

/** dst[dstOffset + Σ i·dstStrides] = src[srcOffset + Σ i·srcStrides] over `shape`. */
export function copyStrided(be: Backend, g: CopyStridedArgs): void {
  const K = 'copyStrided';
  checkShape(K, 'shape', g.shape);
  const ss = g.srcStrides ?? denseStrides(g.shape), ds = g.dstStrides ?? denseStrides(g.shape);
  checkStrides(K, 'srcStrides', ss, g.shape.length);
  checkStrides(K, 'dstStrides', ds, g.shape.length);
  if (g.shape.some((d, i) => d > 1 && ds[i] === 0)) {
    throw new RangeError(`${K}: \`dstStrides\` would write one element several times (stride 0 on an axis longer than 1). Received: shape=[${g.shape.join(', ')}], dstStrides=[${ds.join(', ')}]`);
  }
  if (g.src?.dtype !== g.dst?.dtype) {
    throw new TypeError(`${K}: \`src\` and \`dst\` must have the same dtype. Received: src.dtype=${g.src?.dtype}, dst.dtype=${g.dst?.dtype}`);
  }
  const so = g.srcOffset ?? 0, dso = g.dstOffset ?? 0;
  const rs = checkStridedBuffer(K, 'src', g.src, g.shape, ss, so, g.src.dtype);
  const rd = checkStridedBuffer(K, 'dst', g.dst, g.shape, ds, dso, g.dst.dtype);
  if (overlap(g.dst, rd, g.src, rs)) {
    throw new RangeError(`${K}: \`dst\` overlaps \`src\` (elements ${rd![0]}..${rd![1]} vs ${rs![0]}..${rs![1]}); copy through a temporary.`);
  }
  const st = withMeta(be, [...g.shape, ...ss, ...ds], (meta) => be.ex.kx_copy_strided(g.src.ptr + 4 * so, g.dst.ptr + 4 * dso, g.shape.length, meta));
  check(K, st, be);
}

// Gather along the middle axis of a dense [outer, axisLen, inner] view, its gradient
// scatter-add, and one-hot (`kx_gather`, `kx_scatter_add`, `kx_one_hot`,
// crates/kerasm-kernels/src/gather.rs). Embedding lookup is gather with outer = 1.

import type { Backend } from '../backend.js';
import type { Ptr, Status } from '../exports.js';
import type { WasmBuffer } from '../memory.js';
import { check } from '../status.js';
import { checkBuffer, checkSize } from './check.js';
import { checkDisjoint, checkIndices, checkNumber } from './flat.js';

/** Signatures of this family's WASM exports; part of `KernelExports` (../exports.ts). */
export interface GatherExports {
  /** 4-byte elements (f32 or i32); idx: nIdx i32. */
  kx_gather(x: Ptr, idx: Ptr, y: Ptr, outer: number, nIdx: number, axisLen: number, inner: number): Status;
  kx_scatter_add(dy: Ptr, idx: Ptr, dx: Ptr, outer: number, nIdx: number, axisLen: number, inner: number): Status;
  kx_one_hot(idx: Ptr, y: Ptr, n: number, depth: number, on: number, off: number): Status;
}

interface Axis {
  /** Product of the axes before the gathered axis. */
  outer: number;
  /** Length of the gathered axis. */
  axisLen: number;
  /** Product of the axes after the gathered axis. */
  inner: number;
  /** int32 indices into the axis, each in [0, axisLen). */
  indices: WasmBuffer;
  /** Default: all of `indices`. */
  nIdx?: number;
}

function checkAxis(kernel: string, g: Axis): number {
  checkSize(kernel, 'outer', g.outer);
  checkSize(kernel, 'axisLen', g.axisLen);
  checkSize(kernel, 'inner', g.inner);
  checkBuffer(kernel, 'indices', g.indices, 0, 'int32');
  const nIdx = g.nIdx ?? g.indices.length;
  checkSize(kernel, 'nIdx', nIdx);
  checkIndices(kernel, 'indices', g.indices, 0, nIdx, g.axisLen, 'axisLen');
  return nIdx;
}

/** Arguments of {@link gather}: `x` viewed as `[outer, axisLen, inner]`. */
export interface GatherArgs extends Axis {
  /** [outer, axisLen, inner], float32 or int32. */
  x: WasmBuffer;
  /** [outer, nIdx, inner], the dtype of `x`; must not overlap `x`. */
  y: WasmBuffer;
}

/** y[o, k, :] = x[o, indices[k], :]. */
export function gather(be: Backend, g: GatherArgs): void {
  const K = 'gather';
  const nIdx = checkAxis(K, g);
  const nx = g.outer * g.axisLen * g.inner, ny = g.outer * nIdx * g.inner;
  checkBuffer(K, 'x', g.x, nx, g.x?.dtype);
  checkBuffer(K, 'y', g.y, ny, g.x.dtype);
  checkDisjoint(K, 'y', g.y, 0, ny, 'x', g.x, 0, nx);
  checkDisjoint(K, 'y', g.y, 0, ny, 'indices', g.indices, 0, nIdx);
  check(K, be.ex.kx_gather(g.x.ptr, g.indices.ptr, g.y.ptr, g.outer, nIdx, g.axisLen, g.inner), be);
}

/** Arguments of {@link scatterAdd}: `dx` viewed as `[outer, axisLen, inner]`. */
export interface ScatterAddArgs extends Axis {
  /** [outer, nIdx, inner] float32. */
  dy: WasmBuffer;
  /** [outer, axisLen, inner] float32, added into (zero it first for a plain gradient); must not overlap `dy`. */
  dx: WasmBuffer;
}

/** dx[o, indices[k], :] += dy[o, k, :], summing repeated indices in index order (the gradient of gather). */
export function scatterAdd(be: Backend, g: ScatterAddArgs): void {
  const K = 'scatterAdd';
  const nIdx = checkAxis(K, g);
  const ndx = g.outer * g.axisLen * g.inner, ndy = g.outer * nIdx * g.inner;
  checkBuffer(K, 'dy', g.dy, ndy);
  checkBuffer(K, 'dx', g.dx, ndx);
  checkDisjoint(K, 'dx', g.dx, 0, ndx, 'dy', g.dy, 0, ndy);
  checkDisjoint(K, 'dx', g.dx, 0, ndx, 'indices', g.indices, 0, nIdx);
  check(K, be.ex.kx_scatter_add(g.dy.ptr, g.indices.ptr, g.dx.ptr, g.outer, nIdx, g.axisLen, g.inner), be);
}

/** Arguments of {@link oneHot}. */
export interface OneHotArgs {
  /** int32 indices; one outside [0, depth) gives an all-`off` row, as in TF. */
  indices: WasmBuffer;
  /** [n, depth] float32. */
  y: WasmBuffer;
  /** Number of classes (the row length of `y`). */
  depth: number;
  /** Default: all of `indices`. */
  n?: number;
  /** Default 1. */
  on?: number;
  /** Default 0. */
  off?: number;
}

/** Writes the one-hot rows of `indices` into `y` (`on` at the index, `off` elsewhere), the kernel behind `ops.oneHot`. */
export function oneHot(be: Backend, g: OneHotArgs): void {
  const K = 'oneHot';
  checkSize(K, 'depth', g.depth);
  checkBuffer(K, 'indices', g.indices, 0, 'int32');
  const n = g.n ?? g.indices.length;
  checkSize(K, 'n', n);
  checkBuffer(K, 'indices', g.indices, n, 'int32');
  checkBuffer(K, 'y', g.y, n * g.depth);
  const on = g.on ?? 1, off = g.off ?? 0;
  checkNumber(K, 'on', on);
  checkNumber(K, 'off', off);
  checkDisjoint(K, 'y', g.y, 0, n * g.depth, 'indices', g.indices, 0, n);
  check(K, be.ex.kx_one_hot(g.indices.ptr, g.y.ptr, n, g.depth, on, off), be);
}

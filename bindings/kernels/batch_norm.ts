// Layer normalization over the last axis (`kx_layer_norm_*`,
// crates/kerasm-kernels/src/batch_norm/layer_norm.rs): one pass per direction instead of the
// dozen element-wise and reduction kernels of the composite form.

import type { Backend } from '../backend.js';
import type { Ptr, Status } from '../exports.js';
import type { WasmBuffer } from '../memory.js';
import { check } from '../status.js';
import { checkBuffer, checkSize } from './check.js';

/** Signatures of this family's WASM exports; part of `KernelExports` (../exports.ts). */
export interface LayerNormExports {
  kx_layer_norm_forward(x: Ptr, gamma: Ptr, beta: Ptr, rows: number, c: number, eps: number, y: Ptr, mean: Ptr, rstd: Ptr): Status;
  kx_layer_norm_backward(x: Ptr, dy: Ptr, gamma: Ptr, mean: Ptr, rstd: Ptr, rows: number, c: number, dx: Ptr, dgamma: Ptr, dbeta: Ptr): Status;
}

/** Arguments of {@link layerNormForward}: float32 buffers, `x` and `y` `[rows, c]`. */
export interface LayerNormForwardArgs {
  x: WasmBuffer;
  /** `[c]` scale, or null for 1. */
  gamma: WasmBuffer | null;
  /** `[c]` shift, or null for 0. */
  beta: WasmBuffer | null;
  rows: number;
  c: number;
  /** Added to the variance before the square root; > 0. */
  eps: number;
  /** Output `[rows, c]`. */
  y: WasmBuffer;
  /** `[rows]` row means, written for the backward. */
  mean: WasmBuffer;
  /** `[rows]` 1/√(variance + eps), written for the backward. */
  rstd: WasmBuffer;
}

/** Arguments of {@link layerNormBackward}; null outputs are not computed. */
export interface LayerNormBackwardArgs {
  x: WasmBuffer;
  dy: WasmBuffer;
  gamma: WasmBuffer | null;
  mean: WasmBuffer;
  rstd: WasmBuffer;
  rows: number;
  c: number;
  dx: WasmBuffer | null;
  dgamma: WasmBuffer | null;
  dbeta: WasmBuffer | null;
}

function checkOut(K: string, outs: [string, WasmBuffer | null][], ins: WasmBuffer[]): void {
  const live = outs.filter((o): o is [string, WasmBuffer] => o[1] !== null);
  for (const [name, o] of live) {
    for (const b of [...ins, ...live.map((l) => l[1])]) {
      if (b !== o && b.ptr < o.ptr + 4 * o.length && o.ptr < b.ptr + 4 * b.length) {
        throw new RangeError(`${K}: output ${name} overlaps another buffer. Received: ${name} at ${o.ptr} (${o.length} floats), other at ${b.ptr} (${b.length} floats)`);
      }
    }
  }
}

/** `y = (x − mean)/√(var + eps)·gamma + beta` per row of `x: [rows, c]`; also writes each row's mean and 1/√(var + eps). */
export function layerNormForward(be: Backend, a: LayerNormForwardArgs): void {
  const K = 'layerNormForward';
  checkSize(K, 'rows', a.rows);
  checkSize(K, 'c', a.c);
  if (!(a.eps > 0)) throw new RangeError(`${K}: eps must be positive. Received: eps=${a.eps}`);
  const n = a.rows * a.c;
  checkBuffer(K, 'x', a.x, n);
  checkBuffer(K, 'y', a.y, n);
  checkBuffer(K, 'mean', a.mean, a.rows);
  checkBuffer(K, 'rstd', a.rstd, a.rows);
  if (a.gamma) checkBuffer(K, 'gamma', a.gamma, a.c);
  if (a.beta) checkBuffer(K, 'beta', a.beta, a.c);
  checkOut(K, [['y', a.y], ['mean', a.mean], ['rstd', a.rstd]], [a.x, ...[a.gamma, a.beta].filter((b): b is WasmBuffer => b !== null)]);
  check(K, be.ex.kx_layer_norm_forward(a.x.ptr, a.gamma?.ptr ?? 0, a.beta?.ptr ?? 0, a.rows, a.c, a.eps, a.y.ptr, a.mean.ptr, a.rstd.ptr), be);
}

/** Gradients of {@link layerNormForward} with respect to x, gamma and beta, from its row means and 1/√(var + eps). */
export function layerNormBackward(be: Backend, a: LayerNormBackwardArgs): void {
  const K = 'layerNormBackward';
  checkSize(K, 'rows', a.rows);
  checkSize(K, 'c', a.c);
  const n = a.rows * a.c;
  checkBuffer(K, 'x', a.x, n);
  checkBuffer(K, 'dy', a.dy, n);
  checkBuffer(K, 'mean', a.mean, a.rows);
  checkBuffer(K, 'rstd', a.rstd, a.rows);
  if (a.gamma) checkBuffer(K, 'gamma', a.gamma, a.c);
  if (a.dx) checkBuffer(K, 'dx', a.dx, n);
  if (a.dgamma) checkBuffer(K, 'dgamma', a.dgamma, a.c);
  if (a.dbeta) checkBuffer(K, 'dbeta', a.dbeta, a.c);
  const ins = [a.x, a.dy, a.mean, a.rstd, ...(a.gamma ? [a.gamma] : [])];
  checkOut(K, [['dx', a.dx], ['dgamma', a.dgamma], ['dbeta', a.dbeta]], ins);
  check(K, be.ex.kx_layer_norm_backward(a.x.ptr, a.dy.ptr, a.gamma?.ptr ?? 0, a.mean.ptr, a.rstd.ptr, a.rows, a.c,
    a.dx?.ptr ?? 0, a.dgamma?.ptr ?? 0, a.dbeta?.ptr ?? 0), be);
}

// GEMM binding: C = alpha·op(A)·op(B) + beta·C (+ bias) → activation, batched and strided.

import type { Backend } from '../backend.js';
import type { WasmBuffer } from '../memory.js';
import { check } from '../status.js';
import { checkBuffer, checkSize } from './check.js';

export interface GemmArgs {
  m: number;
  n: number;
  k: number;
  a: WasmBuffer;
  b: WasmBuffer;
  c: WasmBuffer;
  /** Element offsets of each operand's first element. */
  aOffset?: number;
  bOffset?: number;
  cOffset?: number;
  transA?: boolean;
  transB?: boolean;
  /** Leading dimensions; default to the dense row length. */
  lda?: number;
  ldb?: number;
  ldc?: number;
  batch?: number;
  /** Element strides between batch members; 0 reuses one operand for every member. */
  strideA?: number;
  strideB?: number;
  strideC?: number;
  alpha?: number;
  beta?: number;
  /** Per-column bias of length n. */
  bias?: WasmBuffer;
  /** A unary op code (bindings/kernels/unary.ts) applied to C; 0 = none. */
  activation?: number;
  activationAlpha?: number;
}

/** Elements an operand spans: `rows` rows of `cols` with leading dimension `ld`. */
function span(rows: number, cols: number, ld: number): number {
  return rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols;
}

/** Elements `batch` members `stride` apart span when each spans `one`. */
function need(batch: number, stride: number, one: number): number {
  return batch === 0 || one === 0 ? 0 : (batch - 1) * stride + one;
}

export function gemm(be: Backend, g: GemmArgs): void {
  const K = 'gemm';
  const { m, n, k } = g;
  checkSize(K, 'm', m);
  checkSize(K, 'n', n);
  checkSize(K, 'k', k);
  const transA = g.transA ?? false;
  const transB = g.transB ?? false;
  const [aRows, aCols] = transA ? [k, m] : [m, k];
  const [bRows, bCols] = transB ? [n, k] : [k, n];
  const lda = g.lda ?? aCols;
  const ldb = g.ldb ?? bCols;
  const ldc = g.ldc ?? n;
  const batch = g.batch ?? 1;
  // Straight calls, no arrays or closures: this runs for every Dense forward/backward product.
  checkSize(K, 'lda', lda);
  checkSize(K, 'ldb', ldb);
  checkSize(K, 'ldc', ldc);
  checkSize(K, 'batch', batch);
  if (lda < aCols || ldb < bCols || ldc < n) {
    throw new RangeError(`${K}: leading dimensions must be at least the row lengths ` +
      `(lda≥${aCols}, ldb≥${bCols}, ldc≥${n}). Received: lda=${lda}, ldb=${ldb}, ldc=${ldc}`);
  }
  const sa = g.strideA ?? span(aRows, aCols, lda);
  const sb = g.strideB ?? span(bRows, bCols, ldb);
  const sc = g.strideC ?? span(m, n, ldc);
  checkSize(K, 'strideA', sa);
  checkSize(K, 'strideB', sb);
  checkSize(K, 'strideC', sc);
  checkBuffer(K, 'a', g.a, need(batch, sa, span(aRows, aCols, lda)), 'float32', g.aOffset ?? 0);
  checkBuffer(K, 'b', g.b, need(batch, sb, span(bRows, bCols, ldb)), 'float32', g.bOffset ?? 0);
  checkBuffer(K, 'c', g.c, need(batch, sc, span(m, n, ldc)), 'float32', g.cOffset ?? 0);
  if (g.bias) checkBuffer(K, 'bias', g.bias, n);
  if (batch > 1 && sc !== 0 && sc < span(m, n, ldc)) {
    throw new RangeError(`${K}: batch members of C overlap: strideC must be 0 or ≥ ${span(m, n, ldc)}. Received: strideC=${sc}`);
  }
  const act = g.activation ?? 0;
  checkSize(K, 'activation', act);
  const st = be.ex.kx_gemm(
    batch, m, n, k,
    g.a.ptr + 4 * (g.aOffset ?? 0), lda, transA ? 1 : 0, sa,
    g.b.ptr + 4 * (g.bOffset ?? 0), ldb, transB ? 1 : 0, sb,
    g.c.ptr + 4 * (g.cOffset ?? 0), ldc, sc,
    g.alpha ?? 1, g.beta ?? 0, g.bias ? g.bias.ptr : 0, act, g.activationAlpha ?? 0,
  );
  check(K, st, be);
}

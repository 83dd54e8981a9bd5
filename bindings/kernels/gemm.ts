// GEMM binding: C = alpha·op(A)·op(B) + beta·C (+ bias) → activation, batched and strided.

import type { Backend } from '../backend.js';
import type { WasmBuffer } from '../memory.js';
import { check } from '../status.js';
import { checkBuffer, checkSize } from './check.js';

/** Arguments of {@link gemm}: sizes, float32 operand buffers and the BLAS-style layout options. */
export interface GemmArgs {
  /** Rows of op(A) and C. */
  m: number;
  /** Columns of op(B) and C. */
  n: number;
  /** Columns of op(A) = rows of op(B) (the contracted size). */
  k: number;
  /** Float32 buffer of A (`m×k`, or `k×m` with transA). */
  a: WasmBuffer;
  /** Float32 buffer of B (`k×n`, or `n×k` with transB). */
  b: WasmBuffer;
  /** Float32 buffer of C (`m×n`), read when beta ≠ 0 and written. */
  c: WasmBuffer;
  /** Element offsets of each operand's first element. */
  aOffset?: number;
  /** Element offset of B's first element. Default 0. */
  bOffset?: number;
  /** Element offset of C's first element. Default 0. */
  cOffset?: number;
  /** Use Aᵀ (A stored `k×m`). Default false. */
  transA?: boolean;
  /** Use Bᵀ (B stored `n×k`). Default false. */
  transB?: boolean;
  /** Leading dimensions; default to the dense row length. */
  lda?: number;
  /** Leading dimension (row stride) of B; default its dense row length. */
  ldb?: number;
  /** Leading dimension (row stride) of C; default n. */
  ldc?: number;
  /** Number of independent products (batched GEMM). Default 1. */
  batch?: number;
  /** Element strides between batch members; 0 reuses one operand for every member. */
  strideA?: number;
  /** Element stride between batch members of B; 0 reuses one B. Default the dense size. */
  strideB?: number;
  /** Element stride between batch members of C. Default the dense size. */
  strideC?: number;
  /** Scale of op(A)·op(B). Default 1. */
  alpha?: number;
  /** Scale of the existing C added to the product (0 ignores C's contents). Default 0. */
  beta?: number;
  /** Per-column bias of length n. */
  bias?: WasmBuffer;
  /** A unary op code (bindings/kernels/unary.ts) applied to C; 0 = none. */
  activation?: number;
  /** Parameter of the activation (e.g. the negative slope of leaky ReLU). */
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

/**
 * `C = activation(alpha·op(A)·op(B) + beta·C + bias)` on the WASM backend, batched and strided (the kernel behind matmul and Dense).
 * Sizes, leading dimensions, strides and buffer extents are checked: a violation throws a `RangeError` (`Received: …`).
 */
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

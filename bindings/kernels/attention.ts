// Fused scaled-dot-product attention (`kx_attention_*`, crates/kerasm-kernels/src/attention.rs):
// o = softmax(scale·q·kᵀ + mask)·v per (batch, query head), one block of score rows per thread
// at a time; the backward recomputes the probabilities from the forward's row log-sum-exp.
// Query head h reads key/value head h / (heads / kvHeads) in place (grouped-query attention).

import type { Backend } from '../backend.js';
import type { Ptr, Status } from '../exports.js';
import type { WasmBuffer } from '../memory.js';
import { check } from '../status.js';
import { checkBuffer, checkSize } from './check.js';

/** Signatures of this family's WASM exports; part of `KernelExports` (../exports.ts). */
export interface AttentionExports {
  kx_attention_forward(batch: number, heads: number, kvHeads: number, tq: number, tk: number, dk: number, dv: number, flags: number,
    scale: number, q: Ptr, k: Ptr, v: Ptr, mask: Ptr, o: Ptr, lse: Ptr, probs: Ptr): Status;
  kx_attention_backward(batch: number, heads: number, kvHeads: number, tq: number, tk: number, dk: number, dv: number, flags: number,
    scale: number, q: Ptr, k: Ptr, v: Ptr, mask: Ptr, dout: Ptr, lse: Ptr, probs: Ptr, dq: Ptr, dk_: Ptr, dv_: Ptr): Status;
}

/** Sizes and options shared by {@link attentionForward} and {@link attentionBackward}. */
export interface AttentionDims {
  /** Batch size. */
  batch: number;
  /** Query heads. */
  heads: number;
  /** Key/value heads; must divide `heads`. */
  kvHeads: number;
  /** Query steps. */
  tq: number;
  /** Key/value steps. */
  tk: number;
  /** Query/key head size. */
  dk: number;
  /** Value head size. */
  dv: number;
  /** 'btnh' = [batch, T, heads, d] (the projections' layout), 'bnth' = [batch, heads, T, d]. */
  layout: 'btnh' | 'bnth';
  /** Hide the future: query step i attends only to key steps j ≤ i. */
  causal: boolean;
  /** Multiplier of the scores `q·kᵀ` before softmax (usually `1/√dk`). */
  scale: number;
  /** [1 or batch, tq, tk] float32, nonzero = attend; null = none. */
  mask: WasmBuffer | null;
  /** True when `mask` has a batch axis. */
  maskPerBatch?: boolean;
  /**
   * `[batch, heads, tq, tk]` float32 probabilities: the forward writes them, the backward reads
   * them instead of recomputing the scores (one GEMM-sized product fewer). Null: not kept.
   */
  probs?: WasmBuffer | null;
}

/** Arguments of {@link attentionForward}; buffers in `layout` order. */
export interface AttentionForwardArgs extends AttentionDims {
  /** Float32 queries, `[batch, tq, heads, dk]` ('btnh') or `[batch, heads, tq, dk]` ('bnth'). */
  q: WasmBuffer;
  /** Float32 keys, `[batch, tk, kvHeads, dk]` (or head-major with 'bnth'). */
  k: WasmBuffer;
  /** Float32 values, `[batch, tk, kvHeads, dv]` (or head-major with 'bnth'). */
  v: WasmBuffer;
  /** Float32 output, `[batch, tq, heads, dv]` (or head-major with 'bnth'); written. */
  o: WasmBuffer;
  /** `[batch, heads, tq]`: each row's log-sum-exp (+inf: every key masked). */
  lse: WasmBuffer;
}

/** Arguments of {@link attentionBackward}; buffers as in the forward. */
export interface AttentionBackwardArgs extends AttentionDims {
  /** The forward's queries. */
  q: WasmBuffer;
  /** The forward's keys. */
  k: WasmBuffer;
  /** The forward's values. */
  v: WasmBuffer;
  /** Gradient of the output, shaped as `o`. */
  dout: WasmBuffer;
  /** The forward's per-row log-sum-exp `[batch, heads, tq]`. */
  lse: WasmBuffer;
  /** Gradient of the queries (written), shaped as `q`. */
  dq: WasmBuffer;
  /** Gradient of the keys (written), shaped as `k`. */
  dkOut: WasmBuffer;
  /** Gradient of the values (written), shaped as `v`. */
  dvOut: WasmBuffer;
}

/**
 * Checks the sizes and the buffers (each against its element count: q, k, v for the query,
 * key and value sizes, o for the output's, rows for lse; the mask and probs from the dims) and
 * returns the kernel's flags.
 */
function checkArgs(K: string, a: AttentionDims, buffers: [string, WasmBuffer, 'q' | 'k' | 'v' | 'o' | 'rows'][]): number {
  for (const n of ['batch', 'heads', 'kvHeads', 'tq', 'tk', 'dk', 'dv'] as const) checkSize(K, n, a[n]);
  if (a.kvHeads < 1 || a.heads % a.kvHeads !== 0 || a.tk < 1) {
    throw new RangeError(`${K}: kvHeads must divide heads and tk be ≥ 1. Received: heads=${a.heads}, kvHeads=${a.kvHeads}, tk=${a.tk}`);
  }
  if (a.layout !== 'btnh' && a.layout !== 'bnth') throw new RangeError(`${K}: layout must be 'btnh' or 'bnth'. Received: ${String(a.layout)}`);
  if (a.mask) checkBuffer(K, 'mask', a.mask, (a.maskPerBatch ? a.batch : 1) * a.tq * a.tk);
  if (a.probs) checkBuffer(K, 'probs', a.probs, a.batch * a.heads * a.tq * a.tk);
  const n = {
    q: a.batch * a.tq * a.heads * a.dk, k: a.batch * a.tk * a.kvHeads * a.dk, v: a.batch * a.tk * a.kvHeads * a.dv,
    o: a.batch * a.tq * a.heads * a.dv, rows: a.batch * a.heads * a.tq,
  };
  for (const [name, buf, size] of buffers) checkBuffer(K, name, buf, n[size]);
  return (a.causal ? 1 : 0) | (a.layout === 'bnth' ? 2 : 0) | (a.mask && a.maskPerBatch ? 4 : 0);
}

/**
 * Fused scaled-dot-product attention (softmax(scale·q·kᵀ + mask)·v) without materializing the scores; also writes each row's log-sum-exp.
 * Grouped-query heads share key/value heads. Bad sizes or buffers throw a `RangeError` (`Received: …`).
 */
export function attentionForward(be: Backend, a: AttentionForwardArgs): void {
  const K = 'attentionForward';
  const flags = checkArgs(K, a, [['q', a.q, 'q'], ['k', a.k, 'k'], ['v', a.v, 'v'], ['o', a.o, 'o'], ['lse', a.lse, 'rows']]);
  check(K, be.ex.kx_attention_forward(a.batch, a.heads, a.kvHeads, a.tq, a.tk, a.dk, a.dv, flags, a.scale,
    a.q.ptr, a.k.ptr, a.v.ptr, a.mask?.ptr ?? 0, a.o.ptr, a.lse.ptr, a.probs?.ptr ?? 0), be);
}

/** Gradients of {@link attentionForward} with respect to q, k and v, recomputing the scores from `lse`. */
export function attentionBackward(be: Backend, a: AttentionBackwardArgs): void {
  const K = 'attentionBackward';
  const flags = checkArgs(K, a, [
    ['q', a.q, 'q'], ['k', a.k, 'k'], ['v', a.v, 'v'], ['dout', a.dout, 'o'], ['lse', a.lse, 'rows'],
    ['dq', a.dq, 'q'], ['dkOut', a.dkOut, 'k'], ['dvOut', a.dvOut, 'v'],
  ]);
  check(K, be.ex.kx_attention_backward(a.batch, a.heads, a.kvHeads, a.tq, a.tk, a.dk, a.dv, flags, a.scale,
    a.q.ptr, a.k.ptr, a.v.ptr, a.mask?.ptr ?? 0, a.dout.ptr, a.lse.ptr, a.probs?.ptr ?? 0, a.dq.ptr, a.dkOut.ptr, a.dvOut.ptr), be);
}

// Chooses the fused attention kernel (ts/ops/attention.ts) for MultiHeadAttention and
// GroupQueryAttention where Keras (JAX) takes jax.nn.dot_product_attention: no attention
// dropout, no returned scores, [batch, steps, features] inputs. Elsewhere the layers run the
// einsum path (scores, masked softmax, dropout, combine), which gives the same results.

import { backend } from '../../../bindings/index.js';
import { dotProductAttention } from '../../ops/attention.js';
import type { Tensor } from '../../tensor/tensor.js';

// Off by default: at the text transformer's shapes it is no faster than the einsum path, which
// runs on the tuned GEMM (bench/attention.bench.mjs, batch 32, T 64/128, 2–4 heads, fwd+bwd,
// 2 shared cores: einsum/fused time 0.66–1.23 at load ~8, 0.2–0.7 at load ~15). It holds one
// score row per thread instead of the [B, heads, T, S] scores, so it is the choice when memory
// is the limit; setFusedAttention(true) turns it on.
let enabled = false;
let calls = 0;

/** How many attention calls have run on the fused kernel (diagnostics: shows which path a model takes). */
export function fusedAttentionCalls(): number {
  return calls;
}

/** Turns the fused attention kernel on or off (the einsum path, the default); returns the previous setting. */
export function setFusedAttention(on: boolean): boolean {
  const prev = enabled;
  enabled = on;
  return prev;
}

/** Whether the fused kernel may run (enabled, and present in the loaded WASM binary). */
export function fusedAttentionApplies(): boolean {
  return enabled && typeof (backend().ex as { kx_attention_forward?: unknown }).kx_attention_forward === 'function';
}

/**
 * softmax(scale·q·kᵀ + mask)·v for projected q [B, T, heads, dk], k [B, S, kvHeads, dk],
 * v [B, S, kvHeads, dv]; `mask` broadcastable to [B, T, S] (1 = attend), causal already in it.
 */
export function fusedAttention(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, scale: number): Tensor {
  calls++;
  return dotProductAttention(q, k, v, { mask, scale });
}

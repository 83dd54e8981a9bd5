// GroupQueryAttention (Keras 3 `layers.GroupQueryAttention`, Ainslie et al. 2023): query
// projected to `numQueryHeads` heads, key and value to `numKeyValueHeads` heads, each key/value
// head shared by a group of `numQueryHeads / numKeyValueHeads` consecutive query heads (Keras
// repeats the key/value heads; here the query heads are grouped instead, so nothing is copied).
// One key/value head is multi-query attention, as many as query heads is MultiHeadAttention.
//
// Called as MultiHeadAttention: `apply([query, value])` or `[query, value, key]` on
// [batch, steps, features] tensors, with `attentionMask`, `useCausalMask`,
// `returnAttentionScores` (scores [B, numQueryHeads, T, S]) and the query/value/key masks
// (default: the inputs' masks). The output has the query's shape and carries its mask.
//
// Sublayer fields carry Keras's attribute names (`_query_dense`, …), which its saver uses as
// the paths of the variables in `.keras` files.

import { ValueError, fmt } from '../../errors.js';
import { einsum } from '../../ops/einsum.js';
import { reshape } from '../../ops/reshape.js';
import { mulScalar } from '../../ops/unary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { uniqueName } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';
import type { EinsumDense } from './einsum_dense.js';
import { expandMaskTo } from './masks.js';
import { posInt, ProjectedAttention, type AttentionLayerArgs, type MultiHeadAttentionCallArgs } from './projected_attention.js';

/** Options of {@link GroupQueryAttention} (Keras `layers.GroupQueryAttention` arguments, camelCase). */
export interface GroupQueryAttentionArgs extends AttentionLayerArgs {
  /** Size of each attention head (query, key and value). */
  headDim: number;
  /** Number of query heads (a positive integer, a multiple of `numKeyValueHeads`; required). */
  numQueryHeads: number;
  /** Must divide numQueryHeads. */
  numKeyValueHeads: number;
}

/** Call options of {@link GroupQueryAttention}: the same as MultiHeadAttention's (scores are `[batch, numQueryHeads, T, S]`). */
export type GroupQueryAttentionCallArgs = MultiHeadAttentionCallArgs;

/**
 * Grouped-query attention layer, Keras `layers.GroupQueryAttention` (Ainslie et al. 2023; Python class `GroupedQueryAttention`):
 * `numQueryHeads` query heads share `numKeyValueHeads` key/value heads, each serving a group of consecutive query heads
 * (1 key/value head is multi-query attention; as many as query heads is multi-head attention).
 * Called as `apply([query, value])` or `[query, value, key]` on `[batch, steps, features]`; the output has the query's shape and mask.
 * A `numQueryHeads` not divisible by `numKeyValueHeads`, or another invalid option, throws a `ValueError` (`Received: …`).
 */
export class GroupQueryAttention extends ProjectedAttention {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = [
    'head_dim', 'num_query_heads', 'num_key_value_heads', 'use_bias', 'use_gate', 'sliding_window', 'dropout',
    'kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer', 'activity_regularizer',
    'kernel_constraint', 'bias_constraint', 'seed',
  ];
  /** Options accepted beyond the config keys: `flashAttention` (for Keras configs; the fused kernel is used whenever it applies). */
  static readonly extraOptions = ['flashAttention'];
  /** Keras's Python class (exported as GroupQueryAttention): its `.keras` paths, legacy `.h5` and default names use it. */
  static readonly pythonClassName = 'GroupedQueryAttention';
  /** Keras calls it with query, value, key as separate arguments (as configs record them). */
  static readonly positionalInputs = true;
  /** Keras's build_config names the input shapes (`shapes_dict`). */
  static readonly buildShapeNames = ['query_shape', 'value_shape', 'key_shape'];

  /** Size of each attention head (query, key and value). */
  readonly headDim: number;
  /** Number of query heads. */
  readonly numQueryHeads: number;
  /** Number of key/value heads (divides `numQueryHeads`). */
  readonly numKeyValueHeads: number;

  // Keras's attribute names, in its weight order.
  /** The query projection to `[..., numQueryHeads, headDim]` (Keras attribute `_query_dense`, layer name 'query'). Created by `build`. */
  _query_dense: EinsumDense | undefined = undefined;
  /** The key projection to `[..., numKeyValueHeads, headDim]` (Keras attribute `_key_dense`, layer name 'key'). Created by `build`. */
  _key_dense: EinsumDense | undefined = undefined;
  /** The gate projection of the query (sigmoid), only with `useGate` (Keras attribute `_gate_dense`). Created by `build`. */
  _gate_dense: EinsumDense | undefined = undefined;
  /**
   * The value projection to `[..., numKeyValueHeads, headDim]` (Keras attribute `_value_dense`, layer name 'value'). Created by `build`.
   */
  _value_dense: EinsumDense | undefined = undefined;
  /**
   * The output projection back to the query's feature size (Keras attribute `_output_dense`, layer name 'attention_output'). Created by `build`.
   */
  _output_dense: EinsumDense | undefined = undefined;

  constructor(args: GroupQueryAttentionArgs) {
    // Keras's default name comes from its class GroupedQueryAttention.
    super({ ...layerArgs(new.target, args), name: args?.name ?? uniqueName('grouped_query_attention') }, args ?? {});
    for (const k of ['headDim', 'numQueryHeads', 'numKeyValueHeads'] as const) {
      if (!posInt(args[k])) throw new ValueError(`Layer '${this.name}': ${k} must be a positive integer. Received: ${k}=${fmt(args[k])}`);
    }
    if (args.numQueryHeads % args.numKeyValueHeads !== 0) {
      throw new ValueError(`Layer '${this.name}': \`num_query_heads\` must be divisible by \`num_key_value_heads\`. ` +
        `Received: num_query_heads=${args.numQueryHeads}, num_key_value_heads=${args.numKeyValueHeads}`);
    }
    if (args.flashAttention === true && this.dropout > 0) {
      throw new ValueError(`Layer '${this.name}': Dropout is not supported when flash attention is enabled. Received: dropout=${this.dropout}, flashAttention=true`);
    }
    this.headDim = args.headDim;
    this.numQueryHeads = args.numQueryHeads;
    this.numKeyValueHeads = args.numKeyValueHeads;
  }

  private shapesOf(inputShape: SymbolicShape | SymbolicShape[]): [SymbolicShape, SymbolicShape, SymbolicShape] {
    const list = Array.isArray(inputShape[0]) ? inputShape as SymbolicShape[] : null;
    if (!list || list.length < 2 || list.length > 3) {
      throw new ValueError(`Layer '${this.name}': GroupQueryAttention is called on a list [query, value] or [query, value, key]. ` +
        `Received: ${list ? `${list.length} input(s)` : `a single input of shape ${fmt(inputShape)}`}`);
    }
    const [q, v, k = v] = list as [SymbolicShape, SymbolicShape, SymbolicShape?];
    for (const [what, s] of [['query', q], ['value', v], ['key', k]] as const) {
      if (s.length !== 3) throw new ValueError(`Layer '${this.name}': ${what} must have rank 3 ([batch, steps, features]). Received: ${what}_shape=${fmt(s)}`);
    }
    if (q[2] !== null && v[2] !== null && q[2] !== v[2]) {
      throw new ValueError(`Layer '${this.name}': the last dimension of \`query_shape\` and \`value_shape\` must be equal, but are ${q[2]}, ${v[2]}. ` +
        `Received: query_shape=${fmt(q)}, value_shape=${fmt(v)}`);
    }
    if (v[1] !== null && k[1] !== null && v[1] !== k[1]) {
      throw new ValueError(`Layer '${this.name}': all dimensions of \`value\` and \`key\`, except the last one, must be equal. ` +
        `Received: value_shape=${fmt(v)} and key_shape=${fmt(k)}`);
    }
    if (q[0] !== null && v[0] !== null && q[0] !== v[0]) {
      throw new ValueError(`Layer '${this.name}': query and value must have the same batch size. Received: query_shape=${fmt(q)} and value_shape=${fmt(v)}`);
    }
    return [q, v, k];
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const [q, v, k] = this.shapesOf(inputShape);
    const U = this.numQueryHeads, V = this.numKeyValueHeads, H = this.headDim;
    this._query_dense = this.projection('query', 'bqm,muh->bquh', [null, U, H], 'uh', q);
    this._key_dense = this.projection('key', 'bkm,mvh->bkvh', [null, V, H], 'vh', k);
    if (this.useGate) this._gate_dense = this.projection('gate', 'bqm,muh->bquh', [null, U, H], 'uh', q, 'sigmoid');
    this._value_dense = this.projection('value', 'bkm,mvh->bkvh', [null, V, H], 'vh', v);
    this._output_dense = this.projection('attention_output', 'bquh,uhm->bqm', [null, q[2] as number], 'm', [null, null, U, H]);
    this.finishBuild(-1);
  }

  call(inputs: Tensor | Tensor[], args: GroupQueryAttentionCallArgs): Tensor | Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const [query, value, key = value] = list as [Tensor, Tensor, Tensor?];
    if (!value) this.shapesOf(list.map((t) => t.shape) as SymbolicShape[]);
    const mask = this.callMask(query, value!, args);
    const gate = this._gate_dense?.apply(query, { mask: null });
    const q = this._query_dense!.apply(query, { mask: null });
    const k = this._key_dense!.apply(key!, { mask: null });
    const v = this._value_dense!.apply(value!, { mask: null });
    const [out, probs] = this.attend(q, k, v, mask, 1 / Math.sqrt(this.headDim), args);
    const y = this.project(this._output_dense!, out, gate, [q, k, v]);
    if (args.returnAttentionScores === true) return [y, probs!];
    probs?.dispose();
    return y;
  }

  /**
   * The einsum path with the query heads grouped as [B, T, V, R, H] against the key/value
   * heads [B, S, V, H]: the output [B, T, U, H] and the probabilities [B, U, T, S].
   */
  protected einsumAttention(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, scale: number, training: boolean | undefined): [Tensor, Tensor] {
    const [B, T] = q.shape as [number, number];
    const S = k.shape[1]!;
    const U = this.numQueryHeads, V = this.numKeyValueHeads, R = U / V, H = this.headDim;
    const qs = mulScalar(reshape(q, [B, T, V, R, H]), scale);
    const s5 = einsum('btvrh,bsvh->bvrts', qs, k);
    qs.dispose();
    const [probs, dropped] = this.probabilities(reshape(s5, [B, U, T, S]), mask ? expandMaskTo(mask, 4, -3) : null, training);
    const o5 = einsum('bvrts,bsvh->btvrh', reshape(dropped, [B, V, R, T, S]), v);
    if (dropped !== probs) dropped.dispose();
    return [reshape(o5, [B, T, U, H]), probs];
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape | SymbolicShape[] {
    const [q, v] = this.shapesOf(inputShape);
    if (!this.callOptions?.returnAttentionScores) return q.slice();
    return [q.slice(), [q[0]!, this.numQueryHeads, q[1]!, v[1]!]];
  }
}

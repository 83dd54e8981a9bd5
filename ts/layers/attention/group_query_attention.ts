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
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import * as constraints from '../../constraints/index.js';
import { mul } from '../../ops/binary.js';
import { einsum } from '../../ops/einsum.js';
import { reshape } from '../../ops/reshape.js';
import { mulScalar } from '../../ops/unary.js';
import { where } from '../../ops/where.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, uniqueName, type LayerArgs, type LayerInput } from '../layer.js';
import type { SymbolicShape, SymbolicTensor } from '../symbolic.js';
import { layerArgs } from '../config.js';
import { Dropout } from '../core/dropout.js';
import { Softmax } from '../activations/relu.js';
import { EinsumDense } from './einsum_dense.js';
import { asMask, expandMaskTo, layerAttentionMask, maskScores } from './masks.js';
import type { MultiHeadAttentionCallArgs } from './multi_head_attention.js';
import { fusedAttention, fusedAttentionApplies } from './fused.js';

/** Options of {@link GroupQueryAttention} (Keras `layers.GroupQueryAttention` arguments, camelCase). */
export interface GroupQueryAttentionArgs extends LayerArgs {
  /** Size of each attention head (query, key and value). */
  headDim: number;
  /** Number of query heads (a positive integer, a multiple of `numKeyValueHeads`; required). */
  numQueryHeads: number;
  /** Must divide numQueryHeads. */
  numKeyValueHeads: number;
  /** Dropout rate on the attention weights. */
  dropout?: number;
  /** Whether the query/key/value/output projections have biases. Default true. */
  useBias?: boolean;
  /** Attend only to keys within this distance of the query step. */
  slidingWindow?: number | null;
  /** A sigmoid gate on the attention output (Keras `use_gate`). */
  useGate?: boolean;
  /** Accepted for Keras configs; kerasm's fused kernel is used whenever it applies (same result). */
  flashAttention?: boolean | null;
  /** Initializer of the projection kernels. Default 'glorot_uniform'. */
  kernelInitializer?: initializers.InitializerIdentifier;
  /** Initializer of the projection biases. Default 'zeros'. */
  biasInitializer?: initializers.InitializerIdentifier;
  /** Penalty on the projection kernels. Default none. */
  kernelRegularizer?: regularizers.RegularizerIdentifier;
  /** Penalty on the projection biases. Default none. */
  biasRegularizer?: regularizers.RegularizerIdentifier;
  /** Penalty on the layer's output. Default none. */
  activityRegularizer?: regularizers.RegularizerIdentifier;
  /** Constraint applied to the projection kernels after each optimizer step. Default none. */
  kernelConstraint?: constraints.ConstraintIdentifier;
  /** Constraint applied to the projection biases after each optimizer step. Default none. */
  biasConstraint?: constraints.ConstraintIdentifier;
  /** Seed of the attention dropout; null (default) draws a fresh seed per call. */
  seed?: number | null;
}

/** Call options of {@link GroupQueryAttention}: the same as MultiHeadAttention's (scores are `[batch, numQueryHeads, T, S]`). */
export type GroupQueryAttentionCallArgs = MultiHeadAttentionCallArgs;

const posInt = (v: unknown) => Number.isInteger(v) && (v as number) > 0;

/**
 * Grouped-query attention layer, Keras `layers.GroupQueryAttention` (Ainslie et al. 2023; Python class `GroupedQueryAttention`):
 * `numQueryHeads` query heads share `numKeyValueHeads` key/value heads, each serving a group of consecutive query heads
 * (1 key/value head is multi-query attention; as many as query heads is multi-head attention).
 * Called as `apply([query, value])` or `[query, value, key]` on `[batch, steps, features]`; the output has the query's shape and mask.
 * A `numQueryHeads` not divisible by `numKeyValueHeads`, or another invalid option, throws a `ValueError` (`Received: …`).
 */
export class GroupQueryAttention extends Layer {
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

  override supportsMasking = true;
  /** Size of each attention head (query, key and value). */
  readonly headDim: number;
  /** Number of query heads. */
  readonly numQueryHeads: number;
  /** Number of key/value heads (divides `numQueryHeads`). */
  readonly numKeyValueHeads: number;
  /** Dropout rate on the attention weights during training, in [0, 1). */
  readonly dropout: number;
  /** Whether the projections have biases (Keras `use_bias`, default true). */
  readonly useBias: boolean;
  /** Whether a sigmoid gate (a projection of the query) multiplies the attention output (Keras `use_gate`). */
  readonly useGate: boolean;
  /** Keys farther than this many steps from the query step are hidden; null (default) for no window. */
  readonly slidingWindow: number | null;
  /** Initializer of the projection kernels (default `glorot_uniform`). */
  readonly kernelInitializer: initializers.Initializer;
  /** Initializer of the projection biases (default `zeros`). */
  readonly biasInitializer: initializers.Initializer;
  /** Penalty on the projection kernels added to the model's losses, if any. */
  readonly kernelRegularizer: regularizers.Regularizer | undefined;
  /** Penalty on the projection biases added to the model's losses, if any. */
  readonly biasRegularizer: regularizers.Regularizer | undefined;
  /** Projection applied to the kernels after each optimizer step, if any. */
  readonly kernelConstraint: constraints.Constraint | undefined;
  /** Projection applied to the biases after each optimizer step, if any. */
  readonly biasConstraint: constraints.Constraint | undefined;
  /** Seed of the attention dropout, or null for a fresh one per call. */
  readonly seed: number | null;

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
  /** The softmax over the key axis (Keras attribute `_softmax`; kept for Keras's saved-file layout). */
  _softmax: Softmax | undefined = undefined;
  /** The dropout on the attention weights (Keras attribute `_dropout_layer`; kept for Keras's saved-file layout). */
  _dropout_layer: Dropout | undefined = undefined;

  constructor(args: GroupQueryAttentionArgs) {
    // Keras's default name comes from its class GroupedQueryAttention.
    super({ ...layerArgs(new.target, args), name: args?.name ?? uniqueName('grouped_query_attention') });
    for (const k of ['headDim', 'numQueryHeads', 'numKeyValueHeads'] as const) {
      if (!posInt(args[k])) throw new ValueError(`Layer '${this.name}': ${k} must be a positive integer. Received: ${k}=${fmt(args[k])}`);
    }
    if (args.numQueryHeads % args.numKeyValueHeads !== 0) {
      throw new ValueError(`Layer '${this.name}': \`num_query_heads\` must be divisible by \`num_key_value_heads\`. ` +
        `Received: num_query_heads=${args.numQueryHeads}, num_key_value_heads=${args.numKeyValueHeads}`);
    }
    const rate = args.dropout ?? 0;
    if (!(typeof rate === 'number' && rate >= 0 && rate < 1)) throw new ValueError(`Layer '${this.name}': dropout must be in [0, 1). Received: dropout=${fmt(rate)}`);
    if (args.slidingWindow != null && !posInt(args.slidingWindow)) {
      throw new ValueError(`\`sliding_window\` must be \`None\` or a positive integer. Received: sliding_window=${fmt(args.slidingWindow)}`);
    }
    if (args.flashAttention === true && rate > 0) {
      throw new ValueError(`Layer '${this.name}': Dropout is not supported when flash attention is enabled. Received: dropout=${rate}, flashAttention=true`);
    }
    this.headDim = args.headDim;
    this.numQueryHeads = args.numQueryHeads;
    this.numKeyValueHeads = args.numKeyValueHeads;
    this.dropout = rate;
    this.useBias = args.useBias ?? true;
    this.useGate = args.useGate ?? false;
    this.slidingWindow = args.slidingWindow ?? null;
    this.kernelInitializer = initializers.get(args.kernelInitializer ?? 'glorot_uniform');
    this.biasInitializer = initializers.get(args.biasInitializer ?? 'zeros');
    this.kernelRegularizer = regularizers.get(args.kernelRegularizer);
    this.biasRegularizer = regularizers.get(args.biasRegularizer);
    this.kernelConstraint = constraints.get(args.kernelConstraint);
    this.biasConstraint = constraints.get(args.biasConstraint);
    this.activityRegularizer = regularizers.get(args.activityRegularizer);
    this.seed = args.seed ?? null;
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

  private dense(name: string, equation: string, outputShape: (number | null)[], biasAxes: string, activation?: string): EinsumDense {
    // Each sublayer gets its own copy of the initializers, as Keras's from_config clone.
    const clone = (i: initializers.Initializer) => initializers.deserialize(initializers.serialize(i) as never);
    return new EinsumDense({
      name, equation, outputShape, biasAxes: this.useBias ? biasAxes : null, activation: activation as never,
      kernelInitializer: clone(this.kernelInitializer), biasInitializer: clone(this.biasInitializer),
      kernelRegularizer: this.kernelRegularizer, biasRegularizer: this.biasRegularizer, activityRegularizer: this.activityRegularizer,
      kernelConstraint: this.kernelConstraint, biasConstraint: this.biasConstraint,
    });
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const [q, v, k] = this.shapesOf(inputShape);
    const built = (l: EinsumDense, shape: SymbolicShape) => {
      l.build(shape);
      l.built = true;
      return l;
    };
    const U = this.numQueryHeads, V = this.numKeyValueHeads, H = this.headDim;
    this._query_dense = built(this.dense('query', 'bqm,muh->bquh', [null, U, H], 'uh'), q);
    this._key_dense = built(this.dense('key', 'bkm,mvh->bkvh', [null, V, H], 'vh'), k);
    if (this.useGate) this._gate_dense = built(this.dense('gate', 'bqm,muh->bquh', [null, U, H], 'uh', 'sigmoid'), q);
    this._value_dense = built(this.dense('value', 'bkm,mvh->bkvh', [null, V, H], 'vh'), v);
    this._softmax = new Softmax({ axis: -1, name: `${this.name}_softmax` });
    this._dropout_layer = new Dropout({ rate: this.dropout, seed: this.seed, name: `${this.name}_dropout` });
    this._output_dense = built(this.dense('attention_output', 'bquh,uhm->bqm', [null, q[2] as number], 'm'), [null, null, U, H]);
    // Keras's variable paths include this layer's name (optimizer slots are named after them).
    for (const w of this.weights) (w as { name: string }).name = `${this.name}/${w.name}`;
    this.built = true;
  }

  call(inputs: Tensor | Tensor[], args: GroupQueryAttentionCallArgs): Tensor | Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const [query, value, key = value] = list as [Tensor, Tensor, Tensor?];
    if (!value) this.shapesOf(list.map((t) => t.shape) as SymbolicShape[]);
    const where_ = `Layer '${this.name}'`;
    const masks = args.masks ?? [];
    const mask = layerAttentionMask(where_, query, value!, {
      queryMask: asMask(where_, args.queryMask !== undefined ? args.queryMask : masks[0]),
      valueMask: asMask(where_, args.valueMask !== undefined ? args.valueMask : masks[1]),
      keyMask: asMask(where_, args.keyMask !== undefined ? args.keyMask : (masks[2] ?? null)),
      attentionMask: asMask(where_, args.attentionMask), causal: args.useCausalMask === true, slidingWindow: this.slidingWindow,
    });
    const returnScores = args.returnAttentionScores === true;
    const gate = this._gate_dense?.apply(query, { mask: null });
    const q = this._query_dense!.apply(query, { mask: null });
    const k = this._key_dense!.apply(key!, { mask: null });
    const v = this._value_dense!.apply(value!, { mask: null });
    const scale = 1 / Math.sqrt(this.headDim);
    // Keras (JAX) takes jax.nn.dot_product_attention without dropout or returned scores: a
    // fully masked query row then averages all values, where the Softmax layer's path zeroes it.
    const keepMaskedRows = !(this.dropout > 0 || returnScores);
    let out: Tensor, probs: Tensor | null;
    if (keepMaskedRows && fusedAttentionApplies()) {
      out = fusedAttention(q, k, v, mask, scale);
      probs = null;
    } else {
      [out, probs] = this.einsumAttention(q, k, v, mask, scale, keepMaskedRows, args.training);
    }
    if (gate) {
      const g = mul(out, gate);
      out.dispose();
      gate.dispose();
      out = g;
    }
    const y = this._output_dense!.apply(out, { mask: null });
    [q, k, v, out].forEach((t) => t.dispose());
    if (returnScores) return [y, probs!];
    probs?.dispose();
    return y;
  }

  /**
   * Scores, masked softmax, dropout and the weighted values by einsum, the query heads grouped
   * as [B, T, V, R, H] against the key/value heads [B, S, V, H]. Returns the output
   * [B, T, U, H] and the attention probabilities [B, U, T, S].
   */
  private einsumAttention(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, scale: number, keepMaskedRows: boolean,
    training: boolean | undefined): [Tensor, Tensor] {
    const [B, T] = q.shape as [number, number];
    const S = k.shape[1]!;
    const U = this.numQueryHeads, V = this.numKeyValueHeads, R = U / V, H = this.headDim;
    const qs = mulScalar(reshape(q, [B, T, V, R, H]), scale);
    const s5 = einsum('btvrh,bsvh->bvrts', qs, k);
    qs.dispose();
    let scores = reshape(s5, [B, U, T, S]);
    let expanded: Tensor | null = null;
    if (mask) {
      expanded = expandMaskTo(mask, 4, -3);
      const masked = maskScores(scores, expanded);
      scores.dispose();
      scores = masked;
    }
    let probs = this._softmax!.apply(scores, { mask: null });
    scores.dispose();
    if (expanded && !keepMaskedRows) {
      const z = where(expanded, probs, 0);
      probs.dispose();
      probs = z;
    }
    const dropped = this.dropout > 0 ? this._dropout_layer!.apply(probs, { training, mask: null }) : probs;
    const o5 = einsum('bvrts,bsvh->btvrh', reshape(dropped, [B, V, R, T, S]), v);
    if (dropped !== probs) dropped.dispose();
    return [reshape(o5, [B, T, U, H]), probs];
  }

  private callOptions: GroupQueryAttentionCallArgs | undefined;

  override apply(inputs: SymbolicTensor | SymbolicTensor[], args?: GroupQueryAttentionCallArgs): SymbolicTensor;
  override apply(inputs: Tensor | Tensor[], args?: GroupQueryAttentionCallArgs): Tensor;
  override apply(inputs: LayerInput, args?: GroupQueryAttentionCallArgs): Tensor | SymbolicTensor;
  override apply(inputs: LayerInput, args: GroupQueryAttentionCallArgs = {}): Tensor | SymbolicTensor {
    this.callOptions = args;
    try {
      return super.apply(inputs, args);
    } finally {
      this.callOptions = undefined;
    }
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape | SymbolicShape[] {
    const [q, v] = this.shapesOf(inputShape);
    if (!this.callOptions?.returnAttentionScores) return q.slice();
    return [q.slice(), [q[0]!, this.numQueryHeads, q[1]!, v[1]!]];
  }

  /** The output carries the query's mask (Keras's default compute_mask on the first argument). */
  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null): Tensor | (Tensor | null)[] | null {
    const q = Array.isArray(mask) ? mask[0] ?? null : mask;
    return [q, null];
  }
}

// MultiHeadAttention (Keras 3 `layers.MultiHeadAttention`): query/key/value projections by
// EinsumDense, scaled dot-product scores per head, masked softmax, dropout on the attention
// weights, combination with the values, and an output projection.
//
// Called as `mha.apply([query, value])` or `[query, value, key]`, with call options
// `attentionMask` ([B, T, S], 1 = attend), `useCausalMask`, `returnAttentionScores`
// (then the result is [output, scores]) and `queryMask`/`valueMask`/`keyMask` (default: the
// masks attached to the inputs, e.g. by Embedding({ maskZero: true })). The output carries
// the query's mask.
//
// Sublayer fields are named as the attributes Keras's saver walks (`query_dense`, …,
// `_softmax`, `_dropout_layer`), so `.keras` and `.weights.h5` files map one to one.

import { ValueError, fmt } from '../../errors.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import * as constraints from '../../constraints/index.js';
import { mulScalar } from '../../ops/unary.js';
import { einsum } from '../../ops/einsum.js';
import { mul } from '../../ops/binary.js';
import { where } from '../../ops/where.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs, type LayerInput } from '../layer.js';
import { isSymbolic, type SymbolicShape, type SymbolicTensor } from '../symbolic.js';
import { setKerasMask } from '../masking/keras_mask.js';
import { layerArgs } from '../config.js';
import { Dropout } from '../core/dropout.js';
import { Softmax } from '../activations/relu.js';
import { EinsumDense } from './einsum_dense.js';
import { attentionEquations, projEquation } from './equations.js';
import { fusedAttention, fusedAttentionApplies } from './fused.js';
import { asMask, expandMaskTo, layerAttentionMask, maskScores } from './masks.js';

/** Options of {@link MultiHeadAttention} (Keras `layers.MultiHeadAttention` arguments, camelCase). */
export interface MultiHeadAttentionArgs extends LayerArgs {
  /** Number of attention heads (a positive integer; required). */
  numHeads: number;
  /** Size of each head for query and key. */
  keyDim: number;
  /** Size of each head for value. Default: keyDim. */
  valueDim?: number | null;
  /** Dropout rate on the attention weights. */
  dropout?: number;
  /** Whether the query/key/value/output projections have biases. Default true. */
  useBias?: boolean;
  /** Output feature shape (without batch and attention axes). Default: the query's last axis. */
  outputShape?: number | readonly number[] | null;
  /** Axes over which attention is applied (default: all axes but batch, heads and features). */
  attentionAxes?: number | readonly number[] | null;
  /** Attend only to keys within this distance of the query step. */
  slidingWindow?: number | null;
  /** A sigmoid gate on the attention output (Keras `use_gate`). */
  useGate?: boolean;
  /** Accepted for Keras configs: kerasm has no flash-attention path (the result is the same). */
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

/** Call options of {@link MultiHeadAttention} and {@link GroupQueryAttention}, beyond `training`. */
export interface MultiHeadAttentionCallArgs extends CallArgs {
  /** [B, T, S] (or broadcastable), 1 where query step t may attend to key step s. */
  attentionMask?: Tensor | null;
  /** Hide the future: query step t attends only to key steps ≤ t (combined with `attentionMask`). Default false. */
  useCausalMask?: boolean;
  /** Return `[output, scores]` (scores `[batch, heads, T, S]`, after softmax) instead of the output. Default false. */
  returnAttentionScores?: boolean;
  /** `[batch, T]` mask of the query steps, combined into the attention mask; default the mask attached to the query input. */
  queryMask?: Tensor | null;
  /** `[batch, S]` mask of the value steps; default the mask attached to the value input. */
  valueMask?: Tensor | null;
  /** `[batch, S]` mask of the key steps; default the mask attached to the key input (none when no key is passed). */
  keyMask?: Tensor | null;
}

const posInt = (v: unknown) => Number.isInteger(v) && (v as number) > 0;

/**
 * Multi-head attention layer, Keras `layers.MultiHeadAttention` (Vaswani et al. 2017): the query, key and value
 * are projected per head by {@link EinsumDense}, scored by scaled dot products, masked, softmaxed, dropped out,
 * combined with the values and projected back to `outputShape` (default the query's last axis).
 * Called as `mha.apply([query, value])` or `[query, value, key]`; see {@link MultiHeadAttentionCallArgs}. The output carries the query's mask.
 * Invalid `numHeads`/`keyDim`/`valueDim`/`dropout`/`slidingWindow` throw a `ValueError` (`Received: num_heads=…`).
 */
export class MultiHeadAttention extends Layer {
  // output_shape is written by getConfig: `outputShape` is Layer's symbolic output shape.
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = [
    'num_heads', 'key_dim', 'value_dim', 'dropout', 'use_bias', 'use_gate', 'attention_axes', 'sliding_window',
    'kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer', 'activity_regularizer',
    'kernel_constraint', 'bias_constraint', 'seed',
  ];
  /** Options accepted beyond the config keys: `outputShape` (written as `output_shape`) and `flashAttention` (accepted, no effect). */
  static readonly extraOptions = ['outputShape', 'flashAttention'];
  /** Keras calls it with query, value, key as separate arguments (as configs record them). */
  static readonly positionalInputs = true;
  /** Keras's build_config names the input shapes (`shapes_dict`). */
  static readonly buildShapeNames = ['query_shape', 'value_shape', 'key_shape'];

  override supportsMasking = true;
  /** Number of attention heads. */
  readonly numHeads: number;
  /** Size of each head for query and key. */
  readonly keyDim: number;
  /** Size of each head for value (default `keyDim`). */
  readonly valueDim: number;
  /** Dropout rate on the attention weights during training, in [0, 1). */
  readonly dropout: number;
  /** Whether the projections have biases (Keras `use_bias`, default true). */
  readonly useBias: boolean;
  /** Whether a sigmoid gate (a projection of the query) multiplies the attention output (Keras `use_gate`). */
  readonly useGate: boolean;
  /** The output feature shape as given (Keras `output_shape`), or null for the query's last axis. */
  readonly outputShape_: number[] | null;
  /** As given until built, then normalised (non-negative, as Keras writes it). */
  attentionAxes: number[] | null;
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

  // Keras's attribute names (see the header); declared in Keras's weight order.
  /**
   * The query projection, `[..., dim] → [..., numHeads, keyDim]` (Keras attribute `query_dense`, layer name 'query'). Created by `build`.
   */
  query_dense: EinsumDense | undefined = undefined;
  /** The key projection, `[..., dim] → [..., numHeads, keyDim]` (Keras attribute `key_dense`, layer name 'key'). Created by `build`. */
  key_dense: EinsumDense | undefined = undefined;
  /** The gate projection of the query (sigmoid), only with `useGate` (Keras attribute `gate_dense`). Created by `build`. */
  gate_dense: EinsumDense | undefined = undefined;
  /**
   * The value projection, `[..., dim] → [..., numHeads, valueDim]` (Keras attribute `value_dense`, layer name 'value'). Created by `build`.
   */
  value_dense: EinsumDense | undefined = undefined;
  /** The output projection back to the output shape (Keras attribute `output_dense`, layer name 'attention_output'). Created by `build`. */
  output_dense: EinsumDense | undefined = undefined;
  /** The softmax over the attention axes (Keras attribute `_softmax`; kept for Keras's saved-file layout). */
  _softmax: Softmax | undefined = undefined;
  /** The dropout on the attention weights (Keras attribute `_dropout_layer`; kept for Keras's saved-file layout). */
  _dropout_layer: Dropout | undefined = undefined;
  private dotEquation = '';
  private combineEquation = '';

  constructor(args: MultiHeadAttentionArgs) {
    super(layerArgs(new.target, args));
    if (!posInt(args?.numHeads)) throw new ValueError(`Received an invalid value for argument \`num_heads\`, expected a positive integer. Received: num_heads=${fmt(args?.numHeads)}`);
    if (!posInt(args.keyDim)) throw new ValueError(`Received an invalid value for argument \`key_dim\`, expected a positive integer. Received: key_dim=${fmt(args.keyDim)}`);
    if (args.valueDim != null && !posInt(args.valueDim)) {
      throw new ValueError(`Received an invalid value for argument \`value_dim\`, expected a positive integer or \`None\`. Received: value_dim=${fmt(args.valueDim)}`);
    }
    const rate = args.dropout ?? 0;
    if (!(typeof rate === 'number' && rate >= 0 && rate < 1)) throw new ValueError(`Layer '${this.name}': dropout must be in [0, 1). Received: dropout=${fmt(rate)}`);
    if (args.slidingWindow != null && !posInt(args.slidingWindow)) {
      throw new ValueError(`\`sliding_window\` must be \`None\` or a positive integer. Received: sliding_window=${fmt(args.slidingWindow)}`);
    }
    const os = args.outputShape;
    if (os != null && !(posInt(os) || (Array.isArray(os) && os.length > 0 && os.every(posInt)))) {
      throw new ValueError(`Invalid \`output_shape\`: ${fmt(os)}. When specified, the \`output_shape\` should be of type tuple, list, or int.`);
    }
    const ax = args.attentionAxes;
    if (ax != null && !(Number.isInteger(ax) || (Array.isArray(ax) && ax.every(Number.isInteger)))) {
      throw new ValueError(`\`attention_axes\` must be an int, list, or tuple.Received: attention_axes=${fmt(ax)}`);
    }
    this.numHeads = args.numHeads;
    this.keyDim = args.keyDim;
    this.valueDim = args.valueDim ?? args.keyDim;
    this.dropout = rate;
    this.useBias = args.useBias ?? true;
    this.useGate = args.useGate ?? false;
    this.outputShape_ = os == null ? null : typeof os === 'number' ? [os] : os.slice();
    this.attentionAxes = ax == null ? null : typeof ax === 'number' ? [ax] : ax.slice();
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
      throw new ValueError(`Layer '${this.name}': MultiHeadAttention is called on a list [query, value] or [query, value, key]. ` +
        `Received: ${list ? `${list.length} input(s)` : `a single input of shape ${fmt(inputShape)}`}`);
    }
    const [q, v, k = v] = list as [SymbolicShape, SymbolicShape, SymbolicShape?];
    const same = (a: SymbolicShape, b: SymbolicShape) => a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
    if (!same(v.slice(1, -1), k.slice(1, -1))) {
      throw new ValueError(`Layer '${this.name}': all dimensions of \`value\` and \`key\`, except the last one, must be equal. ` +
        `Received: value_shape=${fmt(v)} and key_shape=${fmt(k)}`);
    }
    if (q.length !== v.length) {
      throw new ValueError(`Layer '${this.name}': query and value must have the same rank. Received: query_shape=${fmt(q)} and value_shape=${fmt(v)}`);
    }
    if (q[0] !== null && v[0] !== null && q[0] !== v[0]) {
      throw new ValueError(`Layer '${this.name}': query and value must have the same batch size. Received: query_shape=${fmt(q)} and value_shape=${fmt(v)}`);
    }
    if (q.length < 3) throw new ValueError(`Layer '${this.name}': inputs must have rank ≥ 3 ([batch, steps, features]). Received: query_shape=${fmt(q)}`);
    return [q, v, k];
  }

  private common(name: string, equation: string, outputShape: (number | null)[], biasAxes: string, activation?: string): EinsumDense {
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
    const heads = (d: number) => [...new Array<null>(q.length - 2).fill(null), this.numHeads, d];
    let p = projEquation(q.length - 1, 1, 2);
    this.query_dense = this.common('query', p.equation, heads(this.keyDim), p.biasAxes);
    buildLayer(this.query_dense, q);
    p = projEquation(k.length - 1, 1, 2);
    this.key_dense = this.common('key', p.equation, heads(this.keyDim), p.biasAxes);
    buildLayer(this.key_dense, k);
    if (this.useGate) {
      p = projEquation(q.length - 1, 1, 2);
      this.gate_dense = this.common('gate', p.equation, heads(this.valueDim), p.biasAxes, 'sigmoid');
      buildLayer(this.gate_dense, q);
    }
    p = projEquation(v.length - 1, 1, 2);
    this.value_dense = this.common('value', p.equation, heads(this.valueDim), p.biasAxes);
    buildLayer(this.value_dense, v);
    const rank = p.outputRank;
    const axes = this.attentionAxes === null ? Array.from({ length: rank - 3 }, (_, i) => i + 1) : this.attentionAxes.map((a) => (a >= 0 ? a : rank - 1 + a));
    if (axes.some((a) => a < 1 || a >= rank - 2)) {
      throw new ValueError(`Layer '${this.name}': attentionAxes must index the non-batch, non-feature axes of the query. Received: attention_axes=${fmt(this.attentionAxes)}`);
    }
    this.attentionAxes = axes;
    const eq = attentionEquations(rank, axes);
    this.dotEquation = eq.dot;
    this.combineEquation = eq.combine;
    const normAxes = Array.from({ length: axes.length }, (_, i) => eq.scoresRank - axes.length + i);
    this._softmax = new Softmax({ axis: normAxes.length === 1 ? normAxes[0]! : normAxes, name: `${this.name}_softmax` });
    this._dropout_layer = new Dropout({ rate: this.dropout, seed: this.seed, name: `${this.name}_dropout` });
    const outShape = this.outputShape_ ?? [q.at(-1) as number];
    const po = projEquation(q.length - 1, 2, outShape.length);
    this.output_dense = this.common('attention_output', po.equation, [...new Array<null>(q.length - 2).fill(null), ...outShape], po.biasAxes);
    buildLayer(this.output_dense, [...q.slice(0, -1), this.numHeads, this.valueDim]);
    // Keras's variable paths include this layer's name (`mha/query/kernel`); optimizer slots
    // in saved files are named after them.
    for (const w of this.weights) (w as { name: string }).name = `${this.name}/${w.name}`;
    this.built = true;
  }

  /** The query projection (Keras property `query_dense`); undefined until built. */
  get queryDense(): EinsumDense | undefined {
    return this.query_dense;
  }

  /** The key projection (Keras property `key_dense`); undefined until built. */
  get keyDense(): EinsumDense | undefined {
    return this.key_dense;
  }

  /** The value projection (Keras property `value_dense`); undefined until built. */
  get valueDense(): EinsumDense | undefined {
    return this.value_dense;
  }

  /** The output projection (Keras property `output_dense`); undefined until built. */
  get outputDense(): EinsumDense | undefined {
    return this.output_dense;
  }

  call(inputs: Tensor | Tensor[], args: MultiHeadAttentionCallArgs): Tensor | Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const [query, value, key = value] = list as [Tensor, Tensor, Tensor?];
    if (!value) this.shapesOf(list.map((t) => t.shape) as SymbolicShape[]);
    const where_ = `Layer '${this.name}'`;
    const masks = args.masks ?? [];
    const qMask = asMask(where_, args.queryMask !== undefined ? args.queryMask : masks[0]);
    const vMask = asMask(where_, args.valueMask !== undefined ? args.valueMask : masks[1]);
    const kMask = asMask(where_, args.keyMask !== undefined ? args.keyMask : (masks[2] ?? null));
    // Keras 3.15 removes the masks of the query, value and key tensors here (`set_keras_mask(…,
    // None)`), so later layers reading the same tensors see none; done alike for equal results.
    for (const t of list) setKerasMask(t, null);
    const returnScores = args.returnAttentionScores === true;
    const mask = this.attentionMaskFor(query, value!, qMask, vMask, kMask, asMask(where_, args.attentionMask), args.useCausalMask === true);

    const gate = this.gate_dense?.apply(query, { mask: null });
    let q = this.query_dense!.apply(query, { mask: null });
    const k = this.key_dense!.apply(key!, { mask: null });
    const v = this.value_dense!.apply(value!, { mask: null });
    // Keras (JAX) takes jax.nn.dot_product_attention for rank-3 inputs without dropout or
    // returned scores: a fully masked query row then averages all values; the other path
    // (Keras's Softmax layer) zeroes it. Both are reproduced.
    const fused = !(this.dropout > 0 || returnScores || query.rank !== 3);
    if (fused && fusedAttentionApplies()) {
      const o = fusedAttention(q, k, v, mask, 1 / Math.sqrt(this.keyDim));
      return this.finish(o, gate, [q, k, v]);
    }
    const qs = mulScalar(q, 1 / Math.sqrt(this.keyDim));
    q.dispose();
    q = qs;
    let scores = einsum(this.dotEquation, k, q);
    let expanded: Tensor | null = null;
    if (mask) {
      expanded = expandMaskTo(mask, scores.rank, -this.attentionAxes!.length * 2 - 1);
      const masked = maskScores(scores, expanded);
      scores.dispose();
      scores = masked;
    }
    let probs = this._softmax!.apply(scores, { mask: null });
    scores.dispose();
    if (expanded && !fused) {
      const z = where(expanded, probs, 0);
      probs.dispose();
      probs = z;
    }
    const dropped = this.dropout > 0 ? this._dropout_layer!.apply(probs, { training: args.training, mask: null }) : probs;
    const out = einsum(this.combineEquation, dropped, v);
    if (dropped !== probs) dropped.dispose();
    const y = this.finish(out, gate, [q, k, v]);
    if (returnScores) return [y, probs];
    probs.dispose();
    return y;
  }

  /** The gate and the output projection of the attention output `out`; disposes the temporaries. */
  private finish(out: Tensor, gate: Tensor | undefined, temps: Tensor[]): Tensor {
    if (gate) {
      const g = mul(out, gate);
      out.dispose();
      gate.dispose();
      out = g;
    }
    const y = this.output_dense!.apply(out, { mask: null });
    [...temps, out].forEach((t) => t.dispose());
    return y;
  }

  /** Keras `_compute_attention_mask`: query, value, key, causal, sliding-window and explicit masks, and-ed. */
  private attentionMaskFor(query: Tensor, value: Tensor, qMask: Tensor | null, vMask: Tensor | null, kMask: Tensor | null,
    attentionMask: Tensor | null, causal: boolean): Tensor | null {
    return layerAttentionMask(`Layer '${this.name}'`, query, value,
      { queryMask: qMask, valueMask: vMask, keyMask: kMask, attentionMask, causal, slidingWindow: this.slidingWindow });
  }

  /** The options of the call in progress: the output shapes depend on returnAttentionScores. */
  private callOptions: MultiHeadAttentionCallArgs | undefined;

  override apply(inputs: SymbolicTensor | SymbolicTensor[], args?: MultiHeadAttentionCallArgs): SymbolicTensor;
  override apply(inputs: Tensor | Tensor[], args?: MultiHeadAttentionCallArgs): Tensor;
  override apply(inputs: LayerInput, args?: MultiHeadAttentionCallArgs): Tensor | SymbolicTensor;
  override apply(inputs: LayerInput, args: MultiHeadAttentionCallArgs = {}): Tensor | SymbolicTensor {
    this.callOptions = args;
    try {
      const out = super.apply(inputs, args);
      // As in `call`: the symbolic inputs lose their masks too (Keras 3.15).
      for (const t of Array.isArray(inputs) ? inputs : [inputs]) if (isSymbolic(t)) t.kerasMask = null;
      return out;
    } finally {
      this.callOptions = undefined;
    }
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape | SymbolicShape[] {
    const [q, v] = this.shapesOf(inputShape);
    const out = this.outputShape_ ? [...q.slice(0, -1), ...this.outputShape_] : q.slice();
    if (!this.callOptions?.returnAttentionScores) return out;
    const axes = this.attentionAxes ?? Array.from({ length: q.length - 2 }, (_, i) => i + 1);
    const proj = [...q.slice(0, -1), this.numHeads];
    const batch = proj.filter((_, i) => !axes.includes(i));
    const scores = [...batch, ...axes.map((a) => q[a]!), ...axes.map((a) => v[a]!)];
    return [out, scores];
  }

  /** The output carries the query's mask; returned scores carry none. */
  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null): Tensor | (Tensor | null)[] | null {
    const q = Array.isArray(mask) ? mask[0] ?? null : mask;
    return [q, null];
  }

  override getConfig(): Record<string, unknown> {
    const c = super.getConfig();
    const out: Record<string, unknown> = {};
    for (const [key, val] of Object.entries(c)) {
      out[key] = val;
      if (key === 'use_gate') out.output_shape = this.outputShape_;
    }
    return out;
  }
}

/** Builds a sublayer for an input shape (Keras `layer.build(shape)`). */
function buildLayer(l: Layer, shape: SymbolicShape): void {
  l.build(shape);
  l.built = true;
}

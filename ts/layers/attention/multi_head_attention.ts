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
import { mulScalar } from '../../ops/unary.js';
import { einsum } from '../../ops/einsum.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { LayerInput } from '../layer.js';
import { isSymbolic, type SymbolicShape, type SymbolicTensor } from '../symbolic.js';
import { setKerasMask } from '../masking/keras_mask.js';
import { layerArgs } from '../config.js';
import type { EinsumDense } from './einsum_dense.js';
import { attentionEquations, projEquation } from './equations.js';
import { expandMaskTo } from './masks.js';
import { posInt, ProjectedAttention, type AttentionLayerArgs, type MultiHeadAttentionCallArgs } from './projected_attention.js';

export type { MultiHeadAttentionCallArgs };

/** Options of {@link MultiHeadAttention} (Keras `layers.MultiHeadAttention` arguments, camelCase). */
export interface MultiHeadAttentionArgs extends AttentionLayerArgs {
  /** Number of attention heads (a positive integer; required). */
  numHeads: number;
  /** Size of each head for query and key. */
  keyDim: number;
  /** Size of each head for value. Default: keyDim. */
  valueDim?: number | null;
  /** Output feature shape (without batch and attention axes). Default: the query's last axis. */
  outputShape?: number | readonly number[] | null;
  /** Axes over which attention is applied (default: all axes but batch, heads and features). */
  attentionAxes?: number | readonly number[] | null;
}

/**
 * Multi-head attention layer, Keras `layers.MultiHeadAttention` (Vaswani et al. 2017): the query, key and value
 * are projected per head by {@link EinsumDense}, scored by scaled dot products, masked, softmaxed, dropped out,
 * combined with the values and projected back to `outputShape` (default the query's last axis).
 * Called as `mha.apply([query, value])` or `[query, value, key]`; see {@link MultiHeadAttentionCallArgs}. The output carries the query's mask.
 * Invalid `numHeads`/`keyDim`/`valueDim`/`dropout`/`slidingWindow` throw a `ValueError` (`Received: num_heads=…`).
 */
export class MultiHeadAttention extends ProjectedAttention {
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

  /** Number of attention heads. */
  readonly numHeads: number;
  /** Size of each head for query and key. */
  readonly keyDim: number;
  /** Size of each head for value (default `keyDim`). */
  readonly valueDim: number;
  /** The output feature shape as given (Keras `output_shape`), or null for the query's last axis. */
  readonly outputShape_: number[] | null;
  /** As given until built, then normalised (non-negative, as Keras writes it). */
  attentionAxes: number[] | null;

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
  private dotEquation = '';
  private combineEquation = '';

  constructor(args: MultiHeadAttentionArgs) {
    super(layerArgs(new.target, args), args ?? {});
    if (!posInt(args?.numHeads)) throw new ValueError(`Received an invalid value for argument \`num_heads\`, expected a positive integer. Received: num_heads=${fmt(args?.numHeads)}`);
    if (!posInt(args.keyDim)) throw new ValueError(`Received an invalid value for argument \`key_dim\`, expected a positive integer. Received: key_dim=${fmt(args.keyDim)}`);
    if (args.valueDim != null && !posInt(args.valueDim)) {
      throw new ValueError(`Received an invalid value for argument \`value_dim\`, expected a positive integer or \`None\`. Received: value_dim=${fmt(args.valueDim)}`);
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
    this.outputShape_ = os == null ? null : typeof os === 'number' ? [os] : os.slice();
    this.attentionAxes = ax == null ? null : typeof ax === 'number' ? [ax] : ax.slice();
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

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const [q, v, k] = this.shapesOf(inputShape);
    const heads = (d: number) => [...new Array<null>(q.length - 2).fill(null), this.numHeads, d];
    const proj = (name: string, shape: SymbolicShape, d: number, activation?: string) => {
      const p = projEquation(shape.length - 1, 1, 2);
      return this.projection(name, p.equation, heads(d), p.biasAxes, shape, activation);
    };
    this.query_dense = proj('query', q, this.keyDim);
    this.key_dense = proj('key', k, this.keyDim);
    if (this.useGate) this.gate_dense = proj('gate', q, this.valueDim, 'sigmoid');
    this.value_dense = proj('value', v, this.valueDim);
    const rank = v.length + 1;
    const axes = this.attentionAxes === null ? Array.from({ length: rank - 3 }, (_, i) => i + 1) : this.attentionAxes.map((a) => (a >= 0 ? a : rank - 1 + a));
    if (axes.some((a) => a < 1 || a >= rank - 2)) {
      throw new ValueError(`Layer '${this.name}': attentionAxes must index the non-batch, non-feature axes of the query. Received: attention_axes=${fmt(this.attentionAxes)}`);
    }
    this.attentionAxes = axes;
    const eq = attentionEquations(rank, axes);
    this.dotEquation = eq.dot;
    this.combineEquation = eq.combine;
    const outShape = this.outputShape_ ?? [q.at(-1) as number];
    const po = projEquation(q.length - 1, 2, outShape.length);
    this.output_dense = this.projection('attention_output', po.equation, [...new Array<null>(q.length - 2).fill(null), ...outShape], po.biasAxes,
      [...q.slice(0, -1), this.numHeads, this.valueDim]);
    const normAxes = Array.from({ length: axes.length }, (_, i) => eq.scoresRank - axes.length + i);
    this.finishBuild(normAxes.length === 1 ? normAxes[0]! : normAxes);
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
    const mask = this.callMask(query, value!, args);
    // Keras 3.15 removes the masks of the query, value and key tensors here (`set_keras_mask(…,
    // None)`), so later layers reading the same tensors see none; done alike for equal results.
    for (const t of list) setKerasMask(t, null);
    const gate = this.gate_dense?.apply(query, { mask: null });
    const q = this.query_dense!.apply(query, { mask: null });
    const k = this.key_dense!.apply(key!, { mask: null });
    const v = this.value_dense!.apply(value!, { mask: null });
    const [out, probs] = this.attend(q, k, v, mask, 1 / Math.sqrt(this.keyDim), args);
    const y = this.project(this.output_dense!, out, gate, [q, k, v]);
    if (args.returnAttentionScores === true) return [y, probs!];
    probs?.dispose();
    return y;
  }

  protected einsumAttention(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, scale: number, training: boolean | undefined): [Tensor, Tensor] {
    const qs = mulScalar(q, scale);
    const scores = einsum(this.dotEquation, k, qs);
    qs.dispose();
    const expanded = mask ? expandMaskTo(mask, scores.rank, -this.attentionAxes!.length * 2 - 1) : null;
    const [probs, dropped] = this.probabilities(scores, expanded, training);
    const out = einsum(this.combineEquation, dropped, v);
    if (dropped !== probs) dropped.dispose();
    return [out, probs];
  }

  /** Calls the layer (see {@link MultiHeadAttentionCallArgs}); symbolic inputs lose their masks, as in Keras 3.15. */
  override apply(inputs: SymbolicTensor | SymbolicTensor[], args?: MultiHeadAttentionCallArgs): SymbolicTensor;
  override apply(inputs: Tensor | Tensor[], args?: MultiHeadAttentionCallArgs): Tensor;
  override apply(inputs: LayerInput, args?: MultiHeadAttentionCallArgs): Tensor | SymbolicTensor;
  override apply(inputs: LayerInput, args: MultiHeadAttentionCallArgs = {}): Tensor | SymbolicTensor {
    const out = super.apply(inputs, args);
    // As in `call`: the symbolic inputs lose their masks too (Keras 3.15).
    for (const t of Array.isArray(inputs) ? inputs : [inputs]) if (isSymbolic(t)) t.kerasMask = null;
    return out;
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

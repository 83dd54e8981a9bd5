// What MultiHeadAttention and GroupQueryAttention share (Keras 3 gives both the same
// arguments): the projection options and the EinsumDense projections built from them, the
// masks of a call, and the attention itself. Where Keras (JAX) takes
// jax.nn.dot_product_attention (no attention dropout, no returned scores, [batch, steps,
// features] inputs), the fused kernel runs (ts/ops/attention.ts): a fully masked query row then
// averages all values. Elsewhere the layer's einsum path computes the scores, and Keras's
// Softmax layer zeroes such rows; both are reproduced.

import { ValueError, fmt } from '../../errors.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import * as constraints from '../../constraints/index.js';
import { dotProductAttention } from '../../ops/attention.js';
import { mul } from '../../ops/binary.js';
import { where } from '../../ops/where.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs, type LayerInput } from '../layer.js';
import type { KernelLayerArgs } from '../kernel_layer_args.js';
import type { SymbolicShape, SymbolicTensor } from '../symbolic.js';
import { Dropout } from '../core/dropout.js';
import { Softmax } from '../activations/relu.js';
import { EinsumDense } from './einsum_dense.js';
import { asMask, layerAttentionMask, maskScores } from './masks.js';

/**
 * Options shared by {@link MultiHeadAttention} and {@link GroupQueryAttention}: the projections' kernel and bias options
 * (as Dense: `useBias`, initializers, regularizers, constraints) and the attention's.
 */
export interface AttentionLayerArgs extends Omit<KernelLayerArgs, 'activation' | 'loraRank' | 'loraAlpha'> {
  /** Dropout rate on the attention weights. */
  dropout?: number;
  /** Attend only to keys within this distance of the query step. */
  slidingWindow?: number | null;
  /** A sigmoid gate on the attention output (Keras `use_gate`). */
  useGate?: boolean;
  /** Accepted for Keras configs: the fused kernel runs wherever it applies, with the same result. */
  flashAttention?: boolean | null;
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

export const posInt = (v: unknown) => Number.isInteger(v) && (v as number) > 0;

/**
 * Base of the projected attention layers ({@link MultiHeadAttention}, {@link GroupQueryAttention}): their shared options,
 * projections, call masks and attention; each subclass sets up its projections and its einsum path.
 */
export abstract class ProjectedAttention extends Layer {
  override supportsMasking = true;
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
  /** The softmax of the einsum path (Keras attribute `_softmax`; kept for Keras's saved-file layout). Created by `build`. */
  _softmax: Softmax | undefined = undefined;
  /** The dropout on the attention weights (Keras attribute `_dropout_layer`; kept for Keras's saved-file layout). Created by `build`. */
  _dropout_layer: Dropout | undefined = undefined;
  /** The options of the call in progress: the output shapes depend on returnAttentionScores. */
  protected callOptions: MultiHeadAttentionCallArgs | undefined;

  protected constructor(base: LayerArgs, args: AttentionLayerArgs) {
    super(base);
    const rate = args.dropout ?? 0;
    if (!(typeof rate === 'number' && rate >= 0 && rate < 1)) throw new ValueError(`Layer '${this.name}': dropout must be in [0, 1). Received: dropout=${fmt(rate)}`);
    if (args.slidingWindow != null && !posInt(args.slidingWindow)) {
      throw new ValueError(`\`sliding_window\` must be \`None\` or a positive integer. Received: sliding_window=${fmt(args.slidingWindow)}`);
    }
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

  /** A projection sublayer with this layer's kernel and bias options, built for `inputShape`. */
  protected projection(name: string, equation: string, outputShape: (number | null)[], biasAxes: string,
    inputShape: SymbolicShape, activation?: string): EinsumDense {
    // Each sublayer gets its own copy of the initializers, as Keras's from_config clone.
    const clone = (i: initializers.Initializer) => initializers.deserialize(initializers.serialize(i) as never);
    const l = new EinsumDense({
      name, equation, outputShape, biasAxes: this.useBias ? biasAxes : null, activation: activation as never,
      kernelInitializer: clone(this.kernelInitializer), biasInitializer: clone(this.biasInitializer),
      kernelRegularizer: this.kernelRegularizer, biasRegularizer: this.biasRegularizer, activityRegularizer: this.activityRegularizer,
      kernelConstraint: this.kernelConstraint, biasConstraint: this.biasConstraint,
    });
    l.build(inputShape);
    l.built = true;
    return l;
  }

  /** The softmax over `axis` and the attention dropout; then the weights get this layer's name as prefix (as Keras's variable paths). */
  protected finishBuild(softmaxAxis: number | number[]): void {
    this._softmax = new Softmax({ axis: softmaxAxis, name: `${this.name}_softmax` });
    this._dropout_layer = new Dropout({ rate: this.dropout, seed: this.seed, name: `${this.name}_dropout` });
    for (const w of this.weights) (w as { name: string }).name = `${this.name}/${w.name}`;
    this.built = true;
  }

  /**
   * Keras `_compute_attention_mask` for a call: query, value and key masks (default: the
   * masks attached to the inputs), causal, sliding-window and explicit masks, and-ed.
   */
  protected callMask(query: Tensor, value: Tensor, args: MultiHeadAttentionCallArgs): Tensor | null {
    const where_ = `Layer '${this.name}'`;
    const masks = args.masks ?? [];
    return layerAttentionMask(where_, query, value, {
      queryMask: asMask(where_, args.queryMask !== undefined ? args.queryMask : masks[0]),
      valueMask: asMask(where_, args.valueMask !== undefined ? args.valueMask : masks[1]),
      keyMask: asMask(where_, args.keyMask !== undefined ? args.keyMask : (masks[2] ?? null)),
      attentionMask: asMask(where_, args.attentionMask), causal: args.useCausalMask === true, slidingWindow: this.slidingWindow,
    });
  }

  /**
   * The attention output of projected q, k, v [batch, T, heads, d] (`mask` [B or 1, T, S]) and, on the einsum path, the
   * probabilities. The fused kernel where Keras takes dot_product_attention (see the header).
   */
  protected attend(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, scale: number, args: MultiHeadAttentionCallArgs): [Tensor, Tensor | null] {
    if (this.dropout === 0 && args.returnAttentionScores !== true && q.rank === 4) return [dotProductAttention(q, k, v, { mask, scale }), null];
    return this.einsumAttention(q, k, v, mask, scale, args.training);
  }

  /** Scores, masked softmax, dropout and the weighted values by einsum: [output like q with v's head size, probabilities]. */
  protected abstract einsumAttention(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, scale: number,
    training: boolean | undefined): [Tensor, Tensor];

  /**
   * Softmax of `scores` where `mask` (expanded to the scores' rank) is 1, rows with no key zeroed (Keras's Softmax layer),
   * then the attention dropout: returns [probabilities, dropped]. Disposes `scores`.
   */
  protected probabilities(scores: Tensor, mask: Tensor | null, training: boolean | undefined): [Tensor, Tensor] {
    let s = scores;
    if (mask) {
      s = maskScores(scores, mask);
      scores.dispose();
    }
    let probs = this._softmax!.apply(s, { mask: null });
    s.dispose();
    if (mask) {
      const z = where(mask, probs, 0);
      probs.dispose();
      probs = z;
    }
    const dropped = this.dropout > 0 ? this._dropout_layer!.apply(probs, { training, mask: null }) : probs;
    return [probs, dropped];
  }

  /** The gate and the output projection of the attention output `out`; disposes `out`, `gate` and `temps`. */
  protected project(dense: EinsumDense, out: Tensor, gate: Tensor | undefined, temps: Tensor[]): Tensor {
    if (gate) {
      const g = mul(out, gate);
      out.dispose();
      gate.dispose();
      out = g;
    }
    const y = dense.apply(out, { mask: null });
    [...temps, out].forEach((t) => t.dispose());
    return y;
  }

  /** Calls the layer with its call options (see {@link MultiHeadAttentionCallArgs}). */
  override apply(inputs: SymbolicTensor | SymbolicTensor[], args?: MultiHeadAttentionCallArgs): SymbolicTensor;
  override apply(inputs: Tensor | Tensor[], args?: MultiHeadAttentionCallArgs): Tensor;
  override apply(inputs: LayerInput, args?: MultiHeadAttentionCallArgs): Tensor | SymbolicTensor;
  override apply(inputs: LayerInput, args: MultiHeadAttentionCallArgs = {}): Tensor | SymbolicTensor {
    this.callOptions = args;
    try {
      return super.apply(inputs, args);
    } finally {
      this.callOptions = undefined;
    }
  }

  /** The output carries the query's mask; returned scores carry none. */
  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null): Tensor | (Tensor | null)[] | null {
    const q = Array.isArray(mask) ? mask[0] ?? null : mask;
    return [q, null];
  }
}

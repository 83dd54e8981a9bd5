// Attention (Luong-style dot or concat scores) and AdditiveAttention (Bahdanau-style), Keras 3
// `layers.Attention` / `layers.AdditiveAttention`. Called on [query, value] or
// [query, value, key]; masks are the ones attached to the inputs (or `masks` in the call):
// the value mask hides key steps, the query mask zeroes the output at masked query steps
// (and is the output's mask). Call options: `useCausalMask`, `returnAttentionScores`.

import { ValueError, fmt } from '../../errors.js';
import { add, mul } from '../../ops/binary.js';
import { matmul } from '../../ops/matmul.js';
import { sum } from '../../ops/reduce.js';
import { reshape } from '../../ops/reshape.js';
import { softmax } from '../../ops/softmax.js';
import { tanh, addScalar } from '../../ops/unary.js';
import { where } from '../../ops/where.js';
import { dropout as dropoutOp } from '../../ops/dropout.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { Layer, type CallArgs, type LayerArgs, type LayerInput } from '../layer.js';
import type { SymbolicShape, SymbolicTensor } from '../symbolic.js';
import { layerArgs } from '../config.js';
import { andMasks, asMask, causalMask } from './masks.js';

/** Options of {@link Attention} (Keras `layers.Attention` arguments, camelCase). */
export interface AttentionArgs extends LayerArgs {
  /** A trainable scalar scale on the scores. Default false. */
  useScale?: boolean;
  /** 'dot' (default) or 'concat' (tanh of query + key, summed). */
  scoreMode?: 'dot' | 'concat';
  /** Dropout rate on the attention weights. */
  dropout?: number;
  /** Seed of the attention-weights dropout; null (default) draws a fresh seed per call. */
  seed?: number | null;
}

/** Call options of {@link Attention} and {@link AdditiveAttention}, beyond `training` and `masks`. */
export interface AttentionCallArgs extends CallArgs {
  /** Hide the future: query step i attends only to key steps ≤ i (for decoders). Default false. */
  useCausalMask?: boolean;
  /**
   * Return `[output, attentionWeights]` (weights `[batch, Tq, Tv]`, after softmax, before dropout) instead of the output. Default false.
   */
  returnAttentionScores?: boolean;
}

/**
 * Dot-product (Luong-style) attention layer, Keras `layers.Attention`: `softmax(query·keyᵀ)·value`.
 * Called on `[query, value]` or `[query, value, key]` (key defaults to value), each `[batch, steps, dim]`.
 * The value mask hides key steps; the query mask zeroes masked query steps and is the output's mask.
 * Throws a `ValueError` when not called on a list of 2 or 3 rank-3 inputs whose shapes agree (`Received: query_shape=…`).
 */
export class Attention extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['use_scale', 'score_mode', 'dropout', 'seed'];

  override supportsMasking = true;
  /** Whether the scores are multiplied by the trainable {@link Attention.scale} (Keras `use_scale`). */
  readonly useScale: boolean;
  /** How query and key are scored: 'dot' (`query·keyᵀ`) or 'concat' (`sum(tanh(query + key))`) (Keras `score_mode`). */
  readonly scoreMode: 'dot' | 'concat';
  /** Dropout rate on the attention weights during training, in [0, 1). */
  readonly dropout: number;
  /** Dropout seed, or null for a fresh one per call. */
  readonly seed: number | null;
  /**
   * The trainable score scale (Keras weight `scale`, a scalar here, per-feature in AdditiveAttention); null unless `useScale`. Created by `build`.
   */
  scale: Variable | null = null;
  /** The trainable scalar weight of the 'concat' scores (Keras `concat_score_weight`); null in 'dot' mode. Created by `build`. */
  concatScoreWeight: Variable | null = null;
  private calls = 0;
  private callOptions: AttentionCallArgs | undefined;

  constructor(args: AttentionArgs = {}) {
    super(layerArgs(new.target, args));
    this.useScale = args.useScale ?? (new.target === AdditiveAttention);
    this.scoreMode = args.scoreMode ?? 'dot';
    if (this.scoreMode !== 'dot' && this.scoreMode !== 'concat') {
      throw new ValueError(`Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. Received: score_mode=${fmt(args.scoreMode)}`);
    }
    this.dropout = args.dropout ?? 0;
    if (!(typeof this.dropout === 'number' && this.dropout >= 0 && this.dropout < 1)) {
      throw new ValueError(`Layer '${this.name}': dropout must be in [0, 1). Received: dropout=${fmt(args.dropout)}`);
    }
    this.seed = args.seed ?? null;
  }

  /** [query, value, key] shapes, checked (Keras `_validate_inputs` plus the shape agreements). */
  protected shapesOf(inputShape: SymbolicShape | SymbolicShape[]): [SymbolicShape, SymbolicShape, SymbolicShape] {
    const list = Array.isArray(inputShape[0]) ? inputShape as SymbolicShape[] : null;
    if (!list) {
      throw new ValueError(`${this.className} layer must be called on a list of inputs, namely [query, value] or [query, value, key]. ` +
        `Received: a single input of shape ${fmt(inputShape)}.`);
    }
    if (list.length < 2 || list.length > 3) {
      throw new ValueError(`${this.className} layer accepts inputs list of length 2 or 3, namely [query, value] or [query, value, key]. Received length: ${list.length}.`);
    }
    const [q, v, k = v] = list as [SymbolicShape, SymbolicShape, SymbolicShape?];
    const eq = (a: number | null | undefined, b: number | null | undefined) => a == null || b == null || a === b;
    const bad = (why: string) => new ValueError(`Layer '${this.name}': ${why}. Received: query_shape=${fmt(q)}, value_shape=${fmt(v)}, key_shape=${fmt(k)}`);
    if (q.length !== 3 || v.length !== 3 || k.length !== 3) throw bad('query, value and key must have rank 3 ([batch, steps, dim])');
    if (!eq(v[1], k[1])) throw bad('value and key must have the same number of steps');
    if (!eq(q[0], v[0]) || !eq(q[0], k[0])) throw bad('query, value and key must have the same batch size');
    if (!eq(q[2], k[2])) throw bad('query and key must have the same last dimension');
    return [q, v, k];
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    this.shapesOf(inputShape);
    if (this.useScale) this.scale = this.addWeight('scale', { shape: [], initializer: 'ones' });
    if (this.scoreMode === 'concat') this.concatScoreWeight = this.addWeight('concat_score_weight', { shape: [], initializer: 'ones' });
    this.built = true;
  }

  /** [B, Tq, Tv] scores. */
  protected calculateScores(q: Tensor, k: Tensor): Tensor {
    if (this.scoreMode === 'dot') {
      const s = matmul(q, k, false, true);
      return this.scale ? mul(s, this.scale) : s;
    }
    let z = add(reshape(q, [q.shape[0]!, q.shape[1]!, 1, q.shape[2]!]), reshape(k, [k.shape[0]!, 1, k.shape[1]!, k.shape[2]!]));
    if (this.scale) z = mul(this.scale, z);
    return mul(this.concatScoreWeight!, sum(tanh(z), -1));
  }

  override apply(inputs: SymbolicTensor | SymbolicTensor[], args?: AttentionCallArgs): SymbolicTensor;
  override apply(inputs: Tensor | Tensor[], args?: AttentionCallArgs): Tensor;
  override apply(inputs: LayerInput, args?: AttentionCallArgs): Tensor | SymbolicTensor;
  override apply(inputs: LayerInput, args: AttentionCallArgs = {}): Tensor | SymbolicTensor {
    this.callOptions = args;
    try {
      return super.apply(inputs, args);
    } finally {
      this.callOptions = undefined;
    }
  }

  call(inputs: Tensor | Tensor[], args: AttentionCallArgs): Tensor | Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    this.shapesOf(list.map((t) => t.shape));
    const [q, v, k = v] = list as [Tensor, Tensor, Tensor?];
    const where_ = `Layer '${this.name}'`;
    const qMask = asMask(where_, args.masks?.[0]);
    const vMask = asMask(where_, args.masks?.[1]);
    const scores = this.calculateScores(q, k!);
    const vm = vMask ? reshape(vMask, [vMask.shape[0]!, 1, vMask.shape[1]!]) : null;
    const scoresMask = andMasks(vm, args.useCausalMask ? causalMask(q.shape[1]!, k!.shape[1]!) : null);
    // Keras subtracts 1e9 at masked scores (not a replacement): a fully masked row keeps its softmax.
    const masked = scoresMask ? where(scoresMask, scores, addScalar(scores, -1e9)) : scores;
    let weights = softmax(masked, -1);
    const dropped = args.training && this.dropout > 0
      ? dropoutOp(weights, this.dropout, this.seed === null ? undefined : this.seed + this.calls++ * 1_000_003)
      : weights;
    let out = matmul(dropped, v!);
    if (qMask) out = where(reshape(qMask, [...qMask.shape, 1]), out, 0);
    if (args.returnAttentionScores) return [out, weights];
    return out;
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape | SymbolicShape[] {
    const [q, v, k] = this.shapesOf(inputShape);
    const out = [...q.slice(0, -1), v.at(-1)!];
    return this.callOptions?.returnAttentionScores ? [out, [...q.slice(0, -1), k[1]!]] : out;
  }

  /** The query's mask (Keras `compute_mask`). */
  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null): Tensor | null {
    if (mask !== null && !Array.isArray(mask)) {
      throw new ValueError(`${this.className} layer mask must be a list, namely [query_mask, value_mask]. Received: mask=${fmt(mask.shape)}.`);
    }
    return mask?.[0] ?? null;
  }
}

/** Options of {@link AdditiveAttention} (Keras `layers.AdditiveAttention` arguments, camelCase). */
export interface AdditiveAttentionArgs extends LayerArgs {
  /** A trainable per-feature scale on tanh(query + key). Default true. */
  useScale?: boolean;
  /** Dropout rate on the attention weights during training, in [0, 1). Default 0. */
  dropout?: number;
  /** Seed of the attention-weights dropout; null (default) draws a fresh seed per call. */
  seed?: number | null;
}

/**
 * Additive (Bahdanau-style) attention layer, Keras `layers.AdditiveAttention`: scores `sum(scale * tanh(query + key))`.
 * Inputs, masks and call options as {@link Attention}; `useScale` defaults to true (a per-feature scale of size `dim`).
 */
export class AdditiveAttention extends Attention {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static override readonly configKeys: readonly string[] = ['use_scale', 'dropout', 'seed'];

  constructor(args: AdditiveAttentionArgs = {}) {
    super(args);
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const [q] = this.shapesOf(inputShape);
    if (this.useScale) this.scale = this.addWeight('scale', { shape: [q.at(-1) as number], initializer: 'glorot_uniform' });
    this.built = true;
  }

  protected override calculateScores(q: Tensor, k: Tensor): Tensor {
    const z = tanh(add(reshape(q, [q.shape[0]!, q.shape[1]!, 1, q.shape[2]!]), reshape(k, [k.shape[0]!, 1, k.shape[1]!, k.shape[2]!])));
    return sum(this.scale ? mul(this.scale, z) : z, -1);
  }
}

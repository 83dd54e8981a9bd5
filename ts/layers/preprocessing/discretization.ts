// Discretization (Keras `layers.Discretization`): buckets numbers by `binBoundaries`
// (bucket i holds bins[i−1] ≤ x < bins[i], numpy.digitize), given or learned by `adapt` as
// the `numBins`-quantiles of the data; outputs the bucket index (int32), or its one-hot,
// multi-hot or count encoding (float32). The same in training and inference.

import { ValueError, fmt } from '../../errors.js';
import { greaterEqual } from '../../ops/binary.js';
import { cast } from '../../ops/cast.js';
import { oneHot } from '../../ops/gather.js';
import { max, sum } from '../../ops/reduce.js';
import { expandDims, reshape } from '../../ops/reshape.js';
import { fromData, zeros } from '../../tensor/creation.js';
import { Tensor, type DType, type NestedArray } from '../../tensor/tensor.js';
import { noGrad, tidy } from '../../autograd/gradients.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { argsFromConfig, layerArgs } from '../config.js';
import { isBatch, type AdaptData } from './normalization.js';
import { binBoundaries, emptySummary, merge, summarize, type Summary } from './discretization_summary.js';

/** Discretization's output: 'int' (bucket index, int32), or the bucket's 'one_hot', 'multi_hot' or 'count' encoding (float32). */
export type DiscretizationOutputMode = 'int' | 'one_hot' | 'multi_hot' | 'count';
const MODES: readonly DiscretizationOutputMode[] = ['int', 'one_hot', 'multi_hot', 'count'];

/** Options of {@link Discretization} (Keras `layers.Discretization` arguments, camelCase); exactly one of `binBoundaries` and `numBins`. */
export interface DiscretizationArgs extends LayerArgs {
  /** Sorted bucket boundaries: bucket i holds `bins[i−1] ≤ x < bins[i]` (numpy.digitize). Default null (learned by adapt). */
  binBoundaries?: number[] | null;
  /** Number of buckets `adapt` learns as quantiles of the data. Default null (boundaries given). */
  numBins?: number | null;
  /** Accuracy of adapt's quantile summary (Keras default 0.01). */
  epsilon?: number;
  /** Output encoding. Default 'int'. */
  outputMode?: DiscretizationOutputMode;
  /** Only false (kerasm has no sparse tensors). */
  sparse?: boolean;
}

function flatNumbers(v: NestedArray[], out: number[] = []): number[] {
  for (const e of v) {
    if (Array.isArray(e)) flatNumbers(e as NestedArray[], out);
    else out.push(e as number);
  }
  return out;
}

/**
 * Buckets numbers by boundaries, Keras `layers.Discretization` (the same in training and inference): the boundaries are
 * given, or learned by `adapt(data)` as the `numBins`-quantiles. Conflicting or invalid options throw a `ValueError` (`Received: numBins=…`).
 */
export class Discretization extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['bin_boundaries', 'num_bins', 'epsilon', 'output_mode', 'sparse'];

  /** The bucket boundaries, given or learned by adapt; null until adapted. */
  binBoundaries: number[] | null;
  /** The number of buckets adapt learns, or null when the boundaries were given. */
  readonly numBins: number | null;
  /** Accuracy of adapt's quantile summary (default 0.01). */
  readonly epsilon: number;
  /** Output encoding (default 'int'). */
  readonly outputMode: DiscretizationOutputMode;
  /** Always false (kerasm has no sparse tensors). */
  readonly sparse: boolean;
  private summary: Summary = emptySummary();

  constructor(args: DiscretizationArgs) {
    super(layerArgs(new.target, args));
    const a = args ?? {};
    if (a.sparse) throw new ValueError(`Layer '${this.name}': \`sparse=true\` is not supported (kerasm has no sparse tensors). Received: sparse=true`);
    this.sparse = false;
    const mode = a.outputMode ?? 'int';
    if (!MODES.includes(mode)) throw new ValueError(`Layer '${this.name}': invalid value for argument \`outputMode\`. Expected one of ${fmt(MODES)}. Received: outputMode=${fmt(mode)}`);
    this.outputMode = mode;
    const nb = a.numBins ?? null, bins = a.binBoundaries ?? null;
    if (nb !== null && !(Number.isInteger(nb) && nb >= 0)) throw new ValueError(`Layer '${this.name}': \`numBins\` must be an integer greater than or equal to 0. Received: numBins=${fmt(nb)}`);
    if (nb !== null && bins !== null) throw new ValueError(`Layer '${this.name}': both \`numBins\` and \`binBoundaries\` should not be set. Received: numBins=${fmt(nb)} and binBoundaries=${fmt(bins)}`);
    if (nb === null && bins === null) throw new ValueError(`Layer '${this.name}': you need to set either \`numBins\` or \`binBoundaries\`. Received: neither`);
    if (bins !== null && (!Array.isArray(bins) || bins.some((b, i) => typeof b !== 'number' || (i > 0 && b < bins[i - 1]!)))) {
      throw new ValueError(`Layer '${this.name}': \`binBoundaries\` must be a non-decreasing list of numbers. Received: binBoundaries=${fmt(bins)}`);
    }
    this.numBins = nb;
    this.binBoundaries = bins === null ? null : bins.slice();
    const eps = a.epsilon ?? 0.01;
    if (!(typeof eps === 'number' && eps > 0 && eps <= 1)) throw new ValueError(`Layer '${this.name}': \`epsilon\` must be a number in (0, 1]. Received: epsilon=${fmt(eps)}`);
    this.epsilon = eps;
  }

  /** Keras's from_config: an adapted config carries both numBins and the learned boundaries. */
  static fromConfig(config: Record<string, unknown>): Discretization {
    const { binBoundaries, ...rest } = argsFromConfig('Discretization config', config);
    if (binBoundaries != null && rest.numBins != null) {
      const layer = new Discretization(rest as DiscretizationArgs);
      layer.binBoundaries = (binBoundaries as number[]).slice();
      return layer;
    }
    return new Discretization({ ...rest, binBoundaries } as DiscretizationArgs);
  }

  /** Keras's config: no `trainable`, dtype as a plain name. */
  override getConfig(): Record<string, unknown> {
    return {
      bin_boundaries: this.binBoundaries, num_bins: this.numBins, epsilon: this.epsilon,
      output_mode: this.outputMode, sparse: this.sparse, name: this.name, dtype: this.dtype,
    };
  }

  /**
   * Learns `numBins` − 1 boundaries, the quantiles of `data`: one batch (a Tensor, nested
   * number arrays, a typed array) or an iterable of batches (a `[x, y]` pair contributes x).
   */
  adapt(data: AdaptData, opts: { steps?: number } = {}): void {
    if (this.numBins === null) {
      throw new ValueError(`Layer '${this.name}': cannot adapt a Discretization layer that has been initialized with \`binBoundaries\`, use \`numBins\` instead. Received: binBoundaries=${fmt(this.binBoundaries)}`);
    }
    const batches = isBatch(data) ? [data] : data;
    if (batches == null || typeof (batches as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new ValueError(`Layer '${this.name}'.adapt: expected a Tensor, number arrays, a typed array or an iterable of batches. Received: ${fmt(data)}`);
    }
    this.summary = emptySummary();
    let i = 0;
    for (const item of batches as Iterable<unknown>) {
      if (opts.steps !== undefined && i++ >= opts.steps) break;
      this.updateState(item);
    }
    this.binBoundaries = binBoundaries(this.summary, this.numBins);
  }

  /** adapt() over an async iterable of batches (a data set or async generator). */
  async adaptAsync(data: AsyncIterable<unknown> | AdaptData, opts: { steps?: number } = {}): Promise<void> {
    if (data == null || typeof (data as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return this.adapt(data as AdaptData, opts);
    if (this.numBins === null) return this.adapt([], opts);
    this.summary = emptySummary();
    let i = 0;
    for await (const item of data as AsyncIterable<unknown>) {
      if (opts.steps !== undefined && i++ >= opts.steps) break;
      this.updateState(item);
    }
    this.binBoundaries = binBoundaries(this.summary, this.numBins);
  }

  private updateState(item: unknown): void {
    const b = !isBatch(item) && Array.isArray(item) && isBatch(item[0]) ? item[0] : item;
    if (!isBatch(b)) throw new ValueError(`Layer '${this.name}'.adapt: each batch must be a Tensor, number arrays or a typed array. Received: ${fmt(b)}`);
    const values = b instanceof Tensor ? Float32Array.from(b.dataSync()) : ArrayBuffer.isView(b) ? Float32Array.from(b as ArrayLike<number>) : Float32Array.from(flatNumbers(b as NestedArray[]));
    this.summary = merge(summarize(values, this.epsilon), this.summary, this.epsilon);
  }

  private get depth(): number {
    return this.binBoundaries !== null ? this.binBoundaries.length + 1 : this.numBins!;
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    const bins = this.binBoundaries;
    if (bins === null) {
      throw new ValueError(`Layer '${this.name}': you need to either pass the \`binBoundaries\` argument at construction time or call \`adapt(dataset)\` before you can start using the \`Discretization\` layer. Received: an un-adapted layer`);
    }
    return noGrad(() => tidy(() => {
      const xf = x.dtype === 'float32' ? x : cast(x, 'float32');
      // digitize: the number of boundaries ≤ x (no boundaries: one bucket).
      const indices = bins.length === 0 ? zeros(x.shape, 'int32')
        : cast(sum(greaterEqual(expandDims(xf, -1), fromData(this.name, Float32Array.from(bins), [bins.length], 'float32')), -1), 'int32');
      return this.encode(indices, x.shape);
    }));
  }

  private encode(indices: Tensor, shape: readonly number[]): Tensor {
    const depth = this.depth;
    if (this.outputMode === 'int') return indices;
    if (this.outputMode === 'one_hot') {
      const sq = shape.length > 1 && shape[shape.length - 1] === 1 ? reshape(indices, shape.slice(0, -1)) : indices;
      return oneHot(sq, depth);
    }
    const oh = oneHot(shape.length === 0 ? reshape(indices, [1]) : indices, depth);
    const axis = Math.max(shape.length, 1) > 1 ? 1 : 0;
    return this.outputMode === 'multi_hot' ? max(oh, axis) : sum(oh, axis);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    if (this.outputMode === 'int') return s.slice();
    const depth = this.depth;
    if (this.outputMode === 'one_hot') return s.length > 1 && s[s.length - 1] === 1 ? [...s.slice(0, -1), depth] : [...s, depth];
    return s.length >= 2 ? [s[0]!, ...s.slice(2), depth] : [depth];
  }

  protected override outputDType(): DType {
    return this.outputMode === 'int' ? 'int32' : 'float32';
  }
}

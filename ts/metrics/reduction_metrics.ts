// Mean, Sum and MeanMetricWrapper (Keras `reduction_metrics.py`): the running (weighted)
// mean or sum of per-sample values. Every metric built on a per-sample function (accuracies,
// errors, cross-entropies) is a MeanMetricWrapper.

import { ValueError, fmt } from '../errors.js';
import { broadcastTo, mean, mul, reshape, sum } from '../ops/index.js';
import { applyMask, squeezeOrExpandToSameRank } from '../losses/reduction.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { asFloat } from '../losses/validate.js';
import { getKerasMask } from '../layers/masking/keras_mask.js';
import { Metric, scalarOf, type MetricConfig, type MetricOptions } from './metric.js';

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/** Weights aligned with values: Keras's squeeze/expand, then broadcast to the values' shape. */
function weightsFor(where: string, values: Tensor, weights: Tensor): [Tensor, Tensor] {
  const [v, w] = squeezeOrExpandToSameRank(values, weights);
  if (w.rank > v.rank) {
    throw new ValueError(`${where}: sample_weight has more axes than the values it weighs. ` +
      `Received: sample_weight.shape=${fmt(weights.shape)}, values.shape=${fmt(values.shape)}`);
  }
  return [v, w];
}

/**
 * Σ per-sample means and Σ weights of one batch (Keras `reduce_to_samplewise_values` with
 * `mean`): values [b, ...] are first averaged down to the weights' rank, multiplied by the
 * weights, then averaged per sample; the count grows by Σ (per-sample mean) weights, or by
 * b without weights.
 */
export function batchMean(where: string, values: Tensor, sampleWeight: Tensor | null): { total: number; count: number } {
  const v0 = asFloat(values);
  if (!sampleWeight) {
    const per = v0.rank > 1 ? v0.size / v0.shape[0]! : 1;
    return { total: per === 0 ? 0 : scalarOf(sum(v0)) / per, count: v0.rank >= 1 ? v0.shape[0]! : 1 };
  }
  let [v, w] = weightsFor(where, v0, asFloat(sampleWeight));
  if (v.rank > w.rank) v = mean(v, range(w.rank, v.rank));
  if (!shapesEqual(w.shape, v.shape)) w = broadcastTo(w, v.shape);
  const prod = mul(v, w);
  const total = scalarOf(v.rank > 1 ? sum(mean(prod, range(1, v.rank))) : sum(prod));
  const count = scalarOf(w.rank > 1 ? sum(mean(w, range(1, w.rank))) : sum(w));
  return { total, count };
}

/** Σ values·weights of one batch. */
export function batchSum(where: string, values: Tensor, sampleWeight: Tensor | null): number {
  const v = asFloat(values);
  if (!sampleWeight) return scalarOf(sum(v));
  const w = asFloat(sampleWeight);
  let [va, wa] = weightsFor(where, v, w);
  if (va.rank > wa.rank) va = sum(va, range(wa.rank, va.rank));
  return scalarOf(sum(mul(va, wa)));
}

function weightTensor(where: string, sampleWeight: TensorLike | null | undefined): Tensor | null {
  return sampleWeight == null ? null : asFloat(toTensor(sampleWeight, where));
}

/** Running weighted sum of values (Keras `Sum`). */
export class Sum extends Metric {
  /** Running weighted sum of the values. */
  total = 0;

  constructor(opts: MetricOptions = {}) {
    super(opts, 'sum');
  }

  updateState(values: TensorLike, sampleWeight?: TensorLike | null): void {
    this.total += this.compute(() => batchSum(this.name, toTensor(values, this.name), weightTensor(this.name, sampleWeight)));
  }

  result(): number {
    return this.total;
  }

  resetState(): void {
    this.total = 0;
  }

  getState(): Record<string, number> {
    return { total: this.total };
  }
}

/**
 * Running weighted mean: Σ values·weights / Σ weights (Keras `Mean`).
 *
 * @example
 * ```ts
 * const m = new metrics.Mean();
 * m.updateState([1, 2, 3]);
 * m.updateState([4], [2]); // sample weight 2
 * m.result(); // (1 + 2 + 3 + 4·2) / 5 = 2.8
 * ```
 */
export class Mean extends Metric {
  /** Running Σ values·weights. */
  total = 0;
  /** Running Σ weights. */
  count = 0;

  constructor(opts: MetricOptions = {}, defaultName = 'mean') {
    super(opts, defaultName);
  }

  updateState(values: TensorLike, sampleWeight?: TensorLike | null): void {
    this.addBatch(() => ({ values: toTensor(values, this.name), weights: weightTensor(this.name, sampleWeight) }));
  }

  /** Adds the per-sample values (and weights) that `fn` computes, inside one no-grad scope. */
  protected addBatch(fn: () => { values: Tensor; weights: Tensor | null }): void {
    const { total, count } = this.compute(() => {
      const { values, weights } = fn();
      return batchMean(this.name, values, weights);
    });
    this.total += total;
    this.count += count;
  }

  result(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }

  resetState(): void {
    this.total = 0;
    this.count = 0;
  }

  getState(): Record<string, number> {
    return { total: this.total, count: this.count };
  }
}

/** A per-sample metric function; may return a mask of the entries that count. */
export type MetricFn = (yTrue: Tensor, yPred: Tensor) => Tensor | { values: Tensor; mask: Tensor | null };

/** Options of {@link MeanMetricWrapper}: the {@link MetricOptions} plus extra arguments of the wrapped function. */
export interface MeanMetricWrapperOptions extends MetricOptions {
  /** Extra arguments of `fn`, recorded in the config. */
  fnKwargs?: Record<string, unknown>;
}

/**
 * The running mean of `fn(yTrue, yPred)` (Keras `MeanMetricWrapper`); the base of every
 * per-sample metric.
 * @example new MeanMetricWrapper(losses.meanSquaredError, { name: 'mse' })
 */
export class MeanMetricWrapper extends Mean {
  /** The wrapped function of (yTrue, yPred) giving per-sample values. */
  readonly fn: MetricFn;
  /** Extra arguments of `fn`, recorded in the config. */
  readonly fnKwargs: Record<string, unknown>;

  constructor(fn: MetricFn, opts: MeanMetricWrapperOptions = {}, defaultName?: string) {
    if (typeof fn !== 'function') {
      throw new ValueError(`MeanMetricWrapper: fn must be a function (yTrue, yPred) => Tensor. Received: fn=${fmt(fn)}`);
    }
    super(opts, defaultName ?? (fn.name || 'mean_metric_wrapper'));
    this.fn = fn;
    this.fnKwargs = opts.fnKwargs ?? {};
  }

  override updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void {
    if (yPred == null) throw new ValueError(`${this.name}.updateState: expected (yTrue, yPred, sampleWeight?). Received: yPred=${fmt(yPred)}`);
    this.addBatch(() => {
      const p = toTensor(yPred, this.name);
      const out = this.fn(toTensor(yTrue, this.name), p);
      const { values, mask: fnMask } = 'isTensor' in out ? { values: out, mask: null } : out;
      // As Keras: the mask attached to yPred (masked time steps) weighs too.
      const inMask = p === yPred ? getKerasMask(p) : null;
      const mask = inMask && fnMask ? mul(inMask, fnMask) : inMask ?? fnMask;
      const weights = applyMask(this.name, weightTensor(this.name, sampleWeight), mask, 'sum');
      return { values, weights };
    });
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), ...this.fnKwargs };
  }
}

/** Flattens [b, ..., 1] to [b, ...] (used by metrics whose Keras form squeezes). */
export function dropTrailingOne(t: Tensor): Tensor {
  return t.rank > 1 && t.shape.at(-1) === 1 ? reshape(t, t.shape.slice(0, -1)) : t;
}

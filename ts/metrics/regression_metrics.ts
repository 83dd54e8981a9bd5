// Regression metrics (Keras `regression_metrics.py`): running means of per-sample errors.
// RootMeanSquaredError is √(Σ w·(p − t)² / Σ w), the root of the running mean.

import { ValueError, fmt } from '../errors.js';
import { neg, squaredDifference } from '../ops/index.js';
import { logCosh } from '../losses/robust.js';
import { cosineSimilarity as cosineLoss, meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError, meanSquaredLogarithmicError } from '../losses/regression.js';
import { alignPair } from '../losses/validate.js';
import { engine } from '../tensor/engine.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import type { MetricConfig, MetricOptions } from './metric.js';
import { Mean, MeanMetricWrapper } from './reduction_metrics.js';

/** Per-sample cosine similarity (+1 for parallel vectors; the loss is its negative). */
export function cosineSimilarity(yTrue: TensorLike, yPred: TensorLike, axis = -1): Tensor {
  return engine.tidy(() => neg(cosineLoss(yTrue, yPred, axis)));
}

/** Running mean squared error (Keras `MeanSquaredError` metric). */
export class MeanSquaredError extends MeanMetricWrapper {
  constructor(opts: MetricOptions = {}) {
    super(meanSquaredError, opts, 'mean_squared_error');
    this.direction = 'down';
  }
}

/** Running mean absolute error. */
export class MeanAbsoluteError extends MeanMetricWrapper {
  constructor(opts: MetricOptions = {}) {
    super(meanAbsoluteError, opts, 'mean_absolute_error');
    this.direction = 'down';
  }
}

/** Running mean absolute percentage error. */
export class MeanAbsolutePercentageError extends MeanMetricWrapper {
  constructor(opts: MetricOptions = {}) {
    super(meanAbsolutePercentageError, opts, 'mean_absolute_percentage_error');
    this.direction = 'down';
  }
}

/** Running mean squared logarithmic error. */
export class MeanSquaredLogarithmicError extends MeanMetricWrapper {
  constructor(opts: MetricOptions = {}) {
    super(meanSquaredLogarithmicError, opts, 'mean_squared_logarithmic_error');
    this.direction = 'down';
  }
}

/** Running mean of log(cosh(p − t)) (Keras `LogCoshError`, name 'logcosh'). */
export class LogCoshError extends MeanMetricWrapper {
  constructor(opts: MetricOptions = {}) {
    super(logCosh, opts, 'logcosh');
    this.direction = 'down';
  }
}

/** Options of the {@link CosineSimilarity} metric (Keras `metrics.CosineSimilarity`). */
export interface CosineSimilarityMetricOptions extends MetricOptions {
  /** The class (or feature) axis the metric reduces over. Default -1. */
  axis?: number;
}

/** Running mean cosine similarity between targets and predictions (Keras `CosineSimilarity` metric). */
export class CosineSimilarity extends MeanMetricWrapper {
  /** The class (or feature) axis the metric reduces over. Default -1. */
  readonly axis: number;

  constructor(opts: CosineSimilarityMetricOptions = {}) {
    const axis = opts.axis ?? -1;
    super((t, p) => cosineSimilarity(t, p, axis), opts, 'cosine_similarity');
    this.axis = axis;
    this.direction = 'up';
  }

  /** Keras omits `axis` here; we keep it so the config round-trips. */
  override getConfig(): MetricConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/** √ of the running weighted mean of squared errors (Keras `RootMeanSquaredError`). */
export class RootMeanSquaredError extends Mean {
  constructor(opts: MetricOptions = {}) {
    super(opts, 'root_mean_squared_error');
    this.direction = 'down';
  }

  override updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void {
    if (yPred == null) throw new ValueError(`${this.name}.updateState: expected (yTrue, yPred, sampleWeight?). Received: yPred=${fmt(yPred)}`);
    this.addBatch(() => {
      const [t, p] = alignPair(this.name, yTrue, yPred);
      const w = sampleWeight == null ? null : toTensor(sampleWeight, this.name);
      return { values: squaredDifference(p, t), weights: w };
    });
  }

  override result(): number {
    return Math.sqrt(super.result());
  }
}

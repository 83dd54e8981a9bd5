// Regression losses (Keras `losses.py`): each per-sample value is a mean over the last axis.
//   mse  = mean((t − p)²)                    mae  = mean(|t − p|)
//   mape = 100·mean(|t − p| / max(|t|, ε))   msle = mean((log(max(p, ε) + 1) − log(max(t, ε) + 1))²)
//   cosine_similarity = −Σ l2norm(t)·l2norm(p) along `axis` (−1 for parallel vectors)

import {
  abs, addScalar, div, log, maximum, mean, minimum, mul, mulScalar, neg, rsqrt, square, squaredDifference, sub, sum,
} from '../ops/index.js';
import { engine } from '../tensor/engine.js';
import { scalar, type TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Loss, type LossConfig, type LossOptions } from './loss.js';
import { EPSILON, alignPair, checkAxis } from './validate.js';

/** Per-sample mean squared error over the last axis. */
export function meanSquaredError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return engine.tidy(() => {
    const [t, p] = alignPair('mean_squared_error', yTrue, yPred);
    return mean(squaredDifference(t, p), -1);
  });
}

/** Per-sample mean absolute error over the last axis. */
export function meanAbsoluteError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return engine.tidy(() => {
    const [t, p] = alignPair('mean_absolute_error', yTrue, yPred);
    return mean(abs(sub(t, p)), -1);
  });
}

/** Per-sample 100·mean(|t − p| / max(|t|, 1e-7)). */
export function meanAbsolutePercentageError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return engine.tidy(() => {
    const [t, p] = alignPair('mean_absolute_percentage_error', yTrue, yPred);
    const rel = abs(div(sub(t, p), maximum(abs(t), scalar(EPSILON))));
    return mulScalar(mean(rel, -1), 100);
  });
}

/** Per-sample mean of (log(max(p, ε) + 1) − log(max(t, ε) + 1))². */
export function meanSquaredLogarithmicError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return engine.tidy(() => {
    const [t, p] = alignPair('mean_squared_logarithmic_error', yTrue, yPred);
    const eps = scalar(EPSILON);
    const lp = log(addScalar(maximum(p, eps), 1));
    const lt = log(addScalar(maximum(t, eps), 1));
    return mean(squaredDifference(lp, lt), -1);
  });
}

/** x / max(‖x‖₂, ε) along `axis`, as x·min(rsqrt(Σx²), 1/ε) (Keras `ops.normalize`). */
export function l2Normalize(x: Tensor, axis = -1): Tensor {
  return engine.tidy(() => mul(x, minimum(rsqrt(sum(square(x), axis, true)), scalar(1 / EPSILON))));
}

/** Per-sample −cosine similarity along `axis` (so minimising it aligns the vectors). */
export function cosineSimilarity(yTrue: TensorLike, yPred: TensorLike, axis = -1): Tensor {
  return engine.tidy(() => {
    const op = 'cosine_similarity';
    const [t, p] = alignPair(op, yTrue, yPred);
    const a = checkAxis(op, axis, p.rank);
    return neg(sum(mul(l2Normalize(t, a), l2Normalize(p, a)), a));
  });
}

/**
 * Mean of squared errors (Keras `MeanSquaredError`).
 * @example new MeanSquaredError().apply([[0, 1], [0, 0]], [[1, 1], [1, 0]]) // 0.5
 */
export class MeanSquaredError extends Loss {
  constructor(opts: LossOptions = {}) {
    super(opts, 'mean_squared_error');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanSquaredError(yTrue, yPred);
  }
}

/** Mean of absolute errors (Keras `MeanAbsoluteError`). */
export class MeanAbsoluteError extends Loss {
  constructor(opts: LossOptions = {}) {
    super(opts, 'mean_absolute_error');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanAbsoluteError(yTrue, yPred);
  }
}

/** Mean absolute percentage error, in percent (Keras `MeanAbsolutePercentageError`). */
export class MeanAbsolutePercentageError extends Loss {
  constructor(opts: LossOptions = {}) {
    super(opts, 'mean_absolute_percentage_error');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanAbsolutePercentageError(yTrue, yPred);
  }
}

/** Mean squared error of log(1 + x), clamping inputs below at 1e-7 (Keras `MeanSquaredLogarithmicError`). */
export class MeanSquaredLogarithmicError extends Loss {
  constructor(opts: LossOptions = {}) {
    super(opts, 'mean_squared_logarithmic_error');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanSquaredLogarithmicError(yTrue, yPred);
  }
}

/** Options of the {@link CosineSimilarity} loss (Keras `losses.CosineSimilarity`). */
export interface CosineSimilarityOptions extends LossOptions {
  /** The axis along which similarity is computed. Default -1. */
  axis?: number;
}

/**
 * Negative cosine similarity: −1 for identical directions, 0 for orthogonal vectors, 1 for
 * opposite ones (Keras `CosineSimilarity`).
 * @param axis Default -1.
 */
export class CosineSimilarity extends Loss {
  /** The axis along which similarity is computed. Default -1. */
  readonly axis: number;

  constructor(opts: CosineSimilarityOptions = {}) {
    super(opts, 'cosine_similarity');
    this.axis = opts.axis ?? -1;
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return cosineSimilarity(yTrue, yPred, this.axis);
  }

  /** Keras omits `axis` from this config; we keep it so the config round-trips. */
  override getConfig(): LossConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}

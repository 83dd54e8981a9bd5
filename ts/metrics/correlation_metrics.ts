// Correlation metrics (Keras `correlation_metrics.py`): per-sample correlations along `axis`,
// averaged over samples.
//   pearson     = mean(z(t)·z(p)), z(x) = (x − mean x) / std(x − mean x)
//   concordance = mean(2·(t − p̄)(p − p̄) / (var t + var p + (t̄ − p̄)² + ε))
// The concordance numerator centres t on p̄, not t̄: that is Keras's formula, kept so the
// numbers match (Lin's coefficient would use t̄).

import { addScalar, div, mean, mul, mulScalar, sqrt, square, sub, variance, add } from '../ops/index.js';
import { squeezeOrExpandToSameRank } from '../losses/reduction.js';
import { EPSILON, asFloat } from '../losses/validate.js';
import { engine } from '../tensor/engine.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import type { MetricConfig, MetricOptions } from './metric.js';
import { MeanMetricWrapper } from './reduction_metrics.js';

function pair(op: string, yTrue: TensorLike, yPred: TensorLike): [Tensor, Tensor] {
  return squeezeOrExpandToSameRank(asFloat(toTensor(yTrue, op)), asFloat(toTensor(yPred, op)));
}

/** Per-sample Pearson correlation along `axis`. */
export function pearsonCorrelation(yTrue: TensorLike, yPred: TensorLike, axis = -1): Tensor {
  return engine.tidy(() => {
    const [t, p] = pair('pearson_correlation', yTrue, yPred);
    const z = (x: Tensor) => {
      const c = sub(x, mean(x, axis, true));
      return div(c, sqrt(variance(c, axis, true)));
    };
    return mean(mul(z(t), z(p)), axis);
  });
}

/** Per-sample concordance correlation along `axis` (Keras's formula). */
export function concordanceCorrelation(yTrue: TensorLike, yPred: TensorLike, axis = -1): Tensor {
  return engine.tidy(() => {
    const [t, p] = pair('concordance_correlation', yTrue, yPred);
    const tm = mean(t, axis, true), pm = mean(p, axis, true);
    const tv = variance(sub(t, tm), axis, true), pv = variance(sub(p, pm), axis, true);
    const covar = mul(sub(t, pm), sub(p, pm));
    const norm = addScalar(add(add(tv, pv), square(sub(tm, pm))), EPSILON);
    return mean(div(mulScalar(covar, 2), norm), axis);
  });
}

/** Options of {@link PearsonCorrelation} and {@link ConcordanceCorrelation} (Keras, camelCase). */
export interface CorrelationOptions extends MetricOptions {
  /** The class (or feature) axis the metric reduces over. Default -1. */
  axis?: number;
}

/** Running mean Pearson correlation (Keras `PearsonCorrelation`). */
export class PearsonCorrelation extends MeanMetricWrapper {
  /** The class (or feature) axis the metric reduces over. Default -1. */
  readonly axis: number;

  constructor(opts: CorrelationOptions = {}) {
    const axis = opts.axis ?? -1;
    super((t, p) => pearsonCorrelation(t, p, axis), opts, 'pearson_correlation');
    this.axis = axis;
    this.direction = 'up';
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/** Running mean concordance correlation (Keras `ConcordanceCorrelation`). */
export class ConcordanceCorrelation extends MeanMetricWrapper {
  /** The class (or feature) axis the metric reduces over. Default -1. */
  readonly axis: number;

  constructor(opts: CorrelationOptions = {}) {
    const axis = opts.axis ?? -1;
    super((t, p) => concordanceCorrelation(t, p, axis), opts, 'concordance_correlation');
    this.axis = axis;
    this.direction = 'up';
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}

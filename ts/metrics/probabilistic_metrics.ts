// Probabilistic and hinge metrics (Keras `probabilistic_metrics.py`, `hinge_metrics.py`):
// running means of the matching per-sample losses.

import { binaryCrossentropy } from '../losses/binary_crossentropy.js';
import { categoricalCrossentropy } from '../losses/categorical_crossentropy.js';
import { categoricalHinge, hinge, squaredHinge } from '../losses/hinge.js';
import { klDivergence, poisson } from '../losses/probabilistic.js';
import { sparseCategoricalCrossentropyMasked } from '../losses/sparse_categorical_crossentropy.js';
import { checkUnit } from '../losses/validate.js';
import type { MetricConfig, MetricOptions } from './metric.js';
import { MeanMetricWrapper } from './reduction_metrics.js';

/** Options of the {@link BinaryCrossentropy} metric (Keras `metrics.BinaryCrossentropy`, camelCase). */
export interface BinaryCrossentropyMetricOptions extends MetricOptions {
  /** yPred holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** In [0, 1]: smooth the targets toward uniform. Default 0. */
  labelSmoothing?: number;
}

/** Running mean binary cross-entropy (Keras `BinaryCrossentropy` metric). */
export class BinaryCrossentropy extends MeanMetricWrapper {
  /** yPred holds logits rather than probabilities. Default false. */
  readonly fromLogits: boolean;
  /** In [0, 1]: smooth the targets toward uniform. Default 0. */
  readonly labelSmoothing: number;

  constructor(opts: BinaryCrossentropyMetricOptions = {}) {
    const fromLogits = opts.fromLogits ?? false;
    const labelSmoothing = checkUnit('BinaryCrossentropy', 'label_smoothing', opts.labelSmoothing ?? 0);
    super((t, p) => binaryCrossentropy(t, p, { fromLogits, labelSmoothing }), opts, 'binary_crossentropy');
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.direction = 'down';
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), from_logits: this.fromLogits, label_smoothing: this.labelSmoothing };
  }
}

/** Options of the {@link CategoricalCrossentropy} metric (Keras `metrics.CategoricalCrossentropy`, camelCase). */
export interface CategoricalCrossentropyMetricOptions extends BinaryCrossentropyMetricOptions {
  /** The class (or feature) axis the metric reduces over. Default -1. */
  axis?: number;
}

/** Running mean categorical cross-entropy (Keras `CategoricalCrossentropy` metric). */
export class CategoricalCrossentropy extends MeanMetricWrapper {
  /** yPred holds logits rather than probabilities. Default false. */
  readonly fromLogits: boolean;
  /** In [0, 1]: smooth the targets toward uniform. Default 0. */
  readonly labelSmoothing: number;
  /** The class (or feature) axis the metric reduces over. Default -1. */
  readonly axis: number;

  constructor(opts: CategoricalCrossentropyMetricOptions = {}) {
    const fromLogits = opts.fromLogits ?? false;
    const labelSmoothing = checkUnit('CategoricalCrossentropy', 'label_smoothing', opts.labelSmoothing ?? 0);
    const axis = opts.axis ?? -1;
    super((t, p) => categoricalCrossentropy(t, p, { fromLogits, labelSmoothing, axis }), opts, 'categorical_crossentropy');
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.axis = axis;
    this.direction = 'down';
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), from_logits: this.fromLogits, label_smoothing: this.labelSmoothing, axis: this.axis };
  }
}

/** Options of the {@link SparseCategoricalCrossentropy} metric (Keras `metrics.SparseCategoricalCrossentropy`, camelCase). */
export interface SparseCategoricalCrossentropyMetricOptions extends MetricOptions {
  /** yPred holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** Entries with this label are left out of the mean. Default none. */
  ignoreClass?: number | null;
  /** Only -1. */
  axis?: number;
}

/** Running mean sparse categorical cross-entropy (Keras `SparseCategoricalCrossentropy` metric). */
export class SparseCategoricalCrossentropy extends MeanMetricWrapper {
  /** yPred holds logits rather than probabilities. Default false. */
  readonly fromLogits: boolean;
  /** Entries with this label are left out of the mean. Default none. */
  readonly ignoreClass: number | null;
  /** The class (or feature) axis the metric reduces over. Default -1. */
  readonly axis = -1;

  constructor(opts: SparseCategoricalCrossentropyMetricOptions = {}) {
    const fromLogits = opts.fromLogits ?? false;
    const ignoreClass = opts.ignoreClass ?? null;
    const args = { fromLogits, ignoreClass, axis: opts.axis };
    super((t, p) => sparseCategoricalCrossentropyMasked(t, p, args), opts, 'sparse_categorical_crossentropy');
    this.fromLogits = fromLogits;
    this.ignoreClass = ignoreClass;
    this.direction = 'down';
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), from_logits: this.fromLogits, ignore_class: this.ignoreClass, axis: this.axis };
  }
}

/** Running mean Kullback–Leibler divergence. */
export class KLDivergence extends MeanMetricWrapper {
  constructor(opts: MetricOptions = {}) {
    super(klDivergence, opts, 'kl_divergence');
    this.direction = 'down';
  }
}

/** Running mean Poisson loss. */
export class Poisson extends MeanMetricWrapper {
  constructor(opts: MetricOptions = {}) {
    super(poisson, opts, 'poisson');
    this.direction = 'down';
  }
}

/** Running mean hinge loss. */
export class Hinge extends MeanMetricWrapper {
  constructor(opts: MetricOptions = {}) {
    super(hinge, opts, 'hinge');
    this.direction = 'down';
  }
}

/** Running mean squared hinge loss. */
export class SquaredHinge extends MeanMetricWrapper {
  constructor(opts: MetricOptions = {}) {
    super(squaredHinge, opts, 'squared_hinge');
    this.direction = 'down';
  }
}

/** Running mean categorical hinge loss. */
export class CategoricalHinge extends MeanMetricWrapper {
  constructor(opts: MetricOptions = {}) {
    super(categoricalHinge, opts, 'categorical_hinge');
    this.direction = 'down';
  }
}

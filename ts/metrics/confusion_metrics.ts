// Threshold metrics (Keras `confusion_metrics.py`): TruePositives … FalseNegatives,
// Precision = TP / (TP + FP) and Recall = TP / (TP + FN), accumulated per threshold.

import { ValueError, fmt } from '../errors.js';
import type { TensorLike } from '../tensor/creation.js';
import { confusionCounts, evenlyDistributed, parseThresholds, NEG_INF, type ConfusionCounts } from './confusion.js';
import { Metric, type MetricConfig, type MetricOptions } from './metric.js';

const divNoNan = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** Options of the confusion-count metrics (TruePositives, …): `thresholds` (default 0.5). */
export interface ThresholdOptions extends MetricOptions {
  /** One threshold or several in [0, 1]; p > threshold counts as positive. Default 0.5. */
  thresholds?: number | number[] | null;
}

/** Shared state: accumulated confusion counts at each threshold. */
abstract class ThresholdMetric extends Metric {
  /** One threshold or several in [0, 1]; p > threshold counts as positive. Default 0.5. */
  readonly thresholds: number[];
  /** The `thresholds` option as given (written back to the config). */
  protected readonly initThresholds: number | number[] | null;
  /** Whether the thresholds are evenly spaced (enables the bucketed counting path). */
  protected readonly evenly: boolean;
  /** Accumulated true/false positive/negative counts, one entry per threshold. */
  protected counts: ConfusionCounts;
  /** Only the `topK` highest predictions of each sample count as positive (Precision/Recall's `topK` option), or null. */
  topK: number | null = null;
  /** Only this class (column) counts (Precision/Recall's `classId` option), or null for all. */
  classId: number | null = null;

  constructor(opts: ThresholdOptions, defaultName: string, fallbackThreshold = 0.5) {
    super(opts, defaultName);
    this.initThresholds = opts.thresholds ?? null;
    this.thresholds = parseThresholds(this.constructor.name, opts.thresholds, fallbackThreshold);
    this.evenly = evenlyDistributed(this.thresholds);
    this.counts = ThresholdMetric.zeros(this.thresholds.length);
  }

  private static zeros(k: number): ConfusionCounts {
    return { tp: new Float64Array(k), fp: new Float64Array(k), tn: new Float64Array(k), fn: new Float64Array(k) };
  }

  updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void {
    if (yPred == null) throw new ValueError(`${this.name}.updateState: expected (yTrue, yPred, sampleWeight?). Received: yPred=${fmt(yPred)}`);
    const c = this.compute(() => confusionCounts(this.name, yTrue, yPred, this.thresholds, {
      sampleWeight, topK: this.topK, classId: this.classId, evenly: this.evenly,
    }));
    for (const key of ['tp', 'fp', 'tn', 'fn'] as const) for (let i = 0; i < c[key].length; i++) this.counts[key][i]! += c[key][i]!;
  }

  resetState(): void {
    this.counts = ThresholdMetric.zeros(this.thresholds.length);
  }

  /** One value per threshold. */
  abstract results(): number[];

  /** The value at the only threshold; with several thresholds use `results()`. */
  result(): number {
    const r = this.results();
    if (r.length !== 1) {
      throw new ValueError(`${this.name}: result() gives one number, but this metric has ${r.length} thresholds; use results(). ` +
        `Received: thresholds=${fmt(this.thresholds)}`);
    }
    return r[0]!;
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), thresholds: this.initThresholds };
  }
}

type CountKey = 'tp' | 'fp' | 'tn' | 'fn';

/** A single confusion-matrix cell (Keras `_ConfusionMatrixConditionCount`). */
abstract class ConditionCount extends ThresholdMetric {
  protected abstract readonly key: CountKey;

  results(): number[] {
    return [...this.counts[this.key]];
  }

  getState(): Record<string, number[]> {
    return { accumulator: this.results() };
  }
}

/** Weighted count of true positives (Keras `TruePositives`). */
export class TruePositives extends ConditionCount {
  /** The count this metric reports. */
  protected readonly key = 'tp';
  constructor(opts: ThresholdOptions = {}) {
    super(opts, 'true_positives');
  }
}

/** Weighted count of false positives (Keras `FalsePositives`). */
export class FalsePositives extends ConditionCount {
  /** The count this metric reports. */
  protected readonly key = 'fp';
  constructor(opts: ThresholdOptions = {}) {
    super(opts, 'false_positives');
  }
}

/** Weighted count of true negatives (Keras `TrueNegatives`). */
export class TrueNegatives extends ConditionCount {
  /** The count this metric reports. */
  protected readonly key = 'tn';
  constructor(opts: ThresholdOptions = {}) {
    super(opts, 'true_negatives');
  }
}

/** Weighted count of false negatives (Keras `FalseNegatives`). */
export class FalseNegatives extends ConditionCount {
  /** The count this metric reports. */
  protected readonly key = 'fn';
  constructor(opts: ThresholdOptions = {}) {
    super(opts, 'false_negatives');
  }
}

/** Options of {@link Precision} and {@link Recall} (Keras, camelCase). */
export interface PrecisionRecallOptions extends ThresholdOptions {
  /** Only the k highest-scoring classes of each row count as predicted. Default none. */
  topK?: number | null;
  /** Only this class (column) counts. Default none (all entries pooled). */
  classId?: number | null;
}

/** Precision and Recall share everything but the denominator. */
abstract class PrecisionRecall extends ThresholdMetric {
  constructor(opts: PrecisionRecallOptions, name: string) {
    // With top_k and no thresholds, every kept prediction is positive (Keras uses NEG_INF).
    super(opts, name, opts.topK != null ? NEG_INF : 0.5);
    if (opts.topK != null && (!Number.isInteger(opts.topK) || opts.topK < 1)) {
      throw new ValueError(`${this.constructor.name}: \`top_k\` must be a positive integer. Received: top_k=${fmt(opts.topK)}`);
    }
    this.topK = opts.topK ?? null;
    this.classId = opts.classId ?? null;
    this.direction = 'up';
  }

  /** The Keras config: the base metric's, plus `thresholds`, `top_k` and `class_id`. */
  override getConfig(): MetricConfig {
    return { ...super.getConfig(), top_k: this.topK, class_id: this.classId };
  }
}

/**
 * Precision TP / (TP + FP) at each threshold (Keras `Precision`); 0 when nothing was predicted positive.
 * @param thresholds Default 0.5.
 * @param topK Default none.
 * @param classId Default none.
 *
 * @example
 * ```ts
 * const p = new metrics.Precision({ thresholds: [0.3, 0.7] });
 * p.updateState([[1], [0], [1]], [[0.9], [0.6], [0.4]]);
 * p.results(); // [2/3, 1]: one value per threshold (result() needs a single threshold)
 * ```
 */
export class Precision extends PrecisionRecall {
  constructor(opts: PrecisionRecallOptions = {}) {
    super(opts, 'precision');
  }

  results(): number[] {
    return Array.from(this.counts.tp, (tp, i) => divNoNan(tp, tp + this.counts.fp[i]!));
  }

  getState(): Record<string, number[]> {
    return { true_positives: [...this.counts.tp], false_positives: [...this.counts.fp] };
  }
}

/**
 * Recall TP / (TP + FN) at each threshold (Keras `Recall`); 0 when there were no positives.
 * @param thresholds Default 0.5.
 * @param topK Default none.
 * @param classId Default none.
 */
export class Recall extends PrecisionRecall {
  constructor(opts: PrecisionRecallOptions = {}) {
    super(opts, 'recall');
  }

  results(): number[] {
    return Array.from(this.counts.tp, (tp, i) => divNoNan(tp, tp + this.counts.fn[i]!));
  }

  getState(): Record<string, number[]> {
    return { true_positives: [...this.counts.tp], false_negatives: [...this.counts.fn] };
  }
}

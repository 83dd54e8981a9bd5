// One rate at a constraint on another (Keras `SensitivitySpecificityBase` family): confusion
// counts at `numThresholds` thresholds 0, 1/(K − 1), …, 1, and the best value of one rate
// over the thresholds where the other meets the target (0 when none does).
//   SensitivityAtSpecificity  max recall    s.t. specificity ≥ target
//   SpecificityAtSensitivity  max specificity s.t. recall ≥ target
//   PrecisionAtRecall         max precision s.t. recall ≥ target
//   RecallAtPrecision         max recall    s.t. precision ≥ target

import { ValueError, fmt } from '../errors.js';
import type { TensorLike } from '../tensor/creation.js';
import { confusionCounts, type ConfusionCounts } from './confusion.js';
import { Metric, type MetricConfig, type MetricOptions } from './metric.js';

const divNoNan = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** Options of {@link SensitivityAtSpecificity}, {@link SpecificityAtSensitivity}, {@link PrecisionAtRecall} and {@link RecallAtPrecision} (Keras, camelCase). */
export interface AtOptions extends MetricOptions {
  /** Number of thresholds (> 0). Default 200. */
  numThresholds?: number;
  /** Only this class (column) counts. Default none. */
  classId?: number | null;
}

type Rate = (c: ConfusionCounts, i: number) => number;
const recall: Rate = (c, i) => divNoNan(c.tp[i]!, c.tp[i]! + c.fn[i]!);
const specificity: Rate = (c, i) => divNoNan(c.tn[i]!, c.tn[i]! + c.fp[i]!);
const precision: Rate = (c, i) => divNoNan(c.tp[i]!, c.tp[i]! + c.fp[i]!);

abstract class RateAtRate extends Metric {
  /** Number of thresholds (> 0). Default 200. */
  readonly numThresholds: number;
  /** Only this class (column) counts. Default none. */
  readonly classId: number | null;
  /** The `numThresholds` thresholds the rates are computed at: 0, evenly spaced values, 1 (or just 0.5 when `numThresholds` is 1). */
  readonly thresholds: number[];
  private counts: ConfusionCounts;

  /** @param value - The target value of the constrained rate, in [0, 1] (e.g. `specificity` for SensitivityAtSpecificity), else a ValueError. */
  constructor(
    opts: AtOptions, defaultName: string, private readonly key: string, readonly value: number,
    private readonly constrained: Rate, private readonly dependent: Rate,
  ) {
    super(opts, defaultName);
    this.direction = 'up';
    const cls = this.constructor.name;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new ValueError(`${cls}: \`${key}\` must be in the range [0, 1]. Received: ${key}=${fmt(value)}`);
    const n = opts.numThresholds ?? 200;
    if (!Number.isInteger(n) || n <= 0) throw new ValueError(`${cls}: \`num_thresholds\` must be an integer > 0. Received: num_thresholds=${fmt(n)}`);
    this.numThresholds = n;
    this.classId = opts.classId ?? null;
    this.thresholds = n === 1 ? [0.5] : [0, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1)), 1];
    this.counts = this.zeros();
  }

  private zeros(): ConfusionCounts {
    const k = this.thresholds.length;
    return { tp: new Float64Array(k), fp: new Float64Array(k), tn: new Float64Array(k), fn: new Float64Array(k) };
  }

  updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void {
    if (yPred == null) throw new ValueError(`${this.name}.updateState: expected (yTrue, yPred, sampleWeight?). Received: yPred=${fmt(yPred)}`);
    const c = this.compute(() => confusionCounts(this.name, yTrue, yPred, this.thresholds, {
      sampleWeight, classId: this.classId, evenly: this.numThresholds > 1,
    }));
    for (const k of ['tp', 'fp', 'tn', 'fn'] as const) for (let i = 0; i < c[k].length; i++) this.counts[k][i]! += c[k][i]!;
  }

  result(): number {
    let best = 0;
    for (let i = 0; i < this.thresholds.length; i++) {
      if (this.constrained(this.counts, i) >= this.value) best = Math.max(best, this.dependent(this.counts, i));
    }
    return best;
  }

  resetState(): void {
    this.counts = this.zeros();
  }

  getState(): Record<string, number[]> {
    const c = this.counts;
    return { true_positives: [...c.tp], false_positives: [...c.fp], true_negatives: [...c.tn], false_negatives: [...c.fn] };
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), class_id: this.classId, num_thresholds: this.numThresholds, [this.key]: this.value };
  }
}

/** Best recall (sensitivity) where specificity ≥ `specificity` (Keras `SensitivityAtSpecificity`). */
export class SensitivityAtSpecificity extends RateAtRate {
  constructor(opts: AtOptions & { specificity: number }) {
    super(opts, 'sensitivity_at_specificity', 'specificity', opts?.specificity, specificity, recall);
  }
}

/** Best specificity where recall ≥ `sensitivity` (Keras `SpecificityAtSensitivity`). */
export class SpecificityAtSensitivity extends RateAtRate {
  constructor(opts: AtOptions & { sensitivity: number }) {
    super(opts, 'specificity_at_sensitivity', 'sensitivity', opts?.sensitivity, recall, specificity);
  }
}

/** Best precision where recall ≥ `recall` (Keras `PrecisionAtRecall`). */
export class PrecisionAtRecall extends RateAtRate {
  constructor(opts: AtOptions & { recall: number }) {
    super(opts, 'precision_at_recall', 'recall', opts?.recall, recall, precision);
  }
}

/** Best recall where precision ≥ `precision` (Keras `RecallAtPrecision`). */
export class RecallAtPrecision extends RateAtRate {
  constructor(opts: AtOptions & { precision: number }) {
    super(opts, 'recall_at_precision', 'precision', opts?.precision, precision, recall);
  }
}

// F-beta and F1 scores over [batch, classes] predictions (Keras `f_score_metrics.py`):
//   F_β = (1 + β²)·P·R / (β²·P + R), per class, then averaged as `average` says.
// A prediction is positive above `threshold`, or, without one, where it is the row's maximum.

import { ValueError, fmt } from '../errors.js';
import { abs, affine, greater, greaterEqual, max, mul, reshape, stack, sum } from '../ops/index.js';
import { EPSILON, asFloat } from '../losses/validate.js';
import { scalar, toTensor, type TensorLike } from '../tensor/creation.js';
import { Metric, type MetricConfig, type MetricOptions } from './metric.js';

/** How per-class F-scores are averaged: null (one score per class), `'micro'`, `'macro'` or `'weighted'` (Keras `average`). */
export type FScoreAverage = 'micro' | 'macro' | 'weighted' | null;

/** Options of {@link FBetaScore} and F1Score (Keras `metrics.FBetaScore`, camelCase). */
export interface FBetaScoreOptions extends MetricOptions {
  /** null (default): one score per class; 'micro', 'macro' or 'weighted' average to one number. */
  average?: FScoreAverage;
  /** β > 0. Default 1. */
  beta?: number;
  /** In (0, 1]; null (default): the row's top score is the positive class. */
  threshold?: number | null;
}

/**
 * F-beta score (Keras `FBetaScore`).
 * @param average Default null (per-class scores, read with `results()`).
 * @param beta Default 1.
 * @param threshold Default null.
 */
export class FBetaScore extends Metric {
  /** null (default): one score per class; 'micro', 'macro' or 'weighted' average to one number. */
  readonly average: FScoreAverage;
  /** β > 0. Default 1. */
  readonly beta: number;
  /** In (0, 1]; null (default): the row's top score is the positive class. */
  readonly threshold: number | null;
  private classes = 0;
  /** [tp, fp, fn, Σ weighted positives] per class. */
  private sums: Float64Array[] = [];

  constructor(opts: FBetaScoreOptions = {}, defaultName = 'fbeta_score') {
    super(opts, defaultName);
    this.direction = 'up';
    const average = opts.average ?? null;
    if (![null, 'micro', 'macro', 'weighted'].includes(average)) {
      throw new ValueError(`${this.constructor.name}: invalid \`average\`. Expected one of null, 'micro', 'macro', 'weighted'. Received: average=${fmt(average)}`);
    }
    const beta = opts.beta ?? 1;
    if (typeof beta !== 'number' || !(beta > 0)) throw new ValueError(`${this.constructor.name}: \`beta\` must be > 0. Received: beta=${fmt(beta)}`);
    const threshold = opts.threshold ?? null;
    if (threshold !== null && !(threshold > 0 && threshold <= 1)) {
      throw new ValueError(`${this.constructor.name}: \`threshold\` must satisfy 0 < threshold ≤ 1. Received: threshold=${fmt(threshold)}`);
    }
    [this.average, this.beta, this.threshold] = [average, beta, threshold];
  }

  updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void {
    if (yPred == null) throw new ValueError(`${this.name}.updateState: expected (yTrue, yPred, sampleWeight?). Received: yPred=${fmt(yPred)}`);
    const got = this.compute(() => {
      const t = asFloat(toTensor(yTrue, this.name));
      let p = asFloat(toTensor(yPred, this.name));
      if (t.rank !== 2 || p.rank !== 2 || t.shape[1] !== p.shape[1] || t.shape[0] !== p.shape[0]) {
        throw new ValueError(`${this.name}: expects 2D inputs of one shape (batch_size, output_dim). ` +
          `Received: y_true.shape=${fmt(t.shape)}, y_pred.shape=${fmt(p.shape)}`);
      }
      if (this.classes && p.shape[1] !== this.classes) {
        throw new ValueError(`${this.name}: expected ${this.classes} classes. Received: y_pred.shape=${fmt(p.shape)}`);
      }
      p = this.threshold === null
        ? mul(greaterEqual(p, max(p, -1, true)), greater(abs(p), scalar(1e-9)))
        : greater(p, scalar(this.threshold));
      const notP = affine(p, -1, 1);
      let parts = stack([mul(p, t), mul(p, affine(t, -1, 1)), mul(notP, t), t], 1); // [N, 4, C]
      if (sampleWeight != null) parts = mul(parts, reshape(asFloat(toTensor(sampleWeight, this.name)), [-1, 1, 1]));
      return { classes: p.shape[1]!, sums: Float64Array.from(sum(parts, 0).buf.f32()) };
    });
    if (!this.classes) {
      this.classes = got.classes;
      this.sums = [0, 1, 2, 3].map(() => new Float64Array(this.classes));
    }
    for (let j = 0; j < 4; j++) for (let c = 0; c < this.classes; c++) this.sums[j]![c]! += got.sums[j * this.classes + c]!;
  }

  /** The score per class (average null), or the averaged score as a one-element array. */
  results(): number[] {
    if (!this.classes) return this.average === null ? [] : [0];
    let [tp, fp, fn, w] = this.sums.map((s) => [...s]) as [number[], number[], number[], number[]];
    if (this.average === 'micro') [tp, fp, fn, w] = [tp, fp, fn, w].map((v) => [v.reduce((a, b) => a + b, 0)]) as typeof tp[];
    const b2 = this.beta ** 2;
    const f = tp.map((v, c) => {
      const precision = v / (v + fp[c]! + EPSILON);
      const recall = v / (v + fn[c]! + EPSILON);
      return ((precision * recall) / (b2 * precision + recall + EPSILON)) * (1 + b2);
    });
    if (this.average === 'weighted') {
      const total = w.reduce((a, b) => a + b, 0) + EPSILON;
      return [f.reduce((a, v, c) => a + (v * w[c]!) / total, 0)];
    }
    if (this.average !== null) return [f.reduce((a, b) => a + b, 0) / f.length];
    return f;
  }

  /** The averaged score; with `average: null` use `results()` for the per-class scores. */
  result(): number {
    if (this.average === null) {
      throw new ValueError(`${this.name}: with average=null the score is per class; use results(), or set average to 'micro', 'macro' or 'weighted'. Received: average=null`);
    }
    return this.results()[0]!;
  }

  resetState(): void {
    this.sums.forEach((s) => s.fill(0));
  }

  getState(): Record<string, number[]> {
    const [tp, fp, fn, w] = this.sums.map((s) => [...s]);
    return { true_positives: tp ?? [], false_positives: fp ?? [], false_negatives: fn ?? [], intermediate_weights: w ?? [] };
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), average: this.average, beta: this.beta, threshold: this.threshold };
  }
}

/** F1 score: F-beta with β = 1 (Keras `F1Score`). */
export class F1Score extends FBetaScore {
  constructor(opts: Omit<FBetaScoreOptions, 'beta'> = {}) {
    super({ ...opts, beta: 1 }, 'f1_score');
  }

  override getConfig(): MetricConfig {
    const { beta: _beta, ...rest } = super.getConfig();
    return rest as MetricConfig;
  }
}

// Coefficient of determination R² over [batch, outputs] (Keras `R2Score`, from TF-Addons'
// RSquare): per output 1 − SS_res / SS_tot from running weighted sums, then aggregated;
// optionally adjusted for `numRegressors` predictors.

import { ValueError, fmt } from '../errors.js';
import { broadcastTo, mul, reshape, squaredDifference, stack, sum } from '../ops/index.js';
import { squeezeOrExpandToSameRank } from '../losses/reduction.js';
import { asFloat } from '../losses/validate.js';
import { ones, toTensor, type TensorLike } from '../tensor/creation.js';
import { Metric, type MetricConfig, type MetricOptions } from './metric.js';

/** How {@link R2Score} combines several outputs (Keras `class_aggregation`). */
export type R2Aggregation = 'uniform_average' | 'variance_weighted_average' | null;

/** Options of {@link R2Score} (Keras `metrics.R2Score`, camelCase). */
export interface R2ScoreOptions extends MetricOptions {
  /** 'uniform_average' (default), 'variance_weighted_average' or null (one score per output). */
  classAggregation?: R2Aggregation;
  /** Number of predictors, for the adjusted R². Default 0 (plain R²). */
  numRegressors?: number;
}

/**
 * R² (Keras `R2Score`).
 * @param classAggregation Default 'uniform_average'.
 * @param numRegressors Default 0.
 */
export class R2Score extends Metric {
  /** 'uniform_average' (default), 'variance_weighted_average' or null (one score per output). */
  readonly classAggregation: R2Aggregation;
  /** Number of predictors, for the adjusted R². Default 0 (plain R²). */
  readonly numRegressors: number;
  private outputs = 0;
  /** Σ w·t, Σ w·t², Σ w·(t − p)², Σ w per output. */
  private sums: Float64Array[] = [];
  private numSamples = 0;

  constructor(opts: R2ScoreOptions = {}) {
    super(opts, 'r2_score');
    this.direction = 'up';
    const agg = opts.classAggregation === undefined ? 'uniform_average' : opts.classAggregation;
    if (![null, 'uniform_average', 'variance_weighted_average'].includes(agg)) {
      throw new ValueError(`R2Score: invalid \`class_aggregation\`. Expected one of null, 'uniform_average', 'variance_weighted_average'. Received: class_aggregation=${fmt(agg)}`);
    }
    const n = opts.numRegressors ?? 0;
    if (!Number.isInteger(n) || n < 0) throw new ValueError(`R2Score: \`num_regressors\` must be an integer ≥ 0. Received: num_regressors=${fmt(n)}`);
    [this.classAggregation, this.numRegressors] = [agg, n];
  }

  updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void {
    if (yPred == null) throw new ValueError(`${this.name}.updateState: expected (yTrue, yPred, sampleWeight?). Received: yPred=${fmt(yPred)}`);
    const got = this.compute(() => {
      const [t, p] = squeezeOrExpandToSameRank(asFloat(toTensor(yTrue, this.name)), asFloat(toTensor(yPred, this.name)));
      if (t.rank !== 2 || p.rank !== 2 || t.shape[0] !== p.shape[0] || t.shape[1] !== p.shape[1]) {
        throw new ValueError(`R2Score expects 2D inputs of one shape (batch_size, output_dim). Received: y_true.shape=${fmt(t.shape)}, y_pred.shape=${fmt(p.shape)}`);
      }
      let w = sampleWeight == null ? ones(t.shape) : asFloat(toTensor(sampleWeight, this.name));
      if (w.rank === 1) w = reshape(w, [-1, 1]);
      w = broadcastTo(w, t.shape);
      const wt = mul(t, w);
      const parts = stack([wt, mul(t, wt), mul(squaredDifference(t, p), w), w], 1); // [N, 4, C]
      return { outputs: t.shape[1]!, size: t.size, sums: Float64Array.from(sum(parts, 0).buf.f32()) };
    });
    if (!this.outputs) {
      this.outputs = got.outputs;
      this.sums = [0, 1, 2, 3].map(() => new Float64Array(this.outputs));
    } else if (got.outputs !== this.outputs) {
      throw new ValueError(`${this.name}: expected ${this.outputs} outputs. Received: ${got.outputs}`);
    }
    for (let j = 0; j < 4; j++) for (let c = 0; c < this.outputs; c++) this.sums[j]![c]! += got.sums[j * this.outputs + c]!;
    this.numSamples += got.size;
  }

  /** R² per output (classAggregation null) or the aggregate as a one-element array. */
  results(): number[] {
    if (!this.outputs) return [0];
    const [s, sq, res, cnt] = this.sums as [Float64Array, Float64Array, Float64Array, Float64Array];
    const total = Array.from(s, (v, c) => sq[c]! - v * (v / cnt[c]!));
    const raw = total.map((tot, c) => {
      const r = 1 - res[c]! / tot;
      return Number.isFinite(r) || Number.isNaN(r) ? r : 0;
    });
    let r2: number[];
    if (this.classAggregation === 'uniform_average') r2 = [raw.reduce((a, b) => a + b, 0) / raw.length];
    else if (this.classAggregation === 'variance_weighted_average') r2 = [raw.reduce((a, v, c) => a + v * total[c]!, 0) / total.reduce((a, b) => a + b, 0)];
    else r2 = raw;
    const [n, k] = [this.numSamples, this.numRegressors];
    // Adjusted R²; Keras falls back to the plain score (with a warning) when n − k − 1 ≤ 0.
    if (k !== 0 && k < n - 1) r2 = r2.map((v) => 1 - ((1 - v) * (n - 1)) / (n - k - 1));
    return r2;
  }

  result(): number {
    if (this.classAggregation === null) {
      throw new ValueError(`${this.name}: with class_aggregation=null the score is per output; use results(). Received: class_aggregation=null`);
    }
    return this.results()[0]!;
  }

  resetState(): void {
    this.sums.forEach((v) => v.fill(0));
    this.numSamples = 0;
  }

  getState(): Record<string, number | number[]> {
    const [s, sq, res, cnt] = this.sums.map((v) => [...v]);
    return { sum: s ?? [], squared_sum: sq ?? [], residual: res ?? [], count: cnt ?? [], num_samples: this.numSamples };
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), class_aggregation: this.classAggregation, num_regressors: this.numRegressors };
  }
}

// Area under the ROC or PR curve (Keras `AUC`), approximated with a Riemann sum over
// confusion counts at `numThresholds` thresholds: −ε, 1/(K − 1), …, (K − 2)/(K − 1), 1 + ε.
// Counts accumulate over batches (float64 on the host); the area is computed in `result()`.
// PR with 'interpolation' uses Davis & Goadrich (2006) interpolation, as Keras does:
// https://www.biostat.wisc.edu/~page/rocpr.pdf

import { ValueError, fmt } from '../errors.js';
import { sigmoid } from '../ops/index.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import { confusionCounts, evenlyDistributed } from './confusion.js';
import { EPSILON } from '../losses/validate.js';
import { Metric, type MetricConfig, type MetricOptions } from './metric.js';

/** The curve {@link AUC} integrates: ROC, precision-recall, or precision-recall-gain. */
export type AUCCurve = 'ROC' | 'PR' | 'PRGAIN';
/** How {@link AUC} sums the curve between thresholds (Keras `summation_method`). */
export type AUCSummation = 'interpolation' | 'majoring' | 'minoring';

/** Options of {@link AUC} (Keras `metrics.AUC`, camelCase). */
export interface AUCOptions extends MetricOptions {
  /** Number of thresholds (> 1) when `thresholds` is not given. Default 200. */
  numThresholds?: number;
  /** 'ROC' (default), 'PR' or 'PRGAIN' (lower case accepted). */
  curve?: AUCCurve | Lowercase<AUCCurve>;
  /** 'interpolation' (default), 'majoring' or 'minoring'. */
  summationMethod?: AUCSummation | Capitalize<AUCSummation>;
  /** Explicit thresholds in [0, 1]; −ε and 1 + ε are added at the ends. */
  thresholds?: number[] | null;
  /** One curve per label (column), averaged. Default false. */
  multiLabel?: boolean;
  /** Number of labels when multiLabel (else taken from the first batch). */
  numLabels?: number | null;
  /** Weights of the labels in the average (multi-label) or of each label's entries (pooled). */
  labelWeights?: number[] | null;
  /** Apply a sigmoid to yPred first. Default false. */
  fromLogits?: boolean;
}

const divNoNan = (a: number, b: number) => (b === 0 ? 0 : a / b);

function parseCurve(c: string): AUCCurve {
  const u = c.toUpperCase();
  if (u === 'ROC' || u === 'PR' || u === 'PRGAIN') return u;
  throw new ValueError(`AUC: invalid \`curve\`. Expected one of 'ROC', 'PR', 'PRGAIN'. Received: curve=${fmt(c)}`);
}

function parseSummation(s: string): AUCSummation {
  const l = s.toLowerCase();
  if (l === 'interpolation' || l === 'majoring' || l === 'minoring') return l;
  throw new ValueError(`AUC: invalid \`summation_method\`. Expected one of 'interpolation', 'majoring', 'minoring'. Received: summation_method=${fmt(s)}`);
}

/**
 * Approximate area under the ROC or precision-recall curve (Keras `AUC`).
 * @param numThresholds Default 200.
 * @param curve Default 'ROC'.
 * @param summationMethod Default 'interpolation'.
 * @example const auc = new AUC(); auc.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]); auc.result(); // 0.75
 */
export class AUC extends Metric {
  /** Number of thresholds (> 1) when `thresholds` is not given. Default 200. */
  readonly numThresholds: number;
  /** 'ROC' (default), 'PR' or 'PRGAIN' (lower case accepted). */
  readonly curve: AUCCurve;
  /** 'interpolation' (default), 'majoring' or 'minoring'. */
  readonly summationMethod: AUCSummation;
  /** One curve per label (column), averaged. Default false. */
  readonly multiLabel: boolean;
  /** Number of labels when multiLabel (else taken from the first batch). */
  readonly numLabels: number | null;
  /** Weights of the labels in the average (multi-label) or of each label's entries (pooled). */
  readonly labelWeights: number[] | null;
  /** Apply a sigmoid to yPred first. Default false. */
  readonly fromLogits: boolean;
  /** Every threshold, ends included. */
  readonly thresholds: number[];
  private readonly initFromThresholds: boolean;
  private readonly evenly: boolean;
  private labels: number | null;
  private tp = new Float64Array(0);
  private fp = new Float64Array(0);
  private tn = new Float64Array(0);
  private fn = new Float64Array(0);

  constructor(opts: AUCOptions = {}) {
    super(opts, 'auc');
    this.direction = 'up';
    this.curve = parseCurve(opts.curve ?? 'ROC');
    this.summationMethod = parseSummation(opts.summationMethod ?? 'interpolation');
    this.initFromThresholds = opts.thresholds != null;
    let inner: number[];
    if (opts.thresholds != null) {
      inner = [...opts.thresholds].sort((a, b) => a - b);
      if (inner.some((t) => typeof t !== 'number' || !(t >= 0 && t <= 1))) {
        throw new ValueError(`AUC: threshold values must be in [0, 1]. Received: thresholds=${fmt(opts.thresholds)}`);
      }
      this.numThresholds = inner.length + 2;
      this.evenly = evenlyDistributed([0, ...inner, 1]);
    } else {
      const n = opts.numThresholds ?? 200;
      if (!Number.isInteger(n) || n <= 1) throw new ValueError(`AUC: \`num_thresholds\` must be an integer > 1. Received: num_thresholds=${fmt(n)}`);
      this.numThresholds = n;
      inner = Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1));
      this.evenly = true;
    }
    this.thresholds = [0 - EPSILON, ...inner, 1 + EPSILON];
    this.multiLabel = opts.multiLabel ?? false;
    this.numLabels = opts.numLabels ?? null;
    if (!this.multiLabel && this.numLabels) throw new ValueError(`AUC: \`num_labels\` is needed only when \`multi_label\` is true. Received: num_labels=${this.numLabels}`);
    this.labelWeights = opts.labelWeights ? [...opts.labelWeights] : null;
    this.fromLogits = opts.fromLogits ?? false;
    this.labels = this.multiLabel ? this.numLabels : 1;
    if (this.labels !== null) this.allocate(this.labels);
  }

  private allocate(labels: number): void {
    const n = this.numThresholds * labels;
    [this.tp, this.fp, this.tn, this.fn] = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  }

  updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void {
    if (yPred == null) throw new ValueError(`${this.name}.updateState: expected (yTrue, yPred, sampleWeight?). Received: yPred=${fmt(yPred)}`);
    const c = this.compute(() => {
      let p = toTensor(yPred, this.name);
      if (this.multiLabel) {
        if (p.rank !== 2) throw new ValueError(`${this.name}: y_pred must have rank 2 when multi_label is true. Received: y_pred.shape=${fmt(p.shape)}`);
        if (this.labels === null) {
          this.labels = p.shape[1]!;
          this.allocate(this.labels);
        } else if (p.shape[1] !== this.labels) {
          throw new ValueError(`${this.name}: expected ${this.labels} labels. Received: y_pred.shape=${fmt(p.shape)}`);
        }
      }
      if (this.fromLogits) p = sigmoid(p);
      return confusionCounts(this.name, yTrue, p, this.thresholds, {
        sampleWeight, multiLabel: this.multiLabel, labelWeights: this.multiLabel ? null : this.labelWeights, evenly: this.evenly,
      });
    });
    for (let i = 0; i < this.tp.length; i++) {
      this.tp[i]! += c.tp[i]!;
      this.fp[i]! += c.fp[i]!;
      this.tn[i]! += c.tn[i]!;
      this.fn[i]! += c.fn[i]!;
    }
  }

  result(): number {
    const labels = this.labels ?? 0;
    if (labels === 0) return 0;
    const per: number[] = [];
    for (let l = 0; l < labels; l++) per.push(this.areaOf(l, labels));
    if (!this.multiLabel) return per[0]!;
    if (!this.labelWeights) return per.reduce((a, b) => a + b, 0) / labels;
    const wsum = this.labelWeights.reduce((a, b) => a + b, 0);
    return divNoNan(per.reduce((a, v, i) => a + v * (this.labelWeights![i] ?? 0), 0), wsum);
  }

  /** The area for label column `l` of [K, labels] counts. */
  private areaOf(l: number, labels: number): number {
    const k = this.numThresholds;
    const at = (a: Float64Array, i: number) => a[i * labels + l]!;
    if (this.curve === 'PR' && this.summationMethod === 'interpolation') return this.interpolatePr(l, labels);
    const x = new Float64Array(k), y = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const tp = at(this.tp, i), fp = at(this.fp, i), tn = at(this.tn, i), fn = at(this.fn, i);
      const recall = divNoNan(tp, tp + fn);
      if (this.curve === 'ROC') {
        x[i] = divNoNan(fp, fp + tn);
        y[i] = recall;
      } else if (this.curve === 'PR') {
        x[i] = recall;
        y[i] = divNoNan(tp, tp + fp);
      } else {
        // PR-gain (Flach & Kull 2015), with Keras's fixes for empty TP and negative gains.
        const scale = divNoNan(tp + fn, tn + fp);
        x[i] = tp === 0 ? 0 : Math.max(1 - scale * divNoNan(fn, tp), 0);
        y[i] = tp === 0 ? 1 : 1 - scale * divNoNan(fp, tp);
      }
    }
    let area = 0;
    for (let i = 0; i < k - 1; i++) {
      const h = this.summationMethod === 'interpolation' ? (y[i]! + y[i + 1]!) / 2
        : this.summationMethod === 'minoring' ? Math.min(y[i]!, y[i + 1]!) : Math.max(y[i]!, y[i + 1]!);
      area += (x[i]! - x[i + 1]!) * h;
    }
    return area;
  }

  /** Keras `interpolate_pr_auc`: precision interpolated linearly in TP between thresholds. */
  private interpolatePr(l: number, labels: number): number {
    const k = this.numThresholds;
    const tp = (i: number) => this.tp[i * labels + l]!;
    const p = (i: number) => tp(i) + this.fp[i * labels + l]!;
    let area = 0;
    for (let i = 0; i < k - 1; i++) {
      const dtp = tp(i) - tp(i + 1);
      const dp = p(i) - p(i + 1);
      const slope = divNoNan(dtp, Math.max(dp, 0));
      const intercept = tp(i + 1) - slope * p(i + 1);
      const ratio = p(i) > 0 && p(i + 1) > 0 ? divNoNan(p(i), Math.max(p(i + 1), 0)) : 1;
      area += divNoNan(slope * (dtp + intercept * Math.log(ratio)), Math.max(tp(i + 1) + this.fn[(i + 1) * labels + l]!, 0));
    }
    return area;
  }

  resetState(): void {
    if (this.labels !== null) this.allocate(this.labels);
  }

  getState(): Record<string, number[]> {
    return { true_positives: [...this.tp], false_positives: [...this.fp], true_negatives: [...this.tn], false_negatives: [...this.fn] };
  }

  override getConfig(): MetricConfig {
    const config: MetricConfig = {
      ...super.getConfig(), num_thresholds: this.numThresholds, curve: this.curve, summation_method: this.summationMethod,
      multi_label: this.multiLabel, num_labels: this.numLabels, label_weights: this.labelWeights, from_logits: this.fromLogits,
    };
    if (this.initFromThresholds) config.thresholds = this.thresholds.slice(1, -1);
    return config;
  }
}

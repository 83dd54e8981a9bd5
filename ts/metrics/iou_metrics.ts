// Intersection-over-union metrics for segmentation (Keras `iou_metrics.py`): a running
// [classes, classes] confusion matrix (rows: true class, columns: predicted class) built with
// one segment-sum per batch, and IoU_c = TP_c / (TP_c + FP_c + FN_c) averaged over the
// target classes that occurred.
// Unlike Keras (integer state by default, which truncates float sample weights, with a
// warning), weights stay float here.

import { ValueError, fmt } from '../errors.js';
import { add, argmax, cast, greaterEqual, lessEqual, mul, mulScalar, notEqual, reshape, where } from '../ops/index.js';
import { empty } from '../ops/op.js';
import { check, ex } from '../ops/raw.js';
import { EPSILON, asFloat } from '../losses/validate.js';
import { ones, scalar, toTensor, type TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Metric, type MetricConfig, type MetricOptions } from './metric.js';

/** Options of {@link IoU} and its variants (Keras `metrics.IoU`, camelCase). */
export interface IoUOptions extends MetricOptions {
  /** Number of classes (the confusion matrix is classes × classes). */
  numClasses: number;
  /** The classes whose IoU is averaged. */
  targetClassIds: number[];
  /** A true label to leave out (e.g. a void class). Default none. */
  ignoreClass?: number | null;
  /** yTrue holds class ids (true) or scores to argmax over `axis` (false). Default true. */
  sparseYTrue?: boolean;
  /** yPred holds class ids (true) or scores to argmax over `axis` (false). Default true. */
  sparseYPred?: boolean;
  /** The class (or feature) axis the metric reduces over. Default -1. */
  axis?: number;
}

/**
 * IoU averaged over `targetClassIds` (Keras `IoU`).
 * @example new IoU({ numClasses: 2, targetClassIds: [0] })
 */
export class IoU extends Metric {
  /** Number of classes (the confusion matrix is classes × classes). */
  readonly numClasses: number;
  /** Default [0, 1]. */
  readonly targetClassIds: number[];
  /** A true label to leave out (e.g. a void class). Default none. */
  readonly ignoreClass: number | null;
  /** yTrue holds class ids (true) or scores to argmax over `axis` (false). Default true. */
  readonly sparseYTrue: boolean;
  /** yPred holds class ids (true) or scores to argmax over `axis` (false). Default true. */
  readonly sparseYPred: boolean;
  /** The class (or feature) axis the metric reduces over. Default -1. */
  readonly axis: number;
  /** The accumulated classes × classes confusion matrix, row-major. */
  protected cm: Float64Array;

  constructor(opts: IoUOptions, defaultName = 'io_u') {
    super(opts, defaultName);
    this.direction = 'up';
    const cls = this.constructor.name;
    const n = opts?.numClasses;
    if (!Number.isInteger(n) || n < 1) throw new ValueError(`${cls}: \`num_classes\` must be a positive integer. Received: num_classes=${fmt(n)}`);
    const ids = opts.targetClassIds;
    if (!Array.isArray(ids) || ids.length === 0 || ids.some((c) => !Number.isInteger(c) || c < 0 || c >= n)) {
      throw new ValueError(`${cls}: \`target_class_ids\` must be class ids in [0, ${n}). Received: target_class_ids=${fmt(ids)}`);
    }
    this.numClasses = n;
    this.targetClassIds = [...ids];
    this.ignoreClass = opts.ignoreClass ?? null;
    this.sparseYTrue = opts.sparseYTrue ?? true;
    this.sparseYPred = opts.sparseYPred ?? true;
    this.axis = opts.axis ?? -1;
    this.cm = new Float64Array(n * n);
  }

  /** Class ids from yPred (BinaryIoU thresholds instead). */
  protected predictedIds(p: Tensor): Tensor {
    return this.sparseYPred ? p : argmax(p, this.axis);
  }

  updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void {
    if (yPred == null) throw new ValueError(`${this.name}.updateState: expected (yTrue, yPred, sampleWeight?). Received: yPred=${fmt(yPred)}`);
    const n = this.numClasses;
    const batch = this.compute(() => {
      let t = toTensor(yTrue, this.name);
      if (!this.sparseYTrue) t = argmax(t, this.axis);
      // Class ids as integers (float ids truncate, as Keras's cast to int does).
      const ti = asFloat(cast(t, 'int32'));
      const pi = asFloat(cast(this.predictedIds(toTensor(yPred, this.name)), 'int32'));
      if (ti.size !== pi.size) {
        throw new ValueError(`${this.name}: y_true and y_pred must hold the same number of class ids. ` +
          `Received: ${ti.size} and ${pi.size} (y_true.shape=${fmt(ti.shape)}, y_pred.shape=${fmt(pi.shape)})`);
      }
      const m = ti.size;
      const [tf, pf] = [reshape(ti, [m]), reshape(pi, [m])];
      let w = sampleWeight == null ? ones([m]) : reshape(asFloat(toTensor(sampleWeight, this.name)), [-1]);
      if (w.size === 1 && m !== 1) w = mul(ones([m]), w);
      if (w.size !== m) throw new ValueError(`${this.name}: sample_weight must have one weight per class id (${m}). Received: ${w.size}`);
      // Out-of-range ids (and ignoreClass) get weight 0 and are binned in cell 0.
      const inRange = (x: Tensor) => mul(greaterEqual(x, scalar(0)), lessEqual(x, scalar(n - 1)));
      let valid = mul(inRange(tf), inRange(pf));
      if (this.ignoreClass !== null) valid = mul(valid, notEqual(tf, scalar(this.ignoreClass)));
      const ids = cast(where(valid, add(mulScalar(tf, n), pf), scalar(0)), 'int32');
      const out = empty([n * n, 1], 'float32', 'iou confusion');
      out.buf.f32().fill(0);
      if (m > 0) check('segmentSum', ex().kx_scatter_add(mul(w, valid).buf.ptr, ids.buf.ptr, out.buf.ptr, 1, m, n * n, 1));
      return Float64Array.from(out.buf.f32());
    });
    for (let i = 0; i < batch.length; i++) this.cm[i]! += batch[i]!;
  }

  result(): number {
    const n = this.numClasses;
    let total = 0, valid = 0;
    for (const c of this.targetClassIds) {
      let row = 0, col = 0;
      for (let k = 0; k < n; k++) {
        row += this.cm[c * n + k]!;
        col += this.cm[k * n + c]!;
      }
      const tp = this.cm[c * n + c]!;
      const denom = row + col - tp;
      if (denom > 1e-9) {
        total += tp / (denom + EPSILON);
        valid++;
      }
    }
    return total / (valid + EPSILON);
  }

  resetState(): void {
    this.cm.fill(0);
  }

  getState(): Record<string, number[]> {
    return { total_confusion_matrix: [...this.cm] };
  }

  override getConfig(): MetricConfig {
    return {
      ...super.getConfig(), num_classes: this.numClasses, target_class_ids: this.targetClassIds, ignore_class: this.ignoreClass,
      sparse_y_true: this.sparseYTrue, sparse_y_pred: this.sparseYPred, axis: this.axis,
    };
  }
}

/** Options of {@link BinaryIoU} (Keras `metrics.BinaryIoU`). */
export interface BinaryIoUOptions extends MetricOptions {
  /** Default [0, 1]. */
  targetClassIds?: number[];
  /** Predictions ≥ threshold are class 1. Default 0.5. */
  threshold?: number;
}

/** IoU of binary predictions thresholded at `threshold` (Keras `BinaryIoU`). */
export class BinaryIoU extends IoU {
  /** Predictions ≥ threshold are class 1. Default 0.5. */
  readonly threshold: number;

  constructor(opts: BinaryIoUOptions = {}) {
    super({ ...opts, numClasses: 2, targetClassIds: opts.targetClassIds ?? [0, 1] }, 'binary_io_u');
    this.threshold = opts.threshold ?? 0.5;
  }

  protected override predictedIds(p: Tensor): Tensor {
    return greaterEqual(asFloat(p), scalar(this.threshold));
  }

  override getConfig(): MetricConfig {
    return { name: this.name, dtype: this.dtype, target_class_ids: this.targetClassIds, threshold: this.threshold };
  }
}

/** IoU averaged over every class (Keras `MeanIoU`). */
export class MeanIoU extends IoU {
  constructor(opts: Omit<IoUOptions, 'targetClassIds'>, defaultName = 'mean_io_u') {
    super({ ...opts, targetClassIds: Array.from({ length: opts?.numClasses > 0 ? opts.numClasses : 0 }, (_, i) => i) }, defaultName);
  }

  override getConfig(): MetricConfig {
    const { target_class_ids: _ids, ...rest } = super.getConfig();
    return rest as MetricConfig;
  }
}

/** IoU with one-hot yTrue (Keras `OneHotIoU`). */
export class OneHotIoU extends IoU {
  constructor(opts: Omit<IoUOptions, 'sparseYTrue'>) {
    super({ sparseYPred: false, ...opts, sparseYTrue: false }, 'one_hot_io_u');
  }
}

/** MeanIoU with one-hot yTrue (Keras `OneHotMeanIoU`). */
export class OneHotMeanIoU extends MeanIoU {
  constructor(opts: Omit<IoUOptions, 'targetClassIds' | 'sparseYTrue'>) {
    super({ sparseYPred: false, ...opts, sparseYTrue: false }, 'one_hot_mean_io_u');
  }
}

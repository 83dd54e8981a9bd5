// Accuracy metrics (Keras `accuracy_metrics.py`): per-sample 1/0 matches, averaged by Mean.
//   accuracy             t == p
//   binary_accuracy      t == (p > threshold)
//   categorical_accuracy argmax(t) == argmax(p)
//   sparse_categorical_accuracy          t == argmax(p)
//   (sparse_)top_k_categorical_accuracy  1 + #{classes scoring above the label} ≤ k

import { ValueError, fmt } from '../errors.js';
import { argmax, equal, greater, lessEqual, mul, oneHot, reshape, sum } from '../ops/index.js';
import { squeezeOrExpandToSameRank } from '../losses/reduction.js';
import { asFloat, sparseLabels } from '../losses/validate.js';
import { engine } from '../tensor/engine.js';
import { scalar, toTensor, type TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import type { MetricConfig, MetricOptions } from './metric.js';
import { MeanMetricWrapper, dropTrailingOne } from './reduction_metrics.js';
import { sparseAccuracyCount } from './accuracy_count.js';

function pair(op: string, yTrue: TensorLike, yPred: TensorLike): [Tensor, Tensor] {
  return squeezeOrExpandToSameRank(asFloat(toTensor(yTrue, op)), asFloat(toTensor(yPred, op)));
}

/** 1 where yTrue equals yPred exactly. */
export function accuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return engine.tidy(() => equal(...pair('accuracy', yTrue, yPred)));
}

/** 1 where yTrue equals (yPred > threshold). */
export function binaryAccuracy(yTrue: TensorLike, yPred: TensorLike, threshold = 0.5): Tensor {
  return engine.tidy(() => {
    const [t, p] = pair('binary_accuracy', yTrue, yPred);
    return equal(t, greater(p, scalar(threshold)));
  });
}

function classAxis(op: string, yPred: Tensor): void {
  if (yPred.rank < 1) throw new ValueError(`${op}: y_pred must have a class axis. Received: y_pred.shape=${fmt(yPred.shape)}`);
}

/** 1 where argmax(yTrue) equals argmax(yPred) over the last axis. */
export function categoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const op = 'categorical_accuracy';
  return engine.tidy(() => {
    const t = toTensor(yTrue, op);
    const p = toTensor(yPred, op);
    classAxis(op, p);
    return equal(argmax(t, -1), argmax(p, -1));
  });
}

/** 1 where the integer label yTrue ([b] or [b, 1]) equals argmax(yPred). */
export function sparseCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const op = 'sparse_categorical_accuracy';
  return engine.tidy(() => {
    let t = toTensor(yTrue, op);
    const p = toTensor(yPred, op);
    classAxis(op, p);
    if (t.rank === p.rank && t.shape.at(-1) === 1) t = reshape(t, t.shape.slice(0, -1));
    return dropTrailingOne(equal(t, argmax(p, -1)));
  });
}

/** 1 where the label's score is among the k largest (ties count in the label's favour, as Keras's in_top_k). */
export function inTopK(labels: Tensor, yPred: Tensor, k: number): Tensor {
  return engine.tidy(() => {
    const c = yPred.shape.at(-1)!;
    const atLabel = sum(mul(asFloat(yPred), oneHot(labels, c)), -1, true);
    const above = sum(greater(yPred, atLabel), -1);
    return lessEqual(above, scalar(k - 1));
  });
}

function checkK(op: string, k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new ValueError(`${op}: \`k\` must be a positive integer. Received: k=${fmt(k)}`);
  return k;
}

/** 1 where the one-hot target's class is among the k top-scoring predictions. */
export function topKCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike, k = 5): Tensor {
  const op = 'top_k_categorical_accuracy';
  checkK(op, k);
  return engine.tidy(() => {
    const p = toTensor(yPred, op);
    classAxis(op, p);
    return inTopK(argmax(toTensor(yTrue, op), -1), p, k);
  });
}

/** 1 where the integer label is among the k top-scoring predictions. */
export function sparseTopKCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike, k = 5): Tensor {
  const op = 'sparse_top_k_categorical_accuracy';
  checkK(op, k);
  return engine.tidy(() => {
    const p = asFloat(toTensor(yPred, op));
    classAxis(op, p);
    return inTopK(sparseLabels(op, yTrue, p).labels, p, k);
  });
}

/** How often predictions equal targets exactly (Keras `Accuracy`). */
export class Accuracy extends MeanMetricWrapper {
  constructor(opts: MetricOptions = {}) {
    super(accuracy, opts, 'accuracy');
    this.direction = 'up';
  }
}

/** Options of {@link BinaryAccuracy} (Keras `metrics.BinaryAccuracy`). */
export interface BinaryAccuracyOptions extends MetricOptions {
  /** Predictions above it count as 1. Default 0.5. */
  threshold?: number;
}

/**
 * How often (yPred > threshold) equals the 0/1 target (Keras `BinaryAccuracy`).
 * @param threshold Default 0.5.
 */
export class BinaryAccuracy extends MeanMetricWrapper {
  /** Predictions above it count as 1. Default 0.5. */
  readonly threshold: number;

  constructor(opts: BinaryAccuracyOptions = {}) {
    const threshold = opts.threshold ?? 0.5;
    super((t, p) => binaryAccuracy(t, p, threshold), opts, 'binary_accuracy');
    this.threshold = threshold;
    this.direction = 'up';
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), threshold: this.threshold };
  }
}

/** How often argmax(yPred) is the one-hot target's class (Keras `CategoricalAccuracy`). */
export class CategoricalAccuracy extends MeanMetricWrapper {
  constructor(opts: MetricOptions = {}) {
    super(categoricalAccuracy, opts, 'categorical_accuracy');
    this.direction = 'up';
  }
}

/** How often argmax(yPred) is the integer label (Keras `SparseCategoricalAccuracy`). */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  constructor(opts: MetricOptions = {}) {
    super(sparseCategoricalAccuracy, opts, 'sparse_categorical_accuracy');
    this.direction = 'up';
  }

  override updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void {
    // The unweighted per-step case (fit's) is counted on the host; the same total and count.
    const r = sampleWeight == null ? sparseAccuracyCount(yTrue, yPred) : null;
    if (!r) return super.updateState(yTrue, yPred, sampleWeight);
    this.total += r.total;
    this.count += r.count;
  }
}

/** Options of {@link TopKCategoricalAccuracy} and {@link SparseTopKCategoricalAccuracy}. */
export interface TopKOptions extends MetricOptions {
  /** How many top predictions count. Default 5. */
  k?: number;
}

/**
 * How often the one-hot target's class is in the top k predictions (Keras `TopKCategoricalAccuracy`).
 * @param k Default 5.
 */
export class TopKCategoricalAccuracy extends MeanMetricWrapper {
  /** How many top predictions count. Default 5. */
  readonly k: number;

  constructor(opts: TopKOptions = {}) {
    const k = checkK('TopKCategoricalAccuracy', opts.k ?? 5);
    super((t, p) => topKCategoricalAccuracy(t, p, k), opts, 'top_k_categorical_accuracy');
    this.k = k;
    this.direction = 'up';
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), k: this.k };
  }
}

/**
 * How often the integer label is in the top k predictions (Keras `SparseTopKCategoricalAccuracy`).
 * @param k Default 5.
 */
export class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  /** How many top predictions count. Default 5. */
  readonly k: number;

  constructor(opts: TopKOptions = {}) {
    const k = checkK('SparseTopKCategoricalAccuracy', opts.k ?? 5);
    super((t, p) => sparseTopKCategoricalAccuracy(t, p, k), opts, 'sparse_top_k_categorical_accuracy');
    this.k = k;
    this.direction = 'up';
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), k: this.k };
  }
}

// 'accuracy' / 'acc' as compile() understands it (Keras `compile_utils.get_metric`): binary,
// categorical or sparse categorical accuracy, chosen from the loss when it says, otherwise
// from the shapes of the first batch.

import { ValueError, fmt } from '../errors.js';
import { targetKindForShapes, type TargetKind } from '../losses/auto_crossentropy.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import { BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy } from './accuracy_metrics.js';
import { Metric, type MetricConfig, type MetricOptions } from './metric.js';

/** Which accuracy `'accuracy'` resolves to for the loss in use: binary, categorical or sparse categorical. */
export type AccuracyKind = TargetKind;

/** Keras `is_binary_or_sparse_categorical`: a 1-unit output is binary; fewer target axes (or a trailing 1) is sparse. */
export const accuracyKindForShapes = targetKindForShapes;

/** The accuracy metric of one kind, named `name`. */
export function accuracyOfKind(kind: AccuracyKind, name: string): Metric {
  if (kind === 'binary') return new BinaryAccuracy({ name });
  if (kind === 'sparse_categorical') return new SparseCategoricalAccuracy({ name });
  return new CategoricalAccuracy({ name });
}

/** Accuracy whose kind is decided by the first batch's shapes. */
export class AutoAccuracy extends Metric {
  private inner: Metric | null = null;

  constructor(opts: MetricOptions = {}) {
    super(opts, 'accuracy');
    this.direction = 'up';
  }

  /** The metric chosen on the first update (null before). */
  get resolved(): Metric | null {
    return this.inner;
  }

  updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void {
    if (yPred == null) throw new ValueError(`${this.name}.updateState: expected (yTrue, yPred, sampleWeight?). Received: yPred=${fmt(yPred)}`);
    if (!this.inner) {
      const t = toTensor(yTrue, this.name);
      const p = toTensor(yPred, this.name);
      this.inner = accuracyOfKind(accuracyKindForShapes(t.shape, p.shape), this.name);
      if (t !== yTrue) t.dispose();
      if (p !== yPred) p.dispose();
    }
    this.inner.updateState(yTrue, yPred, sampleWeight);
  }

  result(): number {
    return this.inner ? this.inner.result() : 0;
  }

  resetState(): void {
    this.inner?.resetState();
  }

  getState(): Record<string, number | number[]> {
    return this.inner ? this.inner.getState() : { total: 0, count: 0 };
  }

  override getConfig(): MetricConfig {
    return this.inner ? { ...this.inner.getConfig(), name: this.name } : super.getConfig();
  }
}

// Shared by callbacks that watch one metric for improvement (Keras
// `callbacks/monitor_callback.py`): resolves the direction and compares with min_delta.

import { ValueError, fmt } from '../errors.js';
import { Callback } from './callback.js';

/**
 * Whether the monitored quantity should go down (`'min'`), up (`'max'`), or `'auto'`: up for names containing `acc`, `auc`, `precision`, `recall`, …, down otherwise (Keras `mode`).
 */
export type MonitorMode = 'auto' | 'min' | 'max';

// Keras 3 reads the direction from the metric objects (`Metric._direction`); these are the
// names of its built-in metrics with a direction, plus the short aliases compile() accepts.
const HIGHER_IS_BETTER = new Set([
  'acc', 'accuracy', 'binary_accuracy', 'categorical_accuracy', 'sparse_categorical_accuracy',
  'top_k_categorical_accuracy', 'sparse_top_k_categorical_accuracy', 'auc', 'precision', 'recall',
  'precision_at_recall', 'recall_at_precision', 'sensitivity_at_specificity', 'specificity_at_sensitivity',
  'f1_score', 'fbeta_score', 'r2_score', 'cosine_similarity', 'pearson_correlation', 'concordance_correlation',
  'io_u', 'binary_io_u', 'mean_io_u', 'one_hot_io_u', 'one_hot_mean_io_u',
]);
const LOWER_IS_BETTER = new Set([
  'loss', 'mean_squared_error', 'mse', 'mean_absolute_error', 'mae', 'mean_absolute_percentage_error', 'mape',
  'mean_squared_logarithmic_error', 'msle', 'root_mean_squared_error', 'rmse', 'binary_crossentropy',
  'categorical_crossentropy', 'sparse_categorical_crossentropy', 'kl_divergence', 'kld', 'poisson', 'logcosh',
  'hinge', 'squared_hinge', 'categorical_hinge',
]);

/**
 * 'max' or 'min' for a monitored name in 'auto' mode, or undefined when unknown. The `val_`
 * prefix and an output-name prefix (`out1_accuracy`) are ignored.
 */
export function inferDirection(monitor: string): 'min' | 'max' | undefined {
  const name = monitor.replace(/^val_/, '');
  const parts = name.split('_');
  for (let i = 0; i < parts.length; i++) {
    const suffix = parts.slice(i).join('_');
    if (HIGHER_IS_BETTER.has(suffix)) return 'max';
    if (LOWER_IS_BETTER.has(suffix)) return 'min';
  }
  return undefined;
}

/** Base class for callbacks that compare a monitored value with the best one seen. */
export class MonitorCallback extends Callback {
  /** The log key watched, e.g. `'val_loss'`. */
  readonly monitor: string;
  /** The mode as given (`'auto'` is resolved against the monitor name). */
  readonly mode: MonitorMode;
  /** The best value so far (undefined before the first). */
  best: number | undefined;
  private readonly owner: string;
  private readonly absMinDelta: number;
  private direction: 'min' | 'max' | undefined;

  constructor(owner: string, monitor: string, mode: MonitorMode, minDelta: number) {
    super();
    if (typeof monitor !== 'string' || monitor === '') {
      throw new ValueError(`${owner}: \`monitor\` must be a non-empty metric name. Received: monitor=${fmt(monitor)}`);
    }
    if (mode !== 'auto' && mode !== 'min' && mode !== 'max') {
      throw new ValueError(`${owner}: \`mode\` must be one of 'auto', 'min', 'max'. Received: mode=${fmt(mode)}`);
    }
    if (typeof minDelta !== 'number' || Number.isNaN(minDelta)) {
      throw new ValueError(`${owner}: \`minDelta\` must be a number. Received: minDelta=${fmt(minDelta)}`);
    }
    this.owner = owner;
    this.monitor = monitor;
    this.mode = mode;
    this.absMinDelta = Math.abs(minDelta);
    this.direction = mode === 'auto' ? inferDirection(monitor) : mode;
  }

  /**
   * 'min' or 'max'. A name the built-in table does not know is looked up in the model's
   * metrics (their `direction`), as Keras does, once the model is attached.
   */
  protected resolveDirection(): 'min' | 'max' {
    if (this.direction !== undefined) return this.direction;
    const name = this.monitor.replace(/^val_/, '');
    const metric = this.hasModel ? this.model.metrics?.find((m) => m.name === name && m.direction) : undefined;
    if (metric) return (this.direction = metric.direction === 'up' ? 'max' : 'min');
    throw new ValueError(
      `${this.owner} callback received monitor=${this.monitor}, but kerasm isn't able to automatically determine ` +
      "whether that metric should be maximized or minimized. Pass `mode: 'max'` in order to monitor based on the " +
      "highest metric value, or pass `mode: 'min'` in order to use the lowest value.",
    );
  }

  /** Whether `current` beats `reference` by more than minDelta (always true with no reference). */
  protected isImprovement(current: number, reference: number | undefined): boolean {
    if (reference === undefined) return true;
    return this.resolveDirection() === 'min'
      ? current + this.absMinDelta < reference
      : current - this.absMinDelta > reference;
  }

  /** `logs[monitor]`, or undefined after a warning that lists the available keys. */
  protected monitorValue(logs: Record<string, number>, what: string): number | undefined {
    this.resolveDirection();
    const v = logs[this.monitor];
    if (v === undefined) {
      console.warn(`${what} conditioned on metric \`${this.monitor}\` which is not available. Available metrics are: ${Object.keys(logs).join(',')}`);
    }
    return v;
  }
}

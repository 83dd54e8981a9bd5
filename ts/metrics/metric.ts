// The Metric base class (Keras `keras.metrics.Metric`): state that accumulates over an
// epoch. Updates run without recording gradients and free every tensor they create; the
// state itself is plain float64 numbers, read back from one or two small reductions per batch.

import { engine } from '../tensor/engine.js';
import type { TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/** A metric's Keras `get_config()`: `name`, `dtype` and the class's own (snake_case) keys. */
export type MetricConfig = Record<string, unknown> & { name: string; dtype: 'float32' };

/** Options every metric takes (Keras `name`; kerasm metrics are float32). */
export interface MetricOptions {
  /** Default: the metric's snake_case name, e.g. 'binary_accuracy'. */
  name?: string;
}

/**
 * Base class of every metric: `updateState` once per batch, `result()` at any time,
 * `resetState()` between epochs.
 * @example
 * const m = new BinaryAccuracy();
 * m.updateState([[1], [0]], [[0.9], [0.7]]);
 * m.result(); // 0.5
 */
export abstract class Metric {
  /** Name of the metric, the key in logs (default the Keras snake_case name). */
  name: string;
  /** Always `'float32'`: kerasm metrics accumulate in float32 (Keras `dtype`). */
  readonly dtype = 'float32' as const;
  /** Whether larger values are better ('up', accuracy) or worse ('down', errors). */
  direction: 'up' | 'down' | null = null;

  constructor(opts: MetricOptions = {}, defaultName = 'metric') {
    this.name = opts.name ?? defaultName;
  }

  /** Accumulates one batch: (yTrue, yPred, sampleWeight?) for most metrics, (values, sampleWeight?) for Mean/Sum. */
  abstract updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void;

  /** The metric's current value. */
  abstract result(): number;

  /** Clears the accumulated state. */
  abstract resetState(): void;

  /** The state, keyed like Keras's metric variables (e.g. `{ total, count }`). */
  abstract getState(): Record<string, number | number[]>;

  /** Keras-style config with snake_case keys. */
  getConfig(): MetricConfig {
    return { name: this.name, dtype: this.dtype };
  }

  /** Runs `fn` without a tape and frees every tensor it creates. */
  protected compute<T>(fn: () => T): T {
    return engine.withNoGrad(() => engine.tidy(fn));
  }
}

/** The single value of a one-element tensor. */
export function scalarOf(t: Tensor): number {
  return t.buf.view()[0]!;
}

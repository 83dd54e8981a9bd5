// The base class of every callback (Keras `callbacks/callback.py`).

import { ValueError } from '../errors.js';
import type { ModelLike } from './model_like.js';

/** Metric values of a batch or an epoch: `{loss, accuracy, val_loss, …}`. */
export type Logs = Record<string, number>;

/** What a hook returns: nothing, or a promise the caller awaits before going on. */
export type HookResult = void | Promise<void>;

/** Training parameters passed to every callback (Keras `callback.params`). */
export interface CallbackParams {
  /** Number of epochs `fit` runs. */
  epochs?: number;
  /** Batches per epoch; undefined or null when unknown. */
  steps?: number | null;
  /** Number of samples per epoch, when known. */
  samples?: number;
  /** The `verbose` argument of `fit`/`evaluate`/`predict`. */
  verbose?: 0 | 1 | 2 | 'auto';
  /** The batch size, when the data is batched by `fit`. */
  batchSize?: number;
  [key: string]: unknown;
}

/**
 * Base class for callbacks: override the hooks for the stages you care about.
 *
 * `fit`, `evaluate` and `predict` call the hooks of every callback in order and await each one,
 * so a hook may be synchronous or return a promise. Per-batch hooks that are not overridden cost
 * nothing: `CallbackList` skips them without calling them.
 *
 * @typeParam M The model type the callback expects; `ModelLike` by default.
 * @example
 * ```ts
 * class StopAt90 extends Callback {
 *   override onEpochEnd(epoch: number, logs: Logs) {
 *     if (logs.accuracy! >= 0.9) this.model.stopTraining = true;
 *   }
 * }
 * await model.fit(x, y, { epochs: 50, callbacks: [new StopAt90()] });
 * ```
 */
export class Callback<M extends ModelLike = ModelLike> {
  /** Training parameters (epochs, steps, verbose, …); set by `setParams`. */
  params: CallbackParams = {};
  private modelRef: M | undefined;

  /** Called by `fit`/`evaluate`/`predict` before any hook (Keras `set_params`). */
  setParams(params: CallbackParams): void {
    this.params = params;
  }

  /** Attaches the model (Keras `set_model`); `fit` does it for every callback it receives. */
  setModel(model: M): void {
    this.modelRef = model;
  }

  /** The model being trained; throws if the callback is not attached to one. */
  get model(): M {
    if (this.modelRef === undefined) {
      throw new ValueError(`${this.constructor.name}: no model is set. Pass the callback to fit(), or call setModel(model) first.`);
    }
    return this.modelRef;
  }

  /** Whether a model is attached (reading `model` otherwise throws). */
  get hasModel(): boolean {
    return this.modelRef !== undefined;
  }

  /** Called once when `fit` starts (Keras `on_train_begin`). */
  onTrainBegin(_logs: Logs): HookResult {}
  /**
   * Called once when `fit` ends, also when a callback stopped it early (Keras `on_train_end`). `logs` holds the last epoch's values.
   */
  onTrainEnd(_logs: Logs): HookResult {}
  /** Called at the start of each epoch, 0-based (Keras `on_epoch_begin`). */
  onEpochBegin(_epoch: number, _logs: Logs): HookResult {}
  /** `logs` holds the epoch's metrics and, with validation, the `val_` ones. Callbacks may add keys. */
  onEpochEnd(_epoch: number, _logs: Logs): HookResult {}
  /** Called when `evaluate` starts, and when `fit` starts its validation pass (Keras `on_test_begin`). */
  onTestBegin(_logs: Logs): HookResult {}
  /** Called when `evaluate` or a validation pass ends; `logs` holds the results (Keras `on_test_end`). */
  onTestEnd(_logs: Logs): HookResult {}
  /** Called when `predict` starts (Keras `on_predict_begin`). */
  onPredictBegin(_logs: Logs): HookResult {}
  /** Called when `predict` ends (Keras `on_predict_end`). */
  onPredictEnd(_logs: Logs): HookResult {}

  /** Backwards-compatible alias of `onTrainBatchBegin` (Keras `on_batch_begin`). */
  onBatchBegin(_batch: number, _logs: Logs): HookResult {}
  /** Backwards-compatible alias of `onTrainBatchEnd` (Keras `on_batch_end`). */
  onBatchEnd(_batch: number, _logs: Logs): HookResult {}

  /**
   * Called before each training batch, 0-based within the epoch (Keras `on_train_batch_begin`); calls `onBatchBegin` unless overridden.
   */
  onTrainBatchBegin(batch: number, logs: Logs): HookResult {
    return this.onBatchBegin(batch, logs);
  }

  /** `logs` holds the running means of the epoch's metrics up to this batch. */
  onTrainBatchEnd(batch: number, logs: Logs): HookResult {
    return this.onBatchEnd(batch, logs);
  }

  /** Called before each `evaluate`/validation batch (Keras `on_test_batch_begin`). */
  onTestBatchBegin(_batch: number, _logs: Logs): HookResult {}
  /** Called after each `evaluate`/validation batch with the running metric means (Keras `on_test_batch_end`). */
  onTestBatchEnd(_batch: number, _logs: Logs): HookResult {}
  /** Called before each `predict` batch (Keras `on_predict_batch_begin`). */
  onPredictBatchBegin(_batch: number, _logs: Logs): HookResult {}
  /** Called after each `predict` batch (Keras `on_predict_batch_end`). */
  onPredictBatchEnd(_batch: number, _logs: Logs): HookResult {}
}

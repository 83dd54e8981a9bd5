// Stops training as soon as the loss is NaN or infinite (Keras `callbacks/terminate_on_nan.py`).

import { Callback, type Logs } from './callback.js';
import { pyRepr } from './format.js';
import { printMsg } from './io.js';

/** Options of {@link TerminateOnNaN}. */
export interface TerminateOnNaNArgs {
  /** Throw instead of stopping gracefully (Keras `raise_error`). Default false. */
  raiseError?: boolean;
}

/**
 * Terminates training when a NaN or infinite loss is encountered.
 *
 * Checked after every training batch: by default it sets `model.stopTraining`, so `fit` ends after
 * the current batch and the remaining callbacks' `onEpochEnd`/`onTrainEnd` still run; with
 * `raiseError` it throws, which rejects the `fit` promise at once.
 *
 * @param args.raiseError Default false.
 * @example
 * ```ts
 * await model.fit(x, y, { epochs: 10, callbacks: [new callbacks.TerminateOnNaN()] });
 * ```
 */
export class TerminateOnNaN extends Callback {
  /** Throw instead of stopping gracefully (Keras `raise_error`). Default false. */
  readonly raiseError: boolean;

  constructor(args: TerminateOnNaNArgs = {}) {
    super();
    this.raiseError = args.raiseError ?? false;
  }

  override onTrainBatchEnd(batch: number, logs: Logs): void {
    const loss = logs.loss;
    if (loss === undefined || Number.isFinite(loss)) return;
    if (this.raiseError) {
      throw new Error(`NaN or Inf loss encountered at batch ${batch}. Loss value: ${pyRepr(loss)}. Terminating training immediately.`);
    }
    printMsg(`Batch ${batch}: Invalid loss, terminating training`);
    this.model.stopTraining = true;
  }
}

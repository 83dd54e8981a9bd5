// Records every epoch's logs (Keras `callbacks/history.py`). `fit` always adds one and
// returns it.

import { Callback, type Logs } from './callback.js';

/**
 * Records the logs of every epoch; `fit` adds one automatically and returns it.
 *
 * @example
 * ```ts
 * const history = await model.fit(x, y, { epochs: 3, validationSplit: 0.2 });
 * history.history.loss;     // [0.71, 0.42, 0.33]
 * history.history.val_loss; // [0.65, 0.45, 0.40]
 * history.epoch;            // [0, 1, 2]
 * ```
 */
export class History extends Callback {
  /** One array per log key, one entry per epoch (in `epoch` order). */
  history: Record<string, number[]> = {};
  /** The indices of the recorded epochs. */
  epoch: number[] = [];

  override onTrainBegin(): void {
    this.epoch = [];
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}

// Stops training when a monitored metric stops improving (Keras `callbacks/early_stopping.py`).

import { ValueError, fmt } from '../errors.js';
import type { Logs } from './callback.js';
import { printMsg } from './io.js';
import { MonitorCallback, type MonitorMode } from './monitor_callback.js';

/** Options of {@link EarlyStopping} (Keras `EarlyStopping` arguments, camelCase). */
export interface EarlyStoppingArgs {
  /** Quantity to monitor. Default 'val_loss'. */
  monitor?: string;
  /** A change smaller than this (in absolute value) does not count as an improvement. Default 0. */
  minDelta?: number;
  /** Epochs with no improvement after which training stops. Default 0. */
  patience?: number;
  /** 1 prints a message when the callback acts. Default 0. */
  verbose?: 0 | 1;
  /** 'min', 'max', or 'auto' (inferred from the metric name). Default 'auto'. */
  mode?: MonitorMode;
  /** Training stops unless the model beats this value within `patience` epochs. Default none. */
  baseline?: number;
  /** Restore the weights of the best epoch when training ends (stopped early or not). Default false. */
  restoreBestWeights?: boolean;
  /** Epochs to wait before monitoring starts (a warm-up). Default 0. */
  startFromEpoch?: number;
}

/**
 * Stops training when a monitored metric has stopped improving.
 *
 * At the end of every epoch the monitored value is compared with the best one so far; after
 * `patience` epochs without an improvement larger than `minDelta`, `model.stopTraining` is set.
 * With a `baseline`, an epoch only resets the patience counter if it also beats the baseline.
 * With `restoreBestWeights`, the weights of the best epoch are put back when training ends,
 * whether or not it stopped early; the best epoch may not beat the baseline.
 *
 * @param args.monitor Default 'val_loss'.
 * @param args.minDelta Default 0.
 * @param args.patience Default 0.
 * @param args.verbose Default 0.
 * @param args.mode Default 'auto': 'max' for accuracy-like metrics, 'min' for losses and errors.
 * @param args.baseline Default none.
 * @param args.restoreBestWeights Default false.
 * @param args.startFromEpoch Default 0.
 * @example
 * ```ts
 * // Stop when the loss has not improved for three consecutive epochs.
 * const stop = new callbacks.EarlyStopping({ monitor: 'loss', patience: 3 });
 * const history = await model.fit(x, y, { epochs: 10, callbacks: [stop] });
 * history.epoch.length; // ≤ 10
 * ```
 */
export class EarlyStopping extends MonitorCallback {
  /** Epochs with no improvement after which training stops. Default 0. */
  readonly patience: number;
  /** 1 prints a message when the callback acts. Default 0. */
  readonly verbose: number;
  /** Training stops unless the model beats this value within `patience` epochs. Default none. */
  readonly baseline: number | undefined;
  /** Restore the weights of the best epoch when training ends (stopped early or not). Default false. */
  readonly restoreBestWeights: boolean;
  /** Epochs to wait before monitoring starts (a warm-up). Default 0. */
  readonly startFromEpoch: number;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch at which training was stopped, or 0. */
  stoppedEpoch = 0;
  /** The epoch of the best value so far. */
  bestEpoch = 0;
  /** The weights of the best epoch so far (with `restoreBestWeights`), restored when training ends. */
  bestWeights: (Float32Array | Int32Array)[] | undefined;

  constructor(args: EarlyStoppingArgs = {}) {
    super('EarlyStopping', args.monitor ?? 'val_loss', args.mode ?? 'auto', args.minDelta ?? 0);
    const count = (name: keyof EarlyStoppingArgs, v: number) => {
      if (!Number.isInteger(v) || v < 0) throw new ValueError(`EarlyStopping: \`${name}\` must be a non-negative integer. Received: ${name}=${fmt(v)}`);
      return v;
    };
    this.patience = count('patience', args.patience ?? 0);
    this.startFromEpoch = count('startFromEpoch', args.startFromEpoch ?? 0);
    this.verbose = args.verbose ?? 0;
    if (args.baseline !== undefined && !Number.isFinite(args.baseline)) {
      throw new ValueError(`EarlyStopping: \`baseline\` must be a finite number. Received: baseline=${fmt(args.baseline)}`);
    }
    this.baseline = args.baseline;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
  }

  override onTrainBegin(): void {
    // The same instance may be reused across fit() calls.
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = undefined;
    this.bestWeights = undefined;
    this.bestEpoch = 0;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const current = this.monitorValue(logs, 'Early stopping');
    if (current === undefined || epoch < this.startFromEpoch) return;
    // Keras first snapshots the weights here when none are kept yet; the first monitored epoch
    // always counts as an improvement (there is no best yet), which snapshots them below anyway.
    this.wait += 1;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = this.model.getWeights();
      // Only restart the wait if we beat both the baseline and the previous best.
      if (this.baseline === undefined || this.isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) printMsg(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== undefined) {
      if (this.verbose > 0) printMsg(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.model.setWeights(this.bestWeights);
    }
  }
}

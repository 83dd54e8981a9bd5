// Lowers the learning rate when a metric has stopped improving (Keras
// `callbacks/reduce_lr_on_plateau.py`).

import { ValueError, fmt } from '../errors.js';
import type { Logs } from './callback.js';
import { pyRepr } from './format.js';
import { printMsg } from './io.js';
import { optimizerOf } from './model_like.js';
import { MonitorCallback, type MonitorMode } from './monitor_callback.js';

/** Options of {@link ReduceLROnPlateau} (Keras `ReduceLROnPlateau` arguments, camelCase). */
export interface ReduceLROnPlateauArgs {
  /** Quantity to monitor. Default 'val_loss'. */
  monitor?: string;
  /** new_lr = lr · factor; must be < 1. Default 0.1. */
  factor?: number;
  /** Epochs with no improvement after which the learning rate is reduced. Default 10. */
  patience?: number;
  /** 1 prints a message on every reduction. Default 0. */
  verbose?: 0 | 1;
  /** 'min', 'max', or 'auto' (inferred from the metric name). Default 'auto'. */
  mode?: MonitorMode;
  /** Threshold for measuring a new optimum. Default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. Default 0. */
  cooldown?: number;
  /** Lower bound on the learning rate. Default 0. */
  minLr?: number;
}

/**
 * Reduces the learning rate when a metric has stopped improving.
 *
 * Models often benefit from a 2–10× lower learning rate once learning stagnates. After
 * `patience` epochs without an improvement larger than `minDelta`, the optimizer's learning
 * rate is multiplied by `factor` (but not below `minLr`), then `cooldown` epochs pass before
 * epochs without improvement are counted again. Adds `learning_rate` to the epoch logs (the
 * value in effect during the epoch).
 *
 * @param args.monitor Default 'val_loss'.
 * @param args.factor Default 0.1.
 * @param args.patience Default 10.
 * @param args.verbose Default 0.
 * @param args.mode Default 'auto'.
 * @param args.minDelta Default 1e-4.
 * @param args.cooldown Default 0.
 * @param args.minLr Default 0.
 * @example
 * ```ts
 * const reduceLr = new callbacks.ReduceLROnPlateau({ monitor: 'val_loss', factor: 0.2, patience: 5, minLr: 0.001 });
 * await model.fit(x, y, { epochs: 50, validationSplit: 0.1, callbacks: [reduceLr] });
 * ```
 */
export class ReduceLROnPlateau extends MonitorCallback {
  /** new_lr = lr · factor; must be < 1. Default 0.1. */
  readonly factor: number;
  /** Epochs with no improvement after which the learning rate is reduced. Default 10. */
  readonly patience: number;
  /** 1 prints a message on every reduction. Default 0. */
  readonly verbose: number;
  /** Epochs to wait after a reduction before counting again. Default 0. */
  readonly cooldown: number;
  /** Lower bound on the learning rate. Default 0. */
  readonly minLr: number;
  /** Epochs left before counting resumes after a reduction. */
  cooldownCounter = 0;
  /** Epochs since the last improvement. */
  wait = 0;

  constructor(args: ReduceLROnPlateauArgs = {}) {
    super('ReduceLROnPlateau', args.monitor ?? 'val_loss', args.mode ?? 'auto', args.minDelta ?? 1e-4);
    const factor = args.factor ?? 0.1;
    if (typeof factor !== 'number' || !(factor >= 0 && factor < 1)) {
      throw new ValueError(`ReduceLROnPlateau does not support a factor >= 1.0 (or negative). Received: factor=${fmt(factor)}`);
    }
    const count = (name: keyof ReduceLROnPlateauArgs, v: number) => {
      if (!Number.isInteger(v) || v < 0) throw new ValueError(`ReduceLROnPlateau: \`${name}\` must be a non-negative integer. Received: ${name}=${fmt(v)}`);
      return v;
    };
    this.factor = factor;
    this.patience = count('patience', args.patience ?? 10);
    this.cooldown = count('cooldown', args.cooldown ?? 0);
    const minLr = args.minLr ?? 0;
    if (!Number.isFinite(minLr) || minLr < 0) {
      throw new ValueError(`ReduceLROnPlateau: \`minLr\` must be a non-negative number. Received: minLr=${fmt(minLr)}`);
    }
    this.minLr = minLr;
    this.verbose = args.verbose ?? 0;
  }

  /** Whether the callback is waiting out `cooldown` epochs after a reduction. */
  inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  override onTrainBegin(): void {
    this.best = undefined;
    this.cooldownCounter = 0;
    this.wait = 0;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const opt = optimizerOf(this.model, 'ReduceLROnPlateau');
    logs.learning_rate = opt.learningRate;
    const current = this.monitorValue(logs, 'Learning rate reduction');
    if (current === undefined) return;
    if (this.inCooldown()) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.wait = 0;
    } else if (!this.inCooldown()) {
      this.wait += 1;
      if (this.wait >= this.patience) {
        const oldLr = opt.learningRate;
        // Keras compares with min_lr in float32, the precision the optimizer stores the rate in.
        if (oldLr > Math.fround(this.minLr)) {
          const newLr = Math.max(oldLr * this.factor, this.minLr);
          opt.learningRate = newLr;
          if (this.verbose > 0) printMsg(`\nEpoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${pyRepr(newLr)}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}

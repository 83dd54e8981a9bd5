// Sets the learning rate from a schedule at the start of every epoch (Keras
// `callbacks/learning_rate_scheduler.py`).

import { ValueError, fmt } from '../errors.js';
import { Callback, type Logs } from './callback.js';
import { pyRepr } from './format.js';
import { printMsg } from './io.js';
import { optimizerOf } from './model_like.js';

/** Maps (epoch index from 0, current learning rate) to the epoch's learning rate. */
export type Schedule = (epoch: number, lr: number) => number;

/**
 * Learning rate scheduler.
 *
 * At the beginning of every epoch, calls `schedule(epoch, currentLr)` and sets the optimizer's
 * learning rate to the result. Adds `learning_rate` to the epoch logs.
 *
 * @param schedule A function of (epoch, lr) returning the new learning rate (a finite number).
 * @param verbose 0 is quiet, 1 prints a message on every epoch. Default 0.
 * @example
 * ```ts
 * // Keep the learning rate for 10 epochs, then decrease it exponentially.
 * const scheduler = new callbacks.LearningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * Math.exp(-0.1)));
 * await model.fit(x, y, { epochs: 15, callbacks: [scheduler] });
 * ```
 */
export class LearningRateScheduler extends Callback {
  /** The function of (epoch, current learning rate) giving the new learning rate. */
  readonly schedule: Schedule;
  /** 1 prints the learning rate set on every epoch. Default 0. */
  readonly verbose: number;

  constructor(schedule: Schedule, verbose: 0 | 1 = 0) {
    super();
    if (typeof schedule !== 'function') {
      throw new ValueError(`LearningRateScheduler: \`schedule\` must be a function (epoch, lr) => number. Received: ${fmt(schedule)}`);
    }
    this.schedule = schedule;
    this.verbose = verbose;
  }

  override onEpochBegin(epoch: number): void {
    const opt = optimizerOf(this.model, 'LearningRateScheduler');
    const lr = this.schedule(epoch, opt.learningRate);
    if (typeof lr !== 'number' || !Number.isFinite(lr)) {
      throw new ValueError(`The output of the \`schedule\` function should be a finite number. Got: ${fmt(lr)}`);
    }
    opt.learningRate = lr;
    if (this.verbose > 0) printMsg(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${pyRepr(lr)}.`);
  }

  override onEpochEnd(_epoch: number, logs: Logs): void {
    logs.learning_rate = optimizerOf(this.model, 'LearningRateScheduler').learningRate;
  }
}

// Prints progress and metrics to stdout or the console (Keras `callbacks/progbar_logger.py`).
// `fit` adds one unless verbose is 0.

import { Callback, type CallbackParams, type Logs } from './callback.js';
import { defaultWriter, stdoutIsTty, type Writer } from './io.js';
import { Progbar } from './progbar.js';

/** Options of {@link ProgbarLogger}: where the text goes and how often it is redrawn. All optional. */
export interface ProgbarLoggerArgs {
  /** Where the text goes. Default: process.stdout.write in Node, console.log (per line) in browsers. */
  write?: Writer;
  /** Redraw the bar in place with '\r'. Default: whether Node's stdout is a TTY (false in browsers). */
  tty?: boolean;
  /** Minimum time between two redraws, in ms. Default 50. */
  interval?: number;
  /** Clock in ms. Default `performance.now`. */
  now?: () => number;
}

/**
 * Prints metrics to stdout (Node) or the console (browsers) during training.
 *
 * Reads `verbose`, `epochs` and `steps` from the training parameters. verbose 1 draws a progress
 * bar that is redrawn in place on a terminal (at most every `interval` ms); when the output is
 * not a terminal (a log file, a CI job, a browser console) only the final line of each epoch is
 * printed. verbose 2 prints one line per epoch. With more than one epoch, each epoch starts
 * with an `Epoch i/n` line.
 *
 * @param args.write Default: stdout / console.
 * @param args.tty Default: whether stdout is a TTY.
 * @param args.interval Default 50 (ms).
 * @example
 * ```ts
 * // fit adds a ProgbarLogger by itself; pass one to capture the text.
 * const lines: string[] = [];
 * const logger = new callbacks.ProgbarLogger({ write: (s) => lines.push(s) });
 * await model.fit(x, y, { epochs: 2, verbose: 2, callbacks: [logger] });
 * ```
 */
export class ProgbarLogger extends Callback {
  /** Steps done in the current epoch. */
  seen = 0;
  /** Steps per epoch of the current run, or null when unknown. */
  target: number | null = null;
  /** Verbosity taken from the training parameters: 1 = progress bar, 2 = one line per epoch, 0 = silent. */
  verbose = 1;
  /** Number of epochs of the current run (taken from the training parameters). */
  epochs = 1;
  private progbar: Progbar | undefined;
  private calledInFit = false;
  private readonly write: Writer;
  private readonly tty: boolean;
  private readonly interval: number;
  private readonly now: () => number;

  constructor(args: ProgbarLoggerArgs = {}) {
    super();
    this.write = args.write ?? defaultWriter;
    this.tty = args.tty ?? stdoutIsTty();
    this.interval = args.interval ?? 50;
    this.now = args.now ?? (() => performance.now());
  }

  override setParams(params: CallbackParams): void {
    super.setParams(params);
    this.verbose = params.verbose === 'auto' || params.verbose === undefined ? 1 : params.verbose;
    this.epochs = params.epochs ?? 1;
    this.target = params.steps ?? null;
  }

  override onTrainBegin(): void {
    // Inside fit, validation runs silently.
    this.calledInFit = true;
  }

  override onTrainEnd(): void {
    this.calledInFit = false;
  }

  override onTestBegin(): void {
    if (!this.calledInFit) this.reset();
  }

  override onPredictBegin(): void {
    this.reset();
  }

  override onEpochBegin(epoch: number): void {
    this.reset();
    if (this.verbose && this.epochs > 1) this.write(`Epoch ${epoch + 1}/${this.epochs}\n`);
  }

  override onTrainBatchEnd(batch: number, logs: Logs): void {
    this.seen = batch + 1;
    if (this.verbose === 1) this.bar().update(this.seen, logs, false);
  }

  override onTestBatchEnd(batch: number, logs: Logs): void {
    if (this.calledInFit) return;
    this.seen = batch + 1;
    if (this.verbose === 1) this.bar().update(this.seen, logs, false);
  }

  override onPredictBatchEnd(batch: number): void {
    // Predictions are not metrics: show progress only.
    this.seen = batch + 1;
    if (this.verbose === 1) this.bar().update(this.seen, undefined, false);
  }

  override onEpochEnd(_epoch: number, logs: Logs): void {
    this.finalize(logs);
  }

  override onTestEnd(logs: Logs): void {
    if (!this.calledInFit) this.finalize(logs);
  }

  override onPredictEnd(logs: Logs): void {
    this.finalize(logs);
  }

  private reset(): void {
    this.seen = 0;
    this.progbar = undefined;
    this.bar();
  }

  private bar(): Progbar {
    return this.progbar ??= new Progbar(this.target, {
      verbose: this.verbose, write: this.write, tty: this.tty, interval: this.interval, now: this.now,
    });
  }

  private finalize(logs: Logs): void {
    const bar = this.bar();
    // With an unknown number of steps, the count seen becomes the target, for later epochs too.
    if (this.target === null) bar.target = this.target = this.seen;
    bar.update(this.target, logs, true);
  }
}

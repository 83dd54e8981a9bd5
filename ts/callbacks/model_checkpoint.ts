// Saves the model or its weights during training (Keras `callbacks/model_checkpoint.py`).

import { ValueError, fmt } from '../errors.js';
import type { Model } from '../models/model.js';
import type { Logs } from './callback.js';
import { printMsg } from './io.js';
import { MonitorCallback, type MonitorMode } from './monitor_callback.js';
import { fillPathTemplate } from './path_template.js';
import { checkOptions } from '../utils/options.js';

/** Options of {@link ModelCheckpoint} (Keras `ModelCheckpoint` arguments, camelCase). */
export interface ModelCheckpointArgs {
  /** Where to save; may hold `{epoch:02d}`, `{batch}` and log keys such as `{val_loss:.2f}`. Ends in `.keras`, or `.weights.h5` with `saveWeightsOnly`. */
  filepath: string;
  /** Quantity compared by `saveBestOnly`. Default 'val_loss'. */
  monitor?: string;
  /** 1 prints a message on every save. Default 0. */
  verbose?: 0 | 1;
  /** Only save when `monitor` improves on the best value so far. Default false. */
  saveBestOnly?: boolean;
  /** Save only the weights (`.weights.h5`). Default false. */
  saveWeightsOnly?: boolean;
  /** 'min', 'max', or 'auto' (inferred from the monitor name). Default 'auto'. */
  mode?: MonitorMode;
  /** 'epoch' (default), or save every N batches. */
  saveFreq?: 'epoch' | number;
  /** With `saveBestOnly`, the value to beat before the first save. */
  initialValueThreshold?: number;
}

const KEYS = ['filepath', 'monitor', 'verbose', 'saveBestOnly', 'saveWeightsOnly', 'mode', 'saveFreq', 'initialValueThreshold'];

/**
 * Saves the model (`.keras`) or its weights (`.weights.h5`) at the end of every epoch or
 * every `saveFreq` batches, optionally only when the monitored value improves.
 * Node writes atomically: a failed save leaves the previous file as it was.
 * @example
 * new callbacks.ModelCheckpoint({ filepath: 'ckpt/{epoch:02d}-{val_loss:.2f}.keras', saveBestOnly: true })
 */
export class ModelCheckpoint extends MonitorCallback {
  /** The path template files are saved to. */
  readonly filepath: string;
  /** 1 prints a message on every save. Default 0. */
  readonly verbose: number;
  /** Only save when `monitor` improves on the best value so far. Default false. */
  readonly saveBestOnly: boolean;
  /** Save only the weights (`.weights.h5`). Default false. */
  readonly saveWeightsOnly: boolean;
  /** 'epoch' (default), or save every N batches. */
  readonly saveFreq: 'epoch' | number;
  private readonly initial: number | undefined;
  private currentEpoch = 0;
  private sinceLastSave = 0;
  private lastBatch: number | undefined;

  constructor(args: ModelCheckpointArgs) {
    checkOptions('ModelCheckpoint', args, KEYS);
    super('ModelCheckpoint', args?.monitor ?? 'val_loss', args?.mode ?? 'auto', 0);
    if (typeof args?.filepath !== 'string' || args.filepath === '') {
      throw new ValueError(`ModelCheckpoint: \`filepath\` must be a non-empty string. Received: filepath=${fmt(args?.filepath)}`);
    }
    this.filepath = args.filepath;
    this.verbose = args.verbose ?? 0;
    this.saveBestOnly = args.saveBestOnly ?? false;
    this.saveWeightsOnly = args.saveWeightsOnly ?? false;
    this.saveFreq = args.saveFreq ?? 'epoch';
    if (this.saveFreq !== 'epoch' && !(Number.isInteger(this.saveFreq) && this.saveFreq > 0)) {
      throw new ValueError(`ModelCheckpoint: Unrecognized saveFreq. Expected 'epoch' or a positive integer. Received: saveFreq=${fmt(this.saveFreq)}`);
    }
    const bare = this.filepath.replace(/\{[^}]*\}/g, '');
    if (this.saveWeightsOnly && !bare.endsWith('.weights.h5')) {
      throw new ValueError(`ModelCheckpoint: When using \`saveWeightsOnly: true\`, the filepath provided must end in \`.weights.h5\` (Keras weights format). Received: filepath=${this.filepath}`);
    }
    if (!this.saveWeightsOnly && !bare.endsWith('.keras') && !bare.endsWith('.json')) {
      throw new ValueError(`ModelCheckpoint: The filepath provided must end in \`.keras\` (Keras model format) or \`.json\` (tfjs). Received: filepath=${this.filepath}`);
    }
    if (args.initialValueThreshold !== undefined && !Number.isFinite(args.initialValueThreshold)) {
      throw new ValueError(`ModelCheckpoint: \`initialValueThreshold\` must be a finite number. Received: ${fmt(args.initialValueThreshold)}`);
    }
    this.initial = args.initialValueThreshold;
    this.best = this.initial;
  }

  override onTrainBegin(): void {
    this.best = this.initial;
    this.sinceLastSave = 0;
    this.lastBatch = undefined;
  }

  override onEpochBegin(epoch: number): void {
    this.currentEpoch = epoch;
  }

  override async onTrainBatchEnd(batch: number, logs: Logs): Promise<void> {
    if (this.saveFreq === 'epoch') return;
    this.sinceLastSave += this.lastBatch === undefined || batch <= this.lastBatch ? batch + 1 : batch - this.lastBatch;
    this.lastBatch = batch;
    if (this.sinceLastSave < this.saveFreq) return;
    this.sinceLastSave = 0;
    await this.save(this.currentEpoch, batch, logs);
  }

  override async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    if (this.saveFreq === 'epoch') await this.save(epoch, undefined, logs);
  }

  private shouldSave(epoch: number, logs: Logs, path: string): boolean {
    if (!this.saveBestOnly) {
      if (this.verbose > 0) printMsg(`\nEpoch ${epoch + 1}: saving model to ${path}`);
      return true;
    }
    const current = logs[this.monitor];
    if (current === undefined) {
      console.warn(`ModelCheckpoint: Can save best model only with ${this.monitor} available.`);
      return true;
    }
    const bestStr = this.best === undefined ? 'None' : this.best.toFixed(5);
    if (this.isImprovement(current, this.best)) {
      if (this.verbose > 0) printMsg(`\nEpoch ${epoch + 1}: ${this.monitor} improved from ${bestStr} to ${current.toFixed(5)}, saving model to ${path}`);
      this.best = current;
      return true;
    }
    if (this.verbose > 0) printMsg(`\nEpoch ${epoch + 1}: ${this.monitor} did not improve from ${bestStr}`);
    return false;
  }

  private async save(epoch: number, batch: number | undefined, logs: Logs): Promise<void> {
    const values: Record<string, number> = { ...logs, epoch: epoch + 1 };
    if (batch !== undefined && !('batch' in logs)) values.batch = batch + 1;
    const path = fillPathTemplate(this.filepath, values);
    if (!this.shouldSave(epoch, logs, path)) return;
    const model = this.model as unknown as Model;
    if (this.saveWeightsOnly) await model.saveWeights(path);
    else await model.save(path);
    if (this.verbose > 0) printMsg(`\nEpoch ${epoch + 1}: finished saving model to ${path}`);
  }
}

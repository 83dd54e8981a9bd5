// The Keras TensorBoard callback in TypeScript, writing real event files: Keras's run
// folders (`<logDir>/train`, `<logDir>/validation`) and tag names (`epoch_loss`,
// `epoch_learning_rate`, `batch_loss`, `evaluation_loss_vs_iterations`, `<weight>/histogram`),
// and the model config for the graph plugin. No native addon: Node writes files, browsers keep
// the logs in memory (`logStore`, `downloadLogs()`).

import { ValueError, fmt } from '../../errors.js';
import { isNode } from '../../../bindings/features.js';
import type { Model } from '../../models/model.js';
import { checkOptions } from '../../utils/options.js';
import { Callback, type Logs } from '../callback.js';
import { histogramEvent, kerasModelEvent, scalarEvent } from './events.js';
import { LogStore, SummaryWriter } from './summary_writer.js';

/** Options of {@link TensorBoard} (Keras `TensorBoard` arguments, camelCase). */
export interface TensorBoardArgs {
  /** Directory of the logs. Default 'logs'. */
  logDir?: string;
  /** Weight histograms every N epochs (0 = never). Default 0. */
  histogramFreq?: number;
  /** Write the model's config for TensorBoard's graph tab. Default true. */
  writeGraph?: boolean;
  /** 'epoch' (default), or also write `batch_*` scalars every N batches. */
  updateFreq?: 'epoch' | 'batch' | number;
  /** Also log `steps_per_second`. Default false. */
  writeStepsPerSecond?: boolean;
  /** Keep logs in this store instead of files (the default outside Node). */
  logStore?: LogStore;
}

const KEYS = ['logDir', 'histogramFreq', 'writeGraph', 'updateFreq', 'writeStepsPerSecond', 'logStore'];
const UNSUPPORTED = ['writeImages', 'profileBatch', 'embeddingsFreq', 'embeddingsMetadata'];

export class TensorBoard extends Callback {
  /** Directory of the logs. Default 'logs'. */
  readonly logDir: string;
  /** Weight histograms every N epochs (0 = never). Default 0. */
  readonly histogramFreq: number;
  /** Write the model's config for TensorBoard's graph tab. Default true. */
  readonly writeGraph: boolean;
  /** 'epoch' (default), or also write `batch_*` scalars every N batches. */
  readonly updateFreq: 'epoch' | number;
  /** Also log `steps_per_second`. Default false. */
  readonly writeStepsPerSecond: boolean;
  /** The in-memory logs (browsers, or when passed): path → event file bytes. */
  readonly logStore: LogStore | undefined;
  private train: SummaryWriter | undefined;
  private val: SummaryWriter | undefined;
  private globalBatch = 0;
  private epochStart = 0;
  private epochBatches = 0;

  constructor(args: TensorBoardArgs = {}) {
    const unsupported = UNSUPPORTED.filter((k) => args && k in args && (args as Record<string, unknown>)[k]);
    if (unsupported.length) throw new ValueError(`TensorBoard: ${unsupported.join(', ')} ${unsupported.length > 1 ? 'are' : 'is'} not supported by kerasm yet. Received: ${unsupported.join(', ')}`);
    checkOptions('TensorBoard', Object.fromEntries(Object.entries(args ?? {}).filter(([k]) => !UNSUPPORTED.includes(k))), KEYS);
    super();
    this.logDir = (args.logDir ?? 'logs').replace(/\/+$/, '');
    this.histogramFreq = args.histogramFreq ?? 0;
    if (!Number.isInteger(this.histogramFreq) || this.histogramFreq < 0) {
      throw new ValueError(`TensorBoard: \`histogramFreq\` must be a non-negative integer. Received: histogramFreq=${fmt(args.histogramFreq)}`);
    }
    const uf = args.updateFreq ?? 'epoch';
    this.updateFreq = uf === 'batch' ? 1 : uf;
    if (this.updateFreq !== 'epoch' && !(Number.isInteger(this.updateFreq) && this.updateFreq > 0)) {
      throw new ValueError(`TensorBoard: \`updateFreq\` must be 'epoch', 'batch' or a positive integer. Received: updateFreq=${fmt(uf)}`);
    }
    this.writeGraph = args.writeGraph ?? true;
    this.writeStepsPerSecond = args.writeStepsPerSecond ?? false;
    this.logStore = args.logStore ?? (isNode ? undefined : new LogStore());
  }

  private writers(): [SummaryWriter, SummaryWriter] {
    this.train ??= new SummaryWriter(`${this.logDir}/train`, this.logStore);
    this.val ??= new SummaryWriter(`${this.logDir}/validation`, this.logStore);
    return [this.train, this.val];
  }

  override async onTrainBegin(): Promise<void> {
    this.globalBatch = 0;
    const [train] = this.writers();
    if (this.writeGraph) {
      try {
        const { serializeModel } = await import('../../saving/config/index.js');
        train.write(kerasModelEvent('keras', JSON.stringify(serializeModel(this.model as unknown as Model)), 0, Date.now() / 1000));
      } catch (e) {
        // A model with a Lambda layer has no config; TensorBoard's other tabs still work.
        console.warn(`TensorBoard: the model graph was not written: ${(e as Error).message}`);
      }
    }
    train.flush();
  }

  override onEpochBegin(): void {
    this.epochStart = performance.now();
    this.epochBatches = 0;
  }

  override onTrainBatchEnd(_batch: number, logs: Logs): void {
    this.globalBatch++;
    this.epochBatches++;
    if (this.updateFreq === 'epoch' || this.globalBatch % this.updateFreq !== 0) return;
    const [train] = this.writers();
    const now = Date.now() / 1000;
    for (const [k, v] of Object.entries(logs)) if (typeof v === 'number') train.write(scalarEvent(`batch_${k}`, v, this.globalBatch, now));
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const [train, val] = this.writers();
    const now = Date.now() / 1000;
    const trainLogs: Record<string, number> = {};
    for (const [k, v] of Object.entries(logs)) if (!k.startsWith('val_')) trainLogs[k] = v;
    const opt = (this.model as unknown as Model).optimizer;
    if (opt) trainLogs.learning_rate = opt.learningRate;
    if (this.writeStepsPerSecond) trainLogs.steps_per_second = this.epochBatches / ((performance.now() - this.epochStart) / 1000);
    for (const [k, v] of Object.entries(trainLogs)) train.write(scalarEvent(`epoch_${k}`, v, epoch, now));
    for (const [k, v] of Object.entries(logs)) if (k.startsWith('val_')) val.write(scalarEvent(`epoch_${k.slice(4)}`, v, epoch, now));
    if (this.histogramFreq && epoch % this.histogramFreq === 0) this.logWeights(train, epoch, now);
    train.flush();
    val.flush();
  }

  override onTestEnd(logs: Logs): void {
    const opt = this.hasModel ? (this.model as unknown as Model).optimizer : undefined;
    if (!opt) return;
    const [, val] = this.writers();
    const now = Date.now() / 1000;
    for (const [k, v] of Object.entries(logs)) val.write(scalarEvent(`evaluation_${k.replace(/^val_/, '')}_vs_iterations`, v, opt.iterations, now));
    val.flush();
  }

  override onTrainEnd(): void {
    this.train?.close();
    this.val?.close();
    this.train = this.val = undefined;
  }

  private logWeights(w: SummaryWriter, epoch: number, now: number): void {
    for (const layer of (this.model as unknown as Model).layers) {
      for (const v of layer.weights) w.write(histogramEvent(`${v.name.replace(/:/g, '_')}/histogram`, v.dataSync(), epoch, now));
    }
  }

  /** The logs as a zip (for the browser's download button, or to move them elsewhere). */
  async logsZip(): Promise<Uint8Array> {
    if (!this.logStore) throw new ValueError('TensorBoard.logsZip: the logs were written to files in Node; zip the log directory instead.');
    const { writeZip } = await import('../../saving/zip.js');
    return writeZip([...this.logStore.contents()]);
  }
}

// Fault tolerance for fit (Keras `callbacks/backup_and_restore.py`): back up the training
// state to a directory, and when fit is run again after an interruption (the process was
// killed, a callback threw), resume at the epoch after the last backup.

import { ValueError, fmt } from '../errors.js';
import { nodeModule } from '../../bindings/features.js';
import type { Model } from '../models/model.js';
import { getRandomState, setRandomState } from '../tensor/random.js';
import { Callback, type Logs } from './callback.js';
import { checkOptions } from '../utils/options.js';

/** Options of {@link BackupAndRestore} (Keras `BackupAndRestore` arguments, camelCase). */
export interface BackupAndRestoreArgs {
  /** Directory for the backup (created if missing). Node only. */
  backupDir: string;
  /** 'epoch' (default), N to back up every N batches, or false to only restore. */
  saveFreq?: 'epoch' | number | false;
  /** Remove the backup when training finishes normally. Default true. */
  deleteCheckpoint?: boolean;
}

const KEYS = ['backupDir', 'saveFreq', 'deleteCheckpoint'];
const META = 'kerasm_training_metadata';

interface Metadata { epoch: number; batch: number; rng: { seed: number; counter: number } }

/**
 * Backs up weights, optimizer state and the random generator's state to
 * `<backupDir>/latest.weights.h5` — one file, written atomically, so a kill mid-write leaves
 * the previous backup usable. On the next `fit`, training resumes at the epoch after the
 * backup (a mid-epoch backup restarts that epoch, as in Keras). Shuffling depends only on
 * the fit seed and the epoch, so a resumed run ends with the same weights as an
 * uninterrupted one.
 *
 * @example
 * ```ts
 * // Run the same script again after an interruption: fit resumes where the backup left off.
 * await model.fit(x, y, { epochs: 20, callbacks: [new callbacks.BackupAndRestore({ backupDir: 'tmp/backup' })] });
 * ```
 */
export class BackupAndRestore extends Callback {
  /** Directory holding the backup, `latest.weights.h5` (weights, optimizer state, epoch and random state). */
  readonly backupDir: string;
  /** 'epoch' (default), N to back up every N batches, or false to only restore. */
  readonly saveFreq: 'epoch' | number | false;
  /** Remove the backup when training finishes normally. Default true. */
  readonly deleteCheckpoint: boolean;
  private currentEpoch = 0;
  private sinceLastSave = 0;
  private lastBatch: number | undefined;

  constructor(args: BackupAndRestoreArgs) {
    checkOptions('BackupAndRestore', args, KEYS);
    super();
    if (typeof args?.backupDir !== 'string' || args.backupDir === '') {
      throw new ValueError(`BackupAndRestore: Empty \`backupDir\` argument passed. Received: backupDir=${fmt(args?.backupDir)}`);
    }
    this.backupDir = args.backupDir.replace(/\/+$/, '');
    this.saveFreq = args.saveFreq ?? 'epoch';
    if (this.saveFreq !== 'epoch' && this.saveFreq !== false && !(Number.isInteger(this.saveFreq) && this.saveFreq > 0)) {
      throw new ValueError(`BackupAndRestore: Invalid value for argument \`saveFreq\`. Expected 'epoch', false or a positive integer. Received: saveFreq=${fmt(this.saveFreq)}`);
    }
    this.deleteCheckpoint = args.deleteCheckpoint ?? true;
  }

  /** Path of the backup file. */
  get weightsPath(): string {
    return `${this.backupDir}/latest.weights.h5`;
  }

  override async onTrainBegin(): Promise<void> {
    this.currentEpoch = 0;
    this.sinceLastSave = 0;
    this.lastBatch = undefined;
    const fs = nodeModule<typeof import('node:fs')>('fs');
    if (!fs.existsSync(this.weightsPath)) return;
    const model = this.model as unknown as Model;
    const { readHdf5 } = await import('../saving/hdf5/index.js');
    const { decodeWeightsInto } = await import('../saving/keras/weights_file.js');
    const root = readHdf5(new Uint8Array(fs.readFileSync(this.weightsPath)), this.weightsPath);
    const meta = parseMetadata(root.attrs[META], this.weightsPath);
    if (model.optimizer && !model.optimizer.isBuilt) model.optimizer.build(model.trainableWeights);
    decodeWeightsInto(model, root, this.weightsPath, { loadOptimizer: true });
    setRandomState(meta.rng);
    this.currentEpoch = meta.epoch;
    model.trainer.resumeEpoch = meta.epoch;
  }

  override async onEpochEnd(epoch: number): Promise<void> {
    this.currentEpoch = epoch + 1;
    this.lastBatch = undefined;
    if (this.saveFreq === 'epoch') await this.backup(0);
  }

  override async onTrainBatchEnd(batch: number, _logs: Logs): Promise<void> {
    if (typeof this.saveFreq !== 'number') return;
    this.sinceLastSave += this.lastBatch === undefined || batch <= this.lastBatch ? batch + 1 : batch - this.lastBatch;
    this.lastBatch = batch;
    if (this.sinceLastSave < this.saveFreq) return;
    this.sinceLastSave = 0;
    await this.backup(batch + 1);
  }

  override onTrainEnd(): void {
    if (!this.deleteCheckpoint) return;
    const fs = nodeModule<typeof import('node:fs')>('fs');
    fs.rmSync(this.weightsPath, { force: true });
  }

  private async backup(batch: number): Promise<void> {
    const model = this.model as unknown as Model;
    const { encodeWeights } = await import('../saving/keras/weights_file.js');
    const meta: Metadata = { epoch: this.currentEpoch, batch, rng: getRandomState() };
    const bytes = encodeWeights(model, { includeOptimizer: true, attrs: { [META]: JSON.stringify(meta) } });
    const { getSaveHandler } = await import('../saving/io/index.js');
    await getSaveHandler(this.weightsPath).save!({ main: 'latest.weights.h5', files: new Map([['latest.weights.h5', bytes]]) });
  }
}

function parseMetadata(v: unknown, file: string): Metadata {
  let m: Partial<Metadata> | undefined;
  try {
    m = typeof v === 'string' ? JSON.parse(v) : undefined;
  } catch {
    m = undefined;
  }
  if (!m || !Number.isInteger(m.epoch) || m.epoch! < 0 || !m.rng) {
    throw new ValueError(`BackupAndRestore: '${file}' has no valid training metadata (it was not written by BackupAndRestore). Received: ${fmt(v)}`);
  }
  return m as Metadata;
}

// One grid cell: a fresh model from the same seed, trained under the budget while a callback
// records times, curves, throughput and memory; then the test accuracy.

import { getThreadCount, memoryInfo, setThreadCount } from '../../bindings/index.js';
import { Callback, type Logs } from '../callbacks/callback.js';
import { ProgbarLogger } from '../callbacks/progbar_logger.js';
import type { Writer } from '../callbacks/io.js';
import type { Model } from '../models/model.js';
import type { LossIdentifier } from '../losses/index.js';
import { setSeed } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { makeOptimizer } from './grid.js';
import type { Prepared } from './sources.js';
import type { Budget, Cell, EpochRecord, RunRecord } from './types.js';

export interface RunContext {
  build: () => Promise<Model>;
  data: (model: Model) => Promise<Prepared>;
  budget: Budget;
  seed: number;
  target: number | null;
  loss: string;
  validationSplit: number;
  /** Progress bar output; undefined: no bar. */
  write?: Writer;
  /** Samples a throw-away model of the same cell trains first, so the timed run starts warm (0: none). */
  warmup: number;
  /** Polled after every batch: true stops the run as interrupted. */
  interrupted: () => boolean;
}

/** Seconds since `t0` (ms). */
const since = (t0: number) => (performance.now() - t0) / 1000;

/** This process's CPU seconds (user + system, all threads); null outside Node. */
const cpuNow = (): number | null => {
  if (typeof process === 'undefined' || typeof process.cpuUsage !== 'function') return null;
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Records a run from fit's hooks and stops it when the budget is spent. */
class Recorder extends Callback {
  readonly epochs: EpochRecord[] = [];
  stoppedBy: RunRecord['stoppedBy'] = 'epochs';
  peakBytesInUse = 0;
  peakMemoryBytes = 0;
  peakRss: number | null = null;
  samplesSeen = 0;
  timedSamples = 0;
  timedSeconds = 0;
  /** CPU seconds over the same timed batches; null outside Node. */
  timedCpu: number | null = 0;
  trainSeconds = 0;
  timeToTarget: number | null = null;
  epochsToTarget: number | null = null;
  t0 = 0;
  private epochStart = 0;
  private epochTrained = 0;
  private lastBatchEnd = 0;
  private timedFrom = 0;
  private cpuFrom: number | null = 0;
  private lastCpu: number | null = 0;
  private lastSample = -Infinity;
  private batches = 0;

  constructor(private readonly ctx: RunContext, private readonly n: number, private readonly batchSize: number) {
    super();
  }

  sampleMemory(): void {
    const m = memoryInfo();
    this.peakBytesInUse = Math.max(this.peakBytesInUse, m.bytesInUse);
    this.peakMemoryBytes = Math.max(this.peakMemoryBytes, m.memoryBytes);
    const rss = typeof process !== 'undefined' && process.memoryUsage ? process.memoryUsage.rss() : null;
    if (rss !== null) this.peakRss = Math.max(this.peakRss ?? 0, rss);
  }

  override onTrainBegin(): void {
    this.t0 = performance.now();
    this.sampleMemory();
  }

  override onEpochBegin(): void {
    this.epochStart = this.timedFrom = performance.now();
    this.cpuFrom = this.lastCpu = cpuNow();
    this.epochTrained = 0;
  }

  override onTrainBatchEnd(batch: number, logs: Logs): void {
    const now = performance.now();
    const size = Math.min(this.batchSize, this.n - batch * this.batchSize);
    this.samplesSeen += size;
    this.batches++;
    this.lastBatchEnd = now;
    this.lastCpu = cpuNow();
    this.epochTrained = (now - this.epochStart) / 1000;
    if (this.batches === 1) {
      // The first batch builds the model's step and warms the caches: not throughput.
      this.timedFrom = now;
      this.cpuFrom = this.lastCpu;
    } else {
      this.timedSamples += size;
    }
    if (now - this.lastSample > 100) { this.sampleMemory(); this.lastSample = now; }
    const model = this.model as { stopTraining: boolean };
    if (!Number.isFinite(logs.loss)) { this.stoppedBy = 'nan'; model.stopTraining = true; }
    else if (this.ctx.interrupted()) { this.stoppedBy = 'interrupt'; model.stopTraining = true; }
    else if (this.ctx.budget.seconds !== undefined && this.trainSeconds + this.epochTrained >= this.ctx.budget.seconds) {
      this.stoppedBy = 'time';
      model.stopTraining = true;
    }
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    this.timedSeconds += (this.lastBatchEnd - this.timedFrom) / 1000;
    // Up to the last batch's end: validation, which runs before this hook, is not training.
    this.timedCpu = this.timedCpu === null || this.cpuFrom === null || this.lastCpu === null ? null : this.timedCpu + (this.lastCpu - this.cpuFrom);
    this.trainSeconds += this.epochTrained;
    const rec: EpochRecord = { epoch: epoch + 1, trainSeconds: this.trainSeconds, wallSeconds: since(this.t0), loss: logs.loss ?? NaN };
    if (logs.accuracy !== undefined) rec.accuracy = logs.accuracy;
    if (logs.val_loss !== undefined) rec.valLoss = logs.val_loss;
    if (logs.val_accuracy !== undefined) rec.valAccuracy = logs.val_accuracy;
    if ((this.model as { stopTraining: boolean }).stopTraining && logs.val_loss === undefined) rec.partial = true;
    this.epochs.push(rec);
    this.sampleMemory();
    const acc = rec.valAccuracy;
    if (this.ctx.target !== null && this.timeToTarget === null && acc !== undefined && acc >= this.ctx.target) {
      this.timeToTarget = this.trainSeconds;
      this.epochsToTarget = epoch + 1;
    }
    if (this.ctx.interrupted() && !(this.model as { stopTraining: boolean }).stopTraining) {
      this.stoppedBy = 'interrupt';
      (this.model as { stopTraining: boolean }).stopTraining = true;
    }
  }
}

/** Stops the warm-up fit after the batch during which an interrupt came. */
class StopOnInterrupt extends Callback {
  constructor(private readonly interrupted: () => boolean) { super(); }
  override onTrainBatchEnd(): void {
    if (this.interrupted()) (this.model as { stopTraining: boolean }).stopTraining = true;
  }
}

const rows = (t: { shape: readonly number[] }) => t.shape[0] ?? 0;

/** Trains `cell` and returns its record; failures are recorded, not thrown. */
export async function runCell(ctx: RunContext, cell: Cell): Promise<RunRecord> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  let model: Model | undefined;
  let rec: Recorder | undefined;
  const base = { ...cell, startedAt };
  try {
    if (getThreadCount() !== cell.threads) setThreadCount(cell.threads);
    setSeed(ctx.seed);
    model = await ctx.build();
    const data = await ctx.data(model);
    const hasVal = data.xVal !== undefined && data.yVal !== undefined;
    const n = hasVal || ctx.validationSplit === 0 ? rows(data.xTrain) : rows(data.xTrain) - Math.floor(rows(data.xTrain) * ctx.validationSplit);
    const steps = Math.ceil(n / cell.batchSize);
    const epochs = ctx.budget.epochs ?? (ctx.budget.seconds !== undefined ? 10_000 : 5);
    const compile = (m: Model) => m.compile({ optimizer: makeOptimizer(cell, steps, ctx.budget.epochs), loss: ctx.loss as LossIdentifier, metrics: ['accuracy'] });
    if (ctx.warmup > 0) {
      // Same shapes, same kernels, before the clock starts: the first run of a study is not
      // penalised for compiling the engine's code paths.
      model.dispose();
      model = await ctx.build();
      compile(model);
      await model.fit(data.xTrain, data.yTrain, {
        epochs: 1, batchSize: cell.batchSize, stepsPerEpoch: Math.max(1, Math.ceil(Math.min(ctx.warmup, n) / cell.batchSize)), shuffle: false, verbose: 0,
        callbacks: [new StopOnInterrupt(ctx.interrupted)],
      });
      model.dispose();
      model = undefined;
      // Ctrl-C during the warm-up (long batches of a big model under load): no timed run.
      if (ctx.interrupted()) return { ...base, status: 'interrupted', stoppedBy: 'interrupt', ...measures(undefined, t0), testLoss: null, testAccuracy: null };
      setSeed(ctx.seed);
      model = await ctx.build();
    }
    compile(model);
    rec = new Recorder(ctx, n, cell.batchSize);
    const callbacks: Callback[] = [rec];
    if (ctx.write) callbacks.push(new ProgbarLogger({ write: ctx.write }));
    await model.fit(data.xTrain, data.yTrain, {
      epochs, batchSize: cell.batchSize, verbose: ctx.write ? 1 : 0, callbacks, seed: ctx.seed,
      ...(hasVal ? { validationData: [data.xVal!, data.yVal!] as [Tensor, Tensor] } : ctx.validationSplit > 0 ? { validationSplit: ctx.validationSplit } : {}),
    });
    let testLoss: number | null = null, testAccuracy: number | null = null;
    if (data.xTest && data.yTest && rec.stoppedBy !== 'interrupt' && rec.stoppedBy !== 'nan') {
      const r = await model.evaluate(data.xTest, data.yTest, { batchSize: Math.max(256, cell.batchSize), returnDict: true }) as Record<string, number>;
      testLoss = r.loss ?? null;
      testAccuracy = r.accuracy ?? null;
    }
    rec.sampleMemory();
    return {
      ...base,
      status: rec.stoppedBy === 'interrupt' ? 'interrupted' : 'done',
      stoppedBy: rec.stoppedBy,
      ...measures(rec, t0),
      testLoss, testAccuracy,
    };
  } catch (e) {
    return {
      ...base, status: 'failed', stoppedBy: 'error', error: (e as Error).message ?? String(e),
      ...measures(rec, t0), testLoss: null, testAccuracy: null,
    };
  } finally {
    model?.dispose();
  }
}

function measures(rec: Recorder | undefined, t0: number) {
  const vals = rec?.epochs.map((e) => e.valAccuracy).filter((v): v is number => v !== undefined) ?? [];
  return {
    epochs: rec?.epochs ?? [],
    samplesPerSecond: rec && rec.timedSeconds > 0 ? rec.timedSamples / rec.timedSeconds : 0,
    samplesPerCpuSecond: rec && rec.timedCpu !== null && rec.timedCpu > 0 ? rec.timedSamples / rec.timedCpu : null,
    trainSeconds: rec?.trainSeconds ?? 0,
    wallSeconds: since(t0),
    samplesSeen: rec?.samplesSeen ?? 0,
    timeToTarget: rec?.timeToTarget ?? null,
    epochsToTarget: rec?.epochsToTarget ?? null,
    bestValAccuracy: vals.length ? Math.max(...vals) : null,
    peakMemory: { wasmBytesInUse: rec?.peakBytesInUse ?? 0, wasmMemoryBytes: rec?.peakMemoryBytes ?? 0, rssBytes: rec?.peakRss ?? null },
  };
}

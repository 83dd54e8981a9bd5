// compare(): trains one model over a grid of optimizers × learning rates × batch sizes ×
// thread counts under one budget, and keeps results.json, report.html and summary.md
// current after every run (so an interrupted study leaves a valid partial report, and a
// second call with the same setup resumes it).

import { getThreadCount, ready, setThreadCount } from '../../bindings/index.js';
import { defaultWriter } from '../callbacks/io.js';
import { ValueError } from '../errors.js';
import { checkOptions } from '../utils/options.js';
import { environment } from './env.js';
import { cellLabel, expandGrid } from './grid.js';
import { FILES, readPrevious, writeOutputs } from './results.js';
import { runCell } from './run.js';
import { dataSource, modelSource } from './sources.js';
import type { Budget, DataSpec, Grid, ModelSpec, Results, RunRecord } from './types.js';
import { join } from 'node:path';

/** Options of {@link compare} (and of the `kerasm compare` command line). Unknown keys throw a `ValueError` with a suggestion. */
export interface CompareOptions {
  /** 'fashion-mlp', 'fashion-cnn', a `.keras`/`model.json` file, a JS module exporting a build function, or the function. */
  model: ModelSpec;
  /** Default: Fashion-MNIST (50 000 train, the last 10 000 training images as validation, 10 000 test). */
  data?: DataSpec;
  /**
   * The optimizers, learning rates, batch sizes and thread counts to combine. Default: adam, its default rate, batch 32, current threads.
   */
  grid?: Grid;
  /** Default { epochs: 5 }. */
  budget?: Budget;
  /** Folder for results.json, report.html and summary.md (created). */
  outDir: string;
  /** Validation accuracy whose first crossing is timed. Default: the preset's (0.85 MLP, 0.88 CNN), else none. */
  targetAccuracy?: number | null;
  /** Seed of the initial weights and the shuffles, the same in every run. Default 1234. */
  seed?: number;
  /** Default 'sparse_categorical_crossentropy'. */
  loss?: string;
  /** Held out of the training data when the data set has no validation part. Default 0.1. */
  validationSplit?: number;
  /** Samples a throw-away model of each cell trains before its timed run (warm code). Default 1024; 0: none. */
  warmup?: number;
  /** Skip the grid cells that results.json in outDir already holds as done. Default true. */
  resume?: boolean;
  /** 1: a line per run and the current run's progress bar; 0: quiet. Default 1. */
  verbose?: 0 | 1;
  /** Where progress goes. Default: stdout. */
  write?: (text: string) => void;
  /** Aborting stops the current run after its batch and ends the study with a partial report. */
  signal?: AbortSignal;
  /** Ctrl-C (SIGINT) does what `signal` does; a second Ctrl-C exits at once. Default false (the CLI sets it). */
  handleSigint?: boolean;
}

const KEYS = ['model', 'data', 'grid', 'budget', 'outDir', 'targetAccuracy', 'seed', 'loss', 'validationSplit', 'warmup', 'resume', 'verbose', 'write', 'signal', 'handleSigint'];

function checkBudget(b: Budget): Budget {
  checkOptions('compare: budget', b as Record<string, unknown>, ['epochs', 'seconds']);
  if (b.epochs !== undefined && (!Number.isInteger(b.epochs) || b.epochs < 1)) throw new ValueError(`compare: budget.epochs must be a positive integer. Received: ${b.epochs}`);
  if (b.seconds !== undefined && !(b.seconds > 0)) throw new ValueError(`compare: budget.seconds must be a positive number. Received: ${b.seconds}`);
  return b.epochs === undefined && b.seconds === undefined ? { epochs: 5 } : { ...b };
}

const fmtS = (s: number) => `${s.toFixed(1)} s`;

/** One line about a finished run. */
function runLine(r: RunRecord, target: number | null): string {
  if (r.status === 'failed') return `failed: ${r.error}`;
  const last = [...r.epochs].reverse().find((e) => e.valAccuracy !== undefined);
  const parts = [
    `${r.epochs.length} epoch${r.epochs.length === 1 ? '' : 's'} (${r.stoppedBy})`, fmtS(r.trainSeconds),
    `${Math.round(r.samplesPerSecond).toLocaleString('en-US')} samples/s`,
  ];
  if (last) parts.push(`val acc ${last.valAccuracy!.toFixed(4)}`);
  if (target !== null) parts.push(r.timeToTarget === null ? `target ${target} not reached` : `target ${target} at ${fmtS(r.timeToTarget)}`);
  if (r.testAccuracy !== null) parts.push(`test acc ${r.testAccuracy.toFixed(4)}`);
  return (r.status === 'interrupted' ? 'interrupted: ' : '') + parts.join(', ');
}

/**
 * Trains the same model over a grid of optimizers × learning rates × batch sizes × thread
 * counts, from the same initial weights and data order, and writes a report of speed versus
 * accuracy: `report.html` (charts, sortable table, environment), `results.json`, `summary.md`.
 *
 * @example
 * ```ts
 * import { compare } from 'kerasm/compare';
 * await compare({
 *   model: 'fashion-mlp', outDir: 'study',
 *   grid: { optimizers: ['sgd-momentum', 'adam'], batchSizes: [32, 128, 512] },
 *   budget: { epochs: 5 },
 * });
 * ```
 */
export async function compare(opts: CompareOptions): Promise<Results> {
  checkOptions('compare', opts as unknown as Record<string, unknown>, KEYS);
  if (typeof opts.outDir !== 'string' || !opts.outDir) throw new ValueError(`compare: outDir must be a folder path. Received: ${String(opts.outDir)}`);
  const budget = checkBudget(opts.budget ?? {});
  const seed = opts.seed ?? 1234;
  const loss = opts.loss ?? 'sparse_categorical_crossentropy';
  const validationSplit = opts.validationSplit ?? 0.1;
  const verbose = opts.verbose ?? 1;
  const warmup = opts.warmup ?? 1024;
  if (!Number.isInteger(warmup) || warmup < 0) throw new ValueError(`compare: warmup must be a number of samples (an integer ≥ 0). Received: ${warmup}`);
  const write = opts.write ?? defaultWriter;
  const say = (s: string) => { if (verbose) write(`${s}\n`); };
  await ready();
  const startThreads = getThreadCount();
  const cells = expandGrid(opts.grid ?? {}, startThreads);
  const model = modelSource(opts.model);
  const data = dataSource(opts.data);
  const target = opts.targetAccuracy === undefined ? model.defaultTarget : opts.targetAccuracy;
  if (target !== null && !(target > 0 && target <= 1)) throw new ValueError(`compare: targetAccuracy must be in (0, 1] or null. Received: ${target}`);

  let stop = false;
  const onAbort = () => { stop = true; };
  opts.signal?.addEventListener('abort', onAbort);
  if (opts.signal?.aborted) stop = true;
  let sigints = 0;
  const onSigint = () => {
    sigints++;
    if (sigints > 1) process.exit(130);
    stop = true;
    write('\nInterrupted: stopping after this batch and writing a partial report (Ctrl-C again to quit at once).\n');
  };
  if (opts.handleSigint) process.on('SIGINT', onSigint);

  try {
    // One model up front: checks the model and data early and gives the data sizes.
    const probe = await model.build();
    let sizes: [number, number, number];
    try {
      const d = await data.get(probe);
      const n = d.xTrain.shape[0]!;
      const hasVal = d.xVal !== undefined;
      const nVal = hasVal ? d.xVal!.shape[0]! : Math.floor(n * validationSplit);
      sizes = [hasVal ? n : n - nVal, nVal, d.xTest?.shape[0] ?? 0];
    } finally {
      probe.dispose();
    }
    const results: Results = {
      format: 'kerasm-compare/1',
      setup: { model: model.name, data: data.name, budget, seed, targetAccuracy: target, loss, trainSamples: sizes[0], valSamples: sizes[1], testSamples: sizes[2] },
      environment: environment(),
      cells, runs: [], complete: false, updatedAt: '',
    };
    const prev = opts.resume === false ? undefined : readPrevious(opts.outDir, results.setup);
    const doneBefore = new Map((prev?.runs ?? []).filter((r) => r.status === 'done').map((r) => [r.id, r]));
    const byId = new Map<string, RunRecord>();
    for (const c of cells) { const r = doneBefore.get(c.id); if (r) byId.set(c.id, r); }
    const sync = () => { results.runs = cells.map((c) => byId.get(c.id)).filter((r): r is RunRecord => r !== undefined); };
    sync();
    writeOutputs(opts.outDir, results);
    say(`kerasm compare: ${model.name} on ${data.name}, ${cells.length} run${cells.length === 1 ? '' : 's'}` +
      `${doneBefore.size ? ` (${[...byId.keys()].length} already done in ${join(opts.outDir, FILES.results)})` : ''} → ${join(opts.outDir, FILES.report)}`);
    const multi = new Set(cells.map((c) => c.threads)).size > 1;
    for (const [i, cell] of cells.entries()) {
      if (stop) break;
      const head = `[${i + 1}/${cells.length}] ${cellLabel(cell, multi)}`;
      if (byId.has(cell.id)) { say(`${head}: done before, skipped`); continue; }
      say(head);
      const rec = await runCell({
        build: model.build, data: (m) => data.get(m), budget, seed, target, loss, validationSplit, warmup,
        write: verbose ? write : undefined, interrupted: () => stop,
      }, cell);
      byId.set(cell.id, rec);
      sync();
      say(`${head}: ${runLine(rec, target)}`);
      writeOutputs(opts.outDir, results);
    }
    results.complete = !stop && cells.every((c) => byId.get(c.id)?.status === 'done');
    writeOutputs(opts.outDir, results);
    say(`${results.complete ? 'Done' : 'Partial report'}: ${join(opts.outDir, FILES.report)}, ${FILES.results}, ${FILES.summary}`);
    return results;
  } finally {
    if (opts.handleSigint) process.off('SIGINT', onSigint);
    opts.signal?.removeEventListener('abort', onAbort);
    data.dispose();
    if (getThreadCount() !== startThreads) setThreadCount(startThreads);
  }
}

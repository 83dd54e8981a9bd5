// The state every Trainer run shares: compile(), the per-run cache of variables and weight
// entries, and the guards (disposed, compiled, one public run at a time, callbacks' nested
// runs, `trainable` changed since compile). The layers above it: train_step.ts (loss and
// steps), batch_inputs.ts (data checks), fit_loop.ts, evaluate_predict.ts, trainer.ts.

import { DisposedError, ValueError } from '../errors.js';
import type { Variable } from '../autograd/variable.js';
import * as optimizers from '../optimizers/index.js';
import * as metricsLib from '../metrics/index.js';
import type { Model } from '../models/model.js';
import type { Layer, LayerWeight } from '../layers/layer.js';
import { flatten } from './run_helpers.js';
import { compileOutputs, type OutputSpec } from './compile_outputs.js';
import type { CompiledTrainStep, JitMode } from './plan/compiled_step.js';
import { checkJitCompile } from './plan/options.js';
import { COMPILE_KEYS, checkOptions } from './checks.js';
import type { CompileArgs } from './args.js';

type Metric = InstanceType<typeof metricsLib.Metric>;


interface RunCache {
  vars: Variable[];
  /** Every variable (`model.weights`), read on first use: the compiled step's buffer check. */
  all: Variable[] | undefined;
  entries: readonly LayerWeight[];
  metrics: Metric[] | undefined;
}

export class TrainerBase {
  optimizer: ReturnType<typeof optimizers.get> | undefined;
  /** The arguments of the last compile(), kept for saving (Keras `compile_config`). */
  compileArgs: CompileArgs | undefined;
  /** Set by a callback's onTrainBegin (BackupAndRestore) to start fit at this epoch. */
  resumeEpoch: number | undefined;
  stopTraining = false;
  /** Keras `model._loss_tracker`: the mean loss, weighted by batch size. */
  readonly lossTracker = new metricsLib.Mean({ name: 'loss' });
  protected outputs: OutputSpec[] = [];
  private compiled = false;
  /** Each layer's `trainable` at compile time (Keras 3 warns when it changes; we refuse). */
  private trainableAtCompile = new Map<Layer, boolean>();
  /** The public call in progress (fit/evaluate/predict), and whether a callback is running. */
  private running: string | undefined;
  private inCallback = 0;
  disposed = false;
  /**
   * Trainable variables and weight entries, read once per run: the weight getters walk every
   * layer, which would cost more than a small training step. `trainable` changes need a
   * recompile anyway (see checkTrainableState). `metrics` (model.metrics, which scans the
   * model's fields) is read again at each epoch start, where the metrics are reset.
   */
  protected runCache: RunCache | undefined;

  protected cacheDepth = 0;
  /** `compile({ jitCompile })`; the compiled step itself lives for one fit() call. */
  protected jitMode: JitMode = false;
  /** compile() calls so far: a plan recorded before a compile() (from a callback) is stale. */
  protected compileCount = 0;
  /** @internal The compiled step of the last fit() (tests read `reason` and `replayed`). */
  lastCompiledStep: CompiledTrainStep | undefined;

  protected get cached(): RunCache {
    // Outside fit/evaluate/…OnBatch (a custom loop calling computeLoss) nothing is cached.
    if (this.cacheDepth === 0) return this.freshCache();
    return (this.runCache ??= this.freshCache());
  }

  // A method, not a closure in the getter: the package build (esbuild keepNames) names every
  // closure with a defineProperty call, which costs more than the rest of the getter.
  private freshCache(): RunCache {
    return { vars: this.model.trainableWeights, all: undefined, entries: this.model.weightEntries, metrics: undefined };
  }

  /** Every variable of the model, cached for the run like `cached.vars`. */
  protected get cachedWeights(): Variable[] {
    const c = this.cached;
    return (c.all ??= this.model.weights as Variable[]);
  }

  /** Runs `fn` with the per-run cache of variables and weight entries. */
  private async withRunCache<T>(fn: () => Promise<T>): Promise<T> {
    const outer = this.runCache;
    this.runCache = undefined;
    this.cacheDepth++;
    try {
      return await fn();
    } finally {
      this.cacheDepth--;
      this.runCache = outer;
    }
  }

  constructor(protected readonly model: Model) {}

  get isCompiled(): boolean {
    return this.compiled;
  }

  compile(args: CompileArgs = {}): void {
    this.checkLive('compile');
    checkOptions('compile', args, COMPILE_KEYS);
    this.optimizer = optimizers.get(args.optimizer ?? 'rmsprop');
    this.compileArgs = args;
    const names = this.model.outputNames.length > 0 ? this.model.outputNames : ['output'];
    this.outputs = compileOutputs(args, names);
    this.trainableAtCompile = new Map(flatten(this.model).map((l) => [l, l.trainable]));
    this.jitMode = checkJitCompile(args.jitCompile);
    this.compileCount++;
    this.compiled = true;
  }

  /**
   * Loss tracker, per-output loss trackers, then compiled metrics: the order of Keras 3.15's
   * evaluate() list (`[loss, cls_loss, reg_loss, cls_accuracy]`).
   */
  get metrics(): Metric[] {
    if (!this.compiled) return [];
    return [this.lossTracker, ...this.outputs.flatMap((o) => (o.tracker ? [o.tracker] : [])), ...this.outputs.flatMap((o) => o.metrics)];
  }

  protected checkLive(what: string): void {
    if (this.disposed) throw new DisposedError(`${what}: model '${this.model.name}' has been disposed.`);
  }

  protected requireCompiled(what: string): void {
    this.checkLive(what);
    if (!this.compiled || !this.optimizer) throw new ValueError(`${what}: you must call compile() before ${what}().`);
  }

  protected requireLoss(what: string): void {
    if (this.outputs.length === 0) {
      throw new ValueError(`${what}: the model was compiled without a loss. Pass \`loss\` to compile(), or override trainStep/testStep. Received: loss=undefined`);
    }
  }

  /** One public run at a time: a second fit/evaluate/predict while one is awaited would interleave batches and metrics. */
  protected async exclusive<T>(what: string, fn: () => Promise<T>): Promise<T> {
    this.checkLive(what);
    this.refuseConcurrent(what);
    const outer = this.running;
    this.running ??= what;
    try {
      return await this.withRunCache(fn);
    } finally {
      this.running = outer;
    }
  }

  /** A call while fit/evaluate/predict is awaited would interleave batches and reset its metrics. */
  protected refuseConcurrent(what: string): void {
    if (this.running && this.inCallback === 0) {
      throw new ValueError(`${what}: model '${this.model.name}' is already running ${this.running}(). Await it before calling ${what}() ` +
        '(a callback may call it, before its own first await). Received: a concurrent call');
    }
  }

  /**
   * Wraps the synchronous part of each callback invocation: model calls a callback makes
   * before its first `await` are nested runs (a callback evaluating the model), not
   * concurrent ones. Anything can run while a callback's promise is pending, so only that
   * synchronous part counts.
   */
  protected readonly aroundCallback = <T>(fn: () => T): T => {
    this.inCallback++;
    try {
      return fn();
    } finally {
      this.inCallback--;
    }
  };

  /** Keras 3 warns when `trainable` changed since compile (the optimizer tracks the old variables); we refuse. */
  protected checkTrainableState(what: string): void {
    const changed = flatten(this.model).filter((l) => this.trainableAtCompile.has(l) && this.trainableAtCompile.get(l) !== l.trainable);
    if (changed.length > 0) {
      throw new ValueError(`${what}: a layer's \`trainable\` state has changed since the model was compiled. Call compile() again so the ` +
        `change takes effect (as Keras 3 requires). Received: changed layers ${changed.map((l) => `'${l.name}'`).join(', ')}`);
    }
  }

  dispose(): void {
    this.optimizer?.dispose();
    this.disposed = true;
  }
}

// compile / fit / evaluate / predict for every Model (Keras `Trainer`).
//
// fit/evaluate/predict call the model's `trainStep`/`testStep`/`predictStep` once per batch,
// so Model subclasses can override them as in Keras. The default steps are the fast path
// below: record the forward pass and the loss on a tape, differentiate with respect to the
// trainable variables, apply one fused optimizer kernel, apply constraints, update metrics;
// every intermediate is freed before the next step. When the output layer ends in softmax
// and the loss is a cross-entropy on probabilities, the step asks the model for logits and
// uses the fused, stable softmax-cross-entropy (as Keras-TF does).

import { DisposedError, ValueError, fmt } from '../errors.js';
import { engine, Tape } from '../tensor/engine.js';
import { recordOn, backward } from '../autograd/backprop.js';
import { noGrad, tidy } from '../autograd/gradients.js';
import { Tensor } from '../tensor/tensor.js';
import type { Variable } from '../autograd/variable.js';
import { add } from '../ops/binary.js';
import { mulScalar } from '../ops/unary.js';
import { concat } from '../ops/concat.js';
import { fromData } from '../tensor/creation.js';
import * as optimizers from '../optimizers/index.js';
import * as losses from '../losses/index.js';
import * as metricsLib from '../metrics/index.js';
import { CallbackList, type CallbackLike, type History } from '../callbacks/index.js';
import type { Model } from '../models/model.js';
import { takeCallLosses, type Layer, type LayerWeight } from '../layers/layer.js';
import {
  checkFinite, classWeightsFor, numRows, rows, splitValidation, toTensors, type Inputs,
} from './data.js';
import { RAN_OUT, argsAfterDataSet, flatten, makeYielder, refuseInsideTape } from './run_helpers.js';
import {
  ArrayBatches, StreamBatches, isDataSource, refuseWithDataSet, type Batch, type BatchSource, type DataSource, type RawBatch,
} from './batches.js';
import { compileOutputs, updateCompiledMetrics, type OutputSpec } from './compile_outputs.js';
import { CompiledTrainStep, type ForwardBackward, type JitMode, type StepHost } from './plan/compiled_step.js';
import { checkJitCompile, labelCheckOf } from './plan/options.js';
import { autoRefusal, staticRefusal } from './plan/eligibility.js';
import { backend } from '../../bindings/index.js';
import {
  COMPILE_KEYS, EVALUATE_KEYS, FIT_KEYS, ON_BATCH_KEYS, PREDICT_KEYS, checkClassWeight, checkNonEmpty, checkOptions,
  checkSampleWeight, checkSampleWeightValues, checkValidationSplit, checkVerbose, nonNegativeInt, positiveInt,
} from './checks.js';

type LossId = losses.LossIdentifier;
type MetricId = metricsLib.MetricIdentifier;
type Metric = InstanceType<typeof metricsLib.Metric>;

/** x or y: one array, a list (multi-input/output), or a dict keyed by input/output name. */
export type DataArg = Inputs | Record<string, Inputs>;
export type { DataSource } from './batches.js';
/** What a step receives: the batch's x, y and sample weights, shaped like the model's inputs/outputs. */
export type StepTensors = Tensor | Tensor[] | Record<string, Tensor>;
/** The batch `trainStep`/`testStep` receive: `[x, y, sampleWeight]` (y and sampleWeight may be absent). */
export type StepData = [x: StepTensors, y?: StepTensors, sampleWeight?: Tensor];
/** What trainStep/testStep return: metric values by name (numbers or scalar tensors). */
export type StepLogs = Record<string, number | Tensor>;

/**
 * Options of `model.compile()` (Keras `Model.compile` arguments, camelCase; tfjs `ModelCompileArgs`). Unknown keys throw a `ValueError` with a suggestion.
 */
export interface CompileArgs {
  /** Default 'rmsprop', as in Keras. */
  optimizer?: optimizers.OptimizerIdentifier;
  /** May be omitted when a custom `trainStep` computes its own loss. */
  loss?: LossId | LossId[] | Record<string, LossId>;
  /** Metrics reported by fit/evaluate, by name ('accuracy', 'mae', …) or object; a dict gives per-output lists. Default none. */
  metrics?: MetricId[] | Record<string, MetricId[]>;
  /** Metrics that sample and class weights apply to (Keras `weighted_metrics`; `metrics` ignore them). */
  weightedMetrics?: MetricId[] | Record<string, MetricId[]>;
  /** Weights of the per-output losses in the total loss (a list in output order, or a dict by output name). Default all 1. */
  lossWeights?: number[] | Record<string, number>;
  /**
   * Compile fit's training step (Keras `jit_compile`): after a warm-up, the step's kernel calls
   * are recorded, verified and replayed without the tape or per-op JS, with bit-for-bit the
   * eager results. 'auto' uses it when the model qualifies (default train step, one output,
   * stateless layers such as Dense/Conv/pooling, no sample weights, 16 or more steps) and falls
   * back to the eager step silently; true throws when it cannot; false always runs eagerly.
   * Default 'auto', as in Keras 3.
   */
  jitCompile?: boolean | 'auto';
}

/**
 * Options of `model.fit()` (Keras `Model.fit` arguments, camelCase; tfjs `ModelFitArgs`). Unknown keys throw a `ValueError` with a suggestion.
 */
export interface FitArgs {
  /** Number of epochs to train (up to, counting from `initialEpoch`). Default 1. */
  epochs?: number;
  /** Samples per gradient step for array inputs (a data set batches itself). Default 32. */
  batchSize?: number;
  /** 0 silent, 1 progress bar, 2 one line per epoch; 'auto' (default) is 1. */
  verbose?: 0 | 1 | 2 | 'auto';
  /** Callbacks called during training (EarlyStopping, ModelCheckpoint, …, or tfjs-style `{ onEpochEnd }` hook objects); a History is always added and returned. */
  callbacks?: CallbackLike[] | CallbackLike;
  /** Fraction in [0, 1) of the array samples held out for validation: the last ones, before shuffling (as Keras). Default 0. */
  validationSplit?: number;
  /** Arrays `[x, y]` / `[x, y, sampleWeight]`, or a data set (then `validationSteps` may limit each pass). */
  validationData?: [DataArg, DataArg] | [DataArg, DataArg, Inputs] | DataSource;
  /** Shuffle array samples each epoch (seeded by `seed`). Default true; ignored, with a warning, for a data set. */
  shuffle?: boolean;
  /** Weight of each class index in the loss (for unbalanced classes); exclusive with `sampleWeight`. */
  classWeight?: Record<number, number>;
  /** Weight of each sample in the loss and weighted metrics, one per row of x; exclusive with `classWeight`. */
  sampleWeight?: Tensor | Float32Array | number[];
  /** Epoch at which to start (to resume a run); epochs run from it up to `epochs`. Default 0. */
  initialEpoch?: number;
  /**
   * Steps per epoch. With a data set: needed when it is infinite; the iterator then carries on
   * across epochs, and running out of batches before the count is an error.
   */
  stepsPerEpoch?: number;
  /** Batches per validation pass when `validationData` is a data set (default: one full pass). */
  validationSteps?: number;
  /** Batch size of the validation passes. Default `batchSize`. */
  validationBatchSize?: number;
  /** Seed of the per-epoch shuffles (default: fixed, so runs are reproducible). */
  seed?: number;
}

/** Options of `model.evaluate()` (Keras `Model.evaluate` arguments, camelCase; tfjs `ModelEvaluateArgs`). */
export interface EvaluateArgs {
  /** Samples per batch for array inputs. Default 32. */
  batchSize?: number;
  /** Batches to evaluate (default: all; required for an infinite data set). */
  steps?: number;
  /** 0 silent, 1 progress bar, 2 one line; 'auto' (default) is 1. */
  verbose?: 0 | 1 | 2 | 'auto';
  /** Weight of each sample in the loss and weighted metrics, one per row of x. */
  sampleWeight?: Tensor | Float32Array | number[];
  /** Callbacks called on the test batches (`onTestBegin`, `onTestBatchEnd`, …). */
  callbacks?: CallbackLike[] | CallbackLike;
  /** Return `{ loss, ...metrics }` by name instead of the loss or `[loss, ...metrics]`. Default false. */
  returnDict?: boolean;
}

/** Options of `model.predict()` (Keras `Model.predict` arguments, camelCase). */
export interface PredictArgs {
  /** Samples per batch for array inputs. Default 32. */
  batchSize?: number;
  /** Batches to predict (default: all; required for an infinite data set). */
  steps?: number;
  /** 0 (default here) silent, 1 or 'auto' a progress bar, 2 one line. */
  verbose?: 0 | 1 | 2 | 'auto';
  /** Callbacks called on the prediction batches (`onPredictBegin`, `onPredictBatchEnd`, …). */
  callbacks?: CallbackLike[] | CallbackLike;
}

interface RunCache {
  vars: Variable[];
  entries: readonly LayerWeight[];
  metrics: Metric[] | undefined;
}

export class Trainer {
  optimizer: ReturnType<typeof optimizers.get> | undefined;
  /** The arguments of the last compile(), kept for saving (Keras `compile_config`). */
  compileArgs: CompileArgs | undefined;
  /** Set by a callback's onTrainBegin (BackupAndRestore) to start fit at this epoch. */
  resumeEpoch: number | undefined;
  stopTraining = false;
  /** Keras `model._loss_tracker`: the mean loss, weighted by batch size. */
  readonly lossTracker = new metricsLib.Mean({ name: 'loss' });
  private outputs: OutputSpec[] = [];
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
  private runCache: RunCache | undefined;

  private cacheDepth = 0;
  /** `compile({ jitCompile })`; the compiled step itself lives for one fit() call. */
  private jitMode: JitMode = false;
  /** compile() calls so far: a plan recorded before a compile() (from a callback) is stale. */
  private compileCount = 0;
  /** @internal The compiled step of the last fit() (tests read `reason` and `replayed`). */
  lastCompiledStep: CompiledTrainStep | undefined;

  private get cached(): RunCache {
    // Outside fit/evaluate/…OnBatch (a custom loop calling computeLoss) nothing is cached.
    if (this.cacheDepth === 0) return this.freshCache();
    return (this.runCache ??= this.freshCache());
  }

  // A method, not a closure in the getter: the package build (esbuild keepNames) names every
  // closure with a defineProperty call, which costs more than the rest of the getter.
  private freshCache(): RunCache {
    return { vars: this.model.trainableWeights, entries: this.model.weightEntries, metrics: undefined };
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

  constructor(private readonly model: Model) {}

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

  private checkLive(what: string): void {
    if (this.disposed) throw new DisposedError(`${what}: model '${this.model.name}' has been disposed.`);
  }

  private requireCompiled(what: string): void {
    this.checkLive(what);
    if (!this.compiled || !this.optimizer) throw new ValueError(`${what}: you must call compile() before ${what}().`);
  }

  private requireLoss(what: string): void {
    if (this.outputs.length === 0) {
      throw new ValueError(`${what}: the model was compiled without a loss. Pass \`loss\` to compile(), or override trainStep/testStep. Received: loss=undefined`);
    }
  }

  /** One public run at a time: a second fit/evaluate/predict while one is awaited would interleave batches and metrics. */
  private async exclusive<T>(what: string, fn: () => Promise<T>): Promise<T> {
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
  private refuseConcurrent(what: string): void {
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
  private readonly aroundCallback = <T>(fn: () => T): T => {
    this.inCallback++;
    try {
      return fn();
    } finally {
      this.inCallback--;
    }
  };

  /** Keras 3 warns when `trainable` changed since compile (the optimizer tracks the old variables); we refuse. */
  private checkTrainableState(what: string): void {
    const changed = flatten(this.model).filter((l) => this.trainableAtCompile.has(l) && this.trainableAtCompile.get(l) !== l.trainable);
    if (changed.length > 0) {
      throw new ValueError(`${what}: a layer's \`trainable\` state has changed since the model was compiled. Call compile() again so the ` +
        `change takes effect (as Keras 3 requires). Received: changed layers ${changed.map((l) => `'${l.name}'`).join(', ')}`);
    }
  }

  /** Whether the output layer is a softmax that a cross-entropy loss can absorb. */
  private configureLogitsFusion(): void {
    if (this.outputs.length !== 1) return;
    const out = this.outputs[0]!;
    // The layer that produces the model's output; subclassed models have no graph to ask.
    const last = this.model.isFunctional ? this.model.outputs[0]!.node?.layer : undefined;
    const act = (last as { activation?: { activationName?: string } } | undefined)?.activation;
    out.logitsLoss = act?.activationName === 'softmax' ? losses.withLogits(out.loss) : null;
  }

  private get fused(): boolean {
    return this.outputs.length === 1 && this.outputs[0]!.logitsLoss !== null;
  }

  private forward(xs: Tensor[], training: boolean, logits: boolean): Tensor[] {
    return this.model.applyList(xs, { training, logits });
  }

  /** Σ weighted output losses + weight regularisers + added/activity losses. */
  totalLoss(ys: Tensor[], preds: Tensor[], sw: Tensor | undefined, logits: boolean, track = false): Tensor {
    let total: Tensor | undefined;
    if (this.outputs.length > 0 && ys.length !== this.outputs.length) {
      throw new ValueError(`computeLoss: model '${this.model.name}' has ${this.outputs.length} output(s). Received: ${ys.length} target array(s)`);
    }
    // Plain loops: this runs every step, and closures cost a defineProperty each in the package build.
    for (let i = 0; i < this.outputs.length; i++) {
      const o = this.outputs[i]!;
      const lossFn = logits && o.logitsLoss ? o.logitsLoss : o.loss;
      const l = lossFn.apply(ys[i]!, preds[i]!, sw);
      if (track && o.tracker) {
        const v = l.dataSync()[0]!;
        const n = preds[i]!.shape[0] ?? 1;
        o.tracker.total += v * n;
        o.tracker.count += n;
      }
      const t = o.weight === 1 ? l : mulScalar(l, o.weight);
      total = total ? add(total, t) : t;
    }
    for (const w of this.cached.entries) {
      if (w.regularizer && w.variable.trainable) {
        const t = w.regularizer.call(w.variable);
        total = total ? add(total, t) : t;
      }
    }
    for (const a of takeCallLosses()) total = total ? add(total, a) : a;
    if (!total) {
      throw new ValueError(`computeLoss: model '${this.model.name}' has no loss: compile() was called without \`loss\` and the model added none.`);
    }
    return total;
  }

  /** Updates the compiled metrics (not the loss tracker) on one batch. */
  updateMetrics(ys: Tensor[], preds: Tensor[], sw: Tensor | undefined, logits = false): void {
    updateCompiledMetrics(this.outputs, ys, preds, sw, logits);
  }

  private trackLoss(v: number, n: number): void {
    this.lossTracker.total += v * n;
    this.lossTracker.count += n;
  }

  /** The default `Model.trainStep`: one optimisation step; returns the running metric values. */
  defaultTrainStep(xs: Tensor[], ys: Tensor[], sw: Tensor | undefined): Record<string, number> {
    this.requireLoss('fit');
    const fb = this.forwardBackward(xs, ys, sw);
    try {
      return this.finishStep(xs, ys, sw, fb);
    } finally {
      fb.loss.dispose();
      fb.preds.forEach((p) => p.dispose());
      fb.grads.forEach((g) => g.dispose());
    }
  }

  /** The first half of a step: forward and loss on a tape, then the gradients (a compiled step records this). */
  private forwardBackward(xs: Tensor[], ys: Tensor[], sw: Tensor | undefined): ForwardBackward {
    const vars = this.cached.vars;
    const tape = new Tape();
    for (const v of vars) tape.tracked.add(v.id);
    const logits = this.fused;
    const [loss, preds] = recordOn(tape, () => {
      const p = this.forward(xs, true, logits);
      return [this.totalLoss(ys, p, sw, logits, true), p] as const;
    });
    try {
      return { loss, preds, grads: backward(tape, loss, vars) };
    } catch (e) {
      loss.dispose();
      preds.forEach((p) => p.dispose());
      throw e;
    }
  }

  /** The second half: optimizer, constraints, metrics, loss tracker (a compiled step runs it as is). */
  private finishStep(xs: Tensor[], ys: Tensor[], sw: Tensor | undefined, fb: ForwardBackward): Record<string, number> {
    const vars = this.cached.vars;
    this.optimizer!.applyGradients(fb.grads.map((g, i) => [g, vars[i]!] as [Tensor, Variable]));
    this.applyConstraints();
    this.updateMetrics(ys, fb.preds, sw, this.fused);
    this.trackLoss(fb.loss.dataSync()[0]!, numRows(xs));
    return this.metricValues();
  }

  /** What a compiled step borrows from this trainer. */
  private stepHost(): StepHost {
    const out = this.outputs[0]?.logitsLoss ?? this.outputs[0]?.loss;
    return {
      backend: backend(), generation: this.compileCount, currentGeneration: () => this.compileCount,
      variables: () => this.model.weights as Variable[],
      forwardBackward: (xs, ys) => this.forwardBackward(xs, ys, undefined),
      finishStep: (xs, ys, fb) => this.finishStep(xs, ys, undefined, fb),
      labelCheck: labelCheckOf(out),
    };
  }

  private applyConstraints(): void {
    for (const w of this.cached.entries) {
      if (!w.constraint) continue;
      const c = w.constraint.call(w.variable);
      w.variable.assign(c);
      c.dispose();
    }
  }

  /** The default `Model.testStep`. */
  defaultTestStep(xs: Tensor[], ys: Tensor[], sw: Tensor | undefined): Record<string, number> {
    this.requireLoss('evaluate');
    noGrad(() => tidy(() => {
      const logits = this.fused;
      const preds = this.forward(xs, false, logits);
      const loss = this.totalLoss(ys, preds, sw, logits, true);
      this.updateMetrics(ys, preds, sw, logits);
      this.trackLoss(loss.dataSync()[0]!, numRows(xs));
    }));
    return this.metricValues();
  }

  /** Current value of every metric in `model.metrics`, by name. */
  metricValues(): Record<string, number> {
    const out: Record<string, number> = {};
    const list = this.cacheDepth === 0 ? this.model.metrics : (this.cached.metrics ??= this.model.metrics);
    for (const m of list) out[m.name] = m.result();
    return out;
  }

  /** Resets every metric at the start of an epoch or evaluation, and reads the list afresh. */
  private resetMetrics(): void {
    if (this.runCache) this.runCache.metrics = undefined;
    this.model.resetMetrics();
  }

  /** Runs a step hook in a scope and turns its logs into numbers. */
  private runStep(what: string, step: () => StepLogs): Record<string, number> {
    return tidy(() => {
      const logs = step();
      if (logs === null || typeof logs !== 'object' || Array.isArray(logs) || logs instanceof Tensor) {
        throw new ValueError(`${what} must return an object of metric values. Received: ${fmt(logs)}`);
      }
      const out: Record<string, number> = {};
      for (const [k, v] of Object.entries(logs)) out[k] = v instanceof Tensor ? v.dataSync()[0]! : Number(v);
      return out;
    });
  }

  /** No targets reach a step as `y = undefined`, as Keras passes None. */
  private packTargets(ys: Tensor[]): StepTensors | undefined {
    return ys.length === 0 ? undefined : this.pack(ys, 'output');
  }

  /** Shapes batch tensors like the model's inputs/outputs for step hooks. */
  private pack(ts: Tensor[], kind: 'input' | 'output'): StepTensors {
    return this.model.packStructure(ts, kind);
  }

  private validate(xs: Tensor[], ys: Tensor[], what: string): void {
    if (xs.length !== Math.max(1, this.model.inputs.length) && this.model.isFunctional) {
      throw new ValueError(`${what}: model '${this.model.name}' expects ${this.model.inputs.length} input array(s). Received: ${xs.length}`);
    }
    if (this.outputs.length > 0 && ys.length !== this.outputs.length) {
      throw new ValueError(`${what}: model '${this.model.name}' has ${this.outputs.length} output(s). Received: ${ys.length} target array(s)`);
    }
    const n = numRows(xs);
    checkNonEmpty(what, n);
    if (ys.length > 0 && numRows(ys) !== n) {
      throw new ValueError(`${what}: x and y must have the same number of samples. Received: x has ${n} samples, y has ${numRows(ys)}`);
    }
    checkFinite(xs, `${what}: x`);
    checkFinite(ys, `${what}: y`);
    this.checkInputShapes(xs, what);
  }

  private checkInputShapes(xs: Tensor[], what: string): void {
    if (!this.model.isFunctional) return;
    this.model.inputs.forEach((s, i) => {
      const t = xs[i]!;
      if (s.shape.length !== t.rank || s.shape.some((d, j) => j > 0 && d !== null && d !== t.shape[j])) {
        throw new ValueError(`${what}: input ${i} of model '${this.model.name}' expects shape (None, ${s.shape.slice(1).join(', ')}). Received: shape=${fmt(t.shape)}`);
      }
    });
  }

  /** Builds the model, validates the loss on one small batch, before any training. */
  private warmCheck(xs: Tensor[], ys: Tensor[]): void {
    noGrad(() => tidy(() => {
      const b = Math.min(2, numRows(xs));
      const xb = rows(xs, 0, b);
      const yb = rows(ys, 0, b);
      const preds = this.forward(xb, false, false);
      if (this.outputs.length > 0) this.totalLoss(yb, preds, undefined, false);
      else takeCallLosses();
    }));
    // Labels out of range for the whole data set are caught by the loss's own checks per batch.
  }

  private sampleWeights(what: string, raw: unknown, n: number, owned: Tensor[]): Tensor | undefined {
    if (raw === undefined) return undefined;
    checkSampleWeightValues(what, raw);
    const T = toTensors(raw as Inputs, `${what}: sampleWeight`);
    owned.push(...T.owned);
    checkSampleWeight(what, T.list[0]!, n);
    return T.list[0];
  }

  private toList(x: DataArg, kind: 'input' | 'output', what: string, owned: Tensor[]): Tensor[] {
    const T = toTensors(this.model.flattenStructure(x, kind, what) as Inputs, what);
    owned.push(...T.owned);
    return T.list;
  }

  fit(x: DataArg | DataSource, y?: DataArg | FitArgs, args?: FitArgs): Promise<History> {
    const [yy, a] = argsAfterDataSet(x, y, args);
    return this.exclusive('fit', () => this.fitImpl(x, yy as DataArg | undefined, (a ?? {}) as FitArgs));
  }

  /**
   * Turns one element of a data set into a batch: structure as for arrays, the same checks as
   * for arrays, sample weights from `classWeight`. Frees what it created when a check fails.
   */
  private converter(kind: 'fit' | 'evaluate' | 'predict', classWeight: Record<number, number> | undefined) {
    return (raw: RawBatch, owns: (t: Tensor) => boolean, label: string): Batch => {
      const owned: Tensor[] = [];
      const adopt = (x: unknown, side: 'input' | 'output'): Tensor[] => {
        const T = toTensors(this.model.flattenStructure(x as DataArg, side, label) as Inputs, label);
        owned.push(...T.owned);
        for (const t of T.list) if (!T.owned.includes(t) && owns(t)) owned.push(t);
        return T.list;
      };
      try {
        if (raw.x === undefined || raw.x === null) throw new ValueError(`${label}: the element has no x. Received: ${fmt(raw.x)}`);
        const xs = adopt(raw.x, 'input');
        if (kind === 'predict') {
          checkNonEmpty(label, numRows(xs));
          this.checkInputShapes(xs, label);
          return { xs, ys: [], sw: undefined, owned };
        }
        const ys = raw.y === undefined || raw.y === null ? [] : adopt(raw.y, 'output');
        this.validate(xs, ys, label);
        let sw: Tensor | undefined;
        if (raw.sw !== undefined && raw.sw !== null) {
          if (classWeight) throw new ValueError(`${label}: pass either classWeight or sample weights in the data set, not both.`);
          checkSampleWeightValues(label, raw.sw);
          [sw] = adopt(raw.sw, 'input').slice(0, 1);
          checkSampleWeight(label, sw!, numRows(xs));
        } else if (classWeight && ys.length > 0) {
          sw = fromData('classWeight', classWeightsFor(ys[0]!, classWeight), [numRows(ys)], 'float32');
          owned.push(sw);
        }
        return { xs, ys, sw, owned };
      } catch (e) {
        owned.forEach((t) => t.dispose());
        throw e;
      }
    };
  }

  private async fitImpl(x: DataArg | DataSource, y: DataArg | undefined, args: FitArgs): Promise<History> {
    this.requireCompiled('fit');
    checkOptions('fit', args, FIT_KEYS);
    const epochs = nonNegativeInt('fit', 'epochs', args.epochs, 1);
    const batchSize = positiveInt('fit', 'batchSize', args.batchSize, 32);
    const valBatchSize = positiveInt('fit', 'validationBatchSize', args.validationBatchSize, batchSize);
    const stepsPerEpoch = positiveInt('fit', 'stepsPerEpoch', args.stepsPerEpoch, Infinity);
    const validationSteps = positiveInt('fit', 'validationSteps', args.validationSteps, Infinity);
    const initialEpoch = nonNegativeInt('fit', 'initialEpoch', args.initialEpoch, 0);
    const verbose = checkVerbose('fit', args.verbose);
    const split = checkValidationSplit('fit', args.validationSplit);
    if (args.classWeight !== undefined) checkClassWeight('fit', args.classWeight);
    this.checkTrainableState('fit');
    const firstId = engine.newId();
    const owned: Tensor[] = [];
    let train: BatchSource | undefined, val: BatchSource | undefined;
    let jit: CompiledTrainStep | null | undefined;
    try {
      let warmed = !this.model.hasDefaultTrainStep;
      if (isDataSource(x)) {
        refuseWithDataSet('fit', 'y', y, 'the targets');
        refuseWithDataSet('fit', 'sampleWeight', args.sampleWeight, 'the sample weights');
        if (split > 0) {
          throw new ValueError('fit: validationSplit is only supported when x is arrays or tensors; with a data set, pass `validationData` ' +
            `(for example a data set split with utils.splitDataset). Received: validationSplit=${split}`);
        }
        if (args.shuffle === true) {
          console.warn('fit: `shuffle: true` was passed, but will be ignored since x is a data set; shuffle the data set itself (ds.shuffle(bufferSize)).');
        }
        train = new StreamBatches('fit', x, args.stepsPerEpoch, this.converter('fit', args.classWeight), firstId);
      } else {
        const X = this.toList(x, 'input', 'fit', owned);
        // No y: only a custom trainStep can use that (the loss check below refuses it otherwise).
        const Y = y === undefined || y === null ? [] : this.toList(y, 'output', 'fit', owned);
        this.validate(X, Y, 'fit');
        let trainX = X, trainY = Y;
        let sampleW = this.sampleWeights('fit', args.sampleWeight, numRows(X), owned);
        if (args.classWeight) {
          if (sampleW) throw new ValueError('fit: pass either classWeight or sampleWeight, not both.');
          if (Y.length === 0) throw new ValueError('fit: classWeight needs targets y. Received: y=undefined');
          sampleW = fromData('classWeight', classWeightsFor(Y[0]!, args.classWeight), [numRows(Y)], 'float32');
          owned.push(sampleW);
        }
        if (args.validationData === undefined && split > 0) {
          const sx = splitValidation(X, split), sy = Y.length > 0 ? splitValidation(Y, split) : { train: [], val: [] };
          trainX = sx.train; trainY = sy.train;
          owned.push(...sx.train, ...sx.val, ...sy.train, ...sy.val);
          if (sampleW) {
            const [sw] = rows([sampleW], 0, numRows(trainX));
            owned.push(sw!);
            sampleW = sw;
          }
          val = new ArrayBatches(sx.val, sy.val, undefined, valBatchSize, validationSteps, undefined);
        }
        if (!warmed) this.warmCheck(trainX, trainY);
        warmed = true;
        train = new ArrayBatches(trainX, trainY, sampleW, batchSize, stepsPerEpoch, (args.shuffle ?? true) ? (args.seed ?? 20251122) : undefined);
      }
      if (args.validationData !== undefined) {
        const vd = args.validationData as unknown;
        if (isDataSource(vd)) {
          val = new StreamBatches('fit: validationData', vd, args.validationSteps, this.converter('evaluate', undefined), firstId);
        } else {
          if (!Array.isArray(vd) || vd.length < 2 || vd.length > 3) {
            throw new ValueError(`fit: validationData must be [x, y], [x, y, sampleWeight] or a data set. Received: ${fmt(vd)}`);
          }
          const valX = this.toList(vd[0] as DataArg, 'input', 'fit: validationData', owned);
          const valY = this.toList(vd[1] as DataArg, 'output', 'fit: validationData', owned);
          this.validate(valX, valY, 'fit: validationData');
          const valW = this.sampleWeights('fit: validationData', vd[2], numRows(valX), owned);
          val = new ArrayBatches(valX, valY, valW, valBatchSize, validationSteps, undefined);
        }
      }
      this.runCache = undefined; // the warm check may have built the model
      this.configureLogitsFusion();
      const cbs = new CallbackList(args.callbacks ?? [], {
        addHistory: true, addProgbar: verbose !== 0, model: this.model, around: this.aroundCallback,
        params: { epochs, steps: train.steps, samples: train.samples, verbose, batchSize },
      });
      this.stopTraining = false;
      this.resumeEpoch = undefined;
      await cbs.onTrainBegin({});
      const firstEpoch = this.resumeEpoch ?? initialEpoch;
      this.resumeEpoch = undefined;
      let yielder = makeYielder();
      let lastLogs: Record<string, number> = {};
      for (let epoch = firstEpoch; epoch < epochs && !this.stopTraining; epoch++) {
        if (!(await train.begin(epoch))) {
          console.warn(RAN_OUT);
          break;
        }
        await cbs.onEpochBegin(epoch, {});
        this.resetMetrics();
        let logs: Record<string, number> = {};
        for (let step = 0; !this.stopTraining; step++) {
          const b = await train.next();
          if (!b) break;
          try {
            if (!warmed) {
              // A data set's first batch builds the model and checks the loss, as the arrays' warm check does.
              this.warmCheck(b.xs, b.ys);
              warmed = true;
              this.runCache = undefined;
              this.configureLogitsFusion();
            }
            await cbs.onTrainBatchBegin(step, {});
            jit ??= this.jitMode === false ? null : (this.lastCompiledStep = new CompiledTrainStep(this.stepHost(), this.jitMode,
              staticRefusal(this.model, this.outputs.length) ?? autoRefusal(this.jitMode, train.steps, epochs - epoch)));
            logs = jit?.run(b) ?? this.runStep('trainStep', () => this.model.trainStep([this.pack(b.xs, 'input'), this.packTargets(b.ys), b.sw]));
          } finally {
            b.owned.forEach((t) => t.dispose());
          }
          await cbs.onTrainBatchEnd(step, { ...logs });
          await yielder();
        }
        const epochLogs = { ...logs };
        if (val && !this.stopTraining) {
          const v = await this.evaluateLogs(val, cbs, epoch);
          if (v) for (const [k, value] of Object.entries(v)) epochLogs[`val_${k}`] = value;
        }
        await cbs.onEpochEnd(epoch, epochLogs);
        lastLogs = epochLogs;
        yielder = makeYielder();
      }
      (this.optimizer as { finalizeVariableValues?: (v: Variable[]) => void }).finalizeVariableValues?.(this.model.trainableWeights);
      await cbs.onTrainEnd(lastLogs);
      return cbs.history;
    } finally {
      jit?.dispose();
      await train?.close();
      await val?.close();
      owned.forEach((t) => t.dispose());
    }
  }

  /** One pass of test steps; undefined when a one-shot data set is used up (validation is then skipped). */
  private async evaluateLogs(data: BatchSource, cbs: CallbackList, epoch = 0): Promise<Record<string, number> | undefined> {
    this.resetMetrics();
    if (!(await data.begin(epoch))) {
      console.warn(RAN_OUT);
      return undefined;
    }
    const yielder = makeYielder();
    await cbs.onTestBegin({});
    let logs: Record<string, number> = {};
    for (let step = 0; ; step++) {
      const b = await data.next();
      if (!b) break;
      try {
        await cbs.onTestBatchBegin(step, {});
        const stepData: StepData = [this.pack(b.xs, 'input'), this.packTargets(b.ys), b.sw];
        logs = this.runStep('testStep', () => this.model.testStep(stepData));
      } finally {
        b.owned.forEach((t) => t.dispose());
      }
      await cbs.onTestBatchEnd(step, { ...logs });
      await yielder();
    }
    await cbs.onTestEnd({ ...logs });
    return logs;
  }

  /** Loss and metrics on the data: a number, `[loss, ...metrics]`, or a dict with `returnDict`. */
  evaluate(x: DataArg | DataSource, y?: DataArg | EvaluateArgs, args?: EvaluateArgs): Promise<number | number[] | Record<string, number>> {
    const [yy, a] = argsAfterDataSet(x, y, args);
    return this.exclusive('evaluate', () => this.evaluateImpl(x, yy as DataArg | undefined, (a ?? {}) as EvaluateArgs));
  }

  private async evaluateImpl(x: DataArg | DataSource, y: DataArg | undefined, args: EvaluateArgs): Promise<number | number[] | Record<string, number>> {
    this.requireCompiled('evaluate');
    checkOptions('evaluate', args, EVALUATE_KEYS);
    const batchSize = positiveInt('evaluate', 'batchSize', args.batchSize, 32);
    const steps = positiveInt('evaluate', 'steps', args.steps, Infinity);
    const verbose = checkVerbose('evaluate', args.verbose);
    const owned: Tensor[] = [];
    let data: BatchSource | undefined;
    try {
      if (isDataSource(x)) {
        refuseWithDataSet('evaluate', 'y', y, 'the targets');
        refuseWithDataSet('evaluate', 'sampleWeight', args.sampleWeight, 'the sample weights');
        data = new StreamBatches('evaluate', x, args.steps, this.converter('evaluate', undefined), engine.newId());
      } else {
        const X = this.toList(x, 'input', 'evaluate', owned);
        const Y = y === undefined || y === null ? [] : this.toList(y, 'output', 'evaluate', owned);
        this.validate(X, Y, 'evaluate');
        const sw = this.sampleWeights('evaluate', args.sampleWeight, numRows(X), owned);
        data = new ArrayBatches(X, Y, sw, batchSize, steps, undefined);
      }
      this.configureLogitsFusion();
      // Keras's default ('auto') shows a progress bar; here an explicit verbose 1 or 2 does.
      const shown = args.verbose === undefined ? 0 : verbose;
      const cbs = new CallbackList(args.callbacks ?? [], {
        model: this.model, around: this.aroundCallback, addProgbar: shown !== 0,
        params: { steps: data.steps, samples: data.samples, verbose: shown, batchSize },
      });
      const logs = (await this.evaluateLogs(data, cbs))!;
      if (args.returnDict) return logs;
      const vals = Object.values(logs);
      return vals.length === 1 ? vals[0]! : vals;
    } finally {
      await data?.close();
      owned.forEach((t) => t.dispose());
    }
  }

  /** Outputs for every sample, computed in batches (inference mode). */
  predict(x: DataArg | DataSource, args: PredictArgs = {}): Promise<Tensor | Tensor[] | Record<string, Tensor>> {
    refuseInsideTape('predict');
    return this.exclusive('predict', () => this.predictImpl(x, args));
  }

  private async predictImpl(x: DataArg | DataSource, args: PredictArgs): Promise<Tensor | Tensor[] | Record<string, Tensor>> {
    this.checkLive('predict');
    checkOptions('predict', args, PREDICT_KEYS);
    const bs = positiveInt('predict', 'batchSize', args.batchSize, 32);
    const steps = positiveInt('predict', 'steps', args.steps, Infinity);
    const shown = args.verbose === undefined ? 0 : checkVerbose('predict', args.verbose);
    const owned: Tensor[] = [];
    const parts: Tensor[][] = [];
    let data: BatchSource | undefined;
    try {
      if (isDataSource(x)) {
        data = new StreamBatches('predict', x, args.steps, this.converter('predict', undefined), engine.newId());
      } else {
        const X = this.toList(x, 'input', 'predict', owned);
        checkNonEmpty('predict', numRows(X));
        this.checkInputShapes(X, 'predict');
        data = new ArrayBatches(X, [], undefined, bs, steps, undefined);
      }
      const cbs = new CallbackList(args.callbacks ?? [], {
        model: this.model, around: this.aroundCallback, addProgbar: shown !== 0, params: { steps: data.steps, samples: data.samples, verbose: shown, batchSize: bs },
      });
      await data.begin(0);
      await cbs.onPredictBegin({});
      const yielder = makeYielder();
      for (let step = 0; ; step++) {
        const b = await data.next();
        if (!b) break;
        try {
          await cbs.onPredictBatchBegin(step, {});
          parts.push(noGrad(() => tidy(() => this.model.unpackStructure(this.model.predictStep(this.pack(b.xs, 'input'))))));
        } finally {
          b.owned.forEach((t) => t.dispose());
        }
        await cbs.onPredictBatchEnd(step, { outputs: parts.at(-1)! } as never);
        await yielder();
      }
      const outs = parts[0]!.map((_, j) => {
        const col = parts.map((p) => p[j]!);
        const r = col.length === 1 ? col[0]! : concat(col, 0);
        if (col.length > 1) col.forEach((t) => t.dispose());
        return r;
      });
      parts.length = 0;
      await cbs.onPredictEnd({});
      const packed = this.model.packStructure(outs, 'output');
      return packed;
    } finally {
      await data?.close();
      parts.flat().forEach((t) => t.dispose());
      owned.forEach((t) => t.dispose());
    }
  }

  predictOnBatch(x: Tensor | Tensor[]): Tensor | Tensor[] {
    this.checkLive('predictOnBatch');
    refuseInsideTape('predictOnBatch');
    const outs = noGrad(() => this.forward(Array.isArray(x) ? x : [x], false, false));
    return outs.length === 1 ? outs[0]! : outs;
  }

  /** One step on one batch; returns `[loss, ...metrics]` (or the loss alone, or a dict with `returnDict`). */
  trainOnBatch(x: DataArg, y: DataArg, args: { sampleWeight?: Tensor; resetMetrics?: boolean; returnDict?: boolean } = {}): number | number[] | Record<string, number> {
    return this.onBatch('trainOnBatch', x, y, args);
  }

  testOnBatch(x: DataArg, y: DataArg, args: { sampleWeight?: Tensor; resetMetrics?: boolean; returnDict?: boolean } = {}): number | number[] | Record<string, number> {
    return this.onBatch('testOnBatch', x, y, args);
  }

  private onBatch(what: 'trainOnBatch' | 'testOnBatch', x: DataArg, y: DataArg, args: { sampleWeight?: Tensor; resetMetrics?: boolean; returnDict?: boolean }): number | number[] | Record<string, number> {
    this.requireCompiled(what);
    this.refuseConcurrent(what);
    checkOptions(what, args, ON_BATCH_KEYS);
    if (what === 'trainOnBatch') this.checkTrainableState(what);
    const owned: Tensor[] = [];
    try {
      const X = this.toList(x, 'input', what, owned), Y = this.toList(y, 'output', what, owned);
      this.validate(X, Y, what);
      const sw = this.sampleWeights(what, args.sampleWeight, numRows(X), owned);
      this.configureLogitsFusion();
      if (args.resetMetrics ?? true) this.model.resetMetrics();
      // Build a subclassed model before its variables are read for the tape.
      if (!this.model.built && this.outputs.length > 0) this.warmCheck(X, Y);
      const data: StepData = [this.pack(X, 'input'), this.pack(Y, 'output'), sw];
      const outerCache = this.runCache;
      this.runCache = undefined;
      this.cacheDepth++;
      let logs: Record<string, number>;
      try {
        logs = this.runStep(what === 'trainOnBatch' ? 'trainStep' : 'testStep',
          () => (what === 'trainOnBatch' ? this.model.trainStep(data) : this.model.testStep(data)));
      } finally {
        this.cacheDepth--;
        this.runCache = outerCache;
      }
      if (args.returnDict) return logs;
      const vals = Object.values(logs);
      return vals.length === 1 ? vals[0]! : vals;
    } finally {
      owned.forEach((t) => t.dispose());
    }
  }

  dispose(): void {
    this.optimizer?.dispose();
    this.disposed = true;
  }
}

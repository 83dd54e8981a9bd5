// compile / fit / evaluate / predict for every Model (Keras `Trainer`).
//
// One training step: record the forward pass and the loss on a tape, differentiate with
// respect to the trainable variables, apply one fused optimizer kernel, apply constraints,
// update metrics; every intermediate is freed before the next step. When the output layer
// ends in softmax and the loss is a cross-entropy on probabilities, the step asks the
// model for logits and uses the fused, stable softmax-cross-entropy (as Keras-TF does).

import { ValueError, fmt } from '../errors.js';
import { Tape } from '../tensor/engine.js';
import { recordOn, backward } from '../autograd/backprop.js';
import { noGrad, tidy } from '../autograd/gradients.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Variable } from '../autograd/variable.js';
import { add } from '../ops/binary.js';
import { mulScalar } from '../ops/unary.js';
import { softmax } from '../ops/softmax.js';
import { concat } from '../ops/concat.js';
import { fromData } from '../tensor/creation.js';
import * as optimizers from '../optimizers/index.js';
import * as losses from '../losses/index.js';
import * as metricsLib from '../metrics/index.js';
import { CallbackList, type Callback, type History } from '../callbacks/index.js';
import type { Model } from '../models/model.js';
import {
  checkFinite, classWeightsFor, gatherRows, numRows, permutation, rows, splitValidation, toTensors, type Inputs,
} from './data.js';

type LossId = Parameters<typeof losses.get>[0];
type MetricId = Parameters<typeof metricsLib.get>[0];

export interface CompileArgs {
  optimizer: Parameters<typeof optimizers.get>[0];
  loss: LossId | LossId[] | Record<string, LossId>;
  metrics?: MetricId[] | Record<string, MetricId[]>;
  lossWeights?: number[] | Record<string, number>;
}

export interface FitArgs {
  epochs?: number;
  batchSize?: number;
  verbose?: 0 | 1 | 2 | 'auto';
  callbacks?: Callback[];
  validationSplit?: number;
  validationData?: [Inputs, Inputs] | [Inputs, Inputs, Inputs];
  shuffle?: boolean;
  classWeight?: Record<number, number>;
  sampleWeight?: Tensor | Float32Array | number[];
  initialEpoch?: number;
  stepsPerEpoch?: number;
  validationBatchSize?: number;
  /** Seed of the per-epoch shuffles (default: fixed, so runs are reproducible). */
  seed?: number;
}

export interface EvaluateArgs {
  batchSize?: number;
  verbose?: 0 | 1 | 2 | 'auto';
  sampleWeight?: Tensor | Float32Array | number[];
  callbacks?: Callback[];
  returnDict?: boolean;
}

interface OutputSpec {
  name: string;
  loss: InstanceType<typeof losses.Loss>;
  /** The same loss on logits, when the softmax can be fused into it. */
  logitsLoss: InstanceType<typeof losses.Loss> | null;
  weight: number;
  metrics: { key: string; metric: InstanceType<typeof metricsLib.Metric> }[];
}

/** Argmax-based metrics give the same result on logits as on probabilities. */
const LOGIT_SAFE = /^(?!.*binary).*(accuracy|acc)$/i;

export class Trainer {
  optimizer: ReturnType<typeof optimizers.get> | undefined;
  stopTraining = false;
  private outputs: OutputSpec[] = [];
  private compiled = false;
  private lossSum = 0;
  private lossCount = 0;

  constructor(private readonly model: Model) {}

  compile(args: CompileArgs): void {
    if (!args || args.optimizer === undefined || args.loss === undefined) {
      throw new ValueError(`compile: \`optimizer\` and \`loss\` are required. Received: ${fmt(args && Object.keys(args))}`);
    }
    this.optimizer = optimizers.get(args.optimizer);
    const names = this.model.isFunctional ? this.model.outputNames : ['output'];
    const pick = <T>(v: T | T[] | Record<string, T> | undefined, i: number, name: string): T | undefined => {
      if (v === undefined) return undefined;
      if (Array.isArray(v)) return v[i];
      if (typeof v === 'object' && v !== null && !(v instanceof Function) && !(v as object).constructor?.name?.match(/Loss|Metric/) && name in (v as object)) {
        return (v as Record<string, T>)[name];
      }
      return names.length === 1 || typeof v !== 'object' ? (v as T) : undefined;
    };
    this.outputs = names.map((name, i) => {
      const lossId = Array.isArray(args.loss) ? args.loss[i] : pick(args.loss as never, i, name);
      if (lossId === undefined) throw new ValueError(`compile: no loss for output '${name}'. Received: loss=${fmt(args.loss)}`);
      const loss = losses.get(lossId);
      const metricIds = (Array.isArray(args.metrics) ? args.metrics : pick(args.metrics as never, i, name)) as MetricId[] | undefined ?? [];
      const prefix = names.length > 1 ? `${name}_` : '';
      const metrics = metricIds.map((id) => {
        const metric = metricsLib.get(id, loss);
        return { key: prefix + (typeof id === 'string' ? id : metric.name), metric };
      });
      const weight = Array.isArray(args.lossWeights) ? (args.lossWeights[i] ?? 1) : (args.lossWeights?.[name] ?? 1);
      return { name, loss, logitsLoss: null, weight, metrics };
    });
    this.compiled = true;
  }

  private requireCompiled(what: string): void {
    if (!this.compiled || !this.optimizer) throw new ValueError(`${what}: you must call compile() before ${what}().`);
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
    const input = xs.length === 1 ? xs[0]! : xs;
    const out = this.model.apply(input, { training, logits });
    return Array.isArray(out) ? out : [out];
  }

  /** Σ weighted output losses + weight regularisers + activity regularisers. */
  private totalLoss(ys: Tensor[], preds: Tensor[], sw: Tensor | undefined, logits: boolean): Tensor {
    let total: Tensor | undefined;
    const acc = (t: Tensor) => {
      total = total ? add(total, t) : t;
    };
    this.outputs.forEach((o, i) => {
      const lossFn = logits && o.logitsLoss ? o.logitsLoss : o.loss;
      const l = lossFn.apply(ys[i]!, preds[i]!, sw);
      acc(o.weight === 1 ? l : mulScalar(l, o.weight));
    });
    for (const w of this.model.weightEntries) if (w.regularizer && w.variable.trainable) acc(w.regularizer.call(w.variable));
    for (const a of this.model.takeActivityLosses()) acc(a);
    return total!;
  }

  private updateMetrics(ys: Tensor[], preds: Tensor[], sw: Tensor | undefined, logits: boolean): void {
    noGrad(() => tidy(() => {
      this.outputs.forEach((o, i) => {
        if (o.metrics.length === 0) return;
        let p = preds[i]!;
        let probs: Tensor | undefined;
        for (const { key, metric } of o.metrics) {
          if (logits && !LOGIT_SAFE.test(key)) p = probs ??= softmax(preds[i]!);
          metric.updateState(ys[i]!, p, sw);
        }
      });
    }));
  }

  /** One optimisation step on a batch; returns the batch loss. */
  private trainStep(xs: Tensor[], ys: Tensor[], sw: Tensor | undefined): number {
    const vars = this.model.trainableWeights;
    const tape = new Tape();
    for (const v of vars) tape.tracked.add(v.id);
    const logits = this.fused;
    const [loss, preds] = recordOn(tape, () => {
      const p = this.forward(xs, true, logits);
      return [this.totalLoss(ys, p, sw, logits), p] as const;
    });
    try {
      const grads = backward(tape, loss, vars);
      this.optimizer!.applyGradients(grads.map((g, i) => [g, vars[i]!] as [Tensor, Variable]));
      grads.forEach((g) => g.dispose());
      this.applyConstraints();
      this.updateMetrics(ys, preds, sw, logits);
      const v = loss.dataSync()[0]!;
      return v;
    } finally {
      loss.dispose();
      preds.forEach((p) => p.dispose());
    }
  }

  private applyConstraints(): void {
    for (const w of this.model.weightEntries) {
      if (!w.constraint) continue;
      const c = w.constraint.call(w.variable);
      w.variable.assign(c);
      c.dispose();
    }
  }

  private testStep(xs: Tensor[], ys: Tensor[], sw: Tensor | undefined): number {
    return noGrad(() => tidy(() => {
      const logits = this.fused;
      const preds = this.forward(xs, false, logits);
      const loss = this.totalLoss(ys, preds, sw, logits);
      this.updateMetrics(ys, preds, sw, logits);
      return loss.dataSync()[0]!;
    }));
  }

  private resetMetrics(): void {
    this.lossSum = 0;
    this.lossCount = 0;
    for (const o of this.outputs) for (const m of o.metrics) m.metric.resetState();
  }

  private accumulateLoss(v: number, n: number): void {
    this.lossSum += v * n;
    this.lossCount += n;
  }

  private logs(prefix = ''): Record<string, number> {
    const l: Record<string, number> = { [`${prefix}loss`]: this.lossCount ? this.lossSum / this.lossCount : NaN };
    for (const o of this.outputs) for (const m of o.metrics) l[prefix + m.key] = m.metric.result();
    return l;
  }

  private validate(xs: Tensor[], ys: Tensor[], what: string): void {
    if (xs.length !== Math.max(1, this.model.inputs.length) && this.model.isFunctional) {
      throw new ValueError(`${what}: model '${this.model.name}' expects ${this.model.inputs.length} input array(s). Received: ${xs.length}`);
    }
    if (ys.length !== this.outputs.length) {
      throw new ValueError(`${what}: model '${this.model.name}' has ${this.outputs.length} output(s). Received: ${ys.length} target array(s)`);
    }
    const n = numRows(xs);
    if (numRows(ys) !== n) {
      throw new ValueError(`${what}: x and y must have the same number of samples. Received: x has ${n} samples, y has ${numRows(ys)}`);
    }
    checkFinite(xs, `${what}: x`);
    checkFinite(ys, `${what}: y`);
    if (this.model.isFunctional) {
      this.model.inputs.forEach((s, i) => {
        const t = xs[i]!;
        if (s.shape.length !== t.rank || s.shape.some((d, j) => j > 0 && d !== null && d !== t.shape[j])) {
          throw new ValueError(`${what}: input ${i} of model '${this.model.name}' expects shape (None, ${s.shape.slice(1).join(', ')}). Received: shape=${fmt(t.shape)}`);
        }
      });
    }
  }

  /** Builds the model, validates the loss on one small batch, before any training. */
  private warmCheck(xs: Tensor[], ys: Tensor[]): void {
    noGrad(() => tidy(() => {
      const b = Math.min(2, numRows(xs));
      const xb = rows(xs, 0, b);
      const yb = rows(ys, 0, b);
      const preds = this.forward(xb, false, false);
      this.totalLoss(yb, preds, undefined, false);
    }));
    // Labels out of range for the whole data set are caught by the loss's own checks per batch.
  }

  async fit(x: Inputs, y: Inputs, args: FitArgs = {}): Promise<History> {
    this.requireCompiled('fit');
    const epochs = args.epochs ?? 1;
    const batchSize = args.batchSize ?? 32;
    if (!Number.isInteger(epochs) || epochs < 0) throw new ValueError(`fit: epochs must be a non-negative integer. Received: epochs=${fmt(args.epochs)}`);
    if (!Number.isInteger(batchSize) || batchSize <= 0) throw new ValueError(`fit: batchSize must be a positive integer. Received: batchSize=${fmt(args.batchSize)}`);
    const X = toTensors(x, 'fit');
    const Y = toTensors(y, 'fit');
    const owned: Tensor[] = [...X.owned, ...Y.owned];
    try {
      this.validate(X.list, Y.list, 'fit');
      let trainX = X.list, trainY = Y.list;
      let valX: Tensor[] | undefined, valY: Tensor[] | undefined;
      let sampleW = args.sampleWeight ? toTensors(args.sampleWeight as Inputs, 'fit: sampleWeight').list[0] : undefined;
      if (sampleW && !(args.sampleWeight instanceof Object && 'isTensor' in (args.sampleWeight as object))) owned.push(sampleW);
      if (args.classWeight) {
        if (sampleW) throw new ValueError('fit: pass either classWeight or sampleWeight, not both.');
        sampleW = fromData('classWeight', classWeightsFor(Y.list[0]!, args.classWeight), [numRows(Y.list)], 'float32');
        owned.push(sampleW);
      }
      if (args.validationData) {
        const [vx, vy] = args.validationData;
        const VX = toTensors(vx, 'fit: validationData'), VY = toTensors(vy, 'fit: validationData');
        owned.push(...VX.owned, ...VY.owned);
        this.validate(VX.list, VY.list, 'fit: validationData');
        valX = VX.list;
        valY = VY.list;
      } else if (args.validationSplit) {
        const sx = splitValidation(X.list, args.validationSplit), sy = splitValidation(Y.list, args.validationSplit);
        trainX = sx.train; trainY = sy.train; valX = sx.val; valY = sy.val;
        owned.push(...sx.train, ...sx.val, ...sy.train, ...sy.val);
        if (sampleW) {
          const [sw] = rows([sampleW], 0, numRows(trainX));
          owned.push(sw!);
          sampleW = sw;
        }
      }
      this.warmCheck(trainX, trainY);
      this.configureLogitsFusion();
      const n = numRows(trainX);
      const steps = Math.min(Math.ceil(n / batchSize), args.stepsPerEpoch ?? Infinity);
      const verbose = args.verbose === 'auto' || args.verbose === undefined ? 1 : args.verbose;
      const cbs = new CallbackList(args.callbacks ?? [], {
        addHistory: true, addProgbar: verbose !== 0, model: this.model,
        params: { epochs, steps, samples: n, verbose, batchSize },
      });
      this.stopTraining = false;
      await cbs.onTrainBegin({});
      const shuffle = args.shuffle ?? true;
      let yielder = makeYielder();
      for (let epoch = args.initialEpoch ?? 0; epoch < epochs && !this.stopTraining; epoch++) {
        await cbs.onEpochBegin(epoch, {});
        this.resetMetrics();
        const order = shuffle ? permutation(n, (args.seed ?? 20251122) + epoch * 7919) : undefined;
        for (let step = 0; step < steps && !this.stopTraining; step++) {
          await cbs.onTrainBatchBegin(step, {});
          const start = step * batchSize;
          const end = Math.min(start + batchSize, n);
          const batch = order ? gatherRows([...trainX, ...trainY, ...(sampleW ? [sampleW] : [])], order.subarray(start, end))
            : rows([...trainX, ...trainY, ...(sampleW ? [sampleW] : [])], start, end);
          const xb = batch.slice(0, trainX.length);
          const yb = batch.slice(trainX.length, trainX.length + trainY.length);
          const swb = sampleW ? batch.at(-1) : undefined;
          try {
            const loss = this.trainStep(xb, yb, swb);
            this.accumulateLoss(loss, end - start);
          } finally {
            batch.forEach((t) => t.dispose());
          }
          await cbs.onTrainBatchEnd(step, this.logs());
          await yielder();
        }
        const epochLogs = this.logs();
        if (valX && valY && !this.stopTraining) {
          Object.assign(epochLogs, await this.evaluateLogs(valX, valY, undefined, args.validationBatchSize ?? batchSize, 'val_'));
        }
        await cbs.onEpochEnd(epoch, epochLogs);
        yielder = makeYielder();
      }
      await cbs.onTrainEnd({});
      return cbs.history;
    } finally {
      owned.forEach((t) => t.dispose());
    }
  }

  private async evaluateLogs(xs: Tensor[], ys: Tensor[], sw: Tensor | undefined, batchSize: number, prefix = ''): Promise<Record<string, number>> {
    this.resetMetrics();
    const n = numRows(xs);
    const yielder = makeYielder();
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(start + batchSize, n);
      const batch = rows([...xs, ...ys, ...(sw ? [sw] : [])], start, end);
      try {
        const loss = this.testStep(batch.slice(0, xs.length), batch.slice(xs.length, xs.length + ys.length), sw ? batch.at(-1) : undefined);
        this.accumulateLoss(loss, end - start);
      } finally {
        batch.forEach((t) => t.dispose());
      }
      await yielder();
    }
    return this.logs(prefix);
  }

  /** Loss and metrics on the data: a number, `[loss, ...metrics]`, or a dict with `returnDict`. */
  async evaluate(x: Inputs, y: Inputs, args: EvaluateArgs = {}): Promise<number | number[] | Record<string, number>> {
    this.requireCompiled('evaluate');
    const X = toTensors(x, 'evaluate');
    const Y = toTensors(y, 'evaluate');
    try {
      this.validate(X.list, Y.list, 'evaluate');
      this.configureLogitsFusion();
      const sw = args.sampleWeight ? toTensors(args.sampleWeight as Inputs, 'evaluate: sampleWeight') : undefined;
      const logs = await this.evaluateLogs(X.list, Y.list, sw?.list[0], args.batchSize ?? 32);
      sw?.owned.forEach((t) => t.dispose());
      if (args.returnDict) return logs;
      const vals = Object.values(logs);
      return vals.length === 1 ? vals[0]! : vals;
    } finally {
      [...X.owned, ...Y.owned].forEach((t) => t.dispose());
    }
  }

  /** Outputs for every sample, computed in batches (inference mode). */
  async predict(x: Inputs, args: { batchSize?: number; verbose?: 0 | 1 | 2 } = {}): Promise<Tensor | Tensor[]> {
    const X = toTensors(x, 'predict');
    try {
      const n = numRows(X.list);
      const bs = args.batchSize ?? 32;
      const parts: Tensor[][] = [];
      const yielder = makeYielder();
      for (let start = 0; start < n; start += bs) {
        const batch = rows(X.list, start, Math.min(start + bs, n));
        parts.push(noGrad(() => this.forward(batch, false, false)));
        batch.forEach((t) => t.dispose());
        await yielder();
      }
      const outs = parts[0]?.map((_, j) => {
        const col = parts.map((p) => p[j]!);
        const r = col.length === 1 ? col[0]! : concat(col, 0);
        if (col.length > 1) col.forEach((t) => t.dispose());
        return r;
      }) ?? [];
      return outs.length === 1 ? outs[0]! : outs;
    } finally {
      X.owned.forEach((t) => t.dispose());
    }
  }

  predictOnBatch(x: Tensor | Tensor[]): Tensor | Tensor[] {
    const outs = noGrad(() => this.forward(Array.isArray(x) ? x : [x], false, false));
    return outs.length === 1 ? outs[0]! : outs;
  }

  /** One step on one batch; returns `[loss, ...metrics]` (or the loss alone). */
  trainOnBatch(x: Inputs, y: Inputs, args: { sampleWeight?: Tensor; resetMetrics?: boolean } = {}): number | number[] {
    this.requireCompiled('trainOnBatch');
    const X = toTensors(x, 'trainOnBatch'), Y = toTensors(y, 'trainOnBatch');
    try {
      this.validate(X.list, Y.list, 'trainOnBatch');
      this.configureLogitsFusion();
      if (args.resetMetrics ?? true) this.resetMetrics();
      this.accumulateLoss(this.trainStep(X.list, Y.list, args.sampleWeight), numRows(X.list));
      const vals = Object.values(this.logs());
      return vals.length === 1 ? vals[0]! : vals;
    } finally {
      [...X.owned, ...Y.owned].forEach((t) => t.dispose());
    }
  }

  testOnBatch(x: Inputs, y: Inputs, args: { sampleWeight?: Tensor; resetMetrics?: boolean } = {}): number | number[] {
    this.requireCompiled('testOnBatch');
    const X = toTensors(x, 'testOnBatch'), Y = toTensors(y, 'testOnBatch');
    try {
      this.validate(X.list, Y.list, 'testOnBatch');
      this.configureLogitsFusion();
      if (args.resetMetrics ?? true) this.resetMetrics();
      this.accumulateLoss(this.testStep(X.list, Y.list, args.sampleWeight), numRows(X.list));
      const vals = Object.values(this.logs());
      return vals.length === 1 ? vals[0]! : vals;
    } finally {
      [...X.owned, ...Y.owned].forEach((t) => t.dispose());
    }
  }

  dispose(): void {
    this.optimizer?.dispose();
  }
}

/**
 * Lets the event loop run at most every ~15 ms, so a browser page stays responsive and
 * Node timers fire, without paying a macrotask per batch.
 */
function makeYielder(): () => Promise<void> {
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (now - last < 15) return Promise.resolve();
    last = now;
    return new Promise((r) => (typeof setImmediate === 'function' ? setImmediate(r) : setTimeout(r, 0)));
  };
}

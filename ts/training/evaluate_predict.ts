// evaluate() and predict() over arrays or data sets, predictOnBatch, and trainOnBatch /
// testOnBatch (one step on one batch).

import { engine } from '../tensor/engine.js';
import { noGrad, tidy } from '../autograd/gradients.js';
import type { Tensor } from '../tensor/tensor.js';
import { concat } from '../ops/concat.js';
import { CallbackList } from '../callbacks/index.js';
import { numRows } from './data.js';
import { argsAfterDataSet, makeYielder, refuseInsideTape } from './run_helpers.js';
import { ArrayBatches, StreamBatches, isDataSource, refuseWithDataSet, type BatchSource, type DataSource } from './batches.js';
import {
  EVALUATE_KEYS, ON_BATCH_KEYS, PREDICT_KEYS, checkNonEmpty, checkOptions, checkVerbose, positiveInt,
} from './checks.js';
import type { DataArg, EvaluateArgs, PredictArgs, StepData } from './args.js';
import { FitLoop } from './fit_loop.js';

export class EvaluatePredict extends FitLoop {

  /** Loss and metrics on the data: a number, `[loss, ...metrics]`, or a dict with `returnDict`. */
  evaluate(x: DataArg, y: DataArg, args: EvaluateArgs & { returnDict: true }): Promise<Record<string, number>>;
  evaluate(x: DataArg, y: DataArg, args?: EvaluateArgs & { returnDict?: false }): Promise<number | number[]>;
  evaluate(x: DataSource, args: EvaluateArgs & { returnDict: true }): Promise<Record<string, number>>;
  evaluate(x: DataSource, args?: EvaluateArgs & { returnDict?: false }): Promise<number | number[]>;
  evaluate(x: DataArg | DataSource, y?: DataArg | EvaluateArgs, args?: EvaluateArgs): Promise<number | number[] | Record<string, number>>;
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
        const turn = yielder();
        if (turn) await turn;
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

  /** Outputs for one batch: a Tensor, a list, or a dict for dict outputs (as predict and Keras `predict_on_batch`). */
  predictOnBatch(x: Tensor | Tensor[]): Tensor | Tensor[] | Record<string, Tensor> {
    this.checkLive('predictOnBatch');
    refuseInsideTape('predictOnBatch');
    const outs = noGrad(() => this.forward(Array.isArray(x) ? x : [x], false, false));
    // A list of one output stays one Tensor, as Keras 3.15 returns it.
    const packed = this.model.packStructure(outs, 'output');
    return Array.isArray(packed) && packed.length === 1 ? packed[0]! : packed;
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
}

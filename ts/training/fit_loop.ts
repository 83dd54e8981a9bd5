// fit(): the epoch and batch loop around `trainStep` (or a compiled step, plan/), with
// validation split/data, class and sample weights, callbacks, and the validation pass
// (evaluateLogs, which evaluate() shares).

import { ValueError, fmt } from '../errors.js';
import { engine } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Variable } from '../autograd/variable.js';
import { fromData } from '../tensor/creation.js';
import { CallbackList, type History } from '../callbacks/index.js';
import { classWeightsFor, numRows, rows, splitValidation } from './data.js';
import { RAN_OUT, argsAfterDataSet, makeYielder } from './run_helpers.js';
import { ArrayBatches, StreamBatches, isDataSource, refuseWithDataSet, type BatchSource, type DataSource } from './batches.js';
import { CompiledTrainStep } from './plan/compiled_step.js';
import { autoRefusal, staticRefusal } from './plan/eligibility.js';
import {
  FIT_KEYS, checkClassWeight, checkOptions, checkValidationSplit, checkVerbose, nonNegativeInt, positiveInt,
} from './checks.js';
import type { DataArg, FitArgs, StepData } from './args.js';
import { TrainerInputs } from './batch_inputs.js';

export class FitLoop extends TrainerInputs {

  fit(x: DataArg | DataSource, y?: DataArg | FitArgs, args?: FitArgs): Promise<History> {
    const [yy, a] = argsAfterDataSet(x, y, args);
    return this.exclusive('fit', () => this.fitImpl(x, yy as DataArg | undefined, (a ?? {}) as FitArgs));
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
        // Arrays give their batches synchronously, and hooks no callback uses are not awaited:
        // without callbacks that use them, a step runs without a microtask turn.
        const beginHook = cbs.usesBatchHook('onTrainBatchBegin'), endHook = cbs.usesBatchHook('onTrainBatchEnd');
        for (let step = 0; !this.stopTraining; step++) {
          const b = train instanceof ArrayBatches ? train.take() : await train.next();
          if (!b) break;
          try {
            if (!warmed) {
              // A data set's first batch builds the model and checks the loss, as the arrays' warm check does.
              this.warmCheck(b.xs, b.ys);
              warmed = true;
              this.runCache = undefined;
              this.configureLogitsFusion();
            }
            if (beginHook) await cbs.onTrainBatchBegin(step, {});
            jit ??= this.jitMode === false ? null : (this.lastCompiledStep = new CompiledTrainStep(this.stepHost(), this.jitMode,
              staticRefusal(this.model, this.outputs.length) ?? autoRefusal(this.jitMode, train.steps, epochs - epoch)));
            logs = jit?.run(b) ?? this.runStep('trainStep', () => this.model.trainStep([this.pack(b.xs, 'input'), this.packTargets(b.ys), b.sw]));
          } finally {
            for (const t of b.owned) t.dispose();
          }
          if (endHook) await cbs.onTrainBatchEnd(step, { ...logs });
          const turn = yielder();
          if (turn) await turn;
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
  protected async evaluateLogs(data: BatchSource, cbs: CallbackList, epoch = 0): Promise<Record<string, number> | undefined> {
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
      const turn = yielder();
      if (turn) await turn;
    }
    await cbs.onTestEnd({ ...logs });
    return logs;
  }
}

// The options of compile/fit/evaluate/predict and the shapes of what the step hooks receive
// and return (re-exported by trainer.ts and models/model.ts).

import type { Tensor } from '../tensor/tensor.js';
import type * as optimizers from '../optimizers/index.js';
import type * as losses from '../losses/index.js';
import type * as metricsLib from '../metrics/index.js';
import type { CallbackLike } from '../callbacks/index.js';
import type { Inputs } from './data.js';
import type { DataSource } from './batches.js';

type LossId = losses.LossIdentifier;
type MetricId = metricsLib.MetricIdentifier;

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

// The shapes of `compare`'s options and of what it records (results.json).

// Core classes appear here only structurally: kerasm/compare's type declarations stay small
// and a user's kerasm Model/Tensor fits them (they are checked with instanceof at run time).

/** A kerasm Model. */
export interface ModelLike { readonly inputs: readonly { readonly shape: readonly (number | null)[] }[]; dispose(): void }
/** A kerasm Tensor. */
export interface TensorLike { readonly shape: readonly number[]; dispose(): void }
/**
 * The kerasm namespace (what `import * as k from 'kerasm'` gives), handed to user build/data
 * modules so they need not import kerasm themselves. Loosely typed: a precise type would pull
 * the whole library's declarations into kerasm/compare's.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Kerasm = Record<string, any>;

/** Builds a fresh model (compiled or not: compare compiles it with each grid cell's optimizer). */
export type BuildFn = (k: Kerasm) => ModelLike | Promise<ModelLike>;

/** A built-in preset, a `.keras`/`model.json` file, a JS module exporting a build function, or the function. */
export type ModelSpec = 'fashion-mlp' | 'fashion-cnn' | (string & {}) | BuildFn;

/** Tensors (kerasm Tensor instances). */
export interface DataSet {
  xTrain: TensorLike;
  yTrain: TensorLike;
  /** Validation data; without it, `validationSplit` of the training rows (default 0.1) is held out. */
  xVal?: TensorLike;
  yVal?: TensorLike;
  /** Test data for the final accuracy; without it there is none. */
  xTest?: TensorLike;
  yTest?: TensorLike;
}

/** Fashion-MNIST slices: the first `train` training images, the last `val` ones, the first `test` test images. */
export interface FashionMnistData {
  name: 'fashion-mnist';
  /** Default 50 000. */
  train?: number;
  /** Default 10 000 (taken from the end of the 60 000 training images, never overlapping `train`). */
  val?: number;
  /** Default 10 000. */
  test?: number;
  /** Folder of the four IDX files. Default: the Debian package's /usr/share/datasets/fashion-mnist. */
  path?: string;
}

/** Data: a data set, a function (or JS module path) returning one, or Fashion-MNIST slices. */
export type DataSpec = DataSet | FashionMnistData | 'fashion-mnist' | ((k: Kerasm) => DataSet | Promise<DataSet>) | (string & {});

/** A learning rate: a number, 'default' (the optimizer's Keras default), 'cosine:<lr>' or 'exp:<lr>:<rate per epoch>'. */
export type LearningRateSpec = number | string;

export interface Grid {
  /** sgd, sgd-momentum, sgd-nesterov, rmsprop, adagrad, adadelta, adam, adamw, adamax, nadam, lion. Default ['adam']. */
  optimizers?: string[];
  /** Default ['default']. */
  learningRates?: LearningRateSpec[];
  /** Default [32]. */
  batchSizes?: number[];
  /** kerasm thread counts. Default: the current thread count. */
  threads?: number[];
}

export interface Budget {
  /** Epochs per run (default 5, or unlimited when `seconds` is given). */
  epochs?: number;
  /** Training seconds per run: a run stops after the batch that crosses it. */
  seconds?: number;
}

export interface Cell {
  /** Stable key of the grid cell, e.g. 'adam|lr=default|bs=32|t=2'. */
  id: string;
  optimizer: string;
  learningRate: LearningRateSpec;
  batchSize: number;
  threads: number;
}

export interface EpochRecord {
  epoch: number;
  /** Training time so far (seconds), validation excluded. */
  trainSeconds: number;
  /** Time since the run started (seconds), validation included. */
  wallSeconds: number;
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Whether the budget stopped training inside this epoch (then there is no validation). */
  partial?: boolean;
}

export interface RunRecord extends Cell {
  status: 'done' | 'interrupted' | 'failed';
  /** Why training stopped: the epoch or time budget, a NaN loss, an interrupt, an error. */
  stoppedBy: 'epochs' | 'time' | 'nan' | 'interrupt' | 'error';
  error?: string;
  startedAt: string;
  epochs: EpochRecord[];
  /** Training samples per second, the run's first batch (warm-up) excluded. */
  samplesPerSecond: number;
  /**
   * The same samples per second of this process's CPU time (all its threads; Node only): unlike
   * samples/s it hardly changes when other programs load the machine. Absent in older results.
   */
  samplesPerCpuSecond?: number | null;
  trainSeconds: number;
  wallSeconds: number;
  samplesSeen: number;
  /** Training seconds until validation accuracy first reached the target (end of that epoch); null: not reached. */
  timeToTarget: number | null;
  epochsToTarget: number | null;
  bestValAccuracy: number | null;
  testLoss: number | null;
  testAccuracy: number | null;
  peakMemory: { wasmBytesInUse: number; wasmMemoryBytes: number; rssBytes: number | null };
}

export interface Environment {
  cpu: string;
  cores: number;
  platform: string;
  node: string;
  kerasm: string;
  variant: string;
  threads: number;
  totalMemoryBytes: number;
  date: string;
}

/** What results.json holds. */
export interface Results {
  format: 'kerasm-compare/1';
  /** What every run shares; a resume must match it. */
  setup: {
    model: string;
    data: string;
    budget: Budget;
    seed: number;
    targetAccuracy: number | null;
    loss: string;
    trainSamples: number;
    valSamples: number;
    testSamples: number;
  };
  environment: Environment;
  /** Grid cells in grid order, and the runs recorded so far (finished ones are skipped on resume). */
  cells: Cell[];
  runs: RunRecord[];
  /** Whether the whole grid ran (false for a partial report). */
  complete: boolean;
  updatedAt: string;
}

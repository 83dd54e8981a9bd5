// The shapes of `compare`'s options and of what it records (results.json).

// Core classes appear here only structurally: kerasm/compare's type declarations stay small
// and a user's kerasm Model/Tensor fits them (they are checked with instanceof at run time).

/**
 * A kerasm Model.
 * @property inputs The model's symbolic inputs (their shapes).
 * @property dispose Frees the model's weights.
 */
export interface ModelLike { readonly inputs: readonly { readonly shape: readonly (number | null)[] }[]; dispose(): void }
/**
 * A kerasm Tensor.
 * @property shape The tensor's shape.
 * @property dispose Frees the tensor's memory.
 */
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
  /** Training inputs, one row per sample. */
  xTrain: TensorLike;
  /** Training targets (class indices for the default loss). */
  yTrain: TensorLike;
  /** Validation data; without it, `validationSplit` of the training rows (default 0.1) is held out. */
  xVal?: TensorLike;
  /** Validation targets (with `xVal`). */
  yVal?: TensorLike;
  /** Test data for the final accuracy; without it there is none. */
  xTest?: TensorLike;
  /** Test targets (with `xTest`). */
  yTest?: TensorLike;
}

/** Fashion-MNIST slices: the first `train` training images, the last `val` ones, the first `test` test images. */
export interface FashionMnistData {
  /** Selects Fashion-MNIST. */
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

/** The grid of a study: every combination of its lists is one run (a {@link Cell}). Unknown keys throw a `ValueError`. */
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

/** How long each run trains: `epochs`, `seconds`, or both (whichever ends first). Default `{ epochs: 5 }`. */
export interface Budget {
  /** Epochs per run (default 5, or unlimited when `seconds` is given). */
  epochs?: number;
  /** Training seconds per run: a run stops after the batch that crosses it. */
  seconds?: number;
}

/** One grid cell: the settings of one run. */
export interface Cell {
  /** Stable key of the grid cell, e.g. 'adam|lr=default|bs=32|t=2'. */
  id: string;
  /** Optimizer name, as in `Grid.optimizers` (e.g. 'adam', 'sgd-momentum'). */
  optimizer: string;
  /** Learning rate: a number, 'default', 'cosine:<lr>' or 'exp:<lr>:<rate>'. */
  learningRate: LearningRateSpec;
  /** Training batch size. */
  batchSize: number;
  /** kerasm thread count of the run. */
  threads: number;
}

/** One epoch of a run, as results.json records it. */
export interface EpochRecord {
  /** Epoch index, from 0. */
  epoch: number;
  /** Training time so far (seconds), validation excluded. */
  trainSeconds: number;
  /** Time since the run started (seconds), validation included. */
  wallSeconds: number;
  /** Mean training loss over the epoch. */
  loss: number;
  /** Training accuracy over the epoch, when the loss has one. */
  accuracy?: number;
  /** Validation loss at the end of the epoch (absent for a partial epoch). */
  valLoss?: number;
  /** Validation accuracy at the end of the epoch (absent for a partial epoch). */
  valAccuracy?: number;
  /** Whether the budget stopped training inside this epoch (then there is no validation). */
  partial?: boolean;
}

/** The record of one run (one grid cell) in results.json. */
export interface RunRecord extends Cell {
  /** 'done': the run finished its budget (or stopped on NaN); 'interrupted': aborted; 'failed': it threw (see `error`). */
  status: 'done' | 'interrupted' | 'failed';
  /** Why training stopped: the epoch or time budget, a NaN loss, an interrupt, an error. */
  stoppedBy: 'epochs' | 'time' | 'nan' | 'interrupt' | 'error';
  /** The error message of a failed run. */
  error?: string;
  /** When the run started (ISO 8601). */
  startedAt: string;
  /** The run's epochs, in order. */
  epochs: EpochRecord[];
  /** Training samples per second, the run's first batch (warm-up) excluded. */
  samplesPerSecond: number;
  /**
   * The same samples per second of this process's CPU time (all its threads; Node only): unlike
   * samples/s it hardly changes when other programs load the machine. Absent in older results.
   */
  samplesPerCpuSecond?: number | null;
  /** Training seconds in total, validation excluded. */
  trainSeconds: number;
  /** Seconds from start to end of the run, validation included. */
  wallSeconds: number;
  /** Training samples processed in total. */
  samplesSeen: number;
  /** Training seconds until validation accuracy first reached the target (end of that epoch); null: not reached. */
  timeToTarget: number | null;
  /** Epochs until validation accuracy first reached the target; null: not reached (or no target). */
  epochsToTarget: number | null;
  /** Best validation accuracy over the epochs; null without validation accuracy. */
  bestValAccuracy: number | null;
  /** Loss on the test data after training; null without test data. */
  testLoss: number | null;
  /** Accuracy on the test data after training; null without test data or accuracy. */
  testAccuracy: number | null;
  /** Peak memory of the run: WASM bytes in use by tensors, the WASM memory's size, and the process RSS (Node; else null). */
  peakMemory: { wasmBytesInUse: number; wasmMemoryBytes: number; rssBytes: number | null };
}

/** The machine and build a study ran on (the report's header), to compare numbers across machines. */
export interface Environment {
  /** CPU model name. */
  cpu: string;
  /** Available cores (`os.availableParallelism()`). */
  cores: number;
  /** OS name, release and architecture. */
  platform: string;
  /** Node.js version. */
  node: string;
  /** kerasm package version. */
  kerasm: string;
  /** The WASM build in use (e.g. SIMD with threads), as `backendInfo().variant`. */
  variant: string;
  /** kerasm's thread count when the study started. */
  threads: number;
  /** Total system memory, in bytes. */
  totalMemoryBytes: number;
  /** When the study started (ISO 8601). */
  date: string;
}

/** What results.json holds. */
export interface Results {
  /** Format tag of the file, checked on resume. */
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
  /** The machine and build of the study. */
  environment: Environment;
  /** Grid cells in grid order, and the runs recorded so far (finished ones are skipped on resume). */
  cells: Cell[];
  /** The runs recorded so far, in the order they ran. */
  runs: RunRecord[];
  /** Whether the whole grid ran (false for a partial report). */
  complete: boolean;
  /** When the file was last written (ISO 8601). */
  updatedAt: string;
}

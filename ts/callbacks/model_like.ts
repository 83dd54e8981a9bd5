// The part of a Model that callbacks touch. Typed structurally so that callbacks never
// import ts/models (which imports the trainer, which imports callbacks).

import { ValueError } from '../errors.js';

/** An optimizer whose learning rate callbacks can read and write (Keras `optimizer.learning_rate`). */
export interface OptimizerLike {
  get learningRate(): number;
  /** May throw when the rate comes from a schedule (as in Keras). */
  set learningRate(value: number);
}

/** What a callback may use of the model it is attached to. `Model` satisfies it. */
export interface ModelLike {
  /** The model's name. */
  readonly name?: string;
  /** Set to true to end `fit` after the current batch (Keras `model.stop_training`). */
  stopTraining: boolean;
  /** Undefined until `compile()`. */
  readonly optimizer?: OptimizerLike | undefined;
  /** Fresh copies of every weight, in `weights` order (callbacks keep them as snapshots). */
  getWeights(): (Float32Array | Int32Array)[];
  /** Replaces every weight, in `getWeights()` order. */
  setWeights(weights: readonly (Float32Array | Int32Array)[]): void;
  /** Compiled metrics, if exposed: lets 'auto' mode find the direction of a custom metric. */
  readonly metrics?: readonly { readonly name: string; readonly direction?: 'up' | 'down' | null }[];
}

/** The model's optimizer, or a ValueError naming the callback when the model is not compiled. */
export function optimizerOf(model: ModelLike, owner: string): OptimizerLike {
  const opt = model.optimizer;
  if (opt === undefined || opt === null || typeof opt.learningRate !== 'number') {
    throw new ValueError(`${owner}: the model's optimizer must have a numeric \`learningRate\`; call compile() first. Received: optimizer=${String(opt)}`);
  }
  return opt;
}

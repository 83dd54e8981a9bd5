// The Loss base class (Keras `keras.losses.Loss`) and LossFunctionWrapper, which turns a
// per-sample loss function into a Loss.

import { ValueError, fmt } from '../errors.js';
import { cast } from '../ops/cast.js';
import { mul } from '../ops/binary.js';
import { getKerasMask } from '../layers/masking/keras_mask.js';
import { engine } from '../tensor/engine.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { reduceWeightedValues, squeezeOrExpandToSameRank, standardizeReduction, type Reduction } from './reduction.js';

/** A per-sample loss function: (yTrue, yPred) → losses with the class/feature axis reduced. */
export type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** Per-sample values plus an optional mask of the entries that count (SparseCategoricalCrossentropy's ignoreClass). */
export interface MaskedLosses {
  /** Per-sample (or per-entry) loss values. */
  values: Tensor;
  /** 1 where an entry counts, 0 where it is ignored; null when every entry counts. */
  mask: Tensor | null;
}

/** Options every loss class takes: `name` and `reduction` (default `'sum_over_batch_size'`, as Keras). */
export interface LossOptions {
  /** Default: the loss's snake_case name, e.g. 'mean_squared_error'. */
  name?: string;
  /** Default 'sum_over_batch_size'; `null` is the same as 'none'. */
  reduction?: Reduction | null;
}

/** A loss's Keras `get_config()`: `name`, `reduction` and the class's own (snake_case) keys. */
export type LossConfig = Record<string, unknown> & { name: string; reduction: Reduction };

/** Loss activations a trainer can fold into the loss (softmax → CE from logits). */
export type FusableActivation = 'softmax' | 'sigmoid';

/**
 * Base class of every loss. Subclasses implement `call(yTrue, yPred)`, which returns the
 * per-sample losses; `apply` weights and reduces them.
 *
 * @param name Default: the loss's snake_case name.
 * @param reduction 'sum_over_batch_size' (default: sum / number of values), 'sum', 'mean'
 *   (same as sum_over_batch_size), 'mean_with_sample_weight' (sum / Σ weights) or 'none'.
 * @example
 * const mse = new MeanSquaredError();
 * mse.apply([[0, 1]], [[1, 1]]).print(); // 0.5
 */
export abstract class Loss {
  /** Name of the loss, used in logs (default the Keras snake_case name). */
  name: string;
  /** How per-sample values are reduced (default `'sum_over_batch_size'`). */
  reduction: Reduction;

  constructor(opts: LossOptions = {}, defaultName = 'loss') {
    this.name = opts.name ?? defaultName;
    this.reduction = standardizeReduction(opts.reduction === undefined ? 'sum_over_batch_size' : opts.reduction, this.constructor.name);
  }

  /** Per-sample losses: yPred's shape without its last (class/feature) axis, typically [batch]. */
  abstract call(yTrue: Tensor, yPred: Tensor): Tensor;

  /** Per-sample losses and a mask; losses that ignore entries override this. */
  callMasked(yTrue: Tensor, yPred: Tensor): MaskedLosses {
    return { values: this.call(yTrue, yPred), mask: null };
  }

  /**
   * The reduced loss (a scalar unless reduction is 'none'), differentiable with respect to yPred.
   * @param sampleWeight Optional weights of shape [batch] (or the per-sample loss's shape, or a scalar).
   */
  apply(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike | null): Tensor {
    return engine.tidy(() => {
      const p = toTensor(yPred, this.name);
      const t = toTensor(yTrue, this.name);
      const { values, mask } = this.callMasked(t, p);
      // Keras `Loss.__call__`: the mask attached to yPred (masked time steps) weighs too.
      const inMask = p === yPred ? getKerasMask(p) : null;
      const m = inMask && mask ? mul(inMask, mask) : inMask ?? mask;
      return reduceWeightedValues(this.name, values, sampleWeight, m, this.reduction);
    });
  }

  /**
   * The same loss taking logits instead of activations, when the trainer's final activation
   * is `activation` and the two fuse (softmax + categorical CE, sigmoid + binary CE); else null.
   */
  withLogits(_activation: FusableActivation = 'softmax'): Loss | null {
    return null;
  }

  /** Keras-style config with snake_case keys. */
  getConfig(): LossConfig {
    return { name: this.name, reduction: this.reduction };
  }
}

/** Options of {@link LossFunctionWrapper}: the {@link LossOptions} plus extra keyword arguments of the wrapped function. */
export interface LossFunctionWrapperOptions extends LossOptions {
  /** Extra keyword arguments of `fn`, recorded in the config. */
  fnKwargs?: Record<string, unknown>;
}

/**
 * Wraps a per-sample loss function. Aligns ranks of yTrue and yPred first (a [batch]
 * target against a [batch, 1] prediction), as Keras does.
 *
 * @example
 * ```ts
 * // A custom per-sample loss used like a built-in one.
 * const mse = (yTrue: Tensor, yPred: Tensor) => mean(square(sub(yTrue, yPred)), -1);
 * model.compile({ optimizer: 'adam', loss: new losses.LossFunctionWrapper(mse, { name: 'my_mse' }) });
 * ```
 */
export class LossFunctionWrapper extends Loss {
  /** The wrapped function of (yTrue, yPred) giving per-sample losses. */
  readonly fn: LossFn;
  /** Extra keyword arguments of `fn`, recorded in the config. */
  readonly fnKwargs: Record<string, unknown>;

  constructor(fn: LossFn, opts: LossFunctionWrapperOptions = {}) {
    if (typeof fn !== 'function') {
      throw new ValueError(`LossFunctionWrapper: fn must be a function (yTrue, yPred) => Tensor. Received: fn=${fmt(fn)}`);
    }
    super(opts, opts.name ?? toSnakeCase(fn.name || 'loss'));
    this.fn = fn;
    this.fnKwargs = opts.fnKwargs ?? {};
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    const [t, p] = squeezeOrExpandToSameRank(yTrue, yPred);
    return this.fn(t, p);
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), fn: this.fn.name, ...this.fnKwargs };
  }
}

/** Keras `to_snake_case`: 'CategoricalCrossentropy' and 'categoricalCrossentropy' → 'categorical_crossentropy'. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** yTrue as float32 (Keras casts targets to the loss dtype). */
export function floatTargets(t: Tensor): Tensor {
  return t.dtype === 'float32' ? t : cast(t, 'float32');
}

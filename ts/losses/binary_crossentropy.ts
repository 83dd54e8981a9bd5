// Binary cross-entropy (Keras `binary_crossentropy`), mean over `axis`.
//   probabilities: −(t·log p + (1 − t)·log(1 − p)) with p clipped to [ε, 1 − ε], ε = 1e-7
//   logits x:      t·softplus(−x) + (1 − t)·softplus(x) = softplus(x) − t·x   (never overflows;
//                  its gradient is sigmoid(x) − t)
//   label smoothing s: t ← t·(1 − s) + s/2

import { add, affine, clipByValue, log, mean, mul, neg, softplus, sub } from '../ops/index.js';
import { engine } from '../tensor/engine.js';
import type { TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Loss, type FusableActivation, type LossConfig, type LossOptions } from './loss.js';
import { EPSILON, alignPair, checkAxis, checkUnit } from './validate.js';

/** Arguments of the loss function `binaryCrossentropy(yTrue, yPred, args)`; {@link BinaryCrossentropyOptions} adds the {@link LossOptions} of the class. */
export interface BinaryCrossentropyArgs {
  /** yPred holds logits (unbounded) rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** In [0, 1]: squeeze targets towards 0.5. Default 0. */
  labelSmoothing?: number;
  /** The axis the per-sample mean runs over. Default -1. */
  axis?: number;
}

/** Per-sample binary cross-entropy. */
export function binaryCrossentropy(yTrue: TensorLike, yPred: TensorLike, args: BinaryCrossentropyArgs = {}): Tensor {
  const op = 'binary_crossentropy';
  const { fromLogits = false, labelSmoothing = 0, axis = -1 } = args;
  checkUnit(op, 'label_smoothing', labelSmoothing);
  return engine.tidy(() => {
    let [t, p] = alignPair(op, yTrue, yPred);
    const a = checkAxis(op, axis, p.rank);
    if (labelSmoothing) t = affine(t, 1 - labelSmoothing, 0.5 * labelSmoothing);
    let per: Tensor;
    if (fromLogits) {
      per = sub(softplus(p), mul(t, p));
    } else {
      const pc = clipByValue(p, EPSILON, 1 - EPSILON);
      // t·log p + (1 − t)·log(1 − p)
      const pos = mul(t, log(pc));
      const negPart = mul(affine(t, -1, 1), log(affine(pc, -1, 1)));
      per = neg(add(pos, negPart));
    }
    return mean(per, a);
  });
}

/** Options of the {@link BinaryCrossentropy} loss class (Keras `losses.BinaryCrossentropy` arguments, camelCase). */
export interface BinaryCrossentropyOptions extends LossOptions, BinaryCrossentropyArgs {}

/**
 * Cross-entropy between binary targets (0/1, or soft) and predicted probabilities or logits
 * (Keras `BinaryCrossentropy`).
 * @param fromLogits Default false.
 * @param labelSmoothing Default 0.
 * @param axis Default -1.
 * @example new BinaryCrossentropy({ fromLogits: true }).apply([[0, 1]], [[-2, 3]])
 */
export class BinaryCrossentropy extends Loss {
  /** yPred holds logits (unbounded) rather than probabilities. Default false. */
  readonly fromLogits: boolean;
  /** In [0, 1]: squeeze targets towards 0.5. Default 0. */
  readonly labelSmoothing: number;
  /** The axis the per-sample mean runs over. Default -1. */
  readonly axis: number;

  constructor(opts: BinaryCrossentropyOptions = {}) {
    super(opts, 'binary_crossentropy');
    this.fromLogits = opts.fromLogits ?? false;
    this.labelSmoothing = checkUnit('BinaryCrossentropy', 'label_smoothing', opts.labelSmoothing ?? 0);
    this.axis = opts.axis ?? -1;
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return binaryCrossentropy(yTrue, yPred, this);
  }

  /** With a sigmoid output, the same loss on the pre-activation logits (stable, cheaper). */
  override withLogits(activation: FusableActivation = 'softmax'): Loss | null {
    if (activation !== 'sigmoid' || this.fromLogits) return null;
    return new BinaryCrossentropy({ ...this.options(), fromLogits: true });
  }

  private options(): BinaryCrossentropyOptions {
    return { name: this.name, reduction: this.reduction, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), from_logits: this.fromLogits, label_smoothing: this.labelSmoothing, axis: this.axis };
  }
}

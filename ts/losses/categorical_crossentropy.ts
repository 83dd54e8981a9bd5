// Categorical cross-entropy with dense (one-hot or soft) targets (Keras `categorical_crossentropy`).
//   logits:        −Σ t·log_softmax(x), on the fused kernel (stable; gradient softmax·Σt − t)
//   probabilities: p ← p / Σp, clipped to [ε, 1 − ε], then −Σ t·log p
//   label smoothing s over C classes: t ← t·(1 − s) + s/C

import { ValueError, fmt } from '../errors.js';
import { softmaxCrossEntropy } from '../ops/cross_entropy.js';
import { affine, clipByValue, div, log, mul, neg, sum, transpose } from '../ops/index.js';
import { engine } from '../tensor/engine.js';
import type { TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Loss, type FusableActivation, type LossConfig, type LossOptions } from './loss.js';
import { EPSILON, alignPair, checkAxis, checkUnit } from './validate.js';

/** Arguments of the loss function `categoricalCrossentropy(yTrue, yPred, args)`; {@link CategoricalCrossentropyOptions} adds the {@link LossOptions} of the class. */
export interface CategoricalCrossentropyArgs {
  /** yPred holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** In [0, 1]: mix targets with the uniform distribution. Default 0. */
  labelSmoothing?: number;
  /** The class axis. Default -1. */
  axis?: number;
}

/** Moves axis `a` last (for the row-wise kernel); identity when it already is. */
function classesLast(x: Tensor, a: number): Tensor {
  if (a === x.rank - 1) return x;
  const perm = x.shape.map((_, i) => i).filter((i) => i !== a);
  return transpose(x, [...perm, a]);
}

/** Per-sample categorical cross-entropy; yPred's shape without the class axis. */
export function categoricalCrossentropy(yTrue: TensorLike, yPred: TensorLike, args: CategoricalCrossentropyArgs = {}): Tensor {
  const op = 'categorical_crossentropy';
  const { fromLogits = false, labelSmoothing = 0, axis = -1 } = args;
  if (typeof axis !== 'number') throw new ValueError(`${op}: \`axis\` must be an integer. Received: axis=${fmt(axis)}`);
  checkUnit(op, 'label_smoothing', labelSmoothing);
  return engine.tidy(() => {
    let [t, p] = alignPair(op, yTrue, yPred);
    if (p.rank === 0) throw new ValueError(`${op}: y_pred must have a class axis. Received: y_pred.shape=${fmt(p.shape)}`);
    const a = checkAxis(op, axis, p.rank);
    if (labelSmoothing) t = affine(t, 1 - labelSmoothing, labelSmoothing / p.shape[a]!);
    if (fromLogits) return softmaxCrossEntropy(classesLast(p, a), classesLast(t, a));
    const q = clipByValue(div(p, sum(p, a, true)), EPSILON, 1 - EPSILON);
    return neg(sum(mul(t, log(q)), a));
  });
}

/** Options of the {@link CategoricalCrossentropy} loss class (Keras `losses.CategoricalCrossentropy` arguments, camelCase). */
export interface CategoricalCrossentropyOptions extends LossOptions, CategoricalCrossentropyArgs {}

/**
 * Cross-entropy between one-hot (or soft) targets and predicted class probabilities or
 * logits (Keras `CategoricalCrossentropy`). For integer labels use SparseCategoricalCrossentropy.
 * @param fromLogits Default false.
 * @param labelSmoothing Default 0.
 * @param axis Default -1.
 * @example new CategoricalCrossentropy().apply([[0, 1, 0]], [[0.05, 0.9, 0.05]]) // ≈ 0.105
 */
export class CategoricalCrossentropy extends Loss {
  /** yPred holds logits rather than probabilities. Default false. */
  readonly fromLogits: boolean;
  /** In [0, 1]: mix targets with the uniform distribution. Default 0. */
  readonly labelSmoothing: number;
  /** The class axis. Default -1. */
  readonly axis: number;

  constructor(opts: CategoricalCrossentropyOptions = {}) {
    super(opts, 'categorical_crossentropy');
    this.fromLogits = opts.fromLogits ?? false;
    this.labelSmoothing = checkUnit('CategoricalCrossentropy', 'label_smoothing', opts.labelSmoothing ?? 0);
    this.axis = opts.axis ?? -1;
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return categoricalCrossentropy(yTrue, yPred, this);
  }

  /** With a softmax output, the same loss on the pre-softmax logits, on the fused kernel. */
  override withLogits(activation: FusableActivation = 'softmax'): Loss | null {
    // The trainer's softmax runs over the last axis; another class axis would not fuse.
    if (activation !== 'softmax' || this.fromLogits || this.axis !== -1) return null;
    return new CategoricalCrossentropy({
      name: this.name, reduction: this.reduction, labelSmoothing: this.labelSmoothing, axis: this.axis, fromLogits: true,
    });
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), from_logits: this.fromLogits, label_smoothing: this.labelSmoothing, axis: this.axis };
  }
}

// Focal cross-entropies (Lin et al. 2017, https://arxiv.org/abs/1708.02002), which scale
// each term by (1 − p_t)^γ so that well-classified examples weigh less (Keras `losses.py`).
//   binary:      mean over `axis` of (1 − p_t)^γ · bce, p_t = t·p + (1 − t)(1 − p),
//                optionally × (t·α + (1 − t)(1 − α)) when applyClassBalancing
//   categorical: Σ over `axis` of α·(1 − q)^γ · (−t·log q), q = clip(p / Σp, ε, 1 − ε)

import { ValueError, fmt } from '../errors.js';
import { add, affine, clipByValue, div, log, mean, mul, mulScalar, neg, powScalar, sigmoid, softmax, sum } from '../ops/index.js';
import { engine } from '../tensor/engine.js';
import type { TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Loss, type LossConfig, type LossOptions } from './loss.js';
import { EPSILON, alignPair, checkAxis, checkUnit } from './validate.js';

/** Arguments of `categoricalFocalCrossentropy(yTrue, yPred, args)` (and the base of {@link BinaryFocalArgs}). */
export interface FocalArgs {
  /** Weight of the focal term. Default 0.25. */
  alpha?: number;
  /** Focusing exponent γ ≥ 0. Default 2. */
  gamma?: number;
  /** yPred holds logits. Default false. */
  fromLogits?: boolean;
  /** In [0, 1]. Default 0. */
  labelSmoothing?: number;
  /** The class axis. Default -1. */
  axis?: number;
}

/** Arguments of `binaryFocalCrossentropy(yTrue, yPred, args)`. */
export interface BinaryFocalArgs extends FocalArgs {
  /** Weigh positives by α and negatives by 1 − α. Default false. */
  applyClassBalancing?: boolean;
}

function checkGamma(op: string, gamma: number): number {
  if (typeof gamma !== 'number' || !(gamma >= 0)) throw new ValueError(`${op}: \`gamma\` must be a number ≥ 0. Received: gamma=${fmt(gamma)}`);
  return gamma;
}

/** Per-sample binary focal cross-entropy. */
export function binaryFocalCrossentropy(yTrue: TensorLike, yPred: TensorLike, args: BinaryFocalArgs = {}): Tensor {
  const op = 'binary_focal_crossentropy';
  const { alpha = 0.25, gamma = 2, fromLogits = false, labelSmoothing = 0, axis = -1, applyClassBalancing = false } = args;
  checkUnit(op, 'label_smoothing', labelSmoothing);
  checkGamma(op, gamma);
  return engine.tidy(() => {
    let [t, p] = alignPair(op, yTrue, yPred);
    const a = checkAxis(op, axis, p.rank);
    if (labelSmoothing) t = affine(t, 1 - labelSmoothing, 0.5 * labelSmoothing);
    if (fromLogits) p = sigmoid(p);
    const pc = clipByValue(p, EPSILON, 1 - EPSILON);
    const notT = affine(t, -1, 1);
    const bce = neg(add(mul(t, log(pc)), mul(notT, log(affine(pc, -1, 1)))));
    const pt = add(mul(t, p), mul(notT, affine(p, -1, 1)));
    let focal = mul(powScalar(affine(pt, -1, 1), gamma), bce);
    if (applyClassBalancing) focal = mul(affine(t, 2 * alpha - 1, 1 - alpha), focal);
    return mean(focal, a);
  });
}

/** Per-sample categorical focal cross-entropy for one-hot (or soft) targets. */
export function categoricalFocalCrossentropy(yTrue: TensorLike, yPred: TensorLike, args: FocalArgs = {}): Tensor {
  const op = 'categorical_focal_crossentropy';
  const { alpha = 0.25, gamma = 2, fromLogits = false, labelSmoothing = 0, axis = -1 } = args;
  checkUnit(op, 'label_smoothing', labelSmoothing);
  checkGamma(op, gamma);
  return engine.tidy(() => {
    let [t, p] = alignPair(op, yTrue, yPred);
    const a = checkAxis(op, axis, p.rank);
    if (labelSmoothing) t = affine(t, 1 - labelSmoothing, labelSmoothing / p.shape[a]!);
    if (fromLogits) p = softmax(p, a);
    const q = clipByValue(div(p, sum(p, a, true)), EPSILON, 1 - EPSILON);
    const cce = neg(mul(t, log(q)));
    const weight = mulScalar(powScalar(affine(q, -1, 1), gamma), alpha);
    return sum(mul(weight, cce), a);
  });
}

/** Options of the {@link BinaryFocalCrossentropy} loss (Keras `losses.BinaryFocalCrossentropy`, camelCase). */
export interface BinaryFocalCrossentropyOptions extends LossOptions, BinaryFocalArgs {}

/**
 * Binary focal cross-entropy (Keras `BinaryFocalCrossentropy`).
 * @param applyClassBalancing Default false. @param alpha Default 0.25. @param gamma Default 2.
 * @param fromLogits Default false. @param labelSmoothing Default 0. @param axis Default -1.
 */
export class BinaryFocalCrossentropy extends Loss {
  /** The loss arguments with their defaults filled in. */
  readonly args: Required<BinaryFocalArgs>;

  constructor(opts: BinaryFocalCrossentropyOptions = {}) {
    super(opts, 'binary_focal_crossentropy');
    this.args = {
      applyClassBalancing: opts.applyClassBalancing ?? false, alpha: opts.alpha ?? 0.25, gamma: checkGamma('BinaryFocalCrossentropy', opts.gamma ?? 2),
      fromLogits: opts.fromLogits ?? false, labelSmoothing: checkUnit('BinaryFocalCrossentropy', 'label_smoothing', opts.labelSmoothing ?? 0), axis: opts.axis ?? -1,
    };
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return binaryFocalCrossentropy(yTrue, yPred, this.args);
  }

  override getConfig(): LossConfig {
    const a = this.args;
    return {
      ...super.getConfig(), from_logits: a.fromLogits, label_smoothing: a.labelSmoothing, axis: a.axis,
      apply_class_balancing: a.applyClassBalancing, alpha: a.alpha, gamma: a.gamma,
    };
  }
}

/** Options of the {@link CategoricalFocalCrossentropy} loss (Keras `losses.CategoricalFocalCrossentropy`, camelCase). */
export interface CategoricalFocalCrossentropyOptions extends LossOptions, FocalArgs {}

/**
 * Categorical focal cross-entropy (Keras `CategoricalFocalCrossentropy`).
 * @param alpha Default 0.25. @param gamma Default 2. @param fromLogits Default false.
 * @param labelSmoothing Default 0. @param axis Default -1.
 */
export class CategoricalFocalCrossentropy extends Loss {
  /** The loss arguments with their defaults filled in. */
  readonly args: Required<FocalArgs>;

  constructor(opts: CategoricalFocalCrossentropyOptions = {}) {
    super(opts, 'categorical_focal_crossentropy');
    this.args = {
      alpha: opts.alpha ?? 0.25, gamma: checkGamma('CategoricalFocalCrossentropy', opts.gamma ?? 2), fromLogits: opts.fromLogits ?? false,
      labelSmoothing: checkUnit('CategoricalFocalCrossentropy', 'label_smoothing', opts.labelSmoothing ?? 0), axis: opts.axis ?? -1,
    };
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return categoricalFocalCrossentropy(yTrue, yPred, this.args);
  }

  override getConfig(): LossConfig {
    const a = this.args;
    return { ...super.getConfig(), from_logits: a.fromLogits, label_smoothing: a.labelSmoothing, axis: a.axis, alpha: a.alpha, gamma: a.gamma };
  }
}

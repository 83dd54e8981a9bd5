// Overlap losses for segmentation (Keras `losses.py`), reduced over `axis` (default: every
// axis, giving one value for the batch):
//   dice    = 1 − 2·Σ t·p / (Σ t + Σ p + ε)
//   tversky = 1 − Σ t·p / (Σ t·p + α·Σ t·(1 − p) + β·Σ (1 − t)·p + ε)   (α = β = ½ is Dice)

import { add, addScalar, affine, div, mul, mulScalar, sum } from '../ops/index.js';
import { engine } from '../tensor/engine.js';
import type { TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Loss, type LossConfig, type LossOptions } from './loss.js';
import { EPSILON, alignPair } from './validate.js';

type Axis = number | number[] | null;

/** Dice loss over `axis` (null: all axes). */
export function dice(yTrue: TensorLike, yPred: TensorLike, axis: Axis = null): Tensor {
  return engine.tidy(() => {
    const [t, p] = alignPair('dice', yTrue, yPred);
    const inter = sum(mul(t, p), axis);
    const denom = addScalar(add(sum(t, axis), sum(p, axis)), EPSILON);
    return affine(div(mulScalar(inter, 2), denom), -1, 1);
  });
}

/** Tversky loss over `axis` (null: all axes); α weighs false negatives, β false positives. */
export function tversky(yTrue: TensorLike, yPred: TensorLike, alpha = 0.5, beta = 0.5, axis: Axis = null): Tensor {
  return engine.tidy(() => {
    const [t, p] = alignPair('tversky', yTrue, yPred);
    const inter = sum(mul(t, p), axis);
    const fp = sum(mul(affine(p, -1, 1), t), axis);
    const fn = sum(mul(p, affine(t, -1, 1)), axis);
    const denom = addScalar(add(add(inter, mulScalar(fp, alpha)), mulScalar(fn, beta)), EPSILON);
    return affine(div(inter, denom), -1, 1);
  });
}

/** Options of the {@link Dice} loss (Keras `losses.Dice` arguments, camelCase). */
export interface DiceOptions extends LossOptions {
  /** Axes to reduce; null (default) reduces all of them. */
  axis?: Axis;
}

/** Dice loss (Keras `Dice`). @param axis Default null (all axes). */
export class Dice extends Loss {
  /** Axes to reduce; null (default) reduces all of them. */
  readonly axis: Axis;

  constructor(opts: DiceOptions = {}) {
    super(opts, 'dice');
    this.axis = opts.axis ?? null;
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return dice(yTrue, yPred, this.axis);
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/** Options of the {@link Tversky} loss (Keras `losses.Tversky` arguments, camelCase). */
export interface TverskyOptions extends DiceOptions {
  /** Weight of the false positives. Default 0.5. */
  alpha?: number;
  /** Weight of the false negatives. Default 0.5. */
  beta?: number;
}

/** Tversky loss (Keras `Tversky`). @param alpha Default 0.5. @param beta Default 0.5. @param axis Default null. */
export class Tversky extends Loss {
  /** Weight of the false positives. Default 0.5. */
  readonly alpha: number;
  /** Weight of the false negatives. Default 0.5. */
  readonly beta: number;
  /** Axes to reduce; null (default) reduces all of them. */
  readonly axis: Axis;

  constructor(opts: TverskyOptions = {}) {
    super(opts, 'tversky');
    this.alpha = opts.alpha ?? 0.5;
    this.beta = opts.beta ?? 0.5;
    this.axis = opts.axis ?? null;
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return tversky(yTrue, yPred, this.alpha, this.beta, this.axis);
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), alpha: this.alpha, beta: this.beta, axis: this.axis };
  }
}

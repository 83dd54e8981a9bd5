// Losses that grow linearly for large errors, so outliers weigh less than under MSE.
//   huber(e)    = ½e² for |e| ≤ δ, else δ|e| − ½δ²      (e = p − t; mean over the last axis)
//   log_cosh(e) = e + softplus(−2e) − log 2 = log cosh(e), without overflow for large |e|

import { ValueError, fmt } from '../errors.js';
import { abs, add, addScalar, affine, lessEqual, mean, mulScalar, softplus, square, sub, where } from '../ops/index.js';
import { engine } from '../tensor/engine.js';
import { scalar, type TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Loss, type LossConfig, type LossOptions } from './loss.js';
import { alignPair } from './validate.js';

/** Per-sample Huber loss with threshold `delta` (default 1). */
export function huber(yTrue: TensorLike, yPred: TensorLike, delta = 1): Tensor {
  const op = 'huber_loss';
  if (typeof delta !== 'number' || !(delta >= 0)) {
    throw new ValueError(`${op}: \`delta\` must be a non-negative number. Received: delta=${fmt(delta)}`);
  }
  return engine.tidy(() => {
    const [t, p] = alignPair(op, yTrue, yPred);
    const e = sub(p, t);
    const a = abs(e);
    const quadratic = mulScalar(square(e), 0.5);
    const linear = affine(a, delta, -0.5 * delta * delta);
    return mean(where(lessEqual(a, scalar(delta)), quadratic, linear), -1);
  });
}

/** Per-sample mean of log(cosh(p − t)). */
export function logCosh(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return engine.tidy(() => {
    const [t, p] = alignPair('log_cosh', yTrue, yPred);
    const e = sub(p, t);
    return mean(addScalar(add(e, softplus(mulScalar(e, -2))), -Math.LN2), -1);
  });
}

/** Options of the {@link Huber} loss (Keras `losses.Huber`). */
export interface HuberOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear. Default 1. */
  delta?: number;
}

/**
 * Huber loss (Keras `Huber`, name 'huber_loss'): quadratic for errors up to `delta`, linear beyond.
 * @param delta Default 1.
 */
export class Huber extends Loss {
  /** Where the loss turns from quadratic to linear. Default 1. */
  readonly delta: number;

  constructor(opts: HuberOptions = {}) {
    super(opts, 'huber_loss');
    this.delta = opts.delta ?? 1;
    if (!(this.delta >= 0)) throw new ValueError(`Huber: \`delta\` must be a non-negative number. Received: delta=${fmt(opts.delta)}`);
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return huber(yTrue, yPred, this.delta);
  }

  /** Keras omits `delta` from this config; we keep it so the config round-trips. */
  override getConfig(): LossConfig {
    return { ...super.getConfig(), delta: this.delta };
  }
}

/** Logarithm of the hyperbolic cosine of the error (Keras `LogCosh`). */
export class LogCosh extends Loss {
  constructor(opts: LossOptions = {}) {
    super(opts, 'log_cosh');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return logCosh(yTrue, yPred);
  }
}

// Losses between distributions or counts (Keras `losses.py`).
//   kl_divergence = Σ t·log(t / p), both clipped to [ε, 1], summed over the last axis
//   poisson       = mean(p − t·log(p + ε)) over the last axis

import { addScalar, clipByValue, div, log, mean, mul, sub, sum } from '../ops/index.js';
import { engine } from '../tensor/engine.js';
import type { TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Loss, type LossOptions } from './loss.js';
import { EPSILON, alignPair } from './validate.js';

/** Per-sample Kullback–Leibler divergence KL(t ‖ p). */
export function klDivergence(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return engine.tidy(() => {
    const [t0, p0] = alignPair('kl_divergence', yTrue, yPred);
    const t = clipByValue(t0, EPSILON, 1);
    const p = clipByValue(p0, EPSILON, 1);
    return sum(mul(t, log(div(t, p))), -1);
  });
}

/** Per-sample Poisson negative log-likelihood (up to a constant in t). */
export function poisson(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return engine.tidy(() => {
    const [t, p] = alignPair('poisson', yTrue, yPred);
    return mean(sub(p, mul(t, log(addScalar(p, EPSILON)))), -1);
  });
}

/** Kullback–Leibler divergence between target and predicted distributions (Keras `KLDivergence`). */
export class KLDivergence extends Loss {
  constructor(opts: LossOptions = {}) {
    super(opts, 'kl_divergence');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return klDivergence(yTrue, yPred);
  }
}

/** Poisson loss for count targets and positive rate predictions (Keras `Poisson`). */
export class Poisson extends Loss {
  constructor(opts: LossOptions = {}) {
    super(opts, 'poisson');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return poisson(yTrue, yPred);
  }
}

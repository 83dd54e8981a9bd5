// Generalized cross-entropy for noisy labels (Zhang & Sabuncu 2018,
// https://arxiv.org/abs/1805.07836; Keras `CategoricalGeneralizedCrossEntropy`):
//   (1 − p_label^q) / q for integer labels, q ∈ (0, 1); q → 0 is CE, q = 1 is MAE.

import { ValueError, fmt } from '../errors.js';
import { affine, mul, oneHot, powScalar, sum } from '../ops/index.js';
import { engine } from '../tensor/engine.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Loss, type LossConfig, type LossOptions } from './loss.js';
import { asFloat, sparseLabels } from './validate.js';

function checkQ(op: string, q: number): number {
  if (typeof q !== 'number' || !(q > 0 && q < 1)) throw new ValueError(`${op}: \`q\` must be in the interval (0, 1). Received: q=${fmt(q)}`);
  return q;
}

/** Per-sample generalized cross-entropy of integer labels against class probabilities. */
export function categoricalGeneralizedCrossEntropy(yTrue: TensorLike, yPred: TensorLike, q = 0.5): Tensor {
  const op = 'categorical_generalized_cross_entropy';
  checkQ(op, q);
  return engine.tidy(() => {
    const p = asFloat(toTensor(yPred, op));
    const { labels } = sparseLabels(op, yTrue, p);
    const pl = sum(mul(p, oneHot(labels, p.shape.at(-1)!)), -1);
    return affine(powScalar(pl, q), -1 / q, 1 / q);
  });
}

/** Options of {@link CategoricalGeneralizedCrossEntropy} (Keras `losses.CategoricalGeneralizedCrossEntropy`). */
export interface GeneralizedCrossEntropyOptions extends LossOptions {
  /** In (0, 1). Default 0.5. */
  q?: number;
}

/** Generalized cross-entropy (Keras `CategoricalGeneralizedCrossEntropy`). @param q Default 0.5. */
export class CategoricalGeneralizedCrossEntropy extends Loss {
  /** In (0, 1). Default 0.5. */
  readonly q: number;

  constructor(opts: GeneralizedCrossEntropyOptions = {}) {
    super(opts, 'categorical_generalized_cross_entropy');
    this.q = checkQ('CategoricalGeneralizedCrossEntropy', opts.q ?? 0.5);
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return categoricalGeneralizedCrossEntropy(yTrue, yPred, this.q);
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), q: this.q };
  }
}

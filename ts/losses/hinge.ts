// Max-margin losses (Keras `losses.py`). Targets are ±1; 0/1 targets are converted to ±1
// when every value is 0 or 1 (Keras `convert_binary_labels_to_hinge`).
//   hinge             = mean(max(1 − t·p, 0))          over the last axis
//   squared_hinge     = mean(max(1 − t·p, 0)²)
//   categorical_hinge = max(max_k((1 − t)·p) − Σ t·p + 1, 0)  (one-hot t)

import { affine, max, mean, mul, relu, square, sub, sum } from '../ops/index.js';
import { engine } from '../tensor/engine.js';
import type { TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Loss, type LossOptions } from './loss.js';
import { alignPair } from './validate.js';

/** t, or 2t − 1 when every value of t is 0 or 1. Checked on the host: targets are small. */
function toPlusMinusOne(t: Tensor): Tensor {
  const v = t.buf.view();
  for (let i = 0; i < t.size; i++) if (v[i] !== 0 && v[i] !== 1) return t;
  return affine(t, 2, -1);
}

/** max(1 − t·p, 0), the elementwise margin violation. */
function margin(op: string, yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = alignPair(op, yTrue, yPred);
  return relu(affine(mul(toPlusMinusOne(t), p), -1, 1));
}

/** Per-sample hinge loss. */
export function hinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return engine.tidy(() => mean(margin('hinge', yTrue, yPred), -1));
}

/** Per-sample squared hinge loss. */
export function squaredHinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return engine.tidy(() => mean(square(margin('squared_hinge', yTrue, yPred)), -1));
}

/** Per-sample categorical hinge loss for one-hot targets. */
export function categoricalHinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return engine.tidy(() => {
    const [t, p] = alignPair('categorical_hinge', yTrue, yPred);
    const pos = sum(mul(t, p), -1);
    const negative = max(mul(affine(t, -1, 1), p), -1);
    return relu(affine(sub(negative, pos), 1, 1));
  });
}

/** Hinge loss for ±1 (or 0/1) targets (Keras `Hinge`). */
export class Hinge extends Loss {
  constructor(opts: LossOptions = {}) {
    super(opts, 'hinge');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return hinge(yTrue, yPred);
  }
}

/** Squared hinge loss for ±1 (or 0/1) targets (Keras `SquaredHinge`). */
export class SquaredHinge extends Loss {
  constructor(opts: LossOptions = {}) {
    super(opts, 'squared_hinge');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return squaredHinge(yTrue, yPred);
  }
}

/** Hinge loss between one-hot targets and class scores (Keras `CategoricalHinge`). */
export class CategoricalHinge extends Loss {
  constructor(opts: LossOptions = {}) {
    super(opts, 'categorical_hinge');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return categoricalHinge(yTrue, yPred);
  }
}

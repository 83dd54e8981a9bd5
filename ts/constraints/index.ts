// Weight constraints, applied after each optimizer step (Keras `constraints`).

import { ValueError, fmt } from '../errors.js';
import { canonicalName } from '../activations/index.js';
import { sqrt, square, relu, clipByValue, addScalar, mulScalar } from '../ops/unary.js';
import { sum } from '../ops/reduce.js';
import { add as addTensors, div, mul } from '../ops/binary.js';
import type { Tensor } from '../tensor/tensor.js';
import { tidy } from '../autograd/gradients.js';

export abstract class Constraint {
  abstract readonly className: string;
  /** The constrained value (a new tensor). */
  abstract call(w: Tensor): Tensor;
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Norms of `w` over `axis` (kept), with Keras's epsilon. */
function norms(w: Tensor, axis: number): Tensor {
  const a = axis < 0 ? axis + w.rank : axis;
  return sqrt(sum(square(w), [a], true));
}

export class MaxNorm extends Constraint {
  readonly className = 'MaxNorm';
  constructor(readonly maxValue = 2, readonly axis = 0) {
    super();
  }
  call(w: Tensor): Tensor {
    return tidy(() => {
      const n = norms(w, this.axis);
      const desired = clipByValue(n, 0, this.maxValue);
      return mul(w, div(desired, addScalar(n, 1e-7)));
    });
  }
  override getConfig() {
    return { max_value: this.maxValue, axis: this.axis };
  }
}

export class NonNeg extends Constraint {
  readonly className = 'NonNeg';
  call(w: Tensor): Tensor {
    return relu(w);
  }
}

export class UnitNorm extends Constraint {
  readonly className = 'UnitNorm';
  constructor(readonly axis = 0) {
    super();
  }
  call(w: Tensor): Tensor {
    return tidy(() => div(w, addScalar(norms(w, this.axis), 1e-7)));
  }
  override getConfig() {
    return { axis: this.axis };
  }
}

export class MinMaxNorm extends Constraint {
  readonly className = 'MinMaxNorm';
  constructor(readonly minValue = 0, readonly maxValue = 1, readonly rate = 1, readonly axis = 0) {
    super();
    if (!(minValue <= maxValue)) throw new ValueError(`MinMaxNorm: minValue must be ≤ maxValue. Received: minValue=${minValue}, maxValue=${maxValue}`);
  }
  call(w: Tensor): Tensor {
    return tidy(() => {
      const n = norms(w, this.axis);
      const clipped = clipByValue(n, this.minValue, this.maxValue);
      // Keras: desired = rate·clip(norm) + (1 − rate)·norm
      const desired = addTensors(mulScalar(clipped, this.rate), mulScalar(n, 1 - this.rate));
      return mul(w, div(desired, addScalar(n, 1e-7)));
    });
  }
  override getConfig() {
    return { min_value: this.minValue, max_value: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

export const maxNorm = (o: { maxValue?: number; axis?: number } = {}) => new MaxNorm(o.maxValue, o.axis);
export const nonNeg = () => new NonNeg();
export const unitNorm = (o: { axis?: number } = {}) => new UnitNorm(o.axis);
export const minMaxNorm = (o: { minValue?: number; maxValue?: number; rate?: number; axis?: number } = {}) =>
  new MinMaxNorm(o.minValue, o.maxValue, o.rate, o.axis);

export type ConstraintIdentifier = Constraint | 'max_norm' | 'maxNorm' | 'non_neg' | 'nonNeg' | 'unit_norm' | 'unitNorm' | 'min_max_norm' | 'minMaxNorm' | null | undefined;

export function get(id: ConstraintIdentifier): Constraint | undefined {
  if (id == null) return undefined;
  if (id instanceof Constraint) return id;
  switch (canonicalName(String(id))) {
    case 'max_norm': return maxNorm();
    case 'non_neg': return nonNeg();
    case 'unit_norm': return unitNorm();
    case 'min_max_norm': return minMaxNorm();
  }
  throw new ValueError(`Unknown constraint. Expected max_norm, non_neg, unit_norm, min_max_norm or a Constraint. Received: ${fmt(id)}`);
}

// Module state shared by every layer call: default names, the stack of calls in progress
// (which `training` flag a nested call inherits) and the layers holding losses of the current call.

import type { Tensor } from '../tensor/tensor.js';
import { tidy } from '../autograd/gradients.js';
import { mulScalar } from '../ops/unary.js';
import type { Regularizer } from '../regularizers/index.js';
import { kerasSnakeCase } from '../utils/naming.js';
import type { CallArgs } from './layer_args.js';

const nameCounts = new Map<string, number>();

/** Keras-style unique default names: dense, dense_1, dense_2, … */
export function uniqueName(base: string): string {
  const n = nameCounts.get(base) ?? 0;
  nameCounts.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

/** Keras's default-name snake_case: `Conv2D` → `conv2d`, `MaxPooling2D` → `max_pooling2d`, `ReLU` → `re_lu`. */
export const snakeCase = kerasSnakeCase;

/**
 * The calls in progress, outermost first. A nested call without an explicit `training`
 * inherits it from the enclosing call (Keras 3's call context), so
 * `model.apply(x, { training: false })` reaches every BatchNormalization and Dropout inside,
 * however deep, including sublayers a custom layer calls itself.
 */
export const callStack: CallArgs[] = [];

/**
 * Layers holding losses from the current outermost call (addLoss, activity regularizers).
 * Keras clears them when the next outermost call starts; a registry keeps that O(layers with
 * losses) instead of a walk over every layer on every call.
 */
export const layersWithLosses = new Set<{ activityLosses: Tensor[] }>();

export function clearCallLosses(): void {
  for (const l of layersWithLosses) l.activityLosses = [];
  layersWithLosses.clear();
}

/** Hands over every loss added since the current outermost call began (the trainer's view). */
export function takeCallLosses(): Tensor[] {
  const out: Tensor[] = [];
  for (const l of layersWithLosses) {
    for (const t of l.activityLosses) if (!t.isDisposed) out.push(t);
    l.activityLosses = [];
  }
  layersWithLosses.clear();
  return out;
}

/**
 * A layer's activity-regularization losses for its outputs `outs`. As Keras 3.15: added in
 * every call (evaluate's loss includes them too), divided by the batch size so their strength
 * does not depend on it.
 */
export function addActivityLosses(layer: { activityLosses: Tensor[] }, reg: Regularizer, outs: readonly Tensor[]): void {
  for (const o of outs) {
    layer.activityLosses.push(tidy(() => {
      const l = reg.call(o);
      return o.rank > 0 && o.shape[0]! > 0 ? mulScalar(l, 1 / o.shape[0]!) : l;
    }));
    layersWithLosses.add(layer);
  }
}

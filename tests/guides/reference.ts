// Shared by the guide ports: the Keras reference numbers (keras_reference.py writes them)
// and setting a model's weights from them by layer name.

import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Layer } from '../../ts/layers/layer.js';
import type { Model } from '../../ts/models/model.js';
import { tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const ref: Record<string, any> = JSON.parse(readFileSync(new URL('./keras_reference.json', import.meta.url), 'utf8'));

/** Sets each named layer's weights from flat arrays (Keras get_weights order). */
export function setLayerWeights(model: Model, weights: Record<string, number[][]>): void {
  for (const [name, ws] of Object.entries(weights)) setFlat(model.getLayer(name), ws);
}

export function setFlat(layer: Layer, ws: number[][]): void {
  layer.setWeights(ws.map((w) => Float32Array.from(w)));
}

export function t2(flat: number[], cols: number): Tensor {
  return tensor(Float32Array.from(flat), [flat.length / cols, cols]);
}

/** Agreement with Keras up to float32 accumulation-order differences. */
export function expectClose(actual: readonly number[], expected: readonly number[], tol = 2e-5): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    if (Math.abs(a - e) > tol * Math.max(1, Math.abs(e))) {
      throw new Error(`value ${i}: expected ${e} (Keras), got ${a}; all: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`);
    }
  });
}

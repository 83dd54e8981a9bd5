// A port of Keras's `run_layer_test`: for one layer, check the symbolic output shape, an
// eager call, the weight counts, a config round trip, and one training step that moves
// the weights, all without leaking tensors or WASM buffers.

import { expect } from 'vitest';
import { Model } from '../../ts/models/model.js';
import { input } from '../../ts/layers/input_layer.js';
import { deserializeLayer, type Layer } from '../../ts/layers/index.js';
import type { SymbolicTensor } from '../../ts/layers/symbolic.js';
import { SGD } from '../../ts/optimizers/index.js';
import { memory, tidy } from '../../ts/autograd/gradients.js';
import { randomUniform } from '../../ts/tensor/random.js';
import { fromData } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';

export interface LayerContract {
  make: () => Layer;
  /** Per-sample input shape(s), without the batch axis. */
  inputShape: number[] | number[][];
  /** Per-sample output shape. */
  outputShape: (number | null)[];
  trainableWeights: number;
  nonTrainableWeights?: number;
  /** int32 inputs in [0, intRange) instead of floats (Embedding). */
  intRange?: number;
  /** Layers whose output does not depend on weights a loss can move (skip the step check). */
  noTrainingStep?: boolean;
}

const BATCH = 3;

function sample(shape: number[], intRange?: number): Tensor {
  if (intRange) {
    const n = BATCH * shape.reduce((a, b) => a * b, 1);
    return fromData('contract', Int32Array.from({ length: n }, (_, i) => (i * 7) % intRange), [BATCH, ...shape], 'int32');
  }
  return randomUniform([BATCH, ...shape], -1, 1, 42);
}

export async function runLayerContract(c: LayerContract): Promise<void> {
  const multi = Array.isArray(c.inputShape[0]);
  const shapes = (multi ? c.inputShape : [c.inputShape]) as number[][];

  // Symbolic call and output shape.
  const layer = c.make();
  const ins = shapes.map((s) => input({ shape: s, dtype: c.intRange ? 'int32' : 'float32' }));
  const out = layer.apply(multi ? ins : ins[0]!) as SymbolicTensor;
  expect(out.shape).toEqual([null, ...c.outputShape]);
  expect(layer.trainableWeights.length).toBe(c.trainableWeights);
  expect(layer.nonTrainableWeights.length).toBe(c.nonTrainableWeights ?? 0);

  // Eager call in both modes.
  const xs = shapes.map((s) => sample(s, c.intRange));
  const arg = () => (multi ? xs : xs[0]!);
  for (const training of [false, true]) {
    const y = layer.apply(arg() as Tensor, { training }) as Tensor;
    expect(y.shape).toEqual([BATCH, ...c.outputShape]);
    expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
    y.dispose();
  }

  // Config round trip: the rebuilt layer has the same output shape and weight count.
  const clone = deserializeLayer({ class_name: layer.className, config: layer.getConfig() });
  const y2 = clone.apply(arg() as Tensor) as Tensor;
  expect(y2.shape).toEqual([BATCH, ...c.outputShape]);
  expect(clone.weights.length).toBe(layer.weights.length);
  y2.dispose();
  clone.dispose();

  // One training step through a model moves the trainable weights; repeated steps leak nothing.
  const model = new Model({ inputs: multi ? ins : ins[0]!, outputs: out });
  model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
  const target = tidy(() => randomUniform([BATCH, ...c.outputShape.map((d) => d ?? 1)], -1, 1, 7));
  const before = layer.trainableWeights.map((w) => w.dataSync());
  model.trainOnBatch(arg() as Tensor, target);
  if (c.trainableWeights > 0 && !c.noTrainingStep) {
    const moved = layer.trainableWeights.some((w, i) => w.dataSync().some((v, j) => v !== before[i]![j]));
    expect(moved).toBe(true);
  }
  const m0 = memory();
  model.trainOnBatch(arg() as Tensor, target);
  model.trainOnBatch(arg() as Tensor, target);
  const m1 = memory();
  expect(m1.numTensors).toBe(m0.numTensors);
  expect(m1.numBytes).toBe(m0.numBytes);
  [...xs, target].forEach((t) => t.dispose());
  model.dispose();
}

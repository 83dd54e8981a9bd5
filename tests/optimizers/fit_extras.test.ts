// model.fit with useEma / gradientAccumulationSteps against Keras 3 (optimizer_extras.json,
// 'fit' cases): training.json's Dense(4, relu) → Dense(3, softmax) model and data, batch 2,
// 3 epochs, no shuffling. Weights after every batch, the final weights (fit swaps the EMA
// in at the end), `iterations` and the optimizer's variables must match.

import { describe, expect, it } from 'vitest';
import { Sequential } from '../../ts/models/sequential.js';
import { Dense } from '../../ts/layers/core/dense.js';
import { input } from '../../ts/layers/input_layer.js';
import { LambdaCallback } from '../../ts/callbacks/index.js';
import * as optimizers from '../../ts/optimizers/index.js';
import { expectAllClose, goldenTensor, loadGolden, num, type GoldenArray } from '../helpers/golden.js';

interface FitCase {
  family: string;
  class_name: string;
  case: string;
  config: Record<string, unknown>;
  x: GoldenArray;
  y: GoldenArray;
  initial_weights: GoldenArray[];
  epochs: number;
  batch_size: number;
  weights_after_each_batch: GoldenArray[][];
  final_weights: GoldenArray[];
  iterations: number;
  optimizer_variables: (GoldenArray & { name: string })[];
}

const RTOL = 1e-5;
const ATOL = 1e-6;
const cases = loadGolden<FitCase>('optimizer_extras.json').cases.filter((c) => c.family === 'fit');
const vals = (a: GoldenArray) => a.values.map(num);

describe('fit with EMA and gradient accumulation follows Keras 3', () => {
  it('has the fit cases', () => expect(cases.length).toBe(3));

  for (const c of cases) {
    it(c.case, async () => {
      const model = new Sequential([
        input({ shape: [3] }), new Dense({ units: 4, activation: 'relu', name: 'dense_1' }),
        new Dense({ units: 3, activation: 'softmax', name: 'dense_2' }),
      ]);
      model.setWeights(c.initial_weights.map((w) => Float32Array.from(vals(w))));
      const opt = optimizers.get({ class_name: c.class_name, config: c.config });
      model.compile({ optimizer: opt, loss: 'sparse_categorical_crossentropy' });
      const x = goldenTensor(c.x);
      const y = goldenTensor(c.y);
      const weights: (Float32Array | Int32Array)[][] = [];
      await model.fit(x, y, {
        batchSize: c.batch_size, epochs: c.epochs, shuffle: false, verbose: 0,
        callbacks: [new LambdaCallback({ onTrainBatchEnd: () => void weights.push(model.getWeights()) })],
      });
      expect(weights.length).toBe(c.weights_after_each_batch.length);
      weights.forEach((ws, i) => ws.forEach((w, j) =>
        expectAllClose(w, vals(c.weights_after_each_batch[i]![j]!), `${c.case}: weight ${j} after batch ${i}`, RTOL, ATOL)));
      model.getWeights().forEach((w, j) => expectAllClose(w, vals(c.final_weights[j]!), `${c.case}: final weight ${j}`, RTOL, ATOL));
      expect(opt.iterations).toBe(c.iterations);
      const mine = opt.getVariables();
      // Keras's slot names carry the model's name (`golden_mlp_dense_1_kernel_average`).
      expect(mine.map((v) => v.name)).toEqual(c.optimizer_variables.map((v) => v.name.replace(/^golden_mlp_/, '')));
      mine.forEach((v, i) => {
        const want = c.optimizer_variables[i]!;
        expect(v.shape, want.name).toEqual(want.shape);
        if (v.dtype === 'int32') expect(Array.from(v.values)).toEqual(vals(want));
        else expectAllClose(v.values, vals(want), `${c.case}: ${want.name}`, RTOL, ATOL);
      });
      x.dispose();
      y.dispose();
      model.dispose();
    });
  }
});

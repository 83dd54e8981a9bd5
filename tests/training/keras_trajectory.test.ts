// The whole fit pipeline against Keras 3 (tests/golden/training.json): a Dense(4, relu) →
// Dense(3, softmax) model with fixed initial weights, SGD 0.1, sparse categorical CE,
// batch 4, no shuffling, 2 epochs. Batch-end logs, weights after every batch, History,
// evaluate before/after and predict must all match.

import { describe, expect, it } from 'vitest';
import { Sequential } from '../../ts/models/sequential.js';
import { Dense } from '../../ts/layers/core/dense.js';
import { input } from '../../ts/layers/input_layer.js';
import { SGD } from '../../ts/optimizers/index.js';
import { LambdaCallback } from '../../ts/callbacks/index.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { expectAllClose, goldenTensor, loadGolden, num, type GoldenArray } from '../helpers/golden.js';

interface TrainingCase {
  x: GoldenArray;
  y: GoldenArray;
  initial_weights: GoldenArray[];
  evaluate_before: { accuracy: number; loss: number };
  history: { accuracy: number[]; loss: number[] };
  batch_end_logs: { accuracy: number; loss: number }[];
  weights_after_each_batch: GoldenArray[][];
  final_weights: GoldenArray[];
  evaluate_after: { accuracy: number; loss: number };
  predict_after: GoldenArray;
}

const c = loadGolden<TrainingCase>('training.json').cases[0]!;

describe('fit follows Keras 3 step by step', () => {
  it('matches logs, weights, history, evaluate and predict', async () => {
    const model = new Sequential([input({ shape: [3] }), new Dense({ units: 4, activation: 'relu' }), new Dense({ units: 3, activation: 'softmax' })]);
    model.setWeights(c.initial_weights.map((w) => Float32Array.from(w.values.map(num))));
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const x = goldenTensor(c.x);
    const y = goldenTensor(c.y);

    const before = (await model.evaluate(x, y, { batchSize: 4 })) as number[];
    expect(before[0]).toBeCloseTo(c.evaluate_before.loss, 5);
    expect(before[1]).toBeCloseTo(c.evaluate_before.accuracy, 6);

    const batchLogs: { loss: number; accuracy: number }[] = [];
    const weights: (Float32Array | Int32Array)[][] = [];
    const history = await model.fit(x, y, {
      batchSize: 4, epochs: 2, shuffle: false, verbose: 0,
      callbacks: [new LambdaCallback({
        onTrainBatchEnd: (_b: number, logs?: Record<string, number>) => {
          batchLogs.push({ loss: logs!.loss!, accuracy: logs!.accuracy! });
          weights.push(model.getWeights());
        },
      })],
    });
    batchLogs.forEach((l, i) => {
      expect(l.loss).toBeCloseTo(c.batch_end_logs[i]!.loss, 5);
      expect(l.accuracy).toBeCloseTo(c.batch_end_logs[i]!.accuracy, 6);
    });
    weights.forEach((ws, i) => ws.forEach((w, j) => {
      expectAllClose(w, c.weights_after_each_batch[i]![j]!.values.map(num), `weights after batch ${i}, #${j}`, 1e-5, 1e-6);
    }));
    expectAllClose(history.history.loss!, c.history.loss, 'history.loss', 1e-5);
    expectAllClose(history.history.accuracy!, c.history.accuracy, 'history.accuracy', 0, 1e-6);
    model.getWeights().forEach((w, j) => expectAllClose(w, c.final_weights[j]!.values.map(num), `final weight ${j}`, 1e-5, 1e-6));

    const after = (await model.evaluate(x, y, { batchSize: 4 })) as number[];
    expect(after[0]).toBeCloseTo(c.evaluate_after.loss, 5);
    expect(after[1]).toBeCloseTo(c.evaluate_after.accuracy, 6);
    const p = (await model.predict(x, { batchSize: 4 })) as Tensor;
    expectAllClose(p.dataSync(), c.predict_after.values.map(num), 'predict', 1e-5, 1e-6);
    [x, y, p].forEach((t) => t.dispose());
    model.dispose();
  });
});

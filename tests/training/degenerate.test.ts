// Issue 9 items 8, 9 and the options part of item 6, issue 10 item 2: degenerate runs fail
// before training with a clear error instead of producing NaN or looping forever; unknown
// option keys are rejected with a suggestion; duplicate metric names get a suffix.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sequential } from '../../ts/models/sequential.js';
import * as layers from '../../ts/layers/index.js';
import * as metrics from '../../ts/metrics/index.js';
import { input } from '../../ts/layers/input_layer.js';
import { ones, tensor, zeros } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';

let m: Sequential;
let x: Tensor, y: Tensor;

beforeAll(() => {
  m = new Sequential([input({ shape: [2] }), layers.dense({ units: 1, activation: 'sigmoid' })]);
  m.compile({ optimizer: 'sgd', loss: 'binary_crossentropy' });
  x = ones([6, 2]);
  y = tensor([[1], [0], [1], [0], [1], [0]]);
});
afterAll(() => {
  [x, y].forEach((t) => t.dispose());
  m.dispose();
});

describe('degenerate fit/evaluate/predict arguments (item 8)', () => {
  it('0 samples', async () => {
    const x0 = zeros([0, 2]), y0 = zeros([0, 1]);
    await expect(m.fit(x0, y0, { verbose: 0 })).rejects.toThrow(/fit: x has 0 samples/);
    await expect(m.evaluate(x0, y0)).rejects.toThrow(/evaluate: x has 0 samples/);
    await expect(m.predict(x0)).rejects.toThrow(/predict: x has 0 samples/);
    await expect(m.fit(x, y, { validationData: [x0, y0], verbose: 0 })).rejects.toThrow(/validationData: x has 0 samples/);
    [x0, y0].forEach((t) => t.dispose());
  });

  it.each([0, -1, 1.5, NaN, '8'])('batch sizes: %s is rejected everywhere (no infinite loop)', async (bs) => {
    const b = bs as number;
    await expect(m.fit(x, y, { batchSize: b, verbose: 0 })).rejects.toThrow(/fit: batchSize must be a positive integer/);
    await expect(m.fit(x, y, { validationBatchSize: b, validationSplit: 0.5, verbose: 0 })).rejects.toThrow(/validationBatchSize must be a positive integer/);
    await expect(m.evaluate(x, y, { batchSize: b })).rejects.toThrow(/evaluate: batchSize must be a positive integer/);
    await expect(m.predict(x, { batchSize: b })).rejects.toThrow(/predict: batchSize must be a positive integer/);
    await expect(m.fit(x, y, { stepsPerEpoch: b, verbose: 0 })).rejects.toThrow(/stepsPerEpoch must be a positive integer/);
  });

  it('epochs and validationSplit', async () => {
    await expect(m.fit(x, y, { epochs: -1, verbose: 0 })).rejects.toThrow(/epochs must be a non-negative integer/);
    await expect(m.fit(x, y, { epochs: 2.5, verbose: 0 })).rejects.toThrow(/epochs/);
    for (const v of [NaN, -0.1, 1, 2]) {
      await expect(m.fit(x, y, { validationSplit: v, verbose: 0 })).rejects.toThrow(/validationSplit must be a number in \[0, 1\)/);
    }
    await expect(m.fit(x, y, { validationData: [x] as never, verbose: 0 })).rejects.toThrow(/validationData must be \[x, y\]/);
  });

  it('sample and class weights', async () => {
    await expect(m.fit(x, y, { sampleWeight: [1, 1, NaN, 1, 1, 1], verbose: 0 })).rejects.toThrow(/sampleWeight must be finite and non-negative. Received: NaN at index 2/);
    await expect(m.fit(x, y, { sampleWeight: [1, 1, -1, 1, 1, 1], verbose: 0 })).rejects.toThrow(/non-negative/);
    await expect(m.fit(x, y, { sampleWeight: [1, 1, 1], verbose: 0 })).rejects.toThrow(/one weight per sample \(shape \[6\]\). Received: shape=\[3\]/);
    await expect(m.fit(x, y, { sampleWeight: ['a', 1, 1, 1, 1, 1] as never, verbose: 0 })).rejects.toThrow(/sampleWeight must be a Tensor, a typed array or an array of numbers/);
    await expect(m.evaluate(x, y, { sampleWeight: [1, 2] })).rejects.toThrow(/evaluate: sampleWeight must have one weight per sample/);
    await expect(m.fit(x, y, { classWeight: { 0: NaN, 1: 1 }, verbose: 0 })).rejects.toThrow(/classWeight values must be finite, non-negative numbers/);
    await expect(m.fit(x, y, { classWeight: { 0: -2 }, verbose: 0 })).rejects.toThrow(/classWeight/);
    await expect(m.fit(x, y, { classWeight: { 0: '1' } as never, verbose: 0 })).rejects.toThrow(/classWeight/);
    await expect(m.fit(x, y, { classWeight: { cat: 1 } as never, verbose: 0 })).rejects.toThrow(/classWeight keys must be class indices/);
  });

  it('nothing trained when a check fails', async () => {
    const before = m.getWeights().map((w) => Array.from(w));
    await expect(m.fit(x, y, { sampleWeight: [1, 1, NaN, 1, 1, 1], epochs: 3, verbose: 0 })).rejects.toThrow();
    expect(m.getWeights().map((w) => Array.from(w))).toEqual(before);
  });
});

describe('unknown options (item 6, training part)', () => {
  it('fit({ epoch: 5 }) suggests epochs', async () => {
    await expect(m.fit(x, y, { epoch: 5 } as never)).rejects.toThrow(/fit: unknown option 'epoch' \(did you mean 'epochs'\?\)/);
    await expect(m.fit(x, y, { batch_size: 2 } as never)).rejects.toThrow(/'batch_size' \(did you mean 'batchSize'\?\)/);
    await expect(m.evaluate(x, y, { return_dict: true } as never)).rejects.toThrow(/did you mean 'returnDict'/);
    await expect(m.predict(x, { batchsize: 2 } as never)).rejects.toThrow(/did you mean 'batchSize'/);
    expect(() => m.compile({ optimizer: 'sgd', loss: 'mse', metric: ['mae'] } as never)).toThrow(/compile: unknown option 'metric' \(did you mean 'metrics'\?\)/);
    expect(() => m.trainOnBatch(x, y, { sample_weight: ones([6]) } as never)).toThrow(/did you mean 'sampleWeight'/);
  });
});

describe('duplicate metric names (item 9)', () => {
  it('[new AUC(), "auc"] logs auc and auc_1, like Keras', async () => {
    const mm = new Sequential([input({ shape: [2] }), layers.dense({ units: 1, activation: 'sigmoid' })]);
    mm.compile({ optimizer: 'sgd', loss: 'binary_crossentropy', metrics: [new metrics.AUC(), 'auc', 'accuracy', 'accuracy'] });
    const h = await mm.fit(x, y, { epochs: 1, verbose: 0, validationSplit: 0.5 });
    expect(Object.keys(h.history).sort()).toEqual(['accuracy', 'accuracy_1', 'auc', 'auc_1', 'loss', 'val_accuracy', 'val_accuracy_1', 'val_auc', 'val_auc_1', 'val_loss']);
    expect(mm.metricsNames).toEqual(['loss', 'auc', 'auc_1', 'accuracy', 'accuracy_1']);
    // recompiling with the same metric object does not grow the name
    const auc = new metrics.AUC();
    mm.compile({ optimizer: 'sgd', loss: 'binary_crossentropy', metrics: [auc] });
    mm.compile({ optimizer: 'sgd', loss: 'binary_crossentropy', metrics: [auc] });
    expect(mm.metricsNames).toEqual(['loss', 'auc']);
    mm.dispose();
  });
});

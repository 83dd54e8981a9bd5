// keras.io "Training & evaluation with the built-in methods": classWeight, sampleWeight (fit
// and evaluate), validationSplit (the last fraction, before shuffling) and a custom loss
// function; every number equal to Keras's.

import { describe, expect, it } from 'vitest';
import { Model } from '../../ts/models/model.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import { SGD } from '../../ts/optimizers/index.js';
import type { MetricName } from '../../ts/metrics/index.js';
import * as k from '../../ts/ops/index.js';
import { tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import type { TensorLike } from '../../ts/tensor/creation.js';
import { expectClose, ref, setLayerWeights, t2 } from './reference.js';

const R = ref.built_in_training;

function fresh(loss: unknown = 'sparse_categorical_crossentropy', metrics: MetricName[] = ['sparse_categorical_accuracy']): Model {
  const inp = input({ shape: [4], name: 'x' });
  const h = layers.dense({ units: 5, activation: 'relu', name: 'h' }).apply(inp);
  const m = new Model({ inputs: inp, outputs: layers.dense({ units: 3, activation: 'softmax', name: 'probs' }).apply(h) });
  setLayerWeights(m, R.weights);
  m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: loss as never, metrics });
  return m;
}

function expectHistory(h: Record<string, number[]>, expected: Record<string, number[]>): void {
  expect(Object.keys(h).sort()).toEqual(Object.keys(expected).sort());
  for (const key of Object.keys(expected)) expectClose(h[key]!, expected[key]!);
}

describe('Training & evaluation with the built-in methods', () => {
  const x = t2(R.x, 4);
  const y = tensor(Int32Array.from(R.y), [12]);

  it('classWeight', async () => {
    const m = fresh();
    const h = await m.fit(x, y, { classWeight: { 0: 1.0, 1: 2.0, 2: 0.5 }, epochs: 2, batchSize: 4, shuffle: false, verbose: 0 });
    expectHistory(h.history, R.class_weight);
    m.dispose();
  });

  it('sampleWeight in fit and evaluate', async () => {
    const m = fresh();
    const h = await m.fit(x, y, { sampleWeight: R.sample_weight, epochs: 2, batchSize: 4, shuffle: false, verbose: 0 });
    expectHistory(h.history, R.sample_weight_fit);
    const ev = (await m.evaluate(x, y, { sampleWeight: R.sample_weight, batchSize: 5, returnDict: true })) as Record<string, number>;
    expectClose([ev.loss!, ev.sparse_categorical_accuracy!], [R.evaluate_weighted.loss, R.evaluate_weighted.sparse_categorical_accuracy]);
    m.dispose();
  });

  it('sample weights apply to weightedMetrics, not to metrics (as in Keras)', async () => {
    const m = fresh();
    m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'], weightedMetrics: ['accuracy'] });
    const sw = R.y.map((c: number) => (c === 0 ? 1 : 0));
    const ev = (await m.evaluate(x, y, { sampleWeight: sw, returnDict: true })) as Record<string, number>;
    const probs = (await m.predict(x)) as Tensor;
    const pred = Array.from(k.argmax(probs, -1).dataSync());
    const acc = pred.filter((p, i) => p === R.y[i]).length / 12;
    const wacc = pred.filter((p, i) => p === R.y[i] && R.y[i] === 0).length / sw.filter((w: number) => w > 0).length;
    expect(ev.accuracy).toBeCloseTo(acc, 6);
    expect(ev.accuracy_1).toBeCloseTo(wacc, 6);
    probs.dispose();
    m.dispose();
  });

  it('validationSplit takes the last samples, before shuffling', async () => {
    const m = fresh();
    const h = await m.fit(x, y, { validationSplit: 0.25, epochs: 2, batchSize: 3, shuffle: false, verbose: 0 });
    expectHistory(h.history, R.validation_split);
    m.dispose();
  });

  it('a custom loss function', async () => {
    const customMse = (yTrue: TensorLike, yPred: TensorLike): Tensor => k.mean(k.square(k.sub(yTrue as Tensor, yPred as Tensor)), -1);
    const m = fresh(customMse, ['categorical_accuracy']);
    const oneHot = tensor(R.y.map((c: number) => [0, 1, 2].map((j) => (j === c ? 1 : 0))));
    const h = await m.fit(x, oneHot, { epochs: 2, batchSize: 4, shuffle: false, verbose: 0 });
    expectHistory(h.history, R.custom_loss);
    oneHot.dispose();
    m.dispose();
  });
});

// Masks reaching the loss and the metrics, against Keras 3 `evaluate` (tests/golden/
// attention.json `models`, from generate_attention.py): Embedding(maskZero) → Dense per step
// with sparse categorical cross-entropy and (weighted) accuracy, with and without per-step
// sample weights; Masking → Dense per step with MSE/MAE; Masking → masked average pooling.

import { describe, expect, it } from 'vitest';
import * as L from '../../../ts/layers/index.js';
import { input } from '../../../ts/layers/input_layer.js';
import { Sequential } from '../../../ts/models/sequential.js';
import { expectAllClose, goldenTensor, loadGolden, num, type GoldenArray } from '../../helpers/golden.js';
import type { Layer } from '../../../ts/layers/layer.js';
import * as losses from '../../../ts/losses/index.js';
import * as metrics from '../../../ts/metrics/index.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';

interface ModelCase {
  case: string;
  x: GoldenArray;
  y: GoldenArray;
  sample_weight?: GoldenArray;
  weights: GoldenArray[];
  pred: GoldenArray;
  evaluate: Record<string, number | string>;
  evaluate_sw?: Record<string, number | string>;
}

const models = (loadGolden('attention.json') as unknown as { models: ModelCase[] }).models;
const byName = (n: string) => models.find((m) => m.case === n)!;

function build(layers: Layer[], shape: number[], dtype: 'float32' | 'int32', c: ModelCase): Sequential {
  const m = new Sequential([input({ shape, dtype }), ...layers]);
  m.setWeights(c.weights.map((w) => Float32Array.from(w.values.map(num))));
  const p = m.predictOnBatch(goldenTensor(c.x)) as Tensor;
  expectAllClose(p.dataSync(), c.pred.values.map(num), `${c.case} predict`, 1e-5, 1e-6);
  return m;
}

function expectLogs(got0: Record<string, number>, want: Record<string, number | string>, label: string): void {
  // The trainer names a metric listed in both metrics and weightedMetrics `accuracy_1`
  // (Keras: `weighted_accuracy`); the values are what this test checks.
  const got = Object.fromEntries(Object.entries(got0).map(([k, v]) => [k === 'accuracy_1' ? 'weighted_accuracy' : k, v]));
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  for (const k of Object.keys(want)) expectAllClose([got[k]!], [num(want[k]!)], `${label} ${k}`, 1e-5, 1e-6);
}

describe('masked losses and metrics match Keras 3 evaluate', () => {
  it('Embedding(maskZero) → Dense(softmax): sparse CE and accuracy over the kept steps', async () => {
    const c = byName('embedding_mask_zero_sparse_ce');
    const m = build([L.embedding({ inputDim: 6, outputDim: 4, maskZero: true }), L.dense({ units: 3, activation: 'softmax' })], [5], 'int32', c);
    m.compile({ loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'], weightedMetrics: ['accuracy'] });
    const x = goldenTensor(c.x), y = goldenTensor(c.y);
    expectLogs(await m.evaluate(x, y, { returnDict: true, verbose: 0 }), c.evaluate, c.case);
    // Per-step sample weights ([batch, steps]; fit/evaluate take [batch] ones): the loss and a
    // metric called on the model's output, which carries the mask.
    const pred = m.apply(x);
    const sw = goldenTensor(c.sample_weight!);
    const loss = new losses.SparseCategoricalCrossentropy().apply(y, pred, sw).dataSync()[0]!;
    expectAllClose([loss], [num(c.evaluate_sw!.loss!)], `${c.case} sw loss`, 1e-5, 1e-6);
    const acc = new metrics.SparseCategoricalAccuracy();
    acc.updateState(y, pred, sw);
    expectAllClose([acc.result()], [num(c.evaluate_sw!.weighted_accuracy!)], `${c.case} sw weighted accuracy`, 1e-5, 1e-6);
    const plain = new metrics.SparseCategoricalAccuracy();
    plain.updateState(y, pred);
    expectAllClose([plain.result()], [num(c.evaluate_sw!.accuracy!)], `${c.case} accuracy`, 1e-5, 1e-6);
  });

  it('Masking → Dense per step: MSE and MAE over the kept steps', async () => {
    const c = byName('masking_mse');
    const m = build([L.masking({ maskValue: 0 }), L.dense({ units: 1 })], [4, 2], 'float32', c);
    m.compile({ loss: 'mse', metrics: ['mae'] });
    expectLogs(await m.evaluate(goldenTensor(c.x), goldenTensor(c.y), { returnDict: true, verbose: 0 }), c.evaluate, c.case);
  });

  it('Masking → GlobalAveragePooling1D → Dense: the pooling consumes the mask, the loss sees none', async () => {
    const c = byName('masking_pool_mse');
    const m = build([L.masking({ maskValue: 0 }), L.globalAveragePooling1d(), L.dense({ units: 1 })], [4, 2], 'float32', c);
    m.compile({ loss: 'mse' });
    expectLogs(await m.evaluate(goldenTensor(c.x), goldenTensor(c.y), { returnDict: true, verbose: 0 }), c.evaluate, c.case);
  });
});

// Model training behaviour: learning, validation, callbacks, functional and subclassed
// models, weights, regularisers, constraints, sample/class weights, and memory staying
// flat across epochs.

import { describe, expect, it } from 'vitest';
import { Sequential } from '../../ts/models/sequential.js';
import { Model } from '../../ts/models/model.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import * as optimizers from '../../ts/optimizers/index.js';
import { EarlyStopping } from '../../ts/callbacks/index.js';
import { memory, tidy } from '../../ts/autograd/gradients.js';
import { tensor } from '../../ts/tensor/creation.js';
import { randomNormal, setSeed } from '../../ts/tensor/random.js';
import { matmul } from '../../ts/ops/matmul.js';
import { argmax } from '../../ts/ops/reduce.js';
import { l2 } from '../../ts/regularizers/index.js';
import { nonNeg } from '../../ts/constraints/index.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import type { CallArgs } from '../../ts/layers/layer.js';

/** A linearly separable 3-class problem: labels are argmax(x·M). */
function blobs(n: number, seed = 7): { x: Tensor; y: Tensor } {
  setSeed(seed);
  return tidy(() => {
    const x = randomNormal([n, 4]);
    const m = tensor([[1, -1, 0.5], [0.5, 1, -1], [-1, 0.5, 1], [0.2, 0.3, -0.4]]);
    return { x, y: argmax(matmul(x, m), -1) };
  });
}

function mlp(): Sequential {
  return new Sequential([input({ shape: [4] }), layers.dense({ units: 16, activation: 'relu' }), layers.dense({ units: 3, activation: 'softmax' })]);
}

describe('fit', () => {
  it('learns a separable problem and reports validation metrics', async () => {
    const { x, y } = blobs(512);
    const m = mlp();
    m.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const h = await m.fit(x, y, { epochs: 15, batchSize: 32, validationSplit: 0.25, verbose: 0 });
    expect(Object.keys(h.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(h.history.loss!.length).toBe(15);
    expect(h.history.loss!.at(-1)!).toBeLessThan(h.history.loss![0]! * 0.5);
    expect(h.history.val_accuracy!.at(-1)!).toBeGreaterThan(0.9);
    const res = (await m.evaluate(x, y, { returnDict: true })) as Record<string, number>;
    expect(res.accuracy).toBeGreaterThan(0.9);
    const p = (await m.predict(x, { batchSize: 100 })) as Tensor;
    expect(p.shape).toEqual([512, 3]);
    [x, y, p].forEach((t) => t.dispose());
    m.dispose();
  });

  it('accepts string identifiers in both spellings and one-hot labels', async () => {
    const { x, y } = blobs(128);
    const m = mlp();
    m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['categorical_accuracy'] });
    const oneHot = tidy(() => tensor(Array.from(y.dataSync()).map((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0)))));
    const h = await m.fit(x, oneHot, { epochs: 2, batchSize: 16, verbose: 0 });
    expect(h.history.categorical_accuracy!.length).toBe(2);
    [x, y, oneHot].forEach((t) => t.dispose());
    m.dispose();
  });

  it('takes tfjs-style callbacks objects in fit, evaluate and predict', async () => {
    const { x, y } = blobs(64);
    const m = mlp();
    m.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
    const seen: string[] = [];
    const h = await m.fit(x, y, { epochs: 2, batchSize: 32, verbose: 0, callbacks: { onEpochEnd: (e, logs) => void seen.push(`epoch ${e} ${typeof logs.loss}`) } });
    await m.evaluate(x, y, { verbose: 0, callbacks: [{ onTestEnd: () => void seen.push('test') }] });
    (await m.predict(x, { callbacks: { onPredictBatchEnd: (b) => void seen.push(`predict ${b}`) } }) as Tensor).dispose();
    expect(seen).toEqual(['epoch 0 number', 'epoch 1 number', 'test', 'predict 0', 'predict 1']);
    expect(h.history.loss!.length).toBe(2);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('stops early and restores the best weights', async () => {
    const { x, y } = blobs(256);
    const m = mlp();
    m.compile({ optimizer: new optimizers.SGD({ learningRate: 0 }), loss: 'sparse_categorical_crossentropy' });
    const h = await m.fit(x, y, { epochs: 20, batchSize: 64, validationSplit: 0.25, verbose: 0, callbacks: [new EarlyStopping({ patience: 2 })] });
    // lr 0: val_loss never improves after epoch 0, so training stops after 1 + patience epochs.
    expect(h.history.loss!.length).toBe(3);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('keeps live tensors and WASM bytes constant across epochs, with no allocator call once warm', async () => {
    const { x, y } = blobs(256);
    const m = mlp();
    m.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    await m.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 });
    const before = memory();
    await m.fit(x, y, { epochs: 3, batchSize: 32, verbose: 0 });
    const after = memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    expect(after.wasmMemoryBytes).toBe(before.wasmMemoryBytes);
    // Every step after the first epoch is served from buffers freed by the previous one.
    expect(after.allocatorCalls).toBe(before.allocatorCalls);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('trains functional models with several inputs and outputs', async () => {
    const { x, y } = blobs(128);
    const a = input({ shape: [4], name: 'a' });
    const b = input({ shape: [4], name: 'b' });
    const h = layers.concatenate().apply([layers.dense({ units: 8, activation: "relu" }).apply(a), layers.dense({ units: 8, activation: "relu" }).apply(b)]);
    const cls = layers.dense({ units: 3, activation: 'softmax', name: 'cls' }).apply(h);
    const reg = layers.dense({ units: 1, name: 'reg' }).apply(h);
    const m = new Model({ inputs: [a, b], outputs: [cls, reg] });
    m.compile({ optimizer: 'adam', loss: { cls: 'sparse_categorical_crossentropy', reg: 'mse' }, metrics: { cls: ['accuracy'] }, lossWeights: { cls: 1, reg: 0.5 } });
    const target = tidy(() => tensor(Array.from(y.dataSync()).map((v) => [v]), [128, 1]));
    const hist = await m.fit([x, x], [y, target], { epochs: 2, batchSize: 32, verbose: 0 });
    expect(Object.keys(hist.history).sort()).toEqual(['cls_accuracy', 'cls_loss', 'loss', 'reg_loss']);
    // evaluate()'s list follows Keras 3.15: loss, per-output losses, then metrics.
    const ev = (await m.evaluate([x, x], [y, target])) as number[];
    const evd = (await m.evaluate([x, x], [y, target], { returnDict: true })) as Record<string, number>;
    expect(ev).toEqual([evd.loss, evd.cls_loss, evd.reg_loss, evd.cls_accuracy]);
    expect(m.metricsNames).toEqual(['loss', 'cls_loss', 'reg_loss', 'cls_accuracy']);
    const out = m.predictOnBatch([x, x]) as Tensor[];
    expect(out.map((t) => t.shape)).toEqual([[128, 3], [128, 1]]);
    const text = m.summary({ print: () => {} });
    expect(text).toMatch(/cls \(Dense\)\s+\(None, 3\)\s+51/);
    [x, y, target, ...out].forEach((t) => t.dispose());
    m.dispose();
  });

  it('trains subclassed models that define call()', async () => {
    class TwoLayer extends Model {
      d1 = layers.dense({ units: 8, activation: 'tanh' });
      d2 = layers.dense({ units: 3, activation: 'softmax' });
      override call(x: Tensor | Tensor[], args: CallArgs): Tensor {
        const h = this.d1.apply(x as Tensor, args) as Tensor;
        const o = this.d2.apply(h, args) as Tensor;
        h.dispose();
        return o;
      }
    }
    const { x, y } = blobs(128);
    const m = new TwoLayer();
    m.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
    const hist = await m.fit(x, y, { epochs: 3, batchSize: 32, verbose: 0 });
    expect(m.trainableWeights.length).toBe(4);
    expect(hist.history.loss!.at(-1)!).toBeLessThan(hist.history.loss![0]!);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('freezes layers with trainable=false and applies regularisers and constraints', async () => {
    const { x, y } = blobs(64);
    const frozen = layers.dense({ units: 8, activation: 'relu' });
    const last = layers.dense({ units: 3, activation: 'softmax', kernelRegularizer: l2(0.1), kernelConstraint: nonNeg() });
    const m = new Sequential([input({ shape: [4] }), frozen, last]);
    frozen.trainable = false;
    m.compile({ optimizer: new optimizers.SGD({ learningRate: 0.1 }), loss: 'sparse_categorical_crossentropy' });
    const w0 = frozen.getWeights();
    const plain = (await m.evaluate(x, y)) as number;
    await m.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
    expect(frozen.getWeights()).toEqual(w0);
    expect(Math.min(...last.getWeights()[0]!)).toBeGreaterThanOrEqual(0);
    // The reported loss includes the L2 penalty.
    const kernel = last.getWeights()[0]!;
    const penalty = 0.1 * Array.from(kernel).reduce((s, v) => s + v * v, 0);
    const withPenalty = (await m.evaluate(x, y)) as number;
    expect(withPenalty).toBeGreaterThan(penalty);
    expect(plain).toBeGreaterThan(0);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('applies regularisers, constraints and activity losses of layers inside a nested model', async () => {
    const { x, y } = blobs(64);
    const innerDense = layers.dense({ units: 8, activation: 'relu', kernelRegularizer: l2(0.5), kernelConstraint: nonNeg(), activityRegularizer: l2(0.1) });
    const inner = new Sequential([input({ shape: [4] }), innerDense]);
    const a = input({ shape: [4] });
    const out = layers.dense({ units: 3, activation: 'softmax' }).apply(inner.apply(a));
    const m = new Model({ inputs: a, outputs: out });
    m.compile({ optimizer: new optimizers.SGD({ learningRate: 0.05 }), loss: 'sparse_categorical_crossentropy' });
    // The reported loss includes the inner layer's L2 penalty on its starting kernel.
    const kernel = innerDense.getWeights()[0]!;
    const penalty = 0.5 * Array.from(kernel).reduce((s, v) => s + v * v, 0);
    const withReg = m.trainOnBatch(x, y) as number;
    expect(withReg).toBeGreaterThan(penalty);
    expect(Math.min(...innerDense.getWeights()[0]!)).toBeGreaterThanOrEqual(0);
    expect(m.weightEntries.filter((w) => w.regularizer).length).toBe(1);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('fuses an output softmax into the cross-entropy (exact loss for saturated logits)', () => {
    // Logits (100, −100) with label 1: the true loss is 200; through clipped probabilities
    // it would stop at −log(1e-7) ≈ 16.1.
    const x = tensor([[1]]);
    const y = tensor([1], [1], 'int32');
    const build = (functional: boolean) => {
      const d = layers.dense({ units: 2, activation: 'softmax' });
      const inp = input({ shape: [1] });
      const m = functional ? new Model({ inputs: inp, outputs: d.apply(inp) }) : new Sequential([inp, d]);
      d.setWeights([new Float32Array([100, -100]), new Float32Array([0, 0])]);
      m.compile({ optimizer: new optimizers.SGD({ learningRate: 0 }), loss: 'sparse_categorical_crossentropy' });
      return m;
    };
    for (const functional of [false, true]) {
      const m = build(functional);
      expect(m.trainOnBatch(x, y) as number).toBeCloseTo(200, 3);
      m.dispose();
    }
    [x, y].forEach((t) => t.dispose());
  });

  it('weights samples by sampleWeight and classWeight', async () => {
    const { x, y } = blobs(64);
    const m = mlp();
    m.compile({ optimizer: new optimizers.SGD({ learningRate: 0 }), loss: 'sparse_categorical_crossentropy' });
    const base = (await m.evaluate(x, y)) as number;
    const twice = (await m.evaluate(x, y, { sampleWeight: new Float32Array(64).fill(2) })) as number;
    expect(twice).toBeCloseTo(2 * base, 4);
    const h = await m.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0, classWeight: { 0: 2, 1: 2, 2: 2 } });
    expect(h.history.loss![0]).toBeCloseTo(2 * base, 4);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('trainOnBatch / testOnBatch return loss and metrics', () => {
    const { x, y } = blobs(32);
    const m = mlp();
    m.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const r = m.trainOnBatch(x, y) as number[];
    expect(r.length).toBe(2);
    const t = m.testOnBatch(x, y) as number[];
    expect(t[1]).toBeGreaterThanOrEqual(0);
    [x, y].forEach((v) => v.dispose());
    m.dispose();
  });
});

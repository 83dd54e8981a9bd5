// fit/evaluate/predict on data sets (data.Dataset, generators, async generators): same
// numbers as the same data given as tensors, Keras 3's epoch semantics, clear errors, no leaks.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { Sequential } from '../../ts/models/sequential.js';
import { Model } from '../../ts/models/model.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import * as data from '../../ts/data/index.js';
import { LambdaCallback } from '../../ts/callbacks/index.js';
import { memory, tidy } from '../../ts/autograd/gradients.js';
import { tensor } from '../../ts/tensor/creation.js';
import { randomNormal, setSeed } from '../../ts/tensor/random.js';
import { matmul } from '../../ts/ops/matmul.js';
import { argmax } from '../../ts/ops/reduce.js';
import { slice } from '../../ts/ops/slice.js';
import * as optimizers from '../../ts/optimizers/index.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import type { StepData, StepLogs } from '../../ts/models/model.js';
import type { Variable } from '../../ts/autograd/variable.js';
import { GradientTape } from '../../ts/autograd/gradients.js';
import * as losses from '../../ts/losses/index.js';
import * as metrics from '../../ts/metrics/index.js';

function blobs(n: number, seed = 7): { x: Tensor; y: Tensor } {
  setSeed(seed);
  return tidy(() => {
    const x = randomNormal([n, 4]);
    const m = tensor([[1, -1, 0.5], [0.5, 1, -1], [-1, 0.5, 1], [0.2, 0.3, -0.4]]);
    return { x, y: argmax(matmul(x, m), -1) };
  });
}

/** The same initial weights every time (seeded initializers). */
function mlp(learningRate = 0.001): Sequential {
  setSeed(42);
  const m = new Sequential([input({ shape: [4] }), layers.dense({ units: 8, activation: 'relu' }), layers.dense({ units: 3, activation: 'softmax' })]);
  m.compile({ optimizer: new optimizers.Adam({ learningRate }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return m;
}

/** A model whose optimizer state exists already, so tensor counts before/after a fit compare. */
async function warmed(): Promise<Sequential> {
  const m = mlp();
  await m.fit(tensor([[0, 0, 0, 0]]), tensor([0], [1], 'int32'), { verbose: 0 });
  return m;
}

const rowsOf = (t: Tensor, a: number, b: number) => slice(t, [a, ...t.shape.slice(1).map(() => 0)], [b - a, ...t.shape.slice(1)]);

/** A one-shot generator of [x, y] batches, slicing fresh tensors per batch. */
function* batches(x: Tensor, y: Tensor, bs: number, extra?: (i: number) => Record<string, unknown>): Generator<unknown> {
  const n = x.shape[0]!;
  for (let i = 0; i * bs < n; i++) {
    const a = i * bs, b = Math.min(n, a + bs);
    yield extra ? { x: rowsOf(x, a, b), y: rowsOf(y, a, b), ...extra(i) } : [rowsOf(x, a, b), rowsOf(y, a, b)];
  }
}

afterEach(() => vi.restoreAllMocks());

describe('fit on data sets', () => {
  it('a batched Dataset trains exactly as the same tensors without shuffling', async () => {
    const { x, y } = blobs(100);
    const a = mlp(), b = mlp();
    const ha = await a.fit(x, y, { epochs: 3, batchSize: 16, shuffle: false, verbose: 0 });
    const ds = data.fromTensorSlices([x, y]).batch(16);
    const hb = await b.fit(ds, { epochs: 3, verbose: 0 });
    expect(hb.history.loss).toEqual(ha.history.loss);
    expect(hb.history.accuracy).toEqual(ha.history.accuracy);
    expect(b.getWeights()).toEqual(a.getWeights());
    expect(await b.evaluate(ds)).toEqual(await a.evaluate(x, y, { batchSize: 16 }));
    const pa = (await a.predict(x, { batchSize: 16 })) as Tensor;
    const pb = (await b.predict(data.fromTensorSlices(x).batch(16))) as Tensor;
    expect(pb.shape).toEqual([100, 3]);
    expect(pb.dataSync()).toEqual(pa.dataSync());
    [x, y, pa, pb].forEach((t) => t.dispose());
    a.dispose(); b.dispose();
  });

  it('a shuffled, mapped, prefetched pipeline learns; callbacks see every step', async () => {
    const { x, y } = blobs(256);
    const m = mlp(0.02);
    const before = memory().numTensors + 10; // + the optimizer's state
    const ds = data.fromTensorSlices({ x, y }).shuffle(256, { seed: 1 }).batch(32)
      .map((e) => [(e as Record<string, Tensor>).x!, (e as Record<string, Tensor>).y!]).prefetch(2);
    const steps: number[] = [];
    let params: Record<string, unknown> = {};
    const cb = new LambdaCallback({ onTrainBegin: function (this: LambdaCallback) { params = { ...this.params }; }, onTrainBatchEnd: (s) => { steps.push(s); } });
    const h = await m.fit(ds, { epochs: 12, verbose: 0, callbacks: [cb] });
    expect(params.steps).toBe(8);
    expect(steps.length).toBe(12 * 8);
    expect(h.history.loss!.at(-1)!).toBeLessThan(h.history.loss![0]! * 0.6);
    expect(h.history.accuracy!.at(-1)!).toBeGreaterThan(0.85);
    expect(memory().numTensors).toBe(before);
    x.dispose(); y.dispose(); m.dispose();
  });

  it('a generator object is one pass: the second epoch finds it empty, warns as Keras and stops', async () => {
    const { x, y } = blobs(64);
    const m = await warmed();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const before = memory().numTensors;
    const h = await m.fit(batches(x, y, 16), { epochs: 3, verbose: 0 });
    expect(h.history.loss!.length).toBe(1);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/ran out of data; interrupting training/));
    expect(memory().numTensors).toBe(before);
    x.dispose(); y.dispose(); m.dispose();
  });

  it('stepsPerEpoch on an infinite generator carries the iterator across epochs', async () => {
    const { x, y } = blobs(64);
    const m = await warmed();
    let made = 0;
    function* forever() {
      for (let i = 0; ; i = (i + 1) % 4) {
        made++;
        yield [rowsOf(x, i * 16, i * 16 + 16), rowsOf(y, i * 16, i * 16 + 16)];
      }
    }
    const before = memory().numTensors;
    const h = await m.fit(forever(), { epochs: 3, stepsPerEpoch: 5, verbose: 0 });
    expect(h.history.loss!.length).toBe(3);
    expect(made).toBe(15);
    expect(memory().numTensors).toBe(before);
    x.dispose(); y.dispose(); m.dispose();
  });

  it('running dry before stepsPerEpoch is an error naming the step; nothing leaks', async () => {
    const { x, y } = blobs(64);
    const m = await warmed();
    const before = memory().numTensors;
    await expect(m.fit(batches(x, y, 16), { epochs: 2, stepsPerEpoch: 6, verbose: 0 }))
      .rejects.toThrow(/ran out of batches at step 4 of epoch 1, before the 6 steps.*repeat/);
    expect(memory().numTensors).toBe(before);
    // A re-iterable Dataset restarts at an epoch boundary instead.
    const h = await m.fit(data.fromTensorSlices([x, y]).batch(16), { epochs: 3, stepsPerEpoch: 4, verbose: 0 });
    expect(h.history.loss!.length).toBe(3);
    expect(memory().numTensors).toBe(before);
    x.dispose(); y.dispose(); m.dispose();
  });

  it('inconsistent shapes or dtypes mid-epoch: an error naming the batch, and no leaks', async () => {
    const m = await warmed();
    const before = memory().numTensors;
    function* bad() {
      yield [tensor([[1, 2, 3, 4]]), tensor([0], [1], 'int32')];
      yield [tensor([[1, 2, 3, 4]]), tensor([1], [1], 'int32')];
      yield [tensor([[1, 2, 3, 4]]), tensor([1], [1], 'float32')];
    }
    await expect(m.fit(bad(), { verbose: 0 })).rejects.toThrow(/fit: batch 2 does not match the first batch: expected .*y shape \(None, \) int32.*Received: .*y shape \(None, \) float32/);
    expect(memory().numTensors).toBe(before);
    const ds = data.fromGenerator(function* () {
      yield [tensor([[1, 2, 3, 4]]), tensor([0], [1], 'int32')];
      yield [tensor([[1, 2, 3]]), tensor([1], [1], 'int32')];
    }).prefetch(2);
    await expect(m.fit(ds, { verbose: 0 })).rejects.toThrow(/fit: batch 1.*expects shape \(None, 4\)\. Received: shape=\[1,3\]/);
    expect(memory().numTensors).toBe(before);
    m.dispose();
  });

  it('{ x, y, sampleWeight } elements from an async generator weigh as sampleWeight does', async () => {
    const { x, y } = blobs(48);
    const w = tensor(Array.from({ length: 48 }, (_, i) => (i % 3) + 0.5));
    const a = mlp(), b = mlp();
    const ha = await a.fit(x, y, { epochs: 1, batchSize: 16, shuffle: false, sampleWeight: w, verbose: 0 });
    async function* gen() {
      yield* batches(x, y, 16, (i) => ({ sampleWeight: rowsOf(w, i * 16, i * 16 + 16) }));
    }
    const hb = await b.fit(gen(), { verbose: 0 });
    expect(hb.history.loss).toEqual(ha.history.loss);
    expect(b.getWeights()).toEqual(a.getWeights());
    // classWeight applies per batch as for arrays.
    const c = mlp(), d = mlp();
    const hc = await c.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, classWeight: { 0: 2, 2: 0.5 }, verbose: 0 });
    const hd = await d.fit(data.fromTensorSlices([x, y]).batch(16), { epochs: 2, classWeight: { 0: 2, 2: 0.5 }, verbose: 0 });
    expect(hd.history.loss).toEqual(hc.history.loss);
    [x, y, w].forEach((t) => t.dispose());
    [a, b, c, d].forEach((t) => t.dispose());
  });

  it('validationData as a data set, limited by validationSteps', async () => {
    const { x, y } = blobs(96);
    const a = mlp(), b = mlp();
    const vx = rowsOf(x, 64, 96), vy = rowsOf(y, 64, 96);
    const ha = await a.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, validationData: [vx, vy], verbose: 0 });
    const train = data.fromTensorSlices([x, y]).batch(16);
    const hb = await b.fit(train, { epochs: 2, validationData: data.fromTensorSlices([vx, vy]).batch(16), verbose: 0 });
    expect(hb.history.val_loss).toEqual(ha.history.val_loss);
    expect(hb.history.val_accuracy).toEqual(ha.history.val_accuracy);
    const c = mlp();
    let testSteps = 0;
    const cb = new LambdaCallback({ onTestBatchEnd: () => { testSteps++; } });
    await c.fit(train, { epochs: 2, validationData: data.fromTensorSlices([vx, vy]).batch(4).repeat(), validationSteps: 3, verbose: 0, callbacks: [cb] });
    expect(testSteps).toBe(6);
    [x, y, vx, vy].forEach((t) => t.dispose());
    [a, b, c].forEach((t) => t.dispose());
  });

  it('dict inputs for a multi-input model; evaluate and predict take steps', async () => {
    setSeed(3);
    const ia = input({ shape: [2], name: 'a' }), ib = input({ shape: [2], name: 'b' });
    const out = layers.dense({ units: 1 }).apply(layers.concatenate().apply([ia, ib]) as never);
    const m = new Model({ inputs: { a: ia, b: ib }, outputs: out as never });
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const xa = tensor([[1, 2], [3, 4], [5, 6], [7, 8]]), xb = tensor([[0, 1], [1, 0], [1, 1], [0, 0]]), yy = tensor([[1], [2], [3], [4]]);
    const ds = data.fromTensorSlices({ x: { a: xa, b: xb }, y: yy }).batch(2);
    const h = await m.fit(ds, { epochs: 2, verbose: 0 });
    expect(h.history.loss!.length).toBe(2);
    const ref = await m.evaluate({ a: xa, b: xb }, yy, { batchSize: 2 });
    expect(await m.evaluate(ds)).toBeCloseTo(ref as number, 6);
    const p = (await m.predict(data.fromTensorSlices({ a: xa, b: xb }).batch(1).repeat(), { steps: 3 })) as Tensor;
    expect(p.shape).toEqual([3, 1]);
    [xa, xb, yy, p].forEach((t) => t.dispose());
    m.dispose();
  });

  it('rejects y, sampleWeight and validationSplit with a data set, and empty data sets', async () => {
    const { x, y } = blobs(16);
    const m = mlp();
    const ds = data.fromTensorSlices([x, y]).batch(8);
    await expect(m.fit(ds, y, { verbose: 0 })).rejects.toThrow(/`y` should not be passed/);
    await expect(m.fit(ds, { sampleWeight: [1], verbose: 0 })).rejects.toThrow(/`sampleWeight` should not be passed/);
    await expect(m.fit(ds, { validationSplit: 0.2, verbose: 0 })).rejects.toThrow(/validationSplit is only supported/);
    await expect(m.fit(ds.take(0), { verbose: 0 })).rejects.toThrow(/yielded no batches/);
    await expect(m.fit([][Symbol.iterator](), { verbose: 0 })).rejects.toThrow(/yielded no batches/);
    x.dispose(); y.dispose(); m.dispose();
  });

  it('Normalization.adaptAsync reads a Dataset like the same tensor', async () => {
    const x = tensor([[1, 10], [2, 20], [3, 30], [4, 40], [5, 50]]);
    const a = layers.normalization({ axis: -1 }), b = layers.normalization({ axis: -1 });
    a.adapt(x);
    await b.adaptAsync(data.fromTensorSlices(x).batch(2));
    const before = memory().numTensors;
    await b.adaptAsync(data.fromTensorSlices(x).batch(2).prefetch(2));
    expect(memory().numTensors).toBe(before);
    const wa = a.getWeights(), wb = b.getWeights();
    wa.forEach((w, i) => Array.from(w).forEach((v, j) => expect(wb[i]![j]).toBeCloseTo(v, 5)));
    x.dispose();
  });

  it('x-only data (no y) for a custom trainStep, from arrays and from a data set, as Keras allows', async () => {
    class AutoEncoder extends Model {
      tracker = new metrics.Mean({ name: 'loss' });
      mse = new losses.MeanSquaredError();
      override trainStep([x, y]: StepData): StepLogs {
        expect(y).toBeUndefined();
        const tape = new GradientTape();
        const loss = tape.run(() => this.mse.apply(x as Tensor, this.apply(x as Tensor, { training: true })));
        const vars = this.trainableWeights;
        const grads = tape.gradient(loss, vars);
        this.optimizer!.applyGradients(grads.map((g, i) => [g, vars[i]!] as [Tensor, Variable]));
        this.tracker.updateState(loss);
        return { loss: this.tracker.result() };
      }
      override get metrics() {
        return [this.tracker];
      }
    }
    const make = () => {
      setSeed(5);
      const inp = input({ shape: [4] });
      const m = new AutoEncoder({ inputs: inp, outputs: layers.dense({ units: 4 }).apply(layers.dense({ units: 2 }).apply(inp)) as never });
      m.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }) });
      return m;
    };
    const { x, y } = blobs(64);
    const a = make(), b = make();
    const ha = await a.fit(x, undefined, { epochs: 3, batchSize: 16, shuffle: false, verbose: 0 });
    const hb = await b.fit(data.fromTensorSlices(x).batch(16), { epochs: 3, verbose: 0 });
    expect(hb.history.loss).toEqual(ha.history.loss);
    expect(ha.history.loss!.at(-1)!).toBeLessThan(ha.history.loss![0]!);
    // A model compiled with a loss still needs targets.
    await expect(mlp().fit(data.fromTensorSlices(x).batch(16), { verbose: 0 })).rejects.toThrow(/has 1 output\(s\). Received: 0 target array\(s\)/);
    x.dispose(); y.dispose(); a.dispose(); b.dispose();
  });

  it('a PyDataset serves batches by index; onEpochEnd runs after each pass', async () => {
    const { x, y } = blobs(64);
    class Batches extends data.PyDataset {
      ends = 0;
      override get numBatches() {
        return 4;
      }
      override async getItem(i: number) {
        return [rowsOf(x, i * 16, i * 16 + 16), rowsOf(y, i * 16, i * 16 + 16)] as [Tensor, Tensor];
      }
      override onEpochEnd() {
        this.ends++;
      }
    }
    const a = await warmed(), b = await warmed();
    const before = memory().numTensors;
    const ds = new Batches();
    let params: Record<string, unknown> = {};
    const cb = new LambdaCallback({ onTrainBegin: function (this: LambdaCallback) { params = { ...this.params }; } });
    const hb = await b.fit(ds, { epochs: 3, verbose: 0, callbacks: [cb] });
    const ha = await a.fit(x, y, { epochs: 3, batchSize: 16, shuffle: false, verbose: 0 });
    expect(hb.history.loss).toEqual(ha.history.loss);
    expect(ds.ends).toBe(3);
    expect(params.steps).toBe(4);
    expect(memory().numTensors).toBe(before);
    x.dispose(); y.dispose(); a.dispose(); b.dispose();
  });
});

// keras.io "The Functional API": a multi-input, multi-output model built and trained with
// dicts (losses and lossWeights by output name, per-output losses in the logs, numbers equal
// to Keras's); feature extraction from an intermediate layer via layer.input/output; shared
// layers; a model used as a layer; a Lambda layer, which saving refuses.

import { describe, expect, it } from 'vitest';
import { Model } from '../../ts/models/model.js';
import { Sequential } from '../../ts/models/sequential.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import { tidy } from '../../ts/autograd/gradients.js';
import * as losses from '../../ts/losses/index.js';
import { SGD } from '../../ts/optimizers/index.js';
import * as k from '../../ts/ops/index.js';
import { ones, tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import type { SymbolicTensor } from '../../ts/layers/symbolic.js';
import { expectClose, ref, setLayerWeights, t2 } from './reference.js';

const R = ref.functional_api;

function ticketModel(): Model {
  const title = input({ shape: [6], name: 'title' });
  const body = input({ shape: [4], name: 'body' });
  const feats = layers.concatenate({ name: 'concat' }).apply([
    layers.dense({ units: 4, name: 'title_feat' }).apply(title),
    layers.dense({ units: 3, name: 'body_feat' }).apply(body),
  ]);
  const priority = layers.dense({ units: 1, name: 'priority' }).apply(feats);
  const department = layers.dense({ units: 3, name: 'department' }).apply(feats);
  return new Model({ inputs: { title, body }, outputs: { priority, department } });
}

describe('Functional API: multi-input, multi-output with dicts', () => {
  it('fit with dicts and losses by output name gives Keras\'s losses, per output', async () => {
    const m = ticketModel();
    setLayerWeights(m, R.weights);
    expect(m.inputNames).toEqual(['title', 'body']);
    expect(m.outputNames).toEqual(['priority', 'department']);
    const x = { title: t2(R.title, 6), body: t2(R.body, 4) };
    const y = { priority: t2(R.priority, 1), department: tensor(Int32Array.from(R.department), [10]) };
    m.compile({
      optimizer: new SGD({ learningRate: 0.05 }),
      loss: { priority: new losses.BinaryCrossentropy({ fromLogits: true }), department: new losses.SparseCategoricalCrossentropy({ fromLogits: true }) },
      lossWeights: { priority: 1.0, department: 0.2 },
    });
    const h = await m.fit(x, y, { epochs: 2, batchSize: 5, shuffle: false, verbose: 0 });
    expect(Object.keys(h.history).sort()).toEqual(Object.keys(R.history).sort());
    for (const key of Object.keys(R.history)) expectClose(h.history[key]!, R.history[key]);
    // predict and apply return dicts keyed like the outputs
    const p = (await m.predict(x)) as Record<string, Tensor>;
    expect(Object.keys(p)).toEqual(['priority', 'department']);
    expect(p.department!.shape).toEqual([10, 3]);
    const ev = (await m.evaluate(x, y, { returnDict: true })) as Record<string, number>;
    expect(Object.keys(ev).sort()).toEqual(['department_loss', 'loss', 'priority_loss']);
    expect(() => m.apply({ title: x.title } as never)).toThrow(/input dict must have exactly the keys title, body/);
    await expect(m.fit({ title: x.title, bdy: x.body } as never, y, { verbose: 0 })).rejects.toThrow(/keys title, body/);
    expect(() => m.compile({ optimizer: 'sgd', loss: { priorty: 'mse', department: 'mse' } })).toThrow(/unknown output name\(s\) 'priorty'/);
    [...Object.values(x), ...Object.values(y), ...Object.values(p)].forEach((t) => t.dispose());
    m.dispose();
  });
});

describe('Functional API: a dict model nested in another graph', () => {
  it('its outputs come back in output order', () => {
    const i = input({ shape: [2] });
    const inner = new Model({ inputs: i, outputs: { a: layers.dense({ units: 1, name: 'a' }).apply(i), b: layers.dense({ units: 3, name: 'b' }).apply(i) } });
    const o = input({ shape: [2] });
    const [a, b] = inner.apply(o) as unknown as SymbolicTensor[];
    const outer = new Model({ inputs: o, outputs: layers.concatenate().apply([a!, b!]) });
    const x = ones([2, 2]);
    tidy(() => {
      const direct = inner.apply(x) as unknown as Record<string, Tensor>;
      const both = outer.apply(x) as Tensor;
      expect(both.shape).toEqual([2, 4]);
      expect(Array.from(both.dataSync()).slice(0, 4)).toEqual([...direct.a!.dataSync().slice(0, 1), ...direct.b!.dataSync().slice(0, 3)]);
    });
    x.dispose();
    outer.dispose();
  });
});

describe('Functional API: graph access', () => {
  it('feature extraction: new Model({ inputs: base.input, outputs: base.getLayer(name).output })', () => {
    const inp = input({ shape: [4] });
    const h1 = layers.dense({ units: 5, activation: 'relu', name: 'h1' }).apply(inp);
    const h2 = layers.dense({ units: 3, name: 'h2' }).apply(h1);
    const base = new Model({ inputs: inp, outputs: layers.dense({ units: 1, name: 'out' }).apply(h2) });
    const h2Layer = base.getLayer('h2');
    expect(h2Layer.input).toBe(h1);
    expect(h2Layer.output).toBe(h2);
    expect(h2Layer.inputShape).toEqual([null, 5]);
    expect(h2Layer.outputShape).toEqual([null, 3]);
    const extractor = new Model({ inputs: base.input as SymbolicTensor, outputs: base.layers.map((l) => l.output as SymbolicTensor).slice(1) });
    const x = ones([2, 4]);
    tidy(() => {
      const feats = extractor.apply(x) as unknown as Tensor[];
      expect(feats.map((f) => f.shape)).toEqual([[2, 5], [2, 3], [2, 1]]);
      // shares the base's weights: same final output
      expect(Array.from(feats[2]!.dataSync())).toEqual(Array.from(base.apply(x).dataSync()));
    });
    expect(() => layers.dense({ units: 1 }).output).toThrow(/has never been called on a symbolic input/);
    x.dispose();
    base.dispose();
  });

  it('a shared layer and a model used as a layer', async () => {
    const shared = layers.dense({ units: 4, name: 'shared' });
    const a = input({ shape: [3] }), b = input({ shape: [3] });
    const encoder = new Model({ inputs: a, outputs: shared.apply(a), name: 'encoder' });
    const merged = layers.add().apply([encoder.apply(b), shared.apply(b)]);
    const m = new Model({ inputs: b, outputs: layers.dense({ units: 1 }).apply(merged) });
    expect(m.trainableWeights.length).toBe(4); // shared kernel+bias once, head kernel+bias
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = ones([4, 3]), y = ones([4, 1]);
    const h = await m.fit(x, y, { epochs: 3, verbose: 0 });
    expect(h.history.loss!.at(-1)!).toBeLessThan(h.history.loss![0]!);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });
});

describe('Functional API: the toy ResNet', () => {
  it('has Keras\'s layer order, output shapes and parameter counts, and trains a step', async () => {
    const R2 = ref.toy_resnet;
    const inputs = input({ shape: [32, 32, 3], name: 'img' });
    let x = layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', name: 'c1' }).apply(inputs);
    x = layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', name: 'c2' }).apply(x);
    const block1 = layers.maxPooling2d({ poolSize: 3, name: 'p1' }).apply(x);
    x = layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', padding: 'same', name: 'c3' }).apply(block1);
    x = layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', padding: 'same', name: 'c4' }).apply(x);
    const block2 = layers.add({ name: 'add_1' }).apply([x, block1]);
    x = layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', padding: 'same', name: 'c5' }).apply(block2);
    x = layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', padding: 'same', name: 'c6' }).apply(x);
    const block3 = layers.add({ name: 'add_2' }).apply([x, block2]);
    x = layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', name: 'c7' }).apply(block3);
    x = layers.globalAveragePooling2d({ name: 'gap' }).apply(x);
    x = layers.dense({ units: 256, activation: 'relu', name: 'd1' }).apply(x);
    x = layers.dropout({ rate: 0.5, name: 'drop' }).apply(x);
    const model = new Model({ inputs, outputs: layers.dense({ units: 10, name: 'd2' }).apply(x), name: 'toy_resnet' });
    expect(model.layers.map((l) => [l.name, (l.outputShape as (number | null)[]).slice(1), l.countParams()])).toEqual(R2.layers);
    expect(model.countParams()).toBe(R2.params);
    model.compile({ optimizer: 'rmsprop', loss: new losses.CategoricalCrossentropy({ fromLogits: true }), metrics: ['acc'] });
    const xs = ones([2, 32, 32, 3]), ys = tensor([[1, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0, 0, 0, 0]]);
    const h = await model.fit(xs, ys, { epochs: 1, verbose: 0 });
    expect(Number.isFinite(h.history.loss![0])).toBe(true);
    [xs, ys].forEach((t) => t.dispose());
    model.dispose();
  });
});

describe('Lambda layers', () => {
  it('wrap a JS function, infer or take the output shape, train, and refuse to serialize', async () => {
    const inp = input({ shape: [4] });
    const halves = layers.lambda({ fn: (x) => k.mulScalar(x as Tensor, 0.5), name: 'halve' }).apply(inp);
    const pooled = layers.lambda({ fn: (x) => k.sum(x as Tensor, -1, true), outputShape: [1] }).apply(halves);
    expect(halves.shape).toEqual([null, 4]);
    expect(pooled.shape).toEqual([null, 1]);
    const m = new Sequential([input({ shape: [4] }), layers.lambda({ fn: (x) => k.mulScalar(x as Tensor, 2) }), layers.dense({ units: 1 })]);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = ones([4, 4]), y = ones([4, 1]);
    await m.fit(x, y, { epochs: 1, verbose: 0 });
    const lam = m.layers[0]!;
    expect(layers.isSerializable(lam)).toBe(false);
    expect(layers.isSerializable(m.layers[1]!)).toBe(true);
    expect(() => lam.getConfig()).toThrow(/Lambda\) cannot be serialized: it wraps a JavaScript function/);
    expect(() => layers.lambda({ fn: 3 } as never)).toThrow(/`fn` must be a function/);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });
});

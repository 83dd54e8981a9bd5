// predictOnBatch returns outputs structured as the model's (a dict for dict outputs, as
// predict and Keras `predict_on_batch`), and evaluate's overloads type the returnDict forms.

import { describe, expect, expectTypeOf, it } from 'vitest';
import { Model } from '../../ts/models/model.js';
import { Sequential } from '../../ts/models/sequential.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import { tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';

const x = () => tensor([[1, 2], [3, -1], [0.5, 0.25]]);

describe('predictOnBatch', () => {
  it('returns a dict for dict outputs, with the values predict returns', async () => {
    const inp = input({ shape: [2] });
    const m = new Model({
      inputs: inp,
      outputs: { score: layers.dense({ units: 1, name: 'score' }).apply(inp), cls: layers.dense({ units: 3, activation: 'softmax', name: 'cls' }).apply(inp) },
    });
    const xs = x();
    const onBatch = m.predictOnBatch(xs);
    expectTypeOf(onBatch).toEqualTypeOf<{ score: Tensor; cls: Tensor }>();
    const full = await m.predict(xs);
    expect(Object.keys(onBatch).sort()).toEqual(['cls', 'score']);
    expect(onBatch.score.shape).toEqual([3, 1]);
    expect(onBatch.cls.shape).toEqual([3, 3]);
    expect(Array.from(onBatch.score.dataSync())).toEqual(Array.from(full.score.dataSync()));
    expect(Array.from(onBatch.cls.dataSync())).toEqual(Array.from(full.cls.dataSync()));
    // Different layers give different outputs: the keys are not swapped.
    expect(Array.from(onBatch.cls.dataSync())).not.toEqual(Array.from(full.score.dataSync()));
    [xs, onBatch.score, onBatch.cls, full.score, full.cls].forEach((t) => t.dispose());
  });

  it('keeps a Tensor for one output (also a list of one, as Keras) and a list for several', () => {
    const inp = input({ shape: [2] });
    const out = layers.dense({ units: 2 }).apply(inp);
    const xs = x();
    const seq = new Sequential([input({ shape: [2] }), layers.dense({ units: 1 })]);
    const one = seq.predictOnBatch(xs);
    expectTypeOf(one).toEqualTypeOf<Tensor>();
    expect(Array.isArray(one)).toBe(false);
    expect(one.shape).toEqual([3, 1]);
    const listOfOne = new Model({ inputs: inp, outputs: [out] }).predictOnBatch(xs);
    expect(Array.isArray(listOfOne)).toBe(false);
    expect((listOfOne as Tensor).shape).toEqual([3, 2]);
    const two = new Model({ inputs: inp, outputs: [out, out] }).predictOnBatch(xs);
    expect(Array.isArray(two) && two.length).toBe(2);
    [xs, one, listOfOne as Tensor, ...(two as Tensor[])].forEach((t) => t.dispose());
  });
});

describe('evaluate overloads', () => {
  it('type returnDict as a record and the default as the loss or [loss, ...metrics], on Model and Trainer', async () => {
    const m = new Sequential([input({ shape: [2] }), layers.dense({ units: 1 })]);
    m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    const xs = x(), ys = tensor([[1], [0], [2]]);
    const dict = await m.evaluate(xs, ys, { returnDict: true, verbose: 0 });
    expectTypeOf(dict).toEqualTypeOf<Record<string, number>>();
    expect(Object.keys(dict)).toEqual(['loss', 'mae']);
    const list = await m.evaluate(xs, ys);
    expectTypeOf(list).toEqualTypeOf<number | number[]>();
    expect(list).toEqual([dict.loss, dict.mae]);
    const viaTrainer = await m.trainer.evaluate(xs, ys, { returnDict: true });
    expectTypeOf(viaTrainer).toEqualTypeOf<Record<string, number>>();
    expect(viaTrainer).toEqual(dict);
    const plain = await m.trainer.evaluate(xs, ys, { returnDict: false });
    expectTypeOf(plain).toEqualTypeOf<number | number[]>();
    expect(plain).toEqual(list);
    [xs, ys].forEach((t) => t.dispose());
  });
});

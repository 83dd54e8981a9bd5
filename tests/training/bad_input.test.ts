// Bad input to compile/fit is rejected before any training starts, with messages that
// name what was received.

import { describe, expect, it } from 'vitest';
import { Sequential } from '../../ts/models/sequential.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import { tensor, zeros } from '../../ts/tensor/creation.js';
import { Variable } from '../../ts/autograd/variable.js';

function model(): Sequential {
  const m = new Sequential([input({ shape: [3] }), layers.dense({ units: 2, activation: 'softmax' })]);
  m.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return m;
}

describe('fit rejects bad input before training', () => {
  it('mismatched x/y lengths', async () => {
    const m = model();
    const w = m.getWeights();
    await expect(m.fit(zeros([4, 3]), tensor([0, 1, 0], [3], 'int32'))).rejects.toThrow(/same number of samples.*Received: x has 4 samples, y has 3/);
    expect(m.getWeights()).toEqual(w);
  });

  it('labels out of range for the loss', async () => {
    const m = model();
    const w = m.getWeights();
    await expect(m.fit(zeros([4, 3]), tensor([0, 1, 5, 0], [4], 'int32'), { verbose: 0 })).rejects.toThrow(/Received:.*5/);
    expect(m.getWeights()).toEqual(w);
  });

  it('NaN and Infinity in the data', async () => {
    const m = model();
    await expect(m.fit(tensor([[0, NaN, 0], [0, 0, 0]]), tensor([0, 1], [2], 'int32'))).rejects.toThrow(/x contains NaN at flat index 1/);
    await expect(m.fit(tensor([[0, 0, 0], [0, 0, Infinity]]), tensor([0, 1], [2], 'int32'))).rejects.toThrow(/x contains Infinity at flat index 5/);
  });

  it('NaN written into a variable after a first fit is still caught (the finite check caches immutable tensors only)', async () => {
    const m = model();
    const y = tensor([0, 1], [2], 'int32');
    const x = tensor([[0, 1, 0], [1, 0, 0]]);
    const v = new Variable(x, { trainable: false });
    const view = v.view([2, 3]);
    await m.fit(x, y, { verbose: 0 });
    await m.fit(v, y, { verbose: 0 });
    await m.fit(view, y, { verbose: 0 });
    v.assign(tensor([[0, 1, 0], [1, NaN, 0]]));
    await expect(m.fit(v, y, { verbose: 0 })).rejects.toThrow(/x contains NaN at flat index 4/);
    await expect(m.fit(view, y, { verbose: 0 })).rejects.toThrow(/x contains NaN at flat index 4/);
    await expect(m.evaluate(v, y)).rejects.toThrow(/x contains NaN at flat index 4/);
    // A checked immutable tensor stays accepted; a new one with the same values is checked afresh.
    await m.fit(x, y, { verbose: 0 });
    await expect(m.fit(tensor([[0, 1, 0], [Infinity, 0, 0]]), y, { verbose: 0 })).rejects.toThrow(/x contains Infinity at flat index 3/);
    view.dispose();
    v.dispose();
  });

  it('a non-finite value found past the first blocks of a large input', async () => {
    const m = model();
    const data = new Float32Array(3 * 5000);
    data[3 * 4999 + 2] = -Infinity;
    await expect(m.fit(tensor(data, [5000, 3]), zeros([5000], 'int32'), { verbose: 0 })).rejects.toThrow(/x contains -Infinity at flat index 14999/);
  });

  it('wrong input shape for the first layer', async () => {
    const m = model();
    await expect(m.fit(zeros([4, 5]), tensor([0, 1, 0, 1], [4], 'int32'))).rejects.toThrow(/expects shape \(None, 3\)\. Received: shape=\[4,5\]/);
  });

  it('unknown optimizer, loss and metric names', () => {
    const m = new Sequential([input({ shape: [3] }), layers.dense({ units: 2 })]);
    // Typos do not compile in TypeScript (tests/types); plain JS still gets a runtime error.
    // @ts-expect-error unknown optimizer name
    expect(() => m.compile({ optimizer: 'adamm', loss: 'mse' })).toThrow(/Received: 'adamm'/);
    // @ts-expect-error unknown loss name
    expect(() => m.compile({ optimizer: 'adam', loss: 'msee' })).toThrow(/Received: 'msee'/);
    // @ts-expect-error unknown metric name
    expect(() => m.compile({ optimizer: 'adam', loss: 'mse', metrics: ['acuracy'] })).toThrow(/Received: 'acuracy'/);
  });

  it('fit before compile, and bad epochs/batchSize', async () => {
    const m = new Sequential([input({ shape: [3] }), layers.dense({ units: 2 })]);
    await expect(m.fit(zeros([2, 3]), zeros([2, 2]))).rejects.toThrow(/compile\(\) before fit/);
    const c = model();
    await expect(c.fit(zeros([2, 3]), tensor([0, 1], [2], 'int32'), { batchSize: 0 })).rejects.toThrow(/Received: batchSize=0/);
    await expect(c.fit(zeros([2, 3]), tensor([0, 1], [2], 'int32'), { epochs: -1 })).rejects.toThrow(/Received: epochs=-1/);
  });

  it('invalid layer arguments name the layer argument', () => {
    expect(() => layers.dense({ units: 0 })).toThrow(/Received: units=0/);
    expect(() => layers.dropout({ rate: 1.5 })).toThrow(/Received: rate=1.5/);
  });
});

// keras.io "The Sequential model": add/pop, building on first call vs with an input,
// summary once built, feature extraction from every layer's output, and transfer learning by
// freezing all layers but the last.

import { describe, expect, it } from 'vitest';
import { Sequential } from '../../ts/models/sequential.js';
import { Model } from '../../ts/models/model.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import { tidy } from '../../ts/autograd/gradients.js';
import { ones } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import type { SymbolicTensor } from '../../ts/layers/symbolic.js';

describe('The Sequential model', () => {
  it('add/pop; weights exist once the input shape is known', () => {
    const m = new Sequential();
    m.add(layers.dense({ units: 2, activation: 'relu' }));
    m.add(layers.dense({ units: 3, activation: 'relu' }));
    m.add(layers.dense({ units: 4 }));
    expect(m.layers.length).toBe(3);
    m.pop();
    expect(m.layers.length).toBe(2);
    expect(m.weights.length).toBe(0); // not built yet: no input shape
    const x = ones([1, 4]);
    tidy(() => m.apply(x));
    expect(m.weights.length).toBe(4);
    x.dispose();
    m.dispose();
  });

  it('with an input, summary() works as layers are added', () => {
    const m = new Sequential([input({ shape: [250, 250, 3] })]);
    m.add(layers.conv2d({ filters: 32, kernelSize: 5, strides: 2, activation: 'relu' }));
    m.add(layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }));
    m.add(layers.maxPooling2d({ poolSize: 3 }));
    const text = m.summary({ print: () => {} });
    expect(text).toMatch(/\(None, 123, 123, 32\)\s+2,432/);
    expect(text).toMatch(/\(None, 121, 121, 32\)\s+9,248/);
    expect(text).toMatch(/\(None, 40, 40, 32\)\s+0/);
    m.dispose();
  });

  it('feature extraction: a Model over every layer output of a Sequential', () => {
    const initial = new Sequential([
      input({ shape: [6] }),
      layers.dense({ units: 5, activation: 'relu' }),
      layers.dense({ units: 4, activation: 'relu', name: 'my_intermediate_layer' }),
      layers.dense({ units: 3 }),
    ]);
    const all = new Model({ inputs: initial.inputs, outputs: initial.layers.map((l) => l.output as SymbolicTensor) });
    const one = new Model({ inputs: initial.inputs, outputs: initial.getLayer('my_intermediate_layer').output as SymbolicTensor });
    const x = ones([2, 6]);
    tidy(() => {
      const feats = all.apply(x) as unknown as Tensor[];
      expect(feats.map((f) => f.shape)).toEqual([[2, 5], [2, 4], [2, 3]]);
      expect(Array.from((one.apply(x) as Tensor).dataSync())).toEqual(Array.from(feats[1]!.dataSync()));
    });
    x.dispose();
    initial.dispose();
  });

  it('transfer learning: freeze all layers except the last', async () => {
    const m = new Sequential([input({ shape: [4] }), layers.dense({ units: 8, activation: 'relu' }), layers.dense({ units: 8, activation: 'relu' }), layers.dense({ units: 1 })]);
    for (const l of m.layers.slice(0, -1)) l.trainable = false;
    expect(m.trainableWeights.length).toBe(2);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const frozen = m.layers.slice(0, -1).map((l) => l.getWeights().map((w) => Array.from(w)));
    const x = ones([8, 4]), y = ones([8, 1]);
    await m.fit(x, y, { epochs: 2, verbose: 0 });
    expect(m.layers.slice(0, -1).map((l) => l.getWeights().map((w) => Array.from(w)))).toEqual(frozen);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });
});

// channels_first layers compute exactly what the channels_last layer computes on the
// transposed input: outputs, input gradients and weight gradients, for every layer with a
// dataFormat option (and BatchNormalization with axis 1), plus the symbolic output shape.

import { describe, expect, it } from 'vitest';
import * as L from '../../ts/layers/index.js';
import { grads } from '../../ts/autograd/gradients.js';
import { mul } from '../../ts/ops/binary.js';
import { sum } from '../../ts/ops/reduce.js';
import { transpose } from '../../ts/ops/transpose.js';
import { randomUniform } from '../../ts/tensor/random.js';
import { input } from '../../ts/layers/input_layer.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { perm2First, perm2Last } from '../../ts/layers/data_format.js';
import { expectAllClose } from '../helpers/golden.js';

type Make = (dataFormat: 'channels_last' | 'channelsFirst' | 'channels_first') => L.Layer;
const cases: [string, Make, number[]][] = [
  ['Conv1D', (f) => L.conv1d({ filters: 3, kernelSize: 3, padding: 'causal', dilationRate: 2, dataFormat: f }), [7, 2]],
  ['Conv2D', (f) => L.conv2d({ filters: 3, kernelSize: [2, 3], strides: 2, padding: 'same', activation: 'relu', dataFormat: f }), [5, 6, 2]],
  ['Conv2D_tanh', (f) => L.conv2d({ filters: 2, kernelSize: 3, activation: 'tanh', dataFormat: f }), [5, 5, 3]],
  ['Conv2DTranspose', (f) => L.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, outputPadding: 1, dataFormat: f }), [3, 4, 2]],
  ['DepthwiseConv2D', (f) => L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', dataFormat: f }), [4, 5, 3]],
  ['SeparableConv2D', (f) => L.separableConv2d({ filters: 4, kernelSize: 2, dataFormat: f }), [4, 4, 3]],
  ['MaxPooling1D', (f) => L.maxPooling1d({ poolSize: 3, strides: 2, padding: 'same', dataFormat: f }), [7, 3]],
  ['AveragePooling1D', (f) => L.averagePooling1d({ poolSize: 2, dataFormat: f }), [6, 3]],
  ['MaxPooling2D', (f) => L.maxPooling2d({ poolSize: 2, dataFormat: f }), [5, 4, 3]],
  ['AveragePooling2D', (f) => L.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same', dataFormat: f }), [5, 5, 2]],
  ['GlobalAveragePooling1D', (f) => L.globalAveragePooling1d({ dataFormat: f }), [5, 3]],
  ['GlobalMaxPooling1D_keepdims', (f) => L.globalMaxPooling1d({ dataFormat: f, keepdims: true }), [5, 3]],
  ['GlobalAveragePooling2D_keepdims', (f) => L.globalAveragePooling2d({ dataFormat: f, keepdims: true }), [3, 4, 2]],
  ['GlobalMaxPooling2D', (f) => L.globalMaxPooling2d({ dataFormat: f }), [3, 4, 2]],
  ['UpSampling2D_nearest', (f) => L.upSampling2d({ size: [2, 3], dataFormat: f }), [2, 3, 2]],
  ['UpSampling2D_bilinear', (f) => L.upSampling2d({ size: 2, interpolation: 'bilinear', dataFormat: f }), [3, 2, 2]],
  ['ZeroPadding2D', (f) => L.zeroPadding2d({ padding: [[1, 0], [2, 1]], dataFormat: f }), [3, 3, 2]],
  ['Cropping2D', (f) => L.cropping2d({ cropping: [[1, 0], [0, 2]], dataFormat: f }), [4, 5, 2]],
];

const BATCH = 2;

/** Output, d/dx and d/dweights of Σ layer(x)·w. */
function run(layer: L.Layer, x: Tensor, w: Tensor, training = false): Tensor[] {
  const y = layer.apply(x, { training });
  const g = grads((...xs: Tensor[]) => { void xs; return sum(mul(layer.apply(x, { training }), w)); })([x, ...layer.trainableWeights]);
  return [y, ...g];
}

describe('channels_first matches channels_last on transposed data', () => {
  it.each(cases)('%s', (_n, make, sample) => {
    const last = make('channels_last');
    const first = make(_n.startsWith('Conv2D_') ? 'channelsFirst' : 'channels_first');
    const x = randomUniform([BATCH, ...sample], -1, 1, 11);
    const xt = transpose(x, perm2First(x.rank));
    last.apply(x);
    first.apply(xt);
    first.setWeights(last.getWeights());
    const y0 = last.apply(x);
    const w = randomUniform(y0.shape, -1, 1, 5);
    const wt = y0.rank > 2 ? transpose(w, perm2First(w.rank)) : w;
    const [y1, ...g1] = run(last, x, w);
    const [y2, ...g2] = run(first, xt, wt);
    const back = (t: Tensor) => (t.rank > 2 ? transpose(t, perm2Last(t.rank)) : t);
    expectAllClose(back(y2).dataSync(), y1!.dataSync(), 'output', 1e-5, 1e-6);
    expectAllClose(back(g2[0]!).dataSync(), g1[0]!.dataSync(), 'd/dx', 1e-5, 1e-6);
    g1.slice(1).forEach((g, i) => expectAllClose(g2[i + 1]!.dataSync(), g.dataSync(), `d/dweight ${i}`, 1e-4, 1e-5));
    // The symbolic output shape of the channels_first layer is the one it computes.
    const sym = make('channels_first').apply(input({ shape: xt.shape.slice(1) }));
    expect(sym.shape).toEqual([null, ...y2!.shape.slice(1)]);
  });

  it('Flatten with channels_first flattens in channels_last order (as Keras)', () => {
    const x = randomUniform([2, 3, 4, 5], -1, 1, 3);
    const xt = transpose(x, perm2First(4));
    const a = L.flatten().apply(x);
    const b = L.flatten({ dataFormat: 'channels_first' }).apply(xt);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
  });

  it('SpatialDropout2D channels_first drops whole channels', async () => {
    const { ones } = await import('../../ts/tensor/creation.js');
    const y = L.spatialDropout2d({ rate: 0.5, dataFormat: 'channels_first' }).apply(ones([2, 6, 3, 4]), { training: true });
    const v = y.dataSync();
    for (let m = 0; m < 12; m++) {
      const plane = Array.from(v.subarray(m * 12, m * 12 + 12));
      expect(new Set(plane).size).toBe(1);
    }
  });

  it.each([false, true])('BatchNormalization axis 1 matches axis -1 (training=%s), moving statistics too', (training) => {
    const x = randomUniform([3, 4, 2, 5], -1, 2, 8);
    const xt = transpose(x, perm2First(4));
    const last = L.batchNormalization({ momentum: 0.5 });
    const first = L.batchNormalization({ axis: 1, momentum: 0.5 });
    last.apply(x);
    first.apply(xt);
    const gamma = [0.5, 1, 1.5, 2, 2.5];
    first.setWeights([gamma, [0.1, 0.2, 0.3, 0.4, 0.5], [0.1, 0, 0, 0, 0.2], [1, 2, 1, 2, 1]].map((a) => Float32Array.from(a)));
    last.setWeights(first.getWeights());
    const w = randomUniform(x.shape, -1, 1, 9);
    const [y1, ...g1] = run(last, x, w, training);
    const [y2, ...g2] = run(first, xt, transpose(w, perm2First(4)), training);
    expectAllClose(transpose(y2!, perm2Last(4)).dataSync(), y1!.dataSync(), 'output', 1e-5, 1e-6);
    expectAllClose(transpose(g2[0]!, perm2Last(4)).dataSync(), g1[0]!.dataSync(), 'd/dx', 1e-4, 1e-5);
    g1.slice(1).forEach((g, i) => expectAllClose(g2[i + 1]!.dataSync(), g.dataSync(), `d/dweight ${i}`, 1e-4, 1e-5));
    first.nonTrainableWeights.forEach((v, i) => expectAllClose(v.dataSync(), last.nonTrainableWeights[i]!.dataSync(), v.name, 1e-6, 1e-6));
    expect(L.batchNormalization({ axis: 1 }).apply(input({ shape: [4, 2, 3] })).shape).toEqual([null, 4, 2, 3]);
  });
});

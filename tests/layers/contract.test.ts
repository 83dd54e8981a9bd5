// The layer contract (tests/helpers/layer_contract.ts) for every built-in layer.

import { describe, it } from 'vitest';
import * as L from '../../ts/layers/index.js';
import { runLayerContract, type LayerContract } from '../helpers/layer_contract.js';

const contracts: Record<string, LayerContract> = {
  Dense: { make: () => L.dense({ units: 5, activation: 'relu' }), inputShape: [4], outputShape: [5], trainableWeights: 2 },
  Dense_rank3: { make: () => L.dense({ units: 2, activation: 'tanh' }), inputShape: [3, 4], outputShape: [3, 2], trainableWeights: 2 },
  Activation: { make: () => L.activation({ activation: 'gelu' }), inputShape: [4], outputShape: [4], trainableWeights: 0 },
  Dropout: { make: () => L.dropout({ rate: 0.3 }), inputShape: [6], outputShape: [6], trainableWeights: 0 },
  Flatten: { make: () => L.flatten(), inputShape: [2, 3], outputShape: [6], trainableWeights: 0 },
  Reshape: { make: () => L.reshape({ targetShape: [3, -1] }), inputShape: [6], outputShape: [3, 2], trainableWeights: 0 },
  Permute: { make: () => L.permute({ dims: [2, 1] }), inputShape: [2, 3], outputShape: [3, 2], trainableWeights: 0 },
  RepeatVector: { make: () => L.repeatVector({ n: 3 }), inputShape: [4], outputShape: [3, 4], trainableWeights: 0 },
  Embedding: { make: () => L.embedding({ inputDim: 10, outputDim: 4 }), inputShape: [5], outputShape: [5, 4], trainableWeights: 1, intRange: 10 },
  LayerNormalization: { make: () => L.layerNormalization(), inputShape: [2, 4], outputShape: [2, 4], trainableWeights: 2 },
  Add: { make: () => L.add(), inputShape: [[4], [4]], outputShape: [4], trainableWeights: 0 },
  Subtract: { make: () => L.subtract(), inputShape: [[4], [4]], outputShape: [4], trainableWeights: 0 },
  Multiply: { make: () => L.multiply(), inputShape: [[4], [4]], outputShape: [4], trainableWeights: 0 },
  Average: { make: () => L.average(), inputShape: [[4], [4], [4]], outputShape: [4], trainableWeights: 0 },
  Maximum: { make: () => L.maximum(), inputShape: [[4], [4]], outputShape: [4], trainableWeights: 0 },
  Minimum: { make: () => L.minimum(), inputShape: [[4], [4]], outputShape: [4], trainableWeights: 0 },
  Concatenate: { make: () => L.concatenate({ axis: -1 }), inputShape: [[2, 3], [2, 5]], outputShape: [2, 8], trainableWeights: 0 },
  Dot: { make: () => L.dot({ axes: 1 }), inputShape: [[4], [4]], outputShape: [1], trainableWeights: 0 },
  ReLU: { make: () => L.reLU({ maxValue: 6, negativeSlope: 0.1, threshold: 0.1 }), inputShape: [4], outputShape: [4], trainableWeights: 0 },
  LeakyReLU: { make: () => L.leakyReLU(), inputShape: [4], outputShape: [4], trainableWeights: 0 },
  ELU: { make: () => L.elu(), inputShape: [4], outputShape: [4], trainableWeights: 0 },
  Softmax: { make: () => L.softmax(), inputShape: [4], outputShape: [4], trainableWeights: 0 },
  PReLU: { make: () => L.prelu(), inputShape: [4], outputShape: [4], trainableWeights: 1 },
  Conv1D: { make: () => L.conv1d({ filters: 3, kernelSize: 2, padding: 'causal' }), inputShape: [6, 2], outputShape: [6, 3], trainableWeights: 2 },
  Conv2D: { make: () => L.conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }), inputShape: [6, 6, 2], outputShape: [4, 4, 4], trainableWeights: 2 },
  Conv2D_same_strides: { make: () => L.conv2d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }), inputShape: [5, 5, 2], outputShape: [3, 3, 2], trainableWeights: 2 },
  Conv2D_groups: { make: () => L.conv2d({ filters: 6, kernelSize: 3, groups: 2 }), inputShape: [5, 5, 4], outputShape: [3, 3, 6], trainableWeights: 2 },
  Conv2D_channels_first: { make: () => L.conv2d({ filters: 4, kernelSize: 3, dataFormat: 'channels_first' }), inputShape: [2, 5, 5], outputShape: [4, 3, 3], trainableWeights: 2 },
  MaxPooling2D_channels_first: { make: () => L.maxPooling2d({ dataFormat: 'channelsFirst' }), inputShape: [2, 6, 4], outputShape: [2, 3, 2], trainableWeights: 0 },
  BatchNormalization_axis1: { make: () => L.batchNormalization({ axis: 1 }), inputShape: [3, 4, 4], outputShape: [3, 4, 4], trainableWeights: 2, nonTrainableWeights: 2 },
  Conv2DTranspose: { make: () => L.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }), inputShape: [3, 3, 2], outputShape: [6, 6, 2], trainableWeights: 2 },
  DepthwiseConv2D: { make: () => L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 }), inputShape: [5, 5, 2], outputShape: [3, 3, 4], trainableWeights: 2 },
  SeparableConv2D: { make: () => L.separableConv2d({ filters: 3, kernelSize: 3 }), inputShape: [5, 5, 2], outputShape: [3, 3, 3], trainableWeights: 3 },
  MaxPooling1D: { make: () => L.maxPooling1d(), inputShape: [6, 2], outputShape: [3, 2], trainableWeights: 0 },
  AveragePooling1D: { make: () => L.averagePooling1d({ poolSize: 3, strides: 2, padding: 'same' }), inputShape: [7, 2], outputShape: [4, 2], trainableWeights: 0 },
  MaxPooling2D: { make: () => L.maxPooling2d(), inputShape: [6, 6, 2], outputShape: [3, 3, 2], trainableWeights: 0 },
  AveragePooling2D: { make: () => L.averagePooling2d({ poolSize: 2 }), inputShape: [5, 5, 2], outputShape: [2, 2, 2], trainableWeights: 0 },
  GlobalAveragePooling1D: { make: () => L.globalAveragePooling1d(), inputShape: [5, 3], outputShape: [3], trainableWeights: 0 },
  GlobalAveragePooling2D: { make: () => L.globalAveragePooling2d(), inputShape: [4, 4, 3], outputShape: [3], trainableWeights: 0 },
  GlobalMaxPooling1D: { make: () => L.globalMaxPooling1d(), inputShape: [5, 3], outputShape: [3], trainableWeights: 0 },
  GlobalMaxPooling2D: { make: () => L.globalMaxPooling2d({ keepdims: true }), inputShape: [4, 4, 3], outputShape: [1, 1, 3], trainableWeights: 0 },
  BatchNormalization: { make: () => L.batchNormalization(), inputShape: [4, 4, 3], outputShape: [4, 4, 3], trainableWeights: 2, nonTrainableWeights: 2 },
  ZeroPadding2D: { make: () => L.zeroPadding2d({ padding: [[1, 0], [2, 1]] }), inputShape: [3, 3, 2], outputShape: [4, 6, 2], trainableWeights: 0 },
  Cropping2D: { make: () => L.cropping2d({ cropping: [[1, 0], [1, 1]] }), inputShape: [4, 5, 2], outputShape: [3, 3, 2], trainableWeights: 0 },
  UpSampling2D: { make: () => L.upSampling2d({ size: [2, 3], interpolation: 'bilinear' }), inputShape: [3, 3, 2], outputShape: [6, 9, 2], trainableWeights: 0 },
  SpatialDropout2D: { make: () => L.spatialDropout2d({ rate: 0.5 }), inputShape: [3, 3, 2], outputShape: [3, 3, 2], trainableWeights: 0 },
};

describe('layer contract', () => {
  it.each(Object.entries(contracts))('%s', async (_name, c) => {
    await runLayerContract(c);
  });
});

describe('convolution layer arguments', () => {
  it('reject what Keras rejects, naming the values', async () => {
    const { expect } = await import('vitest');
    expect(() => L.conv2d({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(/strides > 1 are not compatible with dilationRate > 1.*Received: strides=\[2,2\], dilationRate=\[2,2\]/);
    expect(() => L.conv2d({ filters: 0, kernelSize: 3 })).toThrow(/Received: filters=0/);
    expect(() => L.conv2d({ filters: 2, kernelSize: [3] })).toThrow(/Received: kernelSize=\[3\]/);
    expect(() => L.averagePooling2d({} as never)).toThrow(/poolSize.*required/);
  });
});

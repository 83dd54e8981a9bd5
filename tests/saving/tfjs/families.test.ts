// One small model per layer family tfjs-layers shares with kerasm: kerasm writes it, tfjs
// loads it and predicts the same; tfjs saves the model it loaded and kerasm reads that back,
// predicting the same again.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { Model } from '../../../ts/models/model.js';
import { Sequential } from '../../../ts/models/sequential.js';
import * as layers from '../../../ts/layers/index.js';
import { input } from '../../../ts/layers/input_layer.js';
import type { Layer } from '../../../ts/layers/layer.js';
import { tensor } from '../../../ts/tensor/creation.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';
import { decodeTfjs, encodeTfjs } from '../../../ts/saving/tfjs/index.js';
import { fromArtifacts } from '../../../ts/saving/io/artifacts.js';
import type { FileSet } from '../../../ts/saving/io/types.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function rand(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1);
}

const seq = (shape: number[], ls: Layer[]) => () => new Sequential([input({ shape }), ...ls]);
const merge = (mk: () => Layer) => () => {
  const a = input({ shape: [6] }), b = input({ shape: [6] });
  const da = layers.dense({ units: 4 }).apply(a), db = layers.dense({ units: 4 }).apply(b);
  return new Model({ inputs: [a, b], outputs: mk().apply([da, db]) });
};

const CASES: [string, () => Model, number[][]][] = [
  ['Dense + Activation + Dropout', seq([5], [layers.dense({ units: 4, activation: 'tanh' }), layers.activation({ activation: 'sigmoid' }), layers.dropout({ rate: 0.5 }), layers.dense({ units: 2 })]), [[5]]],
  ['Conv1D + pooling 1D', seq([10, 3], [layers.conv1d({ filters: 4, kernelSize: 3, padding: 'same' }), layers.maxPooling1d({ poolSize: 2 }), layers.averagePooling1d({ poolSize: 2 }), layers.globalMaxPooling1d()]), [[10, 3]]],
  ['Conv2D strides + pooling 2D', seq([9, 9, 2], [layers.conv2d({ filters: 3, kernelSize: 3, strides: 2 }), layers.averagePooling2d({ poolSize: 2 }), layers.globalAveragePooling2d()]), [[9, 9, 2]]],
  ['Conv2DTranspose', seq([4, 4, 2], [layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' }), layers.flatten()]), [[4, 4, 2]]],
  ['DepthwiseConv2D', seq([6, 6, 2], [layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 }), layers.globalMaxPooling2d()]), [[6, 6, 2]]],
  ['SeparableConv2D', seq([6, 6, 2], [layers.separableConv2d({ filters: 3, kernelSize: 3 }), layers.flatten()]), [[6, 6, 2]]],
  ['BatchNormalization + LayerNormalization', seq([6], [layers.batchNormalization({}), layers.layerNormalization({}), layers.dense({ units: 2 })]), [[6]]],
  ['Embedding', seq([5], [layers.embedding({ inputDim: 10, outputDim: 3 }), layers.flatten()]), [[5]]],
  ['Reshape + Permute + RepeatVector', seq([6], [layers.reshape({ targetShape: [2, 3] }), layers.permute({ dims: [2, 1] }), layers.flatten(), layers.repeatVector({ n: 2 })]), [[6]]],
  ['ZeroPadding2D + Cropping2D + UpSampling2D', seq([4, 4, 1], [layers.zeroPadding2d({ padding: 1 }), layers.cropping2d({ cropping: [[1, 0], [0, 1]] }), layers.upSampling2d({ size: [2, 2] }), layers.flatten()]), [[4, 4, 1]]],
  ['ReLU, LeakyReLU, ELU, Softmax, PReLU', seq([6], [layers.dense({ units: 6 }), layers.reLU({ maxValue: 0.5 }), layers.dense({ units: 6 }), layers.leakyReLU({ negativeSlope: 0.2 }), layers.elu({}), layers.prelu({}), layers.softmax({})]), [[6]]],
  ['Add', merge(() => layers.add()), [[6], [6]]],
  ['Multiply', merge(() => layers.multiply()), [[6], [6]]],
  ['Average', merge(() => layers.average()), [[6], [6]]],
  ['Maximum', merge(() => layers.maximum()), [[6], [6]]],
  ['Minimum', merge(() => layers.minimum()), [[6], [6]]],
  ['Concatenate', merge(() => layers.concatenate({ axis: -1 })), [[6], [6]]],
  ['Dot', merge(() => layers.dot({ axes: 1, normalize: true })), [[6], [6]]],
  ['Sequential nested in a functional model', () => {
    const inner = new Sequential([input({ shape: [5] }), layers.dense({ units: 4, activation: 'relu', name: 'inner_a' }), layers.dense({ units: 3, name: 'inner_b' })], { name: 'inner' });
    const x = input({ shape: [5] });
    return new Model({ inputs: x, outputs: layers.dense({ units: 2, name: 'head' }).apply(inner.apply(x)) });
  }, [[5]]],
  ['functional model nested in a functional model', () => {
    const xi = input({ shape: [5], name: 'xi' });
    const inner = new Model({ inputs: xi, outputs: layers.dense({ units: 3, activation: 'tanh', name: 'fa' }).apply(xi), name: 'finner' });
    const x = input({ shape: [5] });
    return new Model({ inputs: x, outputs: layers.dense({ units: 2, name: 'h2' }).apply(inner.apply(x)) });
  }, [[5]]],
];

function artifactsOf(set: FileSet): tf.io.ModelArtifacts {
  const json = JSON.parse(new TextDecoder().decode(set.files.get(set.main)));
  return { ...json, weightSpecs: json.weightsManifest[0].weights, weightData: set.files.get('model.weights.bin')!.slice().buffer };
}

async function tfjsSaved(m: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let art: tf.io.ModelArtifacts | undefined;
  await m.save(tf.io.withSaveHandler(async (a) => ((art = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  return art!;
}

function close(a: Float32Array, b: Float32Array) {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(b[i]!))));
}

describe('layer families through the tfjs format', () => {
  it.each(CASES)('%s', async (_name, build, shapes) => {
    const k = build();
    const isEmbedding = _name === 'Embedding';
    const data = shapes.map((s, i) => {
      const n = 3 * s.reduce((a, b) => a * b, 1);
      return isEmbedding ? Float32Array.from({ length: n }, (_, j) => (j * 7 + i) % 10) : rand(n, 20 + i);
    });
    const kx = data.map((d, i) => tensor(d, [3, ...shapes[i]!], isEmbedding ? 'int32' : 'float32'));
    const tx = data.map((d, i) => tf.tensor(d, [3, ...shapes[i]!], isEmbedding ? 'int32' : 'float32'));
    const kPred = ((await k.predict((kx.length === 1 ? kx[0] : kx) as never)) as Tensor).dataSync() as Float32Array;

    const t = await tfl.loadLayersModel(tf.io.fromMemory(artifactsOf(await encodeTfjs(k))));
    const tPred = (t.predict(tx.length === 1 ? tx[0]! : tx) as tf.Tensor).dataSync() as Float32Array;
    close(tPred, kPred);

    const back = await decodeTfjs(fromArtifacts(await tfjsSaved(t)));
    const bPred = ((await back.predict((kx.length === 1 ? kx[0] : kx) as never)) as Tensor).dataSync() as Float32Array;
    close(bPred, tPred);
  });
});

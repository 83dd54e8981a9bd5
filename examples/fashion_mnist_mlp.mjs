// The README's main job: train the Keras tutorial MLP (784-128-10, Adam 1e-3, batch 32,
// 5 epochs) on the full Fashion-MNIST training set with a progress bar, then print test
// accuracy and training speed. Usage: node examples/fashion_mnist_mlp.mjs [--epochs N] [--batch N]

import { Sequential, layers, input, optimizers } from '../dist/index.js';
import { arg, loadFashionMnist, trainAndReport } from './common.mjs';

const data = await loadFashionMnist([784]);
const model = new Sequential([
  input({ shape: [784] }),
  layers.dense({ units: 128, activation: 'relu' }),
  layers.dense({ units: 10, activation: 'softmax' }),
]);
model.summary();
model.compile({ optimizer: new optimizers.Adam({ learningRate: 1e-3 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
await trainAndReport(model, data, { epochs: arg('epochs', 5), batchSize: arg('batch', 32) });

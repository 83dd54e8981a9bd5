// The seed material's CNN on full Fashion-MNIST: Conv2D(32, 3×3, relu) → MaxPool 2 →
// Conv2D(64, 3×3, relu) → MaxPool 2 → Flatten → Dense(64, relu) → Dropout(0.25) →
// Dense(10, softmax), Adam, batch 32, 10 epochs. Prints test accuracy and samples/s.
// Usage: node examples/fashion_mnist_cnn.mjs [--epochs N] [--batch N]

import { Sequential, layers, input, optimizers } from '../dist/index.js';
import { arg, loadFashionMnist, trainAndReport } from './common.mjs';

const data = await loadFashionMnist([28, 28, 1]);
const model = new Sequential([
  input({ shape: [28, 28, 1] }),
  layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
  layers.maxPooling2d({ poolSize: 2 }),
  layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
  layers.maxPooling2d({ poolSize: 2 }),
  layers.flatten(),
  layers.dense({ units: 64, activation: 'relu' }),
  layers.dropout({ rate: 0.25 }),
  layers.dense({ units: 10, activation: 'softmax' }),
]);
model.summary();
model.compile({ optimizer: new optimizers.Adam({ learningRate: 1e-3 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
await trainAndReport(model, data, { epochs: arg('epochs', 10), batchSize: arg('batch', 32) });

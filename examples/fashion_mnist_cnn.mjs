// The seed material's CNN on full Fashion-MNIST: Conv2D(32, 3×3, relu) → MaxPool 2 →
// Conv2D(64, 3×3, relu) → MaxPool 2 → Flatten → Dense(64, relu) → Dropout(0.25) →
// Dense(10, softmax), Adam, batch 32, 10 epochs. Prints test accuracy and samples/s.
// Usage: node examples/fashion_mnist_cnn.mjs [--epochs N] [--batch N]

import { Sequential, layers, input, optimizers, datasets, backendInfo, ready, tidy, div, reshape, scalar } from '../dist/index.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const epochs = arg('epochs', 10);
const batchSize = arg('batch', 32);

await ready();
const info = backendInfo();
console.log(`kerasm on Node ${process.versions.node}: ${info.variant} build, ${info.threadCount} thread(s)`);

const { train, test } = await datasets.fashionMnist.load();
const prep = (images) => tidy(() => reshape(div(images, scalar(255)), [images.shape[0], 28, 28, 1]));
const xTrain = prep(train.images), xTest = prep(test.images);
train.images.dispose();
test.images.dispose();

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

const t0 = performance.now();
await model.fit(xTrain, train.labels, { epochs, batchSize, verbose: 1 });
const seconds = (performance.now() - t0) / 1000;

const [testLoss, testAcc] = await model.evaluate(xTest, test.labels, { batchSize: 256 });
console.log(`\nTest accuracy: ${(testAcc * 100).toFixed(2)}%  (test loss ${testLoss.toFixed(4)})`);
console.log(`Training speed: ${Math.round((epochs * xTrain.shape[0]) / seconds).toLocaleString('en-US')} samples/s ` +
  `(${epochs} epochs of ${xTrain.shape[0].toLocaleString('en-US')} samples in ${seconds.toFixed(1)} s, batch ${batchSize})`);

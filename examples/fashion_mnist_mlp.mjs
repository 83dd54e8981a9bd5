// The README's main job: train the Keras tutorial MLP (784-128-10, Adam 1e-3, batch 32,
// 5 epochs) on the full Fashion-MNIST training set with a progress bar, then print test
// accuracy and training speed. Usage: node examples/fashion_mnist_mlp.mjs [--epochs N] [--batch N]

import { Sequential, layers, input, optimizers, datasets, backendInfo, ready, tidy, div, reshape, scalar } from '../dist/index.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const epochs = arg('epochs', 5);
const batchSize = arg('batch', 32);

await ready();
const info = backendInfo();
console.log(`kerasm on Node ${process.versions.node}: ${info.variant} build, ${info.threadCount} thread(s)`);

const { train, test } = await datasets.fashionMnist.load();
// Pixels to [0, 1] and each image to a 784-vector, as in the Keras tutorial.
const prep = (images) => tidy(() => reshape(div(images, scalar(255)), [images.shape[0], 784]));
const xTrain = prep(train.images), xTest = prep(test.images);
train.images.dispose();
test.images.dispose();

const model = new Sequential([
  input({ shape: [784] }),
  layers.dense({ units: 128, activation: 'relu' }),
  layers.dense({ units: 10, activation: 'softmax' }),
]);
model.summary();
model.compile({ optimizer: new optimizers.Adam({ learningRate: 1e-3 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });

const t0 = performance.now();
await model.fit(xTrain, train.labels, { epochs, batchSize, verbose: 1 });
const seconds = (performance.now() - t0) / 1000;

const [testLoss, testAcc] = await model.evaluate(xTest, test.labels, { batchSize: 256 });
const samplesPerSec = (epochs * xTrain.shape[0]) / seconds;
console.log(`\nTest accuracy: ${(testAcc * 100).toFixed(2)}%  (test loss ${testLoss.toFixed(4)})`);
console.log(`Training speed: ${Math.round(samplesPerSec).toLocaleString('en-US')} samples/s ` +
  `(${epochs} epochs of ${xTrain.shape[0].toLocaleString('en-US')} samples in ${seconds.toFixed(1)} s, batch ${batchSize})`);

// Guide: docs/getting-started.md. A first model in Node: load Fashion-MNIST, train a small
// MLP, evaluate it, predict, save and load it again.
// Usage: node examples/guides/getting_started.mjs [--samples 2000] [--epochs 2]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const samples = arg('samples', 2000), epochs = arg('epochs', 2);

// --- load
import { ready, backendInfo, datasets, tidy, div, reshape, slice, scalar, argmax } from 'kerasm';

await ready();
console.log(backendInfo()); // { variant: 'threads-relaxed', threadCount: 2, … }

const { train, test } = await datasets.fashionMnist.load();
// Pixels 0..255 → 0..1, each 28×28 image flattened to 784 numbers.
const prep = (images, n) => tidy(() => reshape(div(slice(images, [0, 0, 0], [n, 28, 28]), scalar(255)), [n, 784]));
const xTrain = prep(train.images, samples), yTrain = slice(train.labels, [0], [samples]);
const xTest = prep(test.images, 1000), yTest = slice(test.labels, [0], [1000]);
// --- end load

// --- model
import { Sequential, input, layers } from 'kerasm';

const model = new Sequential([
  input({ shape: [784] }),
  layers.dense({ units: 128, activation: 'relu' }),
  layers.dropout({ rate: 0.2 }),
  layers.dense({ units: 10, activation: 'softmax' }),
]);
model.summary();
// --- end model

// --- train
model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
const history = await model.fit(xTrain, yTrain, { epochs, batchSize: 32, validationSplit: 0.1 });
console.log(history.history.val_accuracy); // one number per epoch
// --- end train

// --- evaluate
const [testLoss, testAccuracy] = await model.evaluate(xTest, yTest);
console.log(`test accuracy: ${(testAccuracy * 100).toFixed(1)}%`);

const probabilities = await model.predict(slice(xTest, [0, 0], [3, 784]));
console.log(probabilities.shape, argmax(probabilities, -1).arraySync()); // [ 3, 10 ] and three class indices
// --- end evaluate

// --- save
import { loadModel } from 'kerasm';

const dir = mkdtempSync(join(tmpdir(), 'kerasm-guide-'));
await model.save(join(dir, 'fashion.keras'));        // Keras 3 format
const restored = await loadModel(join(dir, 'fashion.keras'));
const [, restoredAccuracy] = await restored.evaluate(xTest, yTest);
console.log(`restored model, same accuracy: ${restoredAccuracy === testAccuracy}`);
// --- end save
rmSync(dir, { recursive: true, force: true });

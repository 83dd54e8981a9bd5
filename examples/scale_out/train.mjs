// Step 1 of the scale-out example: define and train a small CNN in kerasm on a slice of
// Fashion-MNIST, then save it as a Keras 3 `.keras` file (architecture, weights, compile
// config and Adam state) for Keras to train further (train_keras.py).
// Usage: node examples/scale_out/train.mjs [--out DIR] [--train 6000] [--epochs 1] [--batch 32] [--test 10000]

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Sequential, layers, input, optimizers } from '../../dist/index.js';
import { loadFashionMnist } from '../common.mjs';
import { evaluateOn, opt, rows } from './shared.mjs';

const out = opt('out', 'examples/scale_out/out');
const nTrain = opt('train', 6000), epochs = opt('epochs', 1), batchSize = opt('batch', 32), nTest = opt('test', 10000);

const data = await loadFashionMnist([28, 28, 1]);
const model = new Sequential([
  input({ shape: [28, 28, 1] }),
  layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
  layers.maxPooling2d({ poolSize: 2 }),
  layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
  layers.maxPooling2d({ poolSize: 2 }),
  layers.flatten(),
  layers.dropout({ rate: 0.2 }),
  layers.dense({ units: 10, activation: 'softmax' }),
]);
model.compile({ optimizer: new optimizers.Adam({ learningRate: 1e-3 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });

const x = rows(data.xTrain, 0, nTrain), y = rows(data.yTrain, 0, nTrain);
await model.fit(x, y, { epochs, batchSize, verbose: 2 });
const result = await evaluateOn(model, data, nTest, 'kerasm after its own training');

mkdirSync(out, { recursive: true });
const file = join(out, 'kerasm.keras');
await model.save(file);
const report = { trainSamples: x.shape[0], iterations: model.optimizer.iterations, testLoss: result.loss, testAccuracy: result.accuracy, testSamples: Math.min(nTest, data.xTest.shape[0]) };
writeFileSync(join(out, 'kerasm.json'), JSON.stringify(report, null, 1) + '\n');
console.log(`saved ${file} (optimizer at step ${report.iterations}); next: train_keras.py ${file} ${join(out, 'keras.keras')} --offset ${nTrain}`);
console.log(JSON.stringify(report));

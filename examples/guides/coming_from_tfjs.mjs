// Guide: docs/coming-from-tfjs.md. One small classifier written twice, with tfjs-layers (on its
// CPU backend) and with kerasm, trained on the same data; both accuracies are printed.
// Usage: node examples/guides/coming_from_tfjs.mjs

import { classification } from './toy_data.mjs';

const { xs, ys } = classification({ n: 600, features: 8, classes: 3 });
const rows = Array.from({ length: 600 }, (_, i) => Array.from(xs.subarray(i * 8, i * 8 + 8)));
const labels = Array.from(ys);

// --- tfjs
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';

await tf.setBackend('cpu');
const tfModel = tfl.sequential({
  layers: [
    tfl.layers.dense({ units: 32, activation: 'relu', inputShape: [8] }),
    tfl.layers.dense({ units: 3, activation: 'softmax' }),
  ],
});
tfModel.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
const tfX = tf.tensor2d(rows), tfY = tf.tensor1d(labels); // tfjs wants float labels here
await tfModel.fit(tfX, tfY, {
  epochs: 5, batchSize: 32, shuffle: true,
  callbacks: { onEpochEnd: (epoch, logs) => console.log(`tfjs epoch ${epoch + 1}: loss ${logs.loss.toFixed(4)}`) },
});
const [, tfAccuracy] = tfModel.evaluate(tfX, tfY);
console.log(`tfjs-layers: accuracy ${(await tfAccuracy.data())[0].toFixed(3)}`);
tf.dispose([tfX, tfY]);
// --- end tfjs

// --- kerasm
import { Sequential, input, layers, optimizers, callbacks, tensor, dispose } from 'kerasm';

const model = new Sequential([
  input({ shape: [8] }),              // or inputShape: [8] on the first layer, as in tfjs
  layers.dense({ units: 32, activation: 'relu' }),
  layers.dense({ units: 3, activation: 'softmax' }),
]);
model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
const x = tensor(rows), y = tensor(labels, [600], 'int32');
await model.fit(x, y, {
  epochs: 5, batchSize: 32, shuffle: true, verbose: 0,
  callbacks: [new callbacks.LambdaCallback({ onEpochEnd: (epoch, logs) => console.log(`kerasm epoch ${epoch + 1}: loss ${logs.loss.toFixed(4)}`) })],
});
const [, accuracy] = await model.evaluate(x, y, { verbose: 0 });  // numbers, not tensors
console.log(`kerasm: accuracy ${accuracy.toFixed(3)}`);
dispose([x, y]);
// --- end kerasm

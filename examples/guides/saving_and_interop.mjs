// Guide: docs/saving-and-interop.md. Saving and loading in kerasm's three formats, and moving
// models to and from Keras 3 (Python) and TensorFlow.js.
// Usage: node examples/guides/saving_and_interop.mjs [--out DIR]
//        then, optionally: python examples/guides/saving_and_interop.py DIR   (Keras 3 side)
//        and: node examples/guides/saving_and_interop.mjs --out DIR --from-keras   (back in kerasm)

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sequential, input, layers, optimizers } from 'kerasm';
import { classification } from './toy_data.mjs';

const i = process.argv.indexOf('--out');
const out = i >= 0 ? process.argv[i + 1] : mkdtempSync(join(tmpdir(), 'kerasm-saving-'));
const { x, y } = classification({ n: 400, features: 8, classes: 3 });

if (process.argv.includes('--from-keras')) {
  // --- fromkeras
  const fromKeras = await loadModel(join(out, 'trained_in_keras.keras'));
  console.log(fromKeras.optimizer.constructor.name, fromKeras.optimizer.iterations); // Adam, at Keras's step count
  await fromKeras.fit(x, y, { epochs: 1, verbose: 0 });                             // keeps training here
  const [, backAccuracy] = await fromKeras.evaluate(x, y, { verbose: 0 });
  console.log(`back from Keras: accuracy ${backAccuracy.toFixed(3)}`);
  // --- end fromkeras
  process.exit(0);
}

// --- save
const model = new Sequential([
  input({ shape: [8], name: 'features' }),
  layers.dense({ units: 32, activation: 'relu', name: 'hidden' }),
  layers.dense({ units: 3, activation: 'softmax', name: 'probabilities' }),
], { name: 'classifier' });
model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
await model.fit(x, y, { epochs: 5, batchSize: 32, verbose: 0 });

await model.save(join(out, 'classifier.keras'));              // Keras 3: architecture + weights + compile + optimizer state
await model.save(join(out, 'web', 'model.json'));             // TensorFlow.js layers: model.json + a weights .bin
await model.saveWeights(join(out, 'classifier.weights.h5'));  // weights only, Keras 3's layout
console.log(readdirSync(join(out, 'web')));                   // [ 'model.json', 'model.weights.bin' ]
// --- end save

// --- load
import { loadModel, tidy, sub, abs, max } from 'kerasm';

const maxDifference = (a, b) => tidy(() => max(abs(sub(a.predictOnBatch(x), b.predictOnBatch(x)))).dataSync()[0]);

const restored = await loadModel(join(out, 'classifier.keras'));
await restored.fit(x, y, { epochs: 1, verbose: 0 });  // compiled, with Adam's moments: training just continues
const fromTfjsFormat = await loadModel(join(out, 'web', 'model.json'));
const sameArchitecture = new Sequential([
  input({ shape: [8] }),
  layers.dense({ units: 32, activation: 'relu' }),
  layers.dense({ units: 3, activation: 'softmax' }),
]);
await sameArchitecture.loadWeights(join(out, 'classifier.weights.h5'));
console.log(`model.json vs model: max difference ${maxDifference(fromTfjsFormat, model)}`); // 0
console.log(`weights.h5 vs model: max difference ${maxDifference(sameArchitecture, model)}`); // 0
// --- end load

// --- tfjs
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';

// In a browser, `await tfl.loadLayersModel('/web/model.json')` is all it takes. In Node without
// tfjs-node, hand tfjs the two files.
const json = JSON.parse(readFileSync(join(out, 'web', 'model.json'), 'utf8'));
const bin = readFileSync(join(out, 'web', json.weightsManifest[0].paths[0]));
const tfjsModel = await tfl.loadLayersModel(tf.io.fromMemory({
  modelTopology: json.modelTopology,
  weightSpecs: json.weightsManifest[0].weights,
  weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
}));
const tfjsOut = tfjsModel.predict(tf.tensor(await x.data(), x.shape)).dataSync();
const kerasmOut = model.predictOnBatch(x).dataSync();
const tfjsDifference = Math.max(...tfjsOut.map((v, i) => Math.abs(v - kerasmOut[i])));
console.log(`tfjs-layers vs kerasm: max difference ${tfjsDifference.toExponential(1)}`);
// --- end tfjs

// For the Python side (saving_and_interop.py): the inputs and kerasm's predictions.
writeFileSync(join(out, 'check.json'), JSON.stringify({ x: x.arraySync(), y: Array.from(y.dataSync()), predictions: model.predictOnBatch(x).arraySync() }));
if (i >= 0) console.log(`files in ${out}`);
else rmSync(out, { recursive: true, force: true });

// Step 3 of the scale-out example: load the model Keras trained further (train_keras.py) back
// into kerasm and serve it: predict a few test images and evaluate on the test set, next to
// the accuracy kerasm reached on its own (step 1).
// Usage: node examples/scale_out/serve.mjs [--out DIR] [--test 10000]

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, argmax } from '../../dist/index.js';
import { loadFashionMnist } from '../common.mjs';
import { evaluateOn, opt, rows } from './shared.mjs';

const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const out = opt('out', 'examples/scale_out/out');
const nTest = opt('test', 10000);

const data = await loadFashionMnist([28, 28, 1]);
const model = await loadModel(join(out, 'keras.keras'));
console.log(`loaded ${join(out, 'keras.keras')} (trained further by Keras; optimizer at step ${model.optimizer.iterations})`);

const x = rows(data.xTest, 0, 5);
const probs = await model.predict(x);
const predicted = argmax(probs, -1).dataSync();
const truth = rows(data.yTest, 0, 5).dataSync();
predicted.forEach((c, i) => console.log(`  test image ${i}: predicted ${CLASSES[c]}, actually ${CLASSES[truth[i]]}`));

const before = JSON.parse(readFileSync(join(out, 'kerasm.json'), 'utf8'));
const after = await evaluateOn(model, data, nTest, 'served after Keras training');
const change = ((after.accuracy - before.testAccuracy) * 100).toFixed(2);
console.log(`accuracy: kerasm alone ${(before.testAccuracy * 100).toFixed(2)}% -> after Keras ${(after.accuracy * 100).toFixed(2)}% (${change >= 0 ? '+' : ''}${change} points)`);
console.log(JSON.stringify({ iterations: model.optimizer.iterations, testLoss: after.loss, testAccuracy: after.accuracy, testSamples: Math.min(nTest, data.xTest.shape[0]), kerasmTestAccuracy: before.testAccuracy }));

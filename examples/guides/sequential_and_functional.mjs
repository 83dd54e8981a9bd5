// Guide: docs/sequential-and-functional.md. The two ways to build a model from layers: a
// Sequential stack, and a Functional graph (several inputs and outputs, shared layers,
// models used as layers, feature extraction).
// Usage: node examples/guides/sequential_and_functional.mjs

import { Sequential, Model, input, layers, losses, tensor, tidy, ones } from 'kerasm';
import { classification } from './toy_data.mjs';

const { x, y } = classification({ n: 600, features: 8, classes: 3 });

// --- sequential
const model = new Sequential([
  input({ shape: [8] }),
  layers.dense({ units: 32, activation: 'relu', name: 'hidden' }),
  layers.dense({ units: 3, activation: 'softmax', name: 'probabilities' }),
]);
model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
await model.fit(x, y, { epochs: 10, batchSize: 16, verbose: 0 });
const [, accuracy] = await model.evaluate(x, y, { verbose: 0 });
console.log(`sequential: accuracy ${accuracy.toFixed(3)}`);
// --- end sequential

// --- add
const grown = new Sequential();
grown.add(input({ shape: [8] }));
grown.add(layers.dense({ units: 16, activation: 'relu' }));
grown.add(layers.dense({ units: 3 }));
console.log(grown.layers.map((l) => l.name), grown.outputShape); // [ 'dense', 'dense_1' ] [ null, 3 ]
grown.pop();  // removes the last layer
console.log(grown.getLayer('dense').countParams()); // 144 = 8 × 16 + 16
// --- end add

// --- functional
const inputs = input({ shape: [8], name: 'features' });
let h = layers.dense({ units: 32, activation: 'relu' }).apply(inputs);
h = layers.dropout({ rate: 0.1 }).apply(h);
const outputs = layers.dense({ units: 3, activation: 'softmax' }).apply(h);
const functional = new Model({ inputs, outputs, name: 'classifier' });
functional.summary();
// --- end functional

// --- multi
// Two inputs (the first 5 and the last 3 features) and two outputs: the class, and a
// regression target (here the sum of the features).
const partA = input({ shape: [5], name: 'part_a' });
const partB = input({ shape: [3], name: 'part_b' });
const merged = layers.concatenate().apply([
  layers.dense({ units: 16, activation: 'relu' }).apply(partA),
  layers.dense({ units: 8, activation: 'relu' }).apply(partB),
]);
const classOut = layers.dense({ units: 3, name: 'class' }).apply(merged);
const sumOut = layers.dense({ units: 1, name: 'total' }).apply(merged);
const multi = new Model({ inputs: { part_a: partA, part_b: partB }, outputs: { class: classOut, total: sumOut } });

multi.compile({
  optimizer: 'adam',
  loss: { class: new losses.SparseCategoricalCrossentropy({ fromLogits: true }), total: 'mse' },
  lossWeights: { class: 1, total: 0.5 },
  metrics: { class: ['accuracy'] },
});
const xs = x.arraySync();
const xDict = { part_a: tensor(xs.map((r) => r.slice(0, 5))), part_b: tensor(xs.map((r) => r.slice(5))) };
const yDict = { class: y, total: tensor(xs.map((r) => [r.reduce((a, b) => a + b, 0)])) };
const history = await multi.fit(xDict, yDict, { epochs: 10, batchSize: 16, verbose: 0 });
console.log(Object.keys(history.history)); // loss, class_loss, total_loss, class_accuracy
const predicted = await multi.predict(xDict);
console.log(predicted.class.shape, predicted.total.shape); // [ 600, 3 ] [ 600, 1 ]
// --- end multi
console.log(`multi-output: class accuracy ${history.history.class_accuracy.at(-1).toFixed(3)}`);

// --- shared
// One layer applied to two inputs shares its weights; a model applied to a tensor is a layer.
const encoder = new Sequential([input({ shape: [8] }), layers.dense({ units: 4, activation: 'tanh' })], { name: 'encoder' });
const left = input({ shape: [8] }), right = input({ shape: [8] });
const distance = layers.subtract().apply([encoder.apply(left), encoder.apply(right)]);
const siamese = new Model({ inputs: [left, right], outputs: layers.dense({ units: 1 }).apply(distance) });
console.log(siamese.countParams()); // 41: the encoder's 36 weights are counted once
// --- end shared

// --- extract
// Any layer's output in a graph can be the output of a new model that shares the weights.
const features = new Model({ inputs: functional.input, outputs: functional.layers[1].output });
const fx = tidy(() => features.apply(ones([2, 8])));
console.log(fx.shape); // [ 2, 32 ]
// --- end extract

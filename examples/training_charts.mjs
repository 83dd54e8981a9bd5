// Learning curves and a confusion matrix with kerasm/vis: trains the Fashion-MNIST MLP for a
// few epochs while vis.fitCallbacks keeps training.html current (open it in a browser: it
// reloads itself until training ends), then writes the confusion matrix of the test set.
// Usage: node examples/training_charts.mjs [--epochs N] [--batch N]

import { Sequential, layers, input, optimizers } from '../dist/index.js';
import * as vis from '../dist/vis.js';
import { arg, loadFashionMnist } from './common.mjs';

const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

const data = await loadFashionMnist([784]);
const model = new Sequential([
  input({ shape: [784] }),
  layers.dense({ units: 128, activation: 'relu' }),
  layers.dense({ units: 10, activation: 'softmax' }),
]);
model.compile({ optimizer: new optimizers.Adam({ learningRate: 1e-3 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
const history = await model.fit(data.xTrain, data.yTrain, {
  epochs: arg('epochs', 3), batchSize: arg('batch', 64), validationSplit: 0.1, verbose: 1,
  callbacks: [vis.fitCallbacks('training.html', { metrics: ['loss', 'val_loss', 'accuracy', 'val_accuracy'] })],
});
vis.history(history, 'history.svg');
const probs = await model.predict(data.xTest, { batchSize: 256 });
const { perClass } = vis.confusionMatrix(data.yTest, probs, { classNames: CLASSES, target: 'confusion.html' });
console.log('Per-class test accuracy:', perClass.map((c, i) => `${CLASSES[i]} ${(c.accuracy * 100).toFixed(1)}%`).join(', '));
console.log('Wrote training.html, history.svg and confusion.html');

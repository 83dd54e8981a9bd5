// Tabular regression from CSV files: scikit-learn's diabetes data (raw features, exported by
// examples/data/make_diabetes.py), read with data.csv, standardised by a Normalization layer
// adapted on the training set, and fitted by a small MLP. Prints the test MAE next to Keras 3's
// (same model, split and hyper-parameters; examples/data/diabetes_keras_reference.json).
// Usage: node examples/tabular_regression.mjs [--epochs N] [--seed S]

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Sequential, layers, input, optimizers, data, ready, setSeed } from '../dist/index.js';
import { arg } from './common.mjs';

const file = (name) => fileURLToPath(new URL(`./data/${name}`, import.meta.url));
const ref = JSON.parse(readFileSync(file('diabetes_keras_reference.json'), 'utf8'));
const epochs = arg('epochs', ref.epochs);
const seed = arg('seed', 0);

await ready();
setSeed(seed);
const columns = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'];
const csv = (name) => data.csv(file(name), { columns, labelColumn: 'target' });
const train = csv('diabetes_train.csv').cache();
const test = csv('diabetes_test.csv').batch(256);

const norm = layers.normalization({ axis: -1 });
await norm.adaptAsync(train.batch(256));

const model = new Sequential([
  input({ shape: [columns.length] }),
  norm,
  layers.dense({ units: 64, activation: 'relu' }),
  layers.dense({ units: 64, activation: 'relu' }),
  layers.dense({ units: 1 }),
]);
model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'mse', metrics: ['mae'] });
const pipeline = train.shuffle(512, { seed }).batch(ref.batch_size).prefetch(2);
const t0 = performance.now();
await model.fit(pipeline, { epochs, verbose: 0 });
const seconds = (performance.now() - t0) / 1000;
const { loss, mae } = await model.evaluate(test, { returnDict: true });

console.log(`Diabetes regression (${ref.train_rows} training rows, ${ref.test_rows} test rows, ${epochs} epochs in ${seconds.toFixed(1)} s)`);
console.log(`kerasm   test MAE ${mae.toFixed(2)}  (MSE ${loss.toFixed(0)}, seed ${seed})`);
console.log(`Keras 3  test MAE ${ref.test_mae_mean.toFixed(2)} ± ${ref.test_mae_std.toFixed(2)} over seeds ${ref.seeds.join(', ')} (${ref.backend})`);
console.log(`Predicting the training mean: MAE ${ref.baseline_mae_predict_train_mean.toFixed(2)}`);
train.dispose();

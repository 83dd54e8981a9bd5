// Guide: docs/data-pipelines.md. data.Dataset pipelines (from tensors, generators and CSV files),
// images from a folder tree, and augmentation inside the model and in the pipeline (MixUp).
// Usage: node examples/guides/data_pipelines.mjs

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { Sequential, input, layers, optimizers, setSeed } from 'kerasm';
import { classification, uniform } from './toy_data.mjs';

setSeed(1);
const dir = mkdtempSync(join(tmpdir(), 'kerasm-data-'));
const mlp = (features) => {
  const model = new Sequential([
    input({ shape: [features] }),
    layers.dense({ units: 32, activation: 'relu' }),
    layers.dense({ units: 3, activation: 'softmax' }),
  ]);
  model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return model;
};

// --- slices
import { data } from 'kerasm';

const { x, y } = classification({ n: 600, features: 8, classes: 3 });
const all = data.fromTensorSlices([x, y]);                 // 600 elements [features, label]
const train = all.take(500).shuffle(500, { seed: 1 }).batch(32).prefetch(2);
const validation = all.skip(500).batch(100);
console.log(train.cardinality, validation.cardinality);     // 16 1 (batches)

const model = mlp(8);
await model.fit(train, { epochs: 10, validationData: validation, verbose: 0 });
const [, accuracy] = await model.evaluate(validation, { verbose: 0 });
console.log(`from tensors: validation accuracy ${accuracy.toFixed(3)}`);
// --- end slices

// --- map
import { mulScalar, tensor } from 'kerasm';

// map runs a function on each element (inside tidy: what it does not return is freed);
// filter keeps the elements for which it returns true; cache keeps them after the first pass.
const scaled = all
  .filter(([, label]) => label.dataSync()[0] !== 2)       // keep classes 0 and 1
  .map(([features, label]) => [mulScalar(features, 0.5), label])
  .cache();
const firstBatch = await scaled.batch(4).take(1).toArray();
console.log(firstBatch[0][0].shape, firstBatch[0][1].arraySync()); // [ 4, 8 ] and four labels in {0, 1}

// A generator can produce the data on the fly (here endless noisy copies of the data set's points).
const rnd = uniform(7);
const xs = x.dataSync(), ys = y.dataSync();
const noisy = data.fromGenerator(function* () {
  for (;;) {
    const i = Math.floor((rnd() + 1) * 300);
    const features = Array.from(xs.subarray(i * 8, i * 8 + 8), (v) => v + 0.05 * rnd());
    yield [tensor(features), tensor([ys[i]], [], 'int32')];
  }
});
await mlp(8).fit(noisy.batch(32), { epochs: 2, stepsPerEpoch: 10, verbose: 0 }); // endless: say how many steps
// --- end map

// --- csv
const rows = ['a,b,c,d,label'];
for (let i = 0; i < 300; i++) {
  const v = Array.from(xs.subarray(i * 8, i * 8 + 4), (t) => t.toFixed(4));
  rows.push(`${v.join(',')},${ys[i]}`);
}
writeFileSync(join(dir, 'points.csv'), rows.join('\n'));

const points = data.csv(join(dir, 'points.csv'), { labelColumn: 'label' }); // [features, label] rows
const normalizer = layers.normalization();
await normalizer.adaptAsync(points.batch(100));                  // mean and variance of each column
const fromCsv = new Sequential([input({ shape: [4] }), normalizer, layers.dense({ units: 16, activation: 'relu' }), layers.dense({ units: 3, activation: 'softmax' })]);
fromCsv.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
await fromCsv.fit(points.shuffle(300).batch(16), { epochs: 5, verbose: 0 });
const [, csvAccuracy] = await fromCsv.evaluate(points.batch(100), { verbose: 0 });
console.log(`from a CSV file: accuracy ${csvAccuracy.toFixed(3)}`);
// --- end csv

// Images for the next part: 16×16 PNGs of horizontal or vertical stripes, in one folder per class.
for (const [cls, vertical] of [['horizontal', false], ['vertical', true]]) {
  mkdirSync(join(dir, 'images', cls), { recursive: true });
  for (let n = 0; n < 40; n++) {
    const png = new PNG({ width: 16, height: 16 });
    const phase = n % 4, period = 3 + (n % 3);
    for (let r = 0; r < 16; r++) for (let c = 0; c < 16; c++) {
      const on = ((vertical ? c : r) + phase) % period === 0;
      const v = on ? 230 : 20 + ((r * 7 + c * 13 + n) % 40);
      png.data.set([v, v, v, 255], (r * 16 + c) * 4);
    }
    writeFileSync(join(dir, 'images', cls, `${n}.png`), PNG.sync.write(png));
  }
}

// --- images
import { utils } from 'kerasm';

const [trainImages, valImages] = await utils.imageDatasetFromDirectory(join(dir, 'images'), {
  imageSize: [16, 16], colorMode: 'grayscale', batchSize: 16,
  validationSplit: 0.25, subset: 'both', seed: 1,
});
console.log(trainImages.classNames);  // [ 'horizontal', 'vertical' ] (the folder names)

const cnn = new Sequential([
  input({ shape: [16, 16, 1] }),
  layers.rescaling({ scale: 1 / 255 }),
  // Augmentation layers change the images while training only; evaluate and predict see them as they are.
  layers.randomFlip({ mode: 'horizontal_and_vertical' }),
  layers.randomTranslation({ heightFactor: 0.1, widthFactor: 0.1 }),
  layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }),
  layers.globalMaxPooling2d(),
  layers.dense({ units: 2, activation: 'softmax' }),
]);
cnn.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
await cnn.fit(trainImages, { epochs: 8, validationData: valImages, verbose: 0 });
const [, imageAccuracy] = await cnn.evaluate(valImages, { verbose: 0 });
console.log(`images from folders: validation accuracy ${imageAccuracy.toFixed(3)}`);
// --- end images

// --- mixup
// Augmentations that mix samples work on whole batches of images and labels: map them over the batches.
const mixUp = layers.mixUp({ alpha: 0.2 });
const mixed = trainImages.map(([images, labels]) => {
  const out = mixUp.mixBatch({ images, labels: utils.toCategorical(labels, 2) });
  return [out.images, out.labels];                                // soft labels: use categorical_crossentropy
});
const [mixedBatch] = await mixed.take(1).toArray();
console.log(mixedBatch[0].shape, mixedBatch[1].shape);               // [ 16, 16, 16, 1 ] [ 16, 2 ]
// --- end mixup
rmSync(dir, { recursive: true, force: true });

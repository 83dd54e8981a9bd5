// What both main-job examples share: command-line numbers and Fashion-MNIST scaled to [0, 1].

import { datasets, backendInfo, ready, tidy, div, reshape, scalar } from '../dist/index.js';

/** `--name N` from the command line, or `dflt`. */
export function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

/** Loads the core, prints the build in use, and returns the data reshaped to `[n, ...sampleShape]`. */
export async function loadFashionMnist(sampleShape) {
  await ready();
  const info = backendInfo();
  console.log(`kerasm on Node ${process.versions.node}: ${info.variant} build, ${info.threadCount} thread(s)`);
  const { train, test } = await datasets.fashionMnist.load();
  const prep = (images) => tidy(() => reshape(div(images, scalar(255)), [images.shape[0], ...sampleShape]));
  const xTrain = prep(train.images), xTest = prep(test.images);
  train.images.dispose();
  test.images.dispose();
  return { xTrain, yTrain: train.labels, xTest, yTest: test.labels };
}

/** Trains, evaluates and prints test accuracy and training speed. */
export async function trainAndReport(model, data, { epochs, batchSize }) {
  const t0 = performance.now();
  await model.fit(data.xTrain, data.yTrain, { epochs, batchSize, verbose: 1 });
  const seconds = (performance.now() - t0) / 1000;
  const [testLoss, testAcc] = await model.evaluate(data.xTest, data.yTest, { batchSize: 256 });
  const n = data.xTrain.shape[0];
  console.log(`\nTest accuracy: ${(testAcc * 100).toFixed(2)}%  (test loss ${testLoss.toFixed(4)})`);
  console.log(`Training speed: ${Math.round((epochs * n) / seconds).toLocaleString('en-US')} samples/s ` +
    `(${epochs} epochs of ${n.toLocaleString('en-US')} samples in ${seconds.toFixed(1)} s, batch ${batchSize})`);
}

// Built-in data sets.
import { makeLoader } from './mnist_like.js';

export const fashionMnist = makeLoader({
  name: 'fashion_mnist', envVar: 'KERASM_FASHION_MNIST', defaultPath: '/usr/share/datasets/fashion-mnist',
  defaultUrl: 'https://storage.googleapis.com/tensorflow/tf-keras-datasets',
});

export const mnist = makeLoader({
  name: 'mnist', envVar: 'KERASM_MNIST', defaultPath: '/usr/share/datasets/mnist',
  defaultUrl: 'https://storage.googleapis.com/tensorflow/tf-keras-datasets',
});

export { parseIdx, maybeGunzip } from './idx.js';
export { fortunes, parseFortunes, FORTUNES_TOPICS, type FortunesOptions, type FortunesData, type FortunesSplit } from './fortunes.js';

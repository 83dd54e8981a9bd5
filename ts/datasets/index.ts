// Built-in data sets.
import { makeLoader } from './mnist_like.js';

/**
 * Fashion-MNIST (Keras `keras.datasets.fashion_mnist`): `await datasets.fashionMnist.load()` gives 60 000 train and 10 000 test
 * 28×28 grayscale images (float32 0..255) with int32 labels 0–9. Files from `path`, $KERASM_FASHION_MNIST or /usr/share/datasets/fashion-mnist
 * (Node), or downloaded with `{ download: true }`; a missing file throws a `ValueError` saying how to get it.
 */
export const fashionMnist = makeLoader({
  name: 'fashion_mnist', envVar: 'KERASM_FASHION_MNIST', defaultPath: '/usr/share/datasets/fashion-mnist',
  defaultUrl: 'https://storage.googleapis.com/tensorflow/tf-keras-datasets',
});

/**
 * MNIST handwritten digits (Keras `keras.datasets.mnist`): `await datasets.mnist.load()` gives 60 000 train and 10 000 test
 * 28×28 grayscale images (float32 0..255) with int32 labels 0–9. Files from `path`, $KERASM_MNIST or /usr/share/datasets/mnist
 * (Node), or downloaded with `{ download: true }`; a missing file throws a `ValueError` saying how to get it.
 */
export const mnist = makeLoader({
  name: 'mnist', envVar: 'KERASM_MNIST', defaultPath: '/usr/share/datasets/mnist',
  defaultUrl: 'https://storage.googleapis.com/tensorflow/tf-keras-datasets',
});

export { parseIdx, maybeGunzip } from './idx.js';
export { fortunes, parseFortunes, FORTUNES_TOPICS, type FortunesOptions, type FortunesData, type FortunesSplit } from './fortunes.js';

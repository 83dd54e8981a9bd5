// A tiny study for the compare tests: three Gaussian blobs in 2-D (separable, so a run
// that learns reaches high accuracy in a few epochs) and a 2-16-3 MLP.

import { Sequential } from '../../ts/models/sequential.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import { tensor } from '../../ts/tensor/creation.js';
import type { DataSet } from '../../ts/compare/types.js';

/** Deterministic blobs: n points per split, centres at 120° on a circle of radius 2. */
export function blobs(nTrain = 240, nVal = 90, nTest = 90): DataSet {
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const normal = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const split = (n: number) => {
    const x = new Float32Array(n * 2), y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % 3, a = (2 * Math.PI * c) / 3;
      x[2 * i] = 2 * Math.cos(a) + 0.5 * normal();
      x[2 * i + 1] = 2 * Math.sin(a) + 0.5 * normal();
      y[i] = c;
    }
    return [tensor(x, [n, 2]), tensor(y, [n], 'int32')] as const;
  };
  const [xTrain, yTrain] = split(nTrain), [xVal, yVal] = split(nVal), [xTest, yTest] = split(nTest);
  return { xTrain, yTrain, xVal, yVal, xTest, yTest };
}

export function buildMlp() {
  return new Sequential([input({ shape: [2] }), layers.dense({ units: 16, activation: 'relu' }), layers.dense({ units: 3, activation: 'softmax' })]);
}

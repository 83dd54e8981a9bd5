// One Keras layer fixture case (tests/golden/layers.json and friends, from the generators):
// forward values with the fixture's weights, the gradient of Σ output·w with respect to the
// inputs and every weight, moving statistics after a training call, optionally the config.

import { expect } from 'vitest';
import { deserializeLayer } from '../../ts/layers/index.js';
import { grads } from '../../ts/autograd/gradients.js';
import { mul } from '../../ts/ops/binary.js';
import { sum } from '../../ts/ops/reduce.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { expectAllClose, goldenTensor, num, type GoldenArray } from './golden.js';

export interface LayerCase {
  class_name: string;
  case: string;
  config: Record<string, unknown>;
  call_kwargs: Record<string, unknown>;
  inputs: GoldenArray[];
  weights: (GoldenArray & { name: string })[];
  output: GoldenArray;
  w: GoldenArray;
  grad_inputs: (GoldenArray | null)[];
  grad_weights: GoldenArray[];
  updated_non_trainable?: GoldenArray[];
}

export function checkLayerCase(c: LayerCase, opts: { config?: boolean } = {}): void {
  const layer = deserializeLayer({ class_name: c.class_name, config: c.config });
  const inputs = c.inputs.map(goldenTensor);
  const arg = () => (inputs.length === 1 ? inputs[0]! : inputs);
  const training = c.call_kwargs.training === true;
  layer.apply(arg() as Tensor, { training }); // builds
  if (c.weights.length) layer.setWeights(c.weights.map((w) => Float32Array.from(w.values.map(num))));
  const y = layer.apply(arg() as Tensor, { training }) as Tensor;
  expect(y.shape).toEqual(c.output.shape);
  expectAllClose(y.dataSync(), c.output.values.map(num), `${c.case} output`, 2e-5, 2e-6);

  if (c.updated_non_trainable) {
    // The training call above updated the moving statistics exactly once.
    layer.nonTrainableWeights.forEach((v, j) => {
      expectAllClose(v.dataSync(), c.updated_non_trainable![j]!.values.map(num), `${c.case} ${v.name}`, 1e-5, 1e-6);
    });
  }
  const w = goldenTensor(c.w);
  const floatInputs = inputs.filter((t) => t.dtype === 'float32');
  const sources = [...floatInputs, ...layer.weights];
  const g = grads((...xs: Tensor[]) => {
    void xs;
    return sum(mul(layer.apply(arg() as Tensor, { training }) as Tensor, w));
  })(sources);
  let k = 0;
  c.grad_inputs.forEach((gi, i) => {
    if (gi === null || inputs[i]!.dtype !== 'float32') return;
    expectAllClose(g[k++]!.dataSync(), gi.values.map(num), `${c.case} d/d input ${i}`, 1e-4, 1e-5);
  });
  c.grad_weights.forEach((gw, j) => {
    expectAllClose(g[floatInputs.length + j]!.dataSync(), gw.values.map(num), `${c.case} d/d ${c.weights[j]?.name}`, 1e-4, 1e-5);
  });
  [y, w, ...inputs, ...g].forEach((t) => t.dispose());
  if (opts.config) expect(layer.getConfig()).toEqual(c.config);
  layer.dispose();
}

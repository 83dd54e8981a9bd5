// One step of every optimizer on hand-checkable numbers (Keras's own `test_single_step`
// cases, keras/src/optimizers/*_test.py): lr 0.5, g = [1, 6, 7, 2], w = [1, 2, 3, 4].
// These need no fixtures; each expectation comes with its arithmetic.

import { describe, expect, it } from 'vitest';
import { Variable } from '../../ts/autograd/variable.js';
import { tensor } from '../../ts/tensor/creation.js';
import * as optimizers from '../../ts/optimizers/index.js';
import type { Optimizer } from '../../ts/optimizers/optimizer.js';
import { expectAllClose } from '../helpers/golden.js';

function step(o: Optimizer, w = [1, 2, 3, 4], g = [1, 6, 7, 2]): Float32Array {
  const v = new Variable(tensor(w));
  const grad = tensor(g);
  o.applyGradients([[grad, v]]);
  const out = v.dataSync() as Float32Array;
  grad.dispose();
  v.dispose();
  o.dispose();
  return out;
}

describe('single step (Keras test_single_step)', () => {
  it('SGD: w − lr·g', () => {
    expectAllClose(step(new optimizers.SGD({ learningRate: 0.5 })), [0.5, -1, -0.5, 3], 'SGD', 0, 0);
  });

  it('SGD momentum 0.9: m = −lr·g, w += m (first step equals plain SGD)', () => {
    expectAllClose(step(new optimizers.SGD({ learningRate: 0.5, momentum: 0.9 })), [0.5, -1, -0.5, 3], 'SGD momentum', 0, 0);
  });

  it('SGD nesterov 0.9: m = −lr·g, w += 0.9·m − lr·g = w − 1.9·lr·g', () => {
    const want = [1 - 0.95, 2 - 5.7, 3 - 6.65, 4 - 1.9];
    expectAllClose(step(new optimizers.SGD({ learningRate: 0.5, momentum: 0.9, nesterov: true })), want, 'SGD nesterov', 1e-6, 1e-6);
  });

  it('RMSprop: v = 0.1·g², w −= 0.5·g/√(0.1·g² + ε) ≈ 0.5/√0.1 = 1.5811', () => {
    expectAllClose(step(new optimizers.RMSprop({ learningRate: 0.5 })), [-0.5811, 0.4189, 1.4189, 2.4189], 'RMSprop', 1e-4, 1e-4);
  });

  it('Adagrad: acc = 0.1 + g², w −= 0.5·g/√acc (g=1: 0.5/√1.1 = 0.4767)', () => {
    expectAllClose(step(new optimizers.Adagrad({ learningRate: 0.5 })), [0.5233, 1.5007, 2.5005, 3.5061], 'Adagrad', 1e-4, 1e-4);
  });

  it('Adadelta: Δ = −√ε/√(0.05·g² + ε)·g ≈ −√(1e-7/0.05), w += 0.5·Δ', () => {
    expectAllClose(step(new optimizers.Adadelta({ learningRate: 0.5 })), [0.9993, 1.9993, 2.9993, 3.9993], 'Adadelta', 1e-4, 1e-4);
  });

  it('Adam: m = 0.1·g, v = 0.001·g², α = 0.5·√0.001/0.1, so the step is ≈ 0.5·sign(g)', () => {
    expectAllClose(step(new optimizers.Adam({ learningRate: 0.5 })), [0.5, 1.5, 2.5, 3.5], 'Adam', 1e-4, 1e-4);
  });

  it('AdamW: w·(1 − 0.004·0.5) first, then the Adam step of 0.5', () => {
    expectAllClose(step(new optimizers.AdamW({ learningRate: 0.5 })), [0.498, 1.496, 2.494, 3.492], 'AdamW', 1e-4, 1e-4);
  });

  it('Adamax: m = 0.1·g, u = |g|, w −= 0.5·m/(0.1·(u + ε)) ≈ 0.5·sign(g)', () => {
    expectAllClose(step(new optimizers.Adamax({ learningRate: 0.5 })), [0.5, 1.5, 2.5, 3.5], 'Adamax', 1e-4, 1e-4);
  });

  it('Nadam: m̂ = μ₂·m/(1 − μ₁μ₂) + (1 − μ₁)·g/(1 − μ₁), v̂ = g², step ≈ 0.5314·sign(g)', () => {
    // μ₁ = 0.9·(1 − 0.5·0.96) = 0.468, μ₂ = 0.9·(1 − 0.5·0.9216) = 0.48528.
    const mu1 = 0.9 * (1 - 0.5 * 0.96);
    const mu2 = 0.9 * (1 - 0.5 * 0.96 ** 2);
    const mhatOverG = (mu2 * 0.1) / (1 - mu1 * mu2) + (1 - mu1) / (1 - mu1);
    const s = 0.5 * mhatOverG;
    expectAllClose(step(new optimizers.Nadam({ learningRate: 0.5 })), [1 - s, 2 - s, 3 - s, 4 - s], 'Nadam (formula)', 1e-5, 1e-5);
    expectAllClose(step(new optimizers.Nadam({ learningRate: 0.5 })), [0.4686, 1.4686, 2.4686, 3.4686], 'Nadam (Keras)', 1e-4, 1e-4);
  });

  it('Lion: w −= 0.5·sign(0.1·g)', () => {
    expectAllClose(step(new optimizers.Lion({ learningRate: 0.5 })), [0.5, 1.5, 2.5, 3.5], 'Lion', 0, 0);
  });

  it('Lion: sign(0) = 0 leaves the weight alone', () => {
    expectAllClose(step(new optimizers.Lion({ learningRate: 0.5 }), [1, 2], [0, -3]), [1, 2.5], 'Lion zero', 0, 0);
  });

  it('every registered optimizer takes one step', () => {
    for (const name of optimizers.names) {
      const out = step(optimizers.get(name));
      expect(out.every((x, i) => Number.isFinite(x) && x !== [1, 2, 3, 4][i]), name).toBe(true);
    }
  });
});

// End to end on the autograd engine: fit y = 2x − 1 with each optimizer in a tidy loop,
// and check the loss falls and no tensor or buffer leaks across steps.

import { describe, expect, it } from 'vitest';
import { Variable } from '../../ts/autograd/variable.js';
import { memory, tidy, variableGrads } from '../../ts/autograd/gradients.js';
import { tensor } from '../../ts/tensor/creation.js';
import { add, mul, sub } from '../../ts/ops/binary.js';
import { mean } from '../../ts/ops/reduce.js';
import { square } from '../../ts/ops/unary.js';
import * as optimizers from '../../ts/optimizers/index.js';

const LEARNING_RATES: Record<string, number> = {
  sgd: 0.1, rmsprop: 0.05, adagrad: 0.5, adadelta: 50, adam: 0.1, adamw: 0.1, adamax: 0.1, nadam: 0.1, lion: 0.05,
};

describe('training a linear model', () => {
  for (const name of optimizers.names) {
    it(`${name} reduces the loss without leaking`, () => {
      const x = tensor([-1, -0.5, 0, 0.5, 1, 1.5]);
      const y = tensor([-3, -2, -1, 0, 1, 2]);
      const w = new Variable(tensor([0]), { name: 'w' });
      const b = new Variable(tensor([0]), { name: 'b' });
      const opt = optimizers.get({ class_name: name, config: { learning_rate: LEARNING_RATES[name] } });
      const step = () => tidy(() => {
        const { value, grads } = variableGrads(() => mean(square(sub(add(mul(x, w), b), y))), [w, b]);
        opt.applyGradients([[grads.get(w)!, w], [grads.get(b)!, b]]);
        return value.dataSync()[0]!;
      });
      const first = step();
      step();
      const warm = memory();
      let last = first;
      for (let i = 0; i < 150; i++) last = step();
      expect(memory().numBuffers, name).toBe(warm.numBuffers);
      expect(memory().numTensors, name).toBe(warm.numTensors);
      expect(last, `${name}: loss ${first} → ${last}`).toBeLessThan(first * 0.05);
      [x, y, w, b].forEach((t) => t.dispose());
      opt.dispose();
    });
  }
});

// stopGradient (ts/ops/stop_gradient.ts): same values, no gradient, under grads and a tape.

import { describe, expect, it } from 'vitest';
import { GradientTape, grad, tidy } from '../../ts/autograd/gradients.js';
import { variable } from '../../ts/autograd/variable.js';
import * as k from '../../ts/ops/index.js';
import { tensor } from '../../ts/tensor/creation.js';
import { assertExact } from '../helpers/assert_close.js';

describe('stopGradient', () => {
  it('passes values and blocks the gradient: d/dx [sg(x)·x] = x, d/dx sg(x) = 0', () => {
    tidy(() => {
      const x = tensor([-1.5, 2, 4]);
      assertExact(k.stopGradient(x), [3], [-1.5, 2, 4], 'values');
      assertExact(grad((t) => k.mul(k.stopGradient(t), t))(x), [3], [-1.5, 2, 4], 'sg(x)·x');
      assertExact(grad((t) => k.stopGradient(t))(x), [3], [0, 0, 0], 'sg(x)');
      assertExact(grad((t) => k.add(k.square(k.stopGradient(k.mulScalar(t, 3))), t))(x), [3], [1, 1, 1], 'a chain behind sg');
    });
  });

  it('blocks a watched variable under GradientTape', () => {
    tidy(() => {
      const v = variable(tensor([2, 3]));
      const tape = new GradientTape();
      const y = tape.run(() => k.sum(k.add(k.mul(k.stopGradient(v), v), k.stopGradient(k.square(v)))));
      expect(y.dataSync()[0]).toBe(4 + 9 + 4 + 9);
      assertExact(tape.gradient(y, [v])[0]!, [2], [2, 3], 'd/dv');
      v.dispose();
    });
  });
});

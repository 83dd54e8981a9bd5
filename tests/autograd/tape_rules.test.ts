// Issue 9 item 4 and issue 10 item 6: a non-persistent tape differentiates once (TF
// raises on a second call), a persistent one several times; nested gradients throw instead
// of returning a silent 0; tidy refuses async functions.

import { describe, expect, it } from 'vitest';
import { GradientTape, grad, memory, noGrad, tidy } from '../../ts/autograd/gradients.js';
import { variable } from '../../ts/autograd/variable.js';
import * as k from '../../ts/ops/index.js';
import { tensor } from '../../ts/tensor/creation.js';

describe('GradientTape persistence', () => {
  it('a second gradient() on a non-persistent tape throws', () => {
    const v = variable(tensor([1, 2]));
    tidy(() => {
      const tape = new GradientTape();
      const loss = tape.run(() => k.sum(k.square(v)));
      expect(Array.from(tape.gradient(loss, [v])[0]!.dataSync())).toEqual([2, 4]);
      expect(() => tape.gradient(loss, [v])).toThrow(/non-persistent GradientTape can only be used to compute one set of gradients/);
    });
    v.dispose();
  });

  it('a persistent tape gives the same gradients several times, for several targets', () => {
    const v = variable(tensor([1, 2]));
    const before = memory().numTensors;
    tidy(() => {
      const tape = new GradientTape({ persistent: true });
      const [a, b] = tape.run(() => [k.sum(k.square(v)), k.sum(k.mulScalar(v, 3))]);
      expect(Array.from(tape.gradient(a!, [v])[0]!.dataSync())).toEqual([2, 4]);
      expect(Array.from(tape.gradient(b!, [v])[0]!.dataSync())).toEqual([3, 3]);
      expect(Array.from(tape.gradient(a!, [v])[0]!.dataSync())).toEqual([2, 4]);
      tape.dispose();
    });
    expect(memory().numTensors).toBe(before);
    v.dispose();
  });

  it('rejects unknown options', () => {
    expect(() => new GradientTape({ persistant: true } as never)).toThrow(/did you mean 'persistent'/);
  });
});

describe('higher-order gradients', () => {
  it('grad(grad(f)) throws instead of returning 0', () => {
    const x = tensor([3]);
    const d2 = grad((t) => k.sum(grad((u) => k.sum(k.mul(k.mul(u, u), u)))(t)));
    expect(() => d2(x)).toThrow(/higher-order gradients are not supported/);
    x.dispose();
  });

  it('a gradient inside a GradientTape that watches the same variable throws', () => {
    const v = variable(tensor([1, 2]));
    const outer = new GradientTape();
    expect(() => outer.run(() => k.sum(grad((u) => k.sum(k.square(u)))(v)))).toThrow(/higher-order/);
    outer.dispose();
    v.dispose();
  });

  it('an unrelated gradient inside a tape, or one under noGrad, still works', () => {
    const v = variable(tensor([1, 2]));
    tidy(() => {
      const outer = new GradientTape();
      const loss = outer.run(() => {
        const g = noGrad(() => grad((u) => k.sum(k.square(u)))(tensor([5])));
        const other = grad((u) => k.sum(k.square(u)))(tensor([4]));
        expect([g.dataSync()[0], other.dataSync()[0]]).toEqual([10, 8]);
        return k.sum(k.square(v));
      });
      expect(Array.from(outer.gradient(loss, [v])[0]!.dataSync())).toEqual([2, 4]);
    });
    v.dispose();
  });
});

describe('tidy', () => {
  it('refuses an async function with a clear error', () => {
    expect(() => tidy((async () => tensor([1])) as never)).toThrow(/tidy: the function must be synchronous/);
    expect(() => tidy((() => Promise.resolve(1)) as never)).toThrow(/must be synchronous/);
  });
});

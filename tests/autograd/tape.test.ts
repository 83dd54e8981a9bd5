// GradientTape and Variable (ts/autograd/gradients.ts, variable.ts): trainable variables are
// watched automatically, other tensors through watch(); a tape records once; Variable.assign
// checks shape and dtype and writes in place.

import { describe, expect, it } from 'vitest';
import { GradientTape, memory, tidy } from '../../ts/autograd/gradients.js';
import { Variable, variable } from '../../ts/autograd/variable.js';
import * as k from '../../ts/ops/index.js';
import { ones, tensor } from '../../ts/tensor/creation.js';
import { assertExact } from '../helpers/assert_close.js';

describe('GradientTape', () => {
  it('watches trainable variables automatically; other tensors only through watch()', () => {
    const v = variable(tensor([1, 2, 3]));
    tidy(() => {
      const x = tensor([2, 2, 2]), y = tensor([5, 5, 5]);
      const tape = new GradientTape();
      tape.watch(x);
      const loss = tape.run(() => k.sum(k.mul(k.mul(v, x), y)));
      const [gv, gx, gy] = tape.gradient(loss, [v, x, y]);
      assertExact(gv!, [3], [10, 10, 10], 'variable (auto-watched)');
      assertExact(gx!, [3], [5, 10, 15], 'watched tensor');
      assertExact(gy!, [3], [0, 0, 0], 'unwatched tensor: no gradient flows');
    });
    v.dispose();
  });

  it('does not watch non-trainable variables', () => {
    const frozen = variable(tensor([1, 2]), false), w = variable(tensor([3, 4]));
    tidy(() => {
      const tape = new GradientTape();
      const loss = tape.run(() => k.sum(k.mul(frozen, w)));
      const [gf, gw] = tape.gradient(loss, [frozen, w]);
      assertExact(gf!, [2], [0, 0], 'frozen');
      assertExact(gw!, [2], [1, 2], 'trainable');
    });
    frozen.dispose();
    w.dispose();
  });

  it('accepts a seed dy, and an intermediate tensor is a valid target', () => {
    const v = variable(tensor([1, 2]));
    tidy(() => {
      const tape = new GradientTape();
      const y = tape.run(() => k.square(v));
      assertExact(tape.gradient(y, [v], tensor([1, -1]))[0]!, [2], [2, -4], 'seeded');
    });
    v.dispose();
  });

  it('records once, differentiates once, and frees its recording', () => {
    const v = variable(tensor([1, 2]));
    tidy(() => k.add(ones([1]), 1));
    const before = memory();
    tidy(() => {
      const tape = new GradientTape();
      expect(() => tape.gradient(v, [v])).toThrow(/GradientTape\.gradient: nothing recorded; call tape\.run\(\(\) => loss\) first\./);
      const loss = tape.run(() => k.sum(k.exp(v)));
      expect(() => tape.run(() => v)).toThrow(/GradientTape\.run: a tape records once; create a new GradientTape\./);
      tape.gradient(loss, [v]);
      const t2 = new GradientTape();
      t2.run(() => k.sum(k.exp(k.square(v))));
      t2.dispose();
    });
    const after = memory();
    expect([after.numTensors, after.numBuffers, after.numBytes]).toEqual([before.numTensors, before.numBuffers, before.numBytes]);
    v.dispose();
  });

  it('records nothing outside run(): inference builds no tape', () => {
    const v = variable(tensor([1, 2]));
    tidy(() => {
      const y = k.sum(k.square(v)); // computed before the tape runs
      const tape = new GradientTape();
      const loss = tape.run(() => k.mulScalar(y, 2));
      assertExact(tape.gradient(loss, [v])[0]!, [2], [0, 0], 'no path through pre-tape ops');
    });
    v.dispose();
  });
});

describe('Variable', () => {
  it('copies its initial value, keeps a name and a trainable flag', () => {
    const init = tensor([1, 2]);
    const v = new Variable(init, { name: 'kernel' });
    init.dispose();
    expect(v.name).toBe('kernel');
    expect(v.trainable).toBe(true);
    expect(v.isTrainableVariable).toBe(true);
    expect(Array.from(v.dataSync())).toEqual([1, 2]);
    const u = variable(tensor([0]), false);
    expect(u.trainable).toBe(false);
    expect(u.name).toMatch(/^variable_\d+$/);
    v.dispose();
    u.dispose();
  });

  it('assign writes in place (same buffer) after checking shape and dtype', () => {
    const v = variable(tensor([[1, 2], [3, 4]]), true, 'w');
    const ptr = v.buf.ptr;
    tidy(() => v.assign(tensor([[5, 6], [7, 8]])));
    expect(v.buf.ptr).toBe(ptr);
    expect(v.arraySync()).toEqual([[5, 6], [7, 8]]);
    tidy(() => v.assign(k.mulScalar(v, 2)));
    expect(v.arraySync()).toEqual([[10, 12], [14, 16]]);
    tidy(() => {
      expect(() => v.assign(tensor([1, 2, 3, 4]))).toThrow("Variable 'w'.assign: expected shape=[2,2] dtype=float32. Received: shape=[4] dtype=float32");
      expect(() => v.assign(tensor([[1, 2], [3, 4]], undefined, 'int32'))).toThrow(/Received: shape=\[2,2\] dtype=int32/);
    });
    expect(v.arraySync()).toEqual([[10, 12], [14, 16]]);
    v.dispose();
  });

  it('a variable used twice in a step accumulates its gradient', () => {
    const v = variable(tensor([3]));
    tidy(() => {
      const tape = new GradientTape();
      const loss = tape.run(() => k.sum(k.add(k.mul(v, v), v)));
      assertExact(tape.gradient(loss, [v])[0]!, [1], [7], '2v + 1');
    });
    v.dispose();
  });
});

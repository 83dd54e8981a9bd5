// dropout (ts/ops/dropout.ts): seeded reproducibility, the keep rate, inverted scaling,
// gradient = mask/(1 − rate), rate 0, thread-count independence, and errors.

import { describe, expect, it } from 'vitest';
import { backendInfo, getThreadCount, setThreadCount } from '../../bindings/index.js';
import { grad, tidy } from '../../ts/autograd/gradients.js';
import * as k from '../../ts/ops/index.js';
import { ones, tensor } from '../../ts/tensor/creation.js';
import { setSeed } from '../../ts/tensor/random.js';
import { assertClose, assertExact } from '../helpers/assert_close.js';
import { gradcheck, rand, tensorOf } from '../helpers/gradcheck.js';
import { nd } from '../helpers/reference.js';

const N = 100_000;

describe('dropout', () => {
  it('is reproducible for a seed, differs across seeds, and follows setSeed when unseeded', () => {
    tidy(() => {
      const x = ones([1000]);
      const a = Array.from(k.dropout(x, 0.5, 42).dataSync());
      expect(Array.from(k.dropout(x, 0.5, 42).dataSync())).toEqual(a);
      expect(Array.from(k.dropout(x, 0.5, 43).dataSync())).not.toEqual(a);
      setSeed(7);
      const u1 = Array.from(k.dropout(x, 0.5).dataSync()), u2 = Array.from(k.dropout(x, 0.5).dataSync());
      expect(u2).not.toEqual(u1);
      setSeed(7);
      expect(Array.from(k.dropout(x, 0.5).dataSync())).toEqual(u1);
      expect(Array.from(k.dropout(x, 0.5).dataSync())).toEqual(u2);
    });
  });

  for (const rate of [0.1, 0.3, 0.75]) {
    it(`keeps a fraction 1 − ${rate} (within 5σ) and scales kept values by 1/(1 − rate)`, () => {
      tidy(() => {
        const y = k.dropout(ones([N]), rate, 1234).dataSync();
        let kept = 0;
        for (const v of y) {
          if (v !== 0) {
            kept++;
            if (Math.abs(v - 1 / (1 - rate)) > 1e-6 / (1 - rate)) throw new Error(`kept value ${v}, expected ${1 / (1 - rate)}`);
          }
        }
        const sigma = Math.sqrt(rate * (1 - rate) / N);
        expect(Math.abs(kept / N - (1 - rate))).toBeLessThan(5 * sigma);
      });
    });
  }

  it('the gradient is mask/(1 − rate), the same mask as the forward pass', () => {
    tidy(() => {
      const rate = 0.4;
      const x = tensorOf(rand([2000], { seed: 3, lo: 0.5, hi: 2 }));
      const y = k.dropout(x, rate, 99).dataSync();
      const g = grad((t) => k.dropout(t, rate, 99))(x).dataSync();
      assertClose(g, Array.from(y, (v) => (v !== 0 ? 1 / (1 - rate) : 0)), { rtol: 1e-6, atol: 0, label: 'dropout gradient' });
    });
  });

  it('gradcheck with a fixed seed against x·mask/(1 − rate)', () => {
    const rate = 0.25;
    const x = rand([6, 7], { seed: 5, lo: 0.5, hi: 2 });
    const mask = tidy(() => Array.from(k.dropout(tensorOf(x), rate, 11).dataSync(), (v) => (v !== 0 ? 1 : 0)));
    expect(mask.some((m) => m === 0) && mask.some((m) => m === 1)).toBe(true);
    gradcheck({ name: 'dropout', op: (t) => k.dropout(t, rate, 11), ref: (v) => nd(v.shape, (i) => (v.data[i]! * mask[i]!) / (1 - rate)), inputs: [x] });
  });

  it('rate 0 is the identity with gradient 1', () => {
    tidy(() => {
      const x = tensor([1, -2, 3]);
      assertExact(k.dropout(x, 0), [3], [1, -2, 3], 'rate 0');
      assertExact(grad((t) => k.dropout(t, 0))(x), [3], [1, 1, 1], "rate 0'");
    });
  });

  it('gives the same mask on 1 thread and on 2', () => {
    const before = getThreadCount();
    try {
      const run = () => tidy(() => Array.from(k.dropout(ones([300_000]), 0.5, 5).dataSync()));
      setThreadCount(1);
      const one = run();
      // The single-threaded (simd) builds cannot take 2 threads; there both runs use one.
      if (backendInfo().threads) setThreadCount(2);
      expect(run()).toEqual(one);
    } finally {
      setThreadCount(before);
    }
  });

  it('errors name the op and the value received', () => {
    tidy(() => {
      expect(() => k.dropout(ones([2]), 1)).toThrow(/dropout: rate must be in \[0, 1\)\. Received: rate=1/);
      expect(() => k.dropout(ones([2]), -0.1)).toThrow(/Received: rate=-0\.1/);
      expect(() => k.dropout(tensor([1], undefined, 'int32'), 0.5)).toThrow(/dropout: expected a float32 tensor\. Received: dtype=int32/);
      expect(() => k.dropout(ones([2]), 0.5, 1.5)).toThrow(/seed must be an integer\. Received: seed=1\.5/);
    });
  });
});

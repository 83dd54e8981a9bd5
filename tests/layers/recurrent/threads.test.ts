// The fused LSTM/GRU kernels split the batch into row blocks, one per thread, each running the
// whole sequence: outputs and every gradient must be bit-identical on 1 and 2 threads (a batch
// that is no multiple of the GEMM tile, masked, both directions, all outputs differentiated).

import { describe, expect, it } from 'vitest';
import { grads, tidy } from '../../../ts/autograd/gradients.js';
import { add, mul } from '../../../ts/ops/binary.js';
import { sum } from '../../../ts/ops/reduce.js';
import { rnnSequence } from '../../../ts/ops/rnn.js';
import { fromData } from '../../../ts/tensor/creation.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';
import { rng } from '../../helpers/gradcheck.js';
import { onOneAndTwoThreads } from '../../ops/conv/threads.js';

function rnd(shape: number[], seed: number, scale = 1): Tensor {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return fromData('test', Float32Array.from({ length: n }, () => (2 * r() - 1) * scale), shape, 'float32');
}

// Large enough that the recurrence is worth two threads: five row blocks of 8 rows, the last of 5.
const [B, T, F, U] = [37, 9, 5, 24];

describe('fused LSTM/GRU: 1 and 2 threads give identical results', () => {
  for (const kind of ['lstm', 'gru'] as const) {
    for (const goBackwards of [false, true]) {
      it(`${kind}, goBackwards=${goBackwards}, masked`, async () => {
        const g = kind === 'lstm' ? 4 : 3;
        const inputs = [
          rnd([B, T, F], 1), rnd([B, U], 2, 0.5), ...(kind === 'lstm' ? [rnd([B, U], 3, 0.5)] : []),
          rnd([F, g * U], 4, 0.6), rnd([U, g * U], 5, 0.5), rnd(kind === 'lstm' ? [g * U] : [2, g * U], 6, 0.3),
        ];
        const r = rng(7);
        const mask = fromData('mask', Float32Array.from({ length: B * T }, () => (r() < 0.25 ? 0 : 1)), [B, T], 'float32');
        const run = (ts: Tensor[]): Tensor[] => {
          const [x, h0, ...rest] = ts;
          const c0 = kind === 'lstm' ? rest.shift() : undefined;
          const o = rnnSequence({ kind, x: x!, h0: h0!, c0, kernel: rest[0]!, recurrentKernel: rest[1]!, bias: rest[2]!, mask, goBackwards, zeroOutput: goBackwards });
          return [o.sequence, o.h, ...(o.c ? [o.c] : [])];
        };
        const weights = tidy(() => run(inputs).map((o, i) => rnd([...o.shape], 10 + i)));
        const once = (): Float32Array[] => tidy(() => {
          const outs = run(inputs).map((o) => o.dataSync() as Float32Array);
          const loss = (...xs: Tensor[]) => run(xs).map((o, i) => sum(mul(o, weights[i]!))).reduce((a, b) => add(a, b));
          return [...outs, ...grads(loss)(inputs).map((t) => t.dataSync() as Float32Array)];
        });
        const [one, two] = await onOneAndTwoThreads(once);
        expect(one.length).toBe(two.length);
        one.forEach((a, i) => {
          const b = two[i]!;
          const bad = a.findIndex((v, j) => !Object.is(v, b[j]));
          expect(bad, `array ${i}: element ${bad} is ${b[bad]} on 2 threads, ${a[bad]} on 1`).toBe(-1);
          expect(a.some((v) => v !== 0)).toBe(true);
        });
      });
    }
  }
});

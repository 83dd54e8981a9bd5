// With two threads a Bidirectional LSTM/GRU runs both directions in one fused call each way
// (ts/layers/recurrent/fused.ts `fusedPair`, ts/ops/rnn.ts `rnnSequencePair`): outputs and every
// gradient must be bit-identical to the one-direction-at-a-time path (1 thread), and the pair
// op's gradients to two rnnSequence calls (whose gradients fused.test.ts checks numerically).

import { describe, expect, it } from 'vitest';
import * as L from '../../../ts/layers/index.js';
import { grads, tidy } from '../../../ts/autograd/gradients.js';
import { add, mul } from '../../../ts/ops/binary.js';
import { sum } from '../../../ts/ops/reduce.js';
import { rnnSequence, rnnSequencePair, type RnnSequenceArgs } from '../../../ts/ops/rnn.js';
import { fusedPairCalls } from '../../../ts/layers/recurrent/fused.js';
import { fromData } from '../../../ts/tensor/creation.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';
import { rng } from '../../helpers/gradcheck.js';
import { onOneAndTwoThreads } from '../../ops/conv/threads.js';

function rnd(shape: number[], seed: number, scale = 1): Tensor {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return fromData('test', Float32Array.from({ length: n }, () => (2 * r() - 1) * scale), shape, 'float32');
}

function expectSameBits(one: Float32Array[], two: Float32Array[]): void {
  expect(two.length).toBe(one.length);
  one.forEach((a, i) => {
    const b = two[i]!;
    const bad = a.findIndex((v, j) => !Object.is(v, b[j]));
    expect(bad, `array ${i}: element ${bad} is ${b[bad]} paired, ${a[bad]} alone`).toBe(-1);
    expect(a.some((v) => v !== 0), `array ${i} is all zeros`).toBe(true);
  });
}

// A batch that is no multiple of the GEMM tile, masked steps.
const [B, T, F, U] = [13, 6, 5, 7];
const x = rnd([B, T, F], 1);
const mask = fromData('mask', Float32Array.from({ length: B * T }, (_, i) => (i % 5 === 2 ? 0 : 1)), [B, T], 'float32');

interface Case { kind: 'LSTM' | 'GRU'; opts: Record<string, unknown>; call: Record<string, unknown>; training?: boolean }

/** Outputs, then gradients of a weighted sum of them for x and every weight, on a fresh layer with fixed weights. */
function runLayer(c: Case): () => Float32Array[] {
  return () => tidy(() => {
    const inner = c.kind === 'LSTM' ? L.lstm({ units: U, ...c.opts }) : L.gru({ units: U, ...c.opts });
    const bi = L.bidirectional({ layer: inner, mergeMode: 'concat' });
    const args = { ...c.call, training: c.training };
    bi.apply(x, args);
    bi.setWeights(bi.weights.map((w, i) => rnd(w.shape as number[], 20 + i, 0.5)));
    const run = (xv: Tensor) => {
      const y = bi.apply(xv, args);
      return Array.isArray(y) ? y : [y];
    };
    const outs = run(x);
    const ws = outs.map((o, i) => rnd([...o.shape], 40 + i));
    const g = grads((xv: Tensor) => run(xv).map((o, i) => sum(mul(o, ws[i]!))).reduce((a, b) => add(a, b)))([x, ...bi.weights]);
    return [...outs, ...g].map((t) => t.dataSync() as Float32Array);
  });
}

const cases: [string, Case][] = [];
for (const kind of ['LSTM', 'GRU'] as const) {
  cases.push([`${kind}: last output`, { kind, opts: {}, call: {} }]);
  cases.push([`${kind}: sequences, masked`, { kind, opts: { returnSequences: true }, call: { mask } }]);
  cases.push([`${kind}: states, initial states, masked`, { kind, opts: { returnState: true }, call: { mask, initialState: [rnd([B, U], 3), ...(kind === 'LSTM' ? [rnd([B, U], 4)] : []), rnd([B, U], 5), ...(kind === 'LSTM' ? [rnd([B, U], 6)] : [])] } }]);
  cases.push([`${kind}: input dropout in training (seeded)`, { kind, opts: { returnSequences: true, dropout: 0.3, seed: 7 }, call: {}, training: true }]);
}

describe('Bidirectional LSTM/GRU: both directions in one call on 2 threads', () => {
  it.each(cases)('%s: paired on 2 threads, bit-identical to 1 thread', async (_n, c) => {
    const counts: number[] = [];
    const [one, two] = await onOneAndTwoThreads(() => {
      const before = fusedPairCalls();
      const r = runLayer(c)();
      counts.push(fusedPairCalls() - before);
      return r;
    });
    expect(counts[0]).toBe(0);
    expect(counts[1]).toBeGreaterThan(0);
    expectSameBits(one, two);
  });
});

describe('rnnSequencePair', () => {
  for (const kind of ['lstm', 'gru'] as const) {
    const g = kind === 'lstm' ? 4 : 3;
    const dir = (seed: number): Tensor[] => [
      rnd([B, U], seed, 0.5), ...(kind === 'lstm' ? [rnd([B, U], seed + 1, 0.5)] : []), rnd([F, g * U], seed + 2, 0.6),
      rnd([U, g * U], seed + 3, 0.5), rnd(kind === 'lstm' ? [g * U] : [2, g * U], seed + 4, 0.3),
    ];
    const argsOf = (xv: Tensor, ts: Tensor[], goBackwards: boolean): RnnSequenceArgs => {
      const [h0, ...rest] = ts;
      const c0 = kind === 'lstm' ? rest.shift() : undefined;
      return { kind, x: xv, h0: h0!, c0, kernel: rest[0]!, recurrentKernel: rest[1]!, bias: rest[2]!, mask, goBackwards, zeroOutput: goBackwards };
    };
    const flat = (o: { sequence: Tensor; h: Tensor; c: Tensor | null }) => [o.sequence, o.h, ...(o.c ? [o.c] : [])];
    // `use`: which directions' outputs the loss reads (a direction nothing flows back to gets no gradient).
    for (const use of [[true, true], [true, false], [false, true]] as const) {
      it(`${kind}: outputs and gradients equal two rnnSequence calls (loss uses ${use.join('/')})`, async () => {
        const fw = dir(10), bw = dir(20);
        const n = fw.length;
        const both = (paired: boolean) => (xv: Tensor, ...ts: Tensor[]): Tensor[] => {
          const [a, b] = [argsOf(xv, ts.slice(0, n), false), argsOf(xv, ts.slice(n), true)];
          const [ra, rb] = paired ? rnnSequencePair(a, b) : [rnnSequence(a), rnnSequence(b)];
          return [...(use[0] ? flat(ra) : []), ...(use[1] ? flat(rb) : [])];
        };
        const weights = tidy(() => both(false)(x, ...fw, ...bw).map((o, i) => rnd([...o.shape], 50 + i)));
        const once = (paired: boolean) => tidy(() => {
          const f = both(paired);
          const outs = f(x, ...fw, ...bw).map((o) => o.dataSync() as Float32Array);
          const loss = (...ts: Tensor[]) => f(ts[0]!, ...ts.slice(1)).map((o, i) => sum(mul(o, weights[i]!))).reduce((p, q) => add(p, q));
          const gs = grads(loss)([x, ...fw, ...bw]).map((t) => t.dataSync() as Float32Array);
          // An unused direction's parameters get zeros either way; only the used ones are compared for content.
          const keepDir = (i: number) => i === 0 || (i <= n ? use[0] : use[1]);
          return [...outs, ...gs.filter((_, i) => keepDir(i))];
        });
        const [, alone] = await onOneAndTwoThreads(() => once(false));
        const [, paired] = await onOneAndTwoThreads(() => once(true));
        expectSameBits(alone, paired);
      });
    }
  }
});

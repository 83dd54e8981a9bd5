// The fused LSTM/GRU op (ts/ops/rnn.ts): every gradient against central differences of the
// op itself, and the fused layers against the composite step loop (same outputs and
// gradients) in every mode the fused path takes.

import { describe, expect, it } from 'vitest';
import * as L from '../../../ts/layers/index.js';
import { grads, tidy } from '../../../ts/autograd/gradients.js';
import { add, mul } from '../../../ts/ops/binary.js';
import { sum } from '../../../ts/ops/reduce.js';
import { rnnSequence, type RnnSequenceArgs } from '../../../ts/ops/rnn.js';
import { fusedRNNCalls, setFusedRNN } from '../../../ts/layers/recurrent/fused.js';
import { fromData } from '../../../ts/tensor/creation.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';
import { rng } from '../../helpers/gradcheck.js';
import { expectAllClose } from '../../helpers/golden.js';

function rnd(shape: number[], seed: number, scale = 1): Tensor {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return fromData('test', Float32Array.from({ length: n }, () => (2 * r() - 1) * scale), shape, 'float32');
}

const MASK = [1, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0];

type Kind = 'lstm' | 'gru';
interface OpCase { kind: Kind; masked: boolean; goBackwards: boolean; zeroOutput: boolean; bias: boolean }

function opInputs(c: OpCase): Tensor[] {
  const [B, T, F, U] = [2, 6, 3, 4];
  const g = c.kind === 'lstm' ? 4 : 3;
  return [
    rnd([B, T, F], 1), rnd([B, U], 2, 0.5), ...(c.kind === 'lstm' ? [rnd([B, U], 3, 0.5)] : []), rnd([F, g * U], 4, 0.6),
    rnd([U, g * U], 5, 0.5), ...(c.bias ? [rnd(c.kind === 'lstm' ? [g * U] : [2, g * U], 6, 0.3)] : []),
  ];
}

function runOp(c: OpCase, ts: Tensor[], mask: Tensor | null): Tensor[] {
  const lstm = c.kind === 'lstm';
  const [x, h0, ...rest] = ts;
  const c0 = lstm ? rest.shift() : undefined;
  const [k, r, b] = rest;
  const a: RnnSequenceArgs = { kind: c.kind, x: x!, h0: h0!, c0, kernel: k!, recurrentKernel: r!, bias: b ?? null, mask, goBackwards: c.goBackwards, zeroOutput: c.zeroOutput };
  const out = rnnSequence(a);
  return [out.sequence, out.h, ...(out.c ? [out.c] : [])];
}

const cases: OpCase[] = [];
for (const kind of ['lstm', 'gru'] as const) {
  cases.push({ kind, masked: false, goBackwards: false, zeroOutput: false, bias: true });
  cases.push({ kind, masked: true, goBackwards: true, zeroOutput: false, bias: true });
  cases.push({ kind, masked: true, goBackwards: false, zeroOutput: true, bias: false });
}

describe('rnnSequence gradients against central differences', () => {
  it.each(cases.map((c) => [JSON.stringify(c), c] as const))('%s', (_n, c) => {
    const ts = opInputs(c);
    const mask = c.masked ? fromData('mask', Float32Array.from(MASK), [2, 6], 'float32') : null;
    const ws = tidy(() => runOp(c, ts, mask).map((o, i) => rnd([...o.shape], 10 + i)));
    const loss = (inputs: Tensor[]) => runOp(c, inputs, mask).map((o, i) => sum(mul(o, ws[i]!))).reduce((a, b) => add(a, b));
    const g = grads((...xs: Tensor[]) => loss(xs))(ts);
    const h = 1e-2;
    ts.forEach((t, i) => {
      const v = t.buf.view();
      const num = new Float64Array(t.size);
      for (let j = 0; j < t.size; j++) {
        const keep = v[j]!;
        const at = (d: number) => {
          v[j] = keep + d;
          return tidy(() => loss(ts).dataSync()[0]!);
        };
        // Richardson: (4·D(h/2) − D(h)) / 3 cancels the h² term of the central difference.
        const d1 = (at(h) - at(-h)) / (2 * h);
        const d2 = (at(h / 2) - at(-h / 2)) / h;
        num[j] = (4 * d2 - d1) / 3;
        v[j] = keep;
      }
      expectAllClose(g[i]!.dataSync(), num, `${c.kind} input ${i}`, 3e-3, 3e-3);
    });
  });

  it('rejects mismatched shapes, naming the op and what it received', () => {
    const [x, h0, c0, k, r] = opInputs({ kind: 'lstm', masked: false, goBackwards: false, zeroOutput: false, bias: false });
    expect(() => rnnSequence({ kind: 'lstm', x: x!, h0: h0!, c0: c0!, kernel: r!, recurrentKernel: r! })).toThrow(/rnnSequence\(lstm\): kernel must have shape \[3,16\]. Received: kernel.shape=\[4,16\]/);
    expect(() => rnnSequence({ kind: 'lstm', x: x!, h0: h0!, kernel: k!, recurrentKernel: r! })).toThrow(/c0 must have shape/);
  });
});

type LayerKind = 'LSTM' | 'GRU';
function both(kind: LayerKind, opts: Record<string, unknown>, callArgs: (x: Tensor) => Record<string, unknown>, x: Tensor) {
  const results: { outs: Float32Array[]; grads: Float32Array[] }[] = [];
  for (const fused of [true, false]) {
    const prev = setFusedRNN(fused);
    try {
      const layer = kind === 'LSTM' ? L.lstm({ units: 5, ...opts }) : L.gru({ units: 5, ...opts });
      layer.apply(x, callArgs(x));
      layer.setWeights(layer.weights.map((w, i) => rnd(w.shape as number[], 20 + i, 0.5)));
      const before = fusedRNNCalls();
      const run = (xv: Tensor) => {
        const y = layer.apply(xv, callArgs(xv));
        return Array.isArray(y) ? y : [y];
      };
      const outs = run(x);
      const ws = outs.map((o, i) => rnd([...o.shape], 40 + i));
      const g = grads((xv: Tensor) => run(xv).map((o, i) => sum(mul(o, ws[i]!))).reduce((a, b) => add(a, b)))([x, ...layer.weights]);
      expect(fusedRNNCalls() > before).toBe(fused);
      results.push({ outs: outs.map((o) => o.dataSync() as Float32Array), grads: g.map((t) => t.dataSync() as Float32Array) });
    } finally {
      setFusedRNN(prev);
    }
  }
  const [f, c] = results;
  f!.outs.forEach((o, i) => expectAllClose(o, c!.outs[i]!, `output ${i}`, 1e-5, 1e-6));
  f!.grads.forEach((o, i) => expectAllClose(o, c!.grads[i]!, `gradient ${i}`, 1e-4, 1e-5));
}

describe('fused LSTM/GRU layers equal the step loop', () => {
  const x = rnd([3, 7, 4], 7);
  const mask = fromData('mask', Float32Array.from({ length: 21 }, (_, i) => (i % 4 === 1 ? 0 : 1)), [3, 7], 'float32');
  const h0 = rnd([3, 5], 8, 0.5);
  const c0 = rnd([3, 5], 9, 0.5);
  for (const kind of ['LSTM', 'GRU'] as const) {
    const init = kind === 'LSTM' ? [h0, c0] : [h0];
    it(`${kind}: last output`, () => both(kind, {}, () => ({}), x));
    it(`${kind}: sequences, backwards, states`, () => both(kind, { returnSequences: true, goBackwards: true, returnState: true }, () => ({}), x));
    it(`${kind}: mask and initial states`, () => both(kind, { returnSequences: true, returnState: true }, () => ({ mask, initialState: init }), x));
    // Row 1's last step is masked: the last output is the kept state, or zeros with zero outputs.
    it(`${kind}: last output and states, masked last step`, () => both(kind, { returnState: true }, () => ({ mask }), x));
    it(`${kind}: last output with zero outputs, masked last step`, () => both(kind, { zeroOutputForMask: true }, () => ({ mask }), x));
    it(`${kind}: mask with zero outputs (as inside Bidirectional), no bias`, () => both(kind, { returnSequences: true, zeroOutputForMask: true, useBias: false }, () => ({ mask }), x));
  }

  it('falls back to the step loop for what the kernel does not do', () => {
    const n0 = fusedRNNCalls();
    L.lstm({ units: 3, activation: 'relu' }).apply(x);
    L.gru({ units: 3, resetAfter: false }).apply(x);
    L.lstm({ units: 3, recurrentDropout: 0.3 }).apply(x, { training: true });
    expect(fusedRNNCalls()).toBe(n0);
    L.lstm({ units: 3, recurrentDropout: 0.3 }).apply(x, { training: false });
    L.gru({ units: 3, dropout: 0.3 }).apply(x, { training: true });
    expect(fusedRNNCalls()).toBe(n0 + 2);
  });
});

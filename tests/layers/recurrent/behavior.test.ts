// Recurrent layers beyond the fixtures: bad input, symbolic shapes, masks from Embedding
// through Sequential and functional models, a custom cell, dropout, and learning a task.

import { describe, expect, it } from 'vitest';
import * as L from '../../../ts/layers/index.js';
import { Layer, type CallArgs } from '../../../ts/layers/layer.js';
import { input } from '../../../ts/layers/input_layer.js';
import { hasKerasMask } from '../../../ts/layers/masking/keras_mask.js';
import { Sequential } from '../../../ts/models/sequential.js';
import { Model } from '../../../ts/models/model.js';
import { add } from '../../../ts/ops/binary.js';
import { matmul } from '../../../ts/ops/matmul.js';
import { tanh } from '../../../ts/ops/unary.js';
import { fromData, tensor } from '../../../ts/tensor/creation.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';
import type { Variable } from '../../../ts/autograd/variable.js';
import type { SymbolicShape } from '../../../ts/layers/symbolic.js';
import { ValueError } from '../../../ts/errors.js';
import { Adam } from '../../../ts/optimizers/index.js';
import { setFusedRNN } from '../../../ts/layers/recurrent/fused.js';
import { rng } from '../../helpers/gradcheck.js';
import { expectAllClose } from '../../helpers/golden.js';

function rnd(shape: number[], seed: number, scale = 1): Tensor {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return fromData('test', Float32Array.from({ length: n }, () => (2 * r() - 1) * scale), shape, 'float32');
}

describe('bad input', () => {
  it.each([
    ['LSTM', () => L.lstm({ units: 2 })], ['GRU', () => L.gru({ units: 2 })], ['SimpleRNN', () => L.simpleRNN({ units: 2, name: 'srnn' })],
  ] as const)('%s: a 2-D input is a ValueError naming the layer and the shape received', (_n, make) => {
    const layer = make();
    expect(() => layer.apply(rnd([4, 3], 1))).toThrow(ValueError);
    expect(() => layer.apply(rnd([4, 3], 1))).toThrow(new RegExp(`Layer '${layer.name}' \\(${layer.className}\\) expects a 3-D input.*Received: input_shape=\\(None, 3\\) \\(2-D\\)`));
    expect(() => layer.apply(input({ shape: [3] }))).toThrow(/expects a 3-D input.*Received: input_shape=\(None, 3\)/);
  });

  it('wrong initial states, a mask of the wrong shape, bad options', () => {
    const x = rnd([2, 3, 4], 2);
    expect(() => L.lstm({ units: 3 }).apply(x, { initialState: [rnd([2, 3], 3)] })).toThrow(/expected 2 initial state\(s\) of shape \[2,3\], \[2,3\]. Received: \[\[2,3\]\]/);
    expect(() => L.gru({ units: 3 }).apply(x, { mask: rnd([2, 4], 4) })).toThrow(ValueError);
    expect(() => L.lstm({ units: 0 })).toThrow(/Received: units=0/);
    expect(() => L.gru({ units: 2, dropout: 1.5 })).toThrow(/dropout must be a number in \[0, 1\]. Received: dropout=1.5/);
    expect(() => L.lstm({ units: 2, retrunSequences: true } as never)).toThrow(/returnSequences/);
    expect(() => L.bidirectional({ layer: L.dense({ units: 2 }) as never })).toThrow(/Received: layer=/);
    expect(() => L.bidirectional({ layer: L.lstm({ units: 2 }), mergeMode: 'max' as never })).toThrow(/Invalid merge mode.*Received: mergeMode=.max./);
    expect(() => L.timeDistributed({ layer: L.dense({ units: 2 }) }).apply(rnd([2, 3], 5))).toThrow(/at least 3 dimensions.*Received: input_shape=\(None, 3\)/);
  });
});

describe('shapes and masks in models', () => {
  it('symbolic output shapes (returnState, Bidirectional modes, TimeDistributed)', () => {
    const x = input({ shape: [7, 3] });
    expect(L.lstm({ units: 4 }).apply(x).shape).toEqual([null, 4]);
    const st = L.gru({ units: 4, returnSequences: true, returnState: true }).apply(x) as unknown as { shape: SymbolicShape }[];
    expect(st.map((s) => s.shape)).toEqual([[null, 7, 4], [null, 4]]);
    expect(L.bidirectional({ layer: L.lstm({ units: 4, returnSequences: true }) }).apply(x).shape).toEqual([null, 7, 8]);
    expect(L.bidirectional({ layer: L.lstm({ units: 4 }), mergeMode: 'sum' }).apply(x).shape).toEqual([null, 4]);
    expect(L.timeDistributed({ layer: L.dense({ units: 5 }) }).apply(x).shape).toEqual([null, 7, 5]);
  });

  it('Embedding({ maskZero }) → Bidirectional(LSTM) → GRU in a Sequential equals the layers called with the explicit mask', () => {
    const ids = tensor([[3, 1, 4, 0, 0], [2, 5, 0, 0, 0], [1, 2, 3, 4, 5]], [3, 5], 'int32');
    const emb = L.embedding({ inputDim: 6, outputDim: 4, maskZero: true });
    const bi = L.bidirectional({ layer: L.lstm({ units: 3, returnSequences: true }) });
    const gru = L.gru({ units: 2 });
    const model = new Sequential([emb, bi, gru]);
    const y = model.apply(ids);
    const mask = fromData('mask', Float32Array.from(ids.dataSync(), (v) => (v !== 0 ? 1 : 0)), [3, 5], 'float32');
    const e = emb.apply(ids);
    const h = bi.apply(e, { mask });
    expect(hasKerasMask(h)).toBe(true);
    const want = gru.apply(h, { mask });
    expectAllClose(y.dataSync(), want.dataSync(), 'masked model', 1e-6, 1e-7);
    // The mask matters: padding steps change nothing. Longer padding gives the same result.
    const padded = tensor([[3, 1, 4, 0, 0, 0, 0], [2, 5, 0, 0, 0, 0, 0], [1, 2, 3, 4, 5, 0, 0]], [3, 7], 'int32');
    expectAllClose(model.apply(padded).dataSync(), y.dataSync(), 'more padding', 1e-5, 1e-6);
    expect(hasKerasMask(y)).toBe(false);
  });

  it('functional: returnSequences keeps the mask for the next layer', () => {
    const inp = input({ batchShape: [null, null], dtype: 'int32' });
    const e = L.embedding({ inputDim: 6, outputDim: 4, maskZero: true }).apply(inp);
    const s = L.simpleRNN({ units: 3, returnSequences: true }).apply(e);
    const out = L.lstm({ units: 2 }).apply(s);
    const model = new Model({ inputs: inp, outputs: out });
    const a = model.apply(tensor([[1, 2, 0, 0, 0]], [1, 5], 'int32'));
    const b = model.apply(tensor([[1, 2, 0]], [1, 3], 'int32'));
    expectAllClose(a.dataSync(), b.dataSync(), 'padding is ignored', 1e-5, 1e-6);
  });
});

/** A minimal custom cell (Keras's MinimalRNNCell example): out = tanh(x·W + h·U). */
class MinimalRNNCell extends Layer {
  stateSize: number;
  kernel!: Variable;
  recurrent!: Variable;

  constructor(readonly units: number) {
    super();
    this.stateSize = units;
  }

  override build(shape: SymbolicShape): void {
    this.kernel = this.addWeight('kernel', { shape: [shape.at(-1)!, this.units] });
    this.recurrent = this.addWeight('recurrent_kernel', { shape: [this.units, this.units], initializer: 'orthogonal' });
    this.built = true;
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor[] {
    const [x, h] = inputs as Tensor[];
    const out = tanh(add(matmul(x!, this.kernel), matmul(h!, this.recurrent)));
    return [out, out];
  }
}

describe('custom cells', () => {
  it('RNN over a custom cell equals SimpleRNN without bias, and trains its weights', () => {
    const x = rnd([2, 4, 3], 9);
    const rnn = L.rnn({ cell: new MinimalRNNCell(5), returnSequences: true });
    const ref = L.simpleRNN({ units: 5, useBias: false, returnSequences: true });
    rnn.apply(x);
    ref.apply(x);
    ref.setWeights(rnn.getWeights());
    expectAllClose(rnn.apply(x).dataSync(), ref.apply(x).dataSync(), 'custom cell', 1e-6, 1e-7);
    expect(rnn.trainableWeights.length).toBe(2);
  });

  it('a list of cells is a StackedRNNCells', () => {
    const rnn = L.rnn({ cell: [L.lstmCell({ units: 3 }), new MinimalRNNCell(2)], returnState: true });
    const out = rnn.apply(rnd([2, 4, 3], 10)) as unknown as Tensor[];
    expect(out.map((t) => t.shape)).toEqual([[2, 2], [2, 3], [2, 3], [2, 2]]);
    expect(rnn.cell).toBeInstanceOf(L.StackedRNNCells);
  });
});

describe('dropout', () => {
  it.each([[true], [false]])('dropout only in training, one mask per sequence, seeded (fused=%s)', (fused) => {
    const prev = setFusedRNN(fused);
    try {
      const x = rnd([4, 6, 5], 11);
      const make = () => L.lstm({ units: 3, dropout: 0.5, recurrentDropout: 0.3, seed: 7, returnSequences: true });
      const a = make();
      const b = make();
      a.apply(x);
      b.apply(x);
      b.setWeights(a.getWeights());
      const inf = a.apply(x, { training: false }).dataSync();
      expectAllClose(b.apply(x, { training: false }).dataSync(), inf, 'inference', 0, 0);
      const t1 = a.apply(x, { training: true }).dataSync();
      expect(Array.from(t1).some((v, i) => Math.abs(v - inf[i]!) > 1e-3)).toBe(true);
      expectAllClose(b.apply(x, { training: true }).dataSync(), t1, 'same seed, same masks', 0, 0);
    } finally {
      setFusedRNN(prev);
    }
  });
});

describe('training', () => {
  it.each([['LSTM'], ['GRU'], ['SimpleRNN']] as const)('%s learns to tell whether a sequence sums above zero', async (kind) => {
    const r = rng(3);
    const n = 128;
    const xs = Float32Array.from({ length: n * 6 }, () => 2 * r() - 1);
    const ys = Float32Array.from({ length: n }, (_, i) => (xs.slice(i * 6, i * 6 + 6).reduce((a, b) => a + b, 0) > 0 ? 1 : 0));
    const x = fromData('x', xs, [n, 6, 1], 'float32');
    const y = fromData('y', ys, [n, 1], 'float32');
    const rec = kind === 'LSTM' ? L.lstm({ units: 8 }) : kind === 'GRU' ? L.gru({ units: 8 }) : L.simpleRNN({ units: 8 });
    const model = new Sequential([input({ shape: [6, 1] }) as never, rec, L.dense({ units: 1, activation: 'sigmoid' })].filter((l) => l instanceof Layer) as Layer[]);
    model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'binary_crossentropy', metrics: ['accuracy'] });
    const h = await model.fit(x, y, { epochs: 40, batchSize: 32, verbose: 0 });
    const acc = h.history.accuracy!;
    expect(acc.at(-1)!).toBeGreaterThan(0.9);
  });
});

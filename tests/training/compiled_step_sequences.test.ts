// The compiled step on sequence models (Embedding, SimpleRNN/LSTM/GRU, Bidirectional): bit for
// bit the eager step, and the configurations that keep JS state between steps refused.

import { describe, expect, it } from 'vitest';
import { Sequential } from '../../ts/models/sequential.js';
import { Model } from '../../ts/models/model.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import type { SymbolicTensor } from '../../ts/layers/symbolic.js';
import { add } from '../../ts/ops/binary.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import * as optimizers from '../../ts/optimizers/index.js';
import { LambdaCallback } from '../../ts/callbacks/index.js';
import { range, tensor } from '../../ts/tensor/creation.js';
import { setSeed } from '../../ts/tensor/random.js';
import { staticRefusal } from '../../ts/training/plan/eligibility.js';
import { expectSame, withExports, withoutInterpreter, type Run } from './compiled_step_helpers.js';

const VOCAB = 30, LEN = 7;

/** Token ids in [0, VOCAB), about one in six a padding 0, and labels in [0, 4). */
function tokens(n: number, seed = 3) {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const ids = Array.from({ length: n * LEN }, () => (rnd() < 1 / 6 ? 0 : 1 + Math.floor(rnd() * (VOCAB - 1))));
  // Never a whole row of padding: a fully masked sequence is its own (tested) case elsewhere.
  for (let i = 0; i < n; i++) ids[i * LEN] ||= 1;
  return { x: tensor(ids, [n, LEN], 'int32'), y: tensor(Array.from({ length: n }, () => Math.floor(rnd() * 4)), [n], 'int32') };
}

async function trainSeq(build: () => Model, jit: boolean | 'auto', epochs = 3): Promise<Run> {
  const { x, y } = tokens(48);
  const m = build();
  m.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'], jitCompile: jit });
  const h = await m.fit(x, y, { epochs, batchSize: 8, verbose: 0 });
  return {
    weights: m.weights.map((w) => w.dataSync() as Float32Array),
    opt: m.trainer.optimizer!.getVariables().map((v) => Float32Array.from(v.values)),
    history: h.history as Record<string, number[]>, model: m,
  };
}

const seq = (middle: () => layers.Layer[], maskZero = false) => (): Model => {
  setSeed(21);
  return new Sequential([input({ shape: [LEN], dtype: 'int32' }), layers.embedding({ inputDim: VOCAB, outputDim: 6, maskZero }),
    ...middle(), layers.dense({ units: 4, activation: 'softmax' })]);
};

const models: Array<[string, () => Model]> = [
  ['Embedding → LSTM', seq(() => [new layers.LSTM({ units: 5 })])],
  ['Embedding → GRU', seq(() => [new layers.GRU({ units: 5 })])],
  ['Embedding → Bidirectional(LSTM)', seq(() => [new layers.Bidirectional({ layer: new layers.LSTM({ units: 4 }) })])],
  ['Embedding → Bidirectional(GRU, sum)', seq(() => [new layers.Bidirectional({ layer: new layers.GRU({ units: 4 }), mergeMode: 'sum' })])],
  ['Embedding → SimpleRNN(returnSequences) → GlobalAveragePooling1D', seq(() => [new layers.SimpleRNN({ units: 5, returnSequences: true }), layers.globalAveragePooling1d()])],
];

/** A custom layer: token positions embedded and added (the transformer example's). */
class PositionEmbedding extends layers.Layer {
  readonly pos = layers.embedding({ inputDim: LEN, outputDim: 6 });
  constructor(pure: boolean) {
    super({});
    if (pure) this.supportsJit = true;
  }
  override call(x: Tensor): Tensor {
    return add(x, this.pos.apply(range(0, x.shape[1]!, 1, 'int32')) as Tensor);
  }
}

const transformer = (pure: boolean) => (): Model => {
  setSeed(23);
  const inp = input({ shape: [LEN], dtype: 'int32' });
  let x = new PositionEmbedding(pure).apply(layers.embedding({ inputDim: VOCAB, outputDim: 6 }).apply(inp) as SymbolicTensor) as SymbolicTensor;
  const attn = new layers.MultiHeadAttention({ numHeads: 2, keyDim: 3 }).apply([x, x]) as SymbolicTensor;
  x = layers.layerNormalization({ epsilon: 1e-6 }).apply(layers.add().apply([x, layers.dropout({ rate: 0.1 }).apply(attn) as SymbolicTensor]) as SymbolicTensor) as SymbolicTensor;
  x = layers.globalAveragePooling1d().apply(x) as SymbolicTensor;
  return new Model({ inputs: inp, outputs: layers.dense({ units: 4, activation: 'softmax' }).apply(x) as SymbolicTensor });
};

describe('compiled step: sequence models', () => {
  it('transformer block with a custom layer that sets supportsJit: identical to the eager step', async () => {
    const eager = await trainSeq(transformer(true), false);
    const jit = await trainSeq(transformer(true), true);
    expect(jit.model.trainer.lastCompiledStep?.reason).toBeUndefined();
    expect(jit.model.trainer.lastCompiledStep?.replayed).toBe(3 * 6 - 3);
    expectSame(jit, eager);
  });

  it('a custom layer that does not set supportsJit keeps the eager step', () => {
    expect(staticRefusal(transformer(false)(), 1)).toMatch(/'position_embedding\w*' \(PositionEmbedding\) is not supported by the compiled step \(a custom layer whose call is pure may set supportsJit = true\)/);
  });

  it('MultiHeadAttention with dropout is refused before recording', () => {
    const inp = input({ shape: [LEN], dtype: 'int32' });
    const e = layers.embedding({ inputDim: VOCAB, outputDim: 6 }).apply(inp) as SymbolicTensor;
    const a = new layers.MultiHeadAttention({ numHeads: 1, keyDim: 2, dropout: 0.1 }).apply([e, e]) as SymbolicTensor;
    const model = new Model({ inputs: inp, outputs: layers.globalAveragePooling1d().apply(a) as SymbolicTensor });
    expect(staticRefusal(model, 1)).toMatch(/\(MultiHeadAttention\) has dropout/);
  });

  for (const [name, build] of models) {
    it(`${name}: identical weights, Adam slots and history to the eager step`, async () => {
      const eager = await trainSeq(build, false);
      const jit = await trainSeq(build, true);
      expect(jit.model.trainer.lastCompiledStep?.reason).toBeUndefined();
      expect(jit.model.trainer.lastCompiledStep?.replayed).toBe(3 * 6 - 3);
      expectSame(jit, eager);
    });
  }

  it('the JS replay of a sequence plan (no interpreter) is identical too', async () => {
    const build = models[2]![1];
    const eager = await trainSeq(build, false);
    const jit = await withExports(withoutInterpreter, () => trainSeq(build, true));
    expect(jit.model.trainer.lastCompiledStep?.reason).toBeUndefined();
    expectSame(jit, eager);
  });

  it('Bidirectional(LSTM): a warm step runs in the WASM interpreter (no recurrent kernel called from JS)', async () => {
    const build = models[2]![1];
    const { x, y } = tokens(48);
    const m = build();
    m.compile({ optimizer: new optimizers.Adam(), loss: 'sparse_categorical_crossentropy', jitCompile: true });
    const calls: string[][] = [];
    let step: string[] = [];
    const counting = (ex: Record<string, unknown>) => Object.fromEntries(Object.entries(ex).map(([k, f]) => [k,
      typeof f === 'function' && k.startsWith('kx_') ? (...a: unknown[]) => (step.push(k), (f as (...b: unknown[]) => unknown)(...a)) : f]));
    const hook = new LambdaCallback({ onTrainBatchBegin: () => void (step = []), onTrainBatchEnd: () => void calls.push(step) });
    await withExports(counting, () => m.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, callbacks: [hook] }));
    expect(m.trainer.lastCompiledStep?.replayed).toBe(3);
    // Step 3 is the first replay, which is also checked against an eager run of the same batch.
    const warm = calls.slice(4);
    expect(warm).toHaveLength(2);
    for (const s of warm) {
      expect(s.filter((k) => k === 'kx_plan_run')).toHaveLength(1);
      // (kx_gather is the batch's rows being gathered; the Embedding's own gather is in the plan.)
      expect(s.filter((k) => /lstm|gru|scatter/.test(k))).toEqual([]);
    }
  });

  it('a masked model (Embedding maskZero) is refused by its recording: masks pass through JS', async () => {
    // Keras masks ride on tensors as host data (layers/masking/keras_mask.ts), re-uploaded per call.
    const build = seq(() => [new layers.GRU({ units: 5 })], true);
    await expect(trainSeq(build, true)).rejects.toThrow(/JS filled a buffer with data that changes between steps/);
  });

  for (const [what, layer, why] of [
    ['a stateful LSTM', () => new layers.LSTM({ units: 4, stateful: true }), /'lstm\w*' \(LSTM\) is stateful/],
    ['LSTM dropout', () => new layers.LSTM({ units: 4, dropout: 0.2 }), /\(LSTMCell\) has dropout or recurrentDropout/],
    ['GRU recurrent dropout', () => new layers.GRU({ units: 4, recurrentDropout: 0.2 }), /\(GRUCell\) has dropout or recurrentDropout/],
  ] as const) {
    it(`refuses ${what} before recording (JS state between steps)`, () => {
      expect(staticRefusal(seq(() => [layer()])(), 1)).toMatch(why);
    });
  }
});

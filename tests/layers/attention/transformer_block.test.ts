// The keras.io text-classification transformer block as a custom Layer holding sublayers
// (MultiHeadAttention + Dense FFN + LayerNormalization + Dropout), on an Embedding with
// maskZero: it trains (the loss drops, accuracy rises) and every one of its weights gets a
// nonzero gradient, so no part is silently left out of training.

import { describe, expect, it } from 'vitest';
import * as L from '../../../ts/layers/index.js';
import { Layer, type CallArgs } from '../../../ts/layers/layer.js';
import { input } from '../../../ts/layers/input_layer.js';
import { Model } from '../../../ts/models/model.js';
import { add } from '../../../ts/ops/binary.js';
import { abs } from '../../../ts/ops/unary.js';
import { max } from '../../../ts/ops/reduce.js';
import { valueAndGrads } from '../../../ts/autograd/gradients.js';
import { tensor } from '../../../ts/tensor/creation.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';
import type { SymbolicShape } from '../../../ts/layers/symbolic.js';
import * as losses from '../../../ts/losses/index.js';
import * as optimizers from '../../../ts/optimizers/index.js';

class TransformerBlock extends Layer {
  readonly att: L.MultiHeadAttention;
  readonly ffn: Layer[];
  readonly ln1 = new L.LayerNormalization({ epsilon: 1e-6 });
  readonly ln2 = new L.LayerNormalization({ epsilon: 1e-6 });
  readonly drop1: L.Dropout;
  readonly drop2: L.Dropout;
  override supportsMasking = true;

  constructor(embedDim: number, numHeads: number, ffDim: number, rate = 0.1) {
    super();
    this.att = new L.MultiHeadAttention({ numHeads, keyDim: embedDim });
    this.ffn = [new L.Dense({ units: ffDim, activation: 'relu' }), new L.Dense({ units: embedDim })];
    this.drop1 = new L.Dropout({ rate });
    this.drop2 = new L.Dropout({ rate });
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    // The mask attached to x (from the Embedding) reaches the attention as query/value masks.
    const a = this.att.apply([x, x], { training: args.training });
    const h = this.ln1.apply(add(x, this.drop1.apply(a)));
    const f = this.ffn[1]!.apply(this.ffn[0]!.apply(h));
    return this.ln2.apply(add(h, this.drop2.apply(f)));
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s;
  }
}

/** Sequences of tokens 1..9 padded with 0; class 1 when token 7 occurs. */
function data(n: number, len: number, seed: number): { x: Tensor; y: Tensor } {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const l = 3 + Math.floor(rnd() * (len - 3));
    const want = i % 2;
    const row = Array.from({ length: len }, (_, t) => (t < l ? 1 + Math.floor(rnd() * 9) : 0)).map((v) => (v === 7 ? 8 : v));
    if (want) row[Math.floor(rnd() * l)] = 7;
    xs.push(...row);
    ys.push(want);
  }
  return { x: tensor(xs, [n, len], 'int32'), y: tensor(ys, [n], 'int32') };
}

function buildModel(): Model {
  const inp = input({ shape: [null as unknown as number], dtype: 'int32' });
  const e = new L.Embedding({ inputDim: 10, outputDim: 8, maskZero: true }).apply(inp);
  const t = new TransformerBlock(8, 2, 16).apply(e);
  const p = new L.GlobalAveragePooling1D().apply(t);
  const out = new L.Dense({ units: 2, activation: 'softmax' }).apply(p);
  return new Model({ inputs: inp, outputs: out });
}

describe('a transformer block (custom layer with MultiHeadAttention) trains', () => {
  it('the mask flows through the block to the pooling', () => {
    const model = buildModel();
    const block = model.layers[2]!;
    expect((block.output as { kerasMask: unknown }).kerasMask).toEqual([null, null]);
    // With masks end to end (attention keys, pooling), padding changes nothing: the same tokens
    // padded to 8 steps give the output of the 3-step sequence; unmasked, they would not.
    const padded = tensor([[1, 2, 3, 0, 0, 0, 0, 0]], [1, 8], 'int32');
    const short = tensor([[1, 2, 3]], [1, 3], 'int32');
    const yp = (model.predictOnBatch(padded) as Tensor).dataSync(), ys = (model.predictOnBatch(short) as Tensor).dataSync();
    for (let i = 0; i < 2; i++) expect(yp[i]).toBeCloseTo(ys[i]!, 5);
    const other = tensor([[1, 2, 4, 0, 0, 0, 0, 0]], [1, 8], 'int32');
    expect(Math.abs((model.predictOnBatch(other) as Tensor).dataSync()[0]! - yp[0]!)).toBeGreaterThan(1e-6);
  });

  it('every weight of the block gets a nonzero gradient, and fit lowers the loss', async () => {
    const model = buildModel();
    const block = model.layers[2]!;
    expect(block.trainableWeights.length).toBe(8 + 4 + 4);
    const { x, y } = data(128, 8, 7);
    const sce = new losses.SparseCategoricalCrossentropy();
    const ws = model.trainableWeights;
    const { value, grads } = valueAndGrads(() => sce.apply(y, model.apply(x, { training: true })))(ws);
    expect(Number.isFinite(value.dataSync()[0]!)).toBe(true);
    ws.forEach((w, i) => {
      if (!block.trainableWeights.includes(w)) return;
      expect(max(abs(grads[i]!)).dataSync()[0], `gradient of ${w.name}`).toBeGreaterThan(0);
    });
    model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const h = await model.fit(x, y, { epochs: 25, batchSize: 32, verbose: 0 });
    const loss = h.history.loss as number[];
    expect(loss.at(-1)!).toBeLessThan(loss[0]! * 0.5);
    expect((h.history.accuracy as number[]).at(-1)!).toBeGreaterThan(0.9);
  }, 120_000);
});

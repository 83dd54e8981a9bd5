// Mask propagation (Keras 3 `_keras_mask`): Embedding({ maskZero }) and Masking create a mask,
// layers that support masking pass it on, others drop it, in eager calls, Sequential and
// functional models; masks of the wrong shape are errors naming the layer.

import { describe, expect, it } from 'vitest';
import * as L from '../../../ts/layers/index.js';
import { input } from '../../../ts/layers/input_layer.js';
import { Masking } from '../../../ts/layers/masking/masking.js';
import { getKerasMask, hasKerasMask } from '../../../ts/layers/masking/keras_mask.js';
import { Sequential } from '../../../ts/models/sequential.js';
import { Model } from '../../../ts/models/model.js';
import { tensor } from '../../../ts/tensor/creation.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';
import { ValueError } from '../../../ts/errors.js';

const ids = () => tensor([[3, 1, 0, 0], [2, 0, 4, 0]], [2, 4], 'int32');
const maskOf = (t: Tensor) => {
  const m = getKerasMask(t);
  if (!m) return null;
  const v = Array.from(m.dataSync());
  m.dispose();
  return v;
};

describe('mask creation', () => {
  it('Embedding({ maskZero: true }) attaches inputs != 0; without maskZero there is no mask', () => {
    const e = L.embedding({ inputDim: 5, outputDim: 3, maskZero: true });
    const y = e.apply(ids());
    expect(y.shape).toEqual([2, 4, 3]);
    expect(maskOf(y)).toEqual([1, 1, 0, 0, 1, 0, 1, 0]);
    expect(e.getConfig().mask_zero).toBe(true);
    const plain = L.embedding({ inputDim: 5, outputDim: 3 });
    expect(hasKerasMask(plain.apply(ids()))).toBe(false);
  });

  it('Masking zeroes the steps whose features all equal maskValue and masks them', () => {
    const x = tensor([[[1, 2], [-1, -1], [0, -1]]], [1, 3, 2]);
    const y = new Masking({ maskValue: -1 }).apply(x);
    expect(Array.from(y.dataSync())).toEqual([1, 2, 0, 0, 0, -1]);
    expect(maskOf(y)).toEqual([1, 0, 1]);
  });
});

describe('propagation', () => {
  it('Sequential: Dense and Dropout pass the mask on, masked GlobalAveragePooling1D averages the kept steps only', () => {
    const emb = L.embedding({ inputDim: 5, outputDim: 3, maskZero: true });
    const model = new Sequential([emb, L.dense({ units: 2 }), L.dropout({ rate: 0.5 }), L.globalAveragePooling1d()]);
    const x = ids();
    const y = model.apply(x);
    // By hand: mean over the kept steps of the Dense outputs.
    const h = L.dense({ units: 2 });
    const dense = model.layers[1]!;
    const z = dense.apply(emb.apply(x)).arraySync() as number[][][];
    void h;
    const keep = [[0, 1], [0, 2]];
    const want = keep.map((ts, b) => [0, 1].map((j) => ts.reduce((s, t) => s + z[b]![t]![j]!, 0) / ts.length));
    const got = y.arraySync() as number[][];
    for (let b = 0; b < 2; b++) for (let j = 0; j < 2; j++) expect(got[b]![j]).toBeCloseTo(want[b]![j]!, 5);
    // GlobalAveragePooling1D consumes the mask: none after it.
    expect(hasKerasMask(y)).toBe(false);
  });

  it('functional: symbolic tensors carry the mask shape; a layer without masking support drops it', () => {
    const inp = input({ shape: [4], dtype: 'int32' });
    const e = L.embedding({ inputDim: 5, outputDim: 3, maskZero: true }).apply(inp);
    expect(e.kerasMask).toEqual([null, 4]);
    const d = L.dense({ units: 2 }).apply(e);
    expect(d.kerasMask).toEqual([null, 4]);
    const f = L.flatten().apply(d);
    expect(f.kerasMask).toBeNull();
    const model = new Model({ inputs: inp, outputs: [d, f] });
    const [yd, yf] = model.apply(ids()) as unknown as Tensor[];
    expect(maskOf(yd!)).toEqual([1, 1, 0, 0, 1, 0, 1, 0]);
    expect(hasKerasMask(yf!)).toBe(false);
  });

  it('Add passes the OR of its inputs\' masks (the residual of a transformer block), Concatenate on features too', () => {
    const inp = input({ shape: [4], dtype: 'int32' });
    const e = L.embedding({ inputDim: 5, outputDim: 2, maskZero: true }).apply(inp);
    const d = L.dense({ units: 2 }).apply(e);
    const s = L.add().apply([e, d]);
    const c = L.concatenate().apply([e, d]);
    expect(s.kerasMask).toEqual([null, 4]);
    expect(c.kerasMask).toEqual([null, 4]);
    const model = new Model({ inputs: inp, outputs: [s, c] });
    const [ys, yc] = model.apply(ids()) as unknown as Tensor[];
    expect(maskOf(ys!)).toEqual([1, 1, 0, 0, 1, 0, 1, 0]);
    expect(maskOf(yc!)).toEqual([1, 1, 0, 0, 1, 0, 1, 0]);
  });

  it('a mask passed to a model call reaches its first layers (Sequential and functional)', () => {
    const x = tensor([[[1], [2], [3]]], [1, 3, 1]);
    const mask = tensor([[1, 0, 1]], [1, 3]);
    const seq = new Sequential([input({ shape: [3, 1] }), L.globalAveragePooling1d()]);
    expect((seq.apply(x, { mask }).dataSync())[0]).toBeCloseTo(2, 6);
    const inp = input({ shape: [3, 1] });
    const fn = new Model({ inputs: inp, outputs: L.globalAveragePooling1d().apply(L.dense({ units: 1, kernelInitializer: 'ones', useBias: false } as never).apply(inp)) });
    expect((fn.apply(x, { mask }).dataSync())[0]).toBeCloseTo(2, 6);
    expect((fn.apply(x).dataSync())[0]).toBeCloseTo(2, 6);
    const x2 = tensor([[[1], [2], [6]]], [1, 3, 1]);
    expect((fn.apply(x2, { mask }).dataSync())[0]).toBeCloseTo(3.5, 6);
  });
});

describe('bad masks', () => {
  it('a mask with the wrong batch or rank is a ValueError naming the layer', () => {
    const d = L.dense({ units: 2, name: 'my_dense' });
    const x = tensor(new Float32Array(2 * 3 * 4), [2, 3, 4]);
    expect(() => d.apply(x, { mask: tensor(new Float32Array(3 * 3), [3, 3]) })).toThrow(ValueError);
    expect(() => d.apply(x, { mask: tensor(new Float32Array(3 * 3), [3, 3]) })).toThrow(/Layer 'my_dense'.*mask.*Received: mask.shape=\[3,3\]/);
    const p = L.globalAveragePooling1d({ name: 'pool' });
    expect(() => p.apply(x, { mask: tensor(new Float32Array(2 * 4), [2, 4]) })).toThrow(/Layer 'pool'.*\(batch, steps\).*Received: mask.shape=\[2,4\]/);
  });
});

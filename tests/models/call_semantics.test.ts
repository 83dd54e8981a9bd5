// Issue 9 items 2, 3, 5, 7: identity returns do not free the caller's tensor; model.apply
// records on a GradientTape while predict/predictOnBatch refuse to run inside one; freezing
// propagates and reaches BatchNormalization/Dropout in nested models; output shapes of custom
// layers without computeOutputShape are inferred.

import { describe, expect, it } from 'vitest';
import { Layer, type CallArgs } from '../../ts/layers/layer.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import { Model } from '../../ts/models/model.js';
import { Sequential } from '../../ts/models/sequential.js';
import { GradientTape, noGrad, tidy } from '../../ts/autograd/gradients.js';
import * as k from '../../ts/ops/index.js';
import { ones, tensor } from '../../ts/tensor/creation.js';
import { randomNormal, setSeed } from '../../ts/tensor/random.js';
import type { Tensor } from '../../ts/tensor/tensor.js';

/** Keras's "add noise only in training" pattern: returns its input unchanged at inference. */
class TrainingNoise extends Layer {
  call(x: Tensor | Tensor[], args: CallArgs): Tensor {
    if (!args.training) return x as Tensor;
    return k.addScalar(x as Tensor, 0.01);
  }
}

describe('identity returns (item 2)', () => {
  it('Sequential: predict and fit work, and the caller keeps its input', async () => {
    const m = new Sequential([input({ shape: [3] }), new TrainingNoise(), layers.dense({ units: 2 }), new TrainingNoise()]);
    const x = ones([4, 3]);
    const y = m.apply(x);
    expect(x.isDisposed).toBe(false);
    expect(y.shape).toEqual([4, 2]);
    const p = (await m.predict(x)) as Tensor;
    expect(p.shape).toEqual([4, 2]);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    await m.fit(x, ones([4, 2]), { epochs: 1, verbose: 0 });
    expect(x.isDisposed).toBe(false);
    [x, y, p].forEach((t) => t.dispose());
    m.dispose();
  });

  it('functional: an identity layer feeding two branches, and as the model output', () => {
    const inp = input({ shape: [3] });
    const id = new TrainingNoise().apply(inp);
    const a = layers.dense({ units: 2 }).apply(id), b = layers.dense({ units: 2 }).apply(id);
    const m = new Model({ inputs: inp, outputs: [layers.add().apply([a, b]), new TrainingNoise().apply(inp)] });
    const x = ones([2, 3]);
    const [s, same] = m.apply(x) as unknown as Tensor[];
    expect(s!.shape).toEqual([2, 2]);
    expect(Array.from(same!.dataSync())).toEqual([1, 1, 1, 1, 1, 1]);
    same!.dispose();
    expect(x.isDisposed).toBe(false);
    [x, s!].forEach((t) => t.dispose());
    m.dispose();
  });
});

describe('model.apply vs predictOnBatch inside a GradientTape (item 3)', () => {
  it('model.apply records: a custom loop gets non-zero gradients and learns', () => {
    setSeed(1);
    const m = new Sequential([input({ shape: [2] }), layers.dense({ units: 1 })]);
    const x = tensor([[1, 2], [3, 4]]), y = tensor([[1], [2]]);
    const vars = m.trainableWeights;
    const g = tidy(() => {
      const tape = new GradientTape();
      const loss = tape.run(() => k.mean(k.square(k.sub(m.apply(x, { training: true }), y))));
      return tape.gradient(loss, vars).map((t) => Array.from(t.dataSync()));
    });
    expect(g.flat().some((v) => v !== 0)).toBe(true);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('predictOnBatch and predict inside an active tape throw; under noGrad they run', async () => {
    const m = new Sequential([input({ shape: [2] }), layers.dense({ units: 1 })]);
    const x = tensor([[1, 2]]);
    const tape = new GradientTape();
    expect(() => tape.run(() => m.predictOnBatch(x) as Tensor)).toThrow(/predictOnBatch: runs without gradients.*model\.apply/);
    const tape2 = new GradientTape();
    tape2.run(() => {
      const p = noGrad(() => m.predictOnBatch(x) as Tensor);
      expect(p.shape).toEqual([1, 1]);
      return p;
    });
    tape2.dispose();
    const tape3 = new GradientTape();
    let err: unknown;
    tape3.run(() => {
      try {
        void m.predict(x);
      } catch (e) {
        err = e;
      }
      return x;
    });
    tape3.dispose();
    expect(String(err)).toMatch(/predict: runs without gradients/);
    x.dispose();
    m.dispose();
  });
});

function bnBase(): Model {
  const inp = input({ shape: [3] });
  const h = layers.batchNormalization({}).apply(layers.dense({ units: 4 }).apply(inp));
  return new Model({ inputs: inp, outputs: layers.dropout({ rate: 0.5 }).apply(h), name: 'base' });
}

describe('freezing and training flags (item 5)', () => {
  it('model.trainable = false propagates to nested models and their layers', () => {
    const base = bnBase();
    const inp = input({ shape: [3] });
    const outer = new Model({ inputs: inp, outputs: layers.dense({ units: 1 }).apply(base.apply(inp)) });
    const all = outer.trainableWeights.length;
    base.trainable = false;
    expect(base.layers.every((l) => l.trainable === false)).toBe(true);
    expect(outer.trainableWeights.length).toBe(all - 4); // dense kernel+bias, BN gamma+beta
    expect(outer.nonTrainableWeights.length).toBe(6);
    outer.trainable = false;
    expect(outer.trainableWeights).toEqual([]);
    outer.trainable = true;
    expect(base.layers.every((l) => l.trainable)).toBe(true);
    expect(outer.trainableWeights.length).toBe(all);
    outer.dispose();
  });

  it('BatchNormalization in a frozen base runs in inference mode during fit (moving stats untouched)', async () => {
    setSeed(2);
    const base = bnBase();
    base.trainable = false;
    const inp = input({ shape: [3] });
    const outer = new Model({ inputs: inp, outputs: layers.dense({ units: 1 }).apply(base.apply(inp)) });
    const bn = base.layers.find((l) => l.className === 'BatchNormalization')!;
    const before = bn.getWeights().map((w) => Array.from(w));
    const x = randomNormal([32, 3]), y = randomNormal([32, 1]);
    outer.compile({ optimizer: 'sgd', loss: 'mse' });
    await outer.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
    expect(bn.getWeights().map((w) => Array.from(w))).toEqual(before);
    [x, y].forEach((t) => t.dispose());
    outer.dispose();
  });

  it('base.apply(x, { training: false }) keeps BN and Dropout in inference inside a trained outer model', async () => {
    setSeed(4);
    const base = bnBase();
    const inp = input({ shape: [3] });
    const outer = new Model({ inputs: inp, outputs: layers.dense({ units: 1 }).apply(base.apply(inp, { training: false })) });
    const bn = base.layers.find((l) => l.className === 'BatchNormalization')!;
    const moving = () => bn.getWeights().slice(2).map((w) => Array.from(w));
    const before = moving();
    const x = randomNormal([32, 3]), y = randomNormal([32, 1]);
    outer.compile({ optimizer: 'sgd', loss: 'mse' });
    await outer.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    expect(moving()).toEqual(before); // BN never saw training=true
    expect(outer.trainableWeights.length).toBe(6); // still trainable: only the mode is fixed
    // Dropout is off too: two training-mode calls agree.
    const [a, b] = tidy(() => [outer.apply(x, { training: true }).dataSync(), outer.apply(x, { training: true }).dataSync()]);
    expect(Array.from(a!)).toEqual(Array.from(b!));
    [x, y].forEach((t) => t.dispose());
    outer.dispose();
  });

  it('nested calls inherit training: a custom layer that does not forward args still reaches Dropout', () => {
    class Wrapper extends Layer {
      drop = layers.dropout({ rate: 0.5 });
      call(x: Tensor | Tensor[]): Tensor {
        return this.drop.apply(x as Tensor); // no args passed on
      }
    }
    const w = new Wrapper();
    const x = ones([1, 200]);
    const zeros = (t: Tensor) => Array.from(t.dataSync()).filter((v) => v === 0).length;
    tidy(() => {
      expect(zeros(w.apply(x, { training: true }))).toBeGreaterThan(50);
      expect(zeros(w.apply(x, { training: false }))).toBe(0);
      expect(zeros(w.apply(x))).toBe(0);
    });
    x.dispose();
  });

  it('changing trainable after compile requires compile() again (Keras 3 warns; we refuse)', async () => {
    const base = bnBase();
    const inp = input({ shape: [3] });
    const outer = new Model({ inputs: inp, outputs: layers.dense({ units: 1 }).apply(base.apply(inp)) });
    const x = ones([4, 3]), y = ones([4, 1]);
    outer.compile({ optimizer: 'sgd', loss: 'mse' });
    base.trainable = false;
    await expect(outer.fit(x, y, { verbose: 0 })).rejects.toThrow(/`trainable` state has changed since the model was compiled.*'base'/);
    outer.compile({ optimizer: 'sgd', loss: 'mse' });
    const before = base.getWeights().map((w) => Array.from(w));
    await outer.fit(x, y, { verbose: 0 });
    expect(base.getWeights().map((w) => Array.from(w))).toEqual(before);
    [x, y].forEach((t) => t.dispose());
    outer.dispose();
  });
});

describe('output shape inference (item 7)', () => {
  class Pairs extends Layer {
    // [b, n, c] → [b, n/2, 2c] without computeOutputShape
    call(x: Tensor | Tensor[]): Tensor {
      const t = x as Tensor;
      return k.reshape(t, [t.shape[0]!, t.shape[1]! / 2, t.shape[2]! * 2]);
    }
  }
  it('infers a changed shape and keeps unknown axes unknown; the next layer builds on it', () => {
    const inp = input({ shape: [4, 3] });
    const p = new Pairs().apply(inp);
    expect(p.shape).toEqual([null, 2, 6]);
    const out = layers.dense({ units: 5 }).apply(p);
    expect(out.shape).toEqual([null, 2, 5]);
    const seq = input({ batchShape: [null, null, 3] });
    expect(new Pairs().apply(seq).shape).toEqual([null, null, 6]);
    const m = new Model({ inputs: inp, outputs: out });
    expect(m.summary({ print: () => {} })).toMatch(/pairs\S* \(Pairs\)\s+\(None, 2, 6\)/);
    m.dispose();
  });

  it('a layer that fails on a zero batch says to define computeOutputShape', () => {
    class Bad extends Layer {
      call(): Tensor {
        throw new Error('boom');
      }
    }
    expect(() => new Bad().apply(input({ shape: [2] }))).toThrow(/could not infer its output shape.*define computeOutputShape\(\).*boom/);
  });
});

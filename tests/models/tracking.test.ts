// Issue 9 item 1: sublayers and Variables held by a custom Layer (fields, arrays, plain
// objects, Maps, at any depth) are tracked: weights, trainableWeights, regularization
// losses, summary(), and a TransformerBlock-like custom layer trains.

import { describe, expect, it } from 'vitest';
import { Layer, type CallArgs } from '../../ts/layers/layer.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import { Model } from '../../ts/models/model.js';
import { Sequential } from '../../ts/models/sequential.js';
import { Variable } from '../../ts/autograd/variable.js';
import { tidy } from '../../ts/autograd/gradients.js';
import * as k from '../../ts/ops/index.js';
import { ones, tensor } from '../../ts/tensor/creation.js';
import { randomNormal, setSeed } from '../../ts/tensor/random.js';
import { Adam } from '../../ts/optimizers/index.js';
import { l2 } from '../../ts/regularizers/index.js';
import type { Tensor } from '../../ts/tensor/tensor.js';

class TwoDense extends Layer {
  d1 = layers.dense({ units: 4, activation: 'relu', kernelRegularizer: l2(0.1) });
  nested = { deep: [layers.dense({ units: 2 })] };
  scale = new Variable(ones([2]), { name: 'scale' });
  call(x: Tensor | Tensor[]): Tensor {
    return k.mul(this.nested.deep[0]!.apply(this.d1.apply(x as Tensor)), this.scale);
  }
  override computeOutputShape(s: readonly (number | null)[]): (number | null)[] {
    return [...s.slice(0, -1), 2];
  }
}

/** Self-attention (q, k, v projections) + feed-forward + two LayerNorms: a TransformerBlock. */
class TransformerBlock extends Layer {
  readonly proj: Record<string, Layer>;
  readonly ffn: Layer[];
  readonly norms = new Map<string, Layer>();
  constructor(readonly dim: number) {
    super({});
    this.proj = { q: layers.dense({ units: dim }), k: layers.dense({ units: dim }), v: layers.dense({ units: dim }) };
    this.ffn = [layers.dense({ units: 8, activation: 'relu' }), layers.dense({ units: dim })];
    this.norms.set('a', layers.layerNormalization({})).set('b', layers.layerNormalization({}));
  }
  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    const q = this.proj.q!.apply(x), kk = this.proj.k!.apply(x), v = this.proj.v!.apply(x);
    const att = k.softmax(k.mulScalar(k.matmul(q, k.transpose(kk, [0, 2, 1])), 1 / Math.sqrt(this.dim)), -1);
    const h = this.norms.get('a')!.apply(k.add(x, k.matmul(att, v)), args);
    return this.norms.get('b')!.apply(k.add(h, this.ffn[1]!.apply(this.ffn[0]!.apply(h))), args);
  }
}

describe('attribute tracking', () => {
  it('finds layers in fields, nested objects and arrays, and attribute Variables', () => {
    const l = new TwoDense();
    tidy(() => l.apply(ones([3, 5])));
    expect(l.sublayers.map((s) => s.className)).toEqual(['Dense', 'Dense']);
    // d1 kernel+bias, deep kernel+bias, own attribute variable 'scale' first.
    expect(l.weights.map((w) => w.name)).toEqual(['scale', expect.stringMatching(/kernel/), expect.stringMatching(/bias/), expect.stringMatching(/kernel/), expect.stringMatching(/bias/)]);
    expect(l.trainableWeights.length).toBe(5);
    expect(l.countParams()).toBe(2 + 5 * 4 + 4 + 4 * 2 + 2);
    // The kernel regularizer of the nested Dense is part of the layer's losses.
    const penalty = tidy(() => {
      const ls = l.losses;
      expect(ls.length).toBe(1);
      return ls[0]!.dataSync()[0]!;
    });
    const kernel = Array.from(l.d1.weights[0]!.dataSync());
    expect(penalty).toBeCloseTo(0.1 * kernel.reduce((s, v) => s + v * v, 0), 5);
    l.dispose();
  });

  it('a model built from a custom layer reports its weights in summary() and trains (loss moves)', async () => {
    setSeed(3);
    const inp = input({ shape: [6, 4] });
    const out = layers.dense({ units: 1 }).apply(layers.flatten().apply(new TransformerBlock(4).apply(inp)));
    const m = new Model({ inputs: inp, outputs: out });
    const block = m.layers[1] as TransformerBlock;
    // 3 projections (4·4+4) + ffn (4·8+8, 8·4+4) + 2 norms (4+4)
    expect(block.countParams()).toBe(3 * 20 + 40 + 36 + 16);
    expect(m.trainableWeights.length).toBe(3 * 2 + 4 + 4 + 2);
    const text = m.summary({ print: () => {} });
    expect(text).toMatch(/transformer_block\S* \(Transformer\s+\(None, 6, 4\)\s+152 /);
    expect(text).toMatch(/Total params: 177 /);
    const x = randomNormal([32, 6, 4]);
    const y = tidy(() => k.sum(k.reshape(x, [32, 24]), -1, true));
    m.compile({ optimizer: new Adam({ learningRate: 0.02 }), loss: 'mse' });
    const before = block.proj.q!.weights[0]!.dataSync();
    const h = await m.fit(x, y, { epochs: 15, batchSize: 8, verbose: 0 });
    expect(h.history.loss!.at(-1)!).toBeLessThan(h.history.loss![0]! * 0.5);
    const after = block.proj.q!.weights[0]!.dataSync();
    expect(after).not.toEqual(before);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('a subclassed model holding layers in an array trains', async () => {
    class Stack extends Model {
      blocks = [layers.dense({ units: 8, activation: 'tanh' }), layers.dense({ units: 1 })];
      override call(x: Tensor | Tensor[], args: CallArgs): Tensor {
        return this.blocks.reduce((h, l) => l.apply(h, args), x as Tensor);
      }
    }
    const m = new Stack();
    const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), y = tensor([[0], [1], [1], [0]]);
    m.compile({ optimizer: 'adam', loss: 'mse' });
    const h = await m.fit(x, y, { epochs: 30, batchSize: 4, verbose: 0 });
    expect(m.trainableWeights.length).toBe(4);
    expect(h.history.loss!.at(-1)!).toBeLessThan(h.history.loss![0]!);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('a layer referring back to its owner does not loop forever', () => {
    class Child extends Layer {
      owner: Layer | undefined;
      call(x: Tensor | Tensor[]): Tensor { return x as Tensor; }
    }
    class Parent extends Layer {
      child = new Child();
      constructor() { super(); this.child.owner = this; }
      call(x: Tensor | Tensor[]): Tensor { return this.child.apply(x as Tensor); }
    }
    const p = new Parent();
    expect(p.weights).toEqual([]);
    p.trainable = false;
    expect(p.child.trainable).toBe(false);
  });

  it('fields named like framework internals (stack, nodes, inputs, trainer) are tracked too', () => {
    class Named extends Layer {
      stack = [layers.dense({ units: 2 })];
      nodes = { a: layers.dense({ units: 2 }) };
      inputs = layers.dense({ units: 2 });
      trainer = layers.dense({ units: 2 });
      call(x: Tensor | Tensor[]): Tensor {
        return this.trainer.apply(this.inputs.apply(this.nodes.a.apply(this.stack[0]!.apply(x as Tensor))));
      }
    }
    const l = new Named();
    tidy(() => l.apply(ones([1, 3])));
    expect(l.sublayers.length).toBe(4);
    expect(l.trainableWeights.length).toBe(8);
    l.dispose();
  });

  it('Sequential of custom layers counts the nested weights', () => {
    const m = new Sequential([input({ shape: [5] }), new TwoDense()]);
    expect(m.countParams()).toBe(2 + 24 + 10);
    m.dispose();
  });
});

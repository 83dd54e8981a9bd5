// Models built in kerasm → Keras 3 config → models again: shared layers, nested models,
// call arguments, input/output structure, cloneModel and custom classes.

import { describe, expect, it } from 'vitest';
import * as layers from '../../../ts/layers/index.js';
import { input } from '../../../ts/layers/input_layer.js';
import { Layer, type CallArgs, type LayerArgs } from '../../../ts/layers/layer.js';
import { Model } from '../../../ts/models/model.js';
import { Sequential } from '../../../ts/models/sequential.js';
import { mulScalar } from '../../../ts/ops/unary.js';
import {
  cloneModel, deserializeKerasObject, deserializeModel, registerKerasSerializable, serializeKerasObject, serializeModel,
} from '../../../ts/saving/config/index.js';
import { tensor } from '../../../ts/tensor/creation.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';
import { asJson } from './helpers.js';

type Cfg = { layers: { name: string; class_name: string; inbound_nodes: { args: unknown[]; kwargs: Record<string, unknown> }[] }[]; input_layers: unknown; output_layers: unknown };
const cfgOf = (m: Model) => serializeModel(m).config as Cfg;
const histories = (entry: Cfg['layers'][number]) => entry.inbound_nodes.map((n) => {
  const a = n.args[0] as { config: { keras_history: unknown } } | { config: { keras_history: unknown } }[];
  return Array.isArray(a) ? a.map((t) => t.config.keras_history) : a.config.keras_history;
});
const entry = (m: Model, name: string) => cfgOf(m).layers.find((l) => l.name === name)!;

function rand(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1);
}

/** Loads `m`'s config, copies m's weights in, and checks both predict the same. */
function expectSameModel(m: Model, copy: Model, shapes: number[][]): void {
  expect(asJson(serializeModel(copy))).toEqual(asJson(serializeModel(m)));
  copy.setWeights(m.getWeights());
  const xs = shapes.map((s, i) => tensor(rand(s.reduce((a, b) => a * b, 1), i + 3), s));
  const a = m.predictOnBatch(xs.length === 1 ? xs[0]! : xs) as Tensor | Tensor[];
  const b = copy.predictOnBatch(xs.length === 1 ? xs[0]! : xs) as Tensor | Tensor[];
  const as = Array.isArray(a) ? a : [a];
  const bs = Array.isArray(b) ? b : [b];
  expect(bs.length).toBe(as.length);
  as.forEach((t, i) => expect(Array.from(bs[i]!.dataSync())).toEqual(Array.from(t.dataSync())));
  [...xs, ...as, ...bs].forEach((t) => t.dispose());
}

function siamese() {
  const a = input({ shape: [5], name: 'a' });
  const b = input({ shape: [5], name: 'b' });
  const shared = layers.dense({ units: 4, activation: 'tanh', name: 'shared' });
  const ha = shared.apply(a);
  const hb = shared.apply(b);
  const cat = layers.concatenate({ name: 'cat' }).apply([ha, hb]);
  const score = layers.dense({ units: 1, activation: 'sigmoid', name: 'score' }).apply(cat);
  const diff = layers.subtract({ name: 'diff' }).apply([hb, ha]);
  return new Model({ inputs: [a, b], outputs: [score, diff], name: 'siamese' });
}

describe('Functional models built in kerasm', () => {
  it('a shared layer has calls 0 and 1, merge layers take one list argument, and it all comes back', () => {
    const m = siamese();
    const c = cfgOf(m);
    // the order Keras 3 gives this graph (checked with Keras 3.15)
    expect(c.layers.map((l) => l.name)).toEqual(['a', 'b', 'shared', 'cat', 'score', 'diff']);
    expect(histories(entry(m, 'shared'))).toEqual([['a', 0, 0], ['b', 0, 0]]);
    expect(histories(entry(m, 'cat'))).toEqual([[['shared', 0, 0], ['shared', 1, 0]]]);
    expect(histories(entry(m, 'diff'))).toEqual([[['shared', 1, 0], ['shared', 0, 0]]]);
    expect(c.input_layers).toEqual([['a', 0, 0], ['b', 0, 0]]);
    expect(c.output_layers).toEqual([['score', 0, 0], ['diff', 0, 0]]);
    const copy = deserializeModel(asJson(serializeModel(m)) as object);
    expect(copy.getLayer('shared').inboundNodes).toHaveLength(2);
    expectSameModel(m, copy, [[3, 5], [3, 5]]);
    m.dispose();
    copy.dispose();
  });

  it('input/output structure is kept: a single tensor vs a list of one', () => {
    const x = input({ shape: [3], name: 'x' });
    const y = layers.dense({ units: 2, name: 'y' }).apply(x);
    const single = new Model({ inputs: x, outputs: y });
    const listed = new Model({ inputs: [x], outputs: [y] });
    expect(cfgOf(single).input_layers).toEqual(['x', 0, 0]);
    expect(cfgOf(single).output_layers).toEqual(['y', 0, 0]);
    expect(cfgOf(listed).input_layers).toEqual([['x', 0, 0]]);
    expect(cfgOf(listed).output_layers).toEqual([['y', 0, 0]]);
    const back = deserializeModel(asJson(serializeModel(listed)) as object);
    // model.apply keeps the structure (predict unwraps a single output, as Keras's does)
    const x1 = tensor([[1, 2, 3]]);
    const out = back.apply([x1]) as unknown as Tensor[];
    expect(Array.isArray(out)).toBe(true);
    expect(out[0]!.shape).toEqual([1, 2]);
    [x1, ...out].forEach((t) => t.dispose());
    single.dispose();
    back.dispose();
  });

  it('nested models: a Functional counts a built-in node in output_layers only; a Sequential does not', () => {
    const i = input({ shape: [4], name: 'inner_in' });
    const innerF = new Model({ inputs: i, outputs: layers.dense({ units: 3, name: 'inner_d' }).apply(i), name: 'inner_f' });
    const innerS = new Sequential([input({ shape: [3], name: 'seq_in' }), layers.dense({ units: 2, name: 'seq_d' })], { name: 'inner_s' });
    const x = input({ shape: [4], name: 'x' });
    const h = innerF.apply(x);
    const y = innerS.apply(h);
    const m = new Model({ inputs: x, outputs: [y, h], name: 'outer' });
    const c = cfgOf(m);
    expect(c.layers.map((l) => [l.name, l.class_name])).toEqual([['x', 'InputLayer'], ['inner_f', 'Functional'], ['inner_s', 'Sequential']]);
    expect(histories(entry(m, 'inner_s'))).toEqual([['inner_f', 0, 0]]);
    expect(entry(m, 'inner_f').inbound_nodes[0]!.kwargs).toEqual({ mask: null });
    expect(c.output_layers).toEqual([['inner_s', 0, 0], ['inner_f', 1, 0]]);
    const copy = deserializeModel(asJson(serializeModel(m)) as object);
    expect(copy.getLayer('inner_f')).toBeInstanceOf(Model);
    expect(copy.getLayer('inner_s')).toBeInstanceOf(Sequential);
    expectSameModel(m, copy, [[2, 4]]);
    m.dispose();
    copy.dispose();
  });

  it('a nested model called twice is shared (calls 0 and 1)', () => {
    const enc = new Sequential([input({ shape: [3], name: 'enc_in' }), layers.dense({ units: 3, name: 'enc_d' })], { name: 'enc' });
    const x = input({ shape: [3], name: 'x' });
    const y = enc.apply(enc.apply(x));
    const m = new Model({ inputs: x, outputs: y });
    expect(histories(entry(m, 'enc'))).toEqual([['x', 0, 0], ['enc', 0, 0]]);
    expect(cfgOf(m).output_layers).toEqual(['enc', 1, 0]);
    const copy = deserializeModel(asJson(serializeModel(m)) as object);
    expect(copy.getLayer('enc').inboundNodes).toHaveLength(2);
    expectSameModel(m, copy, [[2, 3]]);
    m.dispose();
    copy.dispose();
  });

  it('call arguments: an explicit training flag is kept; Keras\'s recorded Dropout default is written and not read back', () => {
    const base = new Sequential([input({ shape: [3], name: 'base_in' }), layers.dense({ units: 3, name: 'base_d' })], { name: 'base' });
    const x = input({ shape: [3], name: 'x' });
    const h = base.apply(x, { training: false });
    const y = layers.dropout({ rate: 0.5, name: 'drop' }).apply(h);
    const m = new Model({ inputs: x, outputs: y });
    expect(entry(m, 'base').inbound_nodes[0]!.kwargs).toEqual({ mask: null, training: false });
    expect(entry(m, 'drop').inbound_nodes[0]!.kwargs).toEqual({ training: false });
    const copy = deserializeModel(asJson(serializeModel(m)) as object);
    expect(copy.getLayer('base').inboundNodes[0]!.kwargs).toEqual({ training: false });
    expect(copy.getLayer('drop').inboundNodes[0]!.kwargs).toEqual({});
    // so the dropout still drops in training
    const ones = tensor(new Float32Array(300).fill(1), [100, 3]);
    const out = copy.apply(ones, { training: true }) as Tensor;
    expect(Array.from(out.dataSync()).some((v) => v === 0)).toBe(true);
    [ones, out].forEach((t) => t.dispose());
    m.dispose();
    copy.dispose();
  });
});

describe('cloneModel', () => {
  it('Functional: same config, new layer objects, fresh weights, the shared layer still shared', () => {
    const m = siamese();
    const c = cloneModel(m);
    expect(asJson(serializeModel(c))).toEqual(asJson(serializeModel(m)));
    expect(c.getLayer('shared')).not.toBe(m.getLayer('shared'));
    expect(c.getLayer('shared').inboundNodes).toHaveLength(2);
    const w0 = m.getLayer('shared').getWeights()[0]!;
    const w1 = c.getLayer('shared').getWeights()[0]!;
    expect(w1.length).toBe(w0.length);
    expect(Array.from(w1)).not.toEqual(Array.from(w0));
    m.dispose();
    c.dispose();
  });

  it('Sequential with cloneFunction: the function makes each layer, the input is recreated', () => {
    const m = new Sequential([input({ shape: [4], name: 'in' }), layers.dense({ units: 3, name: 'd' }), layers.dropout({ rate: 0.5, name: 'drop' })], { name: 's' });
    const seen: string[] = [];
    const c = cloneModel(m, {
      cloneFunction: (l) => {
        seen.push(l.name);
        return l.className === 'Dropout' ? layers.dropout({ rate: 0.1, name: 'drop' }) : deserializeKerasObject(serializeKerasObject(l)) as Layer;
      },
    });
    expect(seen).toEqual(['d', 'drop']);
    expect(c).toBeInstanceOf(Sequential);
    expect(c.inputs[0]!.node!.layer).not.toBe(m.inputs[0]!.node!.layer);
    expect(c.inputs[0]!.shape).toEqual([null, 4]);
    expect((c.getLayer('drop') as unknown as { rate: number }).rate).toBe(0.1);
    m.dispose();
    c.dispose();
  });
});

class Scale extends Layer {
  readonly factor: number;
  constructor(args: LayerArgs & { factor?: number } = {}) {
    super(args);
    this.factor = args.factor ?? 2;
  }
  call(x: Tensor | Tensor[], _args: CallArgs): Tensor {
    return mulScalar(x as Tensor, this.factor);
  }
  override getConfig() {
    return { ...super.getConfig(), factor: this.factor };
  }
}

class Shift extends Scale {}

describe('custom classes', () => {
  const model = (layer: Layer) => {
    const x = input({ shape: [2], name: 'x' });
    return new Model({ inputs: x, outputs: layer.apply(x) });
  };

  it('customObjects: written with registered_name = class name, loaded only when passed', () => {
    const m = model(new Scale({ factor: 3, name: 'scale' }));
    const spec = asJson(serializeModel(m)) as { config: { layers: Record<string, unknown>[] } };
    expect(spec.config.layers[1]).toMatchObject({ module: null, class_name: 'Scale', registered_name: 'Scale', config: { factor: 3 } });
    expect(() => deserializeModel(spec)).toThrow(/Unknown layer class 'Scale' \(layer 'scale'\).*customObjects/);
    const back = deserializeModel(spec, { customObjects: { Scale } });
    const y = back.predictOnBatch(tensor([[1, 2]])) as Tensor;
    expect(Array.from(y.dataSync())).toEqual([3, 6]);
    y.dispose();
    m.dispose();
    back.dispose();
  });

  it('registerKerasSerializable: Keras\'s package>Name registered_name, loadable without customObjects', () => {
    registerKerasSerializable('my_pkg>Shift', Shift);
    const m = model(new Shift({ factor: 5, name: 'shift' }));
    const spec = asJson(serializeModel(m)) as { config: { layers: Record<string, unknown>[] } };
    expect(spec.config.layers[1]).toMatchObject({ module: null, class_name: 'Shift', registered_name: 'my_pkg>Shift' });
    const back = deserializeModel(spec);
    expect(back.getLayer('shift')).toBeInstanceOf(Shift);
    m.dispose();
    back.dispose();
  });
});

class TwoHead extends Model {}

describe('a registered Model subclass built the functional way', () => {
  it('is written as its class with the functional config and loads as that class', () => {
    registerKerasSerializable('TwoHead', TwoHead);
    const x = input({ shape: [3], name: 'x' });
    const m = new TwoHead({ inputs: x, outputs: layers.dense({ units: 2, name: 'd' }).apply(x), name: 'two' });
    const spec = asJson(serializeModel(m)) as Record<string, unknown>;
    expect(spec).toMatchObject({ module: null, class_name: 'TwoHead', registered_name: 'Custom>TwoHead', config: { name: 'two', input_layers: ['x', 0, 0] } });
    const back = deserializeModel(spec);
    expect(back).toBeInstanceOf(TwoHead);
    expect(asJson(serializeModel(back))).toEqual(spec);
    m.dispose();
    back.dispose();
  });
});

describe('Model.fromConfig', () => {
  it('takes the inner config (Keras Model.from_config(model.get_config())) or the whole serialized model', () => {
    const m = siamese();
    const whole = asJson(serializeModel(m)) as { config: object };
    const a = Model.fromConfig(whole.config);
    const b = Model.fromConfig(whole);
    expect(asJson(serializeModel(a))).toEqual(whole);
    expect(asJson(serializeModel(b))).toEqual(whole);
    const s = new Sequential([input({ shape: [2], name: 'i' }), layers.dense({ units: 1, name: 'o' })], { name: 'seq' });
    const c = Model.fromConfig(s.getConfig());
    expect(c).toBeInstanceOf(Sequential);
    expect(asJson(serializeModel(c))).toEqual(asJson(serializeModel(s)));
    [m, a, b, s, c].forEach((x) => x.dispose());
  });
});

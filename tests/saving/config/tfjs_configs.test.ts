// tfjs-layers topologies (Keras 2 form: `batch_input_shape`, `inbound_nodes: [[[name, node,
// tensor, kwargs]]]`, nested models counting a built-in node) load in kerasm as the same
// architecture: same layers, wiring and output shapes, and — with tfjs's weights copied in by
// layer name — the same predictions.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import '../../../ts/index.js';
import type { Model } from '../../../ts/models/model.js';
import { Sequential } from '../../../ts/models/sequential.js';
import { deserializeModel, modelFromJSON } from '../../../ts/saving/config/index.js';
import { tensor } from '../../../ts/tensor/creation.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';
import { asJson, fixture } from './helpers.js';
import { TFJS_MODELS } from './tfjs_models.mjs';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function rand(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1);
}

function copyWeights(from: tfl.LayersModel, to: Model): void {
  for (const l of from.layers) {
    const w = l.getWeights();
    if (w.length > 0) to.getLayer(l.name).setWeights(w.map((t) => t.dataSync() as Float32Array));
  }
}

function expectSamePredictions(tm: tfl.LayersModel, km: Model, inputShapes: number[][]): void {
  const xs = inputShapes.map((s, i) => rand(s.reduce((a, b) => a * b, 1), 7 + i));
  const tIn = xs.map((x, i) => tf.tensor(x, inputShapes[i]));
  const kIn = xs.map((x, i) => tensor(x, inputShapes[i]));
  const tOut = tm.predict(tIn.length === 1 ? tIn[0]! : tIn) as tf.Tensor | tf.Tensor[];
  const kOut = km.predictOnBatch(kIn.length === 1 ? kIn[0]! : kIn) as Tensor | Tensor[];
  const ts = Array.isArray(tOut) ? tOut : [tOut];
  const ks = Array.isArray(kOut) ? kOut : [kOut];
  expect(ks.length).toBe(ts.length);
  ts.forEach((t, i) => {
    expect(ks[i]!.shape).toEqual(t.shape);
    const a = t.dataSync();
    const b = ks[i]!.dataSync();
    for (let j = 0; j < a.length; j++) expect(Math.abs(a[j]! - b[j]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(a[j]!)));
  });
  tf.dispose([...tIn, ...ts]);
  [...kIn, ...ks].forEach((t) => t.dispose());
}

describe('tfjs topologies', () => {
  it('the committed fixtures are what tfjs-layers 4.22 writes today', () => {
    for (const [name, make] of Object.entries(TFJS_MODELS)) {
      const m = make();
      expect(asJson(m.toJSON(null, false))).toEqual(fixture(`${name}.json`));
      m.dispose();
    }
  });

  it('Sequential MLP: batch_input_shape on the first layer becomes the model input', () => {
    const km = deserializeModel(fixture('tfjs_mlp.json'));
    expect(km).toBeInstanceOf(Sequential);
    expect(km.name).toBe('tfjs_mlp');
    expect(km.inputs[0]!.shape).toEqual([null, 12]);
    expect(km.layers.map((l) => [l.name, l.className, l.outputShape])).toEqual([
      ['hidden', 'Dense', [null, 16]], ['drop', 'Dropout', [null, 16]], ['probs', 'Dense', [null, 3]],
    ]);
    const tm = TFJS_MODELS.tfjs_mlp();
    expect(km.countParams()).toBe(tm.countParams());
    copyWeights(tm, km);
    expectSamePredictions(tm, km, [[4, 12]]);
    tm.dispose();
    km.dispose();
  });

  it('Functional: shared layer, nested Sequential (referenced as node 1 by tfjs), merge, two outputs', () => {
    const km = deserializeModel(fixture('tfjs_functional.json'));
    expect(km.inputNames).toEqual(['in_a', 'in_b']);
    expect(km.outputNames).toEqual(['head', 'cat']);
    const shared = km.getLayer('shared');
    expect(shared.inboundNodes.map((n) => n.inputs[0]!.node!.layer.name)).toEqual(['in_a', 'in_b']);
    const inner = km.getLayer('inner');
    expect(inner).toBeInstanceOf(Sequential);
    // the nested model is called on the second call of the shared layer
    expect(inner.inboundNodes[0]!.inputs[0]!.node).toBe(shared.inboundNodes[1]);
    expect(km.outputs.map((t) => t.shape)).toEqual([[null, 2], [null, 12]]);
    const tm = TFJS_MODELS.tfjs_functional();
    expect(km.countParams()).toBe(tm.countParams());
    copyWeights(tm, km);
    expectSamePredictions(tm, km, [[3, 6], [3, 6]]);
    tm.dispose();
    km.dispose();
  });

  it('a whole model.json (modelTopology) and the converter form (model_config) load too', () => {
    const topo = fixture('tfjs_mlp.json');
    const a = modelFromJSON({ format: 'layers-model', modelTopology: topo, weightsManifest: [] });
    const b = modelFromJSON(JSON.stringify({ keras_version: '2.15.0', backend: 'tensorflow', model_config: topo }));
    expect(a.layers.map((l) => l.name)).toEqual(['hidden', 'drop', 'probs']);
    expect(b.countParams()).toBe(a.countParams());
    a.dispose();
    b.dispose();
  });
});

describe('Keras 2 forms', () => {
  const k2Dense = (name: string, units: number, extra: Record<string, unknown> = {}) => ({
    class_name: 'Dense',
    config: { name, trainable: true, dtype: 'float32', units, activation: 'linear', use_bias: true, kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } }, bias_initializer: { class_name: 'Zeros', config: {} }, ...extra },
  });

  it('a Sequential whose config is the bare list of layers', () => {
    const m = deserializeModel({ class_name: 'Sequential', config: [k2Dense('d1', 3, { batch_input_shape: [null, 4] }), k2Dense('d2', 2)] });
    expect(m.inputs[0]!.shape).toEqual([null, 4]);
    expect(m.layers.map((l) => [l.name, l.outputShape])).toEqual([['d1', [null, 3]], ['d2', [null, 2]]]);
    m.dispose();
  });

  it("class 'Model' with a nested Model: nested models count a built-in node everywhere; one-element endpoint lists unwrap", () => {
    const inner = {
      class_name: 'Model', name: 'inner',
      config: {
        name: 'inner',
        layers: [
          { class_name: 'InputLayer', name: 'ii', config: { batch_input_shape: [null, 4], dtype: 'float32', sparse: false, name: 'ii' }, inbound_nodes: [] },
          { ...k2Dense('id', 3), name: 'id', inbound_nodes: [[['ii', 0, 0, {}]]] },
        ],
        input_layers: [['ii', 0, 0]], output_layers: [['id', 0, 0]],
      },
      inbound_nodes: [[['x', 0, 0, {}]], [['x', 0, 0, {}]]],
    };
    const spec = {
      class_name: 'Model', keras_version: '2.15.0', backend: 'tensorflow',
      config: {
        name: 'outer',
        layers: [
          { class_name: 'InputLayer', name: 'x', config: { batch_input_shape: [null, 4], dtype: 'float32', sparse: false, name: 'x' }, inbound_nodes: [] },
          inner,
          { class_name: 'Add', name: 'sum', config: { name: 'sum', trainable: true, dtype: 'float32' }, inbound_nodes: [[['inner', 1, 0, {}], ['inner', 2, 0, {}]]] },
        ],
        input_layers: [['x', 0, 0]], output_layers: [['sum', 0, 0], ['inner', 2, 0]],
      },
    };
    const m = modelFromJSON(JSON.stringify(spec));
    const nested = m.getLayer('inner');
    expect(nested.inboundNodes).toHaveLength(2);
    const sum = m.getLayer('sum').inboundNodes[0]!;
    expect(sum.inputs.map((t) => t.node)).toEqual(nested.inboundNodes);
    expect(m.outputs[1]!.node).toBe(nested.inboundNodes[1]);
    expect(m.inputs).toHaveLength(1);
    const x = tensor(new Float32Array([1, 2, 3, 4]), [1, 4]);
    const [s, h] = m.predictOnBatch(x) as Tensor[];
    // one layer called twice on the same input: the sum is twice its output
    expect(Array.from(s!.dataSync())).toEqual(Array.from(h!.dataSync()).map((v) => 2 * v));
    [x, s!, h!].forEach((t) => t.dispose());
    m.dispose();
  });
});

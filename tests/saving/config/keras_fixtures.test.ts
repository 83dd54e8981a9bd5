// Configs written by real Keras 3 (make_configs.py: the config.json of model.save('x.keras')):
// each loads in kerasm with the right layers, shapes and wiring, and kerasm writes it back
// exactly as Keras wrote it.

import { describe, expect, it } from 'vitest';
import '../../../ts/index.js';
import { InputLayer } from '../../../ts/layers/input_layer.js';
import { Model } from '../../../ts/models/model.js';
import { Sequential } from '../../../ts/models/sequential.js';
import { deserializeModel, modelFromJSON, modelToJSON, serializeModel } from '../../../ts/saving/config/index.js';
import { ones } from '../../../ts/tensor/creation.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';
import { asJson, comparable, fixture } from './helpers.js';

const NAMES = ['mlp', 'cnn', 'functional_shared', 'functional_nested', 'sequential_no_input'];

describe('Keras 3 configs round-trip exactly', () => {
  for (const name of NAMES) {
    it(name, () => {
      const spec = fixture(`${name}.keras.json`);
      const model = deserializeModel(spec);
      expect(comparable(asJson(serializeModel(model)))).toEqual(comparable(spec));
      // through JSON text as well
      const again = modelFromJSON(modelToJSON(model));
      expect(asJson(serializeModel(again))).toEqual(asJson(serializeModel(model)));
      model.dispose();
      again.dispose();
    });
  }
});

const shapesOf = (m: Model) => m.layers.map((l) => [l.name, l.className, l.inboundNodes[0] ? l.outputShape : null]);

describe('Keras 3 configs load as the same architecture', () => {
  it('MLP: Sequential with its input, layer names, shapes and parameter count', () => {
    const m = deserializeModel(fixture('mlp.keras.json'));
    expect(m).toBeInstanceOf(Sequential);
    expect(m.name).toBe('mlp');
    expect(shapesOf(m)).toEqual([['hidden', 'Dense', [null, 128]], ['drop', 'Dropout', [null, 128]], ['probs', 'Dense', [null, 10]]]);
    expect(m.inputs[0]!.node!.layer.name).toBe('pixels');
    expect(m.countParams()).toBe(784 * 128 + 128 + 128 * 10 + 10);
    const y = m.predictOnBatch(ones([2, 784])) as Tensor;
    expect(y.shape).toEqual([2, 10]);
    y.dispose();
    m.dispose();
  });

  it('CNN: conv/BN/pool stack with the Keras output shapes', () => {
    const m = deserializeModel(fixture('cnn.keras.json'));
    expect(shapesOf(m).map(([n, , s]) => [n, s])).toEqual([
      ['conv1', [null, 26, 26, 32]], ['bn', [null, 26, 26, 32]], ['pool1', [null, 13, 13, 32]], ['conv2', [null, 11, 11, 64]],
      ['pool2', [null, 5, 5, 64]], ['flat', [null, 1600]], ['fc', [null, 64]], ['drop', [null, 64]], ['probs', [null, 10]],
    ]);
    // Keras: 320 + 128 + 18496 + 102464 + 650
    expect(m.countParams()).toBe(122058);
    m.dispose();
  });

  it('two inputs, two outputs and one Dense called twice (node indices 0 and 1)', () => {
    const m = deserializeModel(fixture('functional_shared.keras.json'));
    expect(m.className).toBe('Model');
    expect(m.inputNames).toEqual(['in_a', 'in_b']);
    expect(m.outputNames).toEqual(['out_score', 'out_class']);
    const shared = m.getLayer('shared');
    expect(shared.inboundNodes.map((n) => n.inputs[0]!.node!.layer.name)).toEqual(['in_a', 'in_b']);
    const cat = m.getLayer('cat').inboundNodes[0]!;
    expect(cat.inputs.map((t) => t.node)).toEqual(shared.inboundNodes);
    const diff = m.getLayer('diff').inboundNodes[0]!;
    expect(diff.inputs[0]!.node).toBe(shared.inboundNodes[0]);
    expect(diff.inputs[1]!.node).toBe(shared.inboundNodes[1]);
    expect(m.countParams()).toBe(8 * 4 + 4 + 8 + 1 + 4 * 3 + 3);
    // One Dense, so the two branches agree when fed the same input.
    const x = ones([1, 8]);
    const [score, cls] = m.predictOnBatch([x, x]) as Tensor[];
    expect(score!.shape).toEqual([1, 1]);
    expect(cls!.shape).toEqual([1, 3]);
    expect(Array.from(cls!.dataSync())).toEqual([1 / 3, 1 / 3, 1 / 3].map((v) => expect.closeTo(v, 6)));
    for (const t of [x, score!, cls!]) t.dispose();
    m.dispose();
  });

  it('a Sequential nested in a Functional model is one layer with its own input', () => {
    const m = deserializeModel(fixture('functional_nested.keras.json'));
    const inner = m.getLayer('inner');
    expect(inner).toBeInstanceOf(Sequential);
    expect((inner as Sequential).layers.map((l) => l.name)).toEqual(['inner_d1', 'inner_d2']);
    expect((inner as Sequential).inputs[0]!.node!.layer.name).toBe('inner_in');
    expect(m.layers.map((l) => l.name)).toEqual(['outer_in', 'inner', 'head']);
    expect(m.getLayer('head').inboundNodes[0]!.inputs[0]!.node!.layer).toBe(inner);
    expect(m.countParams()).toBe(6 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2);
    m.dispose();
  });

  it('a Sequential without an input loads unbuilt, keeps no InputLayer, and builds on first call', () => {
    const m = deserializeModel(fixture('sequential_no_input.keras.json')) as Sequential;
    expect(m.built).toBe(false);
    expect(m.layers.map((l) => l.name)).toEqual(['d1', 'd2']);
    expect((serializeModel(m).config as { layers: { class_name: string }[] }).layers.map((l) => l.class_name)).toEqual(['Dense', 'Dense']);
    const y = m.predictOnBatch(ones([2, 5])) as Tensor;
    expect(y.shape).toEqual([2, 1]);
    y.dispose();
    // built now: like Keras, the config gains the InputLayer and build_input_shape
    const cfg = serializeModel(m);
    expect((cfg.config as { layers: { class_name: string }[] }).layers[0]!.class_name).toBe('InputLayer');
    expect((cfg.config as { build_input_shape: unknown }).build_input_shape).toEqual([null, 5]);
    expect(m.inputs[0]!.node!.layer).toBeInstanceOf(InputLayer);
    m.dispose();
  });
});

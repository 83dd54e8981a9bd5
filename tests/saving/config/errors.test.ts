// Loading never runs code from a file and never leaves a half-built model: Lambda-like and
// unknown classes are refused by name, names that are Object members are inert, broken graphs
// and wrong field types are ValueErrors naming the place, and whatever was built before an
// error is freed.

import { describe, expect, it } from 'vitest';
import '../../../ts/index.js';
import { ValueError } from '../../../ts/errors.js';
import { deserializeLayer } from '../../../ts/layers/serialization.js';
import { deserializeModel, modelFromJSON } from '../../../ts/saving/config/index.js';
import { engine } from '../../../ts/tensor/engine.js';
import { fixture } from './helpers.js';

const dense = (name: string, units = 2) => ({ module: 'keras.layers', class_name: 'Dense', config: { name, units }, registered_name: null });
const inputLayer = (name: string, shape = [null, 3]) => ({ module: 'keras.layers', class_name: 'InputLayer', config: { name, batch_shape: shape, dtype: 'float32' }, registered_name: null, name, inbound_nodes: [] });
const kt = (layer: string, node = 0, tensor = 0) => ({ class_name: '__keras_tensor__', config: { shape: [null, 3], dtype: 'float32', keras_history: [layer, node, tensor] } });
const call = (...refs: unknown[]) => ({ args: [refs.length === 1 ? refs[0] : refs], kwargs: {} });
const functional = (layers: unknown[], inputs: unknown = ['x', 0, 0], outputs: unknown = ['d', 0, 0]) => ({
  module: 'keras.src.models.functional', class_name: 'Functional', registered_name: 'Functional',
  config: { name: 'f', trainable: true, layers, input_layers: inputs, output_layers: outputs },
});
const sequential = (layers: unknown[]) => ({ module: 'keras', class_name: 'Sequential', registered_name: null, config: { name: 's', layers } });

/** The error `f` throws (a ValueError), after checking no tensor was left allocated. */
function refused(f: () => unknown): ValueError {
  const before = engine.numTensors;
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ValueError);
  expect(engine.numTensors).toBe(before);
  return err as ValueError;
}

describe('code is never loaded', () => {
  // As Keras 3 writes a Lambda: the function as marshalled Python bytecode.
  const lambda = {
    module: 'keras.layers', class_name: 'Lambda', registered_name: null,
    config: { name: 'lam', function: { class_name: '__lambda__', config: { code: '4wEAAAAAAAAAAAAAAAEAAAAC', defaults: null, closure: null } } },
  };

  it('Lambda in a Sequential: named, with why and how to replace it', () => {
    const e = refused(() => deserializeModel(sequential([inputLayer('x'), dense('d'), lambda])));
    expect(e.message).toMatch(/'Lambda' \(layer 'lam'\).*Python code, which kerasm never executes/);
    expect(e.message).toMatch(/customObjects: \{ Lambda: MyLayer \}/);
  });

  it('Lambda, TFOpLambda and SlicingOpLambda in a Functional model', () => {
    for (const cls of ['Lambda', 'TFOpLambda', 'SlicingOpLambda']) {
      const spec = functional([inputLayer('x'), { ...lambda, class_name: cls, name: 'd', inbound_nodes: [call(kt('x'))] }]);
      expect(refused(() => deserializeModel(spec)).message).toMatch(new RegExp(`'${cls}' \\(layer 'd'\\).*never executes`));
    }
  });

  it('an unknown class is named, with how to register it; a Keras layer kerasm lacks says so', () => {
    const e = refused(() => deserializeModel(sequential([inputLayer('x'), { ...dense('d'), class_name: 'MyBlock' }])));
    expect(e.message).toMatch(/Unknown layer class 'MyBlock' \(layer 'd'\).*registerKerasSerializable\('MyBlock', MyLayer\).*customObjects/);
    expect(e.message).toMatch(/Known classes: .*Dense/);
    const missing = refused(() => deserializeModel(sequential([inputLayer('x'), { ...dense('d'), class_name: 'ConvLSTM2D' }])));
    expect(missing.message).toMatch(/'ConvLSTM2D' is a Keras layer that kerasm does not implement yet/);
  });

  it('class names that are Object members resolve to nothing, customObjects or not', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const spec = sequential([inputLayer('x'), { ...dense('d'), class_name: name }]);
      expect(refused(() => deserializeModel(spec)).message).toMatch(/Unknown layer class/);
      expect(refused(() => deserializeModel(spec, { customObjects: {} })).message).toMatch(/Unknown layer class/);
    }
  });

  it('a "__proto__" config key never reaches a prototype', () => {
    const text = '{"module":"keras","class_name":"Sequential","config":{"name":"s","layers":[' +
      '{"module":"keras.layers","class_name":"Dense","config":{"name":"d","units":2,"__proto__":{"polluted":true}},"registered_name":null}]}}';
    try {
      modelFromJSON(text).dispose();
    } catch (e) {
      expect(e).toBeInstanceOf(ValueError);
    }
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('broken graphs', () => {
  it('an inbound node naming a layer that is not in the model', () => {
    const spec = functional([inputLayer('x'), { ...dense('d'), name: 'd', inbound_nodes: [call(kt('nope'))] }]);
    expect(refused(() => deserializeModel(spec)).message).toMatch(/Functional model 'f': layer 'd' call 0 refers to layer 'nope', which is not in the model's layers/);
  });

  it('a call or output index that does not exist', () => {
    const badNode = functional([inputLayer('x'), { ...dense('d'), name: 'd', inbound_nodes: [call(kt('x', 5))] }]);
    expect(refused(() => deserializeModel(badNode)).message).toMatch(/refers to call 5 of layer 'x', which has 1 call/);
    const badTensor = functional([inputLayer('x'), { ...dense('d'), name: 'd', inbound_nodes: [call(kt('x', 0, 3))] }]);
    expect(refused(() => deserializeModel(badTensor)).message).toMatch(/asks for output 3 of layer 'x', which has 1 output/);
    const badOutput = functional([inputLayer('x'), { ...dense('d'), name: 'd', inbound_nodes: [call(kt('x'))] }], ['x', 0, 0], ['d', 2, 0]);
    expect(refused(() => deserializeModel(badOutput)).message).toMatch(/output_layers refers to call 2 of layer 'd'/);
  });

  it('a cycle is named by a layer on it', () => {
    const spec = functional([
      inputLayer('x'),
      { ...dense('a', 3), name: 'a', inbound_nodes: [call(kt('b'))] },
      { ...dense('b', 3), name: 'b', inbound_nodes: [call(kt('a'))] },
      { ...dense('d'), name: 'd', inbound_nodes: [call(kt('b'))] },
    ]);
    expect(refused(() => deserializeModel(spec)).message).toMatch(/cycle through layer '(a|b)'/);
  });

  it('duplicate names, inputs that are not input layers, dict inputs', () => {
    const dup = functional([inputLayer('x'), { ...dense('d'), name: 'd', inbound_nodes: [call(kt('x'))] }, { ...dense('d'), name: 'd', inbound_nodes: [call(kt('x'))] }]);
    expect(refused(() => deserializeModel(dup)).message).toMatch(/two layers are named 'd'/);
    const notInput = functional([inputLayer('x'), { ...dense('d'), name: 'd', inbound_nodes: [call(kt('x'))] }], ['d', 0, 0]);
    expect(refused(() => deserializeModel(notInput)).message).toMatch(/input_layers must name input layers; 'd' is a Dense/);
    const dict = functional([inputLayer('x'), { ...dense('d'), name: 'd', inbound_nodes: [call(kt('x'))] }], { x: ['x', 0, 0] });
    expect(refused(() => deserializeModel(dict)).message).toMatch(/input_layers` must be a list/);
  });
});

describe('wrong types', () => {
  const ok = () => functional([inputLayer('x'), { ...dense('d'), name: 'd', inbound_nodes: [call(kt('x'))] }]);
  const cases: [string, (s: ReturnType<typeof ok>) => void, RegExp][] = [
    ['layers is not a list', (s) => { (s.config as Record<string, unknown>).layers = { 0: 1 }; }, /config field `layers` must be a list/],
    ['a layer name is a number', (s) => { Object.assign(s.config.layers[1]!, { name: 7 }); }, /layers\[1\]\.name must be a non-empty string. Received: 7/],
    ['class_name is missing', (s) => { delete (s.config.layers[1] as Record<string, unknown>).class_name; }, /layer 'd' field `class_name` must be a non-empty string/],
    ['inbound_nodes is a string', (s) => { Object.assign(s.config.layers[1]!, { inbound_nodes: 'x' }); }, /layer 'd' field `inbound_nodes` must be a list/],
    ['keras_history has a string index', (s) => { Object.assign(s.config.layers[1]!, { inbound_nodes: [call({ class_name: '__keras_tensor__', config: { keras_history: ['x', '0', 0] } })] }); }, /keras_history\[1\] \(node index\) must be a non-negative integer. Received: '0'/],
    ['an argument is not a tensor', (s) => { Object.assign(s.config.layers[1]!, { inbound_nodes: [call({ class_name: 'Dense', config: {} })] }); }, /only symbolic tensors/],
    ['a node kwarg holds a tensor', (s) => { Object.assign(s.config.layers[1]!, { inbound_nodes: [{ args: [kt('x')], kwargs: { mask: kt('x') } }] }); }, /call argument 'mask' holds a tensor/],
    ['trainable is a string', (s) => { (s.config as Record<string, unknown>).trainable = 'yes'; }, /config field `trainable` must be a boolean. Received: 'yes'/],
    ['the layer config is a list', (s) => { Object.assign(s.config.layers[1]!, { config: [1, 2] }); }, /Config of layer class 'Dense' must be an object/],
    ['units is a string', (s) => { Object.assign(s.config.layers[1]!, { config: { name: 'd', units: 'ten' } }); }, /units/],
  ];
  for (const [what, edit, message] of cases) {
    it(what, () => {
      const s = ok();
      edit(s);
      expect(refused(() => deserializeModel(s)).message).toMatch(message);
    });
  }

  it('Sequential fields: layers, build_input_shape, name', () => {
    expect(refused(() => deserializeModel({ class_name: 'Sequential', config: { name: 's', layers: 'dense' } })).message).toMatch(/Sequential config field `layers` must be a list/);
    expect(refused(() => deserializeModel({ class_name: 'Sequential', config: { name: 's', layers: [dense('d')], build_input_shape: [null, -3] } })).message).toMatch(/build_input_shape` must be a list of non-negative integers/);
    expect(refused(() => deserializeModel({ class_name: 'Sequential', config: { name: 5, layers: [] } })).message).toMatch(/`name` must be a string/);
    expect(refused(() => deserializeModel({ class_name: 5, config: {} })).message).toMatch(/string `class_name`/);
    expect(refused(() => modelFromJSON('{"class_name": "Sequential", ')).message).toMatch(/not valid JSON/);
  });

  it('a layer, not a model, at the top', () => {
    expect(refused(() => deserializeModel(dense('d'))).message).toMatch(/class 'Dense' is a layer, not a model/);
  });
});

describe('limits and clean failure', () => {
  it('a config nested thousands deep is refused without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const spec = sequential([{ ...dense('d'), config: { name: 'd', units: 2, extra: deep } }]);
    expect(refused(() => deserializeModel(spec)).message).toMatch(/nests deeper than 200 levels/);
    const self: Record<string, unknown> = { class_name: 'Sequential' };
    self.config = self;
    expect(refused(() => deserializeModel(self)).message).toMatch(/nests deeper|refers to itself/);
  });

  it('a layer failing late frees the layers built before it (Sequential, Functional, nested)', () => {
    // Sequential: two built Dense layers, then one that cannot be made
    refused(() => deserializeModel(sequential([inputLayer('x'), dense('a', 4), dense('b', 4), { ...dense('c'), config: { name: 'c', units: -1 } }])));
    // Functional: the Concatenate call fails after both Dense layers were built
    const f = functional([
      inputLayer('x'), inputLayer('y', [null, 3, 2]),
      { ...dense('a', 4), name: 'a', inbound_nodes: [call(kt('x'))] },
      { ...dense('b', 4), name: 'b', inbound_nodes: [call(kt('y'))] },
      { module: 'keras.layers', class_name: 'Concatenate', config: { name: 'd', axis: -1 }, registered_name: null, name: 'd', inbound_nodes: [call(kt('a'), kt('b'))] },
    ], [['x', 0, 0], ['y', 0, 0]]);
    refused(() => deserializeModel(f));
    // a nested model that fails inside an outer one
    const nested = fixture('functional_nested.keras.json') as { config: { layers: { config: { layers: { config: Record<string, unknown> }[] } }[] } };
    nested.config.layers[1]!.config.layers[2]!.config.units = 0;
    refused(() => deserializeModel(nested));
  });

  it('deserializeLayer refuses a non-object spec', () => {
    expect(() => deserializeLayer('Dense' as never)).toThrow(/Layer config must be an object/);
  });
});

// Keras's generic serialize_keras_object / deserialize_keras_object over kerasm's objects.

import { describe, expect, it } from 'vitest';
import '../../../ts/index.js';
import * as initializers from '../../../ts/initializers/index.js';
import * as regularizers from '../../../ts/regularizers/index.js';
import * as losses from '../../../ts/losses/index.js';
import * as optimizers from '../../../ts/optimizers/index.js';
import * as layers from '../../../ts/layers/index.js';
import { ValueError } from '../../../ts/errors.js';
import { deserializeKerasObject, registerKerasSerializable, serializeKerasObject } from '../../../ts/saving/config/index.js';
import { asJson } from './helpers.js';

describe('serializeKerasObject / deserializeKerasObject', () => {
  it('round-trips initializers, regularizers, losses, optimizers and layers with their Keras module', () => {
    const objs = [
      initializers.heNormal({ seed: 3 }), regularizers.l1l2({ l1: 0.5, l2: 0.25 }), new losses.CategoricalCrossentropy({ fromLogits: true }),
      optimizers.get('adam'), layers.dense({ units: 4, name: 'd', activation: 'relu' }),
    ];
    const modules = ['keras.initializers', 'keras.regularizers', 'keras.losses', 'keras.optimizers', 'keras.layers'];
    objs.forEach((o, i) => {
      const s = asJson(serializeKerasObject(o)) as { module: string; class_name: string };
      expect(s.module).toBe(modules[i]);
      const back = deserializeKerasObject(s);
      expect(back).toBeInstanceOf((o as object).constructor);
      expect(asJson(serializeKerasObject(back))).toEqual(s);
    });
  });

  it('plain values, lists and dicts pass through; a DTypePolicy is its name; shared_object_id is ignored', () => {
    expect(deserializeKerasObject([1, 'a', null, { k: true }])).toEqual([1, 'a', null, { k: true }]);
    expect(deserializeKerasObject({ module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null, shared_object_id: 1407 })).toBe('float32');
  });

  it('functions: built-in activations by name, registered functions by their registered name, Python lambdas never', () => {
    const hardTanh = () => null;
    registerKerasSerializable('my_pkg>hard_tanh', hardTanh);
    const s = serializeKerasObject(hardTanh);
    expect(s).toEqual({ module: 'builtins', class_name: 'function', config: 'my_pkg>hard_tanh', registered_name: 'my_pkg>hard_tanh' });
    expect(deserializeKerasObject(s)).toBe(hardTanh);
    expect(serializeKerasObject(layers.dense({ units: 2, activation: 'tanh' }).activation)).toBe('tanh');
    expect(() => deserializeKerasObject({ class_name: '__lambda__', config: { code: 'AAAA' } })).toThrow(ValueError);
    expect(() => deserializeKerasObject({ class_name: '__lambda__', config: { code: 'AAAA' } })).toThrow(/never executes/);
  });

  it('unknown classes and symbolic tensors outside a model are refused', () => {
    expect(() => deserializeKerasObject({ module: 'my.module', class_name: 'Thing', config: {} })).toThrow(/unknown class 'Thing' from module 'my.module'.*registerKerasSerializable/);
    expect(() => deserializeKerasObject({ class_name: 'constructor', config: {} })).toThrow(/unknown class 'constructor'/);
    expect(() => deserializeKerasObject({ class_name: '__keras_tensor__', config: {} })).toThrow(/only be read inside a Functional model/);
  });
});

// Keras names the weight groups of a functional model by position in `model.layers`, so
// kerasm must order a graph's layers exactly as Keras's map_graph does. The expected lists
// were printed by Keras 3.15.1 for the same graphs (`[l.name for l in model.layers]`).
import { describe, expect, it } from 'vitest';
import { Model, input, layers } from '../../../ts/index.js';
import { functionalLayerOrder } from '../../../ts/saving/keras/layer_order.js';

const names = (m: Model) => functionalLayerOrder(m.inputs, m.outputs).map((l) => l.name);

describe('functionalLayerOrder matches Keras model.layers', () => {
  it('two inputs, a shared layer, two outputs', () => {
    const a = input({ shape: [4], name: 'a' });
    const b = input({ shape: [4], name: 'b' });
    const sh = layers.dense({ units: 4, name: 'shared' });
    const c = layers.concatenate({ name: 'cat' }).apply([sh.apply(a), sh.apply(b)]);
    const o1 = layers.dense({ units: 2, name: 'o1' }).apply(c);
    const d = layers.dense({ units: 3, name: 'd' }).apply(a);
    const o2 = layers.add({ name: 'add' }).apply([layers.dense({ units: 3, name: 'e' }).apply(c), d]);
    expect(names(new Model({ inputs: [a, b], outputs: [o1, o2] }))).toEqual(['a', 'b', 'shared', 'cat', 'e', 'd', 'o1', 'add']);
  });

  it('diamond with a skip connection', () => {
    const a = input({ shape: [4], name: 'a' });
    const x = layers.dense({ units: 4, name: 'x' }).apply(a);
    const y = layers.dense({ units: 4, name: 'y' }).apply(x);
    const z = layers.dense({ units: 4, name: 'z' }).apply(a);
    const w = layers.add({ name: 'w' }).apply([y, z]);
    const u = layers.dense({ units: 4, name: 'u' }).apply(w);
    const v = layers.multiply({ name: 'v' }).apply([u, x]);
    expect(names(new Model({ inputs: a, outputs: v }))).toEqual(['a', 'x', 'y', 'z', 'w', 'u', 'v']);
  });

  it('an input that reaches no output is still listed', () => {
    const a = input({ shape: [4], name: 'a' });
    const b = input({ shape: [4], name: 'unused' });
    const x = layers.dense({ units: 4, name: 'x' }).apply(a);
    expect(names(new Model({ inputs: [a, b], outputs: x }))).toEqual(['a', 'unused', 'x']);
  });
});

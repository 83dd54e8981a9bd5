// Initializers, regularizers, constraints and activations serialize exactly as Keras 3
// (keras_configs.json), deserialize back, resolve Keras's string names, and treat names like
// 'constructor' or '__proto__' as unknown (issue 10 item 7).

import { describe, expect, it } from 'vitest';
import * as initializers from '../../../ts/initializers/index.js';
import * as regularizers from '../../../ts/regularizers/index.js';
import * as constraints from '../../../ts/constraints/index.js';
import * as activations from '../../../ts/activations/index.js';
import { ValueError } from '../../../ts/errors.js';
import { camelKeys } from '../../../ts/utils/config_keys.js';
import { json, ref, type KerasObjCase } from './helpers.js';

// The one intended difference: Keras 3's Identity writes {} even with a gain (it has no
// get_config); kerasm keeps a gain other than 1.
const expected = (c: KerasObjCase) =>
  (c.class_name === 'Identity' && c.kwargs.gain !== undefined && c.kwargs.gain !== 1 ? { ...c.serialized, config: { gain: c.kwargs.gain } } : c.serialized);

const families = [
  ['initializers', initializers, ref.initializers, ref.initializer_names],
  ['regularizers', regularizers, ref.regularizers, ref.regularizer_names],
  ['constraints', constraints, ref.constraints, ref.constraint_names],
] as const;

type Family = {
  serialize(o: unknown): unknown;
  deserialize(c: unknown): unknown;
  get(id: unknown): unknown;
} & Record<string, unknown>;

describe.each(families)('%s', (_name, mod, cases, names) => {
  const fam = mod as unknown as Family;
  const label = (c: KerasObjCase) => `${c.class_name}(${JSON.stringify(c.kwargs)})`;

  it.each(cases.map((c) => [label(c), c] as const))('%s built from options serializes as Keras', (_n, c) => {
    const Cls = fam[c.class_name] as new (o: unknown) => unknown;
    const obj = c.class_name === 'Constant' && 'value' in c.kwargs ? new Cls(c.kwargs.value) : new Cls(camelKeys('test', c.kwargs));
    expect(json(fam.serialize(obj))).toEqual(json(expected(c)));
  });

  it.each(cases.map((c) => [label(c), c] as const))('%s: deserialize(Keras dict) → serialize round trip', (_n, c) => {
    const obj = fam.deserialize(c.serialized);
    expect(json(fam.serialize(obj))).toEqual(json(c.serialized));
    expect(json(fam.serialize(fam.deserialize(json(fam.serialize(obj)))))).toEqual(json(c.serialized));
  });

  it.each(Object.entries(names))('name %s resolves to what Keras gives', (n, serialized) => {
    expect(json(fam.serialize(fam.get(n)))).toEqual(json(serialized));
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])("'%s' is an unknown name, with a clear error", (n) => {
    expect(() => fam.get(n)).toThrow(ValueError);
    expect(() => fam.get(n)).toThrow(/Unknown .*Expected one of/);
    expect(() => fam.deserialize({ class_name: n, config: {} })).toThrow(/Unknown .*Expected one of/);
  });

  it('rejects unknown or misspelled options with a suggestion', () => {
    const c = cases.find((x) => Object.keys(x.kwargs).length > 0)!;
    const Cls = fam[c.class_name] as new (o: unknown) => unknown;
    const k = Object.keys(c.kwargs)[0]!;
    expect(() => new Cls({ [`${k}x`]: 1 })).toThrow(new RegExp(`unknown option '${k}x' \\(did you mean '${k.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase())}'\\?\\)`));
    expect(() => fam.deserialize({ class_name: c.class_name, config: { bogus_key: 1 } })).toThrow(/unknown option 'bogusKey'/);
  });
});

describe('initializer options', () => {
  it('snake_case keys suggest camelCase', () => {
    expect(() => new initializers.VarianceScaling({ input_axes: [0] } as never)).toThrow(/'input_axes' \(did you mean 'inputAxes'\?\)/);
    expect(() => new initializers.Constant({ valeu: 1 } as never)).toThrow(/'valeu' \(did you mean 'value'\?\)/);
    expect(() => new initializers.GlorotUniform({ seed: 1.5 })).toThrow(/seed.*integer.*Received: seed=1.5/);
  });

  it('inputAxes/outputAxes set the fans as in Keras compute_fans', () => {
    expect(initializers.computeFans([3, 4, 5], [0, 1], [2])).toEqual([12, 5]);
    // VarianceScaling(scale=1, fan_in, uniform) on fans from axes: limit = sqrt(3 / 12).
    const t = new initializers.VarianceScaling({ distribution: 'uniform', inputAxes: [0, 1], outputAxes: [2], seed: 1 }).call([3, 4, 5]);
    const v = t.dataSync();
    expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(3 / 12));
    expect(Math.max(...v.map(Math.abs))).toBeGreaterThan(Math.sqrt(3 / 12) * 0.8);
    t.dispose();
  });
});

describe('regularizer values', () => {
  it('OrthogonalRegularizer matches Keras on a fixed matrix', async () => {
    const { fromData } = await import('../../../ts/tensor/creation.js');
    // rows [1,0], [1,1]/√2 → |cos| = 1/√2; one pair: 0.01 · 0.5 · 2·(1/√2) / 1.
    const w = fromData('t', [1, 0, 1, 1], [2, 2], 'float32');
    const r = new regularizers.OrthogonalRegularizer().call(w);
    expect(r.dataSync()[0]).toBeCloseTo(Math.fround(0.01) * 0.5 * 2 * Math.SQRT1_2, 6);
    const c = new regularizers.OrthogonalRegularizer({ mode: 'columns' }).call(w);
    // columns [1,1]/√2 and [0,1] → same |cos|.
    expect(c.dataSync()[0]).toBeCloseTo(Math.fround(0.01) * 0.5 * 2 * Math.SQRT1_2, 6);
    [w, r, c].forEach((t) => t.dispose());
  });

  it('L1, L2 and L1L2 penalties', async () => {
    const { fromData } = await import('../../../ts/tensor/creation.js');
    const w = fromData('t', [1, -2, 3], [3], 'float32');
    const pen = (r: regularizers.Regularizer) => { const t = r.call(w); const v = t.dataSync()[0]!; t.dispose(); return v; };
    expect(pen(regularizers.l1(0.1))).toBeCloseTo(0.6, 6);
    expect(pen(regularizers.l2(0.1))).toBeCloseTo(1.4, 6);
    expect(pen(new regularizers.L1L2({ l1: 0.1, l2: 0.1 }))).toBeCloseTo(2.0, 6);
    w.dispose();
  });
});

describe('constraints with a list axis', () => {
  it('MaxNorm over axes [0, 1] clips the norm of each output slice', async () => {
    const { fromData } = await import('../../../ts/tensor/creation.js');
    const w = fromData('t', [3, 0, 4, 0, 0, 0, 0, 1], [2, 2, 2], 'float32');
    const y = new constraints.MaxNorm({ maxValue: 1, axis: [0, 1] }).call(w);
    // Output 0 has norm 5 → scaled to 1; output 1 has norm 1 → unchanged (up to epsilon).
    const v = Array.from(y.dataSync());
    expect(v[0]).toBeCloseTo(0.6, 5);
    expect(v[2]).toBeCloseTo(0.8, 5);
    expect(v[7]).toBeCloseTo(1, 5);
    [w, y].forEach((t) => t.dispose());
  });
});

describe('activations', () => {
  it.each(Object.entries(ref.activations))('%s serializes as Keras: %s', (name, keras) => {
    expect(activations.serialize(activations.get(name === 'None' ? null : name))).toBe(keras);
  });

  it.each(['constructor', '__proto__', 'toString'])("'%s' is an unknown activation", (n) => {
    expect(() => activations.get(n)).toThrow(/Unknown activation.*Received/);
    expect(() => activations.deserialize(n)).toThrow(/Unknown activation/);
  });

  it('a custom function cannot be serialized, and says so', () => {
    expect(() => activations.serialize(activations.get((x) => x))).toThrow(/custom function cannot be saved/);
  });
});

// losses.get: every loss by snake_case, camelCase and class name, Keras aliases, functions,
// serialized configs; and the ValueErrors for bad identifiers and bad inputs.

import { describe, expect, it } from 'vitest';
import { memory } from '../../ts/autograd/gradients.js';
import { ValueError } from '../../ts/errors.js';
import * as losses from '../../ts/losses/index.js';
import { tensor } from '../../ts/tensor/creation.js';

const CLASSES: [string, string, new () => losses.Loss][] = [
  ['mean_squared_error', 'meanSquaredError', losses.MeanSquaredError],
  ['mean_absolute_error', 'meanAbsoluteError', losses.MeanAbsoluteError],
  ['mean_absolute_percentage_error', 'meanAbsolutePercentageError', losses.MeanAbsolutePercentageError],
  ['mean_squared_logarithmic_error', 'meanSquaredLogarithmicError', losses.MeanSquaredLogarithmicError],
  ['huber', 'huber', losses.Huber],
  ['log_cosh', 'logCosh', losses.LogCosh],
  ['binary_crossentropy', 'binaryCrossentropy', losses.BinaryCrossentropy],
  ['categorical_crossentropy', 'categoricalCrossentropy', losses.CategoricalCrossentropy],
  ['sparse_categorical_crossentropy', 'sparseCategoricalCrossentropy', losses.SparseCategoricalCrossentropy],
  ['kl_divergence', 'klDivergence', losses.KLDivergence],
  ['poisson', 'poisson', losses.Poisson],
  ['cosine_similarity', 'cosineSimilarity', losses.CosineSimilarity],
  ['hinge', 'hinge', losses.Hinge],
  ['squared_hinge', 'squaredHinge', losses.SquaredHinge],
  ['categorical_hinge', 'categoricalHinge', losses.CategoricalHinge],
];

describe('losses.get', () => {
  for (const [snake, camel, cls] of CLASSES) {
    it(`'${snake}', '${camel}' and '${cls.name}'`, () => {
      for (const id of [snake, camel, cls.name]) expect(losses.get(id), id).toBeInstanceOf(cls);
    });
  }

  it('Keras aliases', () => {
    const aliases: [string, new () => losses.Loss][] = [
      ['mse', losses.MeanSquaredError], ['MSE', losses.MeanSquaredError], ['mae', losses.MeanAbsoluteError],
      ['mape', losses.MeanAbsolutePercentageError], ['msle', losses.MeanSquaredLogarithmicError],
      ['kld', losses.KLDivergence], ['KLD', losses.KLDivergence], ['kullback_leibler_divergence', losses.KLDivergence],
      ['huber_loss', losses.Huber], ['logcosh', losses.LogCosh], ['bce', losses.BinaryCrossentropy],
    ];
    for (const [id, cls] of aliases) expect(losses.get(id), id).toBeInstanceOf(cls);
  });

  it('passes Loss instances through and round-trips configs', () => {
    const l = new losses.CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.2, reduction: 'sum', name: 'cce' });
    expect(losses.get(l)).toBe(l);
    const back = losses.get(losses.serialize(l));
    expect(back).toBeInstanceOf(losses.CategoricalCrossentropy);
    expect(back.getConfig()).toEqual(l.getConfig());
    const h = losses.get({ class_name: 'Huber', config: { delta: 0.5, reduction: 'none' } }) as losses.Huber;
    expect(h.delta).toBe(0.5);
    expect(h.reduction).toBe('none');
  });

  it('unknown names raise a ValueError listing the valid names', () => {
    expect(() => losses.get('foo')).toThrow(ValueError);
    expect(() => losses.get('foo')).toThrow(/Received: 'foo'/);
    expect(() => losses.get('foo')).toThrow(/'categorical_crossentropy'/);
    expect(() => losses.get(42 as never)).toThrow(/Received: 42/);
  });
});

describe('input validation', () => {
  it('mismatched shapes name the loss and the shapes', () => {
    expect(() => new losses.MeanSquaredError().apply([[1, 2, 3]], [[1, 2]])).toThrow(ValueError);
    expect(() => new losses.MeanSquaredError().apply([[1, 2, 3]], [[1, 2]])).toThrow(/mean_squared_error.*Received: y_true.shape=\[1,3\], y_pred.shape=\[1,2\]/);
    expect(() => new losses.CategoricalCrossentropy().apply([[0, 1]], [[0.2, 0.3, 0.5]])).toThrow(/categorical_crossentropy.*Received/);
    expect(() => new losses.BinaryCrossentropy().apply([[1], [0]], [[0.5, 0.5]])).toThrow(/binary_crossentropy.*Received/);
  });

  it('sparse labels: shape, range and integrality', () => {
    const p = tensor([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]);
    const scce = new losses.SparseCategoricalCrossentropy();
    expect(() => scce.apply(tensor(Int32Array.from([0, 3]), [2], 'int32'), p)).toThrow(/labels must be integers in \[0, 3\).*Received: y_true\[1\]=3/);
    expect(() => scce.apply(tensor(Int32Array.from([-1, 0]), [2], 'int32'), p)).toThrow(ValueError);
    expect(() => scce.apply([0.5, 1], p)).toThrow(/Received: y_true\[0\]=0.5/);
    expect(() => scce.apply(tensor(Int32Array.from([0, 1, 2]), [3], 'int32'), p)).toThrow(/Received: y_true.shape=\[3\], y_pred.shape=\[2,3\]/);
    // [b] and [b, 1] labels, int32 or integral float32, are all fine.
    expect(() => scce.apply([[0], [2]], p).dispose()).not.toThrow();
    expect(() => scce.apply(tensor(Int32Array.from([0, 2]), [2], 'int32'), p).dispose()).not.toThrow();
  });

  it('bad options', () => {
    expect(() => new losses.MeanSquaredError({ reduction: 'avg' as never })).toThrow(/reduction.*Received: reduction='avg'/);
    expect(() => new losses.BinaryCrossentropy({ labelSmoothing: 2 })).toThrow(/label_smoothing.*Received: label_smoothing=2/);
    expect(() => new losses.Huber({ delta: -1 })).toThrow(/delta.*Received: delta=-1/);
    expect(() => new losses.SparseCategoricalCrossentropy({ axis: 0 })).toThrow(/axis=-1.*Received: axis=0/);
    expect(() => losses.categoricalCrossentropy([[0, 1]], [[0.5, 0.5]], { axis: 2 })).toThrow(/axis.*Received: axis=2/);
  });

  it('a rejected call frees what it allocated', () => {
    const p = tensor([[0.2, 0.8]]);
    const before = memory().numTensors;
    expect(() => new losses.SparseCategoricalCrossentropy().apply([5], p)).toThrow(ValueError);
    expect(() => new losses.MeanSquaredError().apply([[1, 2, 3]], p)).toThrow(ValueError);
    expect(memory().numTensors).toBe(before);
    p.dispose();
  });

  it('sample weights that do not fit', () => {
    expect(() => new losses.MeanSquaredError().apply([[1], [2]], [[1], [2]], [1, 2, 3])).toThrow(/sample_weight.*Received: sample_weight.shape=\[3\]/);
  });
});

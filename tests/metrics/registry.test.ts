// metrics.get: every metric by snake_case, camelCase and class name, Keras aliases,
// functions, serialized configs; and the ValueErrors for bad identifiers and bad inputs.

import { describe, expect, it } from 'vitest';
import { ValueError } from '../../ts/errors.js';
import * as losses from '../../ts/losses/index.js';
import * as metrics from '../../ts/metrics/index.js';

const CLASSES: [string, string, new () => metrics.Metric][] = [
  ['mean', 'mean', metrics.Mean],
  ['sum', 'sum', metrics.Sum],
  ['binary_accuracy', 'binaryAccuracy', metrics.BinaryAccuracy],
  ['categorical_accuracy', 'categoricalAccuracy', metrics.CategoricalAccuracy],
  ['sparse_categorical_accuracy', 'sparseCategoricalAccuracy', metrics.SparseCategoricalAccuracy],
  ['top_k_categorical_accuracy', 'topKCategoricalAccuracy', metrics.TopKCategoricalAccuracy],
  ['sparse_top_k_categorical_accuracy', 'sparseTopKCategoricalAccuracy', metrics.SparseTopKCategoricalAccuracy],
  ['precision', 'precision', metrics.Precision],
  ['recall', 'recall', metrics.Recall],
  ['auc', 'auc', metrics.AUC],
  ['true_positives', 'truePositives', metrics.TruePositives],
  ['false_positives', 'falsePositives', metrics.FalsePositives],
  ['true_negatives', 'trueNegatives', metrics.TrueNegatives],
  ['false_negatives', 'falseNegatives', metrics.FalseNegatives],
  ['mean_squared_error', 'meanSquaredError', metrics.MeanSquaredError],
  ['mean_absolute_error', 'meanAbsoluteError', metrics.MeanAbsoluteError],
  ['mean_absolute_percentage_error', 'meanAbsolutePercentageError', metrics.MeanAbsolutePercentageError],
  ['mean_squared_logarithmic_error', 'meanSquaredLogarithmicError', metrics.MeanSquaredLogarithmicError],
  ['root_mean_squared_error', 'rootMeanSquaredError', metrics.RootMeanSquaredError],
  ['cosine_similarity', 'cosineSimilarity', metrics.CosineSimilarity],
  ['log_cosh_error', 'logCoshError', metrics.LogCoshError],
  ['binary_crossentropy', 'binaryCrossentropy', metrics.BinaryCrossentropy],
  ['categorical_crossentropy', 'categoricalCrossentropy', metrics.CategoricalCrossentropy],
  ['sparse_categorical_crossentropy', 'sparseCategoricalCrossentropy', metrics.SparseCategoricalCrossentropy],
  ['kl_divergence', 'klDivergence', metrics.KLDivergence],
  ['poisson', 'poisson', metrics.Poisson],
  ['hinge', 'hinge', metrics.Hinge],
  ['squared_hinge', 'squaredHinge', metrics.SquaredHinge],
  ['categorical_hinge', 'categoricalHinge', metrics.CategoricalHinge],
];

describe('metrics.get', () => {
  for (const [snake, camel, cls] of CLASSES) {
    it(`'${snake}', '${camel}' and '${cls.name}'`, () => {
      for (const id of [snake, camel, cls.name]) expect(metrics.get(id), id).toBeInstanceOf(cls);
    });
  }

  it('Keras aliases', () => {
    const aliases: [string, new () => metrics.Metric][] = [
      ['mse', metrics.MeanSquaredError], ['MSE', metrics.MeanSquaredError], ['mae', metrics.MeanAbsoluteError],
      ['mape', metrics.MeanAbsolutePercentageError], ['msle', metrics.MeanSquaredLogarithmicError],
      ['rmse', metrics.RootMeanSquaredError], ['bce', metrics.BinaryCrossentropy], ['kld', metrics.KLDivergence],
      ['logcosh', metrics.LogCoshError], ['AUC', metrics.AUC],
    ];
    for (const [id, cls] of aliases) expect(metrics.get(id), id).toBeInstanceOf(cls);
  });

  it("'accuracy' / 'acc' / 'Accuracy' are the compile() shortcut; exact equality is 'exact_accuracy' or deserialize('Accuracy')", () => {
    for (const id of ['accuracy', 'acc', 'Accuracy', 'ACC']) expect(metrics.get(id), id).toBeInstanceOf(metrics.AutoAccuracy);
    expect(metrics.get('exact_accuracy')).toBeInstanceOf(metrics.Accuracy);
    expect(metrics.get('exactAccuracy')).toBeInstanceOf(metrics.Accuracy);
    expect(metrics.deserialize({ className: 'Accuracy' })).toBeInstanceOf(metrics.Accuracy);
  });

  it('functions, instances and serialized configs', () => {
    expect(metrics.get(losses.meanSquaredError)).toBeInstanceOf(metrics.MeanMetricWrapper);
    const m = new metrics.AUC({ curve: 'PR', numThresholds: 50, name: 'pr_auc' });
    expect(metrics.get(m)).toBe(m);
    const back = metrics.get(metrics.serialize(m)) as metrics.AUC;
    expect(back.getConfig()).toEqual(m.getConfig());
    const p = metrics.get({ class_name: 'Precision', config: { thresholds: [0.2, 0.7], class_id: 1 } }) as metrics.Precision;
    expect(p.thresholds).toEqual([0.2, 0.7]);
    expect(p.classId).toBe(1);
  });

  it('unknown names raise a ValueError listing the valid names', () => {
    expect(() => metrics.get('foo')).toThrow(ValueError);
    expect(() => metrics.get('foo')).toThrow(/Received: 'foo'/);
    expect(() => metrics.get('foo')).toThrow(/'auc'/);
    expect(() => metrics.get(7 as never)).toThrow(/Received: 7/);
  });
});

describe('metric input validation', () => {
  it('updateState needs yPred', () => {
    expect(() => new metrics.BinaryAccuracy().updateState([1])).toThrow(/expected \(yTrue, yPred, sampleWeight\?\)/);
    expect(() => new metrics.AUC().updateState([1])).toThrow(ValueError);
  });

  it('shape mismatches name the metric', () => {
    expect(() => new metrics.MeanSquaredError().updateState([[1, 2]], [[1, 2, 3]])).toThrow(/mean_squared_error.*Received/);
    expect(() => new metrics.AUC().updateState([[1, 0]], [[0.1, 0.2, 0.3]])).toThrow(/auc.*Received/);
  });

  it('bad options', () => {
    expect(() => new metrics.TopKCategoricalAccuracy({ k: 0 })).toThrow(/Received: k=0/);
    expect(() => new metrics.Precision({ topK: 1.5 })).toThrow(/top_k.*Received: top_k=1.5/);
    expect(() => new metrics.AUC({ numLabels: 3 })).toThrow(/num_labels/);
  });
});

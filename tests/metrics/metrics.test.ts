// Hand-computed metric cases: AUC (Keras's docstring example, both count paths against a
// float64 reference, multi-label, logits), Precision/Recall with several thresholds,
// top_k and class_id, Mean/Sum weighting rules, masked SCCE, and the 'accuracy' shortcut.

import { describe, expect, it } from 'vitest';
import { ValueError } from '../../ts/errors.js';
import * as losses from '../../ts/losses/index.js';
import * as metrics from '../../ts/metrics/index.js';
import { tensor } from '../../ts/tensor/creation.js';
import { expectClose } from '../losses/fixtures.js';

/** Naive float64 confusion counts: positive when p > θ, label positive when t ≠ 0. */
function referenceCounts(t: number[], p: number[], w: number[], thresholds: number[]) {
  return thresholds.map((th) => {
    let tp = 0, fp = 0, tn = 0, fn = 0;
    p.forEach((v, i) => {
      const pos = Math.min(Math.max(v, 0), 1) > th;
      if (t[i] !== 0) pos ? (tp += w[i]!) : (fn += w[i]!);
      else pos ? (fp += w[i]!) : (tn += w[i]!);
    });
    return { tp, fp, tn, fn };
  });
}

/** Deterministic values in [0, 1). */
function lcg(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s / 2 ** 32));
}

describe('AUC', () => {
  it("Keras's docstring example: 0.75", () => {
    const m = new metrics.AUC();
    m.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
    expectClose(m.result(), 0.75, 'auc');
  });

  it('bucket counts (200 even thresholds) equal the naive per-threshold counts', () => {
    const p = lcg(300, 7).map((v, i) => (i % 17 === 0 ? Math.round(v * 4) / 4 : v)); // some exact bucket edges
    const t = lcg(300, 9).map((v) => (v > 0.6 ? 1 : 0));
    const w = lcg(300, 11).map((v) => Math.round(v * 4) / 2);
    const m = new metrics.AUC();
    m.updateState(tensor(Float32Array.from(t), [100, 3]), tensor(Float32Array.from(p), [100, 3]), tensor(Float32Array.from(w), [100, 3]));
    const ref = referenceCounts(t, Array.from(Float32Array.from(p)), w, m.thresholds.map(Math.fround));
    const s = m.getState();
    expectClose(s.true_positives as number[], ref.map((r) => r.tp), 'tp', 1e-6, 1e-6);
    expectClose(s.false_positives as number[], ref.map((r) => r.fp), 'fp', 1e-6, 1e-6);
    expectClose(s.true_negatives as number[], ref.map((r) => r.tn), 'tn', 1e-6, 1e-6);
    expectClose(s.false_negatives as number[], ref.map((r) => r.fn), 'fn', 1e-6, 1e-6);
  });

  it('explicit uneven thresholds take the comparison path and agree with the reference', () => {
    const p = lcg(40, 3), t = lcg(40, 5).map((v) => (v > 0.5 ? 1 : 0));
    const m = new metrics.AUC({ thresholds: [0.9, 0.1, 0.35] });
    expect(m.thresholds).toEqual([-1e-7, 0.1, 0.35, 0.9, 1 + 1e-7]);
    m.updateState(t, p);
    const ref = referenceCounts(t, Array.from(Float32Array.from(p)), t.map(() => 1), m.thresholds.map(Math.fround));
    expectClose(m.getState().true_positives as number[], ref.map((r) => r.tp), 'tp');
    expectClose(m.getState().false_positives as number[], ref.map((r) => r.fp), 'fp');
    expect(m.getConfig().thresholds).toEqual([0.1, 0.35, 0.9]);
  });

  it('a perfect ranking gives 1 and an inverted one 0', () => {
    const good = new metrics.AUC();
    good.updateState([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]);
    expectClose(good.result(), 1, 'perfect');
    const bad = new metrics.AUC();
    bad.updateState([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9]);
    expectClose(bad.result(), 0, 'inverted', 0, 1e-7);
  });

  it('multi-label: the mean (or label-weighted mean) of per-label AUCs', () => {
    const yt = [[0, 1], [0, 0], [1, 1], [1, 0]];
    const yp = [[0.1, 0.8], [0.4, 0.3], [0.35, 0.6], [0.8, 0.7]];
    const col = (j: number) => {
      const m = new metrics.AUC();
      m.updateState(yt.map((r) => r[j]!), yp.map((r) => r[j]!));
      return m.result();
    };
    const multi = new metrics.AUC({ multiLabel: true });
    multi.updateState(yt, yp);
    expectClose(multi.result(), (col(0) + col(1)) / 2, 'mean of labels');
    const weighted = new metrics.AUC({ multiLabel: true, numLabels: 2, labelWeights: [3, 1] });
    weighted.updateState(yt, yp);
    expectClose(weighted.result(), (3 * col(0) + col(1)) / 4, 'weighted');
  });

  it('fromLogits applies a sigmoid first', () => {
    const logits = [-2, 0.5, -0.3, 3];
    const a = new metrics.AUC({ fromLogits: true });
    a.updateState([0, 0, 1, 1], logits);
    const b = new metrics.AUC();
    b.updateState([0, 0, 1, 1], logits.map((x) => 1 / (1 + Math.exp(-x))));
    expectClose(a.result(), b.result(), 'same');
  });

  it('PR-gain and PR majoring run', () => {
    for (const opts of [{ curve: 'PRGAIN' as const }, { curve: 'pr' as const, summationMethod: 'majoring' as const }]) {
      const m = new metrics.AUC(opts);
      m.updateState([0, 0, 1, 1], [0.1, 0.6, 0.35, 0.8]);
      expect(Number.isFinite(m.result())).toBe(true);
    }
  });

  it('invalid arguments', () => {
    expect(() => new metrics.AUC({ numThresholds: 1 })).toThrow(/num_thresholds.*Received: num_thresholds=1/);
    expect(() => new metrics.AUC({ curve: 'XYZ' as never })).toThrow(/curve.*Received: curve='XYZ'/);
    expect(() => new metrics.AUC({ summationMethod: 'trapezoid' as never })).toThrow(/Received: summation_method='trapezoid'/);
    expect(() => new metrics.AUC({ thresholds: [1.5] })).toThrow(ValueError);
  });
});

describe('Precision and Recall', () => {
  const yt = [1, 0, 1, 1, 0];
  const yp = [0.9, 0.6, 0.4, 0.2, 0.1];

  it('several thresholds: results() per threshold; result() refuses', () => {
    const p = new metrics.Precision({ thresholds: [0.3, 0.5, 0.95] });
    p.updateState(yt, yp);
    expectClose(p.results(), [2 / 3, 1 / 2, 0], 'precision');
    expect(() => p.result()).toThrow(/use results\(\)/);
    const r = new metrics.Recall({ thresholds: [0.3, 0.5] });
    r.updateState(yt, yp);
    expectClose(r.results(), [2 / 3, 1 / 3], 'recall');
  });

  it('topK and classId on [N, C] scores', () => {
    const t = [[0, 0, 1, 0], [0, 0, 1, 1]];
    const s = [[0.8, 0.1, 0.4, 0.2], [0.1, 0.9, 0.3, 0.4]];
    const top1 = new metrics.Precision({ topK: 1 });
    top1.updateState(t, s);
    expectClose(top1.result(), 0, 'top1: predicts classes 0 and 1, both wrong');
    const top2 = new metrics.Precision({ topK: 2 });
    top2.updateState(t, s);
    expectClose(top2.result(), 2 / 4, 'top2: {0,2} and {1,3}');
    const cls = new metrics.Recall({ classId: 2 });
    cls.updateState(t, s);
    expectClose(cls.result(), 0, 'class 2 scores 0.4 and 0.3, below 0.5');
    const cls3 = new metrics.Precision({ classId: 0 });
    cls3.updateState(t, s);
    expectClose(cls3.result(), 0, 'class 0 predicted once, wrongly');
  });

  it('confusion-cell counters', () => {
    const kinds = [
      [metrics.TruePositives, 1], [metrics.FalsePositives, 1], [metrics.TrueNegatives, 1], [metrics.FalseNegatives, 2],
    ] as const;
    for (const [cls, want] of kinds) {
      const m = new cls();
      m.updateState(yt, yp);
      expectClose(m.result(), want, cls.name);
    }
  });

  it('thresholds outside [0, 1] are rejected', () => {
    expect(() => new metrics.Precision({ thresholds: [0.5, 1.2] })).toThrow(/Received: thresholds=\[0.5,1.2\]/);
  });
});

describe('Mean and Sum weighting (Keras reduce_to_samplewise_values)', () => {
  it('[b, d] values average per sample; [b] weights weigh samples', () => {
    const m = new metrics.Mean();
    m.updateState([[1, 3], [5, 7]], [1, 3]);
    expectClose(m.result(), (2 * 1 + 6 * 3) / 4, 'mean');
    expect(m.getState()).toEqual({ total: 20, count: 4 });
  });

  it('a scalar weight weighs the whole batch as that many samples', () => {
    const m = new metrics.Mean();
    m.updateState([1, 2, 3], 2);
    m.updateState([10], 1);
    expectClose(m.result(), (2 * 2 + 10) / 3, 'mean');
  });

  it('Sum multiplies by weights; reset clears', () => {
    const s = new metrics.Sum();
    s.updateState([[1, 2], [3, 4]], [1, 0.5]);
    expectClose(s.result(), 3 + 3.5, 'sum');
    s.resetState();
    expect(s.result()).toBe(0);
  });

  it('SparseCategoricalCrossentropy with ignoreClass leaves ignored entries out of the count', () => {
    const m = new metrics.SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: 9 });
    const x = [[2, 0, 0], [0, 0, 0]];
    m.updateState(tensor(Int32Array.from([0, 9]), [2], 'int32'), x);
    expectClose(m.result(), Math.log(Math.exp(2) + 2) - 2, 'mean over one valid entry');
    expect(m.getState().count).toBe(1);
  });

  it('MeanMetricWrapper over any per-sample function', () => {
    const m = new metrics.MeanMetricWrapper(losses.meanAbsoluteError, { name: 'mae' });
    m.updateState([[0, 0]], [[1, 3]]);
    expectClose(m.result(), 2, 'mae');
    expect(m.name).toBe('mae');
  });

  it('RootMeanSquaredError is the root of the weighted mean square', () => {
    const m = new metrics.RootMeanSquaredError();
    m.updateState([[0, 0], [0, 0]], [[3, 4], [1, 1]], [1, 0]);
    expectClose(m.result(), Math.sqrt(12.5), 'rmse');
  });
});

describe('accuracy metrics by hand', () => {
  it('binary accuracy is strict: p = threshold counts as 0', () => {
    const m = new metrics.BinaryAccuracy();
    m.updateState([[1], [0], [0]], [[0.5], [0.5], [0.51]]);
    expectClose(m.result(), 1 / 3, 'binary');
  });

  it('top-k: ties count in favour of the label (Keras in_top_k)', () => {
    const m = new metrics.SparseTopKCategoricalAccuracy({ k: 1 });
    m.updateState([1, 2], [[0.5, 0.5, 0], [0.2, 0.5, 0.3]]);
    expectClose(m.result(), 0.5, 'top1');
    expect(() => m.updateState([3], [[0.5, 0.5, 0]])).toThrow(/labels must be integers in \[0, 3\).*Received: y_true\[0\]=3/);
  });

  it("'accuracy' follows the loss, else the first batch's shapes", () => {
    expect(metrics.get('accuracy', new losses.BinaryCrossentropy())).toBeInstanceOf(metrics.BinaryAccuracy);
    expect(metrics.get('acc', 'categorical_crossentropy')).toBeInstanceOf(metrics.CategoricalAccuracy);
    expect(metrics.get('accuracy', losses.get('sparseCategoricalCrossentropy'))).toBeInstanceOf(metrics.SparseCategoricalAccuracy);
    expect(metrics.get('accuracy', new losses.LossFunctionWrapper(losses.binaryCrossentropy))).toBeInstanceOf(metrics.BinaryAccuracy);
    const auto = metrics.get('accuracy', new losses.MeanSquaredError()) as metrics.AutoAccuracy;
    expect(auto).toBeInstanceOf(metrics.AutoAccuracy);
    auto.updateState([2, 0], [[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]]);
    expect(auto.resolved).toBeInstanceOf(metrics.SparseCategoricalAccuracy);
    expectClose(auto.result(), 0.5, 'auto');
    expect(auto.name).toBe('accuracy');
    expect(metrics.get('acc').name).toBe('acc');
  });
});

describe("'crossentropy' resolves by shape as Keras compile() does", () => {
  it('binary, sparse and categorical', () => {
    const cases: [number[][] | number[], number[][], new () => losses.Loss][] = [
      [[[1], [0]], [[0.8], [0.3]], losses.BinaryCrossentropy],
      [[2, 0], [[0.1, 0.2, 0.7], [0.5, 0.3, 0.2]], losses.SparseCategoricalCrossentropy],
      [[[0, 1], [1, 0]], [[0.4, 0.6], [0.9, 0.1]], losses.CategoricalCrossentropy],
    ];
    for (const [t, p, cls] of cases) {
      const l = losses.get('crossentropy') as losses.AutoCrossentropy;
      const v = l.apply(t, p);
      expect(l.resolved).toBeInstanceOf(cls);
      expectClose(v.dataSync()[0]!, new cls().apply(t, p).dataSync()[0]!, cls.name);
    }
  });

  it('withLogits before resolution takes logits', () => {
    const x = [[0.5, -1, 2]];
    const l = losses.withLogits(losses.get('ce'))!;
    expectClose(l.apply([2], x).dataSync()[0]!, new losses.SparseCategoricalCrossentropy({ fromLogits: true }).apply([2], x).dataSync()[0]!, 'ce');
  });
});

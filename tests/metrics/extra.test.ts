// The Keras metrics tests/golden/metrics.json does not cover (F-scores, R², the
// rate-at-rate family, IoU, correlations), against values from
// tests/metrics/extra/generate.py (Keras 3 on JAX): the result after each of three batches,
// and the config.

import { describe, expect, it } from 'vitest';
import { memory } from '../../ts/autograd/gradients.js';
import * as metrics from '../../ts/metrics/index.js';
import { tensor } from '../../ts/tensor/creation.js';
import { camelKwargs, expectClose, loadGolden } from '../losses/fixtures.js';

interface Flat {
  shape: number[];
  values: number[];
}

interface ExtraCase {
  cls: string;
  kwargs: Record<string, unknown>;
  config: Record<string, unknown>;
  results: (number | number[])[];
  batches: { y_true: Flat; y_pred: Flat; sample_weight?: Flat }[];
}

const golden = loadGolden<{ keras_version: string; cases: ExtraCase[] }>('../metrics/extra/metrics.json');
const t = (f: Flat) => tensor(Float32Array.from(f.values), f.shape);

describe(`extra metrics vs Keras ${golden.keras_version}`, () => {
  for (const c of golden.cases) {
    it(`${c.cls} ${JSON.stringify(c.kwargs)}`, () => {
      const m = metrics.deserialize({ className: c.cls, config: camelKwargs(c.kwargs) }) as metrics.Metric & { results?: () => number[] };
      const before = memory().numTensors;
      c.batches.forEach((b, i) => {
        const [yt, yp, sw] = [t(b.y_true), t(b.y_pred), b.sample_weight ? t(b.sample_weight) : undefined];
        m.updateState(yt, yp, sw);
        [yt, yp, sw].forEach((x) => x?.dispose());
        const want = c.results[i]!;
        // Keras float32 sums vs kerasm float64 sums: 1e-5 relative, 1e-6 absolute near 0.
        if (Array.isArray(want)) expectClose(m.results!(), want, `results after batch ${i}`, 1e-5, 1e-6);
        else expectClose(m.result(), want, `result after batch ${i}`, 1e-5, 1e-6);
      });
      expect(memory().numTensors, 'no leaked tensors').toBe(before);
      const cfg = m.getConfig();
      for (const [k, v] of Object.entries(c.config)) expect(cfg[k], `config.${k}`).toEqual(v);
      m.resetState();
    });
  }

  it('registered under snake_case, camelCase and class names', () => {
    const names: [string, string][] = [
      ['f1_score', 'F1Score'], ['f_beta_score', 'FBetaScore'], ['r2_score', 'R2Score'],
      ['pearson_correlation', 'PearsonCorrelation'], ['concordance_correlation', 'ConcordanceCorrelation'], ['binary_io_u', 'BinaryIoU'],
    ];
    for (const [snake, cls] of names) {
      const camel = snake.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
      for (const id of [snake, camel, cls]) expect(metrics.get(id).constructor.name, id).toBe(cls);
    }
    // These need constructor arguments; the name still resolves, and the error says what is missing.
    expect(() => metrics.get('mean_iou')).toThrow(/num_classes.*Received/);
    expect(() => metrics.get('MeanIoU')).toThrow(/num_classes.*Received/);
    expect(() => metrics.get('precisionAtRecall')).toThrow(/recall.*Received/);
    expect(metrics.get({ className: 'PrecisionAtRecall', config: { recall: 0.3 } })).toBeInstanceOf(metrics.PrecisionAtRecall);
  });

  it('vector results refuse result() with a pointer to results()', () => {
    expect(() => new metrics.F1Score().result()).toThrow(/results\(\)/);
    expect(() => new metrics.R2Score({ classAggregation: null }).result()).toThrow(/results\(\)/);
  });
});

// Every metric against Keras 3 (JAX backend) golden values from tests/golden/metrics.json,
// produced by tests/golden/generate.py `gen_metrics()`: three update_state batches (some
// weighted), result() after each, the metric variables after the last batch, and result()
// after reset_state(). Tolerance: 1e-5 relative (+1e-7 absolute): Keras accumulates in
// float32, kerasm in float64, which differs by well under that.

import { describe, expect, it } from 'vitest';
import { memory } from '../../ts/autograd/gradients.js';
import * as metrics from '../../ts/metrics/index.js';
import { accuracyKindForShapes } from '../../ts/metrics/index.js';
import { camelKwargs, expectClose, expectConfigSubset, loadGolden, num, toT, values, type FixtureTensor } from '../losses/fixtures.js';

interface Batch {
  y_true?: FixtureTensor;
  y_pred?: FixtureTensor;
  values?: FixtureTensor;
  sample_weight?: FixtureTensor;
}

interface MetricCase {
  class_name: string;
  case: string;
  kwargs: Record<string, unknown>;
  config: Record<string, unknown>;
  batches: Batch[];
  result_after_each_batch: (number | string)[];
  final_state: Record<string, FixtureTensor>;
  result_after_reset: number | string;
}

interface Resolution {
  y_true_shape: number[];
  y_pred_shape: number[];
  accuracy_resolves_to: string;
  crossentropy_resolves_to: string;
}

const golden = loadGolden<{ keras_version: string; cases: MetricCase[]; string_resolution: Resolution[] }>('metrics.json');

function make(c: MetricCase): metrics.Metric {
  return metrics.deserialize({ className: c.class_name, config: camelKwargs(c.kwargs) });
}

function update(m: metrics.Metric, b: Batch): void {
  const ts = [b.values ?? b.y_true, b.y_pred, b.sample_weight].map((t) => (t ? toT(t) : undefined));
  if (b.values) m.updateState(ts[0]!, ts[2]);
  else m.updateState(ts[0]!, ts[1]!, ts[2]);
  ts.forEach((t) => t?.dispose());
}

describe(`metrics vs Keras ${golden.keras_version} golden values`, () => {
  for (const c of golden.cases) {
    describe(c.case, () => {
      it('result after each batch, final state, reset', () => {
        const m = make(c);
        const before = memory().numTensors;
        c.batches.forEach((b, i) => {
          update(m, b);
          expectClose(m.result(), num(c.result_after_each_batch[i]!), `result after batch ${i}`);
        });
        expect(memory().numTensors, 'updateState leaks no tensors').toBe(before);
        const state = m.getState();
        for (const [k, t] of Object.entries(c.final_state)) {
          expect(state, `state has ${k}`).toHaveProperty(k);
          expectClose(state[k] as number | number[], values(t), `final_state.${k}`);
        }
        m.resetState();
        expectClose(m.result(), num(c.result_after_reset), 'result after reset');
      });

      it('config matches Keras get_config()', () => {
        expectConfigSubset(make(c).getConfig(), c.config, c.case);
      });
    });
  }

  describe("'accuracy' resolves by shape as Keras compile() does", () => {
    const kindToClass = { binary: 'BinaryAccuracy', categorical: 'CategoricalAccuracy', sparse_categorical: 'SparseCategoricalAccuracy' };
    for (const r of golden.string_resolution) {
      it(`y_true ${JSON.stringify(r.y_true_shape)}, y_pred ${JSON.stringify(r.y_pred_shape)} → ${r.accuracy_resolves_to}`, () => {
        expect(kindToClass[accuracyKindForShapes(r.y_true_shape, r.y_pred_shape)]).toBe(r.accuracy_resolves_to);
      });
    }
  });
});

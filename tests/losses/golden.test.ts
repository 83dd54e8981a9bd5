// Every loss against Keras 3 (JAX backend) golden values from tests/golden/losses.json,
// produced by tests/golden/generate.py `gen_losses()`: the reduced loss, per-sample values
// (reduction 'none'), reduction 'sum', sample weights, and d loss / d y_pred with and
// without weights. Tolerance: 1e-5 relative (+1e-7 absolute for values at or near 0).

import { describe, expect, it } from 'vitest';
import { grad, memory } from '../../ts/autograd/gradients.js';
import * as losses from '../../ts/losses/index.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { camelKwargs, expectClose, expectConfigSubset, loadGolden, num, toT, values, type FixtureTensor } from './fixtures.js';

interface LossCase {
  class_name: string;
  case: string;
  kwargs: Record<string, unknown>;
  config: Record<string, unknown>;
  y_true: FixtureTensor;
  y_pred: FixtureTensor;
  sample_weight: FixtureTensor;
  loss: number | string;
  loss_sum: number | string;
  per_sample: FixtureTensor;
  loss_weighted: number | string;
  grad_y_pred: FixtureTensor;
  grad_y_pred_weighted: FixtureTensor;
}

const golden = loadGolden<{ keras_version: string; cases: LossCase[] }>('losses.json');

function make(c: LossCase, extra: Record<string, unknown> = {}): losses.Loss {
  return losses.deserialize({ className: c.class_name, config: { ...camelKwargs(c.kwargs), ...extra } });
}

const read = (t: Tensor) => {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};

describe(`losses vs Keras ${golden.keras_version} golden values`, () => {
  it('covers every loss class the fixtures name', () => {
    expect(golden.cases.length).toBeGreaterThanOrEqual(31);
  });

  for (const c of golden.cases) {
    describe(c.case, () => {
      it('reduced, per-sample, sum and weighted values', () => {
        const yt = toT(c.y_true), yp = toT(c.y_pred), sw = toT(c.sample_weight);
        expectClose(read(make(c).apply(yt, yp)), num(c.loss), 'loss');
        expectClose(read(make(c, { reduction: 'none' }).apply(yt, yp)), values(c.per_sample), 'per_sample');
        expectClose(read(make(c, { reduction: 'sum' }).apply(yt, yp)), num(c.loss_sum), 'loss_sum');
        expectClose(read(make(c).apply(yt, yp, sw)), num(c.loss_weighted), 'loss_weighted');
        [yt, yp, sw].forEach((t) => t.dispose());
      });

      it('d loss / d y_pred', () => {
        const yt = toT(c.y_true), yp = toT(c.y_pred), sw = toT(c.sample_weight);
        const loss = make(c);
        expectClose(read(grad((p) => loss.apply(yt, p))(yp)), values(c.grad_y_pred), 'grad_y_pred');
        expectClose(read(grad((p) => loss.apply(yt, p, sw))(yp)), values(c.grad_y_pred_weighted), 'grad_y_pred_weighted');
        [yt, yp, sw].forEach((t) => t.dispose());
      });

      it('config matches Keras get_config()', () => {
        expectConfigSubset(make(c).getConfig(), c.config, c.case);
      });
    });
  }

  it('frees every intermediate', () => {
    const c = golden.cases.find((k) => k.class_name === 'CategoricalCrossentropy')!;
    const yt = toT(c.y_true), yp = toT(c.y_pred);
    const before = memory().numTensors;
    const loss = make(c);
    read(loss.apply(yt, yp));
    read(grad((p) => loss.apply(yt, p))(yp));
    expect(memory().numTensors).toBe(before);
    [yt, yp].forEach((t) => t.dispose());
  });
});

// The Keras losses tests/golden/losses.json does not cover (focal CEs, Dice, Tversky,
// generalized CE), against values from tests/losses/extra/generate.py (Keras 3 on JAX):
// reduced loss, per-sample values, sample weights and d loss / d y_pred.

import { describe, expect, it } from 'vitest';
import { grad } from '../../ts/autograd/gradients.js';
import * as losses from '../../ts/losses/index.js';
import { tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { camelKwargs, expectClose, loadGolden } from './fixtures.js';

interface ExtraCase {
  cls: string;
  kwargs: Record<string, unknown>;
  y_true: string;
  y_pred: string;
  loss: number;
  per_sample: number[];
  grad: number[];
  weighted?: number;
}

const golden = loadGolden<Record<string, unknown> & { keras_version: string; cases: ExtraCase[] }>('../losses/extra/losses.json');

const read = (t: Tensor) => {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};

function input(name: string): Tensor {
  const v = golden[name] as number[][] | number[];
  return name === 'sparse' ? tensor(Int32Array.from(v as number[]), [(v as number[]).length], 'int32') : tensor(v as number[][]);
}

describe(`extra losses vs Keras ${golden.keras_version}`, () => {
  golden.cases.forEach((c) => {
    it(`${c.cls} ${JSON.stringify(c.kwargs)}`, () => {
      const make = (extra: Record<string, unknown> = {}) => losses.deserialize({ className: c.cls, config: { ...camelKwargs(c.kwargs), ...extra } });
      const yt = input(c.y_true), yp = input(c.y_pred);
      expectClose(read(make().apply(yt, yp)), c.loss, 'loss');
      expectClose(read(make({ reduction: 'none' }).apply(yt, yp)), c.per_sample, 'per_sample');
      if (c.weighted !== undefined) expectClose(read(make().apply(yt, yp, input('sample_weight'))), c.weighted, 'weighted');
      const loss = make();
      expectClose(read(grad((p) => loss.apply(yt, p))(yp)), c.grad, 'grad', 1e-5, 1e-7);
      const cfg = make().getConfig();
      for (const [k, v] of Object.entries(c.kwargs)) expect(cfg[k], `config.${k}`).toEqual(v);
    });
  });

  it('registered under snake_case, camelCase and class names', () => {
    const names: [string, string][] = [
      ['binary_focal_crossentropy', 'BinaryFocalCrossentropy'], ['categorical_focal_crossentropy', 'CategoricalFocalCrossentropy'],
      ['dice', 'Dice'], ['tversky', 'Tversky'], ['categorical_generalized_cross_entropy', 'CategoricalGeneralizedCrossEntropy'],
    ];
    for (const [snake, cls] of names) {
      const camel = snake.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
      for (const id of [snake, camel, cls]) expect(losses.get(id).constructor.name, id).toBe(cls);
    }
  });

  it('validates q and gamma', () => {
    expect(() => new losses.CategoricalGeneralizedCrossEntropy({ q: 1 })).toThrow(/q.*Received: q=1/);
    expect(() => new losses.BinaryFocalCrossentropy({ gamma: -1 })).toThrow(/gamma.*Received: gamma=-1/);
  });
});

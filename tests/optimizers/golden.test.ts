// Every optimizer and schedule case of tests/golden/optimizers.json and lr_schedules.json
// (Keras 3.15.1 on JAX; tests/golden/generate.py `gen_optimizers` / `gen_lr_schedules`):
// 5-step trajectories, slots, learning rates and configs.
//
// Tolerance: rtol 1e-5, atol 1e-6 (the fixture README's suggestion for optimizers). Our
// kernels differ from XLA only in float32 rounding order: the norm clip multiplies by
// c/‖g‖ instead of dividing g·c by ‖g‖, Nadam folds its per-step coefficients into
// two multipliers, and relaxed-SIMD builds may fuse a multiply-add.

import { describe, expect, it } from 'vitest';
import { Variable } from '../../ts/autograd/variable.js';
import { tensor } from '../../ts/tensor/creation.js';
import * as optimizers from '../../ts/optimizers/index.js';
import * as schedules from '../../ts/optimizers/schedules/index.js';
import type { Optimizer } from '../../ts/optimizers/optimizer.js';
import { expectAllClose, loadGolden, num, type GoldenArray } from '../helpers/golden.js';

interface OptCase {
  class_name: string;
  case: string;
  kwargs: Record<string, unknown>;
  config: Record<string, unknown>;
  variable_names: string[];
  initial: GoldenArray[];
  grads_per_step: GoldenArray[][];
  learning_rate_per_step: number[];
  values_after_each_step: GoldenArray[][];
  final_optimizer_variables: Record<string, GoldenArray>;
}

interface SchedCase {
  class_name: string;
  case: string;
  kwargs: Record<string, unknown>;
  config: Record<string, unknown>;
  serialized: schedules.SerializedSchedule;
  steps: number[];
  values: number[];
}

const RTOL = 1e-5;
const ATOL = 1e-6;
const opt = loadGolden<OptCase>('optimizers.json');
const sched = loadGolden<SchedCase>('lr_schedules.json');

const vals = (a: GoldenArray) => a.values.map(num);

/** Keras's slot path with the optimizer prefix stripped is our variable's name (Nadam's unnamed `u_product` is 'variable' in both). */
const slotName = (path: string) => path;

function build(c: OptCase): Optimizer {
  // The fixture's own config, read back through the registry: exercises fromConfig too.
  return optimizers.get({ class_name: c.class_name, config: c.config });
}

describe('optimizers.json trajectories (Keras 3)', () => {
  it('has every optimizer class', () => {
    const classes = new Set(opt.cases.map((c) => c.class_name));
    expect([...classes].sort()).toEqual(['Adadelta', 'Adagrad', 'Adam', 'AdamW', 'Adamax', 'Lion', 'Nadam', 'RMSprop', 'SGD']);
  });

  for (const c of opt.cases) {
    it(c.case, () => {
      const o = build(c);
      const vars = c.initial.map((a, i) => new Variable(tensor(Float32Array.from(vals(a)), a.shape), { name: c.variable_names[i] }));
      try {
        for (let s = 0; s < c.grads_per_step.length; s++) {
          expect(o.iterations).toBe(s);
          expectAllClose([o.currentLearningRate], [c.learning_rate_per_step[s]!], `${c.case} lr before step ${s}`, RTOL, 0);
          const grads = c.grads_per_step[s]!.map((g) => tensor(Float32Array.from(vals(g)), g.shape));
          o.applyGradients(grads.map((g, i) => [g, vars[i]!] as const));
          grads.forEach((g) => g.dispose());
          vars.forEach((v, i) => expectAllClose(v.dataSync(), vals(c.values_after_each_step[s]![i]!), `${c.case} step ${s} ${v.name}`, RTOL, ATOL));
        }
        // Slots, iteration and learning rate, by name.
        const mine = new Map(o.variables().map((v) => [v.name, v]));
        for (const [path, want] of Object.entries(c.final_optimizer_variables)) {
          const v = mine.get(slotName(path));
          expect(v, `${c.case}: optimizer variable ${path}`).toBeDefined();
          expectAllClose(v!.dataSync(), vals(want), `${c.case} ${path}`, RTOL, ATOL);
        }
        expect(o.variables().length).toBe(Object.keys(c.final_optimizer_variables).length);
      } finally {
        vars.forEach((v) => v.dispose());
        o.dispose();
      }
    });
  }
});

describe('optimizer configs match Keras get_config()', () => {
  for (const c of opt.cases) {
    it(c.case, () => {
      const o = build(c);
      const got = o.getConfig();
      expect(Object.keys(got).sort()).toEqual(Object.keys(c.config).sort());
      for (const [k, want] of Object.entries(c.config)) {
        if (typeof want === 'number') expectAllClose([got[k] as number], [want], `${c.case} config.${k}`, 1e-7, 0);
        else expect(got[k], `${c.case} config.${k}`).toEqual(want);
      }
      o.dispose();
    });
  }

  it('default names follow Keras auto_name (RMSprop is rm_sprop)', () => {
    const firsts = new Map<string, string>();
    for (const c of opt.cases) if (!firsts.has(c.class_name)) firsts.set(c.class_name, c.config.name as string);
    for (const [cls, name] of firsts) expect(optimizers.get(cls).name).toBe(name);
  });
});

describe('lr_schedules.json values (Keras 3)', () => {
  for (const c of sched.cases) {
    it(c.case, () => {
      const s = schedules.deserialize(c.serialized);
      expect(s.className).toBe(c.class_name);
      const got = c.steps.map((st) => s.call(st));
      expectAllClose(got, c.values, `${c.case} at steps ${c.steps.join(',')}`, RTOL, 1e-9);
      expect(s.getConfig()).toEqual(c.config);
      expect(schedules.serialize(s)).toEqual(c.serialized);
    });
  }
});

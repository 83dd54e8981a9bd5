// tests/golden/optimizer_extras.json (Keras 3.15.1 on JAX; generate_optimizer_extras.py):
// - 'state': `optimizer.variables` after 3 steps (names, paths, order, shapes, dtypes,
//   values) for every optimizer, schedule, EMA and accumulation layout;
// - 'trajectory': useEma / emaOverwriteFrequency / gradientAccumulationSteps runs, with
//   `iterations` after each step and `finalize_variable_values`.
// Tolerance: rtol 1e-5, atol 1e-6 (tests/golden/README.md, optimizers).

import { describe, expect, it } from 'vitest';
import { Variable } from '../../ts/autograd/variable.js';
import { tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import * as optimizers from '../../ts/optimizers/index.js';
import type { Optimizer } from '../../ts/optimizers/optimizer.js';
import { expectAllClose, loadGolden, num, type GoldenArray } from '../helpers/golden.js';

interface NamedArray extends GoldenArray {
  name: string;
  path: string;
}

interface ExtrasCase {
  family: 'state' | 'trajectory';
  class_name: string;
  case: string;
  config: Record<string, unknown>;
  variable_names: string[];
  initial: GoldenArray[];
  grads_per_step: (GoldenArray | null)[][];
  values_after?: GoldenArray[];
  values_after_each_step?: GoldenArray[][];
  iterations_after_each_step?: number[];
  optimizer_variables: NamedArray[];
  resume_after_step?: number;
  optimizer_variables_after_resume_step?: NamedArray[];
  values_after_finalize?: GoldenArray[];
}

const RTOL = 1e-5;
const ATOL = 1e-6;
const golden = loadGolden<ExtrasCase>('optimizer_extras.json');
const vals = (a: GoldenArray) => a.values.map(num);
const toTensor = (a: GoldenArray) => tensor(Float32Array.from(vals(a)), a.shape);

function run(c: ExtrasCase, each: (o: Optimizer, vars: Variable[], step: number) => void): { o: Optimizer; vars: Variable[] } {
  const o = optimizers.get({ class_name: c.class_name, config: c.config });
  const vars = c.initial.map((a, i) => new Variable(toTensor(a), { name: c.variable_names[i] }));
  c.grads_per_step.forEach((gs, s) => {
    const grads: (Tensor | null)[] = gs.map((g) => (g ? toTensor(g) : null));
    const warn = console.warn;
    console.warn = () => {}; // the missing-gradient cases warn once, as Keras does
    try {
      o.apply(grads, vars);
    } finally {
      console.warn = warn;
    }
    grads.forEach((g) => g?.dispose());
    each(o, vars, s);
  });
  return { o, vars };
}

function expectKerasVariables(o: Optimizer, want: NamedArray[], label: string): void {
  const got = o.getVariables();
  expect(got.map((v) => v.name), `${label}: names in Keras order`).toEqual(want.map((v) => v.name));
  expect(got.map((v) => v.path), `${label}: paths`).toEqual(want.map((v) => v.path));
  got.forEach((v, i) => {
    const w = want[i]!;
    expect(v.shape, `${label} ${w.name} shape`).toEqual(w.shape);
    expect(v.dtype, `${label} ${w.name} dtype`).toBe(w.dtype);
    if (w.dtype === 'int32') expect(Array.from(v.values), `${label} ${w.name}`).toEqual(vals(w));
    else expectAllClose(v.values, vals(w), `${label} ${w.name}`, RTOL, ATOL);
  });
}

describe('optimizer state in Keras order (optimizer_extras.json, state)', () => {
  const cases = golden.cases.filter((c) => c.family === 'state');
  it('covers every optimizer class', () => {
    expect([...new Set(cases.map((c) => c.class_name))].sort())
      .toEqual(['Adadelta', 'Adagrad', 'Adam', 'AdamW', 'Adamax', 'Lion', 'Nadam', 'RMSprop', 'SGD']);
  });
  for (const c of cases) {
    it(c.case, () => {
      const { o, vars } = run(c, () => {});
      try {
        vars.forEach((v, i) => expectAllClose(v.dataSync(), vals(c.values_after![i]!), `${c.case} ${v.name}`, RTOL, ATOL));
        expectKerasVariables(o, c.optimizer_variables, c.case);
        // The config round-trips to Keras's own, EMA and accumulation keys included.
        const cfg = o.getConfig();
        expect(Object.keys(cfg).sort()).toEqual(Object.keys(c.config).sort());
        for (const [k, want] of Object.entries(c.config)) {
          if (typeof want === 'number') expectAllClose([cfg[k] as number], [want], `${c.case} config.${k}`, 1e-7, 0);
          else expect(cfg[k], `${c.case} config.${k}`).toEqual(want);
        }
      } finally {
        vars.forEach((v) => v.dispose());
        o.dispose();
      }
    });
  }
});

describe('useEma and gradientAccumulationSteps match Keras 3 (optimizer_extras.json, trajectory)', () => {
  for (const c of golden.cases.filter((x) => x.family === 'trajectory')) {
    it(c.case, () => {
      const { o, vars } = run(c, (opt, vs, s) => {
        expect(opt.iterations, `${c.case} iterations after step ${s}`).toBe(c.iterations_after_each_step![s]);
        vs.forEach((v, i) => expectAllClose(v.dataSync(), vals(c.values_after_each_step![s]![i]!), `${c.case} step ${s} ${v.name}`, RTOL, ATOL));
      });
      try {
        expectKerasVariables(o, c.optimizer_variables, c.case);
        o.finalizeVariableValues(vars);
        vars.forEach((v, i) => expectAllClose(v.dataSync(), vals(c.values_after_finalize![i]!), `${c.case} finalized ${v.name}`, RTOL, ATOL));
        const cfg = o.getConfig();
        for (const k of ['use_ema', 'ema_overwrite_frequency', 'gradient_accumulation_steps']) expect(cfg[k], k).toEqual(c.config[k]);
        expectAllClose([cfg.ema_momentum as number], [c.config.ema_momentum as number], 'ema_momentum', 1e-7, 0);
      } finally {
        vars.forEach((v) => v.dispose());
        o.dispose();
      }
    });
  }
});

describe("a fresh optimizer given Keras's saved state continues as Keras did (trajectory cases)", () => {
  for (const c of golden.cases.filter((x) => x.family === 'trajectory')) {
    it(c.case, () => {
      const k = c.resume_after_step!;
      const o = optimizers.get({ class_name: c.class_name, config: c.config });
      // The model as Keras left it after step k, then Keras's optimizer.variables.
      const vars = c.values_after_each_step![k]!.map((a, i) => new Variable(toTensor(a), { name: c.variable_names[i] }));
      o.build(vars);
      o.setVariables(c.optimizer_variables_after_resume_step!.map((v) => ({ name: v.name, shape: v.shape, dtype: v.dtype, values: vals(v) })));
      expect(o.iterations).toBe(c.iterations_after_each_step![k]);
      try {
        for (let s = k + 1; s < c.grads_per_step.length; s++) {
          const grads = c.grads_per_step[s]!.map((g) => (g ? toTensor(g) : null));
          const warn = console.warn;
          console.warn = () => {};
          try {
            o.apply(grads, vars);
          } finally {
            console.warn = warn;
          }
          grads.forEach((g) => g?.dispose());
          expect(o.iterations, `${c.case} iterations after step ${s}`).toBe(c.iterations_after_each_step![s]);
          vars.forEach((v, i) => expectAllClose(v.dataSync(), vals(c.values_after_each_step![s]![i]!), `${c.case} resumed step ${s} ${v.name}`, RTOL, ATOL));
        }
        expectKerasVariables(o, c.optimizer_variables, `${c.case} resumed`);
      } finally {
        vars.forEach((v) => v.dispose());
        o.dispose();
      }
    });
  }
});

// The other direction of optimizer state: kerasm trains, saves getVariables(), and real
// Keras 3 (keras_continue.py) builds the same optimizer from kerasm's getConfig(), takes
// that state into `optimizer.variables` in order, and continues; its weights and state
// must match kerasm continuing by itself. The break falls inside an accumulation cycle.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Variable } from '../../ts/autograd/variable.js';
import { tensor } from '../../ts/tensor/creation.js';
import * as optimizers from '../../ts/optimizers/index.js';
import * as schedules from '../../ts/optimizers/schedules/index.js';
import type { Optimizer } from '../../ts/optimizers/optimizer.js';
import { randomArray } from '../helpers/backends.js';
import { expectAllClose } from '../helpers/golden.js';
import { hasPython, runPython } from '../helpers/python.js';

const SHAPES = [[3, 2], [2]];
const NAMES = ['kernel', 'bias'];
const BEFORE = 4;
const AFTER = 4;

const grads = (step: number) => SHAPES.map((s, i) => randomArray(s.reduce((a, b) => a * b, 1), 31 * (step + 1) + i));

const MAKERS: [string, () => Optimizer][] = [
  ['SGD_nesterov', () => new optimizers.SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true })],
  ['SGD_schedule', () => new optimizers.SGD({ learningRate: new schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5 }) })],
  ['RMSprop_centered_momentum', () => new optimizers.RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true })],
  ['Adagrad', () => new optimizers.Adagrad({ learningRate: 0.1 })],
  ['Adadelta', () => new optimizers.Adadelta({ learningRate: 1 })],
  ['Adam_amsgrad', () => new optimizers.Adam({ learningRate: 0.01, amsgrad: true })],
  ['AdamW', () => new optimizers.AdamW({ learningRate: 0.01, weightDecay: 0.05 })],
  ['Adamax', () => new optimizers.Adamax({ learningRate: 0.01 })],
  ['Nadam', () => new optimizers.Nadam({ learningRate: 0.01 })],
  ['Lion', () => new optimizers.Lion({ learningRate: 0.01 })],
  ['Adam_ema_overwrite3', () => new optimizers.Adam({ learningRate: 0.01, useEma: true, emaMomentum: 0.9, emaOverwriteFrequency: 3 })],
  ['Nadam_accum3_ema', () => new optimizers.Nadam({ learningRate: 0.01, gradientAccumulationSteps: 3, useEma: true })],
  ['SGD_momentum_accum3_clipnorm', () => new optimizers.SGD({ learningRate: 0.1, momentum: 0.9, gradientAccumulationSteps: 3, clipnorm: 0.5 })],
];

const work = mkdtempSync(join(tmpdir(), 'kerasm-optstate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!hasPython)('Keras 3 continues from kerasm optimizer state (keras_continue.py)', () => {
  it('every optimizer, EMA and accumulation: same weights, iterations and state as kerasm', () => {
    const mine: Record<string, { weights: Float32Array[]; iterations: number; state: ReturnType<Optimizer['getVariables']> }> = {};
    const cases = MAKERS.map(([name, make]) => {
      const o = make();
      const vars = SHAPES.map((s, i) => new Variable(tensor(randomArray(s.reduce((a, b) => a * b, 1), 5 + i), s), { name: NAMES[i] }));
      const step = (s: number) => {
        const gs = grads(s).map((g, i) => tensor(g, SHAPES[i]));
        o.applyGradients(gs.map((g, i) => [g, vars[i]!] as const));
        gs.forEach((g) => g.dispose());
      };
      for (let s = 0; s < BEFORE; s++) step(s);
      const state = o.getVariables();
      const weights = vars.map((v, i) => ({ shape: SHAPES[i], values: Array.from(v.dataSync()) }));
      for (let s = BEFORE; s < BEFORE + AFTER; s++) step(s);
      mine[name] = { weights: vars.map((v) => v.dataSync() as Float32Array), iterations: o.iterations, state: o.getVariables() };
      const c = {
        case: name, class_name: o.className, config: o.getConfig(), variable_names: NAMES, weights,
        state: state.map((v) => ({ name: v.name, shape: v.shape, dtype: v.dtype, values: Array.from(v.values) })),
        grads: Array.from({ length: AFTER }, (_, k) => grads(BEFORE + k).map((g) => Array.from(g))),
      };
      vars.forEach((v) => v.dispose());
      o.dispose();
      return c;
    });
    const file = join(work, 'cases.json');
    writeFileSync(file, JSON.stringify(cases));
    const keras = JSON.parse(runPython(fileURLToPath(new URL('keras_continue.py', import.meta.url)), [file]));
    for (const [name] of MAKERS) {
      const k = keras[name];
      const m = mine[name]!;
      expect(k.names, `${name}: Keras's optimizer.variables names`).toEqual(m.state.map((v) => v.name));
      expect(k.iterations, `${name}: iterations`).toBe(m.iterations);
      m.weights.forEach((w, i) => expectAllClose(w, k.weights[i], `${name}: ${NAMES[i]}`, 1e-5, 1e-6));
      m.state.forEach((v, i) => expectAllClose(v.values, k.state[i], `${name}: ${v.name}`, 1e-5, 1e-6));
    }
  }, 300_000);
});
